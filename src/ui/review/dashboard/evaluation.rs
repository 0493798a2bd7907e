//! The dashboard's evaluation section: a `model:` layer (or any annotator)
//! scored against the gold layer with the SemEval-2013 schemes, per label,
//! and the missed, spurious and wrong spans, each a click away from its
//! place in the text.

use egui::{ComboBox, RichText, ScrollArea, Ui};
use egui_extras::{Column, TableBuilder};

use super::tables::{ROW_HEIGHT, VALUE_WIDTH, value_cell_ui};
use crate::metrics::eval::{
    EvalDocument, EvalReport, EvalSpan, Mistakes, Scheme, TABLE_COLUMNS, evaluate, mistakes,
};
use crate::model::{GOLD, Layer, MODEL_PREFIX, Project};
use crate::ui::commands::Action;

/// Width of a count column.
const COUNT_WIDTH: f32 = 64.0;

/// Most mistakes listed at once.
const MISTAKES_SHOWN: usize = 300;

/// What the section shows and the figures it computed.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// The evaluated layer.
    layer: Option<String>,
    /// The scheme of the mistakes list.
    scheme: Option<Scheme>,
    computed: Option<Computed>,
}

/// Figures for one layer at one edit generation.
#[derive(Debug)]
struct Computed {
    generation: u64,
    layer: String,
    scheme: Scheme,
    report: EvalReport,
    /// Per evaluated document (its index): its mistakes.
    mistakes: Vec<(usize, Mistakes)>,
}

impl Evaluation {
    /// Draws the section.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        generation: u64,
        actions: &mut Vec<Action>,
    ) {
        let candidates = candidates(project);
        if !project.annotators().iter().any(|a| a == GOLD) {
            ui.weak("No gold layer yet: adjudicate in review mode (Ctrl+R) to build one.");
            return;
        }
        if candidates.is_empty() {
            ui.weak("No other layer to evaluate against gold.");
            return;
        }
        if self.layer.as_ref().is_none_or(|l| !candidates.contains(l)) {
            self.layer = candidates.first().cloned();
        }
        let scheme = *self.scheme.get_or_insert(Scheme::Strict);
        ui.horizontal(|ui| {
            let label = ui.label("Layer");
            ComboBox::from_id_salt("evaluated_layer")
                .selected_text(self.layer.clone().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for name in &candidates {
                        ui.selectable_value(&mut self.layer, Some(name.clone()), name);
                    }
                })
                .response
                .labelled_by(label.id);
            let scheme_label = ui.label("against gold, scheme");
            ComboBox::from_id_salt("evaluation_scheme")
                .selected_text(scheme.name())
                .show_ui(ui, |ui| {
                    for s in Scheme::ALL {
                        ui.selectable_value(&mut self.scheme, Some(s), s.name());
                    }
                })
                .response
                .labelled_by(scheme_label.id);
        });
        let Some(layer) = self.layer.clone() else {
            return;
        };
        let scheme = self.scheme.unwrap_or(Scheme::Strict);
        let stale = self
            .computed
            .as_ref()
            .is_none_or(|c| c.generation != generation || c.layer != layer || c.scheme != scheme);
        if stale {
            self.computed = Some(compute(project, &layer, scheme, generation));
        }
        let Some(computed) = &self.computed else {
            return;
        };
        ui.label(format!(
            "{} documents with both layers",
            computed.report.documents
        ));
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| summary_table_ui(ui, &computed.report));
            ui.add_space(16.0);
            ui.vertical(|ui| {
                ui.strong(format!("{} per label", scheme.name()));
                scheme_table_ui(ui, &computed.report, scheme);
            });
        });
        ui.add_space(6.0);
        mistakes_ui(ui, project, &computed.mistakes, actions);
    }
}

/// Layers to evaluate: `model:` layers first, then the annotators.
fn candidates(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = project
        .annotators()
        .into_iter()
        .filter(|a| a != GOLD)
        .collect();
    names.sort_by_key(|n| (!n.starts_with(MODEL_PREFIX), n.clone()));
    names
}

/// The spans of a layer, for evaluation.
fn eval_spans(layer: &Layer) -> Vec<EvalSpan> {
    layer
        .spans
        .iter()
        .map(|s| EvalSpan::new(s.start, s.end, s.label.clone()))
        .collect()
}

/// Scores `layer` against gold on every document that has both.
fn compute(project: &Project, layer: &str, scheme: Scheme, generation: u64) -> Computed {
    let pairs: Vec<(usize, EvalDocument)> = project
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            let gold = doc.layers.get(GOLD)?;
            let pred = doc.layers.get(layer)?;
            Some((
                i,
                EvalDocument {
                    gold: eval_spans(gold),
                    pred: eval_spans(pred),
                },
            ))
        })
        .collect();
    let documents: Vec<EvalDocument> = pairs.iter().map(|(_, d)| d.clone()).collect();
    Computed {
        generation,
        layer: layer.to_owned(),
        scheme,
        report: evaluate(&documents),
        mistakes: pairs
            .iter()
            .map(|(i, d)| (*i, mistakes(d, scheme)))
            .filter(|(_, m)| !(m.missed.is_empty() && m.spurious.is_empty() && m.wrong.is_empty()))
            .collect(),
    }
}

/// Precision, recall and F1 of every scheme over all labels, as the
/// command's summary.
fn summary_table_ui(ui: &mut Ui, report: &EvalReport) {
    TableBuilder::new(ui)
        .id_salt("evaluation_summary")
        .striped(true)
        .column(Column::auto().at_least(80.0))
        .columns(Column::exact(VALUE_WIDTH), 3)
        .header(ROW_HEIGHT, |mut header| {
            for title in ["Scheme", "P", "R", "F1"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for scheme in Scheme::ALL {
                let result = report.overall.get(scheme);
                body.row(ROW_HEIGHT, |mut row| {
                    row.col(|ui| {
                        ui.label(scheme.name());
                    });
                    for value in [result.precision, result.recall, result.f1] {
                        row.col(|ui| value_cell_ui(ui, Some(value)));
                    }
                });
            }
        });
}

/// One scheme per label, as the command's table (see
/// [`EvalReport::table_rows`]).
fn scheme_table_ui(ui: &mut Ui, report: &EvalReport, scheme: Scheme) {
    TableBuilder::new(ui)
        .id_salt("evaluation_table")
        .striped(true)
        .column(Column::auto().at_least(80.0))
        .columns(Column::exact(COUNT_WIDTH), 5)
        .columns(Column::exact(VALUE_WIDTH), 3)
        .header(ROW_HEIGHT, |mut header| {
            for title in std::iter::once("Label").chain(TABLE_COLUMNS) {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for table_row in report.table_rows(scheme) {
                body.row(ROW_HEIGHT, |mut row| {
                    row.col(|ui| {
                        ui.label(table_row.name);
                    });
                    for i in 0..5 {
                        let count = table_row.counts.map(|c| c[i]);
                        row.col(|ui| {
                            if let Some(n) = count {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| ui.monospace(n.to_string()),
                                );
                            }
                        });
                    }
                    for value in table_row.figures {
                        row.col(|ui| value_cell_ui(ui, Some(value)));
                    }
                });
            }
        });
}

/// Missed, spurious and wrong spans; a click shows one in the text.
fn mistakes_ui(
    ui: &mut Ui,
    project: &Project,
    found: &[(usize, Mistakes)],
    actions: &mut Vec<Action>,
) {
    let total: usize = found
        .iter()
        .map(|(_, m)| m.missed.len() + m.spurious.len() + m.wrong.len())
        .sum();
    ui.strong(format!(
        "Mistakes ({total}; click one to see it in the text)"
    ));
    ScrollArea::vertical()
        .id_salt("evaluation_mistakes")
        .max_height(220.0)
        .show(ui, |ui| {
            let mut shown = 0;
            for (doc, m) in found {
                let id = project.documents[*doc].id.as_str();
                let lines = m
                    .missed
                    .iter()
                    .map(|s| ("missed", s, None))
                    .chain(m.spurious.iter().map(|s| ("spurious", s, None)))
                    .chain(m.wrong.iter().map(|(p, g)| ("wrong", p, Some(g))));
                for (kind, span, gold) in lines {
                    if shown == MISTAKES_SHOWN {
                        ui.weak(format!("… and {} more", total - shown));
                        return;
                    }
                    shown += 1;
                    let text = format!(
                        "{id} [{}, {}) {}{}",
                        span.start,
                        span.end,
                        span.label,
                        gold.map_or_else(String::new, |g| format!(
                            " (gold: [{}, {}) {})",
                            g.start, g.end, g.label
                        ))
                    );
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(kind).strong());
                        if ui.link(text).clicked() {
                            actions.push(Action::ShowSpan {
                                doc: *doc,
                                start: span.start,
                                end: span.end,
                            });
                        }
                    });
                }
            }
        });
}
