//! Every command on a folder project (`NAME.marginalia/`), through the real
//! binary: `new`, `import`, `export`, `merge`, `agree`, `diff`, `eval`,
//! `suggest`, `validate`, `stats` and `convert`, on documents with emoji,
//! ZWJ sequences, combining marks, curly quotes, CRLF and NBSP; a failed
//! command changes no file, and a broken file is named with its line.

mod common;

use std::fs;

use common::{Scratch, fingerprint};

/// A folder project of the three fixture documents with alice's and bob's
/// layers.
fn team() -> Scratch {
    let scratch = Scratch::with_fixtures(&["docs", "alice.jsonl", "bob.jsonl"]);
    scratch.write(
        "docs/unlabelled.txt",
        "\u{201C}Trump\u{201D} met Putin on Monday.\r\n",
    );
    scratch.run_ok(&["new", "p.marginalia", "--docs", "docs"]);
    scratch.run_ok(&[
        "import",
        "p.marginalia",
        "alice.jsonl",
        "--annotator",
        "alice",
    ]);
    scratch.run_ok(&["import", "p.marginalia", "bob.jsonl", "--annotator", "bob"]);
    scratch
}

#[test]
fn new_makes_a_folder_project_with_one_file_per_text_and_layer() {
    let scratch = team();
    for file in [
        "p.marginalia/project.ron",
        "p.marginalia/texts/crlf-nbsp.txt",
        "p.marginalia/texts/emoji-zwj.txt",
        "p.marginalia/layers/alice/emoji-zwj.ron",
        "p.marginalia/layers/bob/marks-cjk.ron",
    ] {
        assert!(scratch.path(file).is_file(), "{file} missing");
    }
    assert_eq!(
        scratch.read("p.marginalia/texts/crlf-nbsp.txt"),
        scratch.read("docs/crlf-nbsp.txt"),
        "texts are kept verbatim (CRLF, NBSP)"
    );
    scratch.run_ok(&["new", "q", "--folder", "--docs", "docs"]);
    assert!(scratch.path("q/project.ron").is_file());
    assert!(
        scratch
            .run_ok(&["validate", "q"])
            .contains("project with 4 documents")
    );
}

#[test]
fn convert_round_trips_to_the_same_bytes() {
    let scratch = team();
    scratch.run_ok(&["convert", "p.marginalia", "p.ron"]);
    scratch.run_ok(&["convert", "p.ron", "again.marginalia"]);
    scratch.run_ok(&["convert", "again.marginalia", "again.ron"]);
    assert_eq!(scratch.read("p.ron"), scratch.read("again.ron"));
    assert_eq!(
        fingerprint(&scratch.path("p.marginalia")),
        fingerprint(&scratch.path("again.marginalia"))
    );
    let out = scratch.run(&["convert", "p.ron", "again.marginalia"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn every_reading_command_gives_the_same_answer_on_either_form() {
    let scratch = team();
    scratch.run_ok(&["convert", "p.marginalia", "p.ron"]);
    let same = |args: &[&str]| {
        let on = |project: &str| {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "P" { project } else { a })
                .collect();
            scratch.run_ok(&args)
        };
        assert_eq!(on("p.marginalia"), on("p.ron"), "{args:?}");
    };
    same(&["stats", "P", "--json"]);
    same(&["agree", "P", "--json"]);
    same(&["diff", "P", "--a", "alice", "--b", "bob", "--json"]);
    same(&[
        "export",
        "P",
        "--format",
        "jsonl",
        "--annotator",
        "alice",
        "--out",
        "-",
    ]);
    same(&["eval", "alice.jsonl", "P", "--annotator", "bob", "--json"]);
}

#[test]
fn writing_commands_write_the_folder_form() {
    let scratch = team();
    let said = scratch.run_ok(&["suggest", "p.marginalia", "--from", "alice"]);
    assert!(!said.starts_with("wrote 0 "), "{said}");
    assert!(
        scratch
            .path("p.marginalia/layers/model%3Asuggest/unlabelled.ron")
            .is_file()
    );
    scratch.run_ok(&["convert", "p.marginalia", "p.ron"]);
    scratch.run_ok(&["merge", "all.marginalia", "p.ron", "p.marginalia"]);
    scratch.run_ok(&["convert", "all.marginalia", "all.ron"]);
    assert_eq!(scratch.read("all.ron"), scratch.read("p.ron"));
}

#[test]
fn a_failed_import_into_a_folder_project_changes_no_file() {
    let scratch = team();
    let before = fingerprint(&scratch.path("p.marginalia"));
    scratch.write(
        "bad.jsonl",
        "{\"id\": \"emoji-zwj\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"nope\"}]}\n",
    );
    let out = scratch.run(&[
        "import",
        "p.marginalia",
        "bad.jsonl",
        "--annotator",
        "carol",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fingerprint(&scratch.path("p.marginalia")), before);
}

#[test]
fn a_broken_layer_file_is_named_with_its_line_and_column_by_every_command() {
    let scratch = team();
    let file = "p.marginalia/layers/alice/emoji-zwj.ron";
    let text = scratch.read_text(file);
    fs::write(scratch.path(file), text.replacen("start: ", "start: -", 1)).expect("write");
    for args in [
        &["validate", "p.marginalia"][..],
        &["stats", "p.marginalia"],
        &["agree", "p.marginalia"],
    ] {
        let out = scratch.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("layers/alice/emoji-zwj.ron:"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_write_through_a_folder_project_s_project_ron_keeps_the_folder_form() {
    let scratch = team();
    scratch.write(
        "carol.jsonl",
        "{\"id\": \"unlabelled\", \"spans\": [{\"start\": 1, \"end\": 6, \"label\": \"actor\", \"attrs\": {\"kind\": \"person\"}}]}\n",
    );
    scratch.run_ok(&[
        "import",
        "p.marginalia/project.ron",
        "carol.jsonl",
        "--annotator",
        "carol",
    ]);
    assert!(
        scratch
            .read_text("p.marginalia/project.ron")
            .contains("\"marginalia-folder\""),
        "project.ron is still the folder's"
    );
    assert!(
        scratch
            .path("p.marginalia/layers/carol/unlabelled.ron")
            .is_file()
    );
    assert!(
        scratch
            .run_ok(&["validate", "p.marginalia"])
            .contains("3 annotators")
    );
}

#[test]
fn the_merge_driver_leaves_other_ron_files_to_git_s_line_merge() {
    let scratch = Scratch::new();
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: git is not on PATH; skipping");
        return;
    }
    scratch.write("base", "(\n  a: 1,\n  b: 2,\n  c: 3,\n)\n");
    scratch.write("ours", "(\n  a: 10,\n  b: 2,\n  c: 3,\n)\n");
    scratch.write("theirs", "(\n  a: 1,\n  b: 2,\n  c: 30,\n)\n");
    scratch.run_ok(&["merge", "--git", "base", "ours", "theirs", "settings.ron"]);
    assert_eq!(
        scratch.read_text("ours"),
        "(\n  a: 10,\n  b: 2,\n  c: 30,\n)\n"
    );
    scratch.write("theirs", "(\n  a: 11,\n  b: 2,\n  c: 3,\n)\n");
    let out = scratch.run(&["merge", "--git", "base", "ours", "theirs", "settings.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("settings.ron: not a Marginalia file"));
    assert!(scratch.read_text("ours").contains("<<<<<<< ours"));
}
