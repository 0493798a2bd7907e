//! UI tests of review mode, driven through the real app with
//! `egui_kittest`: opening review, jumping through disagreements,
//! adjudicating each kind into gold with its key, accepting everything
//! agreed from the menu, undo, and the decisions surviving a save.

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use marginalia::app::MarginaliaApp;
use marginalia::model::{GOLD, Layer, Span};
use marginalia::review::{Site, SiteKind};

use common::harness::{demo_copy, harness_as, layer_of, press, run_settled};

const REVIEWER: &str = "reviewer";

fn review_harness(dir: &std::path::Path) -> Harness<'static, MarginaliaApp> {
    let mut harness = harness_as(&demo_copy(dir), REVIEWER);
    press(&mut harness, Modifiers::COMMAND, Key::R);
    harness
}

fn gold(harness: &Harness<'_, MarginaliaApp>) -> Layer {
    layer_of(harness, GOLD)
}

/// The gold layer of document `doc` (empty when missing).
fn gold_of(harness: &Harness<'_, MarginaliaApp>, doc: usize) -> Layer {
    harness.state().session().project.documents[doc]
        .layers
        .get(GOLD)
        .cloned()
        .unwrap_or_default()
}

/// The current disagreement and its document.
fn current(harness: &Harness<'_, MarginaliaApp>) -> (usize, Site) {
    let review = harness.state().review();
    let (doc, _) = review.current.expect("a current disagreement");
    (
        doc,
        review
            .current_site()
            .cloned()
            .expect("a current disagreement"),
    )
}

fn remaining(harness: &Harness<'_, MarginaliaApp>) -> usize {
    harness.state().review().sites().remaining()
}

/// Presses F8 until the current disagreement is of `kind` (at most once
/// round all of them).
fn go_to_kind(harness: &mut Harness<'_, MarginaliaApp>, kind: SiteKind) -> (usize, Site) {
    for _ in 0..=harness.state().review().sites().total() {
        press(harness, Modifiers::NONE, Key::F8);
        let (doc, site) = current(harness);
        if site.kind == kind {
            return (doc, site);
        }
    }
    panic!("the demo has no {kind:?} disagreement");
}

fn extents(spans: &[Span]) -> Vec<(usize, usize, String)> {
    spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

fn gold_in(
    harness: &Harness<'_, MarginaliaApp>,
    (doc, site): (usize, &Site),
) -> Vec<(usize, usize, String)> {
    let spans: Vec<Span> = gold_of(harness, doc)
        .spans
        .into_iter()
        .filter(|s| s.overlaps(site.start, site.end))
        .collect();
    extents(&spans)
}

#[test]
fn review_mode_compares_both_analysts_and_f8_walks_through_every_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let review = harness.state().review();
    assert!(review.active);
    assert_eq!(review.annotators, ["analyst-a", "analyst-b"]);
    let total = review.sites().total();
    assert_eq!(total, 38, "the demo's two layers disagree in 38 places");
    assert_eq!(remaining(&harness), total, "nothing decided yet");
    harness.get_by_label_contains(&format!("{total} of {total} disagreements left"));
    assert_eq!(
        harness.get_all_by_label_contains("to review").count(),
        5,
        "each document in the list shows what it has left"
    );

    press(&mut harness, Modifiers::NONE, Key::F8);
    assert_eq!(harness.state().review().current, Some((0, 0)));
    press(&mut harness, Modifiers::NONE, Key::F8);
    assert_eq!(harness.state().review().current, Some((0, 1)));
    press(&mut harness, Modifiers::SHIFT, Key::F8);
    assert_eq!(harness.state().review().current, Some((0, 0)));
    let mut docs = std::collections::BTreeSet::new();
    for _ in 0..total {
        press(&mut harness, Modifiers::NONE, Key::F8);
        docs.insert(harness.state().view().doc);
    }
    assert_eq!(docs.len(), 5, "F8 crosses into every document");
    assert_eq!(harness.state().review().current, Some((0, 0)), "and wraps");
    harness.get_by_label_contains("A · analyst-a");
}

#[test]
fn each_kind_of_disagreement_is_adjudicated_with_its_key_and_undone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let total = remaining(&harness);

    // Only one side marked it: accept that side (its letter's key).
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Missing);
    let holder = (0..2).find(|&i| !site.spans[i].is_empty()).expect("holder");
    press(
        &mut harness,
        Modifiers::NONE,
        [Key::Num1, Key::Num2][holder],
    );
    assert_eq!(
        gold_in(&harness, (doc, &site)),
        extents(&site.spans[holder])
    );
    assert_eq!(remaining(&harness), total - 1);

    // Boundary: accept B's extent.
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Boundary);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(gold_in(&harness, (doc, &site)), extents(&site.spans[1]));
    assert_eq!(remaining(&harness), total - 2);

    // Label: accept both versions.
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Label);
    press(&mut harness, Modifiers::COMMAND, Key::Enter);
    let mut both = extents(&site.spans[0]);
    both.extend(extents(&site.spans[1]));
    both.sort();
    assert_eq!(gold_in(&harness, (doc, &site)), both);

    // Attribute: accept A's values.
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Attribute);
    press(&mut harness, Modifiers::NONE, Key::Num1);
    let in_gold = gold_of(&harness, doc)
        .spans
        .into_iter()
        .find(|s| (s.start, s.end) == (site.start, site.end))
        .expect("accepted span in gold");
    let a = &site.spans[0][0];
    for name in ["kind", "polarity"] {
        assert_eq!(in_gold.attrs.get(name), a.attrs.get(name), "A's {name}");
    }
    let decided = remaining(&harness);
    assert_eq!(decided, total - 4);

    // Reject the current one (decisions move on): gold keeps nothing
    // there, yet it is decided.
    let (doc, site) = current(&harness);
    assert!(!site.resolved);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    assert!(gold_in(&harness, (doc, &site)).is_empty());
    assert!(gold_of(&harness, doc).is_reviewed(site.start, site.end));
    assert_eq!(remaining(&harness), decided - 1);

    // Every decision is one undo step.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(remaining(&harness), decided);
    assert!(!gold_of(&harness, doc).is_reviewed(site.start, site.end));
    for _ in 0..4 {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(remaining(&harness), total);
    let project = &harness.state().session().project;
    assert!(project.documents.iter().all(|d| {
        d.layers
            .get(GOLD)
            .is_none_or(|l| l.spans.is_empty() && l.reviewed.is_empty())
    }));
}

#[test]
fn accept_everything_agreed_from_the_menu_fills_gold_in_one_undoable_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    harness
        .get_by_role_and_label(Role::Button, "Review")
        .click();
    harness.run_steps(2);
    // The menu's entry, left of the review panel's button of the same name.
    harness
        .get_all_by_label_contains("Accept everything agreed")
        .min_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .expect("the menu entry")
        .click();
    harness.run_steps(2);
    let project = &harness.state().session().project;
    let gold_spans: usize = project
        .documents
        .iter()
        .filter_map(|d| d.layers.get(GOLD))
        .map(|l| l.spans.len())
        .sum();
    let a_spans: usize = project
        .documents
        .iter()
        .map(|d| d.layers["analyst-a"].spans.len())
        .sum();
    assert!(
        gold_spans > a_spans / 2 && gold_spans < a_spans,
        "most spans are agreed, the disagreements are not: {gold_spans} of {a_spans}"
    );
    let problems = marginalia::model::validate::project_problems(project);
    assert!(problems.is_empty(), "gold is a valid layer: {problems:?}");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &harness.state().session().project;
    assert!(
        project
            .documents
            .iter()
            .all(|d| d.layers.get(GOLD).is_none_or(|l| l.spans.is_empty()))
    );
}

#[test]
fn f2_selects_the_gold_span_to_edit_and_decisions_survive_save_and_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = demo_copy(dir.path());
    let mut harness = harness_as(&path, REVIEWER);
    press(&mut harness, Modifiers::COMMAND, Key::R);
    let (_, site) = go_to_kind(&mut harness, SiteKind::Boundary);
    press(&mut harness, Modifiers::NONE, Key::F2);
    let selected = harness
        .state()
        .view()
        .selected_span
        .clone()
        .expect("gold span selected");
    let before = gold(&harness).span(&selected).cloned().expect("in gold");
    assert!(before.overlaps(site.start, site.end));
    press(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    let after = gold(&harness).span(&selected).cloned().expect("in gold");
    assert_eq!(after.end, before.end + 1, "Shift+→ edits gold's span");
    assert_eq!(
        layer_of(&harness, REVIEWER).spans.len(),
        0,
        "not the reviewer's own layer"
    );
    let left = remaining(&harness);

    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!harness.state().session().is_dirty());
    let mut reopened = harness_as(&path, REVIEWER);
    press(&mut reopened, Modifiers::COMMAND, Key::R);
    assert_eq!(
        remaining(&reopened),
        left,
        "decided regions are saved in gold"
    );
}

#[test]
fn the_review_panel_buttons_decide_and_its_checkboxes_choose_the_annotators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Boundary);
    harness.get_by_label_contains("Accept B").click();
    harness.run_steps(2);
    assert_eq!(gold_in(&harness, (doc, &site)), extents(&site.spans[1]));

    harness.get_by_label("B analyst-b").click();
    run_settled(&mut harness);
    assert_eq!(harness.state().review().annotators, ["analyst-a"]);
    harness.get_by_label_contains("Choose at least two annotators");
    assert_eq!(harness.state().review().sites().total(), 0);
    harness.get_by_label("analyst-b").click();
    run_settled(&mut harness);
    assert_eq!(
        harness.state().review().annotators,
        ["analyst-a", "analyst-b"]
    );
    assert!(harness.state().review().sites().total() > 0);
}

#[test]
fn a_document_clicked_on_the_dashboard_opens_in_review_at_its_first_disagreement_and_closes_the_dashboard()
 {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), REVIEWER);
    press(&mut harness, Modifiers::NONE, Key::F9);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while harness.state().dashboard().report().is_none() {
        assert!(std::time::Instant::now() < deadline, "no report");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
    }
    harness.run_steps(2);
    harness.get_by_label("Per label and annotator pair").click();
    harness.run_steps(3);
    let last = harness.state().session().project.documents[4].id.0.clone();
    harness.get_by_label(&last).click();
    harness.run_steps(3);
    let app = harness.state();
    assert!(app.review().active, "the click turns review mode on");
    assert_eq!(app.view().doc, 4);
    assert_eq!(app.review().current.map(|(d, _)| d), Some(4));
    assert!(
        !app.dashboard().is_open(),
        "the dashboard gives the text back"
    );
}

#[test]
fn the_dashboard_evaluates_a_layer_against_gold_and_a_mistake_click_shows_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::Enter,
    );
    press(&mut harness, Modifiers::NONE, Key::F9);
    harness.run_steps(3);
    harness.get_by_label_contains("documents with both layers");
    // The command's table: every scheme's summary, then one scheme per label
    // with its counts, micro and macro averages and the overall row.
    harness.get_by_label("strict per label");
    for row in ["ent_type", "micro", "macro", "overall", "spurious"] {
        assert!(
            harness.query_all_by_label(row).count() >= 1,
            "{row} is shown"
        );
    }
    // analyst-a's spans that gold lacks (the disagreements) are spurious.
    let first = harness
        .get_all_by_label_contains("000_31b76e603aeb2cfa [")
        .next()
        .expect("a mistake in the first document")
        .accesskit_node()
        .label()
        .expect("a label");
    let start: usize = first
        .split('[')
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("an offset");
    harness.get_by_label(&first).click_accesskit();
    harness.run_steps(2);
    let view = harness.state().view();
    assert_eq!(view.doc, 0);
    assert_eq!(view.selection.map(|(s, _)| s), Some(start));
    assert!(
        !harness.state().dashboard().is_open(),
        "the dashboard gives the text back"
    );
}

#[test]
fn undo_of_a_decision_goes_back_to_that_disagreement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Boundary);
    let decided = harness.state().review().current;
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_ne!(
        harness.state().review().current,
        decided,
        "deciding moves on to the next disagreement"
    );
    for _ in 0..3 {
        press(&mut harness, Modifiers::NONE, Key::F8);
    }
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let app = harness.state();
    assert_eq!(app.review().current, decided, "undo goes back to it");
    assert_eq!(app.view().doc, doc);
    let (_, now) = current(&harness);
    assert_eq!((now.start, now.end), (site.start, site.end));
    assert!(!now.resolved, "and it is open again");
    harness.get_by_label_contains("Undone; back at");
}

#[test]
fn f2_on_an_only_a_site_selects_that_sites_span() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Missing);
    let holder = (0..2).find(|&i| !site.spans[i].is_empty()).expect("holder");
    press(&mut harness, Modifiers::NONE, Key::F2);
    let selected = harness
        .state()
        .view()
        .selected_span
        .clone()
        .expect("a span is selected");
    let span = gold_of(&harness, doc)
        .span(&selected)
        .cloned()
        .expect("the selected span is gold's, so the reviewer can edit it");
    let theirs = &site.spans[holder][0];
    assert_eq!(
        (span.start, span.end, span.label.as_str()),
        (theirs.start, theirs.end, theirs.label.as_str()),
        "it starts as the version of the annotator who marked the site"
    );
    press(&mut harness, Modifiers::SHIFT, Key::ArrowLeft);
    let after = gold_of(&harness, doc)
        .span(&selected)
        .cloned()
        .expect("in gold");
    assert_eq!(after.end, span.end - 1, "Shift+← edits gold's span");
}

/// The buttons of the review panel at a disagreement, by their labels.
const DECISION_BUTTONS: [&str; 8] = [
    "⏴ Previous",
    "Next ⏵",
    "Accept everything agreed",
    "Accept A",
    "Accept B",
    "Accept all",
    "Reject all",
    "Edit in gold",
];

fn review_panel_at(size: egui::Vec2) -> (tempfile::TempDir, Harness<'static, MarginaliaApp>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = demo_copy(dir.path());
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, REVIEWER));
    harness.run_steps(3);
    press(&mut harness, Modifiers::COMMAND, Key::R);
    go_to_kind(&mut harness, SiteKind::Boundary);
    harness.run_steps(2);
    (dir, harness)
}

#[test]
fn every_review_button_shows_its_key() {
    let (_dir, harness) = review_panel_at(egui::vec2(1280.0, 800.0));
    for (button, key) in [
        ("⏴ Previous", "Shift+F8"),
        ("Next ⏵", "F8"),
        ("Accept everything agreed", "Shift+Enter"),
        ("Accept A", "1"),
        ("Accept B", "2"),
        ("Accept all", "Enter"),
        ("Reject all", "Backspace"),
        ("Edit in gold", "F2"),
    ] {
        let node = harness
            .get_all_by_role(Role::Button)
            .find(|b| {
                b.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(button))
            })
            .unwrap_or_else(|| panic!("no {button} button"));
        let label = node.accesskit_node().label().unwrap_or_default();
        assert!(
            label.ends_with(key),
            "{button} shows its key {key}: {label:?}"
        );
    }
}

#[test]
fn the_review_panel_fits_its_column_without_clipped_buttons() {
    for size in [egui::vec2(1280.0, 800.0), egui::vec2(1024.0, 700.0)] {
        let (_dir, harness) = review_panel_at(size);
        let heading = harness.get_by_role_and_label(Role::Label, "Review").rect();
        // The inspector's heading comes right below the review panel.
        let below = harness.get_by_label("No span selected").rect();
        for button in DECISION_BUTTONS {
            let rect = harness
                .get_all_by_role(Role::Button)
                .find(|b| {
                    b.accesskit_node()
                        .label()
                        .is_some_and(|l| l.starts_with(button))
                })
                .unwrap_or_else(|| panic!("no {button} button at {size:?}"))
                .rect();
            assert!(
                rect.min.x >= heading.min.x - 1.0 && rect.max.x <= size.x,
                "{button} fits the column's width at {size:?}: {rect:?}"
            );
            assert!(
                rect.min.y >= heading.max.y && rect.max.y <= below.min.y,
                "{button} is in view above the inspector at {size:?}: {rect:?}"
            );
        }
    }
}

/// Gold's `label` span at `start..end` on document `doc`, and where its
/// attribute `name` points (the gold targets' start and end).
fn gold_link(
    harness: &Harness<'_, MarginaliaApp>,
    doc: usize,
    (start, end, label): (usize, usize, &str),
    name: &str,
) -> Option<Vec<(usize, usize)>> {
    let gold = gold_of(harness, doc);
    let source = gold
        .spans
        .iter()
        .find(|s| (s.start, s.end, s.label.as_str()) == (start, end, label))?;
    Some(
        source
            .attrs
            .get(name)
            .into_iter()
            .flat_map(marginalia::model::AttrValue::ids)
            .map(|id| {
                let t = gold
                    .spans
                    .iter()
                    .find(|s| s.id.as_str() == id)
                    .expect("target in gold");
                (t.start, t.end)
            })
            .collect(),
    )
}

#[test]
fn a_link_disagreement_names_its_targets_and_keep_b_s_target_links_gold_undoably() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let (doc, site) = go_to_kind(&mut harness, SiteKind::Link);
    let at = harness.state().review().current;
    let link = site.links[0].clone();
    let text = harness.state().session().project.documents[doc]
        .text
        .clone();
    let said = link.describe(&text);
    let b_target = link.targets[1].clone().expect("B holds the source")[0].clone();
    assert!(
        said.contains(&format!(" · {}", b_target.start)),
        "{said} names B's target by its place"
    );
    harness.get_by_label(&said);
    harness.get_by_label_contains(&format!(
        "Disagreement: link [{}, {}) · {said}",
        site.start, site.end
    ));
    let a_layer = &harness.state().session().project.documents[doc].layers["analyst-a"];
    let a_source = a_layer
        .spans
        .iter()
        .find(|s| (s.start, s.end) == (link.start, link.end) && s.label == link.label)
        .expect("A's source");
    let raw = a_source
        .attrs
        .get(&link.attribute)
        .expect("A's link")
        .to_string();
    assert!(!said.contains(&raw), "{said} shows no id like {raw}");
    let a_target = link.targets[0].clone().expect("A holds the source")[0].clone();
    let a_caption = marginalia::model::links::caption(&text, &a_target, 32);
    harness.get_by_label(&format!("{}={a_caption}", link.attribute));
    assert_eq!(
        harness
            .query_all_by_label_contains(&format!("{}={raw}", link.attribute))
            .count(),
        0,
        "A's version shows where its link points, not {raw}"
    );

    harness.get_by_label_contains("Keep B's target").click();
    run_settled(&mut harness);
    let source = (link.start, link.end, link.label.as_str());
    assert_eq!(
        gold_link(&harness, doc, source, &link.attribute),
        Some(vec![(b_target.start, b_target.end)]),
        "gold's {} points to B's target, taken into gold",
        link.label
    );
    assert!(gold_of(&harness, doc).is_reviewed(site.start, site.end));
    let problems =
        marginalia::model::validate::project_problems(&harness.state().session().project);
    assert!(problems.is_empty(), "{problems:?}");

    // On elsewhere, then undo: gold as before and back at the disagreement.
    press(&mut harness, Modifiers::NONE, Key::F8);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold_link(&harness, doc, source, &link.attribute), None);
    assert_eq!(harness.state().review().current, at, "back at the site");
    harness.get_by_label(&said);

    // By key: A's target (Alt+1), then no link (Alt+Backspace).
    press(&mut harness, Modifiers::ALT, Key::Num1);
    assert_eq!(
        gold_link(&harness, doc, source, &link.attribute),
        Some(vec![(a_target.start, a_target.end)])
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::ALT, Key::Backspace);
    assert_eq!(
        gold_link(&harness, doc, source, &link.attribute),
        Some(Vec::new()),
        "gold holds the source without the link"
    );
}

#[test]
fn each_link_of_a_disagreement_with_several_is_decided_by_its_own_buttons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = review_harness(dir.path());
    let mut found = None;
    for _ in 0..=harness.state().review().sites().total() {
        press(&mut harness, Modifiers::NONE, Key::F8);
        let (doc, site) = current(&harness);
        if site.links.len() > 1 {
            found = Some((doc, site));
            break;
        }
    }
    let (doc, site) = found.expect("the demo has a disagreement with several links");
    assert_eq!(
        harness.get_all_by_label_contains("No link").count(),
        site.links.len(),
        "one set of buttons per link"
    );
    let at = harness.state().review().current;
    let last = site.links.last().expect("a link").clone();
    let text = harness.state().session().project.documents[doc]
        .text
        .clone();
    let source = site.spans[0]
        .iter()
        .find(|s| (s.start, s.end, s.label.as_str()) == (last.start, last.end, &last.label))
        .expect("A's source");
    let whose = marginalia::model::links::caption(&text, source, 32);
    harness.get_by_label(&format!("{} {whose}", last.label));
    let b_target = last.targets[1].clone().expect("B holds it")[0].clone();
    harness
        .get_all_by_label_contains("Keep B's target")
        .last()
        .expect("the last link's button")
        .click();
    run_settled(&mut harness);
    let source = (last.start, last.end, last.label.as_str());
    assert_eq!(
        gold_link(&harness, doc, source, &last.attribute),
        Some(vec![(b_target.start, b_target.end)])
    );
    assert!(
        !gold_of(&harness, doc).is_reviewed(site.start, site.end),
        "the disagreement's other links and spans are still to decide"
    );
    assert_eq!(
        harness.state().review().current,
        at,
        "the reviewer stays at the disagreement"
    );
}
