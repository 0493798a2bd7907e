//! Saves and exports that fail halfway, on real file-system conditions: the
//! disk "fills up" partway through the write (a file-size limit, the way a
//! full disk or quota stops a write), or the temporary file cannot be made.
//! The previous file or folder must stay byte for byte, with nothing left
//! beside it, and the command must say what failed (status 1).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{Scratch, repo};

/// Largest file the limited runs may write, in the shell's `ulimit -f`
/// blocks (512 or 1024 bytes): far below every output written here.
const FILE_SIZE_LIMIT_BLOCKS: u32 = 16;

/// Runs `marginalia args...` in `dir` with a file-size limit: a write past
/// it fails with "File too large" as a write on a full disk fails with "No
/// space left", after the first bytes are written. (The limit's signal is
/// ignored so that the write returns the error.)
fn run_on_a_filling_disk(dir: &Path, args: &[&str]) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {FILE_SIZE_LIMIT_BLOCKS} && exec \"$0\" \"$@\"");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("sh runs")
}

/// A scratch folder with the demo project as `p.ron` and its layers as
/// JSONL.
fn demo() -> Scratch {
    let scratch = Scratch::new();
    fs::copy(
        repo().join("projects/diplomacy-demo.ron"),
        scratch.path("p.ron"),
    )
    .expect("copy");
    fs::copy(
        repo().join("projects/demo/analyst-a.jsonl"),
        scratch.path("a.jsonl"),
    )
    .expect("copy");
    scratch
}

/// Asserts a failed run: status 1, `name` in the message, no panic.
fn assert_failed_naming(output: &Output, name: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(name), "the message names {name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_save_that_fails_halfway_leaves_the_project_byte_for_byte() {
    let scratch = demo();
    let before = scratch.fingerprint();
    let output = run_on_a_filling_disk(
        scratch.root(),
        &["import", "p.ron", "a.jsonl", "--annotator", "carol"],
    );
    assert_failed_naming(&output, "p.ron");
    assert_eq!(
        scratch.fingerprint(),
        before,
        "no byte changed, nothing left beside it"
    );
    scratch.run_ok(&["import", "p.ron", "a.jsonl", "--annotator", "carol"]);
    assert_ne!(
        scratch.fingerprint(),
        before,
        "without the limit the same save works"
    );
}

#[test]
fn a_save_whose_temporary_file_cannot_be_made_leaves_the_project_byte_for_byte() {
    let scratch = demo();
    // A folder where the temporary file would go (a file in it too, so
    // that nothing may quietly remove it).
    scratch.write(".p.ron.saving/keep", "not ours");
    let before = scratch.fingerprint();
    let output = scratch.run(&["import", "p.ron", "a.jsonl", "--annotator", "carol"]);
    assert_failed_naming(&output, "p.ron");
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn an_export_that_fails_halfway_leaves_the_previous_file_byte_for_byte() {
    let scratch = demo();
    scratch.run_ok(&[
        "export",
        "p.ron",
        "--format",
        "jsonl",
        "--annotator",
        "analyst-b",
        "--out",
        "out.jsonl",
    ]);
    let before = scratch.fingerprint();
    let output = run_on_a_filling_disk(
        scratch.root(),
        &["export", "p.ron", "--format", "jsonl", "--out", "out.jsonl"],
    );
    assert_failed_naming(&output, "out.jsonl");
    assert_eq!(scratch.fingerprint(), before);
}

#[test]
fn a_split_export_that_fails_halfway_leaves_the_previous_folder_byte_for_byte() {
    let scratch = demo();
    let split = [
        "export",
        "p.ron",
        "--format",
        "prodigy",
        "--split",
        "train=0.6,dev=0.2,test=0.2",
        "--seed",
        "7",
        "--out",
        "parts",
    ];
    scratch.run_ok(&[&split[..], &["--annotator", "analyst-b"]].concat());
    let before = scratch.fingerprint();
    let output = run_on_a_filling_disk(scratch.root(), &split);
    assert_failed_naming(&output, "parts");
    assert_eq!(
        scratch.fingerprint(),
        before,
        "the old parts stay, and no half-written folder is left beside them"
    );
}
