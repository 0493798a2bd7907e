//! The review panel: which annotators are compared, how many
//! disagreements remain, and the current disagreement with who said what
//! and a button (and key) for each decision; a link disagreement named by
//! what the links point to, with its own decisions.

use egui::{Button, Color32, ProgressBar, RichText, ScrollArea, Ui};

use super::state::ReviewState;
use crate::model::links::caption;
use crate::model::offsets::slice_chars;
use crate::model::{Document, GOLD, Schema, Span};
use crate::review::sites::annotator_letter;
use crate::review::{Decision, LinkChoice, Site, SiteKind};
use crate::ui::commands::{Action, UiCommand};
use crate::ui::theme;
use crate::ui::widgets::attr_text::{CAPTION_CHARS, shown_attributes};

/// The colour that marks a kind of disagreement in the text and the panel.
pub fn kind_color(kind: SiteKind) -> Color32 {
    match kind {
        SiteKind::Missing => Color32::from_rgb(214, 39, 40),
        SiteKind::Boundary => Color32::from_rgb(230, 140, 0),
        SiteKind::Label => Color32::from_rgb(148, 60, 200),
        SiteKind::Attribute => Color32::from_rgb(0, 150, 150),
        SiteKind::Link => Color32::from_rgb(30, 110, 200),
        SiteKind::BoundaryAndLabel => Color32::from_rgb(200, 30, 140),
    }
}

/// What the panel shows besides the review state.
pub struct ReviewPanelInput<'a> {
    /// The project's schema (label colours).
    pub schema: &'a Schema,
    /// The open document.
    pub doc: Option<&'a Document>,
    /// Index of the open document.
    pub doc_index: usize,
    /// Every annotator with a layer in the project.
    pub all_annotators: &'a [String],
}

/// Draws the review panel in `ui`'s whole rectangle: the annotators, the
/// progress and the buttons (each with its key) stay in view; who said
/// what at the current disagreement scrolls below them.
pub fn review_panel_ui(
    ui: &mut Ui,
    input: &ReviewPanelInput<'_>,
    state: &ReviewState,
    actions: &mut Vec<Action>,
) {
    ui.heading("Review");
    annotator_choice_ui(ui, input.all_annotators, &state.annotators, actions);
    if state.annotators.len() < 2 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Choose at least two annotators to compare.",
        );
        return;
    }
    progress_ui(ui, input, state);
    ui.horizontal_wrapped(|ui| {
        for (command, text) in [
            (UiCommand::PreviousDisagreement, "⏴ Previous"),
            (UiCommand::NextDisagreement, "Next ⏵"),
            (UiCommand::AcceptAllAgreed, "Accept everything agreed"),
        ] {
            run_button(ui, command, text, actions);
        }
    });
    ui.separator();
    let site = state
        .current
        .filter(|(d, _)| *d == input.doc_index)
        .and_then(|_| state.current_site());
    let (Some(site), Some(doc)) = (site, input.doc) else {
        ui.label(if state.remaining_in(input.doc_index) > 0 {
            "Press F8 (or Next) to go to this document's next disagreement."
        } else {
            "No open disagreement in this document. Press F8 for the next one."
        });
        return;
    };
    site_heading_ui(ui, site);
    decision_buttons_ui(ui, &state.annotators, site, actions);
    links_ui(ui, doc, site, actions);
    ui.separator();
    ScrollArea::vertical()
        .id_salt("review_versions")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            versions_ui(ui, input.schema, doc, &state.annotators, site);
            ui.add_space(6.0);
            ui.weak(
                "In the text, gold is drawn solid; under it A's spans are dashed, B's dotted, \
                 C's long-dashed. Framed: each disagreement, coloured by kind.",
            );
        });
}

fn annotator_choice_ui(ui: &mut Ui, all: &[String], chosen: &[String], actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Compare:");
        for name in all.iter().filter(|a| a.as_str() != GOLD) {
            let at = chosen.iter().position(|c| c == name);
            let mut on = at.is_some();
            let text = match at {
                Some(i) => format!("{} {name}", annotator_letter(i)),
                None => name.clone(),
            };
            if ui.checkbox(&mut on, text).changed() {
                let mut next: Vec<String> = chosen.to_vec();
                if on {
                    next.push(name.clone());
                } else {
                    next.retain(|c| c != name);
                }
                actions.push(Action::SetReviewAnnotators(next));
            }
        }
    });
}

fn progress_ui(ui: &mut Ui, input: &ReviewPanelInput<'_>, state: &ReviewState) {
    let (total, remaining) = (state.sites().total(), state.sites().remaining());
    let done = total - remaining;
    ui.label(format!(
        "{remaining} of {total} disagreements left · {} in this document",
        state.remaining_in(input.doc_index)
    ));
    let fraction = if total == 0 {
        1.0
    } else {
        done as f32 / total as f32
    };
    ui.add(ProgressBar::new(fraction).text(format!("{done} decided")));
}

/// A button that runs `command`, its key shown on it.
fn run_button(ui: &mut Ui, command: UiCommand, text: &str, actions: &mut Vec<Action>) {
    let shortcut = ui.ctx().format_shortcut(&command.shortcut());
    if ui
        .add(Button::new(text).shortcut_text(shortcut))
        .on_hover_text(command.name())
        .clicked()
    {
        actions.push(Action::Run(command));
    }
}

/// The kind of the current disagreement and where it is.
fn site_heading_ui(ui: &mut Ui, site: &Site) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(" {} ", site.summary()))
                .color(Color32::WHITE)
                .background_color(kind_color(site.kind))
                .strong(),
        );
        ui.weak(format!("[{}, {})", site.start, site.end));
        if site.resolved {
            ui.label(RichText::new("✔ decided").color(Color32::from_rgb(40, 150, 60)));
        }
    });
}

/// One button per decision: each annotator's version (those with a layer
/// here), all of them, none, or editing gold by hand.
fn decision_buttons_ui(ui: &mut Ui, annotators: &[String], site: &Site, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        for i in (0..annotators.len()).filter(|&i| site.present[i]) {
            let text = format!("Accept {}", annotator_letter(i));
            match UiCommand::ALL
                .into_iter()
                .find(|c| c.accepted_annotator() == Some(i))
            {
                Some(command) => run_button(ui, command, &text, actions),
                // Past the annotators with a key of their own: click only.
                None => {
                    if ui.button(text).clicked() {
                        actions.push(Action::Decide(Decision::Accept(i)));
                    }
                }
            }
        }
        for (command, text) in [
            (UiCommand::AcceptAllVersions, "Accept all"),
            (UiCommand::RejectAll, "Reject all"),
            (UiCommand::EditDecision, "Edit in gold"),
        ] {
            run_button(ui, command, text, actions);
        }
    });
}

/// Each link disagreement of `site`, by what the links point to (and, when
/// there are several, whose link it is), with a button per decision: keep
/// the target of one annotator who links, or no link. The keys decide the
/// first one.
fn links_ui(ui: &mut Ui, doc: &Document, site: &Site, actions: &mut Vec<Action>) {
    for (k, link) in site.links.iter().enumerate() {
        ui.add_space(2.0);
        // Several links: say whose each is.
        let source = site
            .spans
            .iter()
            .flatten()
            .find(|s| (s.start, s.end, s.label.as_str()) == (link.start, link.end, &link.label))
            .filter(|_| site.links.len() > 1);
        if let Some(source) = source {
            ui.weak(format!(
                "{} {}",
                link.label,
                caption(&doc.text, source, CAPTION_CHARS)
            ));
        }
        ui.label(
            RichText::new(link.describe(&doc.text))
                .color(kind_color(SiteKind::Link))
                .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            // A holder without a link is what "No link" keeps.
            let linked = |i: &usize| link.targets[*i].as_ref().is_some_and(|t| !t.is_empty());
            for i in link.holders().filter(linked) {
                let text = format!("Keep {}'s target", annotator_letter(i));
                let choice = Action::DecideLink {
                    link: k,
                    choice: LinkChoice::Keep(i),
                };
                let command = UiCommand::ALL
                    .into_iter()
                    .find(|c| c.kept_target() == Some(i));
                link_button(ui, command.filter(|_| k == 0), &text, choice, actions);
            }
            let nothing = Action::DecideLink {
                link: k,
                choice: LinkChoice::Nothing,
            };
            let command = Some(UiCommand::NoLink).filter(|_| k == 0);
            link_button(ui, command, "No link", nothing, actions);
        });
    }
}

/// A button deciding a link: with the key of `command` when it has one
/// (the first link's decisions), else click only.
fn link_button(
    ui: &mut Ui,
    command: Option<UiCommand>,
    text: &str,
    action: Action,
    actions: &mut Vec<Action>,
) {
    match command {
        Some(command) => run_button(ui, command, text, actions),
        None => {
            if ui.button(text).clicked() {
                actions.push(action);
            }
        }
    }
}

/// What `site` covers, who marked what there, then what gold holds there.
fn versions_ui(ui: &mut Ui, schema: &Schema, doc: &Document, annotators: &[String], site: &Site) {
    let excerpt: String = slice_chars(&doc.text, site.start, site.end)
        .unwrap_or_default()
        .chars()
        .take(160)
        .collect();
    ui.label(format!("\u{201C}{excerpt}\u{201D}"));
    ui.add_space(4.0);
    for (i, name) in annotators.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{} · {name}", annotator_letter(i)));
            if !site.present[i] {
                ui.weak("(no layer on this document)");
            } else if site.spans[i].is_empty() {
                ui.colored_label(kind_color(SiteKind::Missing), "— marked nothing here");
            }
        });
        let layer = doc.layers.get(name).map_or(&[][..], |l| &l.spans);
        for span in &site.spans[i] {
            span_line_ui(ui, schema, doc, layer, span);
        }
        ui.add_space(2.0);
    }
    let gold_layer = doc.layers.get(GOLD).map_or(&[][..], |g| &g.spans);
    let gold: Vec<&Span> = gold_layer
        .iter()
        .filter(|s| s.overlaps(site.start, site.end))
        .collect();
    ui.add_space(4.0);
    ui.strong(format!("Gold here ({})", gold.len()));
    for span in gold {
        span_line_ui(ui, schema, doc, gold_layer, span);
    }
}

/// One span: label chip, offsets, covered text and attributes (a
/// reference by what it points to in `layer`, the span's own layer; its
/// id on hover).
fn span_line_ui(ui: &mut Ui, schema: &Schema, doc: &Document, layer: &[Span], span: &Span) {
    let covered: String = slice_chars(&doc.text, span.start, span.end)
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.add_space(12.0);
        match schema.label(&span.label) {
            Some(label) => {
                let fill = theme::label_color(label);
                ui.label(
                    RichText::new(&span.label)
                        .color(theme::text_on(fill))
                        .background_color(fill),
                );
            }
            None => {
                ui.label(&span.label);
            }
        }
        ui.weak(format!("[{}, {})", span.start, span.end));
        ui.label(format!("\u{201C}{covered}\u{201D}"));
        for shown in shown_attributes(schema, &doc.text, layer, span) {
            let value = ui.weak(format!("{}={}", shown.name, shown.value));
            if let Some(ids) = shown.ids {
                value.on_hover_text(ids);
            }
        }
    });
}
