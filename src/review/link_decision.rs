//! A link decided on its own: for a [`LinkDisagreement`], gold's source
//! span points where one compared annotator's does (its targets taken into
//! gold when gold lacks them), or nowhere. One [`Edit`] (one undo step).

use super::adjudicate::{
    GoldIds, Incoming, batch, compared_layer, copy_into_gold, key, mark_reviewed,
};
use super::sites::{CAPTION_CHARS, EMPTY, LinkDisagreement, Site, SiteKind};
use crate::edit::Edit;
use crate::model::links::caption;
use crate::model::{Document, GOLD, Schema, Span};

/// What the reviewer decided for one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkChoice {
    /// Point where the compared annotator with this index points.
    Keep(usize),
    /// No link: gold's source span does not set the attribute.
    Nothing,
}

impl LinkDisagreement {
    /// What gold holds after `choice`, as the reviewer is told: `Gold's
    /// claim speaker now points to Trump · 181`, or `Gold's claim has no
    /// speaker now`. `None` when the chosen annotator does not hold the
    /// source span.
    pub fn decided(&self, text: &str, choice: LinkChoice) -> Option<String> {
        let targets: &[Span] = match choice {
            LinkChoice::Keep(i) => self.targets.get(i)?.as_ref()?,
            LinkChoice::Nothing => &[],
        };
        if targets.is_empty() {
            return Some(format!(
                "Gold's {} has no {} now",
                self.label, self.attribute
            ));
        }
        let shown: Vec<String> = targets
            .iter()
            .map(|t| caption(text, t, CAPTION_CHARS))
            .collect();
        Some(format!(
            "Gold's {} {} now points to {}",
            self.label,
            self.attribute,
            shown.join(" + ")
        ))
    }
}

/// The edit that records `choice` for `link` (one of `site`'s) in gold:
/// gold's span of the link's source extent and label gets the chosen
/// targets, re-pointed to gold's spans of the same extent and label (a
/// target gold lacks is taken in); its other attributes stay. When gold has
/// no such source span, the kept annotator's source span is taken in (for
/// no link, the first holder's without the attribute). The site is marked
/// reviewed when this link was all it disagreed on. `None` when gold
/// already holds exactly that, or the chosen annotator does not hold the
/// source span.
pub fn decide_link(
    schema: &Schema,
    doc: &Document,
    annotators: &[String],
    site: &Site,
    link: &LinkDisagreement,
    choice: LinkChoice,
) -> Option<Edit> {
    let gold = doc.layers.get(GOLD).unwrap_or(&EMPTY);
    let layer = |i: usize| compared_layer(doc, annotators, i);
    let holder = match choice {
        LinkChoice::Keep(i) => i,
        LinkChoice::Nothing => link.holders().next()?,
    };
    link.targets.get(holder)?.as_ref()?;
    let source_key = (link.start, link.end, link.label.as_str());
    let source = layer(holder).spans.iter().find(|s| key(s) == source_key)?;
    let kept = match choice {
        LinkChoice::Keep(_) => source.attrs.get(&link.attribute),
        LinkChoice::Nothing => None,
    };
    let mut edits = if let Some(before) = gold.spans.iter().find(|g| key(g) == source_key) {
        let mut ids = GoldIds::of(gold);
        let mut after = before.clone();
        match kept.and_then(|value| ids.repoint(schema, value, layer(holder))) {
            Some(value) => after.attrs.insert(link.attribute.clone(), value),
            None => after.attrs.remove(&link.attribute),
        };
        let mut edits = ids.take_edits(doc);
        if after != *before {
            edits.push(Edit::ChangeSpan {
                doc: doc.id.clone(),
                annotator: GOLD.to_owned(),
                before: before.clone(),
                after,
            });
        }
        edits
    } else {
        let mut span = source.clone();
        if kept.is_none() {
            span.attrs.remove(&link.attribute);
        }
        let incoming = Incoming {
            span: &span,
            source: layer(holder),
        };
        copy_into_gold(schema, doc, gold, &[incoming], &mut GoldIds::of(gold))
    };
    let settles_site = site.kind == SiteKind::Link && site.links.len() == 1;
    if !edits.is_empty() && settles_site {
        edits.extend(mark_reviewed(doc, gold, site));
    }
    batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrValue, Layer, Project, Status};
    use crate::review::sites::document_sites;
    use crate::review::sites::tests::{
        gold_claim, gold_speaker, linked, make_speaker_many, names, schema, span,
    };

    /// Alice's claim says Zoë spoke, Bob's says Trump did; gold holds
    /// `gold` spans.
    fn project(gold: Vec<crate::model::Span>) -> Project {
        let mut project = Project::new(schema());
        let mut doc = linked(
            vec![span("C1", 14, 25, "claim", &[("speaker", "A0")])],
            vec![span("C9", 14, 25, "claim", &[("speaker", "B2")])],
        );
        if !gold.is_empty() {
            doc.layers
                .insert(GOLD.into(), Layer::with_spans(Status::InProgress, gold));
        }
        project.documents.push(doc);
        project
    }

    /// Applies `choice` for the first link of the first site and returns
    /// the edit.
    fn choose(project: &mut Project, choice: LinkChoice) -> Option<Edit> {
        let annotators = names(&["alice", "bob"]);
        let doc = &project.documents[0];
        let site = document_sites(&project.schema, doc, &annotators).remove(0);
        let edit = decide_link(
            &project.schema,
            doc,
            &annotators,
            &site,
            &site.links[0],
            choice,
        )?;
        edit.apply(project).expect("applies");
        Some(edit)
    }

    #[test]
    fn keeping_b_s_target_takes_its_actor_into_gold_and_marks_the_site_and_undo_restores() {
        let claim = span("G1", 14, 25, "claim", &[("speaker", "G2")]);
        let zoe = span("G2", 4, 8, "actor", &[("kind", "person")]);
        let mut p = project(vec![zoe, claim]);
        let before = p.clone();
        let annotators = names(&["alice", "bob"]);
        let site = document_sites(&p.schema, &p.documents[0], &annotators).remove(0);
        let text = &p.documents[0].text;
        assert_eq!(
            site.links[0].decided(text, LinkChoice::Keep(1)).as_deref(),
            Some("Gold's claim speaker now points to Trump · 27")
        );
        assert_eq!(
            site.links[0].decided(text, LinkChoice::Nothing).as_deref(),
            Some("Gold's claim has no speaker now")
        );
        let edit = choose(&mut p, LinkChoice::Keep(1)).expect("an edit");
        assert_eq!(gold_speaker(&p), [(27, 32)], "Bob's Trump");
        let gold = &p.documents[0].layers[GOLD];
        assert_eq!(
            gold.spans.len(),
            3,
            "Trump taken in beside Zoë and the claim"
        );
        assert_eq!(
            gold.reviewed,
            [(14, 25)],
            "the link was all the site disagreed on"
        );
        assert!(crate::model::validate::project_problems(&p).is_empty());
        assert!(document_sites(&p.schema, &p.documents[0], &annotators)[0].resolved);
        assert!(choose(&mut p, LinkChoice::Keep(1)).is_none(), "already so");
        edit.inverse().apply(&mut p).expect("undoes");
        assert_eq!(p, before);
    }

    #[test]
    fn no_link_clears_gold_s_attribute_and_keeps_its_other_attributes() {
        let claim = span(
            "G1",
            14,
            25,
            "claim",
            &[("speaker", "G2"), ("note", "kept")],
        );
        let zoe = span("G2", 4, 8, "actor", &[("kind", "person")]);
        let mut p = project(vec![zoe, claim]);
        choose(&mut p, LinkChoice::Nothing).expect("an edit");
        let gold = &p.documents[0].layers[GOLD];
        let claim = gold
            .spans
            .iter()
            .find(|s| s.label == "claim")
            .expect("claim");
        assert_eq!(claim.attrs.get("speaker"), None);
        assert_eq!(claim.attrs.str("note"), Some("kept"));
        assert_eq!(gold.spans.len(), 2, "the actor stays");
    }

    #[test]
    fn without_gold_s_source_the_kept_side_s_claim_and_speaker_are_taken_in() {
        let mut p = project(Vec::new());
        choose(&mut p, LinkChoice::Keep(0)).expect("an edit");
        assert_eq!(gold_speaker(&p), [(4, 8)], "Alice's Zoë");
        let mut q = project(Vec::new());
        choose(&mut q, LinkChoice::Nothing).expect("an edit");
        let gold = &q.documents[0].layers[GOLD];
        assert_eq!(gold.spans.len(), 1, "only the claim");
        assert_eq!(gold.spans[0].attrs.get("speaker"), None);
    }

    #[test]
    fn keeping_a_many_list_repoints_every_target() {
        let mut p = project(Vec::new());
        make_speaker_many(&mut p.schema);
        let layers = &mut p.documents[0].layers;
        let set = |layer: &mut Layer, ids: &[&str]| {
            let claim = layer
                .spans
                .iter_mut()
                .find(|s| s.label == "claim")
                .expect("claim");
            let ids: Vec<String> = ids.iter().map(|i| (*i).to_owned()).collect();
            claim.attrs.insert("speaker".into(), ids);
        };
        set(layers.get_mut("alice").expect("alice"), &["A0", "A3"]);
        set(layers.get_mut("bob").expect("bob"), &["B0"]);
        let gold_zoe = span("G7", 4, 8, "actor", &[("kind", "person")]);
        let claim_in_gold = span("G8", 14, 25, "claim", &[]);
        layers.insert(
            GOLD.into(),
            Layer::with_spans(Status::InProgress, vec![gold_zoe, claim_in_gold]),
        );
        choose(&mut p, LinkChoice::Keep(0)).expect("an edit");
        assert_eq!(
            gold_speaker(&p),
            [(4, 8), (37, 42)],
            "Zoë reused, Putin taken in"
        );
        let claim = gold_claim(&p);
        assert!(claim.attrs.get("speaker").is_some_and(AttrValue::is_many));
        assert!(crate::model::validate::project_problems(&p).is_empty());
    }
}
