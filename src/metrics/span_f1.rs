//! Span F1 between two annotators, as DESIGN.md defines it:
//!
//! - strict: spans equal in start, end and label; 2·matches / (|A| + |B|);
//! - overlap: a span counts as matched when a span of the other side with
//!   the same label overlaps it; F1 of the two matched fractions.
//!
//! Both are `None` when neither side has a span and 0 when only one side
//! has none.

use crate::model::Span;

/// Span counts of one annotator pair, summed over labels or documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanCounts {
    /// Spans of the first annotator.
    pub spans_a: u64,
    /// Spans of the second annotator.
    pub spans_b: u64,
    /// Pairs of spans equal in start, end and label.
    pub strict_matches: u64,
    /// Spans of the first annotator overlapping a second's span of their label.
    pub overlapping_a: u64,
    /// Spans of the second annotator overlapping a first's span of their label.
    pub overlapping_b: u64,
}

impl SpanCounts {
    /// Adds `other`.
    pub fn add(&mut self, other: &SpanCounts) {
        self.spans_a += other.spans_a;
        self.spans_b += other.spans_b;
        self.strict_matches += other.strict_matches;
        self.overlapping_a += other.overlapping_a;
        self.overlapping_b += other.overlapping_b;
    }

    /// Strict F1: 2·matches / (|A| + |B|).
    pub fn f1_strict(&self) -> Option<f64> {
        let total = self.spans_a + self.spans_b;
        (total > 0).then(|| 2.0 * self.strict_matches as f64 / total as f64)
    }

    /// Overlap F1: the harmonic mean of the matched fractions of A and B.
    pub fn f1_overlap(&self) -> Option<f64> {
        if self.spans_a + self.spans_b == 0 {
            return None;
        }
        if self.spans_a == 0 || self.spans_b == 0 {
            return Some(0.0);
        }
        let matched_a = self.overlapping_a as f64 / self.spans_a as f64;
        let matched_b = self.overlapping_b as f64 / self.spans_b as f64;
        if matched_a + matched_b == 0.0 {
            return Some(0.0);
        }
        Some(2.0 * matched_a * matched_b / (matched_a + matched_b))
    }
}

/// How many spans of `a` overlap at least one span of `b` (the caller
/// passes spans of one label).
pub fn overlapping_count(a: &[&Span], b: &[&Span]) -> u64 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut sorted: Vec<(usize, usize)> = b
        .iter()
        .filter(|s| s.start < s.end)
        .map(|s| (s.start, s.end))
        .collect();
    sorted.sort_unstable();
    // reach[i]: the largest end among the first i spans by start.
    let mut reach = Vec::with_capacity(sorted.len() + 1);
    reach.push(0);
    for &(_, end) in &sorted {
        let last = *reach.last().unwrap_or(&0);
        reach.push(last.max(end));
    }
    a.iter()
        .filter(|s| {
            let before_end = sorted.partition_point(|&(start, _)| start < s.end);
            s.start < s.end && reach[before_end] > s.start
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    fn spans(ranges: &[(usize, usize)]) -> Vec<Span> {
        ranges
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| Span::new(SpanId::numbered(i as u64 + 1), s, e, "actor"))
            .collect()
    }

    #[test]
    fn overlap_needs_one_shared_code_point() {
        let a = spans(&[(0, 3), (5, 8), (10, 12), (20, 30)]);
        let b = spans(&[(2, 5), (11, 11), (25, 26), (8, 10)]);
        let (ra, rb): (Vec<&Span>, Vec<&Span>) = (a.iter().collect(), b.iter().collect());
        assert_eq!(overlapping_count(&ra, &rb), 2, "(0,3) and (20,30)");
        assert_eq!(overlapping_count(&rb, &ra), 2, "(2,5) and (25,26)");
    }

    #[test]
    fn f1_is_none_without_spans_and_zero_with_one_side_empty() {
        let none = SpanCounts::default();
        assert_eq!((none.f1_strict(), none.f1_overlap()), (None, None));
        let one_side = SpanCounts {
            spans_a: 3,
            ..SpanCounts::default()
        };
        assert_eq!(
            (one_side.f1_strict(), one_side.f1_overlap()),
            (Some(0.0), Some(0.0))
        );
        let counts = SpanCounts {
            spans_a: 4,
            spans_b: 6,
            strict_matches: 2,
            overlapping_a: 3,
            overlapping_b: 3,
        };
        assert_eq!(counts.f1_strict(), Some(0.4));
        let overlap = counts.f1_overlap().expect("defined");
        assert!((overlap - 2.0 * 0.75 * 0.5 / 1.25).abs() < 1e-15);
    }
}
