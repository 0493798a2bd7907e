//! The one check every writing command makes before it writes: its output
//! must not be one of its inputs, and a folder output must not hold one
//! (writing the folder replaces it whole). Paths are compared canonically,
//! so `./p.ron` and `p.ron`, `a/../p.ron` and a symlink to the file are all
//! the same file.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::error::FileError;

/// What a command writes at its output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// One file.
    File,
    /// A folder, replaced as a whole.
    Folder,
}

/// Fails, naming both paths, when writing `out` as `kind` would overwrite
/// one of `inputs` (or, for a folder, replace a folder holding one).
/// Standard output (`-`) collides with nothing.
pub fn refuse_output_over_inputs(
    out: &Path,
    kind: OutputKind,
    inputs: &[&Path],
) -> Result<(), FileError> {
    if out.as_os_str() == "-" {
        return Ok(());
    }
    let target = resolved(out);
    for input in inputs {
        let source = resolved(input);
        let message = if source == target {
            format!(
                "is the input {}; refusing to write the output over it (choose another output path)",
                input.display()
            )
        } else if kind == OutputKind::Folder && source.starts_with(&target) {
            format!(
                "holds the input {}; writing this folder would replace it (choose another folder)",
                input.display()
            )
        } else {
            continue;
        };
        return Err(FileError::new(out, message));
    }
    Ok(())
}

/// Symlinks followed before giving up on a chain (as the kernel's limit).
const MAX_LINKS: usize = 40;

/// The canonical form of `path`, which need not exist: each existing
/// prefix canonicalised, `.` and `..` of the rest resolved; a dangling
/// symlink stands for the path it points to.
fn resolved(path: &Path) -> PathBuf {
    let mut path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    for _ in 0..MAX_LINKS {
        match fs::read_link(&path) {
            Ok(target) if fs::metadata(&path).is_err() => {
                let parent = path.parent().map(Path::to_owned).unwrap_or_default();
                path = parent.join(target);
            }
            _ => break,
        }
    }
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
        if let Ok(canonical) = fs::canonicalize(&out) {
            out = canonical;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(out: &Path, kind: OutputKind, inputs: &[&Path]) -> bool {
        refuse_output_over_inputs(out, kind, inputs).is_err()
    }

    #[test]
    fn the_same_file_by_any_name_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.ron");
        fs::write(&project, "x").expect("write");
        let dotted = dir.path().join(".").join("p.ron");
        let detour = dir.path().join("sub").join("..").join("p.ron");
        let missing_detour = dir.path().join("nope").join("..").join("p.ron");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&project, &link).expect("symlink");
        for out in [&project, &dotted, &detour, &missing_detour, &link] {
            assert!(refused(out, OutputKind::File, &[&project]), "{out:?}");
            assert!(refused(&project, OutputKind::File, &[out]), "{out:?}");
        }
        let other = dir.path().join("other.jsonl");
        assert!(!refused(&other, OutputKind::File, &[&project]));
        assert!(!refused(Path::new("-"), OutputKind::File, &[&project]));
        let err =
            refuse_output_over_inputs(&link, OutputKind::File, &[&project]).expect_err("same file");
        assert!(err.message.contains("is the input"), "{err}");
    }

    #[test]
    fn a_dangling_symlink_to_an_input_path_is_that_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("not-yet.ron");
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&missing, &link).expect("symlink");
        assert!(refused(&link, OutputKind::File, &[&missing]));
    }

    #[test]
    fn a_folder_output_holding_an_input_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("data").join("p.ron");
        fs::create_dir(dir.path().join("data")).expect("mkdir");
        fs::write(&project, "x").expect("write");
        let folder = dir.path().join("data");
        assert!(refused(&folder, OutputKind::Folder, &[&project]));
        assert!(!refused(&folder, OutputKind::File, &[&project]));
        assert!(!refused(
            &dir.path().join("elsewhere"),
            OutputKind::Folder,
            &[&project]
        ));
        let err =
            refuse_output_over_inputs(&folder, OutputKind::Folder, &[&project]).expect_err("holds");
        assert!(err.message.contains("holds the input"), "{err}");
    }
}
