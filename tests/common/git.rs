//! A real `git` for the team tests, isolated from the user's and the
//! system's configuration, and Marginalia's merge driver as the README
//! installs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::Scratch;

/// The driver line of the README, with the binary under test instead of
/// `marginalia` on PATH.
pub fn driver() -> String {
    let binary = env!("CARGO_BIN_EXE_marginalia");
    assert!(!binary.contains('\''), "cannot quote {binary}");
    format!("'{binary}' merge --git %O %A %B %P")
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// What the driver says of alice's layer of `marks-cjk` changed on both
/// sides.
pub const ALICE_MARKS_CJK_CONFLICT: &str =
    "error: document \"marks-cjk\", layer \"alice\": changed differently on both sides";

/// Standard output and standard error of a command, one after the other.
pub fn both_streams(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A scratch folder in which git runs isolated from the user's and the
/// system's configuration: `HOME` is the folder itself, no system config.
pub struct Team {
    scratch: Scratch,
}

impl Team {
    /// A team folder, or `None` (after a note naming `test`) when git is
    /// missing.
    pub fn new(test: &str) -> Option<Self> {
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("note: git is not on PATH; skipping {test}");
            return None;
        }
        Some(Self {
            scratch: Scratch::new(),
        })
    }

    /// The team folder.
    pub fn root(&self) -> &Path {
        self.scratch.root()
    }

    /// `name` inside the team folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.scratch.path(name)
    }

    /// Runs `git args...` in `dir`.
    pub fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let mut command = Command::new("git");
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_CONFIG",
            "GIT_CONFIG_PARAMETERS",
            "GIT_CONFIG_COUNT",
        ] {
            command.env_remove(var);
        }
        command
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.scratch.root())
            .env("XDG_CONFIG_HOME", self.scratch.root())
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .output()
            .expect("git runs")
    }

    /// Runs `git args...` in `dir`, asserting success; returns stdout.
    pub fn git_ok(&self, dir: &Path, args: &[&str]) -> String {
        let output = self.git(dir, args);
        assert!(
            output.status.success(),
            "git {} failed with {}:\n{}",
            args.join(" "),
            output.status,
            both_streams(&output)
        );
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    /// Who commits in the clone `dir`.
    pub fn configure_identity(&self, dir: &Path) {
        for (key, value) in [
            ("user.name", "Test Annotator"),
            ("user.email", "annotator@example.org"),
            ("commit.gpgsign", "false"),
        ] {
            self.git_ok(dir, &["config", key, value]);
        }
    }

    /// Installs the merge driver in the clone `dir`, as the README says.
    pub fn install_driver(&self, dir: &Path) {
        self.git_ok(
            dir,
            &[
                "config",
                "merge.marginalia.name",
                "Marginalia project merge",
            ],
        );
        self.git_ok(dir, &["config", "merge.marginalia.driver", &driver()]);
    }

    /// A new repository `name` on branch `main` whose commits have an
    /// author, and whose `.gitattributes` (not yet committed) sends `*.ron`
    /// to the merge driver.
    pub fn init(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        std::fs::create_dir(&dir).expect("mkdir");
        self.git_ok(&dir, &["-c", "init.defaultBranch=main", "init", "-q"]);
        self.configure_identity(&dir);
        std::fs::write(dir.join(".gitattributes"), "*.ron merge=marginalia\n").expect("write");
        dir
    }

    /// `git merge --no-edit BRANCH` in `dir`, asserting that it stops with
    /// a conflict in `file` alone; returns what git and the driver said.
    pub fn merge_conflicting_in(&self, dir: &Path, branch: &str, file: &str) -> String {
        let output = self.git(dir, &["merge", "--no-edit", branch]);
        let said = both_streams(&output);
        assert!(!output.status.success(), "{said}");
        assert!(
            said.contains(&format!("CONFLICT (content): Merge conflict in {file}")),
            "{said}"
        );
        assert_eq!(
            self.git_ok(dir, &["status", "--porcelain"]),
            format!("UU {file}\n")
        );
        said
    }

    /// `git clone FROM NAME` into the team folder.
    pub fn clone_from(&self, from: &Path, name: &str) -> PathBuf {
        self.git_ok(
            self.root(),
            &[
                "-c",
                "init.defaultBranch=main",
                "clone",
                "-q",
                arg(from),
                name,
            ],
        );
        self.path(name)
    }
}
