//! Making links in the window: what a link goes to (a span, or a pending
//! suggestion accepted as it is linked), keyboard linking in progress, and
//! the small menu that asks which attribute a link sets when the source
//! has several that allow the target.

use egui::{Context, Pos2};

use crate::model::SpanId;
use crate::suggest::Suggestion;
use crate::ui::commands::Action;

/// What a link is made to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEnd {
    /// A span of the edited layer.
    Span(SpanId),
    /// A pending suggestion: accepted into the layer and linked to, in one
    /// undo step.
    Suggested(Box<Suggestion>),
}

/// Keyboard linking in progress: the candidates of the source's attribute,
/// nearest first, and the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyboardLink {
    /// The span that will hold the reference.
    pub source: SpanId,
    /// The reference attribute being set.
    pub attribute: String,
    /// The candidate targets, nearest first.
    pub candidates: Vec<SpanId>,
    /// Index into `candidates` of the current one.
    pub current: usize,
}

impl KeyboardLink {
    /// The current candidate.
    pub fn target(&self) -> Option<&SpanId> {
        self.candidates.get(self.current)
    }

    /// Moves to the next candidate (the previous one when not `forward`),
    /// round and round.
    pub fn step(&mut self, forward: bool) {
        let n = self.candidates.len().max(1);
        self.current = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
    }
}

/// A key of keyboard linking (while it goes on, these keys belong to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKey {
    /// The next candidate (Tab, the down or right arrow).
    Next,
    /// The previous candidate (Shift+Tab, the up or left arrow).
    Previous,
    /// Make the link to the current candidate (Enter).
    Confirm,
    /// Stop linking (Escape).
    Cancel,
}

impl LinkKey {
    /// Every linking key, in the order the shortcuts window lists them.
    pub const ALL: [LinkKey; 4] = [
        LinkKey::Next,
        LinkKey::Previous,
        LinkKey::Confirm,
        LinkKey::Cancel,
    ];

    /// What the key does, for the shortcuts window.
    pub fn name(self) -> &'static str {
        match self {
            LinkKey::Next => "next candidate (nearest first)",
            LinkKey::Previous => "previous candidate",
            LinkKey::Confirm => "link to the current candidate",
            LinkKey::Cancel => "stop linking",
        }
    }

    /// The keys that give it.
    pub fn shortcuts(self) -> impl Iterator<Item = egui::KeyboardShortcut> {
        Self::KEYS
            .into_iter()
            .filter(move |(_, _, k)| *k == self)
            .map(|(m, key, _)| egui::KeyboardShortcut::new(m, key))
    }

    /// Every linking key with the keys that give it.
    pub const KEYS: [(egui::Modifiers, egui::Key, LinkKey); 8] = {
        use egui::{Key, Modifiers as M};
        [
            (M::SHIFT, Key::Tab, LinkKey::Previous),
            (M::NONE, Key::Tab, LinkKey::Next),
            (M::NONE, Key::ArrowDown, LinkKey::Next),
            (M::NONE, Key::ArrowRight, LinkKey::Next),
            (M::NONE, Key::ArrowUp, LinkKey::Previous),
            (M::NONE, Key::ArrowLeft, LinkKey::Previous),
            (M::NONE, Key::Enter, LinkKey::Confirm),
            (M::NONE, Key::Escape, LinkKey::Cancel),
        ]
    };
}

/// The question which reference attribute a link sets.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkMenu {
    /// The span that will hold the reference.
    pub source: SpanId,
    /// What it links to.
    pub target: LinkEnd,
    /// The attributes that allow the target, in schema order.
    pub attributes: Vec<String>,
    /// Where the menu opens (the drop point), once it has been drawn.
    pub at: Option<Pos2>,
}

/// Draws the menu at `at`; returns whether it stays open (not chosen, not
/// dismissed by a click elsewhere or Escape).
pub fn link_menu_ui(ctx: &Context, menu: &LinkMenu, at: Pos2, actions: &mut Vec<Action>) -> bool {
    let mut open = true;
    let area = egui::Area::new(egui::Id::unique("link_menu"))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label("Link as");
                for name in &menu.attributes {
                    if ui.button(name).clicked() {
                        actions.push(Action::Link {
                            source: menu.source.clone(),
                            attribute: Some(name.clone()),
                            target: menu.target.clone(),
                        });
                        open = false;
                    }
                }
            });
        });
    let dismissed =
        ctx.input(|i| i.key_pressed(egui::Key::Escape)) || area.response.clicked_elsewhere();
    open && !dismissed
}
