//! Review → Agreement: the agreement dashboard. Per-label figures, a bar
//! chart per label and annotator pair, the documents that need review first,
//! the label confusion table and attribute agreement. The figures are
//! recomputed off the UI thread as layers change; the last report stays on
//! screen, marked as updating, until the new one arrives.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use egui::{Color32, ComboBox, Context, RichText, ScrollArea, Ui, Window};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot};

use crate::metrics::agreement::mean;
use crate::metrics::{AgreementOptions, AgreementReport, LabelAgreement, PairAgreement};
use crate::model::Project;
use crate::model::layer::is_human_annotator;
use crate::ui::commands::Action;
use crate::ui::review::agreement_job::AgreementJob;
use crate::ui::theme;

/// Shortest time between two recomputations while edits stream in.
/// Window width from which the dashboard shows two columns.
const TWO_COLUMNS_WIDTH: f32 = 1340.0;

const MIN_INTERVAL: Duration = Duration::from_millis(300);
/// The UI thread copies the project for each computation; on a project so
/// large that the copy is felt, recomputations are spaced out so that the
/// copying takes at most a tenth of the time.
const COPY_SHARE: u32 = 10;
/// Height of a table row.
const ROW_HEIGHT: f32 = 20.0;
/// Width of a column of figures.
const VALUE_WIDTH: f32 = 76.0;
/// Height of the bar chart.
const CHART_HEIGHT: f32 = 220.0;
/// Tallest the per-document table grows before it scrolls.
const DOCUMENT_TABLE_HEIGHT: f32 = 260.0;

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

/// What a report is computed for: the project state and the annotators.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReportKey {
    generation: u64,
    annotators: Vec<String>,
}

/// A row of the per-document table, resolved against the project when the
/// report arrives (so drawing never searches the document list).
#[derive(Debug, Clone)]
struct DocumentRow {
    id: String,
    title: String,
    index: Option<usize>,
    summary: LabelSummary,
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
    /// How long the last copy of the project took.
    copy_time: Duration,
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

    /// Forgets the figures and abandons a running computation, so that
    /// they are computed afresh in the next frame the window is shown: call
    /// it when another project is opened (its generation counter starts
    /// over, so the counter alone cannot tell).
    pub fn invalidate(&mut self) {
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
    /// pushes [`Action::ReviewDocument`].
    pub fn show(
        &mut self,
        ctx: &Context,
        project: &Project,
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
        Window::new("Agreement")
            .open(&mut open)
            .resizable(true)
            .default_size([
                (ctx.content_rect().width() - 40.0).clamp(600.0, 1420.0),
                700.0,
            ])
            .show(ctx, |ui| {
                ScrollArea::vertical()
                    .id_salt("agreement_scroll")
                    .show(ui, |ui| self.contents_ui(ui, project, generation, actions));
            });
        self.open = open;
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
    fn schedule(&mut self, ctx: &Context, project: &Project, generation: u64, chosen: Vec<String>) {
        let key = ReportKey {
            generation,
            annotators: chosen,
        };
        if key.annotators.len() < 2 || self.job.is_running() || self.finished.as_ref() == Some(&key)
        {
            return;
        }
        let interval = MIN_INTERVAL.max(self.copy_time * COPY_SHARE);
        let since = self.last_start.map_or(interval, |t| t.elapsed());
        if since < interval {
            ctx.request_repaint_after(interval.saturating_sub(since));
            return;
        }
        let options = AgreementOptions {
            annotators: Some(key.annotators.clone()),
            labels: None,
            per_document: true,
        };
        let copying = Instant::now();
        let copy = project.clone();
        self.copy_time = copying.elapsed();
        self.job.start(copy, options, generation);
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

/// A figure in a table cell, its background coloured by the value.
fn value_cell_ui(ui: &mut Ui, value: Option<f64>) {
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
fn label_table_ui(ui: &mut Ui, report: &AgreementReport) {
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

/// The menu of pairwise measures for the bar chart.
fn measure_combo_ui(ui: &mut Ui, measure: &mut Measure) {
    let names = Measure::ALL.map(Measure::name);
    let mut index = Measure::ALL.iter().position(|m| m == measure).unwrap_or(0);
    labelled_combo_ui(ui, "Measure", "agreement_measure", &names, &mut index);
    *measure = Measure::ALL.get(index).copied().unwrap_or_default();
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
fn bar_chart_ui(ui: &mut Ui, report: &AgreementReport, measure: Measure) {
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

/// The per-document rows of a report, worst first (lowest α, else lowest
/// mean κ; undefined last), with each document's position and title in
/// `project`.
fn document_rows(report: &AgreementReport, project: &Project) -> Vec<DocumentRow> {
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
fn document_table_ui(
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
fn confusion_ui(ui: &mut Ui, report: &AgreementReport, choice: &mut usize) {
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
fn attribute_table_ui(ui: &mut Ui, report: &AgreementReport) {
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
