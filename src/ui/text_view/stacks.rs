//! Stacks of overlapping extents: the suggestions drawn in a block are
//! grouped so that each stack gets one tag, and nested suggestions stay
//! readable.

use std::ops::Range;

/// The stacks of `extents` (sorted by start): maximal runs in which each
/// extent overlaps the extent of an earlier one of the run, as index
/// ranges into `extents`.
pub fn stacks(extents: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut first = 0;
    let mut reach = 0;
    for (i, &(start, end)) in extents.iter().enumerate() {
        if i > first && start >= reach {
            found.push(first..i);
            first = i;
            reach = 0;
        }
        reach = reach.max(end);
    }
    if first < extents.len() {
        found.push(first..extents.len());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_crossing_extents_make_one_stack_and_touching_ones_two() {
        // "US President Donald Trump said" with "Donald Trump" and "Trump"
        // inside, a claim crossing its end, then a separate date that
        // touches the claim's end.
        let extents = [(0, 25), (13, 25), (20, 25), (21, 40), (40, 50), (60, 61)];
        assert_eq!(stacks(&extents), [0..4, 4..5, 5..6]);
    }

    #[test]
    fn no_extents_no_stacks() {
        assert!(stacks(&[]).is_empty());
        assert_eq!(stacks(&[(3, 4)]), vec![Range { start: 0, end: 1 }]);
    }

    proptest::proptest! {
        /// Stacks cover every extent in order, no extent overlaps one of
        /// another stack, and within a stack each extent after the first
        /// starts before the stack's reach so far.
        #[test]
        fn stacks_partition_the_extents_into_overlapping_runs(
            mut extents in proptest::collection::vec((0usize..60, 1usize..15), 0..30)
        ) {
            let mut extents: Vec<(usize, usize)> = extents.drain(..).map(|(s, l)| (s, s + l)).collect();
            extents.sort_unstable();
            let found = stacks(&extents);
            let covered: Vec<usize> = found.iter().flat_map(Clone::clone).collect();
            proptest::prop_assert_eq!(covered, (0..extents.len()).collect::<Vec<_>>());
            for (k, a) in found.iter().enumerate() {
                for b in &found[k + 1..] {
                    for &(s1, e1) in &extents[a.clone()] {
                        for &(s2, e2) in &extents[b.clone()] {
                            proptest::prop_assert!(e1 <= s2 || e2 <= s1, "stacks overlap");
                        }
                    }
                }
                let mut reach = extents[a.start].1;
                for &(s, e) in &extents[a.start + 1..a.end] {
                    proptest::prop_assert!(s < reach);
                    reach = reach.max(e);
                }
            }
        }
    }
}
