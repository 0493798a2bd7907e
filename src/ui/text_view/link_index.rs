//! The links of one layer, found once per revision of the layer and kept in
//! text order, so that drawing a block asks only for the links that touch
//! it instead of resolving the references of the whole document each frame.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::links::links;
use crate::model::{Schema, Span};

/// Numbers each index built, so that views caching arc layouts know when
/// the links changed.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

/// One link, by positions in the layer's span list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkMark {
    /// Index of the source span.
    pub source: usize,
    /// Index of the target span.
    pub target: usize,
    /// Index into [`LinkIndex::name`] of the reference attribute.
    attribute: usize,
    /// First code point of either span.
    low: usize,
    /// End of the later of the two spans.
    high: usize,
}

/// The links of a layer, sorted by the first code point they cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkIndex {
    revision: u64,
    marks: Vec<LinkMark>,
    /// Prefix maxima of `high`, for overlap queries.
    reach: Vec<usize>,
    names: Vec<String>,
}

impl LinkIndex {
    /// The links of `spans` (one layer, sorted by start) under `schema`.
    pub fn new(schema: &Schema, spans: &[Span]) -> Self {
        let mut names: Vec<String> = Vec::new();
        let mut marks: Vec<LinkMark> = links(schema, spans)
            .into_iter()
            .map(|link| {
                let attribute = names
                    .iter()
                    .position(|n| n == link.attribute)
                    .unwrap_or_else(|| {
                        names.push(link.attribute.to_owned());
                        names.len() - 1
                    });
                let (s, t) = (&spans[link.source], &spans[link.target]);
                LinkMark {
                    source: link.source,
                    target: link.target,
                    attribute,
                    low: s.start.min(t.start),
                    high: s.end.max(t.end),
                }
            })
            .collect();
        marks.sort_by_key(|m| (m.low, m.high, m.source, m.target));
        let mut max = 0;
        let reach = marks
            .iter()
            .map(|m| {
                max = max.max(m.high);
                max
            })
            .collect();
        Self {
            revision: REVISIONS.fetch_add(1, Ordering::Relaxed),
            marks,
            reach,
            names,
        }
    }

    /// A number no other index built in this process has (0 for the empty
    /// default index).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the layer has no links.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// How many links the layer has.
    pub fn len(&self) -> usize {
        self.marks.len()
    }

    /// The reference attribute of `mark` (`speaker`, `holder`).
    pub fn name(&self, mark: &LinkMark) -> &str {
        &self.names[mark.attribute]
    }

    /// The links whose stretch of text, from the first code point of either
    /// span to the end of the later one, overlaps `[start, end)`: those
    /// drawn in a block of that range, passing over it included.
    pub fn touching(&self, start: usize, end: usize) -> impl Iterator<Item = &LinkMark> + '_ {
        let first = self.reach.partition_point(|&r| r <= start);
        let last = self.marks.partition_point(|m| m.low < end);
        self.marks[first..last.max(first)]
            .iter()
            .filter(move |m| m.high > start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    #[test]
    fn links_are_found_by_the_text_they_stretch_over() {
        let schema = Schema::builtin();
        let spans = vec![
            Span::new(SpanId::from("T1"), 0, 5, "actor"),
            Span::new(SpanId::from("T2"), 10, 20, "claim").with_attrs(&[("speaker", "T1")]),
            Span::new(SpanId::from("T3"), 30, 35, "actor"),
            Span::new(SpanId::from("T4"), 100, 110, "stance").with_attrs(&[("holder", "T3")]),
        ];
        let index = LinkIndex::new(&schema, &spans);
        assert_eq!(index.len(), 2);
        let names: Vec<&str> = index.touching(0, 200).map(|m| index.name(m)).collect();
        assert_eq!(names, ["speaker", "holder"]);
        let passing: Vec<(usize, usize)> = index
            .touching(50, 60)
            .map(|m| (m.source, m.target))
            .collect();
        assert_eq!(passing, [(3, 2)], "the holder link passes over 50..60");
        assert_eq!(index.touching(20, 30).count(), 0);
        assert_ne!(index.revision(), LinkIndex::new(&schema, &spans).revision());
        assert!(LinkIndex::default().is_empty());
    }
}
