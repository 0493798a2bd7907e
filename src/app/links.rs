//! Links in the app: which of them the text view draws (*View → Links*),
//! and making them: setting a reference as one undo step (from a drag, the
//! keyboard, the inspector or *Pick*), accepting a suggested target as it
//! is linked, asking which attribute when several allow the target,
//! keyboard linking, and deleting a span with the links to it.

use egui::{Context, Modifiers};

use super::MarginaliaApp;
use crate::edit::Edit;
use crate::edit::links::{LayerRef, link_edit, relabel_with_links, remove_with_links};
use crate::model::linking::{
    Linked, attributes_to, may_link, nearest_first, reference_attributes_of,
};
use crate::model::links::caption;
use crate::model::{AttributeKind, DocId, Span, SpanId};
use crate::ui::commands::Action;
use crate::ui::linking::{KeyboardLink, LinkEnd, LinkKey, LinkMenu, link_menu_ui};
use crate::ui::links::{LinkPreview, LinksShown};
use crate::ui::words;

/// How many characters of a target's text a message shows.
const CAPTION_CHARS: usize = 40;

/// Links being made: by keyboard, by a drag, or waiting for the choice of
/// an attribute.
#[derive(Debug, Default)]
pub(super) struct Linking {
    /// Keyboard linking in progress.
    keyboard: Option<KeyboardLink>,
    /// The question which attribute a link sets.
    menu: Option<LinkMenu>,
    /// The extent of the target under a link drag.
    drag_target: Option<(usize, usize)>,
}

/// A span as a source is named in messages: `claim · 120`.
fn source_name(span: &Span) -> String {
    format!("{} · {}", span.label, span.start)
}

/// The links that went, for a message: `speaker of claim · 120, holder of
/// stance · 130`; `None` when none did.
fn gone_links(gone: &[(Span, String)]) -> Option<String> {
    let links: Vec<String> = gone
        .iter()
        .map(|(s, attribute)| format!("{attribute} of {}", source_name(s)))
        .collect();
    (!links.is_empty()).then(|| links.join(", "))
}

impl MarginaliaApp {
    /// Draws links as `shown` says, and says so in the status bar.
    pub(super) fn show_links(&mut self, shown: LinksShown) {
        self.view.links_shown = shown;
        self.say(format!("Links shown: {}", shown.name()));
    }

    /// Draws links the next way (*Focus*, *All*, *Selected*, *Hidden*).
    pub(super) fn cycle_links(&mut self) {
        self.show_links(self.view.links_shown.next());
    }

    /// Makes span `source` link to `target` through `attribute` (the one
    /// that allows the target when none is given, asking when several do),
    /// as one undo step; a suggested target is accepted in the same step.
    pub(super) fn link(&mut self, source: &SpanId, attribute: Option<String>, target: &LinkEnd) {
        self.linking.keyboard = None;
        self.linking.drag_target = None;
        self.view.link_preview = None;
        let Some(from) = self.layer().and_then(|l| l.span(source)).cloned() else {
            return;
        };
        if let Some(attribute) = self.link_attribute(&from, attribute, target) {
            self.link_through(&from, &attribute, target);
        }
    }

    /// The attribute of span `from` that a link to `target` sets: `asked`
    /// when it allows the target, else the only one that does; when several
    /// do, opens the menu that asks (and gives none).
    fn link_attribute(
        &mut self,
        from: &Span,
        asked: Option<String>,
        target: &LinkEnd,
    ) -> Option<String> {
        let target_label = match target {
            LinkEnd::Span(id) => self.layer()?.span(id)?.label.clone(),
            LinkEnd::Suggested(suggestion) => suggestion.span.label.clone(),
        };
        let schema = &self.session.project.schema;
        let allowed: Vec<String> = attributes_to(schema, &from.label, &target_label)
            .into_iter()
            .map(|a| a.name.clone())
            .collect();
        match asked {
            Some(name) if allowed.contains(&name) => return Some(name),
            _ if allowed.is_empty() => self.say(format!(
                "{} span cannot link to {} span",
                words::capitalised(&words::a(&from.label)),
                words::a(&target_label)
            )),
            Some(name) => self.say(format!(
                "{name} of a {} cannot name a {target_label}",
                from.label
            )),
            None if allowed.len() == 1 => return allowed.into_iter().next(),
            None => {
                self.linking.menu = Some(LinkMenu {
                    source: from.id.clone(),
                    target: target.clone(),
                    attributes: allowed,
                    at: None,
                });
                self.say("Which attribute does the link set? Choose it in the menu (Esc cancels)");
            }
        }
        None
    }

    /// Makes span `from` link to `target` through its reference attribute
    /// `attribute` (accepting a suggested target), as one undo step.
    fn link_through(&mut self, from: &Span, attribute: &str, target: &LinkEnd) {
        let (Some(doc), Some(layer)) = (self.document(), self.layer()) else {
            return;
        };
        let source = &from.id;
        let schema = &self.session.project.schema;
        let Some(def) = schema
            .label(&from.label)
            .and_then(|l| l.attribute(attribute))
            .cloned()
        else {
            return;
        };
        let annotator = self.edit_annotator().to_owned();
        let doc_id = doc.id.clone();
        let mut spans = layer.spans.clone();
        let accepted = match target {
            LinkEnd::Span(_) => None,
            LinkEnd::Suggested(suggestion) => {
                let accepted = [suggestion.as_ref()];
                let Some(edit) =
                    crate::suggest::pending::accept(schema, doc, &annotator, &accepted)
                else {
                    self.say("That suggestion can no longer be accepted here");
                    return;
                };
                Some(edit)
            }
        };
        let target_id = match (target, &accepted) {
            (LinkEnd::Span(id), _) => id.clone(),
            (_, Some(Edit::AddSpan { span, .. })) => {
                let at = spans.partition_point(|s| s.sort_key() < span.sort_key());
                spans.insert(at, span.clone());
                span.id.clone()
            }
            _ => return,
        };
        let text = &doc.text;
        let target_caption = spans
            .iter()
            .find(|s| s.id == target_id)
            .map_or_else(|| target_id.0.clone(), |s| caption(text, s, CAPTION_CHARS));
        let layer_ref = LayerRef {
            doc: &doc_id,
            annotator: &annotator,
            spans: &spans,
        };
        let Some((change, linked)) = link_edit(layer_ref, source, &def, target_id.as_str()) else {
            self.say(format!(
                "{attribute} of {} is {target_caption} already",
                source_name(from)
            ));
            return;
        };
        let edit = match accepted {
            Some(accept) => Edit::Batch(vec![accept, change]),
            None => change,
        };
        let suggested = matches!(target, LinkEnd::Suggested(_));
        if self.edit(edit) {
            let link = format!("{attribute} of {}", source_name(from));
            self.say(match linked {
                Linked::Unset(_) => format!("Unlinked: {link} no longer names {target_caption}"),
                _ if suggested => format!(
                    "Accepted the suggestion and linked: {link} is {target_caption} (one undo step)"
                ),
                _ => format!("Linked: {link} is {target_caption}"),
            });
            self.view.selected_span = Some(source.clone());
            self.view.selection = None;
            self.suggestions.current = None;
        }
    }

    /// *Pick* was armed and a suggestion was clicked: accepts it and links
    /// to it.
    pub(super) fn pick_suggestion(&mut self, index: usize) {
        let (Some(pick), Some(chosen)) = (
            self.view.picking.clone(),
            self.suggestions.pending().get(index).cloned(),
        ) else {
            return;
        };
        if !pick.label.allows(&chosen.span.label) {
            let wanted = words::a(&pick.label.described());
            self.say(format!(
                "That is not {wanted} suggestion; click {wanted} span or press Esc"
            ));
            return;
        }
        self.view.picking = None;
        self.link(
            &pick.span,
            Some(pick.attribute),
            &LinkEnd::Suggested(Box::new(chosen)),
        );
    }

    /// What a link from a `source_label` span would go to at code point
    /// `at`: the innermost span of the layer there that it may link to,
    /// else the shortest such suggestion.
    fn target_at(&self, source: &SpanId, at: usize) -> Option<LinkEnd> {
        let layer = self.layer()?;
        let from = layer.span(source)?;
        let schema = &self.session.project.schema;
        let fits = |s: &Span| may_link(schema, &from.label, &s.label);
        let span = layer
            .spans
            .iter()
            .filter(|s| s.contains(at) && s.id != from.id && fits(s))
            .min_by_key(|s| (s.end - s.start, s.start));
        if let Some(span) = span {
            return Some(LinkEnd::Span(span.id.clone()));
        }
        if !self.suggestions_shown() {
            return None;
        }
        self.suggestions
            .pending()
            .iter()
            .filter(|s| s.span.contains(at) && fits(&s.span))
            .min_by_key(|s| (s.span.end - s.span.start, s.span.start))
            .map(|s| LinkEnd::Suggested(Box::new(s.clone())))
    }

    /// A link drag from `source` is over code point `over`: previews the
    /// link to what is there.
    pub(super) fn link_drag(&mut self, source: &SpanId, over: Option<usize>) {
        let target = over.and_then(|at| self.target_at(source, at));
        let (layer, schema) = (self.layer(), &self.session.project.schema);
        let source_label = layer.and_then(|l| l.span(source)).map(|s| s.label.clone());
        let extent_and_preview = match (&target, layer, source_label) {
            (Some(LinkEnd::Span(id)), Some(layer), Some(label)) => layer.span(id).map(|t| {
                let attribute = attributes_to(schema, &label, &t.label)
                    .first()
                    .map(|a| a.name.clone());
                let preview = attribute.map(|attribute| LinkPreview {
                    source: source.clone(),
                    attribute,
                    target: id.clone(),
                });
                ((t.start, t.end), preview)
            }),
            (Some(LinkEnd::Suggested(s)), _, _) => Some(((s.span.start, s.span.end), None)),
            _ => None,
        };
        self.linking.drag_target = extent_and_preview.as_ref().map(|(e, _)| *e);
        self.view.link_preview = extent_and_preview.and_then(|(_, p)| p);
    }

    /// A link drag from `source` was dropped at code point `at`: links to
    /// what is there.
    pub(super) fn link_drop(&mut self, source: &SpanId, at: Option<usize>) {
        self.linking.drag_target = None;
        self.view.link_preview = None;
        match at.and_then(|at| self.target_at(source, at)) {
            Some(target) => self.link(source, None, &target),
            None => self.say("Nothing linked: drop the link on a span it may point to"),
        }
    }

    /// Starts keyboard linking from the selected span, or, when it goes on
    /// already, moves to the span's next reference attribute.
    pub(super) fn start_link(&mut self) {
        let Some(from) = self.selected().cloned() else {
            self.say("Select a span that holds a link first (a claim, a stance)");
            return;
        };
        let schema = &self.session.project.schema;
        let names: Vec<String> = reference_attributes_of(schema, &from.label)
            .map(|a| a.name.clone())
            .collect();
        if names.is_empty() {
            self.say(format!(
                "{} span holds no link",
                words::capitalised(&words::a(&from.label))
            ));
            return;
        }
        let next = match &self.linking.keyboard {
            Some(k) if k.source == from.id => names
                .iter()
                .position(|n| *n == k.attribute)
                .map_or(0, |i| (i + 1) % names.len()),
            _ => 0,
        };
        let attribute = names[next].clone();
        let (Some(doc), Some(layer)) = (self.document(), self.layer()) else {
            return;
        };
        let Some(AttributeKind::SpanRef(targets)) = schema
            .label(&from.label)
            .and_then(|l| l.attribute(&attribute))
            .map(|a| &a.kind)
        else {
            return;
        };
        let source = layer.position(&from.id).unwrap_or_default();
        let candidates: Vec<SpanId> =
            nearest_first(&doc.text, &self.cache.chars, &layer.spans, source, |s| {
                targets.allows(&s.label)
            })
            .into_iter()
            .map(|i| layer.spans[i].id.clone())
            .collect();
        if candidates.is_empty() {
            let wanted = targets.described();
            self.linking.keyboard = None;
            self.view.link_preview = None;
            self.say(format!(
                "No {wanted} span in this document for {attribute} to name"
            ));
            return;
        }
        self.linking.keyboard = Some(KeyboardLink {
            source: from.id,
            attribute,
            candidates,
            current: 0,
        });
        self.show_keyboard_candidate();
    }

    /// Previews the current keyboard candidate, scrolls to it and says
    /// where linking stands.
    fn show_keyboard_candidate(&mut self) {
        let (Some(k), Some(doc), Some(layer)) =
            (&self.linking.keyboard, self.document(), self.layer())
        else {
            return;
        };
        let (Some(from), Some(target)) = (
            layer.span(&k.source),
            k.target().and_then(|id| layer.span(id)),
        ) else {
            return;
        };
        let said = format!(
            "{} of {}: {} ({} of {}) \u{2014} Enter links, Tab or the arrows go to the next, Esc cancels",
            k.attribute,
            source_name(from),
            caption(&doc.text, target, CAPTION_CHARS),
            k.current + 1,
            k.candidates.len()
        );
        let preview = LinkPreview {
            source: k.source.clone(),
            attribute: k.attribute.clone(),
            target: target.id.clone(),
        };
        self.view.scroll_to = Some(target.start);
        self.view.link_preview = Some(preview);
        self.say(said);
    }

    /// While keyboard linking goes on, its keys (Tab, the arrows, Enter,
    /// Escape) belong to it: turned into actions before the command table
    /// sees them.
    pub(super) fn link_keys(&self, ctx: &Context, actions: &mut Vec<Action>) {
        if self.linking.keyboard.is_none() || ctx.text_edit_focused() {
            return;
        }
        ctx.input_mut(|input| {
            for (modifiers, key, link_key) in LinkKey::KEYS {
                if input.consume_key(modifiers, key) {
                    actions.push(Action::LinkKey(link_key));
                }
            }
            // Shift+arrows would move the span's ends behind the preview.
            for key in [egui::Key::ArrowLeft, egui::Key::ArrowRight] {
                input.consume_key(Modifiers::SHIFT, key);
            }
        });
    }

    /// Acts on a key of keyboard linking.
    pub(super) fn link_key(&mut self, key: LinkKey) {
        let Some(k) = self.linking.keyboard.as_mut() else {
            return;
        };
        match key {
            LinkKey::Next | LinkKey::Previous => {
                k.step(key == LinkKey::Next);
                self.show_keyboard_candidate();
            }
            LinkKey::Confirm => {
                let (source, attribute) = (k.source.clone(), k.attribute.clone());
                if let Some(target) = k.target().cloned() {
                    self.link(&source, Some(attribute), &LinkEnd::Span(target));
                }
            }
            LinkKey::Cancel => {
                self.linking.keyboard = None;
                self.view.link_preview = None;
                self.say("Linking cancelled");
            }
        }
    }

    /// Ends keyboard linking when its source is no longer the selected
    /// span (another was selected, the document changed, an undo).
    pub(super) fn end_stale_linking(&mut self) {
        let stale = self.linking.keyboard.as_ref().is_some_and(|k| {
            self.view.selected_span.as_ref() != Some(&k.source) || self.selected().is_none()
        });
        if stale {
            self.linking.keyboard = None;
            self.view.link_preview = None;
        }
    }

    /// The extent of the link target to outline: the keyboard candidate,
    /// else the target under a link drag.
    pub(super) fn link_target_extent(&self) -> Option<(usize, usize)> {
        let keyboard = self.linking.keyboard.as_ref().and_then(|k| {
            let span = self.layer()?.span(k.target()?)?;
            Some((span.start, span.end))
        });
        keyboard.or(self.linking.drag_target)
    }

    /// Draws the menu asking which attribute a link sets, while it is open.
    pub(super) fn link_menu_ui(&mut self, ctx: &Context, actions: &mut Vec<Action>) {
        let Some(menu) = self.linking.menu.as_mut() else {
            return;
        };
        let at = *menu.at.get_or_insert_with(|| {
            ctx.pointer_latest_pos()
                .unwrap_or_else(|| ctx.content_rect().center())
        });
        if !link_menu_ui(ctx, menu, at, actions) {
            self.linking.menu = None;
        }
    }

    /// Changes span `before` into `after` (a new label) and drops the links
    /// to it that may not point to the new label, as one undo step; says
    /// which went.
    pub(super) fn relabel(&mut self, doc: &DocId, annotator: &str, before: &Span, after: Span) {
        let Some(layer) = self.layer() else { return };
        let label = after.label.clone();
        let layer_ref = LayerRef {
            doc,
            annotator,
            spans: &layer.spans,
        };
        let (edit, gone) =
            relabel_with_links(&self.session.project.schema, layer_ref, before, after);
        let said = match gone_links(&gone) {
            None => format!("Relabelled as {label}"),
            Some(links) => format!("Relabelled as {label}; the links to it went ({links})"),
        };
        if self.edit(edit) {
            self.say(said);
        }
    }

    /// Closes the menu asking which attribute a link sets; returns whether
    /// it was open.
    pub(super) fn cancel_link_menu(&mut self) -> bool {
        self.linking.menu.take().is_some()
    }

    /// Deletes the selected span and, in the same undo step, the links
    /// that point to it; says which went.
    pub(super) fn delete_span(&mut self) {
        let (Some(doc), Some(layer), Some(span)) =
            (self.document(), self.layer(), self.selected().cloned())
        else {
            return;
        };
        let next = layer.position(&span.id).and_then(|at| {
            layer
                .spans
                .get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|i| layer.spans.get(i)))
                .map(|s| s.id.clone())
        });
        let annotator = self.edit_annotator().to_owned();
        let layer_ref = LayerRef {
            doc: &doc.id,
            annotator: &annotator,
            spans: &layer.spans,
        };
        let schema = &self.session.project.schema;
        let Some((edit, gone)) = remove_with_links(schema, layer_ref, &span.id) else {
            return;
        };
        let deleted = format!(
            "{} {}",
            span.label,
            caption(&doc.text, &span, CAPTION_CHARS)
        );
        let said = match (gone.len(), gone_links(&gone)) {
            (_, None) => format!("Deleted {deleted}"),
            (1, Some(link)) => {
                format!("Deleted {deleted} and the link to it ({link}); undo brings both back")
            }
            (n, Some(links)) => {
                format!("Deleted {deleted} and {n} links to it ({links}); undo brings them back")
            }
        };
        if self.edit(edit) {
            self.say(said);
            self.view.selected_span = next;
        }
    }
}
