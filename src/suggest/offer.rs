//! Which candidate suggestions are offered: the one rule that keeps a layer
//! clean, shared by `marginalia suggest` and the window's pending list (and
//! re-checked when suggestions are accepted).
//!
//! Given the spans a layer already has (`taken`), a candidate is offered
//! only when
//! - no taken span has its extent (with any label),
//! - no taken span of its label overlaps it, and
//! - among the candidates of its label that pass, it is chosen by a greedy
//!   pass that takes the longest first (the leftmost of equally long ones,
//!   then the earliest listed) and skips every candidate overlapping one
//!   taken before (as spaCy's `filter_spans` does).
//!
//! So accepting every offered suggestion never gives two spans of one label
//! of which one contains or crosses the other, unless the layer had them
//! already. Two candidates with the same extent and label are one: the one
//! listed first is kept.

use std::collections::BTreeMap;

use crate::model::Span;

/// The `candidates` offered next to the spans `taken` (see the module
/// documentation), in canonical order (start, end, label); `span_of` gives
/// a candidate's span.
pub fn offered<'t, T>(
    candidates: Vec<T>,
    span_of: impl Fn(&T) -> &Span,
    taken: impl IntoIterator<Item = &'t Span>,
) -> Vec<T> {
    let mut extents = Vec::new();
    let mut occupied: BTreeMap<&str, Occupied> = BTreeMap::new();
    for span in taken {
        extents.push((span.start, span.end));
        occupied
            .entry(span.label.as_str())
            .or_default()
            .cover(span.start, span.end);
    }
    extents.sort_unstable();
    let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, candidate) in candidates.iter().enumerate() {
        by_label
            .entry(span_of(candidate).label.as_str())
            .or_default()
            .push(i);
    }
    let extent = |i: usize| {
        let span = span_of(&candidates[i]);
        (span.start, span.end)
    };
    let mut chosen = Vec::with_capacity(candidates.len());
    for (label, mut order) in by_label {
        let covered = occupied.remove(label).unwrap_or_default();
        order.retain(|&i| {
            let (start, end) = extent(i);
            extents.binary_search(&(start, end)).is_err() && !covered.overlaps(start, end)
        });
        // Stable: candidates with one extent keep their listed order.
        order.sort_by_key(|&i| extent(i));
        // Only candidates that overlap others need choosing: take each
        // cluster of overlapping ones in turn.
        let mut first = 0;
        while first < order.len() {
            let mut reach = extent(order[first]).1;
            let mut last = first + 1;
            while last < order.len() && extent(order[last]).0 < reach {
                reach = reach.max(extent(order[last]).1);
                last += 1;
            }
            let cluster = &mut order[first..last];
            if let [single] = cluster {
                chosen.push(*single);
            } else {
                choose_longest(cluster, &extent, &mut chosen);
            }
            first = last;
        }
    }
    chosen.sort_unstable_by(|&a, &b| {
        let (a, b) = (span_of(&candidates[a]), span_of(&candidates[b]));
        (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label))
    });
    let mut slots: Vec<Option<T>> = candidates.into_iter().map(Some).collect();
    chosen.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Chooses among `cluster` (candidates of one label, in extent order) the
/// longest first, then the leftmost, then the first listed, skipping every
/// one that overlaps one chosen before; pushes what it chose to `chosen`.
fn choose_longest(
    cluster: &mut [usize],
    extent: &impl Fn(usize) -> (usize, usize),
    chosen: &mut Vec<usize>,
) {
    // Stable: of equal extents the first listed stays first.
    cluster.sort_by_key(|&i| {
        let (start, end) = extent(i);
        (std::cmp::Reverse(end - start), start)
    });
    let mut covered = Occupied::default();
    for &i in cluster.iter() {
        let (start, end) = extent(i);
        if !covered.overlaps(start, end) {
            covered.cover(start, end);
            chosen.push(i);
        }
    }
}

/// A union of half-open code-point ranges, kept as disjoint ranges (start →
/// end), so whether a range overlaps any of them is one lookup.
#[derive(Debug, Default)]
struct Occupied {
    ranges: BTreeMap<usize, usize>,
}

impl Occupied {
    /// Whether `[start, end)` shares a code point with the union.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        start < end
            && self
                .ranges
                .range(..end)
                .next_back()
                .is_some_and(|(_, &e)| e > start)
    }

    /// Adds `[start, end)` to the union, merging the ranges it overlaps.
    fn cover(&mut self, mut start: usize, mut end: usize) {
        if start >= end {
            return;
        }
        while let Some((&s, &e)) = self.ranges.range(..end).next_back() {
            if e < start {
                break;
            }
            self.ranges.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.ranges.insert(start, end);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::SpanId;

    fn sp(start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId(String::new()), start, end, label)
    }

    fn extents(spans: &[Span]) -> Vec<(usize, usize, &str)> {
        spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect()
    }

    fn offer(candidates: &[Span], taken: &[Span]) -> Vec<Span> {
        offered(candidates.to_vec(), |s| s, taken)
    }

    #[test]
    fn of_nested_matches_of_one_label_only_the_longest_is_offered() {
        // "US President Donald Trump", "Donald Trump", "Trump".
        let got = offer(
            &[sp(13, 25, "actor"), sp(20, 25, "actor"), sp(0, 25, "actor")],
            &[],
        );
        assert_eq!(extents(&got), [(0, 25, "actor")]);
    }

    #[test]
    fn of_equally_long_crossing_matches_the_leftmost_is_offered() {
        let got = offer(
            &[sp(4, 10, "date"), sp(0, 6, "date"), sp(10, 12, "date")],
            &[],
        );
        assert_eq!(extents(&got), [(0, 6, "date"), (10, 12, "date")]);
    }

    #[test]
    fn other_labels_nest_freely() {
        let got = offer(&[sp(0, 20, "claim"), sp(3, 8, "actor")], &[]);
        assert_eq!(extents(&got), [(0, 20, "claim"), (3, 8, "actor")]);
    }

    #[test]
    fn nothing_overlapping_a_taken_span_of_its_label_nor_at_a_taken_extent_is_offered() {
        let taken = [sp(20, 25, "actor"), sp(30, 34, "claim")];
        let got = offer(
            &[
                sp(0, 25, "actor"),
                sp(0, 12, "actor"),
                sp(30, 34, "actor"),
                sp(30, 40, "claim"),
                sp(26, 29, "claim"),
            ],
            &taken,
        );
        assert_eq!(extents(&got), [(0, 12, "actor"), (26, 29, "claim")]);
    }

    #[test]
    fn of_two_candidates_with_one_extent_and_label_the_first_listed_is_kept() {
        let first = sp(0, 5, "date").with_attrs(&[("value", "2025-08-15")]);
        let got = offer(&[first.clone(), sp(0, 5, "date")], &[]);
        assert_eq!(got, [first]);
    }

    #[test]
    fn touching_ranges_do_not_overlap() {
        let mut occupied = Occupied::default();
        occupied.cover(5, 10);
        occupied.cover(0, 5);
        occupied.cover(20, 30);
        occupied.cover(8, 21);
        assert_eq!(occupied.ranges, BTreeMap::from([(0, 30)]));
        let got = offer(
            &[sp(0, 5, "actor"), sp(5, 9, "actor")],
            &[sp(9, 12, "actor")],
        );
        assert_eq!(extents(&got), [(0, 5, "actor"), (5, 9, "actor")]);
    }

    fn span_strategy() -> impl Strategy<Value = Span> {
        (0usize..60, 1usize..15, 0usize..2)
            .prop_map(|(start, len, label)| sp(start, start + len, ["actor", "date"][label]))
    }

    proptest! {
        #[test]
        fn offered_spans_overlap_neither_each_other_nor_taken_spans_of_their_label(
            candidates in proptest::collection::vec(span_strategy(), 0..40),
            taken in proptest::collection::vec(span_strategy(), 0..6),
        ) {
            let got = offer(&candidates, &taken);
            for (i, a) in got.iter().enumerate() {
                prop_assert!(!taken.iter().any(|t| (t.start, t.end) == (a.start, a.end)));
                prop_assert!(!taken.iter().any(|t| t.label == a.label && t.overlaps(a.start, a.end)));
                for b in &got[i + 1..] {
                    prop_assert!(a.label != b.label || !a.overlaps(b.start, b.end), "{a:?} {b:?}");
                }
            }
            // Maximal: every candidate left out is blocked by a taken span
            // or by an offered one of its label at least as long.
            for c in &candidates {
                let blocked = taken.iter().any(|t| (t.start, t.end) == (c.start, c.end)
                    || (t.label == c.label && t.overlaps(c.start, c.end)))
                    || got.iter().any(|g| g.label == c.label && g.overlaps(c.start, c.end)
                        && g.end - g.start >= c.end - c.start);
                prop_assert!(blocked, "{c:?} left out");
            }
        }
    }
}
