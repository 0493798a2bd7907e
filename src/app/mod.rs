//! The eframe application: owns the open [`Session`], the settings and the
//! UI state; lays out the panels; turns keys, clicks and menu choices into
//! [`Action`]s and applies them at the end of each frame.

mod actions;
mod datasets;
mod files;
mod jobs;
mod links;
mod merge;
mod review;
mod suggestions;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{CentralPanel, Context, Key, Modifiers, Panel, Ui};

use crate::model::{Document, GOLD, Layer, Project, Status};
use crate::session::Session;
use crate::ui::commands::{Action, UiCommand};
use crate::ui::doc_cache::DocCache;
use crate::ui::panels::doc_list::{DocCounts, doc_list_ui};
use crate::ui::panels::find_bar::find_bar_ui;
use crate::ui::panels::inspector::{SpanContext, inspector_ui};
use crate::ui::panels::menu_bar::{Toggles, menu_bar_ui};
use crate::ui::panels::no_project::no_project_ui;
use crate::ui::panels::span_table::{RowOrderCache, span_table_ui};
use crate::ui::panels::status_bar::{StatusInfo, SuggestionStatus, status_bar_ui};
use crate::ui::panels::toolbar::{ToolbarState, toolbar_ui};
use crate::ui::panels::{DOCUMENTS_WIDTH, INSPECTOR_MIN_HEIGHT, INSPECTOR_WIDTH, keep_width};
use crate::ui::review::dashboard::Dashboard;
use crate::ui::review::panel::{ReviewPanelInput, kind_color, review_panel_ui};
use crate::ui::review::state::ReviewState;
use crate::ui::state::{Settings, ViewState};
use crate::ui::suggestions::card::{CardInput, learning_from, source_spans, suggestion_card_ui};
use crate::ui::suggestions::state::SuggestionState;
use crate::ui::suggestions::write_dialog::WriteSuggestionsDialog;
use crate::ui::text_view::{
    LayerView, SiteMark, SuggestionMarks, TextView, TextViewEvent, TextViewInput,
};
use crate::ui::theme;
use crate::ui::windows::confirm::{Question, question_modal};
use crate::ui::windows::export_dialog::ExportDialog;
use crate::ui::windows::file_dialog::FileDialog;
use crate::ui::windows::import_dialog::ImportDialog;
use crate::ui::windows::new_project::NewProjectDialog;
use crate::ui::windows::settings::SettingsWindow;
use crate::ui::windows::shortcuts::shortcuts_window;

/// Key of the settings in eframe's storage.
const SETTINGS_KEY: &str = "marginalia-settings";

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Project to open; `None`: the last one, else `fallback`.
    pub project: Option<PathBuf>,
    /// Project opened when none is given and none was open before.
    pub fallback: PathBuf,
    /// Annotator for this session (overrides the saved one).
    pub annotator: Option<String>,
}

/// Which informational windows are open.
#[derive(Debug, Clone, Copy, Default)]
struct WindowFlags {
    shortcuts: bool,
    about: bool,
}

/// The dialogs of File → New project, Import and Export.
#[derive(Debug, Default)]
struct DatasetDialogs {
    new_project: NewProjectDialog,
    import: ImportDialog,
    export: ExportDialog,
}

/// A message in the status bar.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    is_error: bool,
}

/// The application.
pub struct MarginaliaApp {
    settings: Settings,
    session: Session,
    view: ViewState,
    cache: DocCache,
    text_view: TextView,
    span_rows: RowOrderCache,
    review: ReviewState,
    dashboard: Dashboard,
    suggestions: SuggestionState,
    suggestions_dialog: WriteSuggestionsDialog,
    dialogs: DatasetDialogs,
    settings_window: SettingsWindow,
    windows: WindowFlags,
    file_dialog: FileDialog,
    question: Option<Question>,
    notice: Option<Notice>,
    job: Option<jobs::RunningJob>,
    /// Why the window holds no project (the last attempt's error), while
    /// none has been opened; the session is then an empty stand-in.
    no_project: Option<String>,
    merge_conflicts: Option<(String, String)>,
    linking: links::Linking,
    last_autosave: Instant,
    was_focused: bool,
    allow_close: bool,
    title: String,
}

impl MarginaliaApp {
    /// Starts the app with `settings` (as loaded from storage) and `options`.
    pub fn new(mut settings: Settings, options: StartOptions) -> Self {
        if let Some(name) = options
            .annotator
            .filter(|n| crate::model::layer::is_valid_annotator(n))
        {
            settings.annotator = name;
        }
        let path = options
            .project
            .or_else(|| settings.recent.first().filter(|p| p.is_file()).cloned())
            .unwrap_or(options.fallback);
        let empty = Session::unsaved(Project::new(crate::model::Schema::builtin()));
        let mut app = Self {
            settings,
            session: empty,
            view: ViewState::default(),
            cache: DocCache::default(),
            text_view: TextView::default(),
            span_rows: RowOrderCache::default(),
            review: ReviewState::default(),
            dashboard: Dashboard::default(),
            suggestions: SuggestionState::default(),
            suggestions_dialog: WriteSuggestionsDialog::default(),
            dialogs: DatasetDialogs::default(),
            settings_window: SettingsWindow::default(),
            windows: WindowFlags::default(),
            file_dialog: FileDialog::default(),
            question: None,
            notice: None,
            job: None,
            no_project: Some("No project is open.".to_owned()),
            merge_conflicts: None,
            linking: links::Linking::default(),
            last_autosave: Instant::now(),
            was_focused: true,
            allow_close: false,
            title: String::new(),
        };
        app.open_now(&path);
        app
    }

    /// Starts on `project` as `annotator` with default settings (for tests,
    /// benchmarks and scripted runs).
    pub fn with_project(project: &std::path::Path, annotator: &str) -> Self {
        let settings = Settings {
            annotator: annotator.into(),
            ..Settings::default()
        };
        let options = StartOptions {
            project: Some(project.to_owned()),
            fallback: project.to_owned(),
            annotator: None,
        };
        Self::new(settings, options)
    }

    /// Starts the app from eframe, reading the saved settings.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY))
            .unwrap_or_default();
        // Documents may hold characters no bundled font has: draw a box
        // rather than fail.
        cc.egui_ctx
            .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        Self::new(settings, options)
    }

    /// The open session (for tests and benchmarks).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The UI state (for tests and benchmarks).
    pub fn view(&self) -> &ViewState {
        &self.view
    }

    /// Review mode's state (for tests).
    pub fn review(&self) -> &ReviewState {
        &self.review
    }

    /// The agreement dashboard (for tests).
    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    /// The settings in effect (for tests).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The message the status bar shows (for tests).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    /// The suggestions' state (for tests).
    pub fn suggestions(&self) -> &SuggestionState {
        &self.suggestions
    }

    /// Waits for the background work that brings the suggestions and the
    /// review sites up to the project as it is (for tests and benchmarks:
    /// the window itself never waits, it shows the previous ones meanwhile).
    pub fn settle(&mut self, ctx: &Context) {
        self.settle_suggestions(ctx);
        self.settle_review();
    }

    /// The pending question, if a modal dialog is shown.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    /// Galleys the text view holds in its cache.
    pub fn cached_galleys(&self) -> usize {
        self.text_view.cached_galleys()
    }

    /// Where code point `pos` of the open document was drawn in the last
    /// frame (for tests that click and drag on text).
    pub fn char_screen_rect(&self, pos: usize) -> Option<egui::Rect> {
        self.text_view.screen_rect_of(&self.cache.blocks, pos)
    }

    /// Where the selected span's link handle was drawn in the last frame
    /// (for tests that drag from it).
    pub fn link_handle(&self) -> Option<egui::Pos2> {
        self.text_view.link_handle()
    }

    /// Brings the open document's derived data (code point index, blocks,
    /// span indexes) up to date; cheap when nothing changed.
    fn sync_doc_cache(&mut self) {
        // A merge or its undo may remove documents.
        let count = self.session.project.documents.len();
        if self.view.doc >= count && count > 0 {
            self.view.doc = count - 1;
            self.view.selected_span = None;
        }
        if let Some(doc) = self.session.project.documents.get(self.view.doc) {
            self.cache
                .update(doc, &self.session.project.schema, self.session.generation());
        }
    }

    fn document(&self) -> Option<&Document> {
        self.session.project.documents.get(self.view.doc)
    }

    /// The layer that edits go to: `gold` in review mode, else the
    /// annotator's own.
    fn edit_annotator(&self) -> &str {
        if self.review.active {
            GOLD
        } else {
            &self.settings.annotator
        }
    }

    fn layer(&self) -> Option<&Layer> {
        self.document()
            .and_then(|d| d.layers.get(self.edit_annotator()))
    }

    fn say(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: false,
        });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: true,
        });
    }

    /// Draws one frame and applies what the user did.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        theme::apply(&ctx, self.settings.dark);
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        release_non_text_focus(&ctx);
        let mut actions = Vec::new();
        self.guard_close(&ctx);
        self.poll_job(&ctx);
        if self.question.is_none()
            && self.file_dialog.purpose.is_none()
            && !self.dataset_dialog_open()
            && !self.settings_window.open
            && !egui::Popup::is_any_open(&ctx)
        {
            // An open list (an attribute's values, a menu) has the keys:
            // arrows and Enter choose in it, never scroll the text or
            // accept a suggestion behind it.
            self.end_stale_linking();
            self.link_keys(&ctx, &mut actions);
            self.keyboard_actions(&ctx, &mut actions);
        }
        self.sync_doc_cache();
        self.review.set_repaint_context(&ctx);
        if self.review.active {
            self.refresh_review();
        }
        self.refresh_suggestions(&ctx);
        self.panels_ui(ui, &mut actions);
        self.windows_ui(&ctx, &mut actions);
        for action in actions {
            self.apply(&ctx, action);
        }
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    fn keyboard_actions(&self, ctx: &Context, actions: &mut Vec<Action>) {
        let typing = ctx.text_edit_focused();
        ctx.input_mut(|input| {
            // Enter steps through find matches while the find bar is open
            // (it accepts a suggestion otherwise).
            if !typing && self.view.find.open && input.consume_key(Modifiers::NONE, Key::Enter) {
                actions.push(Action::Run(UiCommand::FindNext));
            }
            for command in UiCommand::by_specificity() {
                if typing && !command.works_while_typing()
                    || command.needs_review_mode() && !self.review.active
                    || command.acts_on_suggestions() && self.review.active
                {
                    continue;
                }
                let pressed = [Some(command.shortcut()), command.alternative_shortcut()]
                    .into_iter()
                    .flatten()
                    .any(|s| input.consume_shortcut(&s));
                if pressed {
                    actions.push(Action::Run(command));
                }
            }
            if typing {
                return;
            }
            for label in &self.session.project.schema.labels {
                if let Some(key) = key_for(label.key)
                    && input.consume_key(Modifiers::NONE, key)
                {
                    actions.push(Action::ApplyLabel(label.name.clone()));
                }
            }
        });
    }

    fn panels_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let annotator = self.edit_annotator().to_owned();
        Panel::top("menu_bar").show(ui, |ui| {
            let toggles = Toggles {
                dark: self.settings.dark,
                overlay: self.settings.show_overlay,
                label_tags: self.settings.label_tags,
                suggestions: self.settings.show_suggestions,
                only_this_label: self.view.suggestion_label.is_some(),
                learn_from_everyone: self.settings.learn_from_everyone,
                review: self.review.active,
                links: self.view.links_shown,
            };
            let (can_undo, can_redo) = self.session.can_undo_redo();
            let has_span = self.view.selected_span.is_some();
            let enabled = |c: UiCommand| match c {
                UiCommand::Undo => can_undo,
                UiCommand::Redo => can_redo,
                UiCommand::DeleteSpan
                | UiCommand::LabelAllOccurrences
                | UiCommand::ChooseAttributeValue
                | UiCommand::GrowEnd
                | UiCommand::ShrinkEnd
                | UiCommand::GrowStart
                | UiCommand::ShrinkStart => has_span,
                c if c.needs_review_mode() => self.review.active,
                c if c.acts_on_suggestions() => !self.review.active,
                _ => true,
            };
            menu_bar_ui(ui, &toggles, &self.settings.recent, enabled, actions);
        });
        Panel::top("toolbar").show(ui, |ui| {
            let (can_undo, can_redo) = self.session.can_undo_redo();
            let state = ToolbarState {
                can_undo,
                can_redo,
                can_label: self.view.selection.is_some() || self.view.selected_span.is_some(),
                status: self.layer().map_or(Status::New, |l| l.status),
            };
            toolbar_ui(ui, &self.session.project.schema, &state, actions);
        });
        Panel::bottom("status_bar").show(ui, |ui| self.status_ui(ui));
        DOCUMENTS_WIDTH
            .apply(Panel::left("documents"))
            .show(ui, |ui| {
                keep_width(ui, |ui| self.documents_ui(ui, &annotator, actions));
            });
        INSPECTOR_WIDTH
            .apply(Panel::right("inspector"))
            .show(ui, |ui| keep_width(ui, |ui| self.inspector_ui(ui, actions)));
        CentralPanel::default().show(ui, |ui| {
            if self.view.find.open {
                find_bar_ui(ui, &mut self.view.find, actions);
                ui.separator();
            }
            self.text_ui(ui, actions);
        });
    }

    /// The document list, with each document's counts.
    fn documents_ui(&mut self, ui: &mut Ui, annotator: &str, actions: &mut Vec<Action>) {
        let remaining = self
            .review
            .active
            .then(|| self.review.remaining_by_document());
        let project = &self.session.project;
        let session = &self.session;
        let suggestions = &mut self.suggestions;
        let mut suggested = |i: usize| {
            let changed = session.document_generation(&project.documents[i].id);
            suggestions.count(project, i, annotator, changed)
        };
        let counts = DocCounts {
            to_review: remaining.as_deref(),
            suggested: (!self.review.active && self.settings.show_suggestions)
                .then_some(&mut suggested as &mut dyn FnMut(usize) -> usize),
        };
        doc_list_ui(ui, project, annotator, counts, &mut self.view, actions);
    }

    fn status_ui(&self, ui: &mut Ui) {
        let doc = self.document();
        let info = StatusInfo {
            annotator: self.edit_annotator(),
            doc_id: doc.map_or("(no document)", |d| d.id.as_str()),
            doc_position: (self.view.doc + 1, self.session.project.documents.len()),
            layer_spans: self.layer().map_or(0, |l| l.spans.len()),
            doc_spans: doc.map_or(0, Document::span_count),
            dirty: self.session.is_dirty(),
            has_file: self.session.path().is_some(),
            notice: self.notice.as_ref().map(|n| (n.text.as_str(), n.is_error)),
            job: self.job_progress(),
            autosave_paused: self.session.autosave_paused(),
            suggestions: self.suggestions_shown().then(|| SuggestionStatus {
                pending: self.suggestions.pending().len(),
                learning: learning_from(self.settings.learn_from_everyone),
                only: self.view.suggestion_label.as_deref(),
            }),
        };
        status_bar_ui(ui, &info, &self.view);
    }

    fn inspector_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let open_list = self.view.open_list.take();
        if self.review.active {
            self.review_panel_ui(ui, actions);
            ui.separator();
        }
        let Some(doc) = self.session.project.documents.get(self.view.doc) else {
            ui.label("No document.");
            return;
        };
        let empty = Layer::default();
        let edit_annotator = self.edit_annotator().to_owned();
        let layer = doc.layers.get(&edit_annotator).unwrap_or(&empty);
        let selected = self
            .view
            .selected_span
            .as_ref()
            .and_then(|id| layer.span(id));
        let current_suggestion = self
            .suggestions_shown()
            .then(|| self.suggestions.current())
            .flatten();
        // A fixed height whatever is inspected, so that the span table below
        // does not move under the pointer when a click on a row selects it.
        let inspector_height = (ui.available_height() * 0.45).max(INSPECTOR_MIN_HEIGHT);
        ui.allocate_ui(egui::vec2(ui.available_width(), inspector_height), |ui| {
            egui::ScrollArea::vertical()
                .id_salt("inspector")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                if let Some(suggestion) = current_suggestion.filter(|_| selected.is_none()) {
                    let input = CardInput {
                        schema: &self.session.project.schema,
                        text: &doc.text,
                        suggestion,
                        source_spans: source_spans(doc, suggestion),
                        pending: self.suggestions.pending(),
                        learn_from_everyone: self.settings.learn_from_everyone,
                        only_this_label: self.view.suggestion_label.is_some(),
                    };
                    suggestion_card_ui(ui, &input, actions);
                } else if let Some(span) = selected {
                    let context = SpanContext {
                        schema: &self.session.project.schema,
                        doc,
                        layer_spans: &layer.spans,
                        picking: self.view.picking.as_ref(),
                        open_list: open_list.as_deref(),
                        chars: &self.cache.chars,
                    };
                    inspector_ui(ui, &context, span, actions);
                } else {
                    ui.heading("No span selected");
                    ui.label(
                        "Select text (drag, or double-click a word), then press a label key or click a label \
                         button. Click a span to inspect it.",
                    );
                    let waiting = self.suggestions.pending().len();
                    if self.suggestions_shown() && waiting > 0 {
                        ui.add_space(6.0);
                        ui.label(format!(
                            "{waiting} suggestions wait in this document (dashed outlines): F6 goes to the next, \
                             Enter accepts it, Shift+Backspace rejects it."
                        ));
                    }
                }
            });
        });
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(format!("Spans of {edit_annotator} ({})", layer.spans.len()));
        });
        let key = (
            doc.id.clone(),
            edit_annotator,
            self.session.generation(),
            self.view.span_sort,
        );
        let rows = self.span_rows.rows(key, &layer.spans, &doc.text);
        span_table_ui(
            ui,
            &self.session.project.schema,
            &doc.text,
            &layer.spans,
            rows,
            self.view.selected_span.as_ref(),
            &mut self.view.span_sort,
            actions,
        );
    }

    fn text_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let scroll_to = self.view.scroll_to.take();
        let Some(doc) = self.session.project.documents.get(self.view.doc) else {
            if let Some(reason) = &self.no_project {
                no_project_ui(ui, reason, &self.settings.recent, actions);
            } else {
                ui.centered_and_justified(|ui| {
                    ui.label("This project has no documents. Create one with `marginalia new`.")
                });
            }
            return;
        };
        let empty_layer = Layer::default();
        let empty_index = crate::model::span_index::SpanIndex::default();
        let annotator = self.edit_annotator();
        let layer = doc.layers.get(annotator).unwrap_or(&empty_layer);
        // The compared layers' links are drawn in review mode only.
        let view_of = |name: &String, label: String| LayerView {
            name: label,
            spans: doc.layers.get(name).map_or(&[][..], |l| &l.spans),
            index: self.cache.layers.get(name).unwrap_or(&empty_index),
            links: self
                .review
                .active
                .then(|| self.cache.links.get(name))
                .flatten(),
        };
        let overlays: Vec<LayerView<'_>> = if self.review.active {
            self.review
                .annotators
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let letter = crate::review::sites::annotator_letter(i);
                    view_of(name, format!("{letter} · {name}"))
                })
                .collect()
        } else if self.settings.show_overlay {
            doc.layers
                .keys()
                .filter(|name| *name != annotator)
                .map(|name| view_of(name, name.clone()))
                .collect()
        } else {
            Vec::new()
        };
        let sites: Vec<SiteMark> = if self.review.active {
            self.site_marks()
        } else {
            Vec::new()
        };
        let suggestions = if self.suggestions_shown() {
            SuggestionMarks::new(
                self.suggestions.pending(),
                self.suggestions.current_index(),
                self.view.suggestion_label.as_deref(),
            )
        } else {
            SuggestionMarks::default()
        };
        let input = TextViewInput {
            doc_id: &doc.id,
            text: &doc.text,
            chars: &self.cache.chars,
            blocks: &self.cache.blocks,
            schema: &self.session.project.schema,
            layer: LayerView {
                name: annotator.to_owned(),
                spans: &layer.spans,
                index: self.cache.layers.get(annotator).unwrap_or(&empty_index),
                links: self.cache.links.get(annotator),
            },
            overlays,
            selection: self.view.selection,
            selected_span: self.view.selected_span.as_ref(),
            matches: &self.view.find.matches,
            current_match: self.view.find.current,
            font_size: self.settings.font_size,
            label_tags: self.settings.label_tags,
            scroll_to,
            sites: &sites,
            suggestions,
            header_end: self.cache.header_end,
            link_target: self.link_target_extent(),
            links_shown: self.view.links_shown,
            link_preview: self.view.link_preview.as_ref(),
        };
        let events = self.text_view.ui(ui, &input);
        self.text_view_events(events, actions);
    }

    /// Turns what the user did in the text view into actions.
    fn text_view_events(&mut self, events: Vec<TextViewEvent>, actions: &mut Vec<Action>) {
        for event in events {
            match event {
                TextViewEvent::Select(selection) => actions.push(Action::SetSelection(selection)),
                TextViewEvent::ClickSpan(id) => actions.push(Action::SelectSpan {
                    id: Some(id),
                    scroll: false,
                }),
                TextViewEvent::ClickSuggestion(i) => actions.push(Action::SelectSuggestion(i)),
                TextViewEvent::ClickEmpty => {
                    if self.view.picking.is_none() {
                        actions.push(Action::SelectSpan {
                            id: None,
                            scroll: false,
                        });
                    }
                }
                TextViewEvent::Hover(pos) => self.view.hover = pos,
                TextViewEvent::LinkDrag {
                    source,
                    over,
                    dropped,
                } => actions.push(Action::LinkDrag {
                    source,
                    over,
                    dropped,
                }),
            }
        }
    }

    /// The review panel, in the upper part of the right panel (seven
    /// tenths of it: a site with its links needs the room, the inspector
    /// below less while reviewing).
    fn review_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let project = &self.session.project;
        let all = project.annotators();
        let input = ReviewPanelInput {
            schema: &project.schema,
            doc: project.documents.get(self.view.doc),
            doc_index: self.view.doc,
            all_annotators: &all,
        };
        let height = (ui.available_height() * 0.7).max(300.0);
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            ui.set_min_height(height);
            review_panel_ui(ui, &input, &self.review, actions);
        });
    }

    /// The open document's disagreement sites, as the text view frames them.
    fn site_marks(&self) -> Vec<SiteMark> {
        let doc = self.view.doc;
        self.review
            .sites()
            .by_document
            .get(doc)
            .map(|sites| {
                sites
                    .iter()
                    .enumerate()
                    .map(|(i, site)| SiteMark {
                        start: site.start,
                        end: site.end,
                        tag: site.summary(),
                        color: kind_color(site.kind),
                        resolved: site.resolved,
                        current: self.review.current == Some((doc, i)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether suggestions show (outside review mode, when switched on).
    fn suggestions_shown(&self) -> bool {
        self.settings.show_suggestions && !self.review.active
    }

    fn windows_ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        self.settings_window.show(ctx, &mut self.settings);
        self.dashboard.show(
            ctx,
            &self.session.project,
            self.session.generation(),
            actions,
        );
        shortcuts_window(
            ctx,
            &mut self.windows.shortcuts,
            &self.session.project.schema,
        );
        egui::Window::new("About Marginalia")
            .open(&mut self.windows.about)
            .resizable(false)
            .show(ctx, |ui| {
                ui.heading(format!("Marginalia {}", env!("CARGO_PKG_VERSION")));
                ui.label("Span annotation with exact code-point offsets, atomic saves and inter-annotator review.");
                ui.label("Offsets are Unicode code points, end-exclusive, as in Python, brat, doccano and spaCy.");
            });
        self.file_dialog.show(ctx, &self.settings.recent, actions);
        self.dataset_dialogs_ui(ctx, actions);
        self.suggestions_dialog.show(ctx, actions);
        self.link_menu_ui(ctx, actions);
        self.merge_conflicts_ui(ctx);
        if let Some(question) = self.question.clone()
            && let Some(answer) = question_modal(ctx, &question)
        {
            self.question = None;
            self.answer(ctx, &question, answer);
        }
    }

    fn update_title(&mut self, ctx: &Context) {
        let name = self.session.path().and_then(|p| p.file_name()).map_or_else(
            || "untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let title = if self.no_project.is_some() {
            "Marginalia".to_owned()
        } else {
            format!(
                "{}{name} — Marginalia",
                if self.session.is_dirty() { "● " } else { "" }
            )
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn autosave(&mut self, ctx: &Context) {
        let interval = Duration::from_secs(self.settings.autosave_seconds.max(1));
        let focused = ctx.input(|i| i.viewport().focused.unwrap_or(true));
        let focus_lost = self.was_focused && !focused;
        self.was_focused = focused;
        if focus_lost || self.last_autosave.elapsed() >= interval {
            self.last_autosave = Instant::now();
            if let Err(err) = self.session.autosave() {
                self.complain(format!("autosave failed: {err}"));
            }
        }
        if self.session.is_dirty() {
            ctx.request_repaint_after(interval);
        }
    }
}

/// Keyboard focus on a button (egui moves it there on Tab) would stop
/// the annotation keys from working; only text fields keep it. A dialog
/// (the modal layer) keeps its focus: Tab walks through its fields.
fn release_non_text_focus(ctx: &Context) {
    if !ctx.text_edit_focused()
        && ctx.memory(egui::Memory::top_modal_layer).is_none()
        && !egui::Popup::is_any_open(ctx)
        && let Some(id) = ctx.memory(egui::Memory::focused)
    {
        ctx.memory_mut(|m| m.surrender_focus(id));
    }
}

/// The egui key for a schema key character (letters and digits).
fn key_for(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn auto_save_interval(&self) -> Duration {
        Duration::from_secs(30)
    }
}
