//! The dashboard's link agreement table: per reference attribute and
//! annotator pair, the figures of `agree`'s `links` (link F1 strict and
//! overlap, target agreement on matched sources).

use egui::Ui;
use egui_extras::{Column, TableBuilder};

use super::tables::{ROW_HEIGHT, VALUE_WIDTH, value_cell_ui};
use crate::metrics::AgreementReport;

/// Titles and explanations of the figure columns.
const FIGURE_COLUMNS: [(&str, &str); 3] = [
    (
        "F1 strict",
        "Link F1: both sources and both targets equal in start, end and label",
    ),
    (
        "F1 overlap",
        "Link F1: sources overlap and targets overlap, with the same labels",
    ),
    (
        "Targets",
        "Of the sources both have exactly and at least one links, the share whose targets overlap",
    ),
];

/// One row per reference attribute and annotator pair.
pub(super) fn link_table_ui(ui: &mut Ui, report: &AgreementReport) {
    if report.links.is_empty() {
        ui.weak("The schema has no span references among the compared labels.");
        return;
    }
    TableBuilder::new(ui)
        .id_salt("agreement_links")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(90.0))
        .columns(Column::auto().at_least(50.0), 2)
        .columns(Column::exact(VALUE_WIDTH), FIGURE_COLUMNS.len())
        .column(Column::auto().at_least(60.0))
        .header(ROW_HEIGHT, |mut header| {
            for (title, explanation) in [
                ("Link", "Source label and reference attribute"),
                ("Annotators", ""),
                ("Links A", "Links of the first annotator"),
                ("Links B", "Links of the second annotator"),
            ]
            .into_iter()
            .chain(FIGURE_COLUMNS)
            .chain([(
                "Sources",
                "Sources both have exactly, on which at least one sets the link",
            )]) {
                header.col(|ui| {
                    let response = ui.strong(title);
                    if !explanation.is_empty() {
                        response.on_hover_text(explanation);
                    }
                });
            }
        })
        .body(|mut body| {
            for (name, agreement) in &report.links {
                for pair in &agreement.pairwise {
                    body.row(ROW_HEIGHT, |mut row| {
                        for text in [name.clone(), format!("{}–{}", pair.a, pair.b)] {
                            row.col(|ui| {
                                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                                ui.label(text);
                            });
                        }
                        for count in [pair.links_a, pair.links_b] {
                            row.col(|ui| {
                                ui.label(count.to_string());
                            });
                        }
                        for value in [pair.f1_strict, pair.f1_overlap, pair.target_agreement] {
                            row.col(|ui| value_cell_ui(ui, value));
                        }
                        row.col(|ui| {
                            ui.label(pair.sources_matched.to_string());
                        });
                    });
                }
            }
        });
}
