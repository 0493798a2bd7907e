//! Listing the files below a folder, as `new --docs` and the brat import
//! read them: sub-folders too, symlinked ones followed, but every real
//! folder visited once, so links back up the tree (or to one another) can
//! neither loop nor multiply the walk.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::FileError;

/// Every file below `dir` (not the folders), by the path it was reached
/// through, sorted. Folders are listed in name order, and a folder
/// reached a second time (its canonical path already seen, e.g. through a
/// symlink to itself or to a sibling) is passed over.
pub fn files_below(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let canonical = |path: &Path| {
        fs::canonicalize(path)
            .map_err(|err| FileError::new(path, format!("cannot open folder: {err}")))
    };
    let mut seen = HashSet::from([canonical(dir)?]);
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let listing_failed =
            |err: std::io::Error| FileError::new(&folder, format!("cannot list folder: {err}"));
        let mut entries = fs::read_dir(&folder)
            .map_err(listing_failed)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(listing_failed)?;
        // In name order, so which of two paths to one folder is taken is
        // the same on every machine.
        entries.sort();
        let mut folders = Vec::new();
        for path in entries {
            if !path.is_dir() {
                files.push(path);
            } else if seen.insert(canonical(&path)?) {
                folders.push(path);
            }
        }
        pending.extend(folders.into_iter().rev());
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_to_the_folder_itself_are_followed_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        fs::write(dir.path().join("a.txt"), "x").expect("write");
        fs::write(dir.path().join("sub/b.txt"), "y").expect("write");
        for (link, target) in [
            ("self1", "."),
            ("self2", "."),
            ("sub/up", ".."),
            ("sub2", "sub"),
        ] {
            std::os::unix::fs::symlink(target, dir.path().join(link)).expect("symlink");
        }
        let files = files_below(dir.path()).expect("lists");
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).expect("under"))
            .collect();
        assert_eq!(names, [Path::new("a.txt"), Path::new("sub/b.txt")]);
    }
}
