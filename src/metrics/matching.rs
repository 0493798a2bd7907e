//! The one pairing of two annotators' spans on a document, shared by span
//! F1, the label confusion table, attribute agreement and the diff.
//!
//! Spans are paired in this order, each span at most once:
//!
//! 1. same start, end and label (strict matches; duplicates pair one to
//!    one);
//! 2. same start and end, different label (label swaps), pairing the
//!    leftovers of one extent in label order;
//! 3. (with [`match_spans`] only) overlapping spans with the same label and
//!    a different extent (boundary mismatches), greedily by largest
//!    overlap, ties broken by position;
//! 4. whatever is left is only in A or only in B.

use std::collections::BTreeMap;

use super::boundary_pairs::greedy_overlap_pairs;
use crate::model::Span;

/// Pairs of indices into the two span lists, by how they were paired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMatching {
    /// Same start, end and label.
    pub same: Vec<(usize, usize)>,
    /// Same start and end, different label.
    pub relabelled: Vec<(usize, usize)>,
    /// Same label, overlapping, different extent.
    pub boundary: Vec<(usize, usize)>,
    /// Spans of A paired with nothing.
    pub only_a: Vec<usize>,
    /// Spans of B paired with nothing.
    pub only_b: Vec<usize>,
}

/// Indices of `spans` in canonical order (start, end, label, id).
fn canonical_order(spans: &[&Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&i, &j| spans[i].sort_key().cmp(&spans[j].sort_key()));
    order
}

/// Steps 1 and 2: pairs by extent only; everything else is left in
/// `only_a`/`only_b` (in canonical order) and `boundary` is empty.
pub fn pair_by_extent(a: &[&Span], b: &[&Span]) -> SpanMatching {
    let (order_a, order_b) = (canonical_order(a), canonical_order(b));
    let mut result = SpanMatching::default();
    let extent = |span: &Span| (span.start, span.end);
    let (mut from_a, mut from_b) = (0, 0);
    while from_a < order_a.len() || from_b < order_b.len() {
        let next_a = order_a.get(from_a).map(|&k| extent(a[k]));
        let next_b = order_b.get(from_b).map(|&k| extent(b[k]));
        let here = match (next_a, next_b) {
            (Some(ea), Some(eb)) => ea.min(eb),
            (Some(only), None) | (None, Some(only)) => only,
            (None, None) => break,
        };
        let to_a = from_a + order_a[from_a..].partition_point(|&k| extent(a[k]) == here);
        let to_b = from_b + order_b[from_b..].partition_point(|&k| extent(b[k]) == here);
        pair_group(
            a,
            b,
            &order_a[from_a..to_a],
            &order_b[from_b..to_b],
            &mut result,
        );
        (from_a, from_b) = (to_a, to_b);
    }
    result
}

/// Pairs the spans of one extent: equal labels first, then the rest in
/// label order.
fn pair_group(a: &[&Span], b: &[&Span], ga: &[usize], gb: &[usize], out: &mut SpanMatching) {
    let (mut left_a, mut left_b) = (Vec::new(), Vec::new());
    let (mut p, mut q) = (0, 0);
    while p < ga.len() && q < gb.len() {
        match a[ga[p]].label.cmp(&b[gb[q]].label) {
            std::cmp::Ordering::Equal => {
                out.same.push((ga[p], gb[q]));
                p += 1;
                q += 1;
            }
            std::cmp::Ordering::Less => {
                left_a.push(ga[p]);
                p += 1;
            }
            std::cmp::Ordering::Greater => {
                left_b.push(gb[q]);
                q += 1;
            }
        }
    }
    left_a.extend_from_slice(&ga[p..]);
    left_b.extend_from_slice(&gb[q..]);
    let paired = left_a.len().min(left_b.len());
    out.relabelled
        .extend(left_a.iter().copied().zip(left_b.iter().copied()));
    out.only_a.extend_from_slice(&left_a[paired..]);
    out.only_b.extend_from_slice(&left_b[paired..]);
}

/// All four steps: [`pair_by_extent`], then boundary pairs among the
/// leftovers, label by label: greedily by largest overlap, found by
/// chains of mutual best partners rather than by trying every pair.
pub fn match_spans(a: &[&Span], b: &[&Span]) -> SpanMatching {
    let mut result = pair_by_extent(a, b);
    // The ranks (places in `only_a`, `only_b`) of each label's leftovers.
    let mut by_label: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (rank, &x) in result.only_a.iter().enumerate() {
        by_label.entry(&a[x].label).or_default().0.push(rank);
    }
    for (rank, &y) in result.only_b.iter().enumerate() {
        by_label.entry(&b[y].label).or_default().1.push(rank);
    }
    let mut used_a = vec![false; result.only_a.len()];
    let mut used_b = vec![false; result.only_b.len()];
    for (ranks_a, ranks_b) in by_label.values() {
        if ranks_a.is_empty() || ranks_b.is_empty() {
            continue;
        }
        let extents = |ranks: &[usize], only: &[usize], spans: &[&Span]| -> Vec<(usize, usize)> {
            ranks
                .iter()
                .map(|&rank| (spans[only[rank]].start, spans[only[rank]].end))
                .collect()
        };
        let pairs = greedy_overlap_pairs(
            &extents(ranks_a, &result.only_a, a),
            &extents(ranks_b, &result.only_b, b),
        );
        for (i, j) in pairs {
            let (rank_a, rank_b) = (ranks_a[i], ranks_b[j]);
            used_a[rank_a] = true;
            used_b[rank_b] = true;
            result
                .boundary
                .push((result.only_a[rank_a], result.only_b[rank_b]));
        }
    }
    result.only_a = unused(&result.only_a, &used_a);
    result.only_b = unused(&result.only_b, &used_b);
    result
        .boundary
        .sort_by(|&(x1, _), &(x2, _)| a[x1].sort_key().cmp(&a[x2].sort_key()));
    result
}

/// The items of `list` not marked in `used`.
fn unused(list: &[usize], used: &[bool]) -> Vec<usize> {
    list.iter()
        .zip(used)
        .filter(|&(_, &u)| !u)
        .map(|(&x, _)| x)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use proptest::prelude::*;

    use super::*;
    use crate::model::SpanId;

    /// The matching as it was first written: every overlapping pair of the
    /// same label a candidate, sorted, taken greedily. Quadratic; the oracle
    /// [`match_spans`] is compared with.
    fn match_spans_all_pairs(a: &[&Span], b: &[&Span]) -> SpanMatching {
        let mut result = pair_by_extent(a, b);
        // Candidate boundary pairs: same label, overlapping (never the same
        // extent: those were paired above unless one side had a duplicate).
        let mut by_start = result.only_b.clone();
        by_start.sort_by_key(|&y| (b[y].start, b[y].end));
        let mut candidates: Vec<(Reverse<usize>, usize, usize)> = Vec::new();
        for (rank_a, &x) in result.only_a.iter().enumerate() {
            let span = a[x];
            let before_end = by_start.partition_point(|&y| b[y].start < span.end);
            for &y in &by_start[..before_end] {
                let other = b[y];
                if other.label == span.label && other.end > span.start {
                    let overlap = span.end.min(other.end) - span.start.max(other.start);
                    candidates.push((Reverse(overlap), rank_a, y));
                }
            }
        }
        if candidates.is_empty() {
            return result;
        }
        // Ties: earlier A span first, then earlier B span.
        let rank_b: std::collections::HashMap<usize, usize> = result
            .only_b
            .iter()
            .enumerate()
            .map(|(rank, &y)| (y, rank))
            .collect();
        candidates.sort_by_key(|&(overlap, rank_a, y)| (overlap, rank_a, rank_b[&y]));
        let mut used_a = vec![false; result.only_a.len()];
        let mut used_b = vec![false; result.only_b.len()];
        for (_, rank_a, y) in candidates {
            let rb = rank_b[&y];
            if !used_a[rank_a] && !used_b[rb] {
                used_a[rank_a] = true;
                used_b[rb] = true;
                result.boundary.push((result.only_a[rank_a], y));
            }
        }
        let keep = |list: &[usize], used: &[bool]| -> Vec<usize> {
            list.iter()
                .zip(used)
                .filter(|&(_, &u)| !u)
                .map(|(&x, _)| x)
                .collect()
        };
        result.only_a = keep(&result.only_a, &used_a);
        result.only_b = keep(&result.only_b, &used_b);
        result
            .boundary
            .sort_by(|&(x1, _), &(x2, _)| a[x1].sort_key().cmp(&a[x2].sort_key()));
        result
    }

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId::from(id), start, end, label)
    }

    #[test]
    fn pairs_in_the_documented_order() {
        let a = [
            span("a1", 0, 5, "actor"),
            span("a2", 10, 15, "actor"),
            span("a3", 20, 25, "date"),
            span("a4", 30, 40, "claim"),
            span("a5", 50, 55, "actor"),
        ];
        let b = [
            span("b1", 0, 5, "actor"),
            span("b2", 10, 15, "date"),
            span("b3", 21, 25, "date"),
            span("b4", 28, 35, "claim"),
            span("b5", 33, 45, "claim"),
            span("b6", 60, 61, "actor"),
        ];
        let ra: Vec<&Span> = a.iter().collect();
        let rb: Vec<&Span> = b.iter().collect();
        let m = match_spans(&ra, &rb);
        assert_eq!(m.same, [(0, 0)]);
        assert_eq!(m.relabelled, [(1, 1)]);
        // a4 overlaps b4 by 5 and b5 by 7: the larger overlap wins.
        assert_eq!(m.boundary, [(2, 2), (3, 4)]);
        assert_eq!(m.only_a, [4]);
        assert_eq!(m.only_b, [3, 5]);
    }

    #[test]
    fn duplicates_pair_one_to_one() {
        let a = [span("a1", 0, 5, "actor"), span("a2", 0, 5, "actor")];
        let b = [span("b1", 0, 5, "actor"), span("b2", 0, 5, "date")];
        let ra: Vec<&Span> = a.iter().collect();
        let rb: Vec<&Span> = b.iter().collect();
        let m = pair_by_extent(&ra, &rb);
        assert_eq!(m.same, [(0, 0)]);
        assert_eq!(m.relabelled, [(1, 1)]);
        assert!(m.only_a.is_empty() && m.only_b.is_empty());
    }

    proptest! {
        #[test]
        fn the_sweep_pairs_exactly_as_all_pairs_did(
            a in prop::collection::vec((0usize..60, 1usize..25, 0usize..3), 0..40),
            b in prop::collection::vec((0usize..60, 1usize..25, 0usize..3), 0..40),
            spread in 2usize..60,
        ) {
            let layer = |spans: &[(usize, usize, usize)], side: &str| -> Vec<Span> {
                spans
                    .iter()
                    .enumerate()
                    .map(|(i, &(start, len, label))| {
                        // Starts crowded into `spread` places: many ties.
                        let start = start % spread;
                        Span::new(
                            SpanId::from(format!("{side}{i}").as_str()),
                            start,
                            start + len % spread + 1,
                            ["actor", "date", "claim"][label],
                        )
                    })
                    .collect()
            };
            let (a, b) = (layer(&a, "a"), layer(&b, "b"));
            let ra: Vec<&Span> = a.iter().collect();
            let rb: Vec<&Span> = b.iter().collect();
            prop_assert_eq!(match_spans(&ra, &rb), match_spans_all_pairs(&ra, &rb));
        }
    }
}
