//! `merge` end to end, without git: the three-way merge with `--base`, the
//! git driver mode `--git BASE OURS THEIRS` called directly, conflicts,
//! bad input and the help text. `tests/git_merge.rs` runs it under git.

mod common;

use std::path::Path;

use common::{Scratch, copy_tree, fixture};

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A scratch folder with `base.ron` (the fixture documents, no layers) and
/// `unicode.ron` (the same with alice's and bob's layers).
fn scratch() -> Scratch {
    let scratch = Scratch::new();
    scratch.run_ok(&["new", "base.ron", "--docs", arg(&fixture("docs"))]);
    copy_tree(&fixture("unicode.ron"), &scratch.path("unicode.ron"));
    scratch
}

/// Copies `from` to `to` in `scratch`, then imports each JSONL fixture into it.
fn derive(scratch: &Scratch, from: &str, to: &str, jsonl: &[(&str, &str)]) {
    scratch.write(to, scratch.read(from));
    for (file, annotator) in jsonl {
        scratch.run_ok(&["import", to, arg(&fixture(file)), "--annotator", annotator]);
    }
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

#[test]
fn three_way_merge_of_two_annotators_layers_equals_the_project_annotated_in_one_copy() {
    let scratch = scratch();
    derive(&scratch, "base.ron", "a.ron", &[("alice.jsonl", "alice")]);
    derive(&scratch, "base.ron", "b.ron", &[("bob.jsonl", "bob")]);
    let out = scratch.run_ok(&["merge", "m.ron", "a.ron", "b.ron", "--base", "base.ron"]);
    assert_eq!(
        out,
        "merged 2 inputs into m.ron against base.ron: 3 documents, 6 layers, annotators alice, bob\n"
    );
    assert_eq!(scratch.read("m.ron"), scratch.read("unicode.ron"));
}

#[test]
fn three_way_merge_takes_an_edited_layer_that_the_union_merge_refuses() {
    let scratch = scratch();
    derive(
        &scratch,
        "unicode.ron",
        "edited.ron",
        &[("merge/alice-marks-cjk-date.jsonl", "alice")],
    );
    // Without a base, two versions of one layer cannot be told apart.
    let union = scratch.run(&["merge", "u.ron", "unicode.ron", "edited.ron"]);
    assert_eq!(union.status.code(), Some(1));
    assert!(
        stderr(&union).contains("--base BASE.ron"),
        "{}",
        stderr(&union)
    );
    assert!(!scratch.path("u.ron").exists());
    // With the base, the edit wins whichever side it is on.
    for inputs in [["unicode.ron", "edited.ron"], ["edited.ron", "unicode.ron"]] {
        scratch.run_ok(&[
            "merge",
            "m.ron",
            inputs[0],
            inputs[1],
            "--base",
            "unicode.ron",
        ]);
        assert_eq!(scratch.read("m.ron"), scratch.read("edited.ron"));
    }
}

#[test]
fn a_layer_changed_differently_on_both_sides_is_a_conflict_and_nothing_is_written() {
    let scratch = scratch();
    derive(
        &scratch,
        "unicode.ron",
        "a.ron",
        &[("merge/alice-marks-cjk-date.jsonl", "alice")],
    );
    derive(
        &scratch,
        "unicode.ron",
        "b.ron",
        &[("merge/alice-marks-cjk-place.jsonl", "alice")],
    );
    let before = scratch.fingerprint();
    let output = scratch.run(&["merge", "m.ron", "a.ron", "b.ron", "--base", "unicode.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: document \"marks-cjk\", layer \"alice\": changed differently on both sides\n"
    );
    assert!(output.stdout.is_empty());
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn several_inputs_are_merged_in_turn_and_every_conflict_names_its_input() {
    let scratch = scratch();
    derive(&scratch, "base.ron", "a.ron", &[("alice.jsonl", "alice")]);
    derive(&scratch, "base.ron", "b.ron", &[("bob.jsonl", "bob")]);
    derive(
        &scratch,
        "base.ron",
        "g.ron",
        &[("merge/gold.jsonl", "gold")],
    );
    let out = scratch.run_ok(&[
        "merge", "m.ron", "a.ron", "b.ron", "g.ron", "--base", "base.ron",
    ]);
    assert!(out.contains("annotators alice, bob, gold"), "{out}");
    scratch.run_ok(&["validate", "m.ron"]);

    // Two later inputs each conflicting with the first: both are listed.
    derive(
        &scratch,
        "base.ron",
        "c.ron",
        &[("merge/alice-marks-cjk-date.jsonl", "alice")],
    );
    derive(
        &scratch,
        "base.ron",
        "d.ron",
        &[("merge/alice-marks-cjk-place.jsonl", "alice")],
    );
    let before = scratch.fingerprint();
    let output = scratch.run(&[
        "merge", "n.ron", "a.ron", "c.ron", "d.ron", "--base", "base.ron",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: document \"marks-cjk\", layer \"alice\": added differently on both sides (merging in c.ron)\n\
         error: document \"marks-cjk\", layer \"alice\": added differently on both sides (merging in d.ron)\n"
    );
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn a_malformed_input_fails_with_its_place_and_writes_nothing() {
    let scratch = scratch();
    let text = scratch.read_text("unicode.ron");
    let kept: String = text.split_inclusive('\n').take(40).collect();
    scratch.write("broken", kept);
    for args in [
        &[
            "merge",
            "m.ron",
            "unicode.ron",
            "unicode.ron",
            "--base",
            "broken",
        ][..],
        &[
            "merge",
            "m.ron",
            "unicode.ron",
            "broken",
            "--base",
            "unicode.ron",
        ],
        &["merge", "--git", "unicode.ron", "base.ron", "broken"],
    ] {
        let before = scratch.fingerprint();
        let output = scratch.run(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("error: broken:40:"), "{message}");
        assert_eq!(scratch.fingerprint(), before, "{args:?}");
    }
}

#[test]
fn git_driver_mode_writes_the_merge_into_ours_whatever_the_file_names() {
    let scratch = scratch();
    // Git passes temporary names without the .ron extension.
    derive(
        &scratch,
        "base.ron",
        ".merge_file_A1",
        &[("alice.jsonl", "alice")],
    );
    derive(
        &scratch,
        "base.ron",
        ".merge_file_B2",
        &[("bob.jsonl", "bob")],
    );
    scratch.write(".merge_file_O0", scratch.read("base.ron"));
    let out = scratch.run_ok(&[
        "merge",
        "--git",
        ".merge_file_O0",
        ".merge_file_A1",
        ".merge_file_B2",
    ]);
    assert_eq!(out, "");
    assert_eq!(scratch.read(".merge_file_A1"), scratch.read("unicode.ron"));
    // No temporary file is left beside it.
    let mut names: Vec<String> = std::fs::read_dir(scratch.root())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".merge_file_A1",
            ".merge_file_B2",
            ".merge_file_O0",
            "base.ron",
            "unicode.ron"
        ]
    );
}

#[test]
fn git_driver_mode_leaves_ours_byte_for_byte_on_a_conflict() {
    let scratch = scratch();
    derive(
        &scratch,
        "unicode.ron",
        "ours",
        &[("merge/alice-marks-cjk-date.jsonl", "alice")],
    );
    derive(
        &scratch,
        "unicode.ron",
        "theirs",
        &[("merge/alice-marks-cjk-place.jsonl", "alice")],
    );
    let before = scratch.fingerprint();
    let output = scratch.run(&["merge", "--git", "unicode.ron", "ours", "theirs"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: document \"marks-cjk\", layer \"alice\": changed differently on both sides\n"
    );
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn git_driver_mode_treats_an_empty_base_as_a_file_added_on_both_branches() {
    let scratch = scratch();
    derive(&scratch, "base.ron", "ours", &[("alice.jsonl", "alice")]);
    derive(&scratch, "base.ron", "theirs", &[("bob.jsonl", "bob")]);
    scratch.write("empty", "");
    scratch.run_ok(&["merge", "--git", "empty", "ours", "theirs"]);
    assert_eq!(scratch.read("ours"), scratch.read("unicode.ron"));
}

#[test]
fn merge_help_shows_both_forms_and_the_git_setup() {
    let scratch = Scratch::new();
    let help = scratch.run_ok(&["merge", "--help"]);
    for expected in [
        "Usage: marginalia merge OUT.ron IN.ron... [--base BASE.ron]",
        "       marginalia merge --git BASE OURS THEIRS [PATH]",
        "--git <BASE> <OURS> <THEIRS>",
        "*.ron merge=marginalia",
        "git config merge.marginalia.driver \"marginalia merge --git %O %A %B %P\"",
    ] {
        assert!(help.contains(expected), "help lacks {expected:?}:\n{help}");
    }
}

#[test]
fn git_mode_with_other_arguments_is_a_usage_error() {
    let scratch = scratch();
    let before = scratch.fingerprint();
    for args in [
        &["merge", "--git", "base.ron", "base.ron"][..],
        &[
            "merge", "out.ron", "--git", "base.ron", "base.ron", "base.ron",
        ],
        &[
            "merge", "--git", "base.ron", "base.ron", "base.ron", "--base", "base.ron",
        ],
    ] {
        let output = scratch.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(scratch.fingerprint(), before);
}
