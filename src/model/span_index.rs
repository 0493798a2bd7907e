//! Fast "which spans overlap this range" queries over a layer's spans
//! (sorted by start), for drawing only what is visible.

use super::span::Span;

/// Prefix maxima of span ends; valid while the spans do not change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanIndex {
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans`, which must be sorted by start.
    pub fn new(spans: &[Span]) -> Self {
        let mut max = 0;
        let max_end = spans
            .iter()
            .map(|s| {
                max = max.max(s.end);
                max
            })
            .collect();
        Self { max_end }
    }

    /// Indices of the spans overlapping `[start, end)`, in span order.
    pub fn overlapping<'a>(
        &self,
        spans: &'a [Span],
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let first = self.max_end.partition_point(|&e| e <= start);
        let last = spans.partition_point(|s| s.start < end);
        (first..last.max(first)).filter(move |&i| spans[i].end > start)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::SpanId;

    proptest! {
        #[test]
        fn overlapping_equals_a_linear_scan(
            mut ranges in proptest::collection::vec((0usize..200, 1usize..60), 0..80),
            start in 0usize..260,
            len in 0usize..80,
        ) {
            ranges.sort_unstable();
            let spans: Vec<Span> = ranges
                .iter()
                .enumerate()
                .map(|(i, &(s, l))| Span::new(SpanId::numbered(i as u64), s, s + l, "x"))
                .collect();
            let index = SpanIndex::new(&spans);
            let got: Vec<usize> = index.overlapping(&spans, start, start + len).collect();
            let want: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].overlaps(start, start + len)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
