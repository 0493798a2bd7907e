//! UI tests that drive the real app through `egui_kittest`: keys, clicks and
//! drags on the real widgets, then checks of the project and the file.

use std::fs;
use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, ViewportEvent, ViewportId, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::model::offsets::slice_chars;
use marginalia::model::{AttrValue, Layer, Span, Status};
use marginalia::session::Session;
use marginalia::ui::windows::confirm::Question;

mod common;

use common::harness::{
    annotate, demo_copy, find, harness_as, harness_for_any_text, layer_of, press, type_text,
};

const ANNOTATOR: &str = "tester";

fn harness(project: &Path) -> Harness<'static, MarginaliaApp> {
    harness_as(project, ANNOTATOR)
}

fn layer(harness: &Harness<'_, MarginaliaApp>) -> Layer {
    layer_of(harness, ANNOTATOR)
}

fn covered(harness: &Harness<'_, MarginaliaApp>, span: &Span) -> String {
    let app = harness.state();
    let doc = &app.session().project.documents[app.view().doc];
    slice_chars(&doc.text, span.start, span.end)
        .expect("in text")
        .to_owned()
}

fn center_of_char(harness: &Harness<'_, MarginaliaApp>, pos: usize) -> Pos2 {
    let rect = harness
        .state()
        .char_screen_rect(pos)
        .expect("character is on screen");
    rect.center() + vec2(3.0, 0.0)
}

#[test]
fn find_enter_and_label_key_create_a_span_on_the_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    find(&mut harness, "Vladimir Putin");
    let selection = harness.state().view().selection.expect("match selected");
    press(&mut harness, Modifiers::NONE, Key::A);
    let spans = layer(&harness).spans;
    assert_eq!(spans.len(), 1);
    assert_eq!(
        (spans[0].start, spans[0].end, spans[0].label.as_str()),
        (selection.0, selection.1, "actor")
    );
    assert_eq!(covered(&harness, &spans[0]), "Vladimir Putin");
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&spans[0].id)
    );
    assert!(harness.state().session().is_dirty());
}

#[test]
fn dragging_over_words_selects_whole_words_and_a_label_button_labels_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    let text = harness.state().session().project.documents[0].text.clone();
    let start = text
        .chars()
        .collect::<String>()
        .find("Plans to Talk")
        .expect("in seed");
    let start = text[..start].chars().count();
    // From inside "Plans" to inside "Talk": snapping widens to whole words.
    let from = center_of_char(&harness, start + 2);
    let to = center_of_char(&harness, start + 11);
    harness.drag_at(from);
    harness.run_steps(1);
    harness.hover_at(from + vec2(20.0, 0.0));
    harness.run_steps(1);
    harness.hover_at(to);
    harness.run_steps(1);
    harness.drop_at(to);
    harness.run_steps(2);
    assert_eq!(harness.state().view().selection, Some((start, start + 13)));
    harness.get_by_label_contains("claim").click();
    harness.run_steps(2);
    let spans = layer(&harness).spans;
    assert_eq!(spans.len(), 1);
    assert_eq!(covered(&harness, &spans[0]), "Plans to Talk");
    assert_eq!(spans[0].label, "claim");
}

#[test]
fn inspector_sets_an_enum_attribute_and_undo_redo_walk_through_every_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Trump", Key::A);
    assert_eq!(layer(&harness).spans.len(), 1);
    harness
        .get_by_role_and_label(Role::ComboBox, "kind")
        .click();
    harness.run_steps(2);
    harness.get_by_label("person").click();
    harness.run_steps(2);
    let attrs = layer(&harness).spans[0].attrs.clone();
    assert_eq!(attrs.str("kind"), Some("person"));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        layer(&harness).spans[0].attrs.is_empty(),
        "undo removes the attribute"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(layer(&harness).spans.is_empty(), "undo removes the span");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    let spans = layer(&harness).spans;
    assert_eq!(spans.len(), 1, "redo brings both back");
    assert_eq!(spans[0].attrs.str("kind"), Some("person"));
}

#[test]
fn clicking_a_span_selects_it_and_delete_removes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Putin", Key::A);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().view().selected_span, None);
    let span = layer(&harness).spans[0].clone();
    let at = center_of_char(&harness, span.start + 1);
    harness.hover_at(at);
    harness.run_steps(1);
    harness.drag_at(at);
    harness.run_steps(1);
    harness.drop_at(at);
    harness.run_steps(2);
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&span.id)
    );
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert!(layer(&harness).spans.is_empty());
}

#[test]
fn shift_arrows_move_the_end_of_the_selected_span() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Putin", Key::D);
    let before = layer(&harness).spans[0].clone();
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    let after = layer(&harness).spans[0].clone();
    assert_eq!((after.start, after.end), (before.start + 1, before.end - 1));
    assert_eq!(after.id, before.id, "boundaries change without deleting");
}

#[test]
fn alt_down_switches_document_and_ctrl_d_marks_it_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(harness.state().view().doc, 1);
    harness
        .get_by_label_contains("Putin, Trump To Meet")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().view().doc, 3);
    press(&mut harness, Modifiers::COMMAND, Key::D);
    assert_eq!(layer(&harness).status, Status::Done);
}

#[test]
fn ctrl_d_with_spans_lacking_a_required_attribute_asks_first_and_goes_to_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Vladimir Putin", Key::A);
    annotate(&mut harness, "Trump", Key::A);
    let spans = layer(&harness).spans;
    let first = spans
        .iter()
        .min_by_key(|s| s.start)
        .expect("a span")
        .clone();
    assert!(spans.iter().all(|s| !s.attrs.contains_key("kind")));
    press(&mut harness, Modifiers::NONE, Key::Escape);

    press(&mut harness, Modifiers::COMMAND, Key::D);
    assert!(matches!(
        harness.state().question(),
        Some(Question::IncompleteDone { spans: 2, .. })
    ));
    harness.get_by_label_contains("2 spans of this document lack a required attribute");
    harness.get_by_label_contains(&format!(
        "actor \u{201C}{}\u{201D} has no kind",
        covered(&harness, &first)
    ));
    assert_ne!(layer(&harness).status, Status::Done, "not yet");
    // Enter takes the first answer: go to the first such span.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(harness.state().question().is_none());
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&first.id)
    );
    assert_ne!(layer(&harness).status, Status::Done);

    press(&mut harness, Modifiers::COMMAND, Key::D);
    harness.get_by_label("Mark done anyway").click();
    harness.run_steps(2);
    assert_eq!(layer(&harness).status, Status::Done);
}

/// Where the open document's text starts, in whole points from the left.
fn text_left(harness: &Harness<'_, MarginaliaApp>) -> i32 {
    let rect = harness.state().char_screen_rect(0);
    rect.expect("the text's start is drawn").min.x.round() as i32
}

/// Where the first `count` code points of the open document were drawn,
/// relative to the first one: the same when the text was laid out the
/// same (a scroll moves them all alike).
fn text_layout(harness: &Harness<'_, MarginaliaApp>, count: usize) -> Vec<(i32, i32)> {
    let app = harness.state();
    let origin = app
        .char_screen_rect(0)
        .expect("the text's start is drawn")
        .min;
    (0..count)
        .filter_map(|pos| app.char_screen_rect(pos))
        .map(|r| ((r.min.x - origin.x) as i32, (r.min.y - origin.y) as i32))
        .collect()
}

#[test]
fn accepting_suggestions_and_selecting_spans_keeps_the_panels_width_and_the_text_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    // Learning from every annotator, so the first document has suggestions
    // of several labels and F6 stays in it.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    let left = text_left(&harness);
    let before = text_layout(&harness, 600);
    assert!(before.len() > 300, "the first paragraphs are on screen");
    // Accept every suggestion of the first labels, one by one and all at
    // once: the list's counts and the inspector's content change.
    for _ in 0..3 {
        press(&mut harness, Modifiers::NONE, Key::F6);
        press(&mut harness, Modifiers::NONE, Key::Enter);
        press(&mut harness, Modifiers::NONE, Key::F6);
        press(&mut harness, Modifiers::SHIFT, Key::Enter);
    }
    assert!(
        !layer(&harness).spans.is_empty(),
        "suggestions were accepted"
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(harness.state().view().selected_span.is_some());
    harness.run_steps(2);
    // Back to the text's start (switching documents scrolls to it).
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    press(&mut harness, Modifiers::ALT, Key::ArrowUp);
    assert_eq!(
        text_left(&harness),
        left,
        "the documents panel kept its width"
    );
    assert_eq!(
        text_layout(&harness, 600),
        before,
        "the text did not re-wrap: the inspector kept its width"
    );
}

#[test]
fn a_side_panel_dragged_wider_keeps_its_new_width_while_its_content_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    let left = text_left(&harness);
    // The documents panel's right edge, between it and the text.
    let edge = harness.get_by_label("Documents").rect().min.x - 8.0 + 250.0;
    let at = Pos2::new(edge, 600.0);
    harness.hover_at(at);
    harness.run_steps(1);
    harness.drag_at(at);
    harness.run_steps(1);
    harness.hover_at(at + vec2(30.0, 0.0));
    harness.run_steps(1);
    harness.hover_at(at + vec2(60.0, 0.0));
    harness.run_steps(1);
    harness.drop_at(at + vec2(60.0, 0.0));
    harness.run_steps(2);
    let wider = text_left(&harness);
    assert!(
        (wider - left - 60).abs() <= 2,
        "the panel is resizable: {left} -> {wider}"
    );
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::F6);
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    press(&mut harness, Modifiers::ALT, Key::ArrowUp);
    assert_eq!(text_left(&harness), wider, "and keeps the new width");
}

#[test]
fn ctrl_s_saves_and_the_span_is_in_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let mut harness = harness(&path);
    annotate(&mut harness, "Zelensky", Key::A);
    let span = layer(&harness).spans[0].clone();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!harness.state().session().is_dirty());
    let reloaded = Session::open(&path).expect("saved file loads");
    let saved = &reloaded.project.documents[0].layers[ANNOTATOR];
    assert_eq!(saved.spans, vec![span]);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("\"{ANNOTATOR}\": (")));
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_the_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let original = fs::read(&path).expect("read");
    let mut harness = harness(&path);
    annotate(&mut harness, "Trump", Key::A);
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().question(),
        Some(Question::Unsaved(_))
    ));
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(harness.state().question().is_none());
    assert!(harness.state().session().is_dirty(), "nothing was lost");
    assert_eq!(
        fs::read(&path).expect("read"),
        original,
        "nothing was written"
    );
}

#[test]
fn label_all_occurrences_is_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Donald Trump", Key::A);
    press(&mut harness, Modifiers::COMMAND, Key::L);
    let text = harness.state().session().project.documents[0].text.clone();
    let occurrences = text.matches("Donald Trump").count();
    assert!(occurrences > 1);
    assert_eq!(layer(&harness).spans.len(), occurrences);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(layer(&harness).spans.len(), 1);
}

#[test]
fn autosaved_work_is_offered_back_on_the_next_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    {
        let mut session = Session::open(&path).expect("open");
        let doc = session.project.documents[0].id.clone();
        session
            .apply(marginalia::edit::Edit::AddSpan {
                doc,
                annotator: ANNOTATOR.into(),
                span: Span::new("T1".into(), 114, 119, "actor"),
            })
            .expect("edit");
        assert!(session.autosave().expect("autosave"));
        // The app "crashes" here: the session is dropped unsaved.
    }
    let mut harness = harness(&path);
    assert!(matches!(
        harness.state().question(),
        Some(Question::Recovery(_))
    ));
    harness.get_by_label("Restore").click();
    harness.run_steps(2);
    assert_eq!(layer(&harness).spans.len(), 1);
    assert!(
        harness.state().session().is_dirty(),
        "restored work still needs saving"
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let mut harness = harness(&path);
    annotate(&mut harness, "Putin", Key::A);
    let mut changed = fs::read_to_string(&path).expect("read");
    changed.push_str("// edited by someone else\n");
    fs::write(&path, &changed).expect("write");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(matches!(
        harness.state().question(),
        Some(Question::ChangedOnDisk)
    ));
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        changed,
        "not overwritten yet"
    );
    harness.get_by_label("Overwrite").click();
    harness.run_steps(2);
    assert!(!harness.state().session().is_dirty());
    assert!(
        Session::open(&path).expect("reload").project.documents[0]
            .layers
            .contains_key(ANNOTATOR)
    );
}

#[test]
fn the_readme_lists_every_command_of_the_table() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    for command in marginalia::ui::commands::UiCommand::ALL {
        let name = command
            .name()
            .trim_end_matches('…')
            .split(" ➡")
            .next()
            .expect("name");
        let name = name.split(" ⬅").next().expect("name");
        assert!(readme.contains(name), "README misses {name:?}");
    }
}

#[test]
fn pick_by_clicking_sets_a_stance_holder_and_a_text_attribute_is_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    find(&mut harness, "Donald Trump said");
    annotate(&mut harness, "Donald Trump", Key::A);
    let actor = layer(&harness).spans[0].clone();
    assert_eq!(
        covered(&harness, &actor),
        "Donald Trump",
        "reopened find replaces the query"
    );
    annotate(&mut harness, "planned to talk", Key::S);
    let stance_id = harness
        .state()
        .view()
        .selected_span
        .clone()
        .expect("stance selected");
    harness.get_by_label("🖱 Pick").click();
    harness.run_steps(2);
    assert!(harness.state().view().picking.is_some());
    let at = center_of_char(&harness, actor.start + 2);
    harness.hover_at(at);
    harness.run_steps(1);
    harness.drag_at(at);
    harness.run_steps(1);
    harness.drop_at(at);
    harness.run_steps(2);
    let stance = layer(&harness).span(&stance_id).cloned().expect("stance");
    assert_eq!(stance.attrs.str("holder"), Some(actor.id.as_str()));
    assert!(harness.state().view().picking.is_none());

    harness
        .get_by_role_and_label(Role::TextInput, "target")
        .click();
    harness.run_steps(1);
    type_text(&mut harness, "talks with Putin");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let stance = layer(&harness).span(&stance_id).cloned().expect("stance");
    assert_eq!(stance.attrs.str("target"), Some("talks with Putin"));
}

#[test]
fn hovering_a_span_shows_its_label_attributes_and_offsets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    let first = layer_of(&harness, "analyst-a").spans[0].clone();
    harness.hover_at(center_of_char(&harness, first.start + 1));
    for _ in 0..20 {
        harness.step();
    }
    let offsets = format!("{} [{}, {}) · analyst-a", first.id, first.start, first.end);
    harness.get_by_label(&offsets);
    assert!(
        harness.get_all_by_label("  kind: person").count() >= 1,
        "the attribute is listed"
    );
    assert!(
        harness
            .get_all_by_label_contains("· analyst-b")
            .next()
            .is_some(),
        "the other annotator's span under the pointer is listed with its owner"
    );
}

#[test]
fn hovering_a_claim_shows_its_speaker_by_text_and_place_and_its_id_only_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    let spans = layer_of(&harness, "analyst-a").spans;
    let claim = spans
        .iter()
        .find(|s| s.label == "claim" && s.attrs.get("speaker").is_some())
        .expect("a claim with a speaker")
        .clone();
    let id = claim.attrs.str("speaker").expect("one speaker").to_owned();
    let text = harness.state().session().project.documents[0].text.clone();
    let caption = marginalia::model::links::caption_of(&text, &spans, &id, 32);
    assert_ne!(caption, id, "the speaker is in the layer");
    harness.hover_at(center_of_char(&harness, claim.start + 1));
    for _ in 0..20 {
        harness.step();
    }
    assert!(
        harness
            .get_all_by_label(&format!("  speaker: {caption}"))
            .count()
            >= 1,
        "the speaker by its text and place"
    );
    assert!(
        harness
            .query_all_by_label(&format!("  speaker: {id}"))
            .next()
            .is_none(),
        "no raw id as the value"
    );
    assert!(
        harness.get_all_by_label(&id).count() >= 1,
        "the id as a detail"
    );
}

#[test]
fn tab_moves_between_spans_and_keeps_the_keyboard_for_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&demo_copy(dir.path()));
    annotate(&mut harness, "Vladimir Putin", Key::A);
    annotate(&mut harness, "Donald Trump", Key::A);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    let spans = layer(&harness).spans;
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&spans[0].id)
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&spans[1].id)
    );
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(
        harness.state().view().selected_span.as_ref(),
        Some(&spans[0].id)
    );
    press(&mut harness, Modifiers::NONE, Key::C);
    assert_eq!(
        layer(&harness).spans[0].label,
        "claim",
        "the label key still reaches the app"
    );
}

#[test]
fn opening_another_project_by_typed_path_replaces_the_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_copy(dir.path());
    let other = dir.path().join("unicode.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unicode.ron"),
        &other,
    )
    .expect("copy");
    let mut harness = harness_for_any_text(&demo, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::O);
    let current = demo.display().to_string();
    let field = By::new().role(Role::TextInput).value(&current);
    harness.get(field).focus();
    harness.run_steps(1);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_text(&mut harness, &other.display().to_string());
    harness.get_by_label("Open").click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.session().path(), Some(other.as_path()));
    assert_eq!(app.session().project.documents[0].id.as_str(), "crlf-nbsp");
    assert_eq!(app.view().doc, 0);
}

#[test]
fn page_down_arrows_home_and_end_scroll_a_long_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.ron");
    let project = marginalia::synthetic::long_document(200_000, 200, 7);
    let last = project.documents[0].text.chars().count() - 1;
    marginalia::io::save_project(&project, &path).expect("save");
    let mut harness = harness_for_any_text(&path, ANNOTATOR);
    let y_of = |h: &Harness<'_, MarginaliaApp>, pos: usize| {
        h.state().char_screen_rect(pos).map(|r| r.min.y)
    };
    let start = y_of(&harness, 0).expect("the start is in view");
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let paged = y_of(&harness, 0).unwrap_or(f32::NEG_INFINITY);
    assert!(
        paged < start - 300.0,
        "a page down moved the text up: {start} → {paged}"
    );
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    assert_eq!(y_of(&harness, 0), Some(start), "and a page up back");
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    let line = start - y_of(&harness, 0).expect("one line down, still in view");
    assert!(
        (10.0..80.0).contains(&line),
        "an arrow scrolls one line: {line}"
    );
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(y_of(&harness, 0), Some(start));
    press(&mut harness, Modifiers::COMMAND, Key::End);
    assert!(
        y_of(&harness, last).is_some(),
        "Ctrl+End shows the last character"
    );
    assert!(y_of(&harness, 0).is_none(), "and not the first");
    press(&mut harness, Modifiers::NONE, Key::Home);
    assert_eq!(
        y_of(&harness, 0),
        Some(start),
        "Home goes back to the start"
    );
    press(&mut harness, Modifiers::NONE, Key::End);
    assert!(
        y_of(&harness, last).is_some(),
        "End shows the last character"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Home);
    assert_eq!(y_of(&harness, 0), Some(start), "Ctrl+Home too");
    // Alt+↓ keeps its meaning: the next document (there is none here).
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(y_of(&harness, 0), Some(start), "Alt+↓ does not scroll");
}

#[test]
fn arrows_move_the_cursor_in_the_find_field_not_the_text_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.ron");
    marginalia::io::save_project(
        &marginalia::synthetic::long_document(200_000, 200, 7),
        &path,
    )
    .expect("save");
    let mut harness = harness_for_any_text(&path, ANNOTATOR);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_text(&mut harness, "the");
    harness.run_steps(2);
    let start = harness.state().char_screen_rect(0).map(|r| r.min.y);
    press(&mut harness, Modifiers::NONE, Key::Home);
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(harness.state().char_screen_rect(0).map(|r| r.min.y), start);
}

#[test]
fn an_attribute_value_is_chosen_by_keyboard_with_f4_arrows_and_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    let span = harness
        .state()
        .view()
        .selected_span
        .clone()
        .expect("a span");
    let kind = |h: &Harness<'_, MarginaliaApp>| {
        layer_of(h, "analyst-a")
            .span(&span)
            .and_then(|s| s.attrs.get("kind").cloned())
    };
    assert_eq!(
        kind(&harness).as_ref().and_then(AttrValue::as_str),
        Some("person")
    );
    press(&mut harness, Modifiers::NONE, Key::F4);
    harness.run_steps(2);
    harness.get_by_label("organization");
    // The list has the keys: the arrows move in it (not the text), Enter
    // chooses and closes it.
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        kind(&harness).as_ref().and_then(AttrValue::as_str),
        Some("organization")
    );
    harness.get(By::new().label_contains("kind is organization"));
    assert!(
        harness.query_by_label_contains("Choose kind").is_none(),
        "the hint gave way to what was done"
    );
    assert!(
        harness.query_by_label("country").is_none(),
        "the list closed"
    );
    assert!(!egui::Popup::is_any_open(&harness.ctx));
}

#[test]
fn a_long_notice_in_a_narrow_window_wrapped_into_a_column_eight_lines_tall() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = demo_copy(dir.path());
    let mut harness = Harness::builder()
        .with_size(vec2(1024.0, 700.0))
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, "newbie"));
    harness.run_steps(3);
    press(&mut harness, Modifiers::NONE, Key::F6);
    harness.run_steps(2);
    let notice = harness.get(By::new().label_contains("Suggestion: date"));
    let rect = notice.rect();
    let row = 20.0;
    assert!(
        rect.height() <= 2.0 * row + 4.0,
        "two rows at most: {rect:?}"
    );
    assert!(
        rect.width() > 600.0,
        "a row of its own, not a column: {rect:?}"
    );
    assert!(rect.max.x <= 1024.0, "inside the window: {rect:?}");
}
