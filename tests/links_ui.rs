//! UI tests of links drawn as arcs, through the real app on the demo
//! project: the arcs and their names are painted, *View → Links* and its
//! key switch what is drawn (with a notice), and review mode draws the
//! compared annotators' links too.

use egui::accesskit::Role;
use egui::{Key, Modifiers, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::MarginaliaApp;
use marginalia::ui::links::LinksShown;

mod common;

use common::harness::{demo_copy, harness_as, press};

/// Every shape of the last frame, nested ones flattened.
fn shapes(harness: &Harness<'_, MarginaliaApp>) -> Vec<Shape> {
    fn flatten(shape: &Shape, out: &mut Vec<Shape>) {
        if let Shape::Vec(inner) = shape {
            for s in inner {
                flatten(s, out);
            }
        } else {
            out.push(shape.clone());
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        flatten(&clipped.shape, &mut out);
    }
    out
}

/// The arrowheads painted (filled triangles; the menus' own triangles are
/// the same in every mode).
fn arrowheads(harness: &Harness<'_, MarginaliaApp>) -> usize {
    shapes(harness)
        .iter()
        .filter(|s| matches!(s, Shape::Path(p) if p.closed && p.points.len() == 3))
        .count()
}

/// The texts painted that are exactly `text`.
fn painted(harness: &Harness<'_, MarginaliaApp>, text: &str) -> usize {
    shapes(harness)
        .iter()
        .filter(|s| matches!(s, Shape::Text(t) if t.galley.text() == text))
        .count()
}

fn cycle(harness: &mut Harness<'_, MarginaliaApp>) {
    press(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    harness.run_steps(1);
}

#[test]
fn the_demo_shows_its_links_and_the_key_cycles_through_the_ways_of_showing_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    assert_eq!(harness.state().view().links_shown, LinksShown::Focus);
    let focus = arrowheads(&harness);
    assert!(painted(&harness, "speaker") > 0, "the claims' speakers");
    cycle(&mut harness);
    assert_eq!(harness.state().view().links_shown, LinksShown::All);
    assert!(
        harness
            .query_by_label_contains("Links shown: All in full")
            .is_some(),
        "the status bar says so"
    );
    assert_eq!(arrowheads(&harness), focus, "the same arcs, all in full");
    cycle(&mut harness);
    assert_eq!(harness.state().view().links_shown, LinksShown::Selected);
    let selected = arrowheads(&harness);
    cycle(&mut harness);
    assert_eq!(harness.state().view().links_shown, LinksShown::Hidden);
    let hidden = arrowheads(&harness);
    assert_eq!(painted(&harness, "speaker"), 0);
    assert!(
        focus > hidden,
        "{focus} arrowheads with links, {hidden} without"
    );
    assert_eq!(selected, hidden, "no span is selected: no link drawn");
    cycle(&mut harness);
    assert_eq!(harness.state().view().links_shown, LinksShown::Focus);
}

#[test]
fn the_view_menu_switches_links_off_and_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "analyst-a");
    for (mode, name) in [
        (LinksShown::Hidden, "Hidden"),
        (LinksShown::All, "All in full"),
    ] {
        harness.get_by_role_and_label(Role::Button, "View").click();
        harness.run_steps(2);
        harness.get_by_label("Links").hover();
        harness.run_steps(2);
        harness.get_by_label(name).click();
        harness.run_steps(2);
        assert_eq!(harness.state().view().links_shown, mode);
    }
    assert!(painted(&harness, "speaker") > 0);
}

#[test]
fn review_mode_draws_the_compared_annotators_links_beside_golds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_as(&demo_copy(dir.path()), "reviewer");
    let alone = painted(&harness, "speaker");
    press(&mut harness, Modifiers::COMMAND, Key::R);
    harness.run_steps(1);
    assert!(harness.state().review().active);
    // Gold is empty at first: the arcs are A's and B's.
    let compared = painted(&harness, "speaker");
    assert!(
        compared > alone,
        "{compared} speaker names in review, {alone} before"
    );
}
