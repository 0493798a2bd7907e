//! Token decisions: for one label, which annotators mark each token of a
//! text (the tokens of [`crate::model::doc_tokens::DocTokens`]).

/// The sufficient statistics of one label's binary token decisions on one
/// document (or summed over several): everything Cohen's κ, Fleiss' κ,
/// Gwet's AC1 and Krippendorff's α need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionCounts {
    /// Σ over tokens of the number of present annotators marking it.
    pub marks: u64,
    /// Σ over tokens of the square of that number.
    pub marks_squared: u64,
    /// Per annotator pair (in [`pairs`] order): tokens marked by both, by
    /// the first only, by the second only.
    pub pairs: Vec<[u64; 3]>,
}

/// The annotator pairs `(i, j)`, `i < j`, of `n` annotators, in order.
pub fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect()
}

/// One annotator's span as token indices: `(from, to, annotator)`.
pub type TokenRun = (usize, usize, usize);

/// Counts the decisions of `runs` (token ranges of one label's spans, each
/// with its annotator number, in any order) for `annotators` annotators
/// forming `pair_list`. Overlapping spans of one annotator mark a token
/// once. `events` is a scratch buffer.
pub fn count_decisions(
    runs: &[TokenRun],
    annotators: usize,
    pair_list: &[(usize, usize)],
    events: &mut Vec<(usize, bool, usize)>,
) -> DecisionCounts {
    let mut counts = DecisionCounts {
        pairs: vec![[0; 3]; pair_list.len()],
        ..DecisionCounts::default()
    };
    events.clear();
    for &(from, to, who) in runs {
        if from < to {
            events.push((from, true, who));
            events.push((to, false, who));
        }
    }
    events.sort_unstable();
    let mut depth = vec![0u32; annotators];
    let mut mask = 0u64;
    let mut previous = 0;
    for &(at, opens, who) in events.iter() {
        if mask != 0 && at > previous {
            counts.add_run(mask, (at - previous) as u64, pair_list);
        }
        previous = at;
        if opens {
            depth[who] += 1;
            mask |= 1 << who;
        } else {
            depth[who] -= 1;
            if depth[who] == 0 {
                mask &= !(1 << who);
            }
        }
    }
    counts
}

impl DecisionCounts {
    /// Adds `len` tokens marked by exactly the annotators in `mask`.
    fn add_run(&mut self, mask: u64, len: u64, pair_list: &[(usize, usize)]) {
        let c = u64::from(mask.count_ones());
        self.marks += c * len;
        self.marks_squared += c * c * len;
        for (cell, &(i, j)) in self.pairs.iter_mut().zip(pair_list) {
            match ((mask >> i) & 1, (mask >> j) & 1) {
                (1, 1) => cell[0] += len,
                (1, 0) => cell[1] += len,
                (0, 1) => cell[2] += len,
                _ => {}
            }
        }
    }

    /// Adds `other` (over the same pairs).
    pub fn add(&mut self, other: &DecisionCounts) {
        self.marks += other.marks;
        self.marks_squared += other.marks_squared;
        if self.pairs.len() < other.pairs.len() {
            self.pairs.resize(other.pairs.len(), [0; 3]);
        }
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_count_each_token_once_per_annotator() {
        let pair_list = pairs(3);
        // Annotator 0 marks 0..4 twice over, 1 marks 2..6, 2 nothing.
        let runs = [(0, 4, 0), (1, 3, 0), (2, 6, 1)];
        let mut events = Vec::new();
        let counts = count_decisions(&runs, 3, &pair_list, &mut events);
        assert_eq!(counts.marks, 4 + 4);
        assert_eq!(counts.marks_squared, 2 + 2 * 4 + 2);
        assert_eq!(counts.pairs, vec![[2, 2, 2], [0, 4, 0], [0, 4, 0]]);
    }
}
