//! Gwet's AC1, as `irrCAC`'s `CAC.gwet()` computes it (identity weights):
//! pₐ is the mean share of agreeing rater pairs per item, the chance term
//! pₑ = Σₖ πₖ(1 − πₖ) / (q − 1) with πₖ the share of ratings in category k
//! and q the number of categories. AC1 is 1 when every rating agrees.

use super::kappa::MultiRaterCounts;

/// Gwet's AC1 over `categories` categories (at least two). `None` without
/// items or with fewer than two raters.
pub fn gwet_ac1(counts: &MultiRaterCounts, categories: usize) -> Option<f64> {
    let observed = counts.observed_agreement()?;
    if categories < 2 {
        return None;
    }
    let spread: f64 = counts.category_shares().iter().map(|p| p * (1.0 - p)).sum();
    let chance = spread / (categories as f64 - 1.0);
    Some((observed - chance) / (1.0 - chance))
}

/// Gwet's AC1 of two raters on binary decisions: items marked by both, by
/// the first only, by the second only, by neither.
pub fn gwet_ac1_binary(both: u64, first: u64, second: u64, neither: u64) -> Option<f64> {
    let items = both + first + second + neither;
    // Per item the marks are 2, 1, 1 or 0 of 2 raters.
    let marks = 2 * both + first + second;
    let marks_squared = 4 * both + first + second;
    gwet_ac1(&MultiRaterCounts::binary(items, 2, marks, marks_squared), 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ac1_resolves_gwets_high_agreement_paradox() {
        // Gwet (2008): 125 items, yes/yes 118, yes/no 5, no/yes 2, no/no 0.
        // pₐ = 0.944, π = 0.972, pₑ = 0.054432, AC1 = 0.889568 / 0.945568.
        let ac1 = gwet_ac1_binary(118, 5, 2, 0).expect("defined");
        assert!((ac1 - 0.889_568 / 0.945_568).abs() < 1e-12, "{ac1}");
    }

    #[test]
    fn ac1_of_several_raters_and_categories() {
        // 3 raters, 3 categories, 4 items; worked by hand:
        // pₐ = (1 + 1/3 + 1/3 + 1/3) / 4 = 1/2;
        // π = (4/12, 5/12, 3/12); pₑ = Σπ(1−π) / 2 = (32 + 35 + 27) / 288.
        let table = vec![vec![3, 0, 0], vec![1, 2, 0], vec![0, 2, 1], vec![0, 1, 2]];
        let counts = MultiRaterCounts::from_table(&table);
        let pe = 94.0 / 288.0;
        let expected = (0.5 - pe) / (1.0 - pe);
        let ac1 = gwet_ac1(&counts, 3).expect("defined");
        assert!((ac1 - expected).abs() < 1e-12, "{ac1} vs {expected}");
    }

    #[test]
    fn ac1_is_one_when_every_decision_agrees_and_none_without_items() {
        assert_eq!(gwet_ac1_binary(0, 0, 0, 7), Some(1.0));
        assert_eq!(gwet_ac1_binary(7, 0, 0, 0), Some(1.0));
        assert_eq!(gwet_ac1_binary(0, 0, 0, 0), None);
    }
}
