//! The dashboard's bar chart: one bar per label and annotator pair, for a
//! chosen pairwise measure.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot};

use super::labelled_combo_ui;
use crate::metrics::{AgreementReport, PairAgreement};

/// Height of the bar chart.
const CHART_HEIGHT: f32 = 220.0;

/// A pairwise measure the bar chart can show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Measure {
    /// Span F1, exact extent and label.
    #[default]
    F1Strict,
    /// Span F1, overlapping spans with the same label match.
    F1Overlap,
    /// Cohen's κ on token decisions.
    Kappa,
    /// Gwet's AC1 on token decisions.
    Ac1,
}

impl Measure {
    /// Every measure, in menu order.
    pub const ALL: [Measure; 4] = [
        Measure::F1Strict,
        Measure::F1Overlap,
        Measure::Kappa,
        Measure::Ac1,
    ];

    /// The measure's name in the menu and on the axis.
    pub fn name(self) -> &'static str {
        match self {
            Measure::F1Strict => "F1 strict",
            Measure::F1Overlap => "F1 overlap",
            Measure::Kappa => "κ",
            Measure::Ac1 => "AC1",
        }
    }

    /// The measure's value for one annotator pair.
    pub fn of(self, pair: &PairAgreement) -> Option<f64> {
        match self {
            Measure::F1Strict => pair.f1_strict,
            Measure::F1Overlap => pair.f1_overlap,
            Measure::Kappa => pair.kappa_token,
            Measure::Ac1 => pair.ac1_token,
        }
    }
}

/// The menu of pairwise measures for the bar chart.
pub(super) fn measure_combo_ui(ui: &mut Ui, measure: &mut Measure) {
    let names = Measure::ALL.map(Measure::name);
    let mut index = Measure::ALL.iter().position(|m| m == measure).unwrap_or(0);
    labelled_combo_ui(ui, "Measure", "agreement_measure", &names, &mut index);
    *measure = Measure::ALL.get(index).copied().unwrap_or_default();
}

/// Bar colours of the annotator pairs, in pair order (then repeated):
/// distinct hues that say nothing good or bad, unlike the red→green cells.
const PAIR_COLORS: [Color32; 8] = [
    Color32::from_rgb(0x4e, 0x79, 0xa7),
    Color32::from_rgb(0xf2, 0x8e, 0x2b),
    Color32::from_rgb(0x76, 0xb7, 0xb2),
    Color32::from_rgb(0xb0, 0x7a, 0xa1),
    Color32::from_rgb(0xed, 0xc9, 0x48),
    Color32::from_rgb(0x9c, 0x75, 0x5f),
    Color32::from_rgb(0xff, 0x9d, 0xa7),
    Color32::from_rgb(0xba, 0xb0, 0xac),
];

/// The colour of annotator pair number `pair`.
fn pair_color(pair: usize) -> Color32 {
    PAIR_COLORS[pair % PAIR_COLORS.len()]
}

/// The name of an annotator pair in the legend.
fn pair_name(a: &str, b: &str) -> String {
    format!("{a}–{b}")
}

/// Bars of annotator pair `(a, b)`, number `pair` of `pairs`: one per label
/// (x = the label's position), shifted within the label's group by the
/// pair's position; undefined values are left out.
fn pair_bars(
    report: &AgreementReport,
    (a, b): (&str, &str),
    (pair, pairs): (usize, usize),
    measure: Measure,
) -> Vec<Bar> {
    let group_width = 0.8;
    let width = group_width / pairs.max(1) as f64;
    let offset = -group_width / 2.0 + width * (pair as f64 + 0.5);
    report
        .labels
        .iter()
        .enumerate()
        .filter_map(|(x, (label, agreement))| {
            let found = agreement.pairwise.iter().find(|p| p.a == a && p.b == b)?;
            let value = measure.of(found)?;
            Some(
                Bar::new(x as f64 + offset, value)
                    .width(width * 0.9)
                    .name(format!("{label}, {}", pair_name(a, b))),
            )
        })
        .collect()
}

/// One coloured name per annotator pair, above the chart.
fn legend_ui(ui: &mut Ui, pairs: &[(&str, &str)]) {
    ui.horizontal_wrapped(|ui| {
        for (i, (a, b)) in pairs.iter().enumerate() {
            ui.label(RichText::new("■").color(pair_color(i)));
            ui.label(pair_name(a, b));
            ui.add_space(8.0);
        }
    });
}

/// One bar per label and annotator pair, the chosen measure's height.
pub(super) fn bar_chart_ui(ui: &mut Ui, report: &AgreementReport, measure: Measure) {
    let labels: Vec<String> = report.labels.keys().cloned().collect();
    let pairs: Vec<(&str, &str)> = report
        .overall
        .pairwise
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    if labels.is_empty() || pairs.is_empty() {
        ui.weak("No labels or annotator pairs to chart.");
        return;
    }
    legend_ui(ui, &pairs);
    let count = labels.len();
    let charts: Vec<BarChart> = pairs
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            let bars = pair_bars(report, (a, b), (i, pairs.len()), measure);
            BarChart::new(pair_name(a, b), bars)
                .color(pair_color(i))
                .element_formatter(Box::new(|bar, _| format!("{}: {:.3}", bar.name, bar.value)))
        })
        .collect();
    Plot::new("agreement_bars")
        .height(CHART_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_grid([false, true])
        .include_x(-0.5)
        .include_x(count as f64 - 0.5)
        .include_y(0.0)
        .include_y(1.0)
        .y_axis_label(measure.name())
        .x_grid_spacer(move |_: GridInput| {
            (0..count)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| label_at(&labels, mark.value))
        .show_x(false)
        .show_y(false)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

/// The label drawn under x position `x` of the chart (empty between groups).
fn label_at(labels: &[String], x: f64) -> String {
    let rounded = x.round();
    if (x - rounded).abs() > 1e-6 || rounded < 0.0 {
        return String::new();
    }
    labels.get(rounded as usize).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_axis_names_labels_only_at_their_positions() {
        let labels = vec!["actor".to_owned(), "date".to_owned()];
        assert_eq!(label_at(&labels, 0.0), "actor");
        assert_eq!(label_at(&labels, 1.0), "date");
        assert_eq!(label_at(&labels, 0.5), "");
        assert_eq!(label_at(&labels, 2.0), "");
        assert_eq!(label_at(&labels, -1.0), "");
    }
}
