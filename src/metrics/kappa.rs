//! Cohen's κ (two raters) and Fleiss' κ (any number of raters), computed
//! as scikit-learn's `cohen_kappa_score` and statsmodels' `fleiss_kappa`
//! compute them. Undefined values (no items, no expected disagreement) are
//! `None`.

/// Ratings of `raters` raters on `items` items, each rated by all of them,
/// reduced to what Fleiss' κ and Gwet's AC1 need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultiRaterCounts {
    /// Number of items.
    pub items: u64,
    /// Raters per item.
    pub raters: u64,
    /// Ratings per category, over all items.
    pub category_totals: Vec<u64>,
    /// Σ over items and categories of the squared number of ratings.
    pub sum_squares: u64,
}

impl MultiRaterCounts {
    /// The counts of a table with one row per item and one column per
    /// category (how many raters put the item there); every row must sum
    /// to the same number of raters.
    pub fn from_table(table: &[Vec<u64>]) -> Self {
        let categories = table.first().map_or(0, Vec::len);
        let mut counts = Self {
            items: table.len() as u64,
            raters: table.first().map_or(0, |row| row.iter().sum()),
            category_totals: vec![0; categories],
            sum_squares: 0,
        };
        for row in table {
            for (total, &n) in counts.category_totals.iter_mut().zip(row) {
                *total += n;
                counts.sum_squares += n * n;
            }
        }
        counts
    }

    /// The counts of binary decisions: `marks` = Σ over items of the
    /// raters saying yes, `marks_squared` = Σ of its square.
    pub fn binary(items: u64, raters: u64, marks: u64, marks_squared: u64) -> Self {
        let nos_squared =
            (items * raters * raters + marks_squared).saturating_sub(2 * raters * marks);
        Self {
            items,
            raters,
            category_totals: vec![items * raters - marks, marks],
            sum_squares: marks_squared + nos_squared,
        }
    }

    /// Mean agreement over items: the share of agreeing rater pairs
    /// (Fleiss' P̄, Gwet's pₐ). `None` without items or with one rater.
    pub fn observed_agreement(&self) -> Option<f64> {
        if self.items == 0 || self.raters < 2 {
            return None;
        }
        let (n, m) = (self.items as f64, self.raters as f64);
        Some((self.sum_squares as f64 - n * m) / (n * m * (m - 1.0)))
    }

    /// Share of all ratings in each category.
    pub fn category_shares(&self) -> Vec<f64> {
        let total = (self.items * self.raters) as f64;
        self.category_totals
            .iter()
            .map(|&t| t as f64 / total)
            .collect()
    }
}

/// Cohen's κ from a square confusion matrix (rows: first rater's category,
/// columns: second rater's). `None` when there are no items or the
/// expected disagreement is zero (both raters always use one category).
pub fn cohen_kappa(matrix: &[Vec<u64>]) -> Option<f64> {
    let k = matrix.len();
    let n: u64 = matrix.iter().flatten().sum();
    let trace: u64 = (0..k).map(|i| matrix[i][i]).sum();
    let rows: Vec<u64> = matrix.iter().map(|row| row.iter().sum()).collect();
    let cols: Vec<u64> = (0..k)
        .map(|j| matrix.iter().map(|row| row[j]).sum())
        .collect();
    let chance: u128 = rows
        .iter()
        .zip(&cols)
        .map(|(&r, &c)| u128::from(r) * u128::from(c))
        .sum();
    let n2 = u128::from(n) * u128::from(n);
    if n == 0 || n2 == chance {
        return None;
    }
    // scikit-learn: 1 - Σ observed disagreement / Σ expected disagreement.
    let nf = n as f64;
    let observed = (n - trace) as f64;
    let expected = (n2 - chance) as f64 / nf;
    Some(1.0 - observed / expected)
}

/// Cohen's κ on binary decisions: items marked by both raters, by the
/// first only, by the second only, by neither.
pub fn cohen_kappa_binary(both: u64, first: u64, second: u64, neither: u64) -> Option<f64> {
    cohen_kappa(&[vec![neither, second], vec![first, both]])
}

/// Fleiss' κ. `None` without items, with fewer than two raters, or when
/// every rating falls in one category (no expected disagreement).
pub fn fleiss_kappa(counts: &MultiRaterCounts) -> Option<f64> {
    let observed = counts.observed_agreement()?;
    let total = counts.items * counts.raters;
    if counts.category_totals.contains(&total) {
        return None;
    }
    let expected: f64 = counts.category_shares().iter().map(|p| p * p).sum();
    Some((observed - expected) / (1.0 - expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    /// Fleiss (1971) as Wikipedia works it: 10 subjects, 14 raters, 5
    /// categories, κ = 0.210.
    const FLEISS_TABLE: [[u64; 5]; 10] = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];

    #[test]
    fn fleiss_kappa_of_the_textbook_table_is_0_210() {
        let table: Vec<Vec<u64>> = FLEISS_TABLE.iter().map(|r| r.to_vec()).collect();
        let kappa = fleiss_kappa(&MultiRaterCounts::from_table(&table));
        // statsmodels.stats.inter_rater.fleiss_kappa on the same table.
        assert!(close(kappa, 0.209_930_704_421_955_2), "{kappa:?}");
    }

    #[test]
    fn cohen_kappa_matches_a_worked_example() {
        // Wikipedia: 50 proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        let kappa = cohen_kappa(&[vec![20, 5], vec![10, 15]]);
        assert!(close(kappa, 0.4), "{kappa:?}");
        // Gwet's high-agreement paradox: 118/5/2/0 gives a slightly
        // negative κ.
        let paradox = cohen_kappa_binary(118, 5, 2, 0);
        assert!(close(paradox, -0.023_391_812_865_497_075), "{paradox:?}");
    }

    #[test]
    fn undefined_kappas_are_none_not_nan() {
        assert_eq!(cohen_kappa_binary(0, 0, 0, 0), None);
        assert_eq!(cohen_kappa_binary(0, 0, 0, 9), None, "nobody marks");
        assert_eq!(cohen_kappa_binary(9, 0, 0, 0), None, "both mark all");
        assert_eq!(cohen_kappa_binary(3, 0, 0, 6), Some(1.0));
        let all_no = MultiRaterCounts::binary(5, 3, 0, 0);
        assert_eq!(fleiss_kappa(&all_no), None);
        assert_eq!(fleiss_kappa(&MultiRaterCounts::binary(0, 3, 0, 0)), None);
    }

    #[test]
    fn binary_counts_equal_the_table_they_summarise() {
        // Items marked by 0, 1, 3, 2 of 3 raters.
        let table = vec![vec![3, 0], vec![2, 1], vec![0, 3], vec![1, 2]];
        let marks = 6;
        let marks_squared = 1 + 9 + 4;
        assert_eq!(
            MultiRaterCounts::binary(4, 3, marks, marks_squared),
            MultiRaterCounts::from_table(&table)
        );
    }
}
