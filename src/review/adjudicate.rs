//! A reviewer's decisions as edits of the `gold` layer: accept one
//! annotator's version of a site, accept every version, or reject them all;
//! and accept everything the compared annotators agree on. Each decision is
//! one [`Edit`] (one undo step).

use std::collections::{BTreeMap, BTreeSet};

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

/// The layer of compared annotator number `i` on `doc` (empty when the
/// annotator has none).
pub(super) fn compared_layer<'d>(doc: &'d Document, annotators: &[String], i: usize) -> &'d Layer {
    annotators
        .get(i)
        .and_then(|a| doc.layers.get(a))
        .unwrap_or(&EMPTY)
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
    let source = |i: usize| compared_layer(doc, annotators, i);
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
    let mut ids = GoldIds::of(gold).without(&removed);
    // A removed span's stand-in: the chosen span of its label over it.
    let replaced: BTreeMap<&str, Option<SpanId>> = gold
        .spans
        .iter()
        .filter(|g| removed.contains(g.id.as_str()))
        .map(|g| {
            let stand_in = chosen
                .iter()
                .find(|c| c.span.label == g.label && c.span.overlaps(g.start, g.end))
                .map(|c| ids.plan(c.span).0);
            (g.id.as_str(), stand_in)
        })
        .collect();
    edits.extend(repoint_referrers(
        schema,
        doc,
        gold,
        &replaced,
        &chosen_keys,
    ));
    edits.extend(copy_into_gold(schema, doc, gold, &chosen, &mut ids));
    edits.extend(mark_reviewed(doc, gold, site));
    batch(edits)
}

/// The edit that records `site`'s region as reviewed in `gold`, unless it
/// already is.
pub(super) fn mark_reviewed(doc: &Document, gold: &Layer, site: &Site) -> Option<Edit> {
    let region = (site.start, site.end);
    (!gold.reviewed.contains(&region)).then(|| Edit::SetReviewed {
        doc: doc.id.clone(),
        annotator: GOLD.to_owned(),
        region,
        reviewed: true,
    })
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
        edits.extend(copy_into_gold(
            schema,
            doc,
            gold,
            &incoming,
            &mut GoldIds::of(gold),
        ));
    }
    batch(edits)
}

/// Edits that re-point, in the gold spans that stay (but those the
/// decision rewrites, `chosen`), every span reference to a `replaced` id:
/// to its stand-in, or nowhere when it has none (a reference must never
/// dangle).
fn repoint_referrers(
    schema: &Schema,
    doc: &Document,
    gold: &Layer,
    replaced: &BTreeMap<&str, Option<SpanId>>,
    chosen: &BTreeSet<Key<'_>>,
) -> Vec<Edit> {
    gold.spans
        .iter()
        .filter(|s| !replaced.contains_key(s.id.as_str()) && !chosen.contains(&key(s)))
        .filter_map(|before| {
            let mut after = before.clone();
            for (name, value) in &before.attrs {
                if !is_reference(schema, &before.label, name)
                    || !value.ids().any(|id| replaced.contains_key(id))
                {
                    continue;
                }
                let mut targets: Vec<String> = Vec::new();
                for id in value.ids() {
                    let id = match replaced.get(id) {
                        Some(stand_in) => stand_in.as_ref().map(|s| s.0.clone()),
                        None => Some(id.to_owned()),
                    };
                    if let Some(id) = id.filter(|id| !targets.contains(id)) {
                        targets.push(id);
                    }
                }
                match targets.len() {
                    0 => after.attrs.remove(name),
                    1 if !value.is_many() => after.attrs.insert(name.clone(), targets.remove(0)),
                    _ => after.attrs.insert(name.clone(), targets),
                };
            }
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
    /// Gold's spans that stay.
    gold: Vec<&'a Span>,
    ids: Vec<(Key<'a>, SpanId)>,
    next: u64,
    /// Targets taken into gold (copies without their own references).
    taken: Vec<Span>,
}

impl<'a> GoldIds<'a> {
    /// The ids of `gold`'s spans.
    pub(super) fn of(gold: &'a Layer) -> Self {
        Self {
            gold: gold.spans.iter().collect(),
            ids: gold.spans.iter().map(|s| (key(s), s.id.clone())).collect(),
            next: gold.next_span_id().number().unwrap_or(1),
            taken: Vec::new(),
        }
    }

    /// Without the gold spans the decision removes.
    fn without(mut self, removed: &BTreeSet<&str>) -> Self {
        self.gold.retain(|g| !removed.contains(g.id.as_str()));
        self.ids.retain(|(_, id)| !removed.contains(id.as_str()));
        self
    }

    /// Gold's span for the same actor as `target` when it has no span of
    /// that extent and label: the one of its label overlapping it most
    /// (gold's version of it, with other boundaries).
    fn same_actor(&self, target: &Span) -> Option<SpanId> {
        self.gold
            .iter()
            .filter(|g| g.label == target.label && g.overlaps(target.start, target.end))
            .max_by_key(|g| {
                let shared = g.end.min(target.end) - g.start.max(target.start);
                (shared, std::cmp::Reverse(g.start))
            })
            .map(|g| g.id.clone())
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
    /// re-pointed to gold's spans of the same extent and label, else to
    /// gold's span for the same actor (its label, overlapping); a target
    /// gold lacks altogether is taken in (without its own references).
    /// `None` when no target is left.
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
            let exact = self.ids.iter().any(|(k, _)| *k == key(target));
            let id = if let Some(id) = self.same_actor(target).filter(|_| !exact) {
                id
            } else {
                let (id, new) = self.plan(target);
                if new {
                    let mut copy = target.clone();
                    copy.id = id.clone();
                    copy.attrs
                        .retain(|name, _| !is_reference(schema, &target.label, name));
                    self.taken.push(copy);
                }
                id
            };
            if !targets.contains(&id.0) {
                targets.push(id.0);
            }
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

/// Edits that put `incoming` spans into `gold` with the ids `ids` plans:
/// new spans get fresh ids, spans gold already has (same extent and label)
/// get the incoming attributes. Span references are re-pointed as
/// [`GoldIds::repoint`] says: a target gold does not have is taken into
/// gold with the span (a kept link never dangles nor goes missing).
pub(super) fn copy_into_gold<'a>(
    schema: &Schema,
    doc: &Document,
    gold: &'a Layer,
    incoming: &[Incoming<'a>],
    ids: &mut GoldIds<'a>,
) -> Vec<Edit> {
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
    use crate::review::SiteKind;
    use crate::review::sites::document_sites;
    use crate::review::sites::tests::{
        doc, gold_claim, gold_speaker, make_speaker_many, names, schema, span,
    };

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

    /// Alice's Trump is "Trump", Bob's "Trump met"; both say Trump spoke
    /// the claim on the last "Putin".
    fn trump_in_two_extents() -> Project {
        let a = vec![
            span("T1", 27, 32, "actor", &[("kind", "person")]),
            span("T2", 37, 42, "claim", &[("speaker", "T1")]),
        ];
        let b = vec![
            span("T5", 27, 36, "actor", &[("kind", "person")]),
            span("T6", 37, 42, "claim", &[("speaker", "T5")]),
        ];
        let mut project = Project::new(schema());
        project.documents.push(doc(&[("alice", a), ("bob", b)]));
        project
    }

    /// Gold's claim's speaker, as its targets' (start, end), and how many
    /// actors gold has.
    fn speaker_and_actors(p: &Project) -> (Vec<(usize, usize)>, usize) {
        let gold = &p.documents[0].layers[GOLD];
        let actors = gold.spans.iter().filter(|s| s.label == "actor").count();
        (gold_speaker(p), actors)
    }

    #[test]
    fn a_speaker_with_other_boundaries_in_gold_is_gold_s_version_of_that_actor() {
        let mut p = trump_in_two_extents();
        let annotators = names(&["alice", "bob"]);
        let sites = document_sites(&p.schema, &p.documents[0], &annotators);
        assert_eq!(
            sites.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [SiteKind::Boundary, SiteKind::Link]
        );
        run(&mut p, 0, Decision::Accept(1));
        run(&mut p, 1, Decision::Accept(0));
        assert_eq!(
            speaker_and_actors(&p),
            (vec![(27, 36)], 1),
            "Alice's Trump is gold's \"Trump met\": no second Trump"
        );
        assert!(crate::model::validate::project_problems(&p).is_empty());
    }

    #[test]
    fn a_taken_speaker_replaced_later_by_the_other_version_keeps_the_link() {
        let mut p = trump_in_two_extents();
        run(&mut p, 1, Decision::Accept(0));
        assert_eq!(speaker_and_actors(&p), (vec![(27, 32)], 1), "taken in");
        run(&mut p, 0, Decision::Accept(1));
        assert_eq!(
            speaker_and_actors(&p),
            (vec![(27, 36)], 1),
            "the claim follows its speaker to Bob's extent"
        );
        run(&mut p, 0, Decision::Reject);
        assert_eq!(
            speaker_and_actors(&p),
            (Vec::new(), 0),
            "no stand-in: unlinked"
        );
        assert!(crate::model::validate::project_problems(&p).is_empty());
    }

    #[test]
    fn accepting_a_many_list_repoints_and_takes_in_every_target() {
        let mut schema = schema();
        make_speaker_many(&mut schema);
        let many = |layer: &str, ids: &[&str]| {
            let mut s = span(&format!("{layer}C"), 14, 25, "claim", &[]);
            let ids: Vec<String> = ids.iter().map(|i| (*i).to_owned()).collect();
            s.attrs.insert("speaker".into(), ids);
            s
        };
        let mut p = Project::new(schema);
        p.documents.push(crate::review::sites::tests::linked(
            vec![many("A", &["A0", "A3"])],
            vec![many("B", &["B0"])],
        ));
        run(&mut p, 0, Decision::Accept(0));
        assert_eq!(speaker_and_actors(&p), (vec![(4, 8), (37, 42)], 2));
        let claim = gold_claim(&p);
        assert!(claim.attrs.get("speaker").is_some_and(AttrValue::is_many));
        assert!(crate::model::validate::project_problems(&p).is_empty());
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
