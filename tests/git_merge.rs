//! The team workflow of the README with a real `git` in a temporary folder:
//! `marginalia merge --git %O %A %B %P` installed as the merge driver of
//! `*.ron`, two annotators' branches merged cleanly, the same layer changed
//! on two branches reported as a conflict that leaves a valid project, and
//! the whole loop (clone, annotate, commit, pull, adjudicate, export gold).
//!
//! Skipped, with a note on stderr, where `git` is not installed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::git::{ALICE_MARKS_CJK_CONFLICT, Team, arg, both_streams};
use common::{fixture, json_lines, span_tuples};

/// A new repository `name` with the merge driver set up and a first
/// commit holding `.gitattributes` and `p.ron`, made by `marginalia new`
/// from the fixture documents.
fn repository(team: &Team, name: &str) -> PathBuf {
    let dir = team.init(name);
    team.install_driver(&dir);
    common::run_ok(&dir, &["new", "p.ron", "--docs", arg(&fixture("docs"))]);
    team.git_ok(&dir, &["add", ".gitattributes", "p.ron"]);
    team.git_ok(&dir, &["commit", "-q", "-m", "Start the project"]);
    dir
}

/// `git clone FROM NAME`, then the one-time setup of the clone.
fn clone(team: &Team, from: &Path, name: &str) -> PathBuf {
    let dir = team.clone_from(from, name);
    team.configure_identity(&dir);
    team.install_driver(&dir);
    dir
}

/// `marginalia import p.ron FIXTURE --annotator NAME` in `dir`, then a commit.
fn annotate_and_commit(team: &Team, dir: &Path, jsonl: &str, annotator: &str) {
    common::run_ok(
        dir,
        &[
            "import",
            "p.ron",
            arg(&fixture(jsonl)),
            "--annotator",
            annotator,
        ],
    );
    team.git_ok(
        dir,
        &["commit", "-q", "-a", "-m", &format!("{annotator}: {jsonl}")],
    );
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join(name)).expect("read")
}

#[test]
fn two_annotators_layers_on_two_branches_merge_cleanly_through_the_driver() {
    let Some(team) = Team::new("the git merge driver test") else {
        return;
    };
    let repo = repository(&team, "repo");
    team.git_ok(&repo, &["checkout", "-q", "-b", "alice"]);
    annotate_and_commit(&team, &repo, "alice.jsonl", "alice");
    team.git_ok(&repo, &["checkout", "-q", "-b", "bob", "main"]);
    annotate_and_commit(&team, &repo, "bob.jsonl", "bob");
    team.git_ok(&repo, &["checkout", "-q", "alice"]);

    team.git_ok(&repo, &["merge", "-q", "--no-edit", "bob"]);

    // Both layers, exactly as one copy annotated by both would be.
    assert_eq!(
        read(&repo, "p.ron"),
        fs::read(fixture("unicode.ron")).expect("fixture")
    );
    let out = common::run_ok(&repo, &["validate", "p.ron"]);
    assert!(out.contains("2 annotators"), "{out}");
    assert_eq!(team.git_ok(&repo, &["status", "--porcelain"]), "");
    let parents = team.git_ok(&repo, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
}

#[test]
fn the_same_layer_changed_on_two_branches_is_a_conflict_that_leaves_ours_valid() {
    let Some(team) = Team::new("the git merge driver test") else {
        return;
    };
    let repo = repository(&team, "repo");
    annotate_and_commit(&team, &repo, "alice.jsonl", "alice");
    team.git_ok(&repo, &["checkout", "-q", "-b", "dates"]);
    annotate_and_commit(&team, &repo, "merge/alice-marks-cjk-date.jsonl", "alice");
    let ours = read(&repo, "p.ron");
    team.git_ok(&repo, &["checkout", "-q", "-b", "places", "main"]);
    annotate_and_commit(&team, &repo, "merge/alice-marks-cjk-place.jsonl", "alice");
    let theirs = read(&repo, "p.ron");
    team.git_ok(&repo, &["checkout", "-q", "dates"]);

    let said = team.merge_conflicting_in(&repo, "places", "p.ron");

    assert!(said.contains(ALICE_MARKS_CJK_CONFLICT), "{said}");
    // The driver left %A alone: the work tree holds ours, a valid project.
    assert_eq!(read(&repo, "p.ron"), ours);
    common::run_ok(&repo, &["validate", "p.ron"]);

    // Resolving as the README says: keep one side whole...
    team.git_ok(&repo, &["checkout", "--theirs", "p.ron"]);
    assert_eq!(read(&repo, "p.ron"), theirs);
    team.git_ok(&repo, &["checkout", "--ours", "p.ron"]);
    assert_eq!(read(&repo, "p.ron"), ours);
    // ...or take the three versions, settle the layer in one of them (here:
    // theirs adopts our version of alice's layer) and merge them again.
    for (stage, name) in [(1, "base.ron"), (2, "ours.ron"), (3, "theirs.ron")] {
        let text = team.git_ok(&repo, &["show", &format!(":{stage}:p.ron")]);
        fs::write(repo.join(name), text).expect("write");
    }
    common::run_ok(
        &repo,
        &[
            "import",
            "theirs.ron",
            arg(&fixture("merge/alice-marks-cjk-date.jsonl")),
            "--annotator",
            "alice",
        ],
    );
    common::run_ok(
        &repo,
        &[
            "merge",
            "p.ron",
            "ours.ron",
            "theirs.ron",
            "--base",
            "base.ron",
        ],
    );
    for name in ["base.ron", "ours.ron", "theirs.ron"] {
        fs::remove_file(repo.join(name)).expect("rm");
    }
    common::run_ok(&repo, &["validate", "p.ron"]);
    team.git_ok(&repo, &["add", "p.ron"]);
    team.git_ok(&repo, &["commit", "-q", "--no-edit"]);
    assert_eq!(read(&repo, "p.ron"), ours);
    assert_eq!(team.git_ok(&repo, &["status", "--porcelain"]), "");
}

#[test]
fn the_readme_team_loop_clone_annotate_commit_pull_adjudicate_and_export_gold() {
    let Some(team) = Team::new("the git merge driver test") else {
        return;
    };
    // The lead starts the project and shares it.
    let lead = repository(&team, "lead");
    let origin = team.path("origin.git");
    team.git_ok(
        team.root(),
        &["clone", "-q", "--bare", arg(&lead), arg(&origin)],
    );
    // 1. Each annotator clones and installs the driver in their clone.
    let alice = clone(&team, &origin, "alice");
    let bob = clone(&team, &origin, "bob");
    // 2–3. Each annotates their own layer and commits.
    annotate_and_commit(&team, &alice, "alice.jsonl", "alice");
    annotate_and_commit(&team, &bob, "bob.jsonl", "bob");
    // 4. Pull (the driver merges the layers) and push.
    team.git_ok(&alice, &["pull", "-q", "--no-rebase", "--no-edit"]);
    team.git_ok(&alice, &["push", "-q"]);
    let pulled = team.git(&bob, &["pull", "--no-rebase", "--no-edit"]);
    assert!(pulled.status.success(), "{}", both_streams(&pulled));
    assert!(!both_streams(&pulled).contains("CONFLICT"));
    team.git_ok(&bob, &["push", "-q"]);
    team.git_ok(&alice, &["pull", "-q", "--no-rebase", "--no-edit"]);
    let merged = fs::read(fixture("unicode.ron")).expect("fixture");
    assert_eq!(read(&alice, "p.ron"), merged);
    assert_eq!(read(&bob, "p.ron"), merged);

    // 5. A reviewer adjudicates into the gold layer and shares it.
    let reviewer = clone(&team, &origin, "reviewer");
    annotate_and_commit(&team, &reviewer, "merge/gold.jsonl", "gold");
    team.git_ok(&reviewer, &["push", "-q"]);
    // Meanwhile alice went on with her own layer: the pull merges both.
    annotate_and_commit(&team, &alice, "merge/alice-marks-cjk-date.jsonl", "alice");
    team.git_ok(&alice, &["pull", "-q", "--no-rebase", "--no-edit"]);
    let out = common::run_ok(&alice, &["validate", "p.ron"]);
    assert!(out.contains("3 annotators"), "{out}");

    // 6. Export gold.
    common::run_ok(
        &alice,
        &[
            "export",
            "p.ron",
            "--gold",
            "--format",
            "jsonl",
            "--out",
            "gold.jsonl",
        ],
    );
    let exported = json_lines(&String::from_utf8(read(&alice, "gold.jsonl")).expect("UTF-8"));
    let adjudicated =
        json_lines(&fs::read_to_string(fixture("merge/gold.jsonl")).expect("fixture"));
    assert_eq!(exported.len(), adjudicated.len());
    for (got, want) in exported.iter().zip(&adjudicated) {
        assert_eq!(got["id"], want["id"]);
        assert_eq!(got["annotator"], "gold");
        assert_eq!(span_tuples(got), span_tuples(want));
    }
}
