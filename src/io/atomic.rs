//! Atomic file replacement: write a temporary file in the same folder, fsync
//! it, rename it over the target. A crash leaves either the old file or the
//! new one, never a mix. The temporary file has a fixed name per target, so
//! one left behind by a crash is reused by the next save instead of piling up.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::FileError;

/// How the name of a temporary file ends (it starts with `.`).
pub const SAVING_SUFFIX: &str = ".saving";

/// The temporary file used while saving `target`.
pub fn temp_path_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "unnamed".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}{SAVING_SUFFIX}"))
}

/// Replaces `target` with `bytes` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomic_with(target, |file| file.write_all(bytes))
}

/// Replaces `target` atomically with what `write` writes into the
/// temporary file, so large files can be streamed instead of built in memory.
pub fn write_atomic_with(
    target: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), FileError> {
    if target.is_dir() {
        return Err(FileError::new(
            target,
            "is a directory, cannot write a file here",
        ));
    }
    let temp = temp_path_for(target);
    let result = write_synced(&temp, write, target).and_then(|()| {
        fs::rename(&temp, target)
            .map_err(|err| FileError::new(target, format!("cannot replace the file: {err}")))
    });
    match result {
        Ok(()) => {
            sync_parent(target);
            Ok(())
        }
        Err(err) => {
            let _ = fs::remove_file(&temp);
            Err(err)
        }
    }
}

/// Writes and syncs `temp`; errors name `target`, the file the user asked
/// for, not the hidden temporary beside it.
fn write_synced(
    temp: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
    target: &Path,
) -> Result<(), FileError> {
    let fail = |err: std::io::Error| FileError::new(target, format!("cannot write: {err}"));
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)
        .map_err(fail)?;
    write(&mut file).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// Writes the temporary file of every target at once, on every core, and
/// makes them all durable (one `syncfs` on Linux, where thousands of
/// `fsync`s would each wait for a journal commit; elsewhere each file is
/// synced as it is closed). [`commit_staged`] then puts each in place.
pub fn stage_all(files: &[(&Path, &[u8])]) -> Result<(), FileError> {
    let results = crate::model::parallel::map(files, |(target, bytes)| {
        if target.is_dir() {
            return Err(FileError::new(
                target,
                "is a directory, cannot write a file here",
            ));
        }
        let write = || -> std::io::Result<()> {
            let mut file = File::create(temp_path_for(target))?;
            file.write_all(bytes)?;
            finish_file(&file)
        };
        write().map_err(|err| FileError::new(target, format!("cannot write: {err}")))
    });
    let failed = results.into_iter().find_map(Result::err).or_else(|| {
        let (target, _) = files.first()?;
        sync_file_system(&temp_path_for(target))
            .err()
            .map(|err| FileError::new(target, format!("cannot flush to disk: {err}")))
    });
    if let Some(err) = failed {
        for (target, _) in files {
            let _ = fs::remove_file(temp_path_for(target));
        }
        return Err(err);
    }
    Ok(())
}

/// Renames the temporary file [`stage_all`] wrote for `target` over it.
pub fn commit_staged(target: &Path) -> Result<(), FileError> {
    fs::rename(temp_path_for(target), target)
        .map_err(|err| FileError::new(target, format!("cannot replace the file: {err}")))
}

/// Syncs a finished file where the whole file system is not synced at once.
#[cfg(not(target_os = "linux"))]
pub fn finish_file(file: &File) -> std::io::Result<()> {
    file.sync_all()
}

/// Nothing to do: [`sync_file_system`] syncs the whole file system once.
#[cfg(target_os = "linux")]
#[allow(clippy::unnecessary_wraps)]
pub fn finish_file(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Flushes everything written to the file system holding `path` in one
/// call.
#[cfg(target_os = "linux")]
pub fn sync_file_system(path: &Path) -> std::io::Result<()> {
    let handle = File::open(path)?;
    rustix::fs::syncfs(&handle).map_err(std::io::Error::from)
}

/// Each file was synced as it was closed.
#[cfg(not(target_os = "linux"))]
#[allow(clippy::unnecessary_wraps)]
pub fn sync_file_system(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Flushes the directory entry of a rename to disk (best effort: not every
/// platform can open a directory).
pub fn sync_parent(target: &Path) {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(parent) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("p.ron");
        fs::write(&target, "old").expect("write");
        fs::write(temp_path_for(&target), "half-written leftover of a crash").expect("write");
        write_atomic(&target, b"new").expect("save");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["p.ron"]);
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("p.ron");
        fs::write(&target, "old").expect("write");
        let err = write_atomic_with(&target, |file| {
            file.write_all(b"the first half")?;
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        })
        .expect_err("the disk is full");
        assert_eq!(err.path, target, "the error names the file asked for");
        assert_eq!(fs::read_to_string(&target).expect("read"), "old");
        assert!(!temp_path_for(&target).exists());
    }

    #[test]
    fn refuses_a_directory_and_leaves_it_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write_atomic(dir.path(), b"x").expect_err("dir");
        assert!(err.message.contains("is a directory"));
    }

    #[test]
    fn staged_files_replace_their_targets_only_when_committed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join("old.txt");
        let new = dir.path().join("new.txt");
        fs::write(&old, "old").expect("write");
        stage_all(&[
            (old.as_path(), b"changed".as_slice()),
            (new.as_path(), b"new"),
        ])
        .expect("staged");
        assert_eq!(fs::read_to_string(&old).expect("read"), "old", "not yet");
        assert!(!new.exists());
        commit_staged(&old).expect("commit");
        commit_staged(&new).expect("commit");
        assert_eq!(fs::read_to_string(&old).expect("read"), "changed");
        assert_eq!(fs::read_to_string(&new).expect("read"), "new");
        assert_eq!(
            fs::read_dir(dir.path()).expect("ls").count(),
            2,
            "no temporary left"
        );
    }
}
