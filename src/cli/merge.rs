//! `marginalia merge`: bring annotators' copies of a project back together.
//!
//! - `merge OUT IN...` unites the inputs' layers (documents matched by id
//!   and SHA-256); the same layer with different content in two inputs is
//!   refused, since without a common ancestor nobody can tell which is newer.
//! - `merge OUT IN... --base BASE` merges three-way (`model::merge`): every
//!   change made since BASE is kept, and only a part changed differently on
//!   two sides is a conflict. Further inputs are merged into the first one
//!   in turn, against the same BASE.
//! - `merge --git BASE OURS THEIRS [PATH]` is the same three-way merge as a
//!   git merge driver (`%O %A %B %P`): the result replaces OURS, or OURS is
//!   left byte for byte as it was on a conflict. The files of a folder
//!   project (a layer file, `project.ron`) are merged one at a time; PATH,
//!   the file's place in the repository, names a layer's annotator.
//!
//! On a conflict every conflicting part is listed on stderr, one `error:`
//! line each, and nothing is written.

use std::path::{Path, PathBuf};

use super::output::{CliError, print};
use super::progress::Progress;
use crate::io::atomic::write_atomic;
use crate::io::folder::{FolderFile, merge_folder_file};
use crate::io::output_guard::{OutputKind, refuse_output_over_inputs};
use crate::io::project_format::FORMAT;
use crate::io::read::read_text;
use crate::io::{FileError, load_project, save_project};
use crate::model::merge::{Conflict, merge_keeping_ours};
use crate::model::{Project, Schema};

/// Arguments of `merge`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "marginalia merge OUT.ron IN.ron... [--base BASE.ron]\n       marginalia merge --git BASE OURS THEIRS [PATH]",
    after_help = "\
Examples:
  marginalia merge all.ron alice.ron bob.ron                 unite two copies' layers
  marginalia merge all.ron alice.ron bob.ron --base old.ron  three-way: keep every change since old.ron
  marginalia merge --git %O %A %B %P                         as a git merge driver

Set up the git merge driver once per clone (it merges single project files
and the files of folder projects alike):
  echo '*.ron merge=marginalia' >> .gitattributes
  git config merge.marginalia.driver \"marginalia merge --git %O %A %B %P\"

On a conflict (the same layer changed differently on both sides) every
conflict is listed, one line each naming the document and the annotator,
nothing is written and the exit status is 1."
)]
pub struct MergeArgs {
    /// The merged project to write.
    #[arg(value_name = "OUT.ron", required_unless_present = "git")]
    pub out: Option<PathBuf>,
    /// The copies to merge (at least one). With --base, each further input
    /// is merged into the first in turn.
    #[arg(value_name = "IN.ron", num_args = 1.., required_unless_present = "git")]
    pub inputs: Vec<PathBuf>,
    /// The common ancestor of the inputs: merge three-way, keeping every
    /// change made since BASE, per document and annotator layer.
    #[arg(long, value_name = "BASE.ron")]
    pub base: Option<PathBuf>,
    /// Run as a git merge driver on git's %O %A %B [%P]: merge three-way
    /// and write the result into OURS, or leave OURS untouched on a
    /// conflict. PATH, the file's path in the repository, names the
    /// annotator of a folder project's layer file.
    #[arg(
        long,
        num_args = 3..=4,
        value_names = ["BASE", "OURS", "THEIRS", "PATH"],
        conflicts_with_all = ["out", "inputs", "base"]
    )]
    pub git: Option<Vec<PathBuf>>,
}

/// Runs `merge` in the mode its arguments choose.
pub fn run(args: &MergeArgs) -> Result<(), CliError> {
    if let Some(paths) = &args.git {
        let (base, ours, theirs, repo_path) = match paths.as_slice() {
            [base, ours, theirs] => (base, ours, theirs, None),
            [base, ours, theirs, path] => (base, ours, theirs, Some(path.as_path())),
            _ => {
                return Err(CliError::Message(
                    "--git needs three files and a path: BASE OURS THEIRS [PATH]".into(),
                ));
            }
        };
        let opening = file_opening(ours);
        if let Some(kind) = FolderFile::of(&opening) {
            return run_git_driver_on_folder_file(kind, base, ours, theirs, repo_path);
        }
        if !opening.contains(&format!("{FORMAT:?}")) {
            return run_git_line_merge(base, ours, theirs, repo_path);
        }
        return run_git_driver(base, ours, theirs);
    }
    let Some(out) = &args.out else {
        return Err(CliError::Message("merge needs OUT.ron and IN.ron".into()));
    };
    let inputs: Vec<&Path> = args
        .inputs
        .iter()
        .chain(&args.base)
        .map(PathBuf::as_path)
        .collect();
    refuse_output_over_inputs(out, OutputKind::File, &inputs)?;
    match &args.base {
        Some(base) => run_three_way(out, base, &args.inputs),
        None => run_union(out, &args.inputs),
    }
}

/// `merge OUT IN... --base BASE`.
fn run_three_way(out: &Path, base_path: &Path, inputs: &[PathBuf]) -> Result<(), CliError> {
    let progress = Progress::start(format!("loading {}", base_path.display()));
    let base = load_project(base_path)?;
    let projects = inputs
        .iter()
        .enumerate()
        .map(|(i, path)| {
            progress.step(format!("loading {}", path.display()));
            progress.update(i, inputs.len());
            load_project(path)
        })
        .collect::<Result<Vec<_>, _>>()?;
    progress.step("merging");
    let mut projects = projects.into_iter();
    let mut merged = projects
        .next()
        .ok_or_else(|| CliError::Message("merge needs at least one input".into()))?;
    let mut conflicts: Vec<(&Path, Conflict)> = Vec::new();
    for (theirs, path) in projects.zip(&inputs[1..]) {
        let outcome = merge_keeping_ours(&base, &merged, &theirs);
        conflicts.extend(outcome.conflicts.into_iter().map(|c| (path.as_path(), c)));
        merged = outcome.project;
    }
    if !conflicts.is_empty() {
        let several = inputs.len() > 2;
        return Err(conflict_error(conflicts.iter().map(|(path, conflict)| {
            if several {
                format!("{conflict} (merging in {})", path.display())
            } else {
                conflict.to_string()
            }
        })));
    }
    progress.step(format!("saving {}", out.display()));
    save_project(&merged, out)?;
    drop(progress);
    print(&format!(
        "merged {} inputs into {} against {}: {}\n",
        inputs.len(),
        out.display(),
        base_path.display(),
        summary(&merged)
    ))
}

/// `merge --git BASE OURS THEIRS`: git's `%O %A %B`. Git names them with
/// temporary names (`.merge_file_XXXXXX`), so nothing here looks at the
/// extension. An empty BASE (a file added on both branches) stands for a
/// project without documents: both sides' documents count as added.
fn run_git_driver(base_path: &Path, ours_path: &Path, theirs_path: &Path) -> Result<(), CliError> {
    let base = if is_empty_file(base_path) {
        Project::new(Schema {
            name: String::new(),
            labels: Vec::new(),
        })
    } else {
        load_project(base_path)?
    };
    let ours = load_project(ours_path)?;
    let theirs = load_project(theirs_path)?;
    let outcome = merge_keeping_ours(&base, &ours, &theirs);
    if !outcome.conflicts.is_empty() {
        return Err(conflict_error(
            outcome.conflicts.iter().map(ToString::to_string),
        ));
    }
    // Rewrite OURS only when the merge changed it, so a no-op merge leaves
    // its bytes (and modification time) alone.
    if outcome.project != ours {
        save_project(&outcome.project, ours_path)?;
    }
    Ok(())
}

/// The git driver on a file of a folder project: one layer file or
/// `project.ron`, merged without loading the rest of the project.
fn run_git_driver_on_folder_file(
    kind: FolderFile,
    base_path: &Path,
    ours_path: &Path,
    theirs_path: &Path,
    repo_path: Option<&Path>,
) -> Result<(), CliError> {
    let base = if is_empty_file(base_path) {
        None
    } else {
        Some(read_text(base_path)?)
    };
    let ours = read_text(ours_path)?;
    let theirs = read_text(theirs_path)?;
    let outcome = merge_folder_file(
        kind,
        base.as_deref().map(|b| (b, base_path)),
        (&ours, ours_path),
        (&theirs, theirs_path),
        repo_path,
    )?;
    if !outcome.conflicts.is_empty() {
        let file = repo_path
            .map(|p| format!(" in {}", p.display()))
            .unwrap_or_default();
        return Err(conflict_error(
            outcome
                .conflicts
                .iter()
                .map(|conflict| format!("{conflict}{file}")),
        ));
    }
    if outcome.merged != ours {
        write_atomic(ours_path, outcome.merged.as_bytes())?;
    }
    Ok(())
}

/// The first few kilobytes of `path` as text (empty when unreadable): what
/// a file is shows in its first fields, and a project can be 100 MB.
fn file_opening(path: &Path) -> String {
    use std::io::Read;
    let mut opening = Vec::with_capacity(4096);
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(4096).read_to_end(&mut opening);
    }
    String::from_utf8_lossy(&opening).into_owned()
}

/// The driver on a `.ron` file that is no Marginalia file (`*.ron
/// merge=marginalia` matches a repository's other RON files too): git's own
/// line merge, `git merge-file`, as if no driver were configured.
fn run_git_line_merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    repo_path: Option<&Path>,
) -> Result<(), CliError> {
    let name = repo_path.unwrap_or(ours).display().to_string();
    let status = std::process::Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .args([ours, base, theirs])
        .status()
        .map_err(|err| {
            CliError::Message(format!(
                "{name}: not a Marginalia file, and git merge-file did not run: {err}"
            ))
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(CliError::Message(format!(
            "{name}: not a Marginalia file; merged line by line, with conflicts marked in it"
        )))
    }
}

/// Whether `path` is an existing file holding nothing but white space.
fn is_empty_file(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.iter().all(u8::is_ascii_whitespace))
}

/// One error holding every conflict line; the binary prints `error: ` before
/// the first, and the others get the same prefix here, so each conflict is
/// its own `error:` line.
fn conflict_error(lines: impl Iterator<Item = String>) -> CliError {
    let lines: Vec<String> = lines.collect();
    CliError::Message(lines.join("\nerror: "))
}

/// `N documents, N layers, annotators A, B`.
fn summary(project: &Project) -> String {
    let layers: usize = project.documents.iter().map(|d| d.layers.len()).sum();
    format!(
        "{} documents, {layers} layers, annotators {}",
        project.documents.len(),
        project.annotators().join(", ")
    )
}

/// `merge OUT IN...` without a base: the union of the inputs' layers.
fn run_union(out: &Path, inputs: &[PathBuf]) -> Result<(), CliError> {
    let progress = Progress::start("merging");
    let mut merged: Option<Project> = None;
    for (i, path) in inputs.iter().enumerate() {
        progress.step(format!("loading {}", path.display()));
        progress.update(i, inputs.len());
        let project = load_project(path)?;
        let Some(base) = &mut merged else {
            merged = Some(project);
            continue;
        };
        if project.schema != base.schema {
            return Err(FileError::new(
                path,
                format!(
                    "its schema differs from the schema of {}; merge needs the same schema \
                     (or --base BASE.ron, the version both copies started from)",
                    inputs[0].display()
                ),
            )
            .into());
        }
        for doc in project.documents {
            let Some(index) = base.documents.iter().position(|d| d.id == doc.id) else {
                base.documents.push(doc);
                continue;
            };
            let target = &mut base.documents[index];
            if target.sha256 != doc.sha256 {
                return Err(FileError::new(
                    path,
                    format!(
                        "document {:?} has a different text (SHA-256) than in the other inputs",
                        doc.id.as_str()
                    ),
                )
                .into());
            }
            for (annotator, layer) in doc.layers {
                match target.layers.get(&annotator) {
                    Some(existing) if existing != &layer => {
                        return Err(FileError::new(
                            path,
                            format!(
                                "layer {annotator:?} of document {:?} differs from the one in an earlier input; \
                                 keep it in one input only, or give --base BASE.ron to merge three-way",
                                doc.id.as_str()
                            ),
                        )
                        .into());
                    }
                    Some(_) => {}
                    None => {
                        target.layers.insert(annotator, layer);
                    }
                }
            }
        }
    }
    let project =
        merged.ok_or_else(|| CliError::Message("merge needs at least one input".into()))?;
    progress.step(format!("saving {}", out.display()));
    save_project(&project, out)?;
    drop(progress);
    print(&format!(
        "merged {} inputs into {}: {}\n",
        inputs.len(),
        out.display(),
        summary(&project)
    ))
}
