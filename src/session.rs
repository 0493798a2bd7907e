//! An open project: the project, where it lives (a single file or a folder
//! project), its undo history, what it looked like on disk when loaded or
//! saved, and the recovery file (or folder) that autosave writes next to
//! it. No UI: the app drives it.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::edit::{Edit, EditError, History};
use crate::io::FileError;
use crate::io::folder::{
    FolderStamp, Scope, is_folder_project, load_folder, load_recovery, project_root,
    recovery_differs, save_folder, save_recovery,
};
use crate::io::project_file::{
    load_project, load_project_with_sha256, save_project, save_project_with_sha256,
};
use crate::model::{DocId, Project};

/// The one counter every session's generations come from, so that no two
/// sessions of the process ever share a generation: whatever was derived
/// from one project (a cache, a background job's result) can never pass
/// for another's, even when both have the same document ids.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

/// A generation no session has had yet.
fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

/// What the project file looked like when last read or written, to notice
/// changes made by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DiskStamp {
    modified: Option<SystemTime>,
    sha256: [u8; 32],
}

impl DiskStamp {
    fn new(path: &Path, sha256: [u8; 32]) -> Self {
        Self {
            modified: fs::metadata(path).and_then(|m| m.modified()).ok(),
            sha256,
        }
    }
}

/// What the project looked like on disk when last read or written.
#[derive(Debug, Clone)]
enum OnDisk {
    /// A single project file.
    File(DiskStamp),
    /// A folder project.
    Folder(FolderStamp),
}

/// Why saving did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was loaded; saving needs a
    /// confirmation ([`Session::save_overwriting`]).
    #[error("{0} was changed on disk by another program since it was opened")]
    ChangedOnDisk(PathBuf),
    /// The project has never been saved; it needs a path ([`Session::save_as`]).
    #[error("the project has no file yet; use Save As")]
    NoPath,
    /// Writing failed.
    #[error(transparent)]
    File(#[from] FileError),
}

/// An open project with its file, history and recovery state.
#[derive(Debug)]
pub struct Session {
    /// The project being edited, shared copy-on-write: background work
    /// reads a [`Session::snapshot`] while edits go on, and an edit copies
    /// the project only while such a snapshot is still held.
    pub project: Arc<Project>,
    path: Option<PathBuf>,
    history: History,
    disk: Option<OnDisk>,
    /// The generation the session started at (its identity).
    opened_at: u64,
    /// Changes with every change, so views can tell when to rebuild
    /// derived data; unique in the process (see [`GENERATIONS`]).
    generation: u64,
    /// `generation` when the project was last read or written.
    saved_generation: u64,
    /// `generation` when the recovery file was last written.
    recovered_generation: u64,
    /// The recovery folder of a folder project as autosave last wrote it.
    recovery_stamp: Option<FolderStamp>,
    /// `generation` of the last change of each changed document.
    changed_at: HashMap<DocId, u64>,
    /// An older recovery file is kept for later: autosave must not
    /// overwrite it until the project is saved.
    autosave_paused: bool,
}

impl Session {
    /// A session on an in-memory project that has no file yet.
    pub fn unsaved(project: Project) -> Self {
        let opened_at = next_generation();
        Self {
            project: Arc::new(project),
            path: None,
            history: History::new(),
            disk: None,
            opened_at,
            generation: opened_at,
            saved_generation: opened_at,
            recovered_generation: opened_at,
            recovery_stamp: None,
            changed_at: HashMap::new(),
            autosave_paused: false,
        }
    }

    /// Opens the project at `path`, a single file or a folder project (also
    /// by its `project.ron`, which then stands for the folder).
    pub fn open(path: &Path) -> Result<Self, FileError> {
        let root = project_root(path);
        let path = root.as_path();
        let (project, disk) = if is_folder_project(path) {
            let (project, stamp) = load_folder(path)?;
            (project, OnDisk::Folder(stamp))
        } else {
            let (project, sha256) = load_project_with_sha256(path)?;
            (project, OnDisk::File(DiskStamp::new(path, sha256)))
        };
        Ok(Self {
            disk: Some(disk),
            path: Some(path.to_owned()),
            ..Self::unsaved(project)
        })
    }

    /// Opens the recovery file of `path` in place of `path`: the session
    /// belongs to `path` but starts with the recovered, unsaved changes.
    pub fn restore(path: &Path) -> Result<Self, FileError> {
        let (project, disk) = if is_folder_project(path) {
            let (project, stamp) = load_recovery(&recovery_path(path), path)?;
            (project, OnDisk::Folder(stamp))
        } else {
            let project = load_project(&recovery_path(path))?;
            // The project file itself is only fingerprinted, not parsed:
            // its content is being replaced by the recovered one.
            let sha256 = file_sha256(path)
                .map_err(|err| FileError::new(path, format!("cannot read: {err}")))?;
            (project, OnDisk::File(DiskStamp::new(path, sha256)))
        };
        let mut session = Self::unsaved(project);
        session.path = Some(path.to_owned());
        session.disk = Some(disk);
        // Unsaved: the recovered state is not the project file's, and it
        // is a change since the session started, of every document.
        session.history = History::default();
        let ids: Vec<DocId> = session
            .project
            .documents
            .iter()
            .map(|d| d.id.clone())
            .collect();
        session.changed(&ids);
        Ok(session)
    }

    /// The project as it is now, for work on another thread: sharing it
    /// copies nothing.
    pub fn snapshot(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    /// The project file, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether there are changes not saved to the project file.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Counter that grows with every edit, undo and redo. No other session
    /// of the process ever has the same value, so data derived from
    /// another project is never taken for this one's.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A number no other session of the process has: a background job
    /// started for one session can tell that another one is open now.
    pub fn identity(&self) -> u64 {
        self.opened_at
    }

    /// The generation at which document `doc` last changed (the session's
    /// start when it has not changed since), so views can rebuild only
    /// what changed.
    pub fn document_generation(&self, doc: &DocId) -> u64 {
        self.changed_at.get(doc).copied().unwrap_or(self.opened_at)
    }

    /// Counts a change of `docs`.
    fn changed<'a>(&mut self, docs: impl IntoIterator<Item = &'a DocId>) {
        self.generation = next_generation();
        for doc in docs {
            self.changed_at.insert(doc.clone(), self.generation);
        }
    }

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let docs: Vec<DocId> = edit.documents().into_iter().cloned().collect();
        self.history.apply(Arc::make_mut(&mut self.project), edit)?;
        self.changed(&docs);
        Ok(())
    }

    /// Undoes the last edit; returns it.
    pub fn undo(&mut self) -> Result<Option<Edit>, EditError> {
        if !self.history.can_undo() {
            return Ok(None);
        }
        let edit = self
            .history
            .undo(Arc::make_mut(&mut self.project))?
            .cloned();
        if let Some(edit) = &edit {
            self.changed(edit.documents());
        }
        Ok(edit)
    }

    /// Redoes the last undone edit; returns it.
    pub fn redo(&mut self) -> Result<Option<Edit>, EditError> {
        if !self.history.can_redo() {
            return Ok(None);
        }
        let edit = self
            .history
            .redo(Arc::make_mut(&mut self.project))?
            .cloned();
        if let Some(edit) = &edit {
            self.changed(edit.documents());
        }
        Ok(edit)
    }

    /// Whether undo / redo have something to do.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        (self.history.can_undo(), self.history.can_redo())
    }

    /// The documents changed since the project was last read or written.
    fn changed_since_save(&self) -> BTreeSet<DocId> {
        self.changed_at
            .iter()
            .filter(|(_, at)| **at > self.saved_generation)
            .map(|(doc, _)| doc.clone())
            .collect()
    }

    /// Whether the project file was changed by someone else since it was
    /// loaded or saved (for a folder project: its `project.ron`, a file
    /// added or removed, or a file of a document changed here).
    pub fn changed_on_disk(&self) -> bool {
        let (Some(path), Some(disk)) = (&self.path, &self.disk) else {
            return false;
        };
        let stamp = match disk {
            OnDisk::File(stamp) => stamp,
            OnDisk::Folder(stamp) => {
                return stamp.changed_on_disk(path, self.changed_since_save());
            }
        };
        let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
        if modified == stamp.modified {
            return false;
        }
        match file_sha256(path) {
            Ok(sha256) => sha256 != stamp.sha256,
            Err(_) => true,
        }
    }

    /// Saves to the project file, refusing when it changed on disk.
    pub fn save(&mut self) -> Result<(), SaveError> {
        let path = self.path.clone().ok_or(SaveError::NoPath)?;
        if self.changed_on_disk() {
            return Err(SaveError::ChangedOnDisk(path));
        }
        self.write_to(&path)
    }

    /// Saves to the project file even if it changed on disk.
    pub fn save_overwriting(&mut self) -> Result<(), SaveError> {
        let path = self.path.clone().ok_or(SaveError::NoPath)?;
        self.write_to(&path)
    }

    /// Saves to `path`, which becomes the project file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), SaveError> {
        self.write_to(path)?;
        if let Some(old) = self.path.replace(path.to_owned())
            && old != path
        {
            remove_recovery(&recovery_path(&old));
        }
        Ok(())
    }

    fn write_to(&mut self, path: &Path) -> Result<(), SaveError> {
        self.disk = Some(if is_folder_project(path) {
            let previous = match &self.disk {
                Some(OnDisk::Folder(stamp)) if self.path.as_deref() == Some(path) => Some(stamp),
                _ => None,
            };
            let changed = self.changed_since_save();
            let stamp = save_folder(
                &self.project,
                path,
                previous,
                &Scope::changed(&|doc| changed.contains(doc)),
            )?;
            OnDisk::Folder(stamp)
        } else {
            OnDisk::File(DiskStamp::new(
                path,
                save_project_with_sha256(&self.project, path)?,
            ))
        });
        self.saved_generation = self.generation;
        self.history.mark_saved();
        self.discard_recovery();
        self.autosave_paused = false;
        Ok(())
    }

    /// Writes the recovery file when there are unsaved changes not yet in
    /// it; returns whether it wrote.
    pub fn autosave(&mut self) -> Result<bool, FileError> {
        let Some(path) = &self.path else {
            return Ok(false);
        };
        if !self.is_dirty() || self.recovered_generation == self.generation || self.autosave_paused
        {
            return Ok(false);
        }
        let recovery = recovery_path(path);
        if let Some(OnDisk::Folder(base)) = &self.disk {
            let kept = self.changed_since_save();
            let since = self.recovered_generation;
            let changed_at = &self.changed_at;
            let stamp = save_recovery(
                &self.project,
                &recovery,
                self.recovery_stamp.as_ref(),
                base,
                &kept,
                &|doc| changed_at.get(doc).is_some_and(|at| *at > since),
            )?;
            self.recovery_stamp = Some(stamp);
        } else {
            save_project(&self.project, &recovery)?;
        }
        self.recovered_generation = self.generation;
        Ok(true)
    }

    /// Keeps the existing recovery file for a later decision: autosave stops
    /// writing over it until the project is saved.
    pub fn keep_recovery_for_later(&mut self) {
        self.autosave_paused = true;
    }

    /// Whether autosave is paused to keep an older recovery file.
    pub fn autosave_paused(&self) -> bool {
        self.autosave_paused
    }

    /// Removes the recovery file (after a save, or when changes are discarded).
    pub fn discard_recovery(&mut self) {
        if let Some(path) = &self.path {
            remove_recovery(&recovery_path(path));
        }
        self.recovery_stamp = None;
        self.recovered_generation = self.generation;
    }
}

/// SHA-256 of a file's bytes, read in a stream (projects can be large).
fn file_sha256(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut fs::File::open(path)?, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// Removes a recovery file or folder.
fn remove_recovery(recovery: &Path) {
    if recovery.is_dir() {
        let _ = fs::remove_dir_all(recovery);
    } else {
        let _ = fs::remove_file(recovery);
    }
}

/// The recovery file autosave writes for the project at `path`
/// (`.NAME.recovery` in the same folder; a folder of that name for a
/// folder project).
pub fn recovery_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.recovery"))
}

/// Whether a recovery file newer than the project exists for `path` and
/// holds something different from it.
pub fn recovery_available(path: &Path) -> bool {
    let recovery = recovery_path(path);
    if is_folder_project(path) {
        return recovery.is_dir() && recovery_differs(&recovery, path);
    }
    let (Ok(saved), Ok(recovered)) = (fs::read(path), fs::read(&recovery)) else {
        return recovery.is_file() && !path.exists();
    };
    saved != recovered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::save_project;
    use crate::model::{Span, SpanId};

    fn demo(dir: &Path) -> PathBuf {
        let path = dir.join("p.ron");
        let mut project = Project::new(crate::model::Schema::builtin());
        project.documents.push(crate::model::Document::new(
            "d".into(),
            "t".into(),
            std::collections::BTreeMap::new(),
            "Putin \u{1F91D} Trump".into(),
        ));
        save_project(&project, &path).expect("save");
        path
    }

    fn add_span(session: &mut Session, id: &str) {
        session
            .apply(Edit::AddSpan {
                doc: "d".into(),
                annotator: "a".into(),
                span: Span::new(SpanId::from(id), 0, 5, "date"),
            })
            .expect("edit");
    }

    #[test]
    fn autosave_writes_a_recovery_file_that_restore_reads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let mut session = Session::open(&path).expect("open");
        assert!(!session.autosave().expect("nothing to save"));
        add_span(&mut session, "T1");
        assert!(session.autosave().expect("autosave"));
        assert!(
            !session.autosave().expect("already written"),
            "no rewrite without changes"
        );
        assert!(recovery_available(&path));
        let restored = Session::restore(&path).expect("restore");
        assert_eq!(restored.project, session.project);
        assert!(restored.is_dirty());
        session.save().expect("save");
        assert!(
            !recovery_path(&path).exists(),
            "saving removes the recovery file"
        );
        assert!(!recovery_available(&path));
    }

    #[test]
    fn a_recovery_file_kept_for_later_is_not_overwritten_until_a_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let mut crashed = Session::open(&path).expect("open");
        add_span(&mut crashed, "T1");
        assert!(crashed.autosave().expect("autosave"));
        let kept = fs::read(recovery_path(&path)).expect("recovery file");
        let mut session = Session::open(&path).expect("open");
        session.keep_recovery_for_later();
        add_span(&mut session, "T9");
        assert!(!session.autosave().expect("paused"));
        assert_eq!(fs::read(recovery_path(&path)).expect("still there"), kept);
        assert!(session.autosave_paused());
        session.save().expect("save");
        assert!(!session.autosave_paused());
    }

    #[test]
    fn saving_over_a_file_changed_on_disk_needs_confirmation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let mut session = Session::open(&path).expect("open");
        add_span(&mut session, "T1");
        let mut other = fs::read_to_string(&path).expect("read");
        other.push_str("\n// edited elsewhere\n");
        fs::write(&path, other).expect("write");
        assert!(session.changed_on_disk());
        assert!(matches!(session.save(), Err(SaveError::ChangedOnDisk(_))));
        session.save_overwriting().expect("overwrite");
        assert!(!session.changed_on_disk());
        assert!(!session.is_dirty());
        let reloaded = Session::open(&path).expect("reopen");
        assert_eq!(reloaded.project, session.project);
    }

    #[test]
    fn no_two_sessions_share_a_generation_even_on_the_same_documents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let mut first = Session::open(&path).expect("open");
        add_span(&mut first, "T1");
        let second = Session::open(&path).expect("open again");
        assert_ne!(second.identity(), first.identity());
        assert!(second.generation() > first.generation());
        let doc = DocId::from("d");
        assert!(
            second.document_generation(&doc) > first.document_generation(&doc),
            "an unchanged document of the new session is newer than any change of the old one"
        );
        assert_eq!(second.document_generation(&doc), second.generation());
    }

    #[test]
    fn a_failed_save_leaves_the_file_and_the_unsaved_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let before = fs::read(&path).expect("read");
        let mut session = Session::open(&path).expect("open");
        add_span(&mut session, "T1");
        // A folder where the temporary file would go.
        fs::create_dir(crate::io::atomic::temp_path_for(&path)).expect("mkdir");
        assert!(matches!(session.save(), Err(SaveError::File(_))));
        assert_eq!(fs::read(&path).expect("read"), before, "byte for byte");
        assert!(session.is_dirty(), "the changes still wait to be saved");
    }

    #[test]
    fn save_as_moves_the_session_to_the_new_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo(dir.path());
        let mut session = Session::open(&path).expect("open");
        add_span(&mut session, "T1");
        let other = dir.path().join("copy.ron");
        session.save_as(&other).expect("save as");
        assert_eq!(session.path(), Some(other.as_path()));
        assert!(!session.is_dirty());
        assert_eq!(
            Session::open(&other).expect("open copy").project,
            session.project
        );
    }

    /// The demo project as a folder project, with a second document.
    fn demo_folder(dir: &Path) -> PathBuf {
        let path = dir.join("p.marginalia");
        let mut project = crate::io::load_project(&demo(dir)).expect("demo");
        project.documents.push(crate::model::Document::new(
            "e".into(),
            "u".into(),
            std::collections::BTreeMap::new(),
            "e\u{301}\u{A0}\u{201C}q\u{201D}\r\n".into(),
        ));
        save_project(&project, &path).expect("save");
        path
    }

    #[test]
    fn a_folder_project_autosaves_only_the_changed_layers_and_restores_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo_folder(dir.path());
        let mut session = Session::open(&path).expect("open");
        add_span(&mut session, "T1");
        assert!(session.autosave().expect("autosave"));
        let recovery = recovery_path(&path);
        assert!(recovery.join("layers/a/d.ron").is_file());
        assert!(
            !recovery.join("texts/d.txt").exists(),
            "texts stay in the project"
        );
        assert!(recovery_available(&path));
        let restored = Session::restore(&path).expect("restore");
        assert_eq!(restored.project, session.project);
        assert!(restored.is_dirty());
        session.undo().expect("undo");
        session
            .apply(Edit::AddSpan {
                doc: "e".into(),
                annotator: "a".into(),
                span: Span::new(SpanId::from("T1"), 0, 2, "actor"),
            })
            .expect("edit");
        assert!(session.autosave().expect("autosave"));
        assert!(!recovery.join("layers/a/d.ron").exists());
        let restored = Session::restore(&path).expect("restore");
        assert_eq!(
            restored.project, session.project,
            "the layer's removal is recovered too"
        );
        session.save().expect("save");
        assert!(!recovery.exists(), "saving removes the recovery folder");
        assert!(!recovery_available(&path));
        assert_eq!(
            crate::io::load_project(&path).expect("loads"),
            *session.project
        );
    }

    #[test]
    fn a_folder_layer_changed_by_git_needs_confirmation_before_saving_over_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = demo_folder(dir.path());
        let mut session = Session::open(&path).expect("open");
        add_span(&mut session, "T1");
        session.save().expect("save");
        assert!(!session.changed_on_disk());
        add_span(&mut session, "T2");
        // Another program (a `git pull`) replaces the layer file.
        let layer = path.join("layers/a/d.ron");
        let text = fs::read_to_string(&layer).expect("read");
        fs::remove_file(&layer).expect("remove");
        fs::write(&layer, text.replace("status: new", "status: done")).expect("write");
        assert!(session.changed_on_disk());
        assert!(matches!(session.save(), Err(SaveError::ChangedOnDisk(_))));
        session.save_overwriting().expect("save");
        assert!(!session.changed_on_disk());
    }
}
