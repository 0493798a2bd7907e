//! A run of consecutive edits to one layer applied at once, as a bulk edit
//! (accepting thousands of suggestions, or undoing that) makes them: the
//! same result as applying them one by one, in time linear in the layer's
//! spans (plus sorting what the run adds) instead of one scan of the layer
//! per edit.

use std::collections::{HashMap, HashSet};

use super::{Edit, EditError, apply_to_layer, exists_already, missing, set_reviewed};
use crate::model::{DocId, Layer, Span, SpanId, Status};

/// The document and layer a span-level edit changes (`None` for edits of
/// whole layers, documents, the schema, and batches).
pub(super) fn layer_of(edit: &Edit) -> Option<(&DocId, &str)> {
    match edit {
        Edit::AddSpan { doc, annotator, .. }
        | Edit::RemoveSpan { doc, annotator, .. }
        | Edit::ChangeSpan { doc, annotator, .. }
        | Edit::SetStatus { doc, annotator, .. }
        | Edit::SetReviewed { doc, annotator, .. } => Some((doc, annotator)),
        Edit::SetLayer { .. }
        | Edit::AddDocument { .. }
        | Edit::RemoveDocument { .. }
        | Edit::SetSchema { .. }
        | Edit::Batch(_) => None,
    }
}

/// Applies `run` (span-level edits of `layer`, in order) to `layer`; on
/// failure the layer is unchanged.
pub(super) fn apply_run(run: &[Edit], layer: &mut Layer) -> Result<(), EditError> {
    if let [edit] = run {
        // One edit: a scan of the layer is cheaper than indexing it.
        return apply_to_layer(edit, layer);
    }
    // Each span id the run names, with the span it has now (`None`: none).
    let mut now: HashMap<&SpanId, Option<&Span>> = HashMap::new();
    for edit in run {
        for id in span_ids(edit) {
            now.insert(id, None);
        }
    }
    for span in &layer.spans {
        if let Some(slot) = now.get_mut(&span.id) {
            *slot = Some(span);
        }
    }
    let mut status = layer.status;
    let mut reviewed: Option<Layer> = None;
    for edit in run {
        match edit {
            Edit::AddSpan { span, .. } => {
                put(&mut now, span)?;
                if status == Status::New {
                    status = Status::InProgress;
                }
            }
            Edit::RemoveSpan { span, .. } => take(&mut now, &span.id)?,
            Edit::ChangeSpan { before, after, .. } => {
                take(&mut now, &before.id)?;
                put(&mut now, after)?;
            }
            Edit::SetStatus { after, .. } => status = *after,
            Edit::SetReviewed {
                region,
                reviewed: on,
                ..
            } => {
                let marks = reviewed.get_or_insert_with(|| Layer {
                    reviewed: layer.reviewed.clone(),
                    ..Layer::default()
                });
                set_reviewed(marks, *region, *on)?;
            }
            Edit::SetLayer { .. }
            | Edit::AddDocument { .. }
            | Edit::RemoveDocument { .. }
            | Edit::SetSchema { .. }
            | Edit::Batch(_) => unreachable!("a run holds span-level edits only"),
        }
    }
    let added: Vec<Span> = now.values().filter_map(|span| span.cloned()).collect();
    let touched: HashSet<&SpanId> = now.into_keys().collect();
    layer.spans.retain(|span| !touched.contains(&span.id));
    layer.spans.extend(added);
    // Two sorted runs (what stayed, what was added once sorted): the
    // stable sort merges them.
    layer.spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    layer.status = status;
    if let Some(marks) = reviewed {
        layer.reviewed = marks.reviewed;
    }
    Ok(())
}

/// The span ids `edit` names.
fn span_ids(edit: &Edit) -> Vec<&SpanId> {
    match edit {
        Edit::AddSpan { span, .. } | Edit::RemoveSpan { span, .. } => vec![&span.id],
        Edit::ChangeSpan { before, after, .. } => vec![&before.id, &after.id],
        _ => Vec::new(),
    }
}

/// Records `span` as added; an error when its id is taken.
fn put<'v>(now: &mut HashMap<&SpanId, Option<&'v Span>>, span: &'v Span) -> Result<(), EditError> {
    let slot = now
        .get_mut(&span.id)
        .expect("every id of the run is listed");
    if slot.is_some() {
        return Err(exists_already(&span.id));
    }
    *slot = Some(span);
    Ok(())
}

/// Records the span `id` as removed; an error when there is none.
fn take(now: &mut HashMap<&SpanId, Option<&Span>>, id: &SpanId) -> Result<(), EditError> {
    now.get_mut(id)
        .and_then(Option::take)
        .map(drop)
        .ok_or_else(|| missing(id))
}
