//! The fuzz corpus: inputs that mutation fuzzing found getting through (a
//! wrong import, silent data loss, a hang), each kept as a case that must
//! now fail cleanly.
//!
//! A case is a folder `tests/fixtures/fuzz/<group>/<case>/` holding its
//! input files and `case.txt`:
//!
//! - line 1: the command's arguments, separated by single spaces (no
//!   quoting; paths relative to the case folder);
//! - line 2: the expected exit status;
//! - line 3: a fragment that standard error must contain.
//!
//! Each case folder is copied (symlinks kept as symlinks) to a scratch
//! folder, the real binary runs there with that working directory and a
//! timeout of 60 s, and the exit status, the fragment, the absence of a
//! panic and that no file in the folder was changed, added or removed are
//! checked.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How long one case may run.
const TIMEOUT: Duration = Duration::from_mins(1);

/// One case folder and what its `case.txt` expects.
struct Case {
    /// `<group>/<case>`, for messages.
    name: String,
    folder: PathBuf,
    args: Vec<String>,
    status: i32,
    fragment: String,
}

/// Every case folder under `tests/fixtures/fuzz/*/`, in name order.
fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut cases = Vec::new();
    for group in sorted_entries(&root) {
        if !group.is_dir() {
            continue;
        }
        for folder in sorted_entries(&group) {
            if folder.is_dir() {
                cases.push(read_case(&root, folder));
            }
        }
    }
    cases
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    entries.sort();
    entries
}

fn read_case(root: &Path, folder: PathBuf) -> Case {
    let name = folder
        .strip_prefix(root)
        .expect("below the corpus")
        .display()
        .to_string();
    let text = fs::read_to_string(folder.join("case.txt"))
        .unwrap_or_else(|err| panic!("{name}: cannot read case.txt: {err}"));
    let lines: Vec<&str> = text.lines().collect();
    let [args, status, fragment, ..] = lines.as_slice() else {
        panic!("{name}: case.txt needs three lines (arguments, exit status, stderr fragment)");
    };
    assert!(!fragment.is_empty(), "{name}: the stderr fragment is empty");
    Case {
        args: args.split(' ').map(str::to_owned).collect(),
        status: status
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}: exit status {status:?} is not a number")),
        fragment: (*fragment).to_owned(),
        name,
        folder,
    }
}

/// Copies `from` into `to`, keeping symlinks as symlinks (some cases are
/// folders that link to themselves).
fn copy_keeping_links(from: &Path, to: &Path) {
    let meta = fs::symlink_metadata(from).expect("metadata");
    if meta.file_type().is_symlink() {
        let target = fs::read_link(from).expect("read link");
        std::os::unix::fs::symlink(target, to).expect("symlink");
    } else if meta.is_dir() {
        fs::create_dir_all(to).expect("mkdir");
        for entry in sorted_entries(from) {
            copy_keeping_links(&entry, &to.join(entry.file_name().expect("a name")));
        }
    } else {
        fs::copy(from, to).expect("copy");
    }
}

/// Every entry below `root` with what it is: a folder, a symlink and its
/// target, or a file and its SHA-256. Symlinks are not followed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for path in sorted_entries(&dir) {
            let key = path.strip_prefix(root).expect("below root").to_owned();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            let what = if meta.file_type().is_symlink() {
                format!("link to {}", fs::read_link(&path).expect("link").display())
            } else if meta.is_dir() {
                pending.push(path);
                "folder".to_owned()
            } else {
                format!("{:x}", Sha256::digest(fs::read(&path).expect("read")))
            };
            found.insert(key, what);
        }
    }
    found
}

/// What a run gave: its exit status (`None` when killed) and stderr.
struct Outcome {
    status: Option<i32>,
    stderr: String,
    timed_out: bool,
}

/// Runs the binary with `args` in `dir`, killing it after [`TIMEOUT`].
fn run(dir: &Path, args: &[String]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the marginalia binary starts");
    let stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = { stderr }.read_to_string(&mut text);
        text
    });
    let (status, timed_out) = wait_at_most(&mut child, TIMEOUT);
    Outcome {
        status,
        stderr: reader.join().expect("the stderr reader ends"),
        timed_out,
    }
}

fn wait_at_most(child: &mut Child, limit: Duration) -> (Option<i32>, bool) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return (status.code(), false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (None, true);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs one case; returns what was wrong with its outcome.
fn check(case: &Case) -> Result<(), String> {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let dir = scratch.path().join("case");
    copy_keeping_links(&case.folder, &dir);
    let before = snapshot(&dir);
    let outcome = run(&dir, &case.args);
    let after = snapshot(&dir);
    let mut problems = Vec::new();
    if outcome.timed_out {
        problems.push(format!("still running after {} s", TIMEOUT.as_secs()));
    } else if outcome.status != Some(case.status) {
        problems.push(format!(
            "exit status {:?}, expected {}",
            outcome.status, case.status
        ));
    }
    if !outcome.stderr.contains(&case.fragment) {
        problems.push(format!("stderr does not contain {:?}", case.fragment));
    }
    if outcome.stderr.contains("panicked") || outcome.stderr.contains("RUST_BACKTRACE") {
        problems.push("stderr shows a panic".to_owned());
    }
    if before != after {
        let changed: Vec<String> = before
            .keys()
            .chain(after.keys())
            .filter(|key| before.get(*key) != after.get(*key))
            .map(|key| key.display().to_string())
            .collect();
        problems.push(format!("files changed, added or removed: {changed:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: marginalia {}\n  stderr: {}  {}",
            case.name,
            case.args.join(" "),
            outcome.stderr,
            problems.join("\n  ")
        ))
    }
}

#[test]
fn every_fuzz_case_fails_as_expected_and_changes_no_file() {
    let cases = cases();
    assert!(!cases.is_empty(), "the fuzz corpus has no cases");
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fuzz cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
