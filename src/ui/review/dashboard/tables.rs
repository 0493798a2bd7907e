//! The dashboard's tables: per-label figures, documents worst first, the
//! label confusion table and attribute agreement, with figure cells
//! coloured from red (0) to green (1).

use std::collections::BTreeMap;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::chart::Measure;
use super::labelled_combo_ui;
use crate::metrics::agreement::mean;
use crate::metrics::{AgreementReport, LabelAgreement};
use crate::model::Project;
use crate::ui::commands::Action;
use crate::ui::theme;

/// Height of a table row.
pub(super) const ROW_HEIGHT: f32 = 20.0;
/// Width of a column of figures.
pub(super) const VALUE_WIDTH: f32 = 76.0;
/// Tallest the per-document table grows before it scrolls.
const DOCUMENT_TABLE_HEIGHT: f32 = 260.0;

/// One row of the per-label table: pairwise figures averaged over the
/// annotator pairs (the pair's own figure when there are two annotators),
/// multi-rater figures as computed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LabelSummary {
    /// Mean pairwise span F1, strict.
    pub f1_strict: Option<f64>,
    /// Mean pairwise span F1, overlap.
    pub f1_overlap: Option<f64>,
    /// Mean pairwise Cohen's κ.
    pub kappa: Option<f64>,
    /// Mean pairwise Gwet's AC1.
    pub ac1: Option<f64>,
    /// Fleiss' κ over all compared annotators.
    pub fleiss_kappa: Option<f64>,
    /// Multi-rater Gwet's AC1.
    pub multi_ac1: Option<f64>,
    /// Krippendorff's α.
    pub alpha: Option<f64>,
}

impl LabelSummary {
    /// The summary of one label's (or all labels') agreement.
    pub fn of(agreement: &LabelAgreement) -> Self {
        let mean = |measure: Measure| mean(agreement.pairwise.iter().map(|pair| measure.of(pair)));
        Self {
            f1_strict: mean(Measure::F1Strict),
            f1_overlap: mean(Measure::F1Overlap),
            kappa: mean(Measure::Kappa),
            ac1: mean(Measure::Ac1),
            fleiss_kappa: agreement.fleiss_kappa_token,
            multi_ac1: agreement.gwet_ac1_token,
            alpha: agreement.alpha_token,
        }
    }

    /// The figures in table column order, with their column titles.
    fn columns(&self) -> [Option<f64>; 7] {
        [
            self.f1_strict,
            self.f1_overlap,
            self.kappa,
            self.ac1,
            self.fleiss_kappa,
            self.multi_ac1,
            self.alpha,
        ]
    }
}

/// Titles and explanations of the per-label table's figure columns.
const LABEL_COLUMNS: [(&str, &str); 7] = [
    (
        "F1 strict",
        "Span F1, same start, end and label (mean over annotator pairs)",
    ),
    (
        "F1 overlap",
        "Span F1, overlapping spans with the same label match (mean over pairs)",
    ),
    ("κ", "Cohen's κ on marked/unmarked tokens (mean over pairs)"),
    ("AC1", "Gwet's AC1 on token decisions (mean over pairs)"),
    ("Fleiss κ", "Fleiss' κ over all chosen annotators"),
    ("multi AC1", "Gwet's AC1 over all chosen annotators"),
    ("α", "Krippendorff's α (nominal), absent layers as missing"),
];

/// Background of a cell showing an agreement figure: red at 0 (and below),
/// through yellow, to green at 1; pale in the light theme, deep in the dark
/// one, so that black or white text reads on it.
pub fn agreement_color(value: f64, dark: bool) -> Color32 {
    let t = if value.is_finite() {
        value.clamp(0.0, 1.0) as f32
    } else {
        0.0
    };
    // Hue 0 is red, 1/3 green; yellow sits halfway.
    let hue = t / 3.0;
    let (saturation, brightness) = if dark { (0.65, 0.42) } else { (0.45, 0.97) };
    egui::ecolor::HsvaGamma {
        h: hue,
        s: saturation,
        v: brightness,
        a: 1.0,
    }
    .into()
}

/// A figure with three decimals, or a dash when it is undefined.
pub fn format_value(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// A row of the per-document table, resolved against the project when the
/// report arrives (so drawing never searches the document list).
#[derive(Debug, Clone)]
pub(super) struct DocumentRow {
    id: String,
    title: String,
    index: Option<usize>,
    summary: LabelSummary,
}

/// A figure in a table cell, its background coloured by the value.
pub(super) fn value_cell_ui(ui: &mut Ui, value: Option<f64>) {
    let Some(v) = value else {
        ui.weak("—");
        return;
    };
    let background = agreement_color(v, ui.visuals().dark_mode);
    ui.painter().rect_filled(ui.max_rect(), 2.0, background);
    ui.label(
        RichText::new(format_value(value))
            .monospace()
            .color(theme::text_on(background)),
    );
}

/// Labels × measures, then the overall row.
pub(super) fn label_table_ui(ui: &mut Ui, report: &AgreementReport) {
    let rows: Vec<(&str, LabelSummary)> = report
        .labels
        .iter()
        .map(|(label, agreement)| (label.as_str(), LabelSummary::of(agreement)))
        .chain([("overall", LabelSummary::of(&report.overall))])
        .collect();
    TableBuilder::new(ui)
        .id_salt("agreement_labels")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(90.0))
        .columns(Column::exact(VALUE_WIDTH), LABEL_COLUMNS.len())
        .header(ROW_HEIGHT, |mut header| {
            header.col(|ui| {
                ui.strong("Label");
            });
            for (title, explanation) in LABEL_COLUMNS {
                header.col(|ui| {
                    ui.strong(title).on_hover_text(explanation);
                });
            }
        })
        .body(|mut body| {
            for (label, summary) in &rows {
                body.row(ROW_HEIGHT, |mut row| {
                    row.col(|ui| {
                        if *label == "overall" {
                            ui.strong(*label);
                        } else {
                            ui.label(*label);
                        }
                    });
                    for value in summary.columns() {
                        row.col(|ui| value_cell_ui(ui, value));
                    }
                });
            }
        });
}

/// The per-document rows of a report, worst first (lowest α, else lowest
/// mean κ; undefined last), with each document's position and title in
/// `project`.
pub(super) fn document_rows(report: &AgreementReport, project: &Project) -> Vec<DocumentRow> {
    let positions: BTreeMap<&str, (usize, &str)> = project
        .documents
        .iter()
        .enumerate()
        .map(|(i, doc)| (doc.id.as_str(), (i, doc.title.as_str())))
        .collect();
    report
        .documents_worst_first()
        .into_iter()
        .map(|(id, agreement)| {
            let found = positions.get(id.as_str());
            DocumentRow {
                id: id.clone(),
                title: found
                    .map(|(_, title)| (*title).to_owned())
                    .unwrap_or_default(),
                index: found.map(|(i, _)| *i),
                summary: LabelSummary::of(agreement),
            }
        })
        .collect()
}

/// The position of document `row` in `project` now: the remembered one when
/// it still holds that document, else found by id.
fn document_index(row: &DocumentRow, project: &Project) -> Option<usize> {
    row.index
        .filter(|&i| {
            project
                .documents
                .get(i)
                .is_some_and(|d| d.id.as_str() == row.id)
        })
        .or_else(|| {
            project
                .documents
                .iter()
                .position(|d| d.id.as_str() == row.id)
        })
}

/// Documents worst first; a document's id opens it in review.
pub(super) fn document_table_ui(
    ui: &mut Ui,
    rows: &[DocumentRow],
    project: &Project,
    actions: &mut Vec<Action>,
) {
    if rows.is_empty() {
        ui.weak("No document has layers of two chosen annotators.");
        return;
    }
    TableBuilder::new(ui)
        .id_salt("agreement_documents")
        .striped(true)
        .max_scroll_height(DOCUMENT_TABLE_HEIGHT)
        .column(Column::auto().at_least(120.0))
        .column(Column::remainder().at_least(80.0).clip(true))
        .columns(Column::exact(VALUE_WIDTH), 3)
        .header(ROW_HEIGHT, |mut header| {
            for (title, explanation) in [
                ("Document", "Click to open the document in review"),
                ("Title", ""),
                ("α", "Krippendorff's α over all labels"),
                ("Fleiss κ", "Fleiss' κ over all labels"),
                ("F1 strict", "Mean pairwise strict span F1"),
            ] {
                header.col(|ui| {
                    let response = ui.strong(title);
                    if !explanation.is_empty() {
                        response.on_hover_text(explanation);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let Some(doc) = rows.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                    let link = ui.link(&doc.id).on_hover_text("Open in review");
                    if link.clicked()
                        && let Some(index) = document_index(doc, project)
                    {
                        actions.push(Action::ReviewDocument(index));
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&doc.title).truncate());
                });
                for value in [
                    doc.summary.alpha,
                    doc.summary.fleiss_kappa,
                    doc.summary.f1_strict,
                ] {
                    row.col(|ui| value_cell_ui(ui, value));
                }
            });
        });
}

/// Which label one annotator gave where another gave which, on spans with
/// the same extent: one annotator pair's table (rows: the first one's
/// labels), or all pairs pooled; `choice` is the pair's number, or the
/// number of pairs for the pooled table.
pub(super) fn confusion_ui(ui: &mut Ui, report: &AgreementReport, choice: &mut usize) {
    let table = &report.confusion;
    if table.labels.is_empty() {
        ui.weak("No labels to compare.");
        return;
    }
    let pairs = &table.pairs;
    if *choice > pairs.len() {
        *choice = 0;
    }
    if pairs.len() > 1 {
        let mut names: Vec<String> = pairs.iter().map(|p| format!("{}–{}", p.a, p.b)).collect();
        names.push("all pairs".to_owned());
        labelled_combo_ui(ui, "Annotators", "agreement_confusion_pair", &names, choice);
    }
    let (counts, note) = match pairs.get(*choice) {
        Some(pair) => (
            &pair.counts,
            format!(
                "Same-extent spans: rows are {}'s labels, columns {}'s. The diagonal agrees.",
                pair.a, pair.b
            ),
        ),
        None => (
            &table.counts,
            "Same-extent spans of all annotator pairs, each pair counted both ways (the table is \
             symmetric). The diagonal agrees."
                .to_owned(),
        ),
    };
    ui.weak(note);
    confusion_table_ui(ui, &table.labels, counts);
}

/// Labels × labels with their counts, the diagonal highlighted and zero
/// cells faint.
fn confusion_table_ui(ui: &mut Ui, labels: &[String], counts: &[Vec<usize>]) {
    let diagonal = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
    TableBuilder::new(ui)
        .id_salt("agreement_confusion")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(90.0))
        .columns(Column::auto().at_least(60.0), labels.len())
        .header(ROW_HEIGHT, |mut header| {
            header.col(|ui| {
                ui.weak("rows \\ columns");
            });
            for label in labels {
                header.col(|ui| {
                    ui.strong(label);
                });
            }
        })
        .body(|mut body| {
            for (i, label) in labels.iter().enumerate() {
                body.row(ROW_HEIGHT, |mut row| {
                    row.col(|ui| {
                        ui.strong(label);
                    });
                    for j in 0..labels.len() {
                        let count = counts.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
                        row.col(|ui| {
                            if i == j {
                                ui.painter().rect_filled(ui.max_rect(), 2.0, diagonal);
                            }
                            if count == 0 {
                                ui.weak("0");
                            } else if i == j {
                                ui.strong(count.to_string());
                            } else {
                                ui.label(count.to_string());
                            }
                        });
                    }
                });
            }
        });
}

/// Agreement on the attributes of strictly matched spans.
pub(super) fn attribute_table_ui(ui: &mut Ui, report: &AgreementReport) {
    if report.attributes.is_empty() {
        ui.weak("No attributes on matched spans.");
        return;
    }
    TableBuilder::new(ui)
        .id_salt("agreement_attributes")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(70.0))
        .columns(Column::exact(VALUE_WIDTH), 2)
        .header(ROW_HEIGHT, |mut header| {
            for title in [
                "Label",
                "Attribute",
                "Kind",
                "Matched spans",
                "Exact match",
                "κ",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for attribute in &report.attributes {
                body.row(ROW_HEIGHT, |mut row| {
                    row.col(|ui| {
                        ui.label(&attribute.label);
                    });
                    row.col(|ui| {
                        ui.label(&attribute.attribute);
                    });
                    row.col(|ui| {
                        ui.label(attribute.kind);
                    });
                    row.col(|ui| {
                        ui.label(attribute.matched_spans.to_string());
                    });
                    row.col(|ui| value_cell_ui(ui, attribute.exact_match));
                    row.col(|ui| value_cell_ui(ui, attribute.kappa));
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::PairAgreement;

    fn pair(f1: Option<f64>, kappa: Option<f64>) -> PairAgreement {
        PairAgreement {
            a: "a".into(),
            b: "b".into(),
            spans_a: 1,
            spans_b: 1,
            f1_strict: f1,
            f1_overlap: f1,
            kappa_token: kappa,
            ac1_token: kappa,
        }
    }

    fn with_alpha(alpha: Option<f64>) -> LabelAgreement {
        LabelAgreement {
            pairwise: Vec::new(),
            fleiss_kappa_token: alpha,
            gwet_ac1_token: alpha,
            alpha_token: alpha,
        }
    }

    #[test]
    fn two_annotators_show_their_pair_figure_and_more_the_mean() {
        let one = LabelAgreement {
            pairwise: vec![pair(Some(0.8), Some(0.6))],
            ..with_alpha(Some(0.5))
        };
        let summary = LabelSummary::of(&one);
        assert_eq!(summary.kappa, Some(0.6));
        assert_eq!(summary.f1_strict, Some(0.8));
        assert_eq!(summary.alpha, Some(0.5));
        let three = LabelAgreement {
            pairwise: vec![
                pair(Some(0.8), Some(0.2)),
                pair(None, Some(0.4)),
                pair(Some(0.4), None),
            ],
            ..with_alpha(None)
        };
        let summary = LabelSummary::of(&three);
        assert!((summary.kappa.expect("defined") - 0.3).abs() < 1e-12);
        assert!((summary.f1_strict.expect("defined") - 0.6).abs() < 1e-12);
        assert_eq!(summary.alpha, None);
    }

    fn report_with_documents(alphas: &[(&str, Option<f64>)]) -> AgreementReport {
        AgreementReport {
            annotators: vec!["a".into(), "b".into()],
            documents: alphas.len(),
            tokens: 0,
            labels: BTreeMap::new(),
            links: BTreeMap::new(),
            overall: with_alpha(None),
            by_document: Some(
                alphas
                    .iter()
                    .map(|(id, alpha)| ((*id).to_owned(), with_alpha(*alpha)))
                    .collect(),
            ),
            confusion: crate::metrics::ConfusionTable::default(),
            attributes: Vec::new(),
        }
    }

    #[test]
    fn document_rows_are_worst_first_with_undefined_last_and_know_their_document() {
        let report = report_with_documents(&[
            ("d1", Some(0.9)),
            ("d2", None),
            ("d3", Some(-0.2)),
            ("d4", Some(0.4)),
            ("gone", None),
        ]);
        let schema = crate::model::Schema {
            name: "test".into(),
            labels: Vec::new(),
        };
        let mut project = Project::new(schema);
        for id in ["d4", "d3", "d2", "d1"] {
            project.documents.push(crate::model::Document::new(
                id.into(),
                format!("title of {id}"),
                BTreeMap::new(),
                String::new(),
            ));
        }
        let rows = document_rows(&report, &project);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["d3", "d4", "d1", "d2", "gone"]);
        assert_eq!(rows[0].index, Some(1));
        assert_eq!(rows[0].title, "title of d3");
        assert_eq!(rows[4].index, None, "a document no longer in the project");
        // The remembered position is checked: after a reordering the
        // document is found by id.
        project.documents.swap(0, 1);
        assert_eq!(document_index(&rows[0], &project), Some(0));
        assert_eq!(document_index(&rows[4], &project), None);
    }

    #[test]
    fn colour_scale_runs_from_red_to_green_and_stays_readable() {
        for dark in [false, true] {
            let low = agreement_color(0.0, dark);
            let high = agreement_color(1.0, dark);
            assert!(low.r() > low.g(), "0 is red: {low:?}");
            assert!(high.g() > high.r(), "1 is green: {high:?}");
            assert_eq!(agreement_color(-0.5, dark), low, "below 0 is clamped");
            assert_eq!(agreement_color(1.5, dark), high, "above 1 is clamped");
            assert_eq!(agreement_color(f64::NAN, dark), low);
            for value in [0.0, 0.25, 0.5, 0.75, 1.0] {
                let background = agreement_color(value, dark);
                let text = theme::text_on(background);
                assert_eq!(
                    text,
                    if dark { Color32::WHITE } else { Color32::BLACK },
                    "text on {value} in dark={dark}"
                );
            }
        }
        assert_ne!(agreement_color(0.5, false), agreement_color(0.5, true));
    }

    #[test]
    fn values_show_three_decimals_or_a_dash() {
        assert_eq!(format_value(Some(0.81234)), "0.812");
        assert_eq!(format_value(Some(-0.1)), "-0.100");
        assert_eq!(format_value(None), "—");
    }
}
