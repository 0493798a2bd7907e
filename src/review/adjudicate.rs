//! A reviewer's decisions as edits of the `gold` layer: accept one
//! annotator's version of a site, accept every version, or reject them all;
//! and accept everything the compared annotators agree on. Each decision is
//! one [`Edit`] (one undo step).

use std::collections::BTreeSet;

use super::sites::{EMPTY, Partition, Site};
use crate::edit::Edit;
use crate::model::links::reference_attribute;
use crate::model::{AttrValue, Document, GOLD, Layer, Schema, Span, SpanId};

/// What the reviewer decided for a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Keep the spans of the compared annotator with this index.
    Accept(usize),
    /// Keep every distinct span any compared annotator has in the site.
    AcceptAll,
    /// Keep none of them: gold has nothing here.
    Reject,
}

/// A span to copy into gold, with the layer its references point into.
pub(super) struct Incoming<'a> {
    /// The span.
    pub span: &'a Span,
    /// Its layer.
    pub source: &'a Layer,
}

/// A span's extent and label: what identifies it across layers.
pub(super) type Key<'a> = (usize, usize, &'a str);

/// The extent and label of `span`.
pub(super) fn key(span: &Span) -> Key<'_> {
    (span.start, span.end, span.label.as_str())
}

/// The edit that records `decision` for `site` of `doc` in the gold layer:
/// gold spans of the site's other versions are removed, the chosen ones
/// added (or their attributes updated), and the site's region marked
/// reviewed. `None` when gold already holds exactly that decision.
pub fn decide(
    schema: &Schema,
    doc: &Document,
    annotators: &[String],
    site: &Site,
    decision: Decision,
) -> Option<Edit> {
    let gold = doc.layers.get(GOLD).unwrap_or(&EMPTY);
    let source = |i: usize| {
        annotators
            .get(i)
            .and_then(|a| doc.layers.get(a))
            .unwrap_or(&EMPTY)
    };
    let mut chosen: Vec<Incoming<'_>> = Vec::new();
    let mut chosen_keys: BTreeSet<Key<'_>> = BTreeSet::new();
    let versions: Vec<usize> = match decision {
        Decision::Accept(i) => vec![i],
        Decision::AcceptAll => (0..site.spans.len()).collect(),
        Decision::Reject => Vec::new(),
    };
    for i in versions {
        for span in site.spans.get(i).into_iter().flatten() {
            if chosen_keys.insert(key(span)) {
                let source = source(i);
                let original = source.spans.iter().find(|s| s == &span).unwrap_or(span);
                chosen.push(Incoming {
                    span: original,
                    source,
                });
            }
        }
    }
    let site_keys: BTreeSet<Key<'_>> = site.spans.iter().flatten().map(key).collect();
    let mut edits: Vec<Edit> = gold
        .spans
        .iter()
        .filter(|g| site_keys.contains(&key(g)) && !chosen_keys.contains(&key(g)))
        .map(|g| Edit::RemoveSpan {
            doc: doc.id.clone(),
            annotator: GOLD.to_owned(),
            span: g.clone(),
        })
        .collect();
    let removed: BTreeSet<&str> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::RemoveSpan { span, .. } => Some(span.id.as_str()),
            _ => None,
        })
        .collect();
    let unlinked = drop_references_to(schema, doc, gold, &removed);
    edits.extend(unlinked);
    edits.extend(copy_into_gold(schema, doc, gold, &chosen));
    let region = (site.start, site.end);
    if !gold.reviewed.contains(&region) {
        edits.push(Edit::SetReviewed {
            doc: doc.id.clone(),
            annotator: GOLD.to_owned(),
            region,
            reviewed: true,
        });
    }
    batch(edits)
}

/// The edit that adds to gold every span that all compared annotators with
/// a layer agree on (same extent, label and attributes), on every document
/// at least two of them have; spans gold already has are left alone.
/// `None` when there is nothing to add.
pub fn accept_all_agreed(
    schema: &Schema,
    documents: &[Document],
    annotators: &[String],
) -> Option<Edit> {
    let mut edits = Vec::new();
    for doc in documents {
        let Some(parts) = Partition::of(schema, doc, annotators) else {
            continue;
        };
        let gold = doc.layers.get(GOLD).unwrap_or(&EMPTY);
        let incoming: Vec<Incoming<'_>> = parts
            .agreed
            .iter()
            .map(|&(i, span)| Incoming {
                span,
                source: parts.layers[i].unwrap_or(&EMPTY),
            })
            .collect();
        edits.extend(copy_into_gold(schema, doc, gold, &incoming));
    }
    batch(edits)
}

/// Edits that remove, from the gold spans that stay, every span reference
/// to one of the `removed` ids (a reference must never dangle).
fn drop_references_to(
    schema: &Schema,
    doc: &Document,
    gold: &Layer,
    removed: &BTreeSet<&str>,
) -> Vec<Edit> {
    gold.spans
        .iter()
        .filter(|s| !removed.contains(s.id.as_str()))
        .filter_map(|before| {
            let mut after = before.clone();
            after.attrs.drop_ids(
                |name| is_reference(schema, &before.label, name),
                |id| removed.contains(id),
            );
            (after != *before).then(|| Edit::ChangeSpan {
                doc: doc.id.clone(),
                annotator: GOLD.to_owned(),
                before: before.clone(),
                after,
            })
        })
        .collect()
}

/// Whether attribute `name` of `label` is a span reference.
pub(super) fn is_reference(schema: &Schema, label: &str, name: &str) -> bool {
    reference_attribute(schema, label, name).is_some()
}

/// The edits as one undo step, or `None` when there are none.
pub(super) fn batch(edits: Vec<Edit>) -> Option<Edit> {
    match edits.len() {
        0 => None,
        _ => Some(Edit::Batch(edits)),
    }
}

/// Gold's span ids by extent and label, as a decision plans them: the
/// spans gold has, then the ones the decision adds, and the targets it
/// takes in so that a kept link does not dangle.
pub(super) struct GoldIds<'a> {
    ids: Vec<(Key<'a>, SpanId)>,
    next: u64,
    /// Targets taken into gold (copies without their own references).
    taken: Vec<Span>,
}

impl<'a> GoldIds<'a> {
    /// The ids of `gold`'s spans.
    pub(super) fn of(gold: &'a Layer) -> Self {
        Self {
            ids: gold.spans.iter().map(|s| (key(s), s.id.clone())).collect(),
            next: gold.next_span_id().number().unwrap_or(1),
            taken: Vec::new(),
        }
    }

    /// Gold's id for a span of `span`'s extent and label, planning a fresh
    /// one when gold has none; `true` with it when the id is new.
    fn plan(&mut self, span: &'a Span) -> (SpanId, bool) {
        if let Some((_, id)) = self.ids.iter().find(|(k, _)| *k == key(span)) {
            return (id.clone(), false);
        }
        let id = SpanId::numbered(self.next);
        self.next += 1;
        self.ids.push((key(span), id.clone()));
        (id, true)
    }

    /// The value of reference attribute `value` of a span of `source`,
    /// re-pointed to gold's spans of the same extent and label; a target
    /// gold lacks is taken in (without its own references). `None` when no
    /// target is left.
    pub(super) fn repoint(
        &mut self,
        schema: &Schema,
        value: &AttrValue,
        source: &'a Layer,
    ) -> Option<AttrValue> {
        let mut targets: Vec<String> = Vec::new();
        for target in value
            .ids()
            .filter_map(|id| source.spans.iter().find(|s| s.id.as_str() == id))
        {
            let (id, new) = self.plan(target);
            if new {
                let mut copy = target.clone();
                copy.id = id.clone();
                copy.attrs
                    .retain(|name, _| !is_reference(schema, &target.label, name));
                self.taken.push(copy);
            }
            targets.push(id.0);
        }
        match targets.len() {
            0 => None,
            1 if !value.is_many() => targets.pop().map(AttrValue::One),
            _ => Some(AttrValue::Many(targets)),
        }
    }

    /// Edits that add the targets taken in, to go before the edits of the
    /// spans that point to them.
    pub(super) fn take_edits(&mut self, doc: &Document) -> Vec<Edit> {
        std::mem::take(&mut self.taken)
            .into_iter()
            .map(|span| Edit::AddSpan {
                doc: doc.id.clone(),
                annotator: GOLD.to_owned(),
                span,
            })
            .collect()
    }
}

/// Edits that put `incoming` spans into `gold`: new spans get fresh ids,
/// spans gold already has (same extent and label) get the incoming
/// attributes. Span references are re-pointed to the gold span with the
/// referenced span's extent and label; a target gold does not have is
/// taken into gold with the span (a kept link never dangles nor goes
/// missing).
pub(super) fn copy_into_gold(
    schema: &Schema,
    doc: &Document,
    gold: &Layer,
    incoming: &[Incoming<'_>],
) -> Vec<Edit> {
    let mut ids = GoldIds::of(gold);
    let planned: Vec<(Option<&Span>, SpanId)> = incoming
        .iter()
        .map(|item| {
            let existing = gold.spans.iter().find(|g| key(g) == key(item.span));
            (existing, ids.plan(item.span).0)
        })
        .collect();
    let mut edits = Vec::new();
    for (item, (existing, id)) in incoming.iter().zip(planned) {
        let mut span = item.span.clone();
        span.id = id;
        for (name, value) in &item.span.attrs {
            if !is_reference(schema, &span.label, name) {
                continue;
            }
            match ids.repoint(schema, value, item.source) {
                Some(value) => span.attrs.insert(name.clone(), value),
                None => span.attrs.remove(name),
            };
        }
        let (doc_id, annotator) = (doc.id.clone(), GOLD.to_owned());
        match existing {
            Some(before) if before.attrs != span.attrs => edits.push(Edit::ChangeSpan {
                doc: doc_id,
                annotator,
                before: before.clone(),
                after: span,
            }),
            Some(_) => {}
            None => edits.push(Edit::AddSpan {
                doc: doc_id,
                annotator,
                span,
            }),
        }
    }
    let mut all = ids.take_edits(doc);
    all.extend(edits);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;
    use crate::review::sites::document_sites;
    use crate::review::sites::tests::{doc, names, schema, span};

    fn project() -> Project {
        let a = vec![
            span("T1", 4, 8, "actor", &[("kind", "person")]),
            span("T2", 14, 25, "claim", &[("speaker", "T1")]),
            span("T3", 27, 32, "actor", &[("kind", "person")]),
        ];
        let b = vec![
            span("T7", 4, 8, "actor", &[("kind", "person")]),
            span("T8", 15, 24, "claim", &[("speaker", "T7")]),
            span("T9", 37, 42, "actor", &[("kind", "person")]),
        ];
        let mut project = Project::new(schema());
        project.documents.push(doc(&[("alice", a), ("bob", b)]));
        project
    }

    /// A gold span as (start, end, label, attributes).
    type GoldRow = (usize, usize, String, Vec<(String, String)>);

    fn gold(project: &Project) -> Vec<GoldRow> {
        project.documents[0]
            .layers
            .get(GOLD)
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| {
                        let attrs = s
                            .attrs
                            .iter()
                            .map(|(k, v)| (k.clone(), v.to_string()))
                            .collect();
                        (s.start, s.end, s.label.clone(), attrs)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn run(project: &mut Project, site: usize, decision: Decision) {
        let annotators = names(&["alice", "bob"]);
        let sites = document_sites(&project.schema, &project.documents[0], &annotators);
        let edit = decide(
            &project.schema,
            &project.documents[0],
            &annotators,
            &sites[site],
            decision,
        )
        .expect("an edit");
        edit.apply(project).expect("applies");
    }

    #[test]
    fn accept_all_agreed_copies_agreed_spans_once_with_references_repointed() {
        let mut p = project();
        let annotators = names(&["alice", "bob"]);
        let edit = accept_all_agreed(&p.schema, &p.documents, &annotators).expect("edit");
        edit.apply(&mut p).expect("applies");
        assert_eq!(
            gold(&p),
            [(4, 8, "actor".into(), vec![("kind".into(), "person".into())])]
        );
        assert!(accept_all_agreed(&p.schema, &p.documents, &annotators).is_none());
    }

    #[test]
    fn accepting_one_side_then_the_other_replaces_the_decision_and_undo_restores() {
        let mut p = project();
        let annotators = names(&["alice", "bob"]);
        accept_all_agreed(&p.schema, &p.documents, &annotators)
            .expect("edit")
            .apply(&mut p)
            .expect("applies");
        let before = p.clone();
        run(&mut p, 0, Decision::Accept(0));
        assert_eq!(
            gold(&p),
            [
                (4, 8, "actor".into(), vec![("kind".into(), "person".into())]),
                (
                    14,
                    25,
                    "claim".into(),
                    vec![("speaker".into(), "T1".into())]
                ),
            ],
            "alice's claim, its speaker pointing at gold's actor"
        );
        assert_eq!(p.documents[0].layers[GOLD].reviewed, [(14, 25)]);
        let sites = document_sites(&p.schema, &p.documents[0], &annotators);
        assert!(sites[0].resolved);
        let decided = p.clone();
        run(&mut p, 0, Decision::Accept(1));
        assert_eq!(
            gold(&p)[1],
            (
                15,
                24,
                "claim".into(),
                vec![("speaker".into(), "T1".into())]
            )
        );
        assert_eq!(gold(&p).len(), 2, "alice's claim was replaced");
        let sites = document_sites(&p.schema, &decided.documents[0], &annotators);
        let edit = decide(
            &p.schema,
            &decided.documents[0],
            &annotators,
            &sites[0],
            Decision::Accept(1),
        )
        .expect("edit");
        let mut again = decided.clone();
        edit.apply(&mut again).expect("applies");
        edit.inverse().apply(&mut again).expect("undoes");
        assert_eq!(again, decided);
        assert_ne!(before, decided);
    }

    #[test]
    fn reject_leaves_nothing_but_marks_the_site_reviewed_and_both_keeps_every_version() {
        let mut p = project();
        run(&mut p, 2, Decision::Reject);
        assert!(gold(&p).is_empty());
        assert_eq!(p.documents[0].layers[GOLD].reviewed, [(37, 42)]);
        let annotators = names(&["alice", "bob"]);
        let sites = document_sites(&p.schema, &p.documents[0], &annotators);
        assert!(
            decide(
                &p.schema,
                &p.documents[0],
                &annotators,
                &sites[2],
                Decision::Reject
            )
            .is_none(),
            "deciding the same again changes nothing"
        );
        run(&mut p, 0, Decision::AcceptAll);
        let speaker = vec![("speaker".to_owned(), "T3".to_owned())];
        assert_eq!(
            gold(&p),
            [
                (4, 8, "actor".into(), vec![("kind".into(), "person".into())]),
                (14, 25, "claim".into(), speaker.clone()),
                (15, 24, "claim".into(), speaker),
            ],
            "the speaker gold lacked is taken in once, both claims point to it"
        );
        let problems = crate::model::validate::project_problems(&p);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn removing_a_referenced_gold_span_unlinks_the_reference() {
        let mut p = project();
        p.documents[0].layers.insert(
            GOLD.into(),
            Layer::with_spans(
                crate::model::Status::InProgress,
                vec![
                    span("G1", 27, 32, "actor", &[("kind", "person")]),
                    span("G2", 14, 25, "claim", &[("speaker", "G1")]),
                ],
            ),
        );
        run(&mut p, 1, Decision::Reject);
        assert_eq!(gold(&p), [(14, 25, "claim".into(), Vec::new())]);
        let problems = crate::model::validate::project_problems(&p);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
