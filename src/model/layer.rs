//! One annotator's layer of spans on one document.

use serde::{Deserialize, Serialize};

use super::ids::SpanId;
use super::span::Span;

/// The reserved annotator name of the adjudicated layer.
pub const GOLD: &str = "gold";

/// Prefix of annotator names that hold imported model predictions.
pub const MODEL_PREFIX: &str = "model:";

/// How far an annotator has got with a document.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started.
    #[default]
    New,
    /// Started, not finished.
    InProgress,
    /// Finished.
    Done,
}

impl Status {
    /// All statuses in workflow order.
    pub const ALL: [Status; 3] = [Status::New, Status::InProgress, Status::Done];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// Parses a name written by [`Status::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One annotator's spans on one document, kept in canonical order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Progress on the document.
    #[serde(default)]
    pub status: Status,
    /// Spans sorted by [`Span::sort_key`].
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Regions `[start, end)` an adjudicator has settled (on the `gold`
    /// layer): a disagreement inside one is decided, even when the decision
    /// was to keep none of the annotators' spans. Sorted, no duplicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<(usize, usize)>,
}

impl Layer {
    /// A layer holding `spans`, sorted.
    pub fn with_spans(status: Status, mut spans: Vec<Span>) -> Self {
        spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Self {
            status,
            spans,
            reviewed: Vec::new(),
        }
    }

    /// Whether a reviewed region covers all of `[start, end)`.
    pub fn is_reviewed(&self, start: usize, end: usize) -> bool {
        self.reviewed.iter().any(|&(s, e)| s <= start && end <= e)
    }

    /// Records `region` as reviewed; false when it already was.
    pub fn add_reviewed(&mut self, region: (usize, usize)) -> bool {
        match self.reviewed.binary_search(&region) {
            Ok(_) => false,
            Err(at) => {
                self.reviewed.insert(at, region);
                true
            }
        }
    }

    /// Forgets the reviewed `region`; false when it was not recorded.
    pub fn remove_reviewed(&mut self, region: (usize, usize)) -> bool {
        match self.reviewed.binary_search(&region) {
            Ok(at) => {
                self.reviewed.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Restores the canonical span order (and of the reviewed regions).
    pub fn sort(&mut self) {
        self.spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.reviewed.sort_unstable();
        self.reviewed.dedup();
    }

    /// The span with id `id`.
    pub fn span(&self, id: &SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| &s.id == id)
    }

    /// Position of the span with id `id` in [`Layer::spans`].
    pub fn position(&self, id: &SpanId) -> Option<usize> {
        self.spans.iter().position(|s| &s.id == id)
    }

    /// A fresh id: one more than the highest `T<n>` id in the layer.
    pub fn next_span_id(&self) -> SpanId {
        let max = self
            .spans
            .iter()
            .filter_map(|s| s.id.number())
            .max()
            .unwrap_or(0);
        SpanId::numbered(max + 1)
    }

    /// Inserts `span` at its place in the canonical order; returns the index.
    pub fn insert(&mut self, span: Span) -> usize {
        let at = self
            .spans
            .partition_point(|s| s.sort_key() < span.sort_key());
        self.spans.insert(at, span);
        at
    }

    /// Removes and returns the span with id `id`.
    pub fn remove(&mut self, id: &SpanId) -> Option<Span> {
        let at = self.position(id)?;
        Some(self.spans.remove(at))
    }
}

/// Whether `annotator` is a human annotator compared in agreement (not
/// `gold`, not a `model:` layer).
pub fn is_human_annotator(annotator: &str) -> bool {
    annotator != GOLD && !annotator.starts_with(MODEL_PREFIX)
}

/// Whether `name` can be used as an annotator name: non-empty, no control
/// characters, no leading or trailing white space.
pub fn is_valid_annotator(name: &str) -> bool {
    !name.is_empty() && name.trim() == name && !name.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_keeps_canonical_order_and_next_id_skips_past_the_highest() {
        let mut layer = Layer::default();
        layer.insert(Span::new(SpanId::numbered(7), 10, 12, "actor"));
        layer.insert(Span::new(SpanId::from("x"), 0, 3, "date"));
        let at = layer.insert(Span::new(layer.next_span_id(), 5, 6, "actor"));
        assert_eq!(at, 1);
        let ids: Vec<&str> = layer.spans.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["x", "T8", "T7"]);
        assert_eq!(layer.remove(&SpanId::from("T8")).map(|s| s.start), Some(5));
    }

    #[test]
    fn reviewed_regions_stay_sorted_and_cover_what_they_contain() {
        let mut layer = Layer::default();
        assert!(layer.add_reviewed((10, 20)));
        assert!(layer.add_reviewed((0, 5)));
        assert!(!layer.add_reviewed((0, 5)));
        assert_eq!(layer.reviewed, [(0, 5), (10, 20)]);
        assert!(layer.is_reviewed(12, 20));
        assert!(!layer.is_reviewed(4, 11));
        assert!(layer.remove_reviewed((0, 5)));
        assert!(!layer.remove_reviewed((0, 5)));
        assert_eq!(layer.reviewed, [(10, 20)]);
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn gold_and_model_layers_are_not_human() {
        assert!(is_human_annotator("alice"));
        assert!(!is_human_annotator(GOLD));
        assert!(!is_human_annotator("model:crf"));
        assert!(!is_valid_annotator(" bob"));
        assert!(!is_valid_annotator("a\tb"));
    }
}
