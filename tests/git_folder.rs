//! The team workflow of the README on a folder project (`p.marginalia/`)
//! with a real `git` in a temporary folder: two annotators' layers of the
//! same documents merged by plain git with no driver (as a hosted pull
//! request merges), the same layer changed on both sides with the driver
//! (a conflict in that one layer file, ours left valid) and without it
//! (conflict markers in that one small file, named by `validate`, resolved
//! by keeping one side), and documents added on both sides merged by the
//! driver.
//!
//! Skipped, with a note on stderr, where `git` is not installed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::git::{ALICE_MARKS_CJK_CONFLICT, Team, arg, both_streams};
use common::{fixture, json_lines};

/// The project folder inside each repository.
const PROJECT: &str = "p.marginalia";

/// alice's layer of the document `marks-cjk`.
const ALICE_MARKS_CJK: &str = "p.marginalia/layers/alice/marks-cjk.ron";

fn team() -> Option<Team> {
    Team::new("the git test of folder projects")
}

/// A new repository `name`, with the merge driver when `driver`, and a
/// first commit holding `.gitattributes` and `p.marginalia/`, made by
/// `marginalia new` from the fixture documents.
fn repository(team: &Team, name: &str, driver: bool) -> PathBuf {
    let dir = team.init(name);
    if driver {
        team.install_driver(&dir);
    }
    common::run_ok(&dir, &["new", PROJECT, "--docs", arg(&fixture("docs"))]);
    team.git_ok(&dir, &["add", "-A"]);
    team.git_ok(&dir, &["commit", "-q", "-m", "Start the project"]);
    dir
}

/// `marginalia import p.marginalia JSONL --annotator NAME` in `dir`, then
/// a commit of every file it wrote.
fn annotate_and_commit(team: &Team, dir: &Path, jsonl: &Path, annotator: &str) {
    common::run_ok(
        dir,
        &["import", PROJECT, arg(jsonl), "--annotator", annotator],
    );
    team.git_ok(dir, &["add", "-A"]);
    team.git_ok(
        dir,
        &[
            "commit",
            "-q",
            "-m",
            &format!("{annotator}: {}", jsonl.display()),
        ],
    );
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join(name)).expect("read")
}

/// Branches `dates` and `places` from `main` (where alice annotated every
/// document), each changing alice's layer of `marks-cjk` differently; ends
/// on `dates`. Returns alice's layer file on each branch.
fn same_layer_on_two_branches(team: &Team, repo: &Path) -> (Vec<u8>, Vec<u8>) {
    annotate_and_commit(team, repo, &fixture("alice.jsonl"), "alice");
    team.git_ok(repo, &["checkout", "-q", "-b", "dates"]);
    annotate_and_commit(
        team,
        repo,
        &fixture("merge/alice-marks-cjk-date.jsonl"),
        "alice",
    );
    let ours = read(repo, ALICE_MARKS_CJK);
    team.git_ok(repo, &["checkout", "-q", "-b", "places", "main"]);
    annotate_and_commit(
        team,
        repo,
        &fixture("merge/alice-marks-cjk-place.jsonl"),
        "alice",
    );
    let theirs = read(repo, ALICE_MARKS_CJK);
    assert_ne!(ours, theirs);
    team.git_ok(repo, &["checkout", "-q", "dates"]);
    (ours, theirs)
}

/// Resolves the conflict in alice's layer of `marks-cjk` as the README
/// says: `git checkout SIDE FILE` (which gives `kept`), `git add`, commit;
/// the project is then valid and committed.
fn keep_one_side(team: &Team, repo: &Path, side: &str, kept: &[u8]) {
    team.git_ok(repo, &["checkout", side, ALICE_MARKS_CJK]);
    assert_eq!(read(repo, ALICE_MARKS_CJK), kept);
    team.git_ok(repo, &["add", ALICE_MARKS_CJK]);
    team.git_ok(repo, &["commit", "-q", "--no-edit"]);
    common::run_ok(repo, &["validate", PROJECT]);
    assert_eq!(team.git_ok(repo, &["status", "--porcelain"]), "");
}

#[test]
fn two_annotators_layers_of_the_same_documents_merge_with_plain_git_and_no_driver() {
    let Some(team) = team() else { return };
    let repo = repository(&team, "repo", false);
    team.git_ok(&repo, &["checkout", "-q", "-b", "alice"]);
    annotate_and_commit(&team, &repo, &fixture("alice.jsonl"), "alice");
    team.git_ok(&repo, &["checkout", "-q", "-b", "bob", "main"]);
    annotate_and_commit(&team, &repo, &fixture("bob.jsonl"), "bob");
    team.git_ok(&repo, &["checkout", "-q", "alice"]);

    team.git_ok(&repo, &["merge", "-q", "--no-edit", "bob"]);

    assert_eq!(team.git_ok(&repo, &["status", "--porcelain"]), "");
    let out = common::run_ok(&repo, &["validate", PROJECT]);
    assert!(out.contains("2 annotators"), "{out}");
    // Both layers, exactly as one copy annotated by both would be.
    common::run_ok(&repo, &["convert", PROJECT, "merged.ron"]);
    assert_eq!(
        read(&repo, "merged.ron"),
        fs::read(fixture("unicode.ron")).expect("fixture")
    );
    let exported = common::run_ok(
        &repo,
        &["export", PROJECT, "--format", "jsonl", "--out", "-"],
    );
    let mut layers: Vec<(String, String)> = json_lines(&exported)
        .iter()
        .map(|line| {
            (
                line["id"].as_str().expect("id").to_owned(),
                line["annotator"].as_str().expect("annotator").to_owned(),
            )
        })
        .collect();
    layers.sort();
    assert!(
        layers.contains(&("marks-cjk".into(), "alice".into()))
            && layers.contains(&("marks-cjk".into(), "bob".into())),
        "{layers:?}"
    );
}

#[test]
fn the_same_layer_changed_on_both_sides_with_the_driver_conflicts_in_that_file_alone() {
    let Some(team) = team() else { return };
    let repo = repository(&team, "repo", true);
    let (ours, theirs) = same_layer_on_two_branches(&team, &repo);

    let said = team.merge_conflicting_in(&repo, "places", ALICE_MARKS_CJK);

    assert!(said.contains(ALICE_MARKS_CJK_CONFLICT), "{said}");
    // The driver left %A alone: ours, a valid layer file.
    assert_eq!(read(&repo, ALICE_MARKS_CJK), ours);
    common::run_ok(&repo, &["validate", PROJECT]);

    keep_one_side(&team, &repo, "--theirs", &theirs);
}

#[test]
fn the_same_layer_changed_on_both_sides_without_the_driver_is_named_by_validate_and_resolved_by_keeping_one_side()
 {
    let Some(team) = team() else { return };
    let repo = repository(&team, "repo", false);
    let (ours, _theirs) = same_layer_on_two_branches(&team, &repo);

    let said = team.merge_conflicting_in(&repo, "places", ALICE_MARKS_CJK);

    assert!(!said.contains("error: document"), "no driver ran: {said}");
    let left = String::from_utf8(read(&repo, ALICE_MARKS_CJK)).expect("UTF-8");
    assert!(
        left.contains("<<<<<<<") && left.contains(">>>>>>>"),
        "{left}"
    );
    let marker_line = left
        .lines()
        .position(|line| line.starts_with("<<<<<<<"))
        .expect("a marker")
        + 1;

    let validated = common::run(&repo, &["validate", PROJECT]);
    assert_eq!(
        validated.status.code(),
        Some(1),
        "{}",
        both_streams(&validated)
    );
    let error = String::from_utf8_lossy(&validated.stderr);
    assert!(
        error.contains(&format!("layers/alice/marks-cjk.ron:{marker_line}")),
        "names the file and the line: {error}"
    );

    keep_one_side(&team, &repo, "--ours", &ours);
}

#[test]
fn documents_added_on_both_branches_merge_cleanly_through_the_driver() {
    let Some(team) = team() else { return };
    let repo = repository(&team, "repo", true);
    let new_document = |id: &str, text: &str| {
        let path = team.path(&format!("{id}.jsonl"));
        let line = serde_json::json!({"id": id, "text": text, "spans": []});
        fs::write(&path, format!("{line}\n")).expect("write");
        path
    };
    let from_alice = new_document("alice-new", "Alice brought a new article.");
    let from_bob = new_document("bob-new", "Bob brought another one.");
    team.git_ok(&repo, &["checkout", "-q", "-b", "alice"]);
    annotate_and_commit(&team, &repo, &from_alice, "alice");
    team.git_ok(&repo, &["checkout", "-q", "-b", "bob", "main"]);
    annotate_and_commit(&team, &repo, &from_bob, "bob");
    team.git_ok(&repo, &["checkout", "-q", "alice"]);

    let output = team.git(&repo, &["merge", "--no-edit", "bob"]);

    let said = both_streams(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("Auto-merging p.marginalia/project.ron"),
        "project.ron changed on both sides: {said}"
    );
    assert!(!said.contains("CONFLICT"), "{said}");
    assert_eq!(team.git_ok(&repo, &["status", "--porcelain"]), "");
    let out = common::run_ok(&repo, &["validate", PROJECT]);
    assert!(out.contains("5 documents"), "{out}");
    let stats: serde_json::Value =
        serde_json::from_str(&common::run_ok(&repo, &["stats", PROJECT, "--json"])).expect("JSON");
    assert_eq!(stats["documents"], 5, "{stats}");
    for id in ["alice-new", "bob-new"] {
        assert!(
            repo.join(PROJECT)
                .join("texts")
                .join(format!("{id}.txt"))
                .is_file(),
            "{id}"
        );
    }
}
