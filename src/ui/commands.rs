//! Every user action, with its name, menu and shortcut in one table: the
//! menus, the shortcut handler and the Help → Shortcuts window all read it,
//! so they can never drift apart.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{AttrValue, SpanId, TargetLabels};
use crate::ui::links::LinksShown;
use crate::ui::text_view::Scroll;

/// Something the UI asks the app to do; collected during the frame and
/// applied at its end, so drawing never mutates the model mid-frame.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Run a command from the table.
    Run(UiCommand),
    /// Apply a label: create a span on the selection, or relabel the
    /// selected span.
    ApplyLabel(String),
    /// Open document number `n`.
    SelectDocument(usize),
    /// Select a span (and scroll to it when asked).
    SelectSpan {
        /// The span, or none to clear.
        id: Option<SpanId>,
        /// Scroll the text view to it.
        scroll: bool,
    },
    /// Set the text selection.
    SetSelection(Option<(usize, usize)>),
    /// Set or clear an attribute of a span.
    SetAttribute {
        /// The span.
        span: SpanId,
        /// Attribute name.
        name: String,
        /// New value, or none to remove it.
        value: Option<AttrValue>,
    },
    /// Wait for a click on a span to fill a span-reference attribute.
    StartPick {
        /// The span whose attribute is set.
        span: SpanId,
        /// The attribute.
        attribute: String,
        /// The labels the target may carry.
        label: TargetLabels,
    },
    /// The find text changed.
    FindQuery(String),
    /// Open a project file (asks about unsaved changes first).
    OpenProject(PathBuf),
    /// Save the project to a new file.
    SaveAs(PathBuf),
    /// Merge another copy of the project into the open one (three-way
    /// against `base` when given).
    MergeCopy {
        /// The other copy.
        path: PathBuf,
        /// The version both copies started from.
        base: Option<PathBuf>,
    },
    /// Create a project from documents, save it, and open it.
    NewProject(crate::ui::requests::NewProjectRequest),
    /// Import annotations into the project (one undo step).
    Import(crate::ui::requests::ImportRequest),
    /// Export a dataset.
    Export(Box<crate::ui::requests::ExportRequest>),
    /// Open document number `doc` with `start..end` selected and in view.
    ShowSpan {
        /// Index of the document.
        doc: usize,
        /// First code point.
        start: usize,
        /// End code point.
        end: usize,
    },
    /// Open document number `n` in review mode, at its first disagreement.
    ReviewDocument(usize),
    /// Compare these annotators in review mode.
    SetReviewAnnotators(Vec<String>),
    /// Decide the current disagreement.
    Decide(crate::review::Decision),
    /// Decide one link of the current disagreement on its own.
    DecideLink {
        /// Which of the disagreement's links (an index into its `links`).
        link: usize,
        /// Where gold's link points.
        choice: crate::review::LinkChoice,
    },
    /// Make this pending suggestion (index in the open document's list) the
    /// current one.
    SelectSuggestion(usize),
    /// Write a suggestion layer over the whole project (one undo step).
    WriteSuggestions(crate::ui::suggestions::write_dialog::WriteSuggestionsRequest),
    /// Make span `source` link to `target` (one undo step): a single
    /// reference is replaced, a `many: true` list gains the target (or
    /// loses it when it is there already).
    Link {
        /// The span that holds the reference.
        source: SpanId,
        /// The reference attribute; none: the one that allows the target,
        /// asking when several do.
        attribute: Option<String>,
        /// The target.
        target: crate::ui::linking::LinkEnd,
    },
    /// A link drag from span `source` is over code point `over` (and,
    /// `dropped`, ends there).
    LinkDrag {
        /// The span the drag started on.
        source: SpanId,
        /// The code point under the pointer.
        over: Option<usize>,
        /// Whether the link is dropped there.
        dropped: bool,
    },
    /// A key of keyboard linking.
    LinkKey(crate::ui::linking::LinkKey),
    /// Show these links in the text (*View → Links*).
    ShowLinks(LinksShown),
}

/// The menus of the menu bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// File menu.
    File,
    /// Edit menu.
    Edit,
    /// View menu.
    View,
    /// Document menu.
    Document,
    /// Suggestions menu (a model's predictions and the string memory).
    Suggestions,
    /// Review menu (adjudication into gold, agreement).
    Review,
    /// Help menu.
    Help,
}

impl Menu {
    /// All menus in menu-bar order.
    pub const ALL: [Menu; 7] = [
        Menu::File,
        Menu::Edit,
        Menu::View,
        Menu::Document,
        Menu::Suggestions,
        Menu::Review,
        Menu::Help,
    ];

    /// Menu title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Document => "Document",
            Menu::Suggestions => "Suggestions",
            Menu::Review => "Review",
            Menu::Help => "Help",
        }
    }
}

/// A user action that menus, toolbar and keyboard share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Create a project from documents.
    NewProject,
    /// Open another project.
    Open,
    /// Save to the open file.
    Save,
    /// Save to another file.
    SaveAs,
    /// Merge another copy of the project (an annotator's) into this one.
    MergeCopy,
    /// Import annotations from JSONL, doccano or brat.
    ImportAnnotations,
    /// Export a dataset.
    Export,
    /// Open the settings window.
    Settings,
    /// Close the window (asks about unsaved changes).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Delete the selected span.
    DeleteSpan,
    /// Apply the selected span's label to every other occurrence of its text.
    LabelAllOccurrences,
    /// Open the list of values of the selected span's first attribute that
    /// has one (a required one that is missing first), for the keyboard.
    ChooseAttributeValue,
    /// Link the selected span (a claim, a stance) by keyboard: its
    /// candidates are cycled nearest first; pressed again, the next
    /// reference attribute.
    StartLink,
    /// Show the find bar.
    Find,
    /// Select the next find match.
    FindNext,
    /// Select the previous find match.
    FindPrevious,
    /// Select the next span.
    NextSpan,
    /// Select the previous span.
    PreviousSpan,
    /// Move the selected span's end one code point right.
    GrowEnd,
    /// Move the selected span's end one code point left.
    ShrinkEnd,
    /// Move the selected span's start one code point left.
    GrowStart,
    /// Move the selected span's start one code point right.
    ShrinkStart,
    /// Clear the selection, close the find bar, cancel picking.
    Escape,
    /// Scroll the text view (arrows, Page Up/Down, Home/End).
    Scroll(Scroll),
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Default text size.
    ZoomReset,
    /// Switch between light and dark theme.
    ToggleTheme,
    /// Show other annotators' layers under the text.
    ToggleOverlay,
    /// Show label tags above spans.
    ToggleLabelTags,
    /// Show the next of the ways links are drawn (all with the selected
    /// span's in full, all, the selected span's, none).
    CycleLinks,
    /// Go to the next document.
    NextDocument,
    /// Go to the previous document.
    PreviousDocument,
    /// Mark the current document done.
    MarkDone,
    /// Mark the current document in progress.
    MarkInProgress,
    /// Go to the next pending suggestion, across documents.
    NextSuggestion,
    /// Go to the previous pending suggestion, across documents.
    PreviousSuggestion,
    /// Put the current suggestion (or the one under the pointer) into the
    /// annotator's layer.
    AcceptSuggestion,
    /// Reject the current suggestion (or the one under the pointer) for
    /// this document.
    RejectSuggestion,
    /// Accept every pending suggestion of the current suggestion's label in
    /// the document.
    AcceptAllOfLabel,
    /// Show pending suggestions in the text.
    ToggleSuggestions,
    /// Show (and step through) only the current suggestion's label's
    /// suggestions, or every label's again.
    ToggleOnlyThisLabel,
    /// Let the live memory learn from every human annotator's layer
    /// instead of the annotator's own only.
    ToggleLearnFromEveryone,
    /// Write the string memory's and the dates' suggestions into a
    /// `model:` layer, as `marginalia suggest` does.
    WriteSuggestions,
    /// Switch review mode (compare annotators, adjudicate into gold) on or off.
    ToggleReview,
    /// Go to the next unresolved disagreement, across documents.
    NextDisagreement,
    /// Go to the previous unresolved disagreement, across documents.
    PreviousDisagreement,
    /// Put the first compared annotator's version of the disagreement into gold.
    AcceptA,
    /// Put the second compared annotator's version into gold.
    AcceptB,
    /// Put the third compared annotator's version into gold.
    AcceptC,
    /// Put the fourth compared annotator's version into gold.
    AcceptD,
    /// Put every version of the disagreement into gold.
    AcceptAllVersions,
    /// Keep none of the versions: gold has nothing there.
    RejectAll,
    /// Select gold's span at the disagreement to edit it (accepting A's
    /// version first when gold has none).
    EditDecision,
    /// Point gold's link (of the disagreement's first link disagreement)
    /// where the first compared annotator's points.
    KeepTargetA,
    /// Point gold's link where the second compared annotator's points.
    KeepTargetB,
    /// Leave gold's source span without that link.
    NoLink,
    /// Put every span all compared annotators agree on into gold.
    AcceptAllAgreed,
    /// Show the agreement dashboard.
    Dashboard,
    /// Show the shortcut table.
    Shortcuts,
    /// About Marginalia.
    About,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 68] = [
        UiCommand::NewProject,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::ImportAnnotations,
        UiCommand::Export,
        UiCommand::MergeCopy,
        UiCommand::Settings,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::DeleteSpan,
        UiCommand::LabelAllOccurrences,
        UiCommand::ChooseAttributeValue,
        UiCommand::StartLink,
        UiCommand::Find,
        UiCommand::FindNext,
        UiCommand::FindPrevious,
        UiCommand::NextSpan,
        UiCommand::PreviousSpan,
        UiCommand::GrowEnd,
        UiCommand::ShrinkEnd,
        UiCommand::GrowStart,
        UiCommand::ShrinkStart,
        UiCommand::Escape,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ZoomReset,
        UiCommand::ToggleTheme,
        UiCommand::ToggleOverlay,
        UiCommand::ToggleLabelTags,
        UiCommand::CycleLinks,
        UiCommand::Scroll(Scroll::LineUp),
        UiCommand::Scroll(Scroll::LineDown),
        UiCommand::Scroll(Scroll::PageUp),
        UiCommand::Scroll(Scroll::PageDown),
        UiCommand::Scroll(Scroll::Start),
        UiCommand::Scroll(Scroll::End),
        UiCommand::NextDocument,
        UiCommand::PreviousDocument,
        UiCommand::MarkDone,
        UiCommand::MarkInProgress,
        UiCommand::NextSuggestion,
        UiCommand::PreviousSuggestion,
        UiCommand::AcceptSuggestion,
        UiCommand::RejectSuggestion,
        UiCommand::AcceptAllOfLabel,
        UiCommand::ToggleSuggestions,
        UiCommand::ToggleOnlyThisLabel,
        UiCommand::ToggleLearnFromEveryone,
        UiCommand::WriteSuggestions,
        UiCommand::ToggleReview,
        UiCommand::NextDisagreement,
        UiCommand::PreviousDisagreement,
        UiCommand::AcceptA,
        UiCommand::AcceptB,
        UiCommand::AcceptC,
        UiCommand::AcceptD,
        UiCommand::AcceptAllVersions,
        UiCommand::RejectAll,
        UiCommand::EditDecision,
        UiCommand::KeepTargetA,
        UiCommand::KeepTargetB,
        UiCommand::NoLink,
        UiCommand::AcceptAllAgreed,
        UiCommand::Dashboard,
        UiCommand::Shortcuts,
        UiCommand::About,
    ];

    /// The name shown in menus and the shortcut table.
    pub fn name(self) -> &'static str {
        match self {
            UiCommand::NewProject => "New project from documents…",
            UiCommand::Open => "Open project…",
            UiCommand::ImportAnnotations => "Import annotations…",
            UiCommand::Export => "Export…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::MergeCopy => "Merge another copy…",
            UiCommand::Settings => "Settings…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::DeleteSpan => "Delete span",
            UiCommand::LabelAllOccurrences => "Label all occurrences",
            UiCommand::ChooseAttributeValue => "Choose an attribute value…",
            UiCommand::StartLink => "Link by keyboard (again: next attribute)",
            UiCommand::Find => "Find…",
            UiCommand::FindNext => "Find next",
            UiCommand::FindPrevious => "Find previous",
            UiCommand::NextSpan => "Next span",
            UiCommand::PreviousSpan => "Previous span",
            UiCommand::GrowEnd => "Extend span end ➡",
            UiCommand::ShrinkEnd => "Shrink span end ⬅",
            UiCommand::GrowStart => "Extend span start ⬅",
            UiCommand::ShrinkStart => "Shrink span start ➡",
            UiCommand::Escape => "Clear selection / close find",
            UiCommand::ZoomIn => "Larger text",
            UiCommand::ZoomOut => "Smaller text",
            UiCommand::ZoomReset => "Default text size",
            UiCommand::ToggleTheme => "Dark theme",
            UiCommand::ToggleOverlay => "Show other annotators",
            UiCommand::ToggleLabelTags => "Show label tags",
            UiCommand::CycleLinks => "Next way of showing links",
            UiCommand::Scroll(Scroll::LineUp) => "Scroll up a line",
            UiCommand::Scroll(Scroll::LineDown) => "Scroll down a line",
            UiCommand::Scroll(Scroll::PageUp) => "Scroll up a page",
            UiCommand::Scroll(Scroll::PageDown) => "Scroll down a page",
            UiCommand::Scroll(Scroll::Start) => "Scroll to the start",
            UiCommand::Scroll(Scroll::End) => "Scroll to the end",
            UiCommand::NextDocument => "Next document",
            UiCommand::PreviousDocument => "Previous document",
            UiCommand::MarkDone => "Mark document done",
            UiCommand::MarkInProgress => "Mark document in progress",
            UiCommand::NextSuggestion => "Next suggestion",
            UiCommand::PreviousSuggestion => "Previous suggestion",
            UiCommand::AcceptSuggestion => "Accept suggestion",
            UiCommand::RejectSuggestion => "Reject suggestion",
            UiCommand::AcceptAllOfLabel => "Accept all of this label in document",
            UiCommand::ToggleSuggestions => "Show suggestions",
            UiCommand::ToggleOnlyThisLabel => "Only this label's suggestions",
            UiCommand::ToggleLearnFromEveryone => "Learn from every annotator",
            UiCommand::WriteSuggestions => "Write suggestion layer…",
            UiCommand::ToggleReview => "Review mode",
            UiCommand::NextDisagreement => "Next disagreement",
            UiCommand::PreviousDisagreement => "Previous disagreement",
            UiCommand::AcceptA => "Accept A's version",
            UiCommand::AcceptB => "Accept B's version",
            UiCommand::AcceptC => "Accept C's version",
            UiCommand::AcceptD => "Accept D's version",
            UiCommand::AcceptAllVersions => "Accept all versions",
            UiCommand::RejectAll => "Reject all versions",
            UiCommand::EditDecision => "Edit gold here",
            UiCommand::KeepTargetA => "Keep A's target",
            UiCommand::KeepTargetB => "Keep B's target",
            UiCommand::NoLink => "No link",
            UiCommand::AcceptAllAgreed => "Accept everything agreed",
            UiCommand::Dashboard => "Agreement dashboard…",
            UiCommand::Shortcuts => "Keyboard shortcuts",
            UiCommand::About => "About Marginalia",
        }
    }

    /// The menu the command appears in.
    pub fn menu(self) -> Menu {
        use UiCommand as C;
        match self {
            C::NewProject
            | C::Open
            | C::Save
            | C::SaveAs
            | C::ImportAnnotations
            | C::Export
            | C::MergeCopy
            | C::Settings
            | C::Quit => Menu::File,
            C::ZoomIn
            | C::ZoomOut
            | C::ZoomReset
            | C::ToggleTheme
            | C::ToggleOverlay
            | C::ToggleLabelTags
            | C::CycleLinks
            | C::Scroll(_) => Menu::View,
            C::NextDocument | C::PreviousDocument | C::MarkDone | C::MarkInProgress => {
                Menu::Document
            }
            C::Shortcuts | C::About => Menu::Help,
            _ if self.is_suggestion() => Menu::Suggestions,
            _ if self.is_review() => Menu::Review,
            _ => Menu::Edit,
        }
    }

    /// The keyboard shortcut (every command has one).
    pub fn shortcut(self) -> KeyboardShortcut {
        use UiCommand as C;
        match self {
            C::NewProject => shortcut(CTRL, Key::N),
            C::Open => shortcut(CTRL, Key::O),
            C::ImportAnnotations => shortcut(CTRL, Key::I),
            C::Export => shortcut(CTRL, Key::E),
            C::Save => shortcut(CTRL, Key::S),
            C::SaveAs => shortcut(CTRL_SHIFT, Key::S),
            C::MergeCopy => shortcut(CTRL_SHIFT, Key::M),
            C::Settings => shortcut(CTRL, Key::Comma),
            C::Quit => shortcut(CTRL, Key::Q),
            C::Undo => shortcut(CTRL, Key::Z),
            C::Redo => shortcut(CTRL_SHIFT, Key::Z),
            C::DeleteSpan => shortcut(Modifiers::NONE, Key::Delete),
            C::LabelAllOccurrences => shortcut(CTRL, Key::L),
            C::ChooseAttributeValue => shortcut(Modifiers::NONE, Key::F4),
            C::StartLink => shortcut(CTRL, Key::K),
            C::Find => shortcut(CTRL, Key::F),
            C::FindNext => shortcut(Modifiers::NONE, Key::F3),
            C::FindPrevious => shortcut(Modifiers::SHIFT, Key::F3),
            C::NextSpan => shortcut(Modifiers::NONE, Key::Tab),
            C::PreviousSpan => shortcut(Modifiers::SHIFT, Key::Tab),
            C::GrowEnd => shortcut(Modifiers::SHIFT, Key::ArrowRight),
            C::ShrinkEnd => shortcut(Modifiers::SHIFT, Key::ArrowLeft),
            C::GrowStart => shortcut(CTRL_SHIFT, Key::ArrowLeft),
            C::ShrinkStart => shortcut(CTRL_SHIFT, Key::ArrowRight),
            C::Escape => shortcut(Modifiers::NONE, Key::Escape),
            C::ZoomIn => shortcut(CTRL, Key::Plus),
            C::ZoomOut => shortcut(CTRL, Key::Minus),
            C::ZoomReset => shortcut(CTRL, Key::Num0),
            C::ToggleTheme => shortcut(CTRL_SHIFT, Key::L),
            C::ToggleOverlay => shortcut(CTRL_SHIFT, Key::O),
            C::ToggleLabelTags => shortcut(CTRL_SHIFT, Key::T),
            C::CycleLinks => shortcut(CTRL_SHIFT, Key::K),
            C::Scroll(Scroll::LineUp) => shortcut(Modifiers::NONE, Key::ArrowUp),
            C::Scroll(Scroll::LineDown) => shortcut(Modifiers::NONE, Key::ArrowDown),
            C::Scroll(Scroll::PageUp) => shortcut(Modifiers::NONE, Key::PageUp),
            C::Scroll(Scroll::PageDown) => shortcut(Modifiers::NONE, Key::PageDown),
            C::Scroll(Scroll::Start) => shortcut(Modifiers::NONE, Key::Home),
            C::Scroll(Scroll::End) => shortcut(Modifiers::NONE, Key::End),
            C::NextDocument => shortcut(Modifiers::ALT, Key::ArrowDown),
            C::PreviousDocument => shortcut(Modifiers::ALT, Key::ArrowUp),
            C::MarkDone => shortcut(CTRL, Key::D),
            C::MarkInProgress => shortcut(CTRL_SHIFT, Key::D),
            C::NextSuggestion => shortcut(Modifiers::NONE, Key::F6),
            C::PreviousSuggestion => shortcut(Modifiers::SHIFT, Key::F6),
            C::AcceptSuggestion => shortcut(Modifiers::NONE, Key::Enter),
            C::RejectSuggestion => shortcut(Modifiers::SHIFT, Key::Backspace),
            C::AcceptAllOfLabel => shortcut(Modifiers::SHIFT, Key::Enter),
            C::ToggleSuggestions => shortcut(CTRL_SHIFT, Key::G),
            C::ToggleOnlyThisLabel => shortcut(CTRL_SHIFT, Key::H),
            C::ToggleLearnFromEveryone => shortcut(CTRL_SHIFT, Key::E),
            C::WriteSuggestions => shortcut(CTRL_SHIFT, Key::U),
            C::ToggleReview => shortcut(CTRL, Key::R),
            C::NextDisagreement => shortcut(Modifiers::NONE, Key::F8),
            C::PreviousDisagreement => shortcut(Modifiers::SHIFT, Key::F8),
            C::AcceptA => shortcut(Modifiers::NONE, Key::Num1),
            C::AcceptB => shortcut(Modifiers::NONE, Key::Num2),
            C::AcceptC => shortcut(Modifiers::NONE, Key::Num3),
            C::AcceptD => shortcut(Modifiers::NONE, Key::Num4),
            C::AcceptAllVersions => shortcut(CTRL, Key::Enter),
            C::RejectAll => shortcut(Modifiers::NONE, Key::Backspace),
            C::EditDecision => shortcut(Modifiers::NONE, Key::F2),
            C::KeepTargetA => shortcut(Modifiers::ALT, Key::Num1),
            C::KeepTargetB => shortcut(Modifiers::ALT, Key::Num2),
            C::NoLink => shortcut(Modifiers::ALT, Key::Backspace),
            C::AcceptAllAgreed => shortcut(CTRL_SHIFT, Key::Enter),
            C::Dashboard => shortcut(Modifiers::NONE, Key::F9),
            C::Shortcuts => shortcut(Modifiers::NONE, Key::F1),
            C::About => shortcut(Modifiers::SHIFT, Key::F1),
        }
    }

    /// Other shortcuts that also trigger the command (Ctrl+= for zoom on
    /// keyboards without a plus key, Ctrl+Y for redo, Ctrl+Home and
    /// Ctrl+End as in editors).
    pub fn alternative_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::ZoomIn => Some(shortcut(CTRL, Key::Equals)),
            UiCommand::Redo => Some(shortcut(CTRL, Key::Y)),
            UiCommand::Scroll(Scroll::Start) => Some(shortcut(CTRL, Key::Home)),
            UiCommand::Scroll(Scroll::End) => Some(shortcut(CTRL, Key::End)),
            _ => None,
        }
    }

    /// Whether the command belongs to review mode (its keys act only there;
    /// the mode switch and the dashboard work everywhere).
    pub fn is_review(self) -> bool {
        use UiCommand as C;
        matches!(
            self,
            C::ToggleReview
                | C::NextDisagreement
                | C::PreviousDisagreement
                | C::AcceptA
                | C::AcceptB
                | C::AcceptC
                | C::AcceptD
                | C::AcceptAllVersions
                | C::RejectAll
                | C::EditDecision
                | C::KeepTargetA
                | C::KeepTargetB
                | C::NoLink
                | C::AcceptAllAgreed
                | C::Dashboard
        )
    }

    /// Whether the command belongs to the Suggestions menu.
    pub fn is_suggestion(self) -> bool {
        self.acts_on_suggestions()
            || matches!(
                self,
                UiCommand::ToggleSuggestions
                    | UiCommand::ToggleOnlyThisLabel
                    | UiCommand::ToggleLearnFromEveryone
                    | UiCommand::WriteSuggestions
            )
    }

    /// Whether the command decides on or moves between the suggestions in
    /// the text (shown outside review mode only, so it rests there).
    pub fn acts_on_suggestions(self) -> bool {
        use UiCommand as C;
        matches!(
            self,
            C::NextSuggestion
                | C::PreviousSuggestion
                | C::AcceptSuggestion
                | C::RejectSuggestion
                | C::AcceptAllOfLabel
        )
    }

    /// Whether the command acts only while review mode is on.
    pub fn needs_review_mode(self) -> bool {
        self.is_review() && !matches!(self, UiCommand::ToggleReview | UiCommand::Dashboard)
    }

    /// Which compared annotator an accept command takes (0 for A).
    pub fn accepted_annotator(self) -> Option<usize> {
        match self {
            UiCommand::AcceptA => Some(0),
            UiCommand::AcceptB => Some(1),
            UiCommand::AcceptC => Some(2),
            UiCommand::AcceptD => Some(3),
            _ => None,
        }
    }

    /// Which compared annotator's target a keep-target command keeps (0
    /// for A).
    pub fn kept_target(self) -> Option<usize> {
        match self {
            UiCommand::KeepTargetA => Some(0),
            UiCommand::KeepTargetB => Some(1),
            _ => None,
        }
    }

    /// Whether the shortcut also works while a text field has the keyboard
    /// (commands with Ctrl or function keys; plain keys belong to the field).
    pub fn works_while_typing(self) -> bool {
        use UiCommand as C;
        self.menu() == Menu::File
            || matches!(
                self,
                C::Find
                    | C::FindNext
                    | C::FindPrevious
                    | C::Escape
                    | C::ZoomIn
                    | C::ZoomOut
                    | C::ZoomReset
                    | C::NextDocument
                    | C::PreviousDocument
                    | C::MarkDone
                    | C::Shortcuts
                    | C::NextDisagreement
                    | C::PreviousDisagreement
                    | C::Dashboard
            )
    }

    /// Commands ordered so that more specific shortcuts are tried first
    /// (egui ignores extra Shift/Alt when matching).
    pub fn by_specificity() -> Vec<UiCommand> {
        let mut all = Self::ALL.to_vec();
        all.sort_by_key(|c| {
            let m = c.shortcut().modifiers;
            std::cmp::Reverse(u8::from(m.command || m.ctrl) + u8::from(m.shift) + u8::from(m.alt))
        });
        all
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_command_has_a_distinct_shortcut_and_a_menu() {
        let mut seen = HashSet::new();
        for command in UiCommand::ALL {
            let shortcut = command.shortcut();
            assert!(
                seen.insert((shortcut.modifiers, shortcut.logical_key)),
                "{command:?} shares its shortcut"
            );
            assert!(Menu::ALL.contains(&command.menu()));
            assert!(!command.name().is_empty());
        }
    }

    #[test]
    fn specific_shortcuts_are_tried_before_their_prefixes() {
        let order = UiCommand::by_specificity();
        let at = |c| order.iter().position(|x| *x == c).expect("listed");
        assert!(at(UiCommand::SaveAs) < at(UiCommand::Save));
        assert!(at(UiCommand::Redo) < at(UiCommand::Undo));
        assert!(at(UiCommand::GrowStart) < at(UiCommand::ShrinkEnd));
        assert!(at(UiCommand::PreviousSpan) < at(UiCommand::NextSpan));
        assert!(at(UiCommand::AcceptAllOfLabel) < at(UiCommand::AcceptSuggestion));
        assert!(at(UiCommand::RejectSuggestion) < at(UiCommand::RejectAll));
        assert!(at(UiCommand::NextDocument) < at(UiCommand::Scroll(Scroll::LineDown)));
        assert!(at(UiCommand::PreviousDocument) < at(UiCommand::Scroll(Scroll::LineUp)));
    }
}
