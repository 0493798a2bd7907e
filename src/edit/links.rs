//! The edits that make and unmake links: setting a reference attribute of
//! a source span (replaced, or toggled in a `many: true` list), and
//! removing a span together with the references that point to it, each as
//! one undo step.

use super::Edit;
use crate::model::linking::{Linked, linked_value};
use crate::model::links::{reference_attribute, referrers};
use crate::model::{AttributeDef, AttributeKind, DocId, Schema, Span, SpanId};

/// Where an edit goes: a document and one annotator's layer in it.
#[derive(Debug, Clone, Copy)]
pub struct LayerRef<'a> {
    /// The document.
    pub doc: &'a DocId,
    /// The annotator whose layer it is.
    pub annotator: &'a str,
    /// The layer's spans, in canonical order.
    pub spans: &'a [Span],
}

/// The edit that makes span `source` of the layer link to span `target`
/// through its reference attribute `def`, and what it does to the
/// attribute; `None` when the layer lacks the source or nothing would
/// change.
pub fn link_edit(
    layer: LayerRef<'_>,
    source: &SpanId,
    def: &AttributeDef,
    target: &str,
) -> Option<(Edit, Linked)> {
    let before = layer.spans.iter().find(|s| &s.id == source)?;
    let linked = linked_value(def, before.attrs.get(&def.name), target, layer.spans);
    let mut after = before.clone();
    match &linked {
        Linked::Set(value) | Linked::Unset(Some(value)) => {
            after.attrs.insert(def.name.clone(), value.clone());
        }
        Linked::Unset(None) => {
            after.attrs.remove(&def.name);
        }
        Linked::Unchanged => return None,
    }
    let edit = Edit::ChangeSpan {
        doc: layer.doc.clone(),
        annotator: layer.annotator.to_owned(),
        before: before.clone(),
        after,
    };
    Some((edit, linked))
}

/// The edit that removes span `id` of the layer and, in the same undo
/// step, every reference to it (a single reference goes, a list loses the
/// id); with the `(source, attribute)` of each link that goes, in text
/// order. `None` when the layer lacks the span.
pub fn remove_with_links(
    schema: &Schema,
    layer: LayerRef<'_>,
    id: &SpanId,
) -> Option<(Edit, Vec<(Span, String)>)> {
    let span = layer.spans.iter().find(|s| &s.id == id)?;
    let (mut edits, gone) = dropping_links(schema, layer, id, |_| true);
    edits.push(Edit::RemoveSpan {
        doc: layer.doc.clone(),
        annotator: layer.annotator.to_owned(),
        span: span.clone(),
    });
    Some((one_step(edits), gone))
}

/// The edit that changes span `before` of the layer into `after` (a new
/// label) and, in the same undo step, drops the references to it whose
/// attribute may not point to the new label; with the `(source,
/// attribute)` of each link that goes.
pub fn relabel_with_links(
    schema: &Schema,
    layer: LayerRef<'_>,
    before: &Span,
    after: Span,
) -> (Edit, Vec<(Span, String)>) {
    let still_allowed = |def: &AttributeDef| matches!(&def.kind, AttributeKind::SpanRef(t) if t.allows(&after.label));
    let (mut edits, gone) = dropping_links(schema, layer, &before.id, |d| !still_allowed(d));
    edits.push(Edit::ChangeSpan {
        doc: layer.doc.clone(),
        annotator: layer.annotator.to_owned(),
        before: before.clone(),
        after,
    });
    (one_step(edits), gone)
}

/// One edit of `edits`: itself when alone, else a batch.
fn one_step(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch(edits)
    }
}

/// The edits that drop the references to span `id` whose attribute `goes`
/// accepts, one per source span, and the `(source, attribute)` of each
/// link that goes.
fn dropping_links(
    schema: &Schema,
    layer: LayerRef<'_>,
    id: &SpanId,
    goes: impl Fn(&AttributeDef) -> bool,
) -> (Vec<Edit>, Vec<(Span, String)>) {
    let dropped =
        |label: &str, name: &str| reference_attribute(schema, label, name).is_some_and(&goes);
    let gone: Vec<(Span, String)> = referrers(schema, layer.spans, id.as_str())
        .into_iter()
        .filter(|(s, name)| dropped(&s.label, name))
        .map(|(s, name)| (s.clone(), name.to_owned()))
        .collect();
    let mut edits: Vec<Edit> = Vec::new();
    for (before, _) in &gone {
        if edits
            .iter()
            .any(|e| matches!(e, Edit::ChangeSpan { before: b, .. } if b.id == before.id))
        {
            continue;
        }
        let mut after = before.clone();
        after.attrs.drop_ids(
            |name| dropped(&before.label, name),
            |named| named == id.as_str(),
        );
        edits.push(Edit::ChangeSpan {
            doc: layer.doc.clone(),
            annotator: layer.annotator.to_owned(),
            before: before.clone(),
            after,
        });
    }
    (edits, gone)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{AttrValue, Document, Layer, Project, Status};

    fn project(spans: Vec<Span>, many: bool) -> Project {
        let mut schema = Schema::builtin();
        schema.labels[2].attributes[0].many = many;
        let mut project = Project::new(schema);
        let text = "Putin \u{1F44D}\u{1F3FD} met Zoe\u{308}, \u{201C}we agree,\u{201D} Putin said.";
        let mut doc = Document::new("d".into(), String::new(), BTreeMap::new(), text.into());
        doc.layers
            .insert("alice".into(), Layer::with_spans(Status::InProgress, spans));
        project.documents.push(doc);
        project
    }

    fn spans() -> Vec<Span> {
        let mut claim = Span::new(SpanId::from("T3"), 19, 30, "claim");
        claim.attrs.insert(
            "speaker".into(),
            AttrValue::Many(vec!["T1".into(), "T2".into()]),
        );
        let stance = Span::new(SpanId::from("T4"), 19, 30, "stance")
            .with_attrs(&[("holder", "T1"), ("polarity", "support")]);
        vec![
            Span::new(SpanId::from("T1"), 0, 5, "actor"),
            Span::new(SpanId::from("T2"), 13, 17, "actor"),
            claim,
            stance,
        ]
    }

    fn layer_ref(project: &Project) -> LayerRef<'_> {
        let doc = &project.documents[0];
        LayerRef {
            doc: &doc.id,
            annotator: "alice",
            spans: &doc.layers["alice"].spans,
        }
    }

    #[test]
    fn removing_a_span_drops_every_reference_to_it_and_undo_brings_them_back() {
        let mut project = project(spans(), true);
        let before = project.clone();
        let (edit, gone) =
            remove_with_links(&project.schema, layer_ref(&project), &SpanId::from("T1"))
                .expect("edit");
        let named: Vec<(&str, &str)> = gone
            .iter()
            .map(|(s, a)| (s.id.as_str(), a.as_str()))
            .collect();
        assert_eq!(named, [("T3", "speaker"), ("T4", "holder")]);
        edit.apply(&mut project).expect("applies");
        let layer = &project.documents[0].layers["alice"];
        assert!(layer.span(&SpanId::from("T1")).is_none());
        let claim = layer.span(&SpanId::from("T3")).expect("claim");
        assert_eq!(
            claim.attrs.get("speaker"),
            Some(&AttrValue::Many(vec!["T2".into()]))
        );
        let stance = layer.span(&SpanId::from("T4")).expect("stance");
        assert_eq!(stance.attrs.get("holder"), None);
        assert_eq!(stance.attrs.str("polarity"), Some("support"));
        assert!(crate::model::validate::project_problems(&project).is_empty());
        edit.inverse().apply(&mut project).expect("undoes");
        assert_eq!(project, before);
    }

    #[test]
    fn relabelling_a_target_drops_only_the_links_that_may_not_point_to_its_new_label() {
        let mut project = project(spans(), false);
        let mut speaker = spans()[2].clone();
        speaker.attrs.insert("speaker".into(), "T1");
        project.documents[0]
            .layers
            .get_mut("alice")
            .expect("layer")
            .spans[2] = speaker;
        let layer = layer_ref(&project);
        let before = layer.spans[0].clone();
        let mut after = before.clone();
        "date".clone_into(&mut after.label);
        after.attrs.clear();
        let (edit, gone) = relabel_with_links(&project.schema, layer, &before, after);
        let named: Vec<(&str, &str)> = gone
            .iter()
            .map(|(s, a)| (s.id.as_str(), a.as_str()))
            .collect();
        assert_eq!(named, [("T3", "speaker"), ("T4", "holder")]);
        let mut changed = project.clone();
        edit.apply(&mut changed).expect("applies");
        assert!(crate::model::validate::project_problems(&changed).is_empty());

        let mut kept = before.clone();
        kept.attrs.clear();
        let (edit, gone) = relabel_with_links(&project.schema, layer_ref(&project), &before, kept);
        assert!(gone.is_empty(), "still an actor: the links stay");
        assert!(matches!(edit, Edit::ChangeSpan { .. }));
    }

    #[test]
    fn linking_toggles_a_many_list_and_replaces_a_single_reference() {
        let project = project(spans(), true);
        let def = &project.schema.labels[2].attributes[0];
        let (_, linked) =
            link_edit(layer_ref(&project), &SpanId::from("T3"), def, "T1").expect("changes");
        assert_eq!(
            linked,
            Linked::Unset(Some(AttrValue::Many(vec!["T2".into()])))
        );
        let holder = project.schema.labels[3]
            .attribute("holder")
            .expect("holder");
        let (edit, linked) =
            link_edit(layer_ref(&project), &SpanId::from("T4"), holder, "T2").expect("changes");
        assert_eq!(linked, Linked::Set(AttrValue::One("T2".into())));
        let Edit::ChangeSpan { after, .. } = edit else {
            panic!("a change of the stance")
        };
        assert_eq!(after.attrs.str("holder"), Some("T2"));
        assert!(
            link_edit(layer_ref(&project), &SpanId::from("T4"), holder, "T1").is_none(),
            "already its holder"
        );
    }
}
