//! Krippendorff's α for nominal data with missing values, as the
//! `krippendorff` Python package computes it: units with fewer than two
//! values are left out; α = 1 − (n − 1)·Σᵤ Dᵤ / (n² − Σₖ nₖ²), where Dᵤ =
//! (mᵤ² − Σₖ nᵤₖ²) / (mᵤ − 1) is unit u's disagreement over its mᵤ values
//! and nₖ counts value k over all pairable values.

/// What α needs from the reliability data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlphaCounts {
    /// Pairable values per category (nₖ).
    pub value_totals: Vec<u64>,
    /// At index m: Σ over units with m values of (m² − Σₖ nᵤₖ²), the
    /// number of disagreeing ordered value pairs. Kept per m so the sums
    /// stay exact integers.
    pub disagreeing_pairs: Vec<u64>,
}

impl AlphaCounts {
    /// Adds one unit given its value count per category.
    pub fn add_unit(&mut self, values: &[u64]) {
        let m: u64 = values.iter().sum();
        if m < 2 {
            return;
        }
        if self.value_totals.len() < values.len() {
            self.value_totals.resize(values.len(), 0);
        }
        for (total, &v) in self.value_totals.iter_mut().zip(values) {
            *total += v;
        }
        let squares: u64 = values.iter().map(|v| v * v).sum();
        self.add_disagreement(m as usize, m * m - squares);
    }

    /// Adds `pairs` disagreeing ordered value pairs from units of `m` values.
    pub fn add_disagreement(&mut self, m: usize, pairs: u64) {
        if self.disagreeing_pairs.len() <= m {
            self.disagreeing_pairs.resize(m + 1, 0);
        }
        self.disagreeing_pairs[m] += pairs;
    }

    /// Adds `other`.
    pub fn add(&mut self, other: &AlphaCounts) {
        if self.value_totals.len() < other.value_totals.len() {
            self.value_totals.resize(other.value_totals.len(), 0);
        }
        for (mine, theirs) in self.value_totals.iter_mut().zip(&other.value_totals) {
            *mine += theirs;
        }
        for (m, &pairs) in other.disagreeing_pairs.iter().enumerate() {
            if pairs > 0 {
                self.add_disagreement(m, pairs);
            }
        }
    }
}

/// Krippendorff's α (nominal). `None` when there is no expected
/// disagreement: no pairable values, or all of them in one category.
pub fn krippendorff_alpha_nominal(counts: &AlphaCounts) -> Option<f64> {
    let n: u64 = counts.value_totals.iter().sum();
    let n = u128::from(n);
    let squares: u128 = counts
        .value_totals
        .iter()
        .map(|&v| u128::from(v) * u128::from(v))
        .sum();
    if n < 2 || n * n == squares {
        return None;
    }
    let observed: f64 = counts
        .disagreeing_pairs
        .iter()
        .enumerate()
        .filter(|&(m, &pairs)| m >= 2 && pairs > 0)
        .map(|(m, &pairs)| pairs as f64 / (m as f64 - 1.0))
        .sum();
    let expected = (n * n - squares) as f64 / (n as f64 - 1.0);
    Some(1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reliability data as coders × units, `0` for a missing value; returns
    /// α over values `1..=k`.
    fn alpha(data: &[&[u64]], k: usize) -> Option<f64> {
        let mut counts = AlphaCounts::default();
        for unit in 0..data[0].len() {
            let mut values = vec![0; k];
            for coder in data {
                if coder[unit] > 0 {
                    values[coder[unit] as usize - 1] += 1;
                }
            }
            counts.add_unit(&values);
        }
        krippendorff_alpha_nominal(&counts)
    }

    #[test]
    fn krippendorffs_four_coder_example_with_missing_data_is_0_743() {
        // Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
        // 4 observers, 12 units, nominal α = 0.743.
        let data: [&[u64]; 4] = [
            &[1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            &[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            &[0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            &[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let a = alpha(&data, 5).expect("defined");
        assert!((a - 0.743).abs() < 5e-4, "{a}");
        // The krippendorff package gives 0.7434210526315789.
        assert!((a - 0.743_421_052_631_578_9).abs() < 1e-12, "{a}");
    }

    #[test]
    fn wikipedias_three_coder_example_is_0_691() {
        let data: [&[u64]; 3] = [
            &[0, 0, 0, 0, 0, 3, 4, 1, 2, 1, 1, 3, 3, 0, 3],
            &[1, 0, 2, 1, 3, 3, 4, 3, 0, 0, 0, 0, 0, 0, 0],
            &[0, 0, 2, 1, 3, 4, 4, 0, 2, 1, 1, 3, 3, 0, 4],
        ];
        let a = alpha(&data, 4).expect("defined");
        assert!((a - 0.691_358_024_691_358).abs() < 1e-12, "{a}");
    }

    #[test]
    fn alpha_without_expected_disagreement_is_none() {
        assert_eq!(alpha(&[&[1, 1, 0], &[1, 1, 1]], 2), None);
        assert_eq!(alpha(&[&[1, 0], &[0, 2]], 2), None, "nothing pairable");
        assert_eq!(alpha(&[&[1, 2], &[1, 2]], 2), Some(1.0));
    }
}
