//! Applying actions: every change to the project goes through an
//! [`Edit`] on the session, so it can be undone.

use egui::Context;

use super::MarginaliaApp;
use crate::edit::Edit;
use crate::model::offsets::{char_len, slice_chars};
use crate::model::tokens::find_all;
use crate::model::{AttrValue, Span, SpanId, Status};
use crate::ui::commands::{Action, UiCommand};
use crate::ui::panels::find_bar::find_field_id;
use crate::ui::state::PickTarget;
use crate::ui::theme::{DEFAULT_FONT_SIZE, FONT_SIZE_RANGE};
use crate::ui::windows::confirm::{AfterUnsaved, Question};
use crate::ui::windows::file_dialog::Purpose;
use crate::ui::words;

impl MarginaliaApp {
    /// Applies one action.
    pub(super) fn apply(&mut self, ctx: &Context, action: Action) {
        match action {
            Action::Run(command) => self.run(ctx, command),
            Action::ApplyLabel(label) => self.apply_label(&label),
            Action::SelectDocument(index) => self.select_document(index),
            Action::SelectSpan { id, scroll } => self.select_span(id, scroll),
            Action::SetSelection(selection) => {
                self.view.selection = selection;
                if selection.is_some() {
                    self.view.selected_span = None;
                    self.suggestions.current = None;
                }
            }
            Action::SetAttribute { span, name, value } => self.set_attribute(&span, &name, value),
            Action::StartPick {
                span,
                attribute,
                label,
            } => {
                self.say(format!(
                    "Click {} span in the text to set {attribute} (Esc cancels)",
                    words::a(&label.described())
                ));
                self.view.picking = Some(PickTarget {
                    span,
                    attribute,
                    label,
                });
            }
            Action::FindQuery(query) => {
                self.view.find.query = query;
                self.refresh_matches();
            }
            Action::OpenProject(path) => {
                if self.session.is_dirty() {
                    self.question = Some(Question::Unsaved(AfterUnsaved::Open(path)));
                } else {
                    self.open_now(&path);
                }
            }
            Action::SaveAs(path) => self.save_as(&path),
            Action::MergeCopy { path, base } => self.start_merge(ctx, path, base),
            Action::NewProject(request) => self.start_new_project(ctx, request),
            Action::Import(request) => self.start_import(ctx, request),
            Action::Export(request) => self.start_export(ctx, *request),
            Action::ReviewDocument(index) => self.review_document(index),
            Action::ShowSpan { doc, start, end } => {
                self.select_document(doc);
                self.view.selection = Some((start, end));
                self.view.selected_span = None;
                self.view.scroll_to = Some(start);
            }
            Action::SetReviewAnnotators(annotators) => self.set_review_annotators(annotators),
            Action::Decide(decision) => self.decide(decision),
            Action::DecideLink { link, choice } => self.decide_link(link, choice),
            Action::SelectSuggestion(index) if self.view.picking.is_some() => {
                self.pick_suggestion(index);
            }
            Action::SelectSuggestion(index) => self.select_suggestion(index),
            Action::WriteSuggestions(request) => self.start_write_suggestions(ctx, request),
            Action::Link {
                source,
                attribute,
                target,
            } => self.link(&source, attribute, &target),
            Action::LinkDrag {
                source,
                over,
                dropped: false,
            } => self.link_drag(&source, over),
            Action::LinkDrag { source, over, .. } => self.link_drop(&source, over),
            Action::LinkKey(key) => self.link_key(key),
            Action::ShowLinks(shown) => self.show_links(shown),
        }
    }

    fn run(&mut self, ctx: &Context, command: UiCommand) {
        use UiCommand as C;
        if self.refused_without_project(command) {
            return;
        }
        match command {
            C::Open => self.open_file_dialog(Purpose::Open),
            C::Save => self.save(),
            C::SaveAs => self.open_file_dialog(Purpose::SaveAs),
            C::MergeCopy => self.file_dialog.open(Purpose::Merge, String::new()),
            C::NewProject | C::ImportAnnotations | C::Export => self.open_dataset_dialog(command),
            C::Settings => self.settings_window.open = true,
            C::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            C::Undo | C::Redo => self.undo_redo(command == C::Undo),
            C::DeleteSpan => self.delete_span(),
            C::LabelAllOccurrences => self.label_all_occurrences(),
            C::ChooseAttributeValue => self.choose_attribute_value(ctx),
            C::StartLink => self.start_link(),
            C::Find => self.open_find(),
            C::FindNext | C::FindPrevious => self.step_match(ctx, command == C::FindNext),
            C::NextSpan | C::PreviousSpan => self.step_span(command == C::NextSpan),
            C::GrowEnd => self.move_boundary(false, 1),
            C::ShrinkEnd => self.move_boundary(false, -1),
            C::GrowStart => self.move_boundary(true, -1),
            C::ShrinkStart => self.move_boundary(true, 1),
            C::Escape => self.escape(),
            C::Scroll(scroll) => {
                self.text_view.scroll(scroll);
                ctx.request_repaint();
            }
            C::ZoomIn | C::ZoomOut => {
                let step = if command == C::ZoomIn { 1.0 } else { -1.0 };
                self.settings.font_size =
                    (self.settings.font_size + step).clamp(FONT_SIZE_RANGE.0, FONT_SIZE_RANGE.1);
            }
            C::ZoomReset => self.settings.font_size = DEFAULT_FONT_SIZE,
            C::ToggleTheme => self.settings.dark = !self.settings.dark,
            C::ToggleOverlay => self.settings.show_overlay = !self.settings.show_overlay,
            C::ToggleLabelTags => self.settings.label_tags = !self.settings.label_tags,
            C::CycleLinks => self.cycle_links(),
            C::NextDocument => self.select_document(self.view.doc + 1),
            C::PreviousDocument => self.select_document(self.view.doc.saturating_sub(1)),
            C::MarkDone => self.set_status(Status::Done),
            C::MarkInProgress => self.set_status(Status::InProgress),
            C::Shortcuts => self.windows.shortcuts = true,
            C::About => self.windows.about = true,
            suggestion if suggestion.is_suggestion() => self.run_suggestion(ctx, suggestion),
            review => self.run_review(review),
        }
    }

    pub(super) fn edit(&mut self, edit: Edit) -> bool {
        match self.session.apply(edit) {
            Ok(()) => true,
            Err(err) => {
                self.complain(err.to_string());
                false
            }
        }
    }

    /// The selected span of the edited layer.
    pub(super) fn selected(&self) -> Option<&Span> {
        let id = self.view.selected_span.as_ref()?;
        self.layer()?.span(id)
    }

    fn doc_id(&self) -> Option<crate::model::DocId> {
        self.document().map(|d| d.id.clone())
    }

    fn apply_label(&mut self, label: &str) {
        let Some(doc) = self.doc_id() else { return };
        let annotator = self.edit_annotator().to_owned();
        if self.view.selection.is_none()
            && self.view.selected_span.is_none()
            && self.suggestions_shown()
            && let Some(chosen) = self.suggestions.current().cloned()
        {
            self.accept_suggestion_as(chosen, label);
        } else if let Some((start, end)) = self.view.selection {
            let existing = self
                .layer()
                .and_then(|l| {
                    l.spans
                        .iter()
                        .find(|s| s.start == start && s.end == end && s.label == label)
                })
                .map(|s| s.id.clone());
            if let Some(id) = existing {
                self.say(format!("{id} already labels this text as {label}"));
                self.select_span(Some(id), false);
                return;
            }
            let id = self
                .layer()
                .map_or(SpanId::numbered(1), crate::model::Layer::next_span_id);
            let span = Span::new(id.clone(), start, end, label);
            if self.edit(Edit::AddSpan {
                doc,
                annotator,
                span,
            }) {
                self.say(format!("Added {label} {id} [{start}, {end})"));
                self.view.selection = None;
                self.view.selected_span = Some(id);
            }
        } else if let Some(before) = self.selected().cloned() {
            if before.label == label {
                return;
            }
            let mut after = before.clone();
            label.clone_into(&mut after.label);
            after.attrs = self
                .session
                .project
                .schema
                .attrs_declared_by(label, &before.attrs);
            self.relabel(&doc, &annotator, &before, after);
        } else {
            self.say("Select some text first (drag, double-click, or find + Enter)");
        }
    }

    pub(super) fn select_document(&mut self, index: usize) {
        let count = self.session.project.documents.len();
        if count == 0 || index >= count || index == self.view.doc && self.view.selection.is_none() {
            return;
        }
        self.view.doc = index;
        self.view.selection = None;
        self.view.selected_span = None;
        self.suggestions.current = None;
        self.view.picking = None;
        self.view.hover = None;
        self.view.scroll_to = Some(0);
        self.refresh_matches();
    }

    pub(super) fn select_span(&mut self, id: Option<SpanId>, scroll: bool) {
        if let (Some(pick), Some(target)) = (self.view.picking.clone(), id.as_ref()) {
            let label = self
                .layer()
                .and_then(|l| l.span(target))
                .map(|s| s.label.clone());
            if label.is_some_and(|l| pick.label.allows(&l)) {
                self.view.picking = None;
                let target = crate::ui::linking::LinkEnd::Span(target.clone());
                self.link(&pick.span, Some(pick.attribute), &target);
            } else {
                let wanted = words::a(&pick.label.described());
                self.say(format!(
                    "That is not {wanted} span; click {wanted} span or press Esc"
                ));
            }
            return;
        }
        if scroll
            && let Some(span) = id
                .as_ref()
                .and_then(|id| self.layer().and_then(|l| l.span(id)))
        {
            self.view.scroll_to = Some(span.start);
        }
        self.view.selected_span = id;
        self.view.selection = None;
        self.suggestions.current = None;
    }

    fn set_attribute(&mut self, id: &SpanId, name: &str, value: Option<AttrValue>) {
        let (Some(doc), Some(before)) = (
            self.doc_id(),
            self.layer().and_then(|l| l.span(id)).cloned(),
        ) else {
            return;
        };
        let mut after = before.clone();
        let said = match &value {
            Some(v) => format!("{id}: {name} is {v}"),
            None => format!("{id}: {name} cleared"),
        };
        match value {
            Some(v) => after.attrs.insert(name.to_owned(), v),
            None => after.attrs.remove(name),
        };
        if after != before {
            let annotator = self.edit_annotator().to_owned();
            if self.edit(Edit::ChangeSpan {
                doc,
                annotator,
                before,
                after,
            }) {
                // Replaces a hint such as F4's "Choose kind with …".
                self.say(said);
            }
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let result = if undo {
            self.session.undo()
        } else {
            self.session.redo()
        };
        match result {
            Ok(Some(edit)) => {
                let done = if undo { "Undone" } else { "Redone" };
                self.say(done);
                if self.selected().is_none() {
                    self.view.selected_span = None;
                }
                if self.review.active {
                    self.show_decided_site(&edit, done);
                }
            }
            Ok(None) => self.say(if undo {
                "Nothing to undo"
            } else {
                "Nothing to redo"
            }),
            Err(err) => self.complain(err.to_string()),
        }
    }

    /// Opens the list of values of the selected span's attribute to choose
    /// next: the first required one that is missing, else the first with a
    /// list (an enum or a span reference).
    fn choose_attribute_value(&mut self, ctx: &Context) {
        let Some(span) = self.selected().cloned() else {
            self.say("Select a span first (Tab), then F4 opens its attribute's values");
            return;
        };
        let schema = &self.session.project.schema;
        let listed: Vec<&crate::model::AttributeDef> = schema
            .label(&span.label)
            .map(|l| {
                l.attributes
                    .iter()
                    .filter(|a| !matches!(a.kind, crate::model::AttributeKind::Text))
                    .collect()
            })
            .unwrap_or_default();
        let chosen = listed
            .iter()
            .find(|a| a.required && !span.attrs.contains_key(&a.name))
            .or_else(|| listed.first());
        match chosen {
            Some(attr) => {
                self.view.open_list = Some(attr.name.clone());
                // The list opens as the inspector is drawn: in the next frame.
                ctx.request_repaint();
                self.say(format!(
                    "Choose {} with the Up and Down keys and Enter (Escape closes the list)",
                    attr.name
                ));
            }
            None => self.say(format!(
                "{} span has no attribute to choose from a list",
                words::capitalised(&words::a(&span.label))
            )),
        }
    }

    fn label_all_occurrences(&mut self) {
        self.sync_doc_cache();
        let (Some(doc), Some(span)) = (self.document(), self.selected().cloned()) else {
            self.say(
                "Select a span first; its label is applied to every other occurrence of its text",
            );
            return;
        };
        let Some(covered) = slice_chars(&doc.text, span.start, span.end).map(str::to_owned) else {
            return;
        };
        let layer = self.layer().cloned().unwrap_or_default();
        let attrs = self
            .session
            .project
            .schema
            .without_span_refs(&span.label, &span.attrs);
        let mut next = layer.next_span_id().number().unwrap_or(1);
        let mut edits = Vec::new();
        for (start, end) in find_all(&doc.text, &self.cache.chars, &covered, false) {
            if layer
                .spans
                .iter()
                .any(|s| s.start == start && s.end == end && s.label == span.label)
            {
                continue;
            }
            let mut added = Span::new(SpanId::numbered(next), start, end, span.label.clone());
            added.attrs = attrs.clone();
            next += 1;
            edits.push(Edit::AddSpan {
                doc: doc.id.clone(),
                annotator: self.edit_annotator().to_owned(),
                span: added,
            });
        }
        let count = edits.len();
        if count == 0 {
            self.say(format!(
                "Every occurrence of \u{201C}{covered}\u{201D} is already labelled {}",
                span.label
            ));
        } else if self.edit(Edit::Batch(edits)) {
            self.say(format!("Labelled {count} more occurrences of \u{201C}{covered}\u{201D} as {} (one undo step)", span.label));
        }
    }

    fn open_find(&mut self) {
        if self.view.find.query.is_empty()
            && let (Some(doc), Some((s, e))) = (self.document(), self.view.selection)
            && let Some(text) = slice_chars(&doc.text, s, e)
            && !text.contains('\n')
        {
            self.view.find.query = text.to_owned();
        }
        self.view.find.open = true;
        self.view.find.focus_field = true;
        self.refresh_matches();
    }

    /// Recomputes the find matches of the current document.
    pub(super) fn refresh_matches(&mut self) {
        self.sync_doc_cache();
        let find = &mut self.view.find;
        find.current = None;
        find.matches = match self.session.project.documents.get(self.view.doc) {
            Some(doc) if find.open && !find.query.is_empty() => {
                // The header line is metadata, not text to find.
                let mut found = find_all(&doc.text, &self.cache.chars, &find.query, true);
                found.retain(|&(start, _)| start >= self.cache.header_end);
                found
            }
            _ => Vec::new(),
        };
    }

    fn step_match(&mut self, ctx: &Context, forward: bool) {
        let find = &self.view.find;
        if find.matches.is_empty() {
            if find.open && !find.query.is_empty() {
                self.say(format!(
                    "\u{201C}{}\u{201D} is not in this document",
                    find.query
                ));
            }
            return;
        }
        let n = find.matches.len();
        let anchor = self.view.selection.map_or(0, |(s, _)| s);
        let index = match (find.current, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => find.matches.iter().position(|m| m.0 >= anchor).unwrap_or(0),
            (None, false) => find
                .matches
                .iter()
                .rposition(|m| m.0 < anchor.max(1))
                .unwrap_or(n - 1),
        };
        let (start, end) = find.matches[index];
        self.view.find.current = Some(index);
        self.view.selection = Some((start, end));
        self.view.selected_span = None;
        self.view.scroll_to = Some(start);
        ctx.memory_mut(|m| m.surrender_focus(find_field_id()));
    }

    fn step_span(&mut self, forward: bool) {
        let Some(layer) = self.layer() else { return };
        if layer.spans.is_empty() {
            return;
        }
        let n = layer.spans.len();
        let current = self
            .view
            .selected_span
            .as_ref()
            .and_then(|id| layer.position(id));
        let index = match (current, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => {
                let from = self.view.selection.map_or(0, |(s, _)| s);
                layer
                    .spans
                    .iter()
                    .position(|s| s.start >= from)
                    .unwrap_or(0)
            }
            (None, false) => n - 1,
        };
        let id = layer.spans[index].id.clone();
        self.select_span(Some(id), true);
    }

    fn move_boundary(&mut self, start_side: bool, delta: isize) {
        let Some(len) = self.document().map(|d| char_len(&d.text)) else {
            return;
        };
        let shift = |value: usize| value.checked_add_signed(delta).filter(|v| *v <= len);
        if let Some(before) = self.selected().cloned() {
            let mut after = before.clone();
            let moved = if start_side {
                shift(after.start).map(|v| after.start = v)
            } else {
                shift(after.end).map(|v| after.end = v)
            };
            if moved.is_none() || after.start >= after.end {
                return;
            }
            let (doc, annotator) = (self.doc_id(), self.edit_annotator().to_owned());
            if let Some(doc) = doc {
                self.edit(Edit::ChangeSpan {
                    doc,
                    annotator,
                    before,
                    after,
                });
            }
        } else if let Some((s, e)) = self.view.selection {
            let (s, e) = if start_side {
                (shift(s).unwrap_or(s), e)
            } else {
                (s, shift(e).unwrap_or(e))
            };
            if s < e {
                self.view.selection = Some((s, e));
            }
        }
    }

    /// Escape closes the topmost window first, then cancels picking, closes
    /// find, and clears the selection.
    fn escape(&mut self) {
        if self.merge_conflicts.is_some() {
            self.merge_conflicts = None;
        } else if self.windows.shortcuts || self.windows.about {
            self.windows.shortcuts = false;
            self.windows.about = false;
        } else if self.dashboard.is_open() {
            self.dashboard.toggle();
        } else if self.view.picking.take().is_some() {
            self.say("Picking cancelled");
        } else if self.cancel_link_menu() {
            self.say("Linking cancelled");
        } else if self.view.find.open {
            self.view.find.open = false;
            self.refresh_matches();
        } else {
            self.view.selection = None;
            self.view.selected_span = None;
            self.suggestions.current = None;
        }
    }

    /// Sets the status of the layer being edited; marking it done while
    /// spans lack a required attribute asks first.
    fn set_status(&mut self, status: Status) {
        match self
            .incomplete_done_question()
            .filter(|_| status == Status::Done)
        {
            Some(question) => self.question = Some(question),
            None => self.set_status_now(status),
        }
    }

    /// The question to ask before marking the layer done, when spans of it
    /// (counted, and the first in text order named) lack a required
    /// attribute.
    fn incomplete_done_question(&self) -> Option<Question> {
        let (doc, layer) = (self.document()?, self.layer()?);
        let schema = &self.session.project.schema;
        let mut lacking = layer
            .spans
            .iter()
            .filter(|s| schema.missing_required(s).next().is_some());
        let first = lacking.next()?;
        let names: Vec<&str> = schema
            .missing_required(first)
            .map(|a| a.name.as_str())
            .collect();
        let covered: String = slice_chars(&doc.text, first.start, first.end)
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        Some(Question::IncompleteDone {
            spans: 1 + lacking.count(),
            first: first.id.clone(),
            first_lacks: format!(
                "{} \u{201C}{covered}\u{201D} has no {}",
                first.label,
                names.join(" or ")
            ),
        })
    }

    /// Sets the status of the layer being edited, as one undo step.
    pub(super) fn set_status_now(&mut self, status: Status) {
        let Some(doc) = self.doc_id() else { return };
        let before = self.layer().map_or(Status::New, |l| l.status);
        if before == status {
            return;
        }
        let annotator = self.edit_annotator().to_owned();
        if self.edit(Edit::SetStatus {
            doc,
            annotator,
            before,
            after: status,
        }) {
            self.say(format!(
                "Document marked {}",
                status.as_str().replace('_', " ")
            ));
        }
    }
}
