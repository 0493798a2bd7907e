//! Helpers shared by the end-to-end tests: running the real binary in a
//! scratch folder, copying fixtures, and fingerprinting folders.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod git;
pub mod harness;
pub mod layout;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

/// The repository root (where `seeds/`, `projects/` and `schemas/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `marginalia args...` in `dir` and returns what it did.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the marginalia binary runs")
}

/// Runs `marginalia args...` in `dir`, asserts success and returns stdout.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(
        output.status.success(),
        "marginalia {} failed with {}:\n{}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// A scratch folder, removed when dropped.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// An empty scratch folder.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("scratch folder"),
        }
    }

    /// A scratch folder holding copies of the named fixtures (files or
    /// folders), under the same names.
    pub fn with_fixtures(names: &[&str]) -> Self {
        let scratch = Self::new();
        for name in names {
            copy_tree(&fixture(name), &scratch.path(name));
        }
        scratch
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `marginalia args...` here.
    pub fn run(&self, args: &[&str]) -> Output {
        run(self.root(), args)
    }

    /// Runs `marginalia args...` here, asserting success; returns stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        run_ok(self.root(), args)
    }

    /// The bytes of `name`.
    pub fn read(&self, name: &str) -> Vec<u8> {
        fs::read(self.path(name)).unwrap_or_else(|err| panic!("cannot read {name}: {err}"))
    }

    /// The text of `name`.
    pub fn read_text(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).expect("UTF-8")
    }

    /// Writes `bytes` to `name`, creating its folder.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    /// Every file and folder below the root, with a hash of each file.
    pub fn fingerprint(&self) -> BTreeMap<PathBuf, String> {
        fingerprint(self.root())
    }
}

/// Copies a file, or a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("mkdir");
        for entry in fs::read_dir(from).expect("ls") {
            let entry = entry.expect("entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(from, to).expect("copy");
    }
}

/// Every path below `root` (hidden ones included) mapped to the SHA-256 of
/// its bytes, or to `dir` for a folder.
pub fn fingerprint(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("ls") {
            let path = entry.expect("entry").path();
            let key = path.strip_prefix(root).expect("below root").to_owned();
            if path.is_dir() {
                found.insert(key, "dir".to_owned());
                pending.push(path);
            } else {
                let digest = Sha256::digest(fs::read(&path).expect("read"));
                found.insert(key, format!("{digest:x}"));
            }
        }
    }
    found
}

/// The JSON values of a JSONL text, one per non-blank line.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("valid JSON line"))
        .collect()
}

/// The text between code points `start` and `end`, as Python's
/// `text[start:end]` gives it.
pub fn python_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Each span's `(start, end, label, text)` in an exported line.
pub fn span_tuples(line: &serde_json::Value) -> Vec<(u64, u64, String, String)> {
    line["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().expect("start"),
                s["end"].as_u64().expect("end"),
                s["label"].as_str().expect("label").to_owned(),
                s["text"].as_str().expect("text").to_owned(),
            )
        })
        .collect()
}
