//! The agreement dashboard alone, driven through `egui_kittest`: it computes
//! the demo project's agreement off the UI thread, shows the per-label and
//! per-document tables and the link agreement table, and a click on a
//! document asks to review it and closes the window.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::Project;
use marginalia::ui::commands::Action;
use marginalia::ui::review::dashboard::Dashboard;

/// What the harness draws: the window, fed the demo project.
struct State {
    dashboard: Dashboard,
    project: Arc<Project>,
    generation: u64,
    actions: Vec<Action>,
}

fn demo() -> Project {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron");
    marginalia::io::load_project(&path).expect("demo project loads")
}

fn harness() -> Harness<'static, State> {
    let mut dashboard = Dashboard::default();
    dashboard.open();
    let state = State {
        dashboard,
        project: Arc::new(demo()),
        generation: 0,
        actions: Vec::new(),
    };
    Harness::builder()
        .with_size(vec2(1000.0, 800.0))
        .build_ui_state(
            |ui, state: &mut State| {
                state.dashboard.show(
                    ui.ctx(),
                    &state.project,
                    state.generation,
                    &mut state.actions,
                );
            },
            state,
        )
}

/// Runs frames until the dashboard has a report for the current state and
/// nothing is being computed, or ten seconds pass.
fn run_until_computed(harness: &mut Harness<'_, State>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        harness.run_steps(1);
        let dashboard = &harness.state().dashboard;
        let current = dashboard.report_generation() == Some(harness.state().generation);
        if current && !dashboard.is_computing() {
            break;
        }
        assert!(Instant::now() < deadline, "no report within ten seconds");
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(2);
}

/// Folds the chart away so that the per-document table fits the window.
fn fold_chart(harness: &mut Harness<'_, State>) {
    harness.get_by_label("Per label and annotator pair").click();
    harness.run_steps(3);
}

#[test]
fn dashboard_computes_the_demo_agreement_and_shows_labels_and_documents() {
    let mut harness = harness();
    harness.run_steps(1);
    assert!(
        harness.state().dashboard.is_computing() || harness.state().dashboard.report().is_some()
    );
    run_until_computed(&mut harness);
    let report = harness.state().dashboard.report().expect("report");
    assert_eq!(report.annotators, ["analyst-a", "analyst-b"]);
    assert_eq!(report.documents, 5);
    for label in ["actor", "date", "claim", "stance", "overall"] {
        assert!(
            harness.query_all_by_label(label).next().is_some(),
            "a row for {label}"
        );
    }
    let by_document = report.by_document.as_ref().expect("per-document figures");
    assert_eq!(by_document.len(), 5);
    let ids: Vec<String> = by_document.keys().cloned().collect();
    fold_chart(&mut harness);
    harness.get_by_label("Documents, worst agreement first");
    for id in &ids {
        harness.get_by_label(id);
    }
}

#[test]
fn clicking_a_document_asks_to_review_it_and_gives_the_text_back() {
    let mut harness = harness();
    run_until_computed(&mut harness);
    fold_chart(&mut harness);
    let project = &harness.state().project;
    let report = harness.state().dashboard.report().expect("report");
    let by_document = report.by_document.as_ref().expect("per-document figures");
    let id = by_document.keys().nth(2).expect("three documents").clone();
    let index = project
        .documents
        .iter()
        .position(|d| d.id.as_str() == id)
        .expect("document in project");
    harness.get_by_label(&id).click();
    harness.run_steps(2);
    assert_eq!(harness.state().actions, [Action::ReviewDocument(index)]);
    assert!(
        !harness.state().dashboard.is_open(),
        "the window gives the text back for the review"
    );
}

#[test]
fn an_edit_recomputes_and_unchecking_an_annotator_stops_comparing() {
    let mut harness = harness();
    run_until_computed(&mut harness);
    let first_documents = harness
        .state()
        .dashboard
        .report()
        .expect("report")
        .documents;
    // Remove analyst-b's first document layer: that document drops out.
    let state = harness.state_mut();
    let removed = Arc::make_mut(&mut state.project).documents[0]
        .layers
        .remove("analyst-b");
    assert!(removed.is_some());
    state.generation += 1;
    std::thread::sleep(Duration::from_millis(350));
    run_until_computed(&mut harness);
    let second = harness.state().dashboard.report().expect("report");
    assert_eq!(second.documents, first_documents - 1);
    assert_eq!(harness.state().dashboard.report_generation(), Some(1));
    harness.get_by_label("analyst-b").click();
    harness.run_steps(2);
    harness.get_by_label("Choose at least two annotators to compare.");
    assert!(!harness.state().dashboard.is_computing());
}

#[test]
fn invalidating_forgets_the_report_and_computes_afresh() {
    let mut harness = harness();
    run_until_computed(&mut harness);
    harness.state_mut().dashboard.invalidate();
    assert!(harness.state().dashboard.report().is_none());
    assert!(!harness.state().dashboard.is_computing());
    std::thread::sleep(Duration::from_millis(350));
    run_until_computed(&mut harness);
    assert_eq!(
        harness.state().dashboard.report().map(|r| r.documents),
        Some(5)
    );
}

#[test]
fn the_link_table_shows_each_reference_attribute_with_the_agree_figures() {
    let mut harness = harness();
    run_until_computed(&mut harness);
    // Fold what comes before, so that the link table is in view.
    for section in [
        "Per label",
        "Per label and annotator pair",
        "Documents, worst agreement first",
        "Label confusion",
        "Attribute agreement",
    ] {
        harness.get_by_label(section).click();
        harness.run_steps(2);
    }
    harness.get_by_label("Link agreement");
    let report = harness.state().dashboard.report().expect("report").clone();
    assert_eq!(
        report.links.keys().collect::<Vec<_>>(),
        ["claim.speaker", "stance.holder"]
    );
    for (name, agreement) in &report.links {
        harness.get_by_label(name);
        let pair = &agreement.pairwise[0];
        for value in [pair.f1_strict, pair.f1_overlap, pair.target_agreement] {
            let shown = format!("{:.3}", value.expect("the demo has links"));
            assert!(
                harness.query_all_by_label(&shown).next().is_some(),
                "{name}: {shown}"
            );
        }
        let sources = pair.sources_matched.to_string();
        assert!(harness.query_all_by_label(&sources).next().is_some());
    }
    harness.get_by_label("F1 overlap");
    assert!(harness.query_all_by_label("analyst-a–analyst-b").count() >= 2);
}
