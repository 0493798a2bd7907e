//! Helpers shared by the `egui_kittest` UI tests: a scratch copy of the
//! demo project, a harness running the real app on it, key presses and
//! layer look-ups.

use std::fs;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportId, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use marginalia::app::{MarginaliaApp, StartOptions};
use marginalia::model::Layer;
use marginalia::ui::state::Settings;

/// A scratch copy of the demo project.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let path = dir.join("demo.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron"),
        &path,
    )
    .expect("copy demo");
    path
}

/// A harness running the app on `project` as `annotator`.
pub fn harness_as(project: &Path, annotator: &str) -> Harness<'static, MarginaliaApp> {
    harness_with(Harness::builder(), project, annotator)
}

/// A harness whose own glyph check is relaxed: for documents with
/// characters no bundled font has (the app draws those from system fonts,
/// or as a box). The UI's own glyphs stay checked everywhere else.
pub fn harness_for_any_text(project: &Path, annotator: &str) -> Harness<'static, MarginaliaApp> {
    harness_with(
        Harness::builder().allow_missing_glyphs(),
        project,
        annotator,
    )
}

/// A harness from `builder` running the app on `project` as `annotator`,
/// after its first frames.
pub fn harness_with(
    builder: egui_kittest::HarnessBuilder<MarginaliaApp>,
    project: &Path,
    annotator: &str,
) -> Harness<'static, MarginaliaApp> {
    let project = project.to_owned();
    let annotator = annotator.to_owned();
    let mut harness = builder
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |_cc| MarginaliaApp::with_project(&project, &annotator));
    harness.run_steps(1);
    settle(&mut harness);
    harness.run_steps(2);
    harness
}

/// A harness running the app on `project` with `settings` (as if saved
/// from an earlier run), after its first frames.
pub fn harness_with_settings(
    project: &Path,
    settings: Settings,
) -> Harness<'static, MarginaliaApp> {
    let options = StartOptions {
        project: Some(project.to_owned()),
        fallback: project.to_owned(),
        annotator: None,
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |_cc| MarginaliaApp::new(settings, options));
    harness.run_steps(3);
    settle(&mut harness);
    harness
}

/// Waits for the suggestions and review sites the app brings up to date in
/// the background, so that the next frame shows those of the project as it
/// is now.
pub fn settle(harness: &mut Harness<'_, MarginaliaApp>) {
    let ctx = harness.ctx.clone();
    harness.state_mut().settle(&ctx);
}

/// The layer of `annotator` on the open document (empty when missing).
pub fn layer_of(harness: &Harness<'_, MarginaliaApp>, annotator: &str) -> Layer {
    let app = harness.state();
    let doc = &app.session().project.documents[app.view().doc];
    doc.layers.get(annotator).cloned().unwrap_or_default()
}

/// Presses `key` with `modifiers` and lets the app draw two frames, the
/// second with the suggestions brought up to date.
pub fn press(harness: &mut Harness<'_, MarginaliaApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    run_settled(harness);
}

/// Lets the app draw two frames (the first takes the input given), the
/// second with what it follows in the background brought up to date.
pub fn run_settled(harness: &mut Harness<'_, MarginaliaApp>) {
    harness.run_steps(1);
    settle(harness);
    harness.run_steps(1);
}

/// Types `path` into the text field `from_end` places from the last.
pub fn type_into(harness: &mut Harness<'_, MarginaliaApp>, from_end: usize, path: &Path) {
    let count = harness.query_all(By::new().role(Role::TextInput)).count();
    harness
        .query_all(By::new().role(Role::TextInput))
        .nth(count - from_end)
        .expect("the field")
        .focus();
    harness.run_steps(1);
    harness.event(egui::Event::Text(path.display().to_string()));
    harness.run_steps(1);
}

/// Runs frames until the app's background job has finished (ten seconds
/// at most).
pub fn wait_until_idle(harness: &mut Harness<'_, MarginaliaApp>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.state().is_busy() {
        assert!(
            Instant::now() < deadline,
            "the background job never finished"
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.run_steps(1);
    }
    harness.run_steps(2);
}

/// Types `text` wherever the keyboard is.
pub fn type_text(harness: &mut Harness<'_, MarginaliaApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(2);
}

/// Ctrl+F, type `needle`, Enter: the first match becomes the selection.
pub fn find(harness: &mut Harness<'_, MarginaliaApp>, needle: &str) {
    press(harness, Modifiers::COMMAND, Key::F);
    type_text(harness, needle);
    press(harness, Modifiers::NONE, Key::Enter);
}

/// Finds `needle` and presses a label key: a span on the first match.
pub fn annotate(harness: &mut Harness<'_, MarginaliaApp>, needle: &str, key: Key) {
    find(harness, needle);
    press(harness, Modifiers::NONE, key);
}

/// *File → Open*: replaces the proposed path with `path`, clicks Open.
pub fn open_typed(harness: &mut Harness<'_, MarginaliaApp>, path: &Path) {
    press(harness, Modifiers::COMMAND, Key::O);
    fill_open_dialog(harness, path);
}

/// Types `path` over the one proposed in the open *Open* dialog and clicks
/// its Open button.
pub fn fill_open_dialog(harness: &mut Harness<'_, MarginaliaApp>, path: &Path) {
    harness.get_by_role_and_label(Role::Button, "Open");
    harness
        .query_all(By::new().role(Role::TextInput))
        .last()
        .expect("the path field")
        .focus();
    harness.run_steps(1);
    press(harness, Modifiers::COMMAND, Key::A);
    type_text(harness, &path.display().to_string());
    harness.get_by_role_and_label(Role::Button, "Open").click();
    harness.run_steps(3);
}

/// Tells the app its window lost (or got back) the keyboard focus.
pub fn set_focused(harness: &mut Harness<'_, MarginaliaApp>, focused: bool) {
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .focused = Some(focused);
    harness.run_steps(2);
}

/// In the open *New project* dialog: types `docs` into the documents field
/// and `target` into the project path field (Create is left to the test).
pub fn fill_new_project(harness: &mut Harness<'_, MarginaliaApp>, docs: &Path, target: &Path) {
    harness
        .get(By::new().role(Role::MultilineTextInput))
        .focus();
    harness.run_steps(1);
    harness.event(egui::Event::Text(docs.display().to_string()));
    harness.run_steps(1);
    type_into(harness, 1, target);
}
