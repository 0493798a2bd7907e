//! UI tests of suggestions, driven through the real app with
//! `egui_kittest`: the live string memory offering other occurrences, F6
//! through pending suggestions (across documents), Enter accepting with
//! attributes, Shift+Backspace rejecting for good, Shift+Enter accepting a
//! label's all, each one undo step; the card's buttons, the date value in
//! the inspector, and writing a suggestion layer from the menu; the memory
//! learning from the annotator's own layer unless the setting says every
//! annotator, label keys accepting a suggestion, Find skipping the header
//! line, and showing one label's suggestions only.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::io::project_file::save_project;
use marginalia::model::{Document, Layer, Project, Schema, Span, SpanId, Status};
use marginalia::suggest::{DEFAULT_LAYER, Origin, Suggestion};

use common::harness::{harness_for_any_text, layer_of, press, wait_until_idle};

const ME: &str = "alice";
const MODEL: &str = "model:crf";

/// Emoji, a ZWJ sequence, curly quotes, CRLF and NBSP before the later
/// occurrences, so every offset is in code points.
const FIRST: &str = "Vladimir Putin met Xi Jinping today in Moscow. \u{1F469}\u{200D}\u{1F4BB} \
                     Vladimir Putin said \u{201C}no\u{201D}.\r\nXi\u{a0}Jinping left; Xi Jinping stayed.";
const SECOND: &str = "Later, Vladimir Putin called Moscow.";

fn at(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let byte = text.match_indices(needle).nth(nth).expect("present").0;
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Two documents; the model predicted the first "Xi Jinping" (as a person)
/// and "Moscow" in the first.
fn project_file(dir: &Path) -> PathBuf {
    let mut project = Project::new(Schema::builtin());
    for (id, text) in [("first", FIRST), ("second", SECOND)] {
        let meta = BTreeMap::from([("date".to_owned(), "2025-09-08".to_owned())]);
        project.documents.push(Document::new(
            id.into(),
            String::new(),
            meta,
            text.to_owned(),
        ));
    }
    let xi = at(FIRST, "Xi Jinping", 0);
    let moscow = at(FIRST, "Moscow", 0);
    project.documents[0].layers.insert(
        MODEL.to_owned(),
        Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::numbered(1), xi.0, xi.1, "actor")
                    .with_attrs(&[("kind", "person")]),
                Span::new(SpanId::numbered(2), moscow.0, moscow.1, "actor"),
            ],
        ),
    );
    let path = dir.join("project.ron");
    save_project(&project, &path).expect("saved");
    path
}

fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    harness_for_any_text(path, ME)
}

fn pending(harness: &Harness<'_, MarginaliaApp>) -> Vec<Suggestion> {
    harness.state().suggestions().pending().to_vec()
}

fn extents(suggestions: &[Suggestion]) -> Vec<(usize, usize, String)> {
    suggestions
        .iter()
        .map(|s| (s.span.start, s.span.end, s.span.label.clone()))
        .collect()
}

fn current(harness: &Harness<'_, MarginaliaApp>) -> Suggestion {
    harness
        .state()
        .suggestions()
        .current()
        .cloned()
        .expect("a current suggestion")
}

fn mine(harness: &Harness<'_, MarginaliaApp>) -> Vec<(usize, usize, String)> {
    layer_of(harness, ME)
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

/// Selects the first match of `needle` with the find bar, presses the
/// label key, and closes the find bar.
fn label(harness: &mut Harness<'_, MarginaliaApp>, needle: &str, key: Key) {
    press(harness, Modifiers::COMMAND, Key::F);
    harness.event(egui::Event::Text(needle.to_owned()));
    harness.run_steps(1);
    press(harness, Modifiers::NONE, Key::Enter);
    press(harness, Modifiers::NONE, key);
    press(harness, Modifiers::NONE, Key::Escape);
    press(harness, Modifiers::NONE, Key::Escape);
}

/// Presses F6 until the current suggestion is `extent`.
fn go_to(harness: &mut Harness<'_, MarginaliaApp>, extent: (usize, usize)) {
    for _ in 0..20 {
        press(harness, Modifiers::NONE, Key::F6);
        let here = current(harness);
        if (here.span.start, here.span.end) == extent {
            return;
        }
    }
    panic!("no suggestion at {extent:?}");
}

#[test]
fn model_predictions_and_dates_are_pending_and_not_counted_as_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let harness = harness(&project_file(dir.path()));
    let xi = at(FIRST, "Xi Jinping", 0);
    let today = at(FIRST, "today", 0);
    let moscow = at(FIRST, "Moscow", 0);
    let found = pending(&harness);
    assert_eq!(
        extents(&found),
        [
            (xi.0, xi.1, "actor".into()),
            (today.0, today.1, "date".into()),
            (moscow.0, moscow.1, "actor".into()),
        ]
    );
    assert_eq!(found[0].origin, Origin::Layer(MODEL.into()));
    assert_eq!(found[1].origin, Origin::Date);
    assert!(
        mine(&harness).is_empty(),
        "suggestions are not the annotator's spans"
    );
    harness.get_by_label("💡 3 suggestions");
    harness.get_by_label("· 3 suggested");
}

#[test]
fn labelling_a_text_once_offers_its_other_occurrences_in_every_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    label(&mut harness, "Vladimir Putin", Key::A);
    assert_eq!(mine(&harness).len(), 1);
    let second = at(FIRST, "Vladimir Putin", 1);
    let remembered = pending(&harness)
        .into_iter()
        .find(|s| (s.span.start, s.span.end) == second)
        .expect("the other occurrence is offered");
    assert_eq!(remembered.origin, Origin::Memory);
    assert_eq!(remembered.span.label, "actor");
    // The second document: its "Vladimir Putin", and not "Moscow" (only the
    // model predicted that, in the first document).
    harness.get_by_label("· 1 suggested");
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(extents(&pending(&harness)), [(7, 21, "actor".to_owned())]);
}

#[test]
fn enter_accepts_the_current_suggestion_with_its_attributes_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let xi = at(FIRST, "Xi Jinping", 0);
    press(&mut harness, Modifiers::NONE, Key::F6);
    assert_eq!(
        (current(&harness).span.start, current(&harness).span.end),
        xi
    );
    harness.get_by_label("Suggestion");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let layer = layer_of(&harness, ME);
    assert_eq!(layer.spans.len(), 1);
    let span = &layer.spans[0];
    assert_eq!(
        (span.start, span.end, span.label.as_str()),
        (xi.0, xi.1, "actor")
    );
    assert_eq!(span.attrs.str("kind"), Some("person"));
    // The memory now offers the other "Xi Jinping" (not the one with a
    // no-break space: another text).
    let last_xi = at(FIRST, "Xi Jinping", 1);
    assert_eq!(
        extents(&pending(&harness)),
        [
            (
                at(FIRST, "today", 0).0,
                at(FIRST, "today", 0).1,
                "date".into()
            ),
            (
                at(FIRST, "Moscow", 0).0,
                at(FIRST, "Moscow", 0).1,
                "actor".into()
            ),
            (last_xi.0, last_xi.1, "actor".into()),
        ]
    );
    assert_eq!(
        current(&harness).span.label,
        "date",
        "the next suggestion becomes current"
    );
    // The model's own layer is untouched (eval still sees its prediction).
    assert_eq!(layer_of(&harness, MODEL).spans.len(), 2);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(mine(&harness).is_empty());
    assert_eq!(pending(&harness).len(), 3);
    assert_eq!(pending(&harness)[0].span.start, xi.0);
}

#[test]
fn a_rejected_suggestion_stays_rejected_after_saving_and_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_file(dir.path());
    let mut harness = harness(&path);
    let moscow = at(FIRST, "Moscow", 0);
    go_to(&mut harness, moscow);
    press(&mut harness, Modifiers::SHIFT, Key::Backspace);
    assert!(
        extents(&pending(&harness))
            .iter()
            .all(|(s, e, _)| (*s, *e) != moscow)
    );
    assert!(mine(&harness).is_empty());
    assert_eq!(layer_of(&harness, DEFAULT_LAYER).reviewed, [moscow]);
    assert_eq!(
        layer_of(&harness, MODEL).spans.len(),
        2,
        "the model keeps it"
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(pending(&harness).len(), 3, "undo brings it back");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(pending(&harness).len(), 2);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    drop(harness);

    let reopened = self::harness(&path);
    assert_eq!(pending(&reopened).len(), 2);
    assert!(
        extents(&pending(&reopened))
            .iter()
            .all(|(s, e, _)| (*s, *e) != moscow)
    );
}

#[test]
fn shift_enter_accepts_every_suggestion_of_the_label_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    label(&mut harness, "Xi Jinping", Key::A);
    // The memory now offers the last "Xi Jinping" (the one after CRLF
    // holds a no-break space: another text); the model offers Moscow.
    let actors: Vec<_> = extents(&pending(&harness))
        .into_iter()
        .filter(|(_, _, l)| l == "actor")
        .collect();
    assert_eq!(actors.len(), 2, "{actors:?}");
    go_to(&mut harness, at(FIRST, "Moscow", 0));
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert_eq!(mine(&harness).len(), 3);
    assert_eq!(
        extents(&pending(&harness)).len(),
        1,
        "only the date is left"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(mine(&harness).len(), 1);
}

#[test]
fn f6_moves_on_to_the_next_document_with_suggestions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    label(&mut harness, "Vladimir Putin", Key::A);
    let first = pending(&harness).len();
    for _ in 0..first {
        press(&mut harness, Modifiers::NONE, Key::F6);
    }
    assert_eq!(harness.state().view().doc, 0);
    press(&mut harness, Modifiers::NONE, Key::F6);
    assert_eq!(harness.state().view().doc, 1);
    let here = current(&harness);
    assert_eq!((here.span.start, here.span.end), (7, 21));
    press(&mut harness, Modifiers::SHIFT, Key::F6);
    assert_eq!(harness.state().view().doc, 0, "Shift+F6 goes back");
}

#[test]
fn clicking_a_suggestion_opens_its_card_whose_buttons_decide() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let today = at(FIRST, "today", 0);
    let rect = harness
        .state()
        .char_screen_rect(today.0 + 1)
        .expect("on screen");
    harness.get_by_label("💡 3 suggestions");
    let point = rect.center() + egui::vec2(3.0, 0.0);
    harness.hover_at(point);
    harness.run_steps(1);
    harness.drag_at(point);
    harness.run_steps(1);
    harness.drop_at(point);
    harness.run_steps(2);
    assert_eq!(current(&harness).span.label, "date");
    harness.get_by_label_contains("Accept all 1 date here");
    harness.get_by_label_contains("Accept suggestion").click();
    harness.run_steps(2);
    let layer = layer_of(&harness, ME);
    assert_eq!(layer.spans[0].attrs.str("value"), Some("2025-09-08"));
}

#[test]
fn a_date_span_without_a_value_offers_the_normalised_one_in_the_inspector() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    label(&mut harness, "today", Key::D);
    let id = layer_of(&harness, ME).spans[0].id.clone();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(harness.state().view().selected_span.as_ref(), Some(&id));
    harness.get_by_label("Use 2025-09-08").click();
    harness.run_steps(2);
    let span = layer_of(&harness, ME).spans[0].clone();
    assert_eq!(span.attrs.str("value"), Some("2025-09-08"));
    assert!(harness.query_by_label("Use 2025-09-08").is_none());
}

#[test]
fn the_menu_writes_a_suggestion_layer_over_the_project_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    label(&mut harness, "Vladimir Putin", Key::A);
    harness
        .get_by_role_and_label(Role::Button, "Suggestions")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Write suggestion layer…")
        .click();
    harness.run_steps(2);
    harness.run_steps(5);
    harness.get_by_label("Into the layer");
    harness.get_by_label("Write").click();
    harness.run_steps(1);
    wait_until_idle(&mut harness);
    harness.get_by_label_contains("Wrote 3 suggestions into model:suggest");
    let project = &harness.state().session().project;
    let written: Vec<usize> = project
        .documents
        .iter()
        .map(|d| d.layers.get(DEFAULT_LAYER).map_or(0, |l| l.spans.len()))
        .collect();
    // First: the other "Vladimir Putin" and "today"; second: its Putin.
    assert_eq!(written, [2, 1]);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &harness.state().session().project;
    assert!(
        project
            .documents
            .iter()
            .all(|d| !d.layers.contains_key(DEFAULT_LAYER))
    );
}

#[test]
fn enter_accepts_the_suggestion_under_the_pointer_when_none_is_selected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let moscow = at(FIRST, "Moscow", 0);
    let rect = harness
        .state()
        .char_screen_rect(moscow.0 + 2)
        .expect("on screen");
    harness.hover_at(rect.center() + egui::vec2(3.0, 0.0));
    harness.run_steps(2);
    assert!(harness.state().suggestions().current().is_none());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(mine(&harness), [(moscow.0, moscow.1, "actor".to_owned())]);
}

fn memory_suggestions(harness: &Harness<'_, MarginaliaApp>) -> usize {
    pending(harness)
        .iter()
        .filter(|s| s.origin == Origin::Memory)
        .count()
}

/// Memory suggestions on every document of the project, visited with
/// Alt+Down (back on the first one afterwards).
fn memory_suggestions_everywhere(harness: &mut Harness<'_, MarginaliaApp>) -> usize {
    let documents = harness.state().session().project.documents.len();
    let mut total = 0;
    for _ in 0..documents {
        total += memory_suggestions(harness);
        press(harness, Modifiers::ALT, Key::ArrowDown);
    }
    total
}

#[test]
fn a_new_annotator_on_the_demo_sees_no_memory_suggestions_from_colleagues() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness =
        common::harness::harness_as(&common::harness::demo_copy(dir.path()), "newcomer");
    assert_eq!(
        memory_suggestions_everywhere(&mut harness),
        0,
        "analyst-a's and analyst-b's spans stay out of a newcomer's suggestions"
    );
    harness.get_by_label("learning from your layer");

    harness
        .get_by_role_and_label(Role::Button, "Suggestions")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Learn from every annotator")
        .click();
    harness.run_steps(2);
    common::harness::settle(&mut harness);
    assert!(harness.state().settings().learn_from_everyone);
    harness.get_by_label("learning from every annotator");
    assert!(
        memory_suggestions_everywhere(&mut harness) > 0,
        "with the setting on, the colleagues' texts are offered"
    );

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert!(!harness.state().settings().learn_from_everyone);
    assert_eq!(memory_suggestions_everywhere(&mut harness), 0);
}

#[test]
fn an_annotator_is_offered_the_texts_of_their_own_layer_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::harness::demo_copy(dir.path());
    for me in ["analyst-a", "analyst-b"] {
        let mut harness = common::harness::harness_as(&path, me);
        let project = harness.state().session().project.clone();
        let text_of = |doc: &Document, span: &Span| -> String {
            doc.text
                .chars()
                .skip(span.start)
                .take(span.end - span.start)
                .collect()
        };
        let own: std::collections::HashSet<String> = project
            .documents
            .iter()
            .flat_map(|d| {
                d.layers
                    .get(me)
                    .into_iter()
                    .flat_map(move |l| l.spans.iter().map(move |s| (d, s)))
            })
            .map(|(d, s)| text_of(d, s))
            .collect();
        let mut offered = 0;
        for doc in &project.documents {
            for suggestion in pending(&harness)
                .iter()
                .filter(|s| s.origin == Origin::Memory)
            {
                let text = text_of(doc, &suggestion.span);
                assert!(
                    own.contains(&text),
                    "{me} is offered {text:?}, which only a colleague labelled"
                );
                offered += 1;
            }
            press(&mut harness, Modifiers::ALT, Key::ArrowDown);
        }
        assert!(
            offered > 0,
            "{me}'s own texts are offered where {me} missed them"
        );
    }
}

#[test]
fn a_label_key_on_a_suggestion_accepts_it_with_its_attributes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let xi = at(FIRST, "Xi Jinping", 0);
    go_to(&mut harness, xi);
    press(&mut harness, Modifiers::NONE, Key::A);
    let layer = layer_of(&harness, ME);
    assert_eq!(layer.spans.len(), 1);
    let span = &layer.spans[0];
    assert_eq!(
        (span.start, span.end, span.label.as_str()),
        (xi.0, xi.1, "actor")
    );
    assert_eq!(
        span.attrs.str("kind"),
        Some("person"),
        "the suggested actor's kind is kept, as Enter keeps it"
    );
    assert_ne!(
        current(&harness).key(),
        (xi.0, xi.1, "actor"),
        "the next suggestion becomes current"
    );

    let today = at(FIRST, "today", 0);
    go_to(&mut harness, today);
    press(&mut harness, Modifiers::NONE, Key::D);
    let date = layer_of(&harness, ME)
        .spans
        .into_iter()
        .find(|s| s.label == "date")
        .expect("accepted");
    assert_eq!(date.attrs.str("value"), Some("2025-09-08"));
}

#[test]
fn a_label_key_of_another_label_accepts_a_suggestion_relabelled_without_foreign_attributes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let xi = at(FIRST, "Xi Jinping", 0);
    go_to(&mut harness, xi);
    press(&mut harness, Modifiers::NONE, Key::C);
    let layer = layer_of(&harness, ME);
    assert_eq!(layer.spans.len(), 1);
    let span = &layer.spans[0];
    assert_eq!(
        (span.start, span.end, span.label.as_str()),
        (xi.0, xi.1, "claim")
    );
    assert!(
        span.attrs.is_empty(),
        "a claim has no kind: {:?}",
        span.attrs
    );
    assert!(
        pending(&harness)
            .iter()
            .all(|s| (s.span.start, s.span.end) != xi),
        "the extent is decided"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(mine(&harness).is_empty(), "one undo step");
}

#[test]
fn find_skips_the_header_line_whose_url_held_the_first_trump() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness =
        common::harness::harness_as(&common::harness::demo_copy(dir.path()), "newcomer");
    let doc = harness.state().session().project.documents[0].clone();
    let header = doc
        .header_range()
        .expect("the demo's first document has a header");
    let in_url = doc.text.to_lowercase().find("trump").expect("in the URL");
    assert!(
        doc.text[..in_url].chars().count() < header.end,
        "the first \"trump\" is the URL's"
    );
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.event(egui::Event::Text("trump".to_owned()));
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let (start, end) = harness
        .state()
        .view()
        .selection
        .expect("a match is selected");
    assert!(
        start >= header.end,
        "the match [{start}, {end}) is in the header line"
    );
    let found: String = doc.text.chars().skip(start).take(end - start).collect();
    assert_eq!(found, "Trump");
    let matches = &harness.state().view().find.matches;
    assert!(matches.iter().all(|&(s, _)| s >= header.end));
}

#[test]
fn only_this_label_shows_and_steps_through_one_label_until_the_card_switches_it_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness(&project_file(dir.path()));
    let xi = at(FIRST, "Xi Jinping", 0);
    let moscow = at(FIRST, "Moscow", 0);
    let today = at(FIRST, "today", 0);
    go_to(&mut harness, xi);
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::H);
    assert_eq!(
        harness.state().view().suggestion_label.as_deref(),
        Some("actor")
    );
    harness.get_by_label_contains("Showing only actor suggestions");
    harness.get_by_label("only actor shown");
    let key = |h: &Harness<'_, MarginaliaApp>| {
        let c = current(h);
        (c.span.start, c.span.end)
    };
    press(&mut harness, Modifiers::NONE, Key::F6);
    assert_eq!(key(&harness), moscow, "the date in between is skipped");
    press(&mut harness, Modifiers::NONE, Key::F6);
    assert_eq!(key(&harness), xi, "round the document, not on to the next");
    assert_eq!(harness.state().view().doc, 0);
    harness.get_by_label("Only actor suggestions").click();
    harness.run_steps(2);
    assert_eq!(harness.state().view().suggestion_label, None);
    press(&mut harness, Modifiers::NONE, Key::F6);
    assert_eq!(key(&harness), today, "every label again");
}

#[test]
fn a_new_name_or_the_settings_checkbox_changes_what_the_memory_learns_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness =
        common::harness::harness_as(&common::harness::demo_copy(dir.path()), "newcomer");
    assert_eq!(memory_suggestions(&harness), 0);
    press(&mut harness, Modifiers::COMMAND, Key::Comma);
    harness
        .get(By::new().role(Role::TextInput).value("newcomer"))
        .focus();
    harness.run_steps(1);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("analyst-a".to_owned()));
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().settings().annotator, "analyst-a");
    let own = memory_suggestions(&harness);
    assert!(own > 0, "analyst-a's own texts are offered");

    harness
        .get_by_label("the memory learns from every annotator, not only from you")
        .click();
    harness.run_steps(2);
    common::harness::settle(&mut harness);
    assert!(harness.state().settings().learn_from_everyone);
    assert!(
        memory_suggestions(&harness) > own,
        "analyst-b's texts are offered too"
    );
}

#[test]
fn a_suggested_claim_s_card_shows_its_speaker_by_text_and_place_not_its_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::new(Schema::builtin());
    let meta = BTreeMap::from([("date".to_owned(), "2025-09-08".to_owned())]);
    project.documents.push(Document::new(
        "first".into(),
        String::new(),
        meta,
        FIRST.to_owned(),
    ));
    let putin = at(FIRST, "Vladimir Putin", 1);
    let said = at(FIRST, "said \u{201C}no\u{201D}", 0);
    project.documents[0].layers.insert(
        MODEL.to_owned(),
        Layer::with_spans(
            Status::Done,
            vec![
                Span::new(SpanId::numbered(7), putin.0, putin.1, "actor")
                    .with_attrs(&[("kind", "person")]),
                Span::new(SpanId::numbered(8), said.0, said.1, "claim")
                    .with_attrs(&[("speaker", "T7")]),
            ],
        ),
    );
    let path = dir.path().join("project.ron");
    save_project(&project, &path).expect("saved");
    let mut harness = harness(&path);
    go_to(&mut harness, said);
    let caption = format!("Vladimir Putin · {}", putin.0);
    harness.get_by_label(&caption);
    assert!(
        harness.query_by_label("T7").is_none(),
        "no raw id on the card"
    );
}
