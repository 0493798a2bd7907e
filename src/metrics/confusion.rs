//! The label confusion table: on spans with the same extent (start, end)
//! in both layers, how often A's label meets B's label, so a reviewer sees
//! which labels annotators swap. The diagonal holds strict matches.
//!
//! `counts` pools all *ordered* annotator pairs, so it is symmetric (a swap
//! of `date` and `claim` between alice and bob counts once as (date, claim)
//! and once as (claim, date), and each agreeing span pair counts twice on
//! the diagonal); `pairs` keeps each pair's own table, rows being the first
//! annotator's labels.

use serde::Serialize;

/// Label-by-label counts of same-extent span pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConfusionTable {
    /// Row and column labels, in schema order.
    pub labels: Vec<String>,
    /// `counts[i][j]`: same-extent span pairs labelled `labels[i]` by one
    /// annotator and `labels[j]` by the other, over all ordered pairs.
    pub counts: Vec<Vec<usize>>,
    /// Each annotator pair's table.
    pub pairs: Vec<PairConfusion>,
}

/// One annotator pair's confusion counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PairConfusion {
    /// First annotator (rows).
    pub a: String,
    /// Second annotator (columns).
    pub b: String,
    /// `counts[i][j]`: spans labelled `labels[i]` by `a` with the same
    /// extent as a span labelled `labels[j]` by `b`.
    pub counts: Vec<Vec<usize>>,
}

impl ConfusionTable {
    /// The table of `pairs` (annotator names) over `labels`, every count 0.
    pub fn new(labels: Vec<String>, pairs: &[(String, String)]) -> Self {
        let zero = vec![vec![0; labels.len()]; labels.len()];
        Self {
            pairs: pairs
                .iter()
                .map(|(a, b)| PairConfusion {
                    a: a.clone(),
                    b: b.clone(),
                    counts: zero.clone(),
                })
                .collect(),
            counts: zero,
            labels,
        }
    }

    /// Counts one same-extent span pair of annotator pair number `pair`.
    pub fn add(&mut self, pair: usize, label_a: usize, label_b: usize) {
        self.pairs[pair].counts[label_a][label_b] += 1;
        self.counts[label_a][label_b] += 1;
        self.counts[label_b][label_a] += 1;
    }

    /// Adds the counts of `other` (same labels and pairs).
    pub fn merge(&mut self, other: &ConfusionTable) {
        let add = |mine: &mut Vec<Vec<usize>>, theirs: &Vec<Vec<usize>>| {
            for (m, t) in mine.iter_mut().zip(theirs) {
                for (x, y) in m.iter_mut().zip(t) {
                    *x += y;
                }
            }
        };
        add(&mut self.counts, &other.counts);
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            add(&mut mine.counts, &theirs.counts);
        }
    }

    /// The off-diagonal cells with a count, largest first: `(label of one,
    /// label of the other, count)` with each unordered swap once.
    pub fn swaps(&self) -> Vec<(&str, &str, usize)> {
        let mut swaps: Vec<(&str, &str, usize)> = Vec::new();
        for (i, row) in self.counts.iter().enumerate() {
            for (j, &n) in row.iter().enumerate().skip(i + 1) {
                if n > 0 {
                    swaps.push((&self.labels[i], &self.labels[j], n));
                }
            }
        }
        swaps.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (x.0, x.1).cmp(&(y.0, y.1))));
        swaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooled_counts_are_symmetric_and_pairs_directional() {
        let labels = vec!["actor".to_owned(), "date".to_owned()];
        let pairs = [("alice".to_owned(), "bob".to_owned())];
        let mut table = ConfusionTable::new(labels, &pairs);
        table.add(0, 0, 0);
        table.add(0, 1, 0);
        table.add(0, 1, 0);
        assert_eq!(table.pairs[0].counts, vec![vec![1, 0], vec![2, 0]]);
        assert_eq!(table.counts, vec![vec![2, 2], vec![2, 0]]);
        assert_eq!(table.swaps(), [("actor", "date", 2)]);
    }
}
