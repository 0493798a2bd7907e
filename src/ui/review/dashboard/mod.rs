//! Review → Agreement: the agreement dashboard window. Per-label figures, a
//! bar chart per label and annotator pair (`chart`), the documents that
//! need review first, the label confusion table and attribute agreement
//! (`tables`), link agreement (`links`). The figures are recomputed off the UI thread as layers
//! change; the last report stays on screen, marked as updating, until the
//! new one arrives.

mod chart;
mod evaluation;
mod links;
mod tables;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{ComboBox, Context, RichText, ScrollArea, Ui, Window};

pub use chart::Measure;
use chart::{bar_chart_ui, measure_combo_ui};
use links::link_table_ui;
use tables::{
    DocumentRow, attribute_table_ui, confusion_ui, document_rows, document_table_ui, label_table_ui,
};
pub use tables::{LabelSummary, agreement_color, format_value};

use crate::metrics::{AgreementOptions, AgreementReport};
use crate::model::Project;
use crate::model::layer::is_human_annotator;
use crate::ui::commands::Action;
use crate::ui::review::agreement_job::AgreementJob;

/// Window width from which the dashboard shows two columns.
const TWO_COLUMNS_WIDTH: f32 = 1340.0;
/// Shortest time between two recomputations while edits stream in.
const MIN_INTERVAL: Duration = Duration::from_millis(300);

/// What a report is computed for: the project state and the annotators.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReportKey {
    generation: u64,
    annotators: Vec<String>,
}

/// The agreement dashboard window.
#[derive(Debug, Default)]
pub struct Dashboard {
    /// Whether the window is shown.
    open: bool,
    /// Annotators checked or unchecked by the user; the others follow the
    /// default (human annotators compared, `gold` and `model:` not).
    choice: BTreeMap<String, bool>,
    /// The measure of the bar chart.
    measure: Measure,
    /// The evaluation section.
    evaluation: evaluation::Evaluation,
    /// The annotator pair of the confusion table (the number of pairs: all
    /// pairs pooled).
    confusion_pair: usize,
    /// The last report and what it was computed for.
    report: Option<(ReportKey, AgreementReport)>,
    /// The per-document rows of `report`, worst first.
    documents: Vec<DocumentRow>,
    /// The last computation's error, if it failed.
    error: Option<String>,
    /// What the last finished computation (report or error) was for.
    finished: Option<ReportKey>,
    /// The computation running now and what it is for.
    job: AgreementJob,
    job_key: Option<ReportKey>,
    last_start: Option<Instant>,
    /// The project's annotators at a generation, so that they are not
    /// gathered from every document in every frame.
    annotators: Option<(u64, Vec<String>)>,
}

impl Dashboard {
    /// Opens the window.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// Whether the window is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Closes the window, or opens it.
    pub fn toggle(&mut self) {
        self.open = !self.open;
    }

    /// The last report received, if any (it may be older than the project).
    pub fn report(&self) -> Option<&AgreementReport> {
        self.report.as_ref().map(|(_, report)| report)
    }

    /// The edit generation the shown report was computed at.
    pub fn report_generation(&self) -> Option<u64> {
        self.report.as_ref().map(|(key, _)| key.generation)
    }

    /// The last computation's error, if it failed.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether a computation is running.
    pub fn is_computing(&self) -> bool {
        self.job.is_running()
    }

    /// Forgets everything about the project (figures, the evaluation, the
    /// annotators checked) and abandons a running computation, so that the
    /// next frame the window is shown computes afresh: call it when another
    /// project is opened. The window stays open or closed.
    pub fn invalidate(&mut self) {
        self.choice.clear();
        self.evaluation = evaluation::Evaluation::default();
        self.confusion_pair = 0;
        self.job.cancel();
        self.job_key = None;
        self.finished = None;
        self.report = None;
        self.documents.clear();
        self.error = None;
        self.annotators = None;
    }

    /// The annotators compared now: those checked, in name order.
    pub fn chosen_annotators(&mut self, project: &Project, generation: u64) -> Vec<String> {
        if self
            .annotators
            .as_ref()
            .is_none_or(|(g, _)| *g != generation)
        {
            self.annotators = Some((generation, project.annotators()));
        }
        let all = self
            .annotators
            .as_ref()
            .map_or(&[][..], |(_, a)| a.as_slice());
        all.iter()
            .filter(|name| self.is_chosen(name))
            .cloned()
            .collect()
    }

    fn is_chosen(&self, annotator: &str) -> bool {
        self.choice
            .get(annotator)
            .copied()
            .unwrap_or_else(|| is_human_annotator(annotator))
    }

    /// Draws the window while it is open, picks up a finished computation
    /// and starts a new one when the project (`generation`, the session's
    /// edit counter) or the chosen annotators changed. Clicking a document
    /// pushes [`Action::ReviewDocument`] (a mistake, [`Action::ShowSpan`])
    /// and closes the window. The computation reads a shared snapshot of
    /// `project`: nothing is copied.
    pub fn show(
        &mut self,
        ctx: &Context,
        project: &Arc<Project>,
        generation: u64,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        self.job.set_repaint_context(ctx);
        self.receive(project);
        let chosen = self.chosen_annotators(project, generation);
        self.schedule(ctx, project, generation, chosen);
        let mut open = self.open;
        let before = actions.len();
        Window::new("Agreement")
            .open(&mut open)
            .resizable(true)
            .default_size([
                (ctx.content_rect().width() - 40.0).clamp(600.0, 1420.0),
                (ctx.content_rect().height() - 80.0).clamp(400.0, 1300.0),
            ])
            .show(ctx, |ui| {
                ScrollArea::vertical()
                    .id_salt("agreement_scroll")
                    .show(ui, |ui| self.contents_ui(ui, project, generation, actions));
            });
        // A document or a mistake was clicked: the window gives the text
        // back, so the click leads straight to reviewing (F9 brings it back).
        self.open = open && actions.len() == before;
    }

    /// Takes a finished computation's result.
    fn receive(&mut self, project: &Project) {
        let Some(result) = self.job.poll() else {
            return;
        };
        self.finished = self.job_key.take();
        match result {
            Ok(report) => {
                self.documents = document_rows(&report, project);
                self.report = self.finished.clone().map(|key| (key, report));
                self.error = None;
            }
            Err(err) => self.error = Some(err),
        }
    }

    /// Starts a computation when the figures are out of date, none is
    /// running and the last one started long enough ago.
    fn schedule(
        &mut self,
        ctx: &Context,
        project: &Arc<Project>,
        generation: u64,
        chosen: Vec<String>,
    ) {
        let key = ReportKey {
            generation,
            annotators: chosen,
        };
        if key.annotators.len() < 2 || self.job.is_running() || self.finished.as_ref() == Some(&key)
        {
            return;
        }
        let since = self.last_start.map_or(MIN_INTERVAL, |t| t.elapsed());
        if since < MIN_INTERVAL {
            ctx.request_repaint_after(MIN_INTERVAL.saturating_sub(since));
            return;
        }
        let options = AgreementOptions {
            annotators: Some(key.annotators.clone()),
            labels: None,
            per_document: true,
        };
        self.job.start(Arc::clone(project), options, generation);
        self.job_key = Some(key);
        self.last_start = Some(Instant::now());
    }

    fn contents_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        generation: u64,
        actions: &mut Vec<Action>,
    ) {
        self.annotators_ui(ui, project, generation);
        self.status_ui(ui, project, generation);
        self.agreement_ui(ui, project, actions);
        ui.separator();
        section_ui(ui, "Evaluate a layer against gold", |ui| {
            self.evaluation.ui(ui, project, generation, actions);
        });
    }

    /// The agreement figures, once a report is there.
    fn agreement_ui(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        let Some((_, report)) = &self.report else {
            return;
        };
        ui.separator();
        summary_ui(ui, report);
        ui.add_space(6.0);
        let (measure, confusion_pair) = (&mut self.measure, &mut self.confusion_pair);
        let mut overview = |ui: &mut Ui| {
            section_ui(ui, "Per label", |ui| label_table_ui(ui, report));
            section_ui(ui, "Per label and annotator pair", |ui| {
                measure_combo_ui(ui, measure);
                bar_chart_ui(ui, report, *measure);
            });
        };
        let mut details = |ui: &mut Ui| {
            section_ui(ui, "Documents, worst agreement first", |ui| {
                document_table_ui(ui, &self.documents, project, actions);
            });
            section_ui(ui, "Label confusion", |ui| {
                confusion_ui(ui, report, confusion_pair);
            });
            section_ui(ui, "Attribute agreement", |ui| {
                attribute_table_ui(ui, report);
            });
            section_ui(ui, "Link agreement", |ui| {
                link_table_ui(ui, report);
            });
        };
        // Side by side when the window is wide enough, else one column.
        if ui.available_width() >= TWO_COLUMNS_WIDTH {
            ui.columns(2, |columns| {
                overview(&mut columns[0]);
                details(&mut columns[1]);
            });
        } else {
            overview(ui);
            details(ui);
        }
    }

    /// One checkbox per annotator of the project.
    fn annotators_ui(&mut self, ui: &mut Ui, project: &Project, generation: u64) {
        let _ = self.chosen_annotators(project, generation);
        let all = self
            .annotators
            .as_ref()
            .map(|(_, a)| a.clone())
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.label("Annotators:");
            if all.is_empty() {
                ui.weak("none: no document has a layer yet");
            }
            for name in &all {
                let mut chosen = self.is_chosen(name);
                let response = ui.checkbox(&mut chosen, name.as_str());
                if !is_human_annotator(name) {
                    response.clone().on_hover_text("not compared by default");
                }
                if response.changed() {
                    self.choice.insert(name.clone(), chosen);
                }
            }
        });
    }

    /// Whether figures are being computed, out of date or failed.
    fn status_ui(&mut self, ui: &mut Ui, project: &Project, generation: u64) {
        let chosen = self.chosen_annotators(project, generation);
        if chosen.len() < 2 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Choose at least two annotators to compare.",
            );
            return;
        }
        let current = self
            .report
            .as_ref()
            .is_some_and(|(key, _)| key.generation == generation && key.annotators == chosen);
        if self.job.is_running() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing…");
                if self.report.is_some() {
                    ui.weak("(showing the previous figures, updating)");
                }
            });
        } else if self.report.is_some() && !current {
            ui.weak("updating");
        }
        if let Some(error) = &self.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Agreement failed: {error}"),
            );
        }
    }
}

/// A section with a title, open by default.
fn section_ui(ui: &mut Ui, title: &str, add_contents: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(title)
        .default_open(true)
        .show(ui, add_contents);
}

/// Who was compared, on how much text.
fn summary_ui(ui: &mut Ui, report: &AgreementReport) {
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Compared: {}", report.annotators.join(", ")));
        ui.separator();
        ui.label(format!("{} documents", report.documents));
        ui.separator();
        ui.label(format!("{} tokens", report.tokens));
    });
}

/// A menu of `names` behind a label; `index` is the chosen entry.
fn labelled_combo_ui(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    names: &[impl AsRef<str>],
    index: &mut usize,
) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let selected = names.get(*index).map_or("", AsRef::as_ref);
        ComboBox::from_id_salt(id_salt)
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for (i, name) in names.iter().enumerate() {
                    ui.selectable_value(index, i, name.as_ref());
                }
            })
            .response
            .labelled_by(label.id);
    });
}
