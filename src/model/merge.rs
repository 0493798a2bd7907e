//! Three-way merge of projects, as git needs it: given the common ancestor
//! (BASE) and two descendants (OURS, THEIRS), take every change either side
//! made since BASE, and report a conflict wherever both sides changed the
//! same thing differently.
//!
//! The unit of change is small enough that annotators working in their own
//! layers never collide:
//!
//! - the schema, as a whole;
//! - per document (matched by id): its text (with its SHA-256), its title,
//!   each of its `meta` keys, and each annotator's layer (status and spans
//!   together);
//! - the document itself, when one side deletes it or both add it.
//!
//! For each unit: equal on both sides → taken; changed on one side only →
//! that side's version (adding and deleting included); changed differently
//! on both → a [`Conflict`]. When one side changed a document's text, a
//! layer that the other side changed (against the old text) is a conflict
//! too, since its offsets point into a text that no longer exists. A merge
//! without conflicts is validated as a whole; whatever makes it invalid
//! (a label the merged schema lost, say) is reported as a conflict as well.
//!
//! Documents keep OURS' order, THEIRS' new documents follow in THEIRS'
//! order. The result is deterministic: the same inputs give the same
//! project and the same conflicts in the same order. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::document::Document;
use super::ids::DocId;
use super::layer::Layer;
use super::problem::Place;
use super::project::Project;
use super::schema::Schema;
use super::validate::project_problems;

/// One side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The version merged into (git's `%A`, the first input).
    Ours,
    /// The version merged in (git's `%B`, a further input).
    Theirs,
}

impl Side {
    /// The other side.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    /// `our` or `their`, as in "on our side".
    fn possessive(self) -> &'static str {
        match self {
            Side::Ours => "our",
            Side::Theirs => "their",
        }
    }
}

/// What a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictPlace {
    /// The embedded schema.
    Schema,
    /// A document as a whole (deleted on one side).
    Document(DocId),
    /// A document's text.
    Text(DocId),
    /// A document's title.
    Title(DocId),
    /// One `meta` key of a document.
    Meta {
        /// Document id.
        doc: DocId,
        /// Metadata key.
        key: String,
    },
    /// One annotator's layer on a document.
    Layer {
        /// Document id.
        doc: DocId,
        /// Annotator name.
        annotator: String,
    },
}

impl ConflictPlace {
    /// The document concerned, unless the conflict is about the schema.
    pub fn document(&self) -> Option<&DocId> {
        match self {
            ConflictPlace::Schema => None,
            ConflictPlace::Document(doc)
            | ConflictPlace::Text(doc)
            | ConflictPlace::Title(doc)
            | ConflictPlace::Meta { doc, .. }
            | ConflictPlace::Layer { doc, .. } => Some(doc),
        }
    }

    /// The annotator concerned, for a layer conflict.
    pub fn annotator(&self) -> Option<&str> {
        match self {
            ConflictPlace::Layer { annotator, .. } => Some(annotator),
            _ => None,
        }
    }
}

impl fmt::Display for ConflictPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConflictPlace::Schema => f.write_str("schema"),
            ConflictPlace::Document(doc) => write!(f, "document {:?}", doc.as_str()),
            ConflictPlace::Text(doc) => write!(f, "document {:?}, text", doc.as_str()),
            ConflictPlace::Title(doc) => write!(f, "document {:?}, title", doc.as_str()),
            ConflictPlace::Meta { doc, key } => {
                write!(f, "document {:?}, meta {key:?}", doc.as_str())
            }
            ConflictPlace::Layer { doc, annotator } => {
                write!(f, "document {:?}, layer {annotator:?}", doc.as_str())
            }
        }
    }
}

/// Why the two sides could not be reconciled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictReason {
    /// Both sides changed it since BASE, to different versions.
    ChangedDifferently,
    /// BASE lacks it and both sides added different versions.
    AddedDifferently,
    /// One side deleted it, the other changed it.
    DeletedAndChanged {
        /// The side that deleted it.
        deleted_by: Side,
    },
    /// A layer changed on one side against the old text of a document
    /// whose text the other side changed.
    ChangedOnOldText {
        /// The side that changed the layer (and kept the old text).
        changed_by: Side,
    },
    /// Every change merged, but the result breaks a rule of the project
    /// file (a span whose label the merged schema no longer has, say).
    Invalid(String),
}

impl fmt::Display for ConflictReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConflictReason::ChangedDifferently => f.write_str("changed differently on both sides"),
            ConflictReason::AddedDifferently => f.write_str("added differently on both sides"),
            ConflictReason::DeletedAndChanged { deleted_by } => write!(
                f,
                "deleted on {} side, changed on {} side",
                deleted_by.possessive(),
                deleted_by.other().possessive()
            ),
            ConflictReason::ChangedOnOldText { changed_by } => write!(
                f,
                "changed on {} side, but {} side changed the document's text",
                changed_by.possessive(),
                changed_by.other().possessive()
            ),
            ConflictReason::Invalid(message) => {
                write!(f, "the merged project would be invalid: {message}")
            }
        }
    }
}

/// One part of the project that the merge could not decide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Conflict {
    /// What it is about.
    pub place: ConflictPlace,
    /// Why.
    pub reason: ConflictReason,
}

impl fmt::Display for Conflict {
    /// One line: `document "ID", layer "alice": changed differently on both sides`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// Every conflict of a failed merge, in a deterministic order (schema
/// first, then documents in merged order, then each document's text,
/// title, meta keys and layers).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MergeConflicts {
    /// The conflicts, never empty.
    pub conflicts: Vec<Conflict>,
}

impl fmt::Display for MergeConflicts {
    /// One line per conflict, without a final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, conflict) in self.conflicts.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{conflict}")?;
        }
        Ok(())
    }
}

/// A merge carried through despite conflicts: every conflicting part keeps
/// OURS' version, so the project is what OURS would be with every clean
/// change of THEIRS applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The merged project (valid when `conflicts` is empty).
    pub project: Project,
    /// What could not be merged; empty for a clean merge.
    pub conflicts: Vec<Conflict>,
}

/// Merges THEIRS' and OURS' changes since BASE; see the module
/// documentation for the rules. Fails with every conflict found.
pub fn merge_three_way(
    base: &Project,
    ours: &Project,
    theirs: &Project,
) -> Result<Project, MergeConflicts> {
    let outcome = merge_keeping_ours(base, ours, theirs);
    if outcome.conflicts.is_empty() {
        Ok(outcome.project)
    } else {
        Err(MergeConflicts {
            conflicts: outcome.conflicts,
        })
    }
}

/// [`merge_three_way`], but carried through: conflicting parts keep OURS'
/// version and are listed. Lets a caller fold several inputs and report
/// the conflicts of all of them at once.
pub fn merge_keeping_ours(base: &Project, ours: &Project, theirs: &Project) -> MergeOutcome {
    let mut outcome = merge_parts(base, ours, theirs);
    if outcome.conflicts.is_empty() {
        outcome.conflicts = invalid_parts(&outcome.project);
    }
    outcome
}

/// [`merge_keeping_ours`] without checking the merged project as a whole:
/// for the parts of a folder project (its list of documents, one layer
/// file), which are merged without the texts they point into.
pub fn merge_parts(base: &Project, ours: &Project, theirs: &Project) -> MergeOutcome {
    let mut conflicts = Vec::new();
    let schema = merge_schema(base, ours, theirs, &mut conflicts);
    let (base_docs, ours_docs, theirs_docs) = (by_id(base), by_id(ours), by_id(theirs));
    let mut documents = Vec::with_capacity(ours.documents.len());
    for doc in &ours.documents {
        let merged = merge_document(
            base_docs.get(&doc.id).copied(),
            Some(doc),
            theirs_docs.get(&doc.id).copied(),
            &mut conflicts,
        );
        documents.extend(merged);
    }
    for doc in &theirs.documents {
        if !ours_docs.contains_key(&doc.id) {
            let base_doc = base_docs.get(&doc.id).copied();
            documents.extend(merge_document(base_doc, None, Some(doc), &mut conflicts));
        }
    }
    MergeOutcome {
        project: Project { schema, documents },
        conflicts,
    }
}

/// A project's documents by id (for lookups only: order comes from the
/// document lists, so the merge stays deterministic).
fn by_id(project: &Project) -> HashMap<&DocId, &Document> {
    project.documents.iter().map(|d| (&d.id, d)).collect()
}

/// The result of comparing one part on the three versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// Both sides hold the same version.
    Same,
    /// Only one side changed it since BASE: take that side's version.
    Changed(Side),
    /// Both sides changed it, differently.
    Conflict,
}

/// Compares one part (`None`: absent) on BASE, OURS and THEIRS.
fn pick<T: PartialEq + ?Sized>(base: Option<&T>, ours: Option<&T>, theirs: Option<&T>) -> Pick {
    if ours == theirs {
        Pick::Same
    } else if base == ours {
        Pick::Changed(Side::Theirs)
    } else if base == theirs {
        Pick::Changed(Side::Ours)
    } else {
        Pick::Conflict
    }
}

/// The reason for a [`Pick::Conflict`] on a part that may be absent.
fn conflict_reason<T>(base: Option<&T>, ours: Option<&T>, theirs: Option<&T>) -> ConflictReason {
    match (base, ours, theirs) {
        (None, _, _) => ConflictReason::AddedDifferently,
        (Some(_), None, _) => ConflictReason::DeletedAndChanged {
            deleted_by: Side::Ours,
        },
        (Some(_), _, None) => ConflictReason::DeletedAndChanged {
            deleted_by: Side::Theirs,
        },
        (Some(_), Some(_), Some(_)) => ConflictReason::ChangedDifferently,
    }
}

/// Takes `side`'s value of a pair.
fn choose<T>(side: Side, ours: T, theirs: T) -> T {
    match side {
        Side::Ours => ours,
        Side::Theirs => theirs,
    }
}

fn merge_schema(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Vec<Conflict>,
) -> Schema {
    let (b, o, t) = (&base.schema, &ours.schema, &theirs.schema);
    match pick(Some(b), Some(o), Some(t)) {
        Pick::Same | Pick::Changed(Side::Ours) => o.clone(),
        Pick::Changed(Side::Theirs) => t.clone(),
        Pick::Conflict => {
            conflicts.push(Conflict {
                place: ConflictPlace::Schema,
                reason: ConflictReason::ChangedDifferently,
            });
            o.clone()
        }
    }
}

/// Merges one document present in OURS or THEIRS (or both); `None` when it
/// is deleted.
fn merge_document(
    base: Option<&Document>,
    ours: Option<&Document>,
    theirs: Option<&Document>,
    conflicts: &mut Vec<Conflict>,
) -> Option<Document> {
    let (ours, theirs) = match (ours, theirs) {
        (Some(o), Some(t)) => (o, t),
        (None, None) => return None,
        (one, other) => {
            // Present on one side only: added there, or deleted on the other.
            let kept = one.or(other)?;
            return match pick(base, one, other) {
                Pick::Same => None,
                Pick::Changed(side) => choose(side, one, other).cloned(),
                Pick::Conflict => {
                    conflicts.push(Conflict {
                        place: ConflictPlace::Document(kept.id.clone()),
                        reason: conflict_reason(base, one, other),
                    });
                    one.cloned()
                }
            };
        }
    };
    let id = ours.id.clone();
    // The text: one side may change it (with its checksum).
    let text_side = match pick(
        base.map(|d| d.sha256.as_str()),
        Some(ours.sha256.as_str()),
        Some(theirs.sha256.as_str()),
    ) {
        Pick::Same => None,
        Pick::Changed(side) => Some(side),
        Pick::Conflict => {
            conflicts.push(Conflict {
                place: ConflictPlace::Text(id),
                reason: conflict_reason(base, Some(ours), Some(theirs)),
            });
            return Some(ours.clone());
        }
    };
    let text_source = choose(text_side.unwrap_or(Side::Ours), ours, theirs);
    let mut merged = Document {
        id: id.clone(),
        title: ours.title.clone(),
        meta: BTreeMap::new(),
        sha256: text_source.sha256.clone(),
        text: text_source.text.clone(),
        layers: BTreeMap::new(),
    };
    match pick(
        base.map(|d| d.title.as_str()),
        Some(ours.title.as_str()),
        Some(theirs.title.as_str()),
    ) {
        Pick::Same | Pick::Changed(Side::Ours) => {}
        Pick::Changed(Side::Theirs) => merged.title.clone_from(&theirs.title),
        Pick::Conflict => conflicts.push(Conflict {
            place: ConflictPlace::Title(id.clone()),
            reason: conflict_reason(base, Some(ours), Some(theirs)),
        }),
    }
    merged.meta = merge_map(
        base.map(|d| &d.meta),
        &ours.meta,
        &theirs.meta,
        |key| ConflictPlace::Meta {
            doc: id.clone(),
            key: key.to_owned(),
        },
        |_, _| None,
        conflicts,
    );
    merged.layers = merge_map(
        base.map(|d| &d.layers),
        &ours.layers,
        &theirs.layers,
        |annotator| ConflictPlace::Layer {
            doc: id.clone(),
            annotator: annotator.to_owned(),
        },
        |changed_by: Side, layer: Option<&Layer>| {
            // A layer changed by the side that kept the old text no longer
            // fits the merged (new) text; deleting it is harmless.
            (text_side == Some(changed_by.other()) && layer.is_some())
                .then_some(ConflictReason::ChangedOnOldText { changed_by })
        },
        conflicts,
    );
    Some(merged)
}

/// Merges a map key by key (keys in sorted order). `refuse` may turn a
/// one-sided change (by `side`, to the value given) into a conflict.
fn merge_map<V: Clone + PartialEq>(
    base: Option<&BTreeMap<String, V>>,
    ours: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    place: impl Fn(&str) -> ConflictPlace,
    refuse: impl Fn(Side, Option<&V>) -> Option<ConflictReason>,
    conflicts: &mut Vec<Conflict>,
) -> BTreeMap<String, V> {
    let keys: BTreeSet<&String> = ours
        .keys()
        .chain(theirs.keys())
        .chain(base.into_iter().flat_map(BTreeMap::keys))
        .collect();
    let mut merged = BTreeMap::new();
    for key in keys {
        let b = base.and_then(|m| m.get(key));
        let o = ours.get(key);
        let t = theirs.get(key);
        let value = match pick(b, o, t) {
            Pick::Same => o,
            Pick::Changed(side) => {
                let value = choose(side, o, t);
                if let Some(reason) = refuse(side, value) {
                    conflicts.push(Conflict {
                        place: place(key),
                        reason,
                    });
                    o
                } else {
                    value
                }
            }
            Pick::Conflict => {
                conflicts.push(Conflict {
                    place: place(key),
                    reason: conflict_reason(b, o, t),
                });
                o
            }
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value.clone());
        }
    }
    merged
}

/// The problems of a merged project, as conflicts at the nearest place.
fn invalid_parts(project: &Project) -> Vec<Conflict> {
    project_problems(project)
        .into_iter()
        .map(|problem| Conflict {
            place: match problem.place {
                Place::Project | Place::Label { .. } | Place::Attribute { .. } => {
                    ConflictPlace::Schema
                }
                Place::Document { doc } => ConflictPlace::Document(doc),
                Place::Layer { doc, annotator } | Place::Span { doc, annotator, .. } => {
                    ConflictPlace::Layer { doc, annotator }
                }
            },
            reason: ConflictReason::Invalid(problem.message),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, SpanId, Status};

    /// Text with emoji, a ZWJ sequence, combining marks, CJK and CRLF.
    const TEXT: &str =
        "Zo\u{eb} met \u{1F469}\u{200D}\u{1F4BB} in \u{6771}\u{4EAC}.\r\nBien s\u{fb}r.";

    fn schema() -> Schema {
        ron::from_str(crate::model::schema::DEFAULT_SCHEMA_RON).expect("default schema")
    }

    fn doc(id: &str, text: &str) -> Document {
        Document::new(
            id.into(),
            format!("Title {id}"),
            BTreeMap::new(),
            text.into(),
        )
    }

    fn layer(status: Status, spans: &[(usize, usize, &str)]) -> Layer {
        Layer::with_spans(
            status,
            spans
                .iter()
                .enumerate()
                .map(|(i, &(start, end, label))| {
                    Span::new(SpanId::numbered(i as u64 + 1), start, end, label)
                })
                .collect(),
        )
    }

    /// A base project: documents `d1` (Unicode) and `d2`, an `alice` layer on d1.
    fn base() -> Project {
        let mut project = Project::new(schema());
        let mut d1 = doc("d1", TEXT);
        d1.layers
            .insert("alice".into(), layer(Status::InProgress, &[(0, 3, "date")]));
        project.documents.push(d1);
        project.documents.push(doc("d2", "Plain text here."));
        project
    }

    fn with_layer(mut project: Project, doc: &str, annotator: &str, layer: Layer) -> Project {
        project
            .document_mut(&doc.into())
            .expect("document")
            .layers
            .insert(annotator.into(), layer);
        project
    }

    fn lines(conflicts: &MergeConflicts) -> Vec<String> {
        conflicts.to_string().lines().map(str::to_owned).collect()
    }

    #[test]
    fn layers_of_different_annotators_merge_cleanly() {
        let base = base();
        let ours = with_layer(
            base.clone(),
            "d1",
            "bob",
            layer(Status::Done, &[(9, 12, "date")]),
        );
        let theirs = with_layer(base.clone(), "d2", "carol", layer(Status::New, &[]));
        let merged = merge_three_way(&base, &ours, &theirs).expect("clean");
        let d1 = merged.document(&"d1".into()).expect("d1");
        assert_eq!(d1.layers.keys().collect::<Vec<_>>(), ["alice", "bob"]);
        assert_eq!(d1.layers["bob"].spans[0].end, 12);
        let d2 = merged.document(&"d2".into()).expect("d2");
        assert_eq!(d2.layers.keys().collect::<Vec<_>>(), ["carol"]);
        // The other order gives the same project.
        assert_eq!(merge_three_way(&base, &theirs, &ours), Ok(merged));
    }

    #[test]
    fn a_layer_changed_on_one_side_only_takes_that_side() {
        let base = base();
        let edited = layer(Status::Done, &[(0, 3, "date"), (9, 12, "actor")]);
        let theirs = with_layer(base.clone(), "d1", "alice", edited.clone());
        let merged = merge_three_way(&base, &base, &theirs).expect("clean");
        assert_eq!(merged.documents[0].layers["alice"], edited);
        let merged = merge_three_way(&base, &theirs, &base).expect("clean");
        assert_eq!(merged.documents[0].layers["alice"], edited);
    }

    #[test]
    fn a_status_change_alone_is_a_change_of_the_layer() {
        let base = base();
        let theirs = with_layer(
            base.clone(),
            "d1",
            "alice",
            layer(Status::Done, &[(0, 3, "date")]),
        );
        let merged = merge_three_way(&base, &base, &theirs).expect("clean");
        assert_eq!(merged.documents[0].layers["alice"].status, Status::Done);
    }

    #[test]
    fn a_layer_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() {
        let base = base();
        let mut ours = base.clone();
        ours.documents[0].layers.clear();
        let merged = merge_three_way(&base, &ours, &base).expect("clean");
        assert!(merged.documents[0].layers.is_empty());
        let merged = merge_three_way(&base, &base, &ours).expect("clean");
        assert!(merged.documents[0].layers.is_empty());
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        let base = base();
        let edited = layer(Status::Done, &[(4, 7, "actor")]);
        let side = with_layer(base.clone(), "d1", "alice", edited.clone());
        let merged = merge_three_way(&base, &side, &side.clone()).expect("clean");
        assert_eq!(merged, side);
    }

    #[test]
    fn one_layer_changed_differently_on_both_sides_is_a_conflict_naming_document_and_annotator() {
        let base = base();
        let ours = with_layer(
            base.clone(),
            "d1",
            "alice",
            layer(Status::Done, &[(0, 3, "date")]),
        );
        let theirs = with_layer(
            base.clone(),
            "d1",
            "alice",
            layer(Status::InProgress, &[(0, 4, "date")]),
        );
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [r#"document "d1", layer "alice": changed differently on both sides"#]
        );
        assert_eq!(err.conflicts[0].place.annotator(), Some("alice"));
        assert_eq!(err.conflicts[0].place.document(), Some(&DocId::from("d1")));
    }

    #[test]
    fn every_conflict_is_listed_not_only_the_first() {
        let base = with_layer(base(), "d2", "alice", layer(Status::New, &[]));
        let mut ours = with_layer(base.clone(), "d1", "alice", layer(Status::Done, &[]));
        ours = with_layer(ours, "d2", "alice", layer(Status::Done, &[(0, 5, "date")]));
        ours = with_layer(ours, "d2", "bob", layer(Status::Done, &[]));
        let mut theirs = with_layer(base.clone(), "d1", "alice", layer(Status::InProgress, &[]));
        theirs.documents[1].layers.remove("alice");
        theirs = with_layer(theirs, "d2", "bob", layer(Status::InProgress, &[]));
        theirs = with_layer(theirs, "d1", "carol", layer(Status::Done, &[]));
        let outcome = merge_keeping_ours(&base, &ours, &theirs);
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflicts");
        assert_eq!(
            lines(&err),
            [
                r#"document "d1", layer "alice": changed differently on both sides"#,
                r#"document "d2", layer "alice": deleted on their side, changed on our side"#,
                r#"document "d2", layer "bob": added differently on both sides"#,
            ]
        );
        // Carried through, the conflicting layers keep ours, the rest merges.
        let d1 = &outcome.project.documents[0];
        assert_eq!(d1.layers["alice"].status, Status::Done);
        assert!(d1.layers.contains_key("carol"));
        assert_eq!(
            outcome.project.documents[1].layers["bob"].status,
            Status::Done
        );
    }

    #[test]
    fn documents_added_on_either_side_are_kept_ours_order_then_theirs() {
        let base = base();
        let mut ours = base.clone();
        ours.documents.insert(0, doc("o1", "ours first"));
        ours.documents.push(doc("o2", "ours second"));
        let mut theirs = base.clone();
        theirs.documents.push(doc("t2", "theirs b"));
        theirs.documents.insert(0, doc("t1", "theirs a"));
        let merged = merge_three_way(&base, &ours, &theirs).expect("clean");
        let ids: Vec<&str> = merged.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["o1", "d1", "d2", "o2", "t1", "t2"]);
    }

    #[test]
    fn a_document_added_on_both_sides_merges_when_the_texts_are_equal() {
        let base = base();
        let mut ours = base.clone();
        let mut added = doc("new", TEXT);
        added
            .layers
            .insert("alice".into(), layer(Status::Done, &[(0, 3, "date")]));
        ours.documents.push(added);
        let mut theirs = base.clone();
        let mut added = doc("new", TEXT);
        added
            .layers
            .insert("bob".into(), layer(Status::Done, &[(4, 7, "date")]));
        theirs.documents.push(added);
        let merged = merge_three_way(&base, &ours, &theirs).expect("clean");
        let layers = &merged.document(&"new".into()).expect("new").layers;
        assert_eq!(layers.keys().collect::<Vec<_>>(), ["alice", "bob"]);
    }

    #[test]
    fn a_document_added_on_both_sides_with_different_texts_is_a_conflict() {
        let base = base();
        let mut ours = base.clone();
        ours.documents.push(doc("new", "caf\u{e9}"));
        let mut theirs = base.clone();
        theirs.documents.push(doc("new", "cafe\u{301}"));
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [r#"document "new", text: added differently on both sides"#]
        );
    }

    #[test]
    fn a_text_changed_on_one_side_is_taken_with_its_checksum() {
        let base = base();
        let mut theirs = base.clone();
        let d2 = theirs.document_mut(&"d2".into()).expect("d2");
        d2.text = "Plain text, edited \u{1F600}.".into();
        d2.sha256 = crate::model::text_sha256(&d2.text);
        let merged = merge_three_way(&base, &base, &theirs).expect("clean");
        assert_eq!(merged.documents[1], theirs.documents[1]);
    }

    #[test]
    fn a_text_changed_differently_on_both_sides_is_a_conflict() {
        let base = base();
        let edit = |text: &str| {
            let mut project = base.clone();
            project.documents[1] = doc("d2", text);
            project
        };
        let err = merge_three_way(&base, &edit("one"), &edit("two")).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [r#"document "d2", text: changed differently on both sides"#]
        );
    }

    #[test]
    fn a_layer_changed_against_the_old_text_while_the_other_side_changed_the_text_is_a_conflict() {
        let base = base();
        let mut theirs = base.clone();
        let new_text = format!("\u{1F600}{TEXT}");
        theirs.documents[0] = doc("d1", &new_text);
        theirs = with_layer(
            theirs,
            "d1",
            "alice",
            layer(Status::InProgress, &[(1, 4, "date")]),
        );
        let ours = with_layer(
            base.clone(),
            "d1",
            "bob",
            layer(Status::Done, &[(0, 3, "date")]),
        );
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [
                r#"document "d1", layer "bob": changed on our side, but their side changed the document's text"#
            ]
        );
        // Without ours' new layer, theirs' text and layers win.
        let merged = merge_three_way(&base, &base, &theirs).expect("clean");
        assert_eq!(merged.documents[0], theirs.documents[0]);
    }

    #[test]
    fn title_and_meta_merge_per_field() {
        let mut base = base();
        base.documents[0]
            .meta
            .insert("date".into(), "2025-09-08".into());
        let mut ours = base.clone();
        ours.documents[0].title = "T\u{ed}tulo \u{1F30D}".into();
        ours.documents[0]
            .meta
            .insert("url".into(), "https://example.org/\u{e9}".into());
        let mut theirs = base.clone();
        theirs.documents[0]
            .meta
            .insert("date".into(), "2025-09-09".into());
        let merged = merge_three_way(&base, &ours, &theirs).expect("clean");
        let d1 = &merged.documents[0];
        assert_eq!(d1.title, "T\u{ed}tulo \u{1F30D}");
        assert_eq!(d1.meta["date"], "2025-09-09");
        assert_eq!(d1.meta["url"], "https://example.org/\u{e9}");

        theirs.documents[0].title = "Other".into();
        theirs.documents[0]
            .meta
            .insert("url".into(), "https://example.com".into());
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [
                r#"document "d1", title: changed differently on both sides"#,
                r#"document "d1", meta "url": added differently on both sides"#,
            ]
        );
    }

    #[test]
    fn a_schema_changed_on_one_side_is_taken_and_on_both_is_a_conflict() {
        let base = base();
        let mut ours = base.clone();
        ours.schema.add_plain_label("place");
        let merged = merge_three_way(&base, &base, &ours).expect("clean");
        assert_eq!(merged.schema, ours.schema);
        let mut theirs = base.clone();
        theirs.schema.add_plain_label("event");
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(lines(&err), ["schema: changed differently on both sides"]);
    }

    #[test]
    fn a_merge_that_would_break_the_project_is_refused_with_the_reason() {
        let mut base = base();
        base.schema.add_plain_label("place");
        // Ours drops the label, theirs uses it in bob's layer.
        let mut ours = base.clone();
        ours.schema.labels.retain(|l| l.name != "place");
        let theirs = with_layer(
            base.clone(),
            "d2",
            "bob",
            layer(Status::Done, &[(0, 5, "place")]),
        );
        let err = merge_three_way(&base, &ours, &theirs).expect_err("invalid");
        assert_eq!(err.conflicts.len(), 1);
        let line = err.to_string();
        assert!(
            line.starts_with(
                r#"document "d2", layer "bob": the merged project would be invalid: "#
            ),
            "{line}"
        );
    }

    #[test]
    fn a_document_deleted_on_one_side_goes_unless_the_other_changed_it() {
        let base = base();
        let mut ours = base.clone();
        ours.documents.remove(1);
        let merged = merge_three_way(&base, &ours, &base).expect("clean");
        assert_eq!(merged.documents.len(), 1);
        let merged = merge_three_way(&base, &base, &ours).expect("clean");
        assert_eq!(merged.documents.len(), 1);
        let theirs = with_layer(base.clone(), "d2", "bob", layer(Status::Done, &[]));
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [r#"document "d2": deleted on our side, changed on their side"#]
        );
    }

    #[test]
    fn unicode_ids_and_annotators_are_named_readably() {
        let mut base = base();
        base.documents
            .push(doc("Z\u{fc}rich-\u{65e5}\u{672c}", TEXT));
        let id = "Z\u{fc}rich-\u{65e5}\u{672c}";
        let ours = with_layer(
            base.clone(),
            id,
            "Jos\u{e9}",
            layer(Status::Done, &[(5, 8, "actor")]),
        );
        let theirs = with_layer(
            base.clone(),
            id,
            "Jos\u{e9}",
            layer(Status::Done, &[(9, 12, "actor")]),
        );
        let err = merge_three_way(&base, &ours, &theirs).expect_err("conflict");
        assert_eq!(
            lines(&err),
            [
                "document \"Z\u{fc}rich-\u{65e5}\u{672c}\", layer \"Jos\u{e9}\": added differently on both sides"
            ]
        );
    }

    #[test]
    fn merging_is_deterministic_and_an_unchanged_side_is_neutral() {
        let base = base();
        let ours = with_layer(
            base.clone(),
            "d1",
            "bob",
            layer(Status::Done, &[(9, 12, "date")]),
        );
        assert_eq!(merge_three_way(&base, &ours, &base), Ok(ours.clone()));
        assert_eq!(merge_three_way(&base, &base, &ours), Ok(ours.clone()));
        assert_eq!(merge_three_way(&ours, &ours, &ours), Ok(ours.clone()));
        assert_eq!(
            merge_three_way(&base, &ours, &base),
            merge_three_way(&base, &ours, &base)
        );
    }
}
