//! UI tests of the side panels' content at their default width and when
//! dragged to their minimum, in a usual and a small window, driven through
//! the real app with `egui_kittest`: since the panels keep their width,
//! content too wide for them must wrap (or be elided with the full text on
//! hover) rather than run past the edge and be cut — the suggestion card's
//! heading row and its "From" line were cut at the inspector's edge.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::MarginaliaApp;
use marginalia::io::project_file::save_project;
use marginalia::model::{Document, Layer, Project, Schema, Span, SpanId, Status};
use marginalia::ui::panels::{DOCUMENTS_WIDTH, INSPECTOR_WIDTH};

use common::harness::{demo_copy, press, wait_until_idle};
use common::layout::{
    Side, WINDOW_SIZES, assert_panel_content_fits, narrow_to_minimum, panel_rect,
};

const ME: &str = "newbie";

/// The app on `project` as `annotator` in a window of `size`, its side
/// panels at their default width or narrowed to their minimum.
fn harness_at(
    project: &Path,
    annotator: &str,
    size: Vec2,
    narrow: bool,
) -> Harness<'static, MarginaliaApp> {
    let project = project.to_owned();
    let annotator = annotator.to_owned();
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, &annotator));
    harness.run_steps(3);
    if narrow {
        narrow_to_minimum(&mut harness, Side::Left);
        narrow_to_minimum(&mut harness, Side::Right);
        let (left, right) = (
            panel_rect(&harness, Side::Left),
            panel_rect(&harness, Side::Right),
        );
        assert!(
            (left.width() - DOCUMENTS_WIDTH.min).abs() <= 4.0
                && (right.width() - INSPECTOR_WIDTH.min).abs() <= 4.0,
            "the panels went down to their minimum: {left:?} {right:?}"
        );
    }
    harness
}

/// Every case: both window sizes, default and narrowed panels.
fn cases() -> impl Iterator<Item = (Vec2, bool)> {
    WINDOW_SIZES
        .into_iter()
        .flat_map(|size| [(size, false), (size, true)])
}

fn case_name(size: Vec2, narrow: bool) -> String {
    let width = if narrow { "minimum" } else { "default" };
    format!(
        "{}x{} window, panels at their {width} width",
        size.x, size.y
    )
}

#[test]
fn the_suggestion_cards_heading_from_line_and_buttons_are_not_cut_at_the_inspectors_edge() {
    for (size, narrow) in cases() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut harness = harness_at(&demo_copy(dir.path()), ME, size, narrow);
        // Learn from every annotator: memory suggestions with attributes.
        press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
        wait_until_idle(&mut harness);
        let mut origins = Vec::new();
        for step in 0..8 {
            press(&mut harness, Modifiers::NONE, Key::F6);
            let case = format!("{}, suggestion {step}", case_name(size, narrow));
            let current = harness
                .state()
                .suggestions()
                .current()
                .cloned()
                .unwrap_or_else(|| panic!("{case}: a suggestion is current"));
            origins.push(current.origin.describe());
            for button in [
                "Accept suggestion",
                "Reject suggestion",
                "Accept all",
                "Next suggestion",
            ] {
                harness.get_by_label_contains(button);
            }
            harness.get_by_role_and_label(
                Role::CheckBox,
                &format!("Only {} suggestions", current.span.label),
            );
            harness.get_by_label(&current.origin.describe());
            assert_panel_content_fits(&harness, Side::Right, "Spans of", &case);
            assert_panel_content_fits(&harness, Side::Left, "Documents", &case);
        }
        origins.dedup();
        assert!(
            origins.len() > 1,
            "cards of several sources were checked: {origins:?}"
        );
    }
}

/// Where `needle` starts and ends in `text`, in code points.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("present");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Curly quotes, an emoji and NBSP before the spans, so offsets are code
/// points; a long actor as the stance's holder (its picker elides it).
const TEXT: &str = "\u{201C}Fine\u{201D} \u{1F44D}\u{a0}said the Permanent Representative of the \
                    Federation to the United Nations Security Council on August 15, and \
                    welcomed the new framework for regional security cooperation warmly.";

/// One document whose layer has an actor without its required `kind`, a
/// date without a value, and a stance with a holder and a long target.
fn project_file(dir: &Path) -> PathBuf {
    let mut project = Project::new(Schema::builtin());
    let meta = BTreeMap::from([("date".to_owned(), "2025-09-08".to_owned())]);
    let mut doc = Document::new("only".into(), String::new(), meta, TEXT.to_owned());
    let actor = at(
        TEXT,
        "the Permanent Representative of the Federation to the United Nations Security Council",
    );
    let date = at(TEXT, "August 15");
    let stance = at(
        TEXT,
        "welcomed the new framework for regional security cooperation",
    );
    doc.layers.insert(
        ME.to_owned(),
        Layer::with_spans(
            Status::InProgress,
            vec![
                Span::new(SpanId::numbered(1), actor.0, actor.1, "actor"),
                Span::new(SpanId::numbered(2), date.0, date.1, "date"),
                Span::new(SpanId::numbered(3), stance.0, stance.1, "stance").with_attrs(&[
                    ("polarity", "support"),
                    ("holder", "T1"),
                    (
                        "target",
                        "the regional security cooperation framework of 2025",
                    ),
                ]),
            ],
        ),
    );
    project.documents.push(doc);
    let path = dir.join("project.ron");
    save_project(&project, &path).expect("saved");
    path
}

#[test]
fn the_span_inspectors_rows_pickers_and_buttons_wrap_within_the_inspector() {
    for (size, narrow) in cases() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = project_file(dir.path());
        let mut harness = Harness::builder()
            .with_size(size)
            .allow_missing_glyphs()
            .build_eframe(move |_cc| MarginaliaApp::with_project(&project, ME));
        harness.run_steps(3);
        if narrow {
            narrow_to_minimum(&mut harness, Side::Left);
            narrow_to_minimum(&mut harness, Side::Right);
        }
        // Tab selects the spans in text order.
        for (id, shows) in [
            ("T1", "⚠ required"),
            ("T2", "Use 2025-08-15"),
            ("T3", "🖱 Pick"),
        ] {
            press(&mut harness, Modifiers::NONE, Key::Tab);
            let case = format!("{}, span {id}", case_name(size, narrow));
            assert_eq!(
                harness
                    .state()
                    .view()
                    .selected_span
                    .as_ref()
                    .map(SpanId::as_str),
                Some(id),
                "{case}"
            );
            harness.get_by_label(shows);
            assert_panel_content_fits(&harness, Side::Right, "Spans of", &case);
        }
        harness.get_by_role_and_label(Role::ComboBox, "holder");
        harness.get_by_role_and_label(Role::TextInput, "target");
    }
}

/// The span table's text cell of the fixture's stance: its holder by
/// caption (text and place, no id), then its text.
fn stance_cell() -> String {
    let actor = at(
        TEXT,
        "the Permanent Representative of the Federation to the United Nations Security Council",
    );
    let actor = Span::new(SpanId::numbered(1), actor.0, actor.1, "actor");
    format!(
        "welcomed the new framework for regional security cooperation  holder: {}",
        marginalia::model::links::caption(TEXT, &actor, 32)
    )
}

#[test]
fn the_span_table_shows_a_link_by_its_targets_text_and_place_not_its_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = project_file(dir.path());
    let mut harness = Harness::builder()
        .with_size(WINDOW_SIZES[0])
        .allow_missing_glyphs()
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, ME));
    harness.run_steps(3);
    let cell = stance_cell();
    assert!(
        cell.ends_with("  holder: the Permanent Representative of… · 14"),
        "{cell}"
    );
    harness.get_by_role_and_label(Role::Label, &cell);
}

#[test]
fn a_span_table_cell_too_narrow_for_its_text_is_elided_and_shows_it_whole_on_hover() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = project_file(dir.path());
    let mut harness = Harness::builder()
        .with_size(WINDOW_SIZES[1])
        .allow_missing_glyphs()
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, ME));
    harness.run_steps(3);
    narrow_to_minimum(&mut harness, Side::Right);
    // The cell's accessible label is its whole text, elided or not; the
    // fit check tells that it is elided (else it would run past the edge).
    let whole = stance_cell();
    let whole = whole.as_str();
    assert_panel_content_fits(&harness, Side::Right, "Spans of", "the narrow table");
    let cell = harness.get_by_role_and_label(Role::Label, whole).rect();
    assert!(
        cell.width()
            < harness.ctx.fonts_mut(|f| {
                f.layout_no_wrap(
                    whole.to_owned(),
                    egui::FontId::proportional(14.0),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            }),
        "the cell is narrower than its text: {cell:?}"
    );
    harness.hover_at(cell.center());
    for _ in 0..20 {
        harness.step();
    }
    assert_eq!(
        harness.get_all_by_label(whole).count(),
        2,
        "the hover shows the whole text beside the elided cell"
    );
}

#[test]
fn clicking_a_span_table_row_selects_it_without_moving_the_table_under_the_pointer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = project_file(dir.path());
    let mut harness = Harness::builder()
        .with_size(WINDOW_SIZES[1])
        .allow_missing_glyphs()
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, ME));
    harness.run_steps(3);
    for id in ["T3", "T1", "T2"] {
        let row = harness.get_by_role_and_label(Role::Label, id).rect();
        harness.hover_at(row.center());
        harness.run_steps(1);
        harness.drag_at(row.center());
        harness.run_steps(1);
        harness.drop_at(row.center());
        harness.run_steps(3);
        assert_eq!(
            harness
                .state()
                .view()
                .selected_span
                .as_ref()
                .map(SpanId::as_str),
            Some(id)
        );
        assert_eq!(
            harness.get_by_role_and_label(Role::Label, id).rect(),
            row,
            "the row of {id} stayed where it was clicked"
        );
    }
}
