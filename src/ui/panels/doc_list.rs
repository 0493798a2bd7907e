//! Left panel: the document list with title, status and the current
//! annotator's span count, a filter box and a status filter.

use egui::{ComboBox, RichText, ScrollArea, TextEdit, Ui};

use crate::model::{Project, Status};
use crate::ui::commands::Action;
use crate::ui::state::{StatusFilter, ViewState};
use crate::ui::words::counted;

/// The status of `annotator`'s layer on document `doc` (no layer: new).
pub fn layer_status(project: &Project, doc: usize, annotator: &str) -> Status {
    project.documents[doc]
        .layers
        .get(annotator)
        .map_or(Status::New, |l| l.status)
}

/// A short mark for a status.
pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::New => "☐",
        Status::InProgress => "✏",
        Status::Done => "✔",
    }
}

/// Per-document counts shown under each title.
pub struct DocCounts<'a> {
    /// In review mode, each document's open disagreements.
    pub to_review: Option<&'a [usize]>,
    /// The pending suggestions of document `i` (asked for the rows in view
    /// only, so a long list stays cheap).
    pub suggested: Option<&'a mut dyn FnMut(usize) -> usize>,
}

/// Draws the list; clicking a document asks to open it.
pub fn doc_list_ui(
    ui: &mut Ui,
    project: &Project,
    annotator: &str,
    mut counts: DocCounts<'_>,
    state: &mut ViewState,
    actions: &mut Vec<Action>,
) {
    ui.heading("Documents");
    ui.add(
        TextEdit::singleline(&mut state.doc_filter)
            .hint_text("Filter by title or id")
            .desired_width(f32::INFINITY),
    );
    ui.horizontal(|ui| {
        let label = |f: StatusFilter| match f {
            StatusFilter::All => "all".to_owned(),
            StatusFilter::Only(s) => s.as_str().replace('_', " "),
        };
        ComboBox::from_label("Status")
            .selected_text(label(state.status_filter))
            .show_ui(ui, |ui| {
                for filter in [StatusFilter::All]
                    .into_iter()
                    .chain(Status::ALL.into_iter().map(StatusFilter::Only))
                {
                    ui.selectable_value(&mut state.status_filter, filter, label(filter));
                }
            });
    });
    ui.separator();
    let needle = state.doc_filter.to_lowercase();
    ScrollArea::vertical().id_salt("doc_list").show(ui, |ui| {
        for (i, doc) in project.documents.iter().enumerate() {
            let status = layer_status(project, i, annotator);
            if let StatusFilter::Only(wanted) = state.status_filter
                && wanted != status
            {
                continue;
            }
            if !needle.is_empty()
                && !doc.title.to_lowercase().contains(&needle)
                && !doc.id.as_str().to_lowercase().contains(&needle)
            {
                continue;
            }
            let spans = doc.layers.get(annotator).map_or(0, |l| l.spans.len());
            let title = if doc.title.is_empty() {
                doc.id.as_str()
            } else {
                &doc.title
            };
            let text = RichText::new(format!("{} {title}", status_mark(status)));
            let response = ui
                .selectable_label(i == state.doc, text)
                .on_hover_text(format!(
                    "{} · {} · {}",
                    doc.id,
                    status.as_str(),
                    counted(spans, "span")
                ));
            let in_view = ui.is_rect_visible(response.rect);
            // Each count stays whole: one that does not fit goes to the
            // next row (indented like the first) rather than widening the
            // panel.
            ui.horizontal(|ui| {
                ui.add_space(18.0);
                ui.horizontal_wrapped(|ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                    ui.weak(format!(
                        "{} · {}",
                        counted(spans, "span"),
                        status.as_str().replace('_', " ")
                    ));
                    if in_view
                        && let Some(suggested) = counts.suggested.as_mut()
                        && let n @ 1.. = suggested(i)
                    {
                        ui.colored_label(ui.visuals().hyperlink_color, format!("· {n} suggested"));
                    }
                    match counts.to_review.and_then(|r| r.get(i)) {
                        Some(0) => {
                            ui.weak("· ✔ reviewed");
                        }
                        Some(n) => {
                            ui.colored_label(
                                egui::Color32::from_rgb(214, 39, 40),
                                format!("· {n} to review"),
                            );
                        }
                        None => {}
                    }
                });
            });
            if response.clicked() {
                actions.push(Action::SelectDocument(i));
            }
        }
    });
}
