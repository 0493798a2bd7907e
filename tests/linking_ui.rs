//! UI tests of making links, driven through the real app with
//! `egui_kittest`: Ctrl+drag from a claim to an actor, keyboard linking
//! (Ctrl+K, nearest first, Tab and arrows, Enter, Escape), the inspector's
//! picker filtering as you type, dropping on (and *Pick* on) a suggested
//! actor, and deleting an actor with the links to it, each one undo step.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::MarginaliaApp;
use marginalia::io::project_file::{load_project, save_project};
use marginalia::model::{AttrValue, Document, Layer, Project, Schema, Span, SpanId, Status};

use common::harness::{harness_for_any_text, layer_of, press, run_settled};

const ME: &str = "alice";

/// An emoji with a skin tone, a combining mark, curly quotes, NBSP and
/// CRLF before the spans, so every offset is in code points. The second
/// "Putin" is suggested (alice labelled the first).
const TEXT: &str = "Putin \u{1F44D}\u{1F3FD} met Zoe\u{308} in Rome.\r\n\u{201C}We agree on \
                    trade,\u{201D} said Putin\u{A0}today. Macron left early.";

fn at(needle: &str, nth: usize) -> (usize, usize) {
    let byte = TEXT.match_indices(needle).nth(nth).expect("present").0;
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn span(id: &str, (start, end): (usize, usize), label: &str) -> Span {
    Span::new(SpanId::from(id), start, end, label)
}

/// Alice's layer: actors Putin (T1), Zoë (T2) and Macron (T4), and the
/// claim (T3) without a speaker.
fn spans() -> Vec<Span> {
    vec![
        span("T1", at("Putin", 0), "actor").with_attrs(&[("kind", "person")]),
        span("T2", at("Zoe\u{308}", 0), "actor").with_attrs(&[("kind", "person")]),
        span("T3", at("We agree on trade,", 0), "claim"),
        span("T4", at("Macron", 0), "actor").with_attrs(&[("kind", "person")]),
    ]
}

fn project_file(dir: &Path, spans: Vec<Span>) -> PathBuf {
    let mut project = Project::new(Schema::builtin());
    let meta = BTreeMap::from([("date".to_owned(), "2025-09-08".to_owned())]);
    let mut doc = Document::new("d".into(), String::new(), meta, TEXT.to_owned());
    doc.layers
        .insert(ME.into(), Layer::with_spans(Status::InProgress, spans));
    project.documents.push(doc);
    let path = dir.join("links.ron");
    save_project(&project, &path).expect("saved");
    path
}

fn harness(dir: &Path) -> Harness<'static, MarginaliaApp> {
    harness_for_any_text(&project_file(dir, spans()), ME)
}

fn claim(harness: &Harness<'_, MarginaliaApp>) -> Span {
    layer_of(harness, ME)
        .span(&SpanId::from("T3"))
        .cloned()
        .expect("claim")
}

fn speaker(harness: &Harness<'_, MarginaliaApp>) -> Option<AttrValue> {
    claim(harness).attrs.get("speaker").cloned()
}

fn notice(harness: &Harness<'_, MarginaliaApp>) -> String {
    harness.state().notice().unwrap_or_default().to_owned()
}

fn center_of_char(harness: &Harness<'_, MarginaliaApp>, pos: usize) -> Pos2 {
    let rect = harness
        .state()
        .char_screen_rect(pos)
        .expect("character is on screen");
    rect.center() + vec2(3.0, 0.0)
}

/// Clicks code point `pos` of the text.
fn click_char(harness: &mut Harness<'_, MarginaliaApp>, pos: usize) {
    let at = center_of_char(harness, pos);
    harness.hover_at(at);
    harness.run_steps(1);
    harness.drag_at(at);
    harness.run_steps(1);
    harness.drop_at(at);
    run_settled(harness);
}

/// Drags from code point `from` to code point `to` with `modifiers` held.
fn drag_chars(
    harness: &mut Harness<'_, MarginaliaApp>,
    modifiers: Modifiers,
    from: usize,
    to: usize,
) {
    let (a, b) = (center_of_char(harness, from), center_of_char(harness, to));
    drag(harness, modifiers, a, b);
}

/// Drags from `a` to `b` with `modifiers` held.
fn drag(harness: &mut Harness<'_, MarginaliaApp>, modifiers: Modifiers, a: Pos2, b: Pos2) {
    harness.event(Event::ModifiersChanged(modifiers));
    harness.hover_at(a);
    harness.run_steps(1);
    harness.event(Event::PointerButton {
        pos: a,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    harness.run_steps(1);
    for step in 1..=4 {
        harness.hover_at(a + (b - a) * (step as f32 / 4.0));
        harness.run_steps(1);
    }
    harness.event(Event::PointerButton {
        pos: b,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    harness.run_steps(1);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    run_settled(harness);
}

#[test]
fn ctrl_dragging_from_a_claim_to_an_actor_links_them_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    let (claim_at, _) = at("agree", 0);
    let (macron, _) = at("Macron", 0);
    drag_chars(&mut harness, Modifiers::COMMAND, claim_at, macron + 2);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T4".into())));
    assert_eq!(harness.state().view().selection, None, "no text selected");
    assert!(
        notice(&harness).contains(&format!("speaker of claim · {}", at("We", 0).0)),
        "{}",
        notice(&harness)
    );
    assert!(notice(&harness).contains(&format!("Macron · {macron}")));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(speaker(&harness), None, "one undo step");

    // A plain drag still selects text.
    drag_chars(&mut harness, Modifiers::NONE, claim_at, macron + 2);
    assert!(harness.state().view().selection.is_some());
    assert_eq!(speaker(&harness), None);
}

#[test]
fn dragging_the_handle_of_the_selected_claim_links_it_without_a_modifier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    assert_eq!(harness.state().link_handle(), None, "nothing selected");
    click_char(&mut harness, at("agree", 0).0);
    let handle = harness
        .state()
        .link_handle()
        .expect("a handle on the claim");
    let end = harness
        .state()
        .char_screen_rect(at("We agree on trade,", 0).1 - 1)
        .expect("on screen");
    assert!(handle.x > end.max.x, "after the claim's last character");
    let macron = center_of_char(&harness, at("Macron", 0).0 + 1);
    drag(&mut harness, Modifiers::NONE, handle, macron);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T4".into())));
    assert_eq!(harness.state().view().selection, None, "no text selected");
}

#[test]
fn keyboard_linking_cycles_nearest_first_enter_links_and_escape_cancels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    click_char(&mut harness, at("agree", 0).0);
    assert_eq!(
        harness.state().view().selected_span,
        Some(SpanId::from("T3"))
    );
    press(&mut harness, Modifiers::COMMAND, Key::K);
    let target = |h: &Harness<'_, MarginaliaApp>| {
        h.state()
            .view()
            .link_preview
            .as_ref()
            .map(|p| p.target.0.clone())
    };
    // The claim's sentence holds no actor span; Zoë is nearest, then
    // Macron, then the first Putin.
    assert_eq!(target(&harness).as_deref(), Some("T2"));
    assert!(
        notice(&harness).contains(&format!("Zoe\u{308} · {} (1 of 3)", at("Zoe", 0).0)),
        "{}",
        notice(&harness)
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(target(&harness).as_deref(), Some("T4"));
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(target(&harness).as_deref(), Some("T1"));
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(target(&harness).as_deref(), Some("T4"));
    assert_eq!(
        harness.state().view().selected_span,
        Some(SpanId::from("T3")),
        "Tab cycles candidates, not spans"
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T4".into())));
    assert_eq!(target(&harness), None, "linking ended");

    press(&mut harness, Modifiers::COMMAND, Key::K);
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(target(&harness), None);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T4".into())));
    assert_eq!(
        harness.state().view().selected_span,
        Some(SpanId::from("T3")),
        "Escape ends linking only"
    );
    assert_eq!(notice(&harness), "Linking cancelled");
}

/// Selects the claim and opens its speaker's picker in the inspector.
fn open_the_claims_speaker_picker(harness: &mut Harness<'_, MarginaliaApp>) {
    click_char(harness, at("agree", 0).0);
    harness
        .get_by_role_and_label(Role::ComboBox, "speaker")
        .click();
    run_settled(harness);
}

#[test]
fn the_target_picker_lists_captions_filters_as_you_type_and_links_the_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    open_the_claims_speaker_picker(&mut harness);
    let zoe = format!("Zoe\u{308} · {}", at("Zoe", 0).0);
    let macron = format!("Macron · {}", at("Macron", 0).0);
    assert!(harness.query_by_label(&zoe).is_some(), "captions, not ids");
    assert!(
        harness.query_by_label_contains("T2 \u{b7}").is_none(),
        "no \"T2 · Zoë\" as the old picker listed"
    );
    harness.event(Event::Text("mac".into()));
    run_settled(&mut harness);
    assert!(harness.query_by_label(&zoe).is_none(), "filtered out");
    harness.get_by_label(&macron).click();
    run_settled(&mut harness);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T4".into())));
    assert!(
        harness
            .query_all_by_label_contains(&macron)
            .next()
            .is_some(),
        "the chosen target shows as its caption"
    );
}

#[test]
fn typing_in_the_picker_then_enter_links_the_top_match_not_the_row_that_had_the_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    open_the_claims_speaker_picker(&mut harness);
    // "o" keeps Zoë (nearest) and Macron; the keyboard was on "—".
    harness.event(Event::Text("o".into()));
    run_settled(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(speaker(&harness), Some(AttrValue::One("T2".into())));
}

#[test]
fn a_many_attribute_adds_targets_in_text_order_and_removes_one_with_its_button() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_file(dir.path(), spans());
    let mut project = load_project(&path).expect("loads");
    project.schema.labels[2].attributes[0].many = true;
    save_project(&project, &path).expect("saved");
    let mut harness = harness_for_any_text(&path, ME);
    let (claim_at, _) = at("agree", 0);
    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        claim_at,
        at("Macron", 0).0 + 1,
    );
    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        claim_at,
        at("Putin", 0).0 + 1,
    );
    assert_eq!(
        speaker(&harness),
        Some(AttrValue::Many(vec!["T1".into(), "T4".into()])),
        "in text order"
    );
    // The first target's remove button: Putin's.
    harness
        .query_all_by_label("×")
        .next()
        .expect("remove buttons")
        .click();
    run_settled(&mut harness);
    assert_eq!(speaker(&harness), Some(AttrValue::Many(vec!["T4".into()])));
    // Linking to a listed target again takes it out.
    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        claim_at,
        at("Macron", 0).0 + 1,
    );
    assert_eq!(speaker(&harness), None);
}

#[test]
fn dropping_a_link_on_a_suggested_actor_accepts_it_and_links_it_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    let suggested = at("Putin", 1);
    assert!(
        harness
            .state()
            .suggestions()
            .pending()
            .iter()
            .any(|s| (s.span.start, s.span.end) == suggested),
        "the second Putin is suggested"
    );
    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        at("agree", 0).0,
        suggested.0 + 1,
    );
    let layer = layer_of(&harness, ME);
    let accepted = layer
        .spans
        .iter()
        .find(|s| (s.start, s.end) == suggested)
        .expect("accepted into the layer");
    assert_eq!(accepted.label, "actor");
    assert_eq!(accepted.attrs.str("kind"), Some("person"));
    assert_eq!(
        speaker(&harness),
        Some(AttrValue::One(accepted.id.0.clone()))
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(layer_of(&harness, ME).spans.len(), 4, "one undo step");
    assert_eq!(speaker(&harness), None);
}

#[test]
fn pick_on_a_suggested_actor_accepts_it_and_links_instead_of_dropping_the_claim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    click_char(&mut harness, at("agree", 0).0);
    harness.get_by_label("🖱 Pick").click();
    run_settled(&mut harness);
    assert!(harness.state().view().picking.is_some());
    let suggested = at("Putin", 1);
    click_char(&mut harness, suggested.0 + 1);
    let layer = layer_of(&harness, ME);
    let accepted = layer
        .spans
        .iter()
        .find(|s| (s.start, s.end) == suggested)
        .expect("accepted into the layer");
    assert_eq!(
        speaker(&harness),
        Some(AttrValue::One(accepted.id.0.clone()))
    );
    assert_eq!(
        harness.state().view().selected_span,
        Some(SpanId::from("T3")),
        "the claim stays selected"
    );
    assert!(harness.state().view().picking.is_none());
}

#[test]
fn deleting_an_actor_with_links_drops_them_says_so_and_undo_brings_them_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut with_links = spans();
    with_links[2].attrs.insert("speaker".into(), "T1");
    let stance = span("T5", at("We agree on trade,", 0), "stance")
        .with_attrs(&[("holder", "T1"), ("polarity", "support")]);
    with_links.push(stance);
    let path = project_file(dir.path(), with_links);
    let mut harness = harness_for_any_text(&path, ME);
    click_char(&mut harness, at("Putin", 0).0 + 1);
    assert_eq!(
        harness.state().view().selected_span,
        Some(SpanId::from("T1"))
    );
    press(&mut harness, Modifiers::NONE, Key::Delete);
    let claim_start = at("We", 0).0;
    assert_eq!(
        notice(&harness),
        format!(
            "Deleted actor Putin · 0 and 2 links to it (speaker of claim · {claim_start}, holder of \
             stance · {claim_start}); undo brings them back"
        )
    );
    assert_eq!(speaker(&harness), None);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(layer_of(&harness, ME).span(&SpanId::from("T1")).is_some());
    assert_eq!(speaker(&harness), Some(AttrValue::One("T1".into())));
    let holder = layer_of(&harness, ME)
        .span(&SpanId::from("T5"))
        .and_then(|s| s.attrs.str("holder").map(str::to_owned));
    assert_eq!(holder.as_deref(), Some("T1"));
}

/// Deleting a referenced actor used to leave its id in the claim's
/// `speaker`: the save wrote the dangling reference and the next load
/// refused the file.
#[test]
fn deleting_a_referenced_actor_no_longer_saves_a_file_that_fails_to_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut with_link = spans();
    with_link[2].attrs.insert("speaker".into(), "T1");
    let path = project_file(dir.path(), with_link);
    let mut harness = harness_for_any_text(&path, ME);
    click_char(&mut harness, at("Putin", 0).0 + 1);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let project = load_project(&path).expect("the saved project loads");
    let claim = project.documents[0].layers[ME]
        .span(&SpanId::from("T3"))
        .cloned()
        .expect("claim");
    assert_eq!(claim.attrs.get("speaker"), None);
}

/// A claim with two reference attributes to actors: dropping a link on an
/// actor asks which one it sets.
#[test]
fn a_link_dropped_where_two_attributes_allow_the_target_asks_which_in_a_menu() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_file(dir.path(), spans());
    let mut project = load_project(&path).expect("loads");
    let mut addressee = project.schema.labels[2].attributes[0].clone();
    "addressee".clone_into(&mut addressee.name);
    project.schema.labels[2].attributes.push(addressee);
    save_project(&project, &path).expect("saved");
    let mut harness = harness_for_any_text(&path, ME);
    let (claim_at, _) = at("agree", 0);
    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        claim_at,
        at("Macron", 0).0 + 1,
    );
    assert_eq!(speaker(&harness), None, "nothing set before the choice");
    harness.get_by_label("addressee").click();
    run_settled(&mut harness);
    assert_eq!(claim(&harness).attrs.str("addressee"), Some("T4"));
    assert_eq!(speaker(&harness), None);

    drag_chars(
        &mut harness,
        Modifiers::COMMAND,
        claim_at,
        at("Zoe", 0).0 + 1,
    );
    assert!(harness.query_by_label("Link as").is_some(), "the menu asks");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness.query_by_label("Link as").is_none(),
        "Escape closes it"
    );
    assert_eq!(claim(&harness).attrs.str("addressee"), Some("T4"));
    assert_eq!(speaker(&harness), None);
}

#[test]
fn the_shortcuts_window_lists_ctrl_k_the_keys_of_linking_and_ctrl_drag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(dir.path());
    press(&mut harness, Modifiers::NONE, Key::F1);
    for shown in [
        "Link by keyboard (again: next attribute)",
        "While linking by keyboard",
        "next candidate (nearest first)",
        "link to the current candidate",
        "stop linking",
        "Ctrl + drag",
    ] {
        assert!(harness.query_by_label(shown).is_some(), "{shown} is listed");
    }
}

/// Relabelling a referenced actor as a date used to keep the claim's
/// `speaker` pointing to a date span, which the next load refused.
#[test]
fn relabelling_a_referenced_actor_as_a_date_drops_the_link_and_the_file_still_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut with_link = spans();
    with_link[2].attrs.insert("speaker".into(), "T1");
    let path = project_file(dir.path(), with_link);
    let mut harness = harness_for_any_text(&path, ME);
    click_char(&mut harness, at("Putin", 0).0 + 1);
    press(&mut harness, Modifiers::NONE, Key::D);
    let claim_start = at("We", 0).0;
    assert_eq!(
        notice(&harness),
        format!("Relabelled as date; the links to it went (speaker of claim · {claim_start})")
    );
    assert_eq!(speaker(&harness), None);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    load_project(&path).expect("the saved project loads");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        speaker(&harness),
        Some(AttrValue::One("T1".into())),
        "one undo step"
    );
}
