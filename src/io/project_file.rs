//! The RON project file: versioned, self-contained (schema embedded),
//! deterministic (same project → same bytes), validated on load with
//! `file:line:col` messages, saved atomically.
//!
//! Files in the layout this module writes go through a fast reader and
//! writer (`io::fast_ron`); anything else (hand-edited files, older
//! versions, errors) goes through the `ron` crate.

use std::convert::Infallible;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::atomic::write_atomic_with;
use super::error::FileError;
use super::fast_ron;
use super::read::read_text;
use super::ron_support::{
    check_conflict_markers, check_duplicate_keys, check_problems, ron_error, schema_config,
};
use crate::model::validate::project_problems;
use crate::model::{Document, Project, Schema};

use super::project_format::{CURRENT_VERSION, FORMAT};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    format: String,
    version: u32,
    schema: Schema,
    documents: Vec<Document>,
}

#[cfg(test)]
#[derive(serde::Serialize)]
struct ProjectFileRef<'a> {
    format: &'a str,
    version: u32,
    schema: &'a Schema,
    documents: &'a [Document],
}

/// Just enough of a file to know what it claims to be.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Migrations from older versions: entry `i` turns a version `i + 1` file's
/// RON value into version `i + 2`. Version 1 is the first, so it is empty;
/// a format change appends a step here and bumps [`CURRENT_VERSION`].
const MIGRATIONS: &[fn(ron::Value) -> ron::Value] = &[];

/// Loads and validates the project at `path`.
///
/// A file in the layout [`save_project`] writes is read in chunks, so the
/// whole file is never in memory next to the project (reading the file into
/// a string and calling [`parse_project`] needs a third more memory).
pub fn load_project(path: &Path) -> Result<Project, FileError> {
    if let Ok(file) = File::open(path)
        && let Some(project) = fast_ron::read(file)
    {
        return validated(project, path);
    }
    parse_with_ron(&read_text(path)?, path)
}

/// [`load_project`], also giving the SHA-256 of the file's bytes (to tell
/// later whether the file changed on disk) without holding them in memory.
pub fn load_project_with_sha256(path: &Path) -> Result<(Project, [u8; 32]), FileError> {
    if let Ok(file) = File::open(path) {
        let mut reader = Hashing {
            inner: file,
            hasher: Sha256::new(),
        };
        if let Some(project) = fast_ron::read(&mut reader) {
            return Ok((validated(project, path)?, reader.hasher.finalize().into()));
        }
    }
    let source = read_text(path)?;
    let project = parse_with_ron(&source, path)?;
    Ok((project, Sha256::digest(source.as_bytes()).into()))
}

/// A reader that hashes what it reads.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Checks a project read by the fast reader; only when it has problems is
/// the file read whole, to point at them.
fn validated(project: Project, path: &Path) -> Result<Project, FileError> {
    let problems = project_problems(&project);
    if !problems.is_empty() {
        check_problems(&read_text(path)?, path, &problems)?;
    }
    Ok(canonical(project))
}

/// Parses and validates project RON `source` read from `path`.
pub fn parse_project(source: &str, path: &Path) -> Result<Project, FileError> {
    match fast_ron::parse(source) {
        Some(project) => {
            check_problems(source, path, &project_problems(&project))?;
            Ok(canonical(project))
        }
        None => parse_with_ron(source, path),
    }
}

/// Puts the spans of a validated project into canonical order.
fn canonical(mut project: Project) -> Project {
    project.canonicalize();
    project
}

/// The general path: any RON the `ron` crate reads, older versions
/// migrated, errors located.
fn parse_with_ron(source: &str, path: &Path) -> Result<Project, FileError> {
    if source.trim().is_empty() {
        return Err(FileError::new(
            path,
            "the file is empty, expected a Marginalia project",
        ));
    }
    check_conflict_markers(source, path)?;
    check_duplicate_keys(source, path)?;
    let file = match ron::from_str::<ProjectFile>(source) {
        Ok(file) => file,
        Err(parse_error) => migrate_or_explain(source, path, &parse_error)?,
    };
    check_header(source, path, Some(&file.format), Some(file.version))?;
    let project = Project {
        schema: file.schema,
        documents: file.documents,
    };
    check_problems(source, path, &project_problems(&project))?;
    Ok(canonical(project))
}

/// Serialises `project` to its canonical pretty RON text: the bytes
/// `ron`'s pretty printer gives with our pretty configuration.
pub fn project_to_ron(project: &Project) -> String {
    let mut out = String::new();
    let Ok(()) = fast_ron::write_project(project, schema_config(), &mut out, |_| {
        Ok::<(), Infallible>(())
    });
    out
}

/// Saves `project` to `path` atomically, streaming the text to the file
/// (building it with [`project_to_ron`] first needs a third more memory).
pub fn save_project(project: &Project, path: &Path) -> Result<(), FileError> {
    save(project, path, None)
}

/// [`save_project`], also giving the SHA-256 of the bytes written.
pub fn save_project_with_sha256(project: &Project, path: &Path) -> Result<[u8; 32], FileError> {
    let mut hasher = Sha256::new();
    save(project, path, Some(&mut hasher))?;
    Ok(hasher.finalize().into())
}

fn save(project: &Project, path: &Path, mut hasher: Option<&mut Sha256>) -> Result<(), FileError> {
    write_atomic_with(path, |file| {
        let mut out = String::new();
        fast_ron::write_project(project, schema_config(), &mut out, |text| {
            file.write_all(text.as_bytes())?;
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(text.as_bytes());
            }
            text.clear();
            Ok(())
        })
    })
}

/// The `ron` text of `project` written by the `ron` crate, the reference
/// the fast writer is tested against.
#[cfg(test)]
pub(crate) fn project_to_ron_reference(project: &Project) -> String {
    let file = ProjectFileRef {
        format: FORMAT,
        version: CURRENT_VERSION,
        schema: &project.schema,
        documents: &project.documents,
    };
    ron::ser::to_string_pretty(&file, super::ron_support::pretty_config())
        .expect("projects always serialise")
}

/// `source` read by the `ron` crate alone, the reference the fast reader is
/// tested against.
#[cfg(test)]
pub(crate) fn parse_project_reference(source: &str) -> Result<Project, ron::error::SpannedError> {
    let file = ron::from_str::<ProjectFile>(source)?;
    Ok(Project {
        schema: file.schema,
        documents: file.documents,
    })
}

/// Loads a schema file (`schemas/*.ron`) and checks it.
pub fn load_schema(path: &Path) -> Result<Schema, FileError> {
    let source = read_text(path)?;
    parse_schema(&source, path)
}

/// Parses and checks schema RON `source` read from `path`.
pub fn parse_schema(source: &str, path: &Path) -> Result<Schema, FileError> {
    if source.trim().is_empty() {
        return Err(FileError::new(path, "the file is empty, expected a schema"));
    }
    check_duplicate_keys(source, path)?;
    let schema: Schema = ron::from_str(source).map_err(|err| ron_error(path, &err))?;
    check_problems(source, path, &schema.problems())?;
    Ok(schema)
}

fn check_header(
    source: &str,
    path: &Path,
    format: Option<&String>,
    version: Option<u32>,
) -> Result<(), FileError> {
    let at_field = |field: &str, message: String| match source.find(&format!("{field}:")) {
        Some(byte) => FileError::at_byte(path, source, byte, message),
        None => FileError::new(path, message),
    };
    match format {
        Some(f) if f == FORMAT => {}
        Some(other) => {
            return Err(at_field(
                "format",
                format!("format {other:?} is not a Marginalia project ({FORMAT:?})"),
            ));
        }
        None => {
            return Err(FileError::new(
                path,
                format!("no `format: {FORMAT:?}` field; not a Marginalia project"),
            ));
        }
    }
    match version {
        Some(v) if v > CURRENT_VERSION => Err(at_field(
            "version",
            format!(
                "project version {v} is newer than this Marginalia understands (up to {CURRENT_VERSION}); please upgrade"
            ),
        )),
        Some(0) => Err(at_field(
            "version",
            "version 0 does not exist; versions start at 1".into(),
        )),
        Some(_) => Ok(()),
        None => Err(FileError::new(path, "no `version` field")),
    }
}

/// The full parse failed: if the file is an older version, migrate it; if it
/// is not a project or a newer version, say so; else report the parse error.
fn migrate_or_explain(
    source: &str,
    path: &Path,
    parse_error: &ron::error::SpannedError,
) -> Result<ProjectFile, FileError> {
    let Ok(header) = ron::from_str::<Header>(source) else {
        return Err(not_a_project_or(ron_error(path, parse_error), source));
    };
    check_header(source, path, header.format.as_ref(), header.version)?;
    let version = header.version.unwrap_or(CURRENT_VERSION);
    if version >= CURRENT_VERSION {
        return Err(ron_error(path, parse_error));
    }
    let mut value: ron::Value = ron::from_str(source).map_err(|err| ron_error(path, &err))?;
    for step in &MIGRATIONS[(version - 1) as usize..] {
        value = step(value);
    }
    value.into_rust().map_err(|err| {
        FileError::new(
            path,
            format!("cannot migrate from version {version}: {err}"),
        )
    })
}

/// `err`, said as "not a Marginalia project" when it is at the file's
/// first token or the file does not open as a project does: a project that
/// is only broken further on starts right.
fn not_a_project_or(err: FileError, source: &str) -> FileError {
    let start = source.trim_start();
    let first = source.len() - start.len();
    let (line, column) = super::error::line_column(source, first);
    // A project opens with `(` (or ron's `#![enable(…)]`): a file opening
    // with anything else (a README's `#`, JSON's `{`) is no project at all.
    let opens_like_one = start.starts_with('(') || start.starts_with("#![");
    if !opens_like_one || err.line == Some(line) && err.column == Some(column) {
        FileError {
            message: format!("not a Marginalia project ({})", err.message),
            ..err
        }
    } else {
        err
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{Layer, Span, SpanId, Status};

    const UNICODE_TEXT: &str = "\u{201C}Hi\u{201D} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Zo\u{EB} e\u{301}\r\n\u{1F1FA}\u{1F1E6}\u{A0}\u{6F22}\u{5B57} \"q\" \\ end";

    #[test]
    fn opening_a_readme_said_only_expected_an_enable_attribute_not_that_it_is_no_project() {
        for source in ["# Marginalia\n\nA tool.\n", "{\"id\": 1}\n", "  hello"] {
            let err = parse_project(source, Path::new("README.md")).expect_err("no project");
            assert!(
                err.message.starts_with("not a Marginalia project"),
                "{source:?}: {}",
                err.message
            );
        }
        let broken_later =
            "(\n  format: \"marginalia-project\",\n  version: 1,\n  schema: oops,\n)";
        let err = parse_project(broken_later, Path::new("p.ron")).expect_err("broken");
        assert!(
            !err.message.contains("not a Marginalia project"),
            "{}",
            err.message
        );
    }

    pub(crate) fn sample_project() -> Project {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let mut meta = BTreeMap::new();
        meta.insert("url".to_owned(), "https://example.org/a".to_owned());
        meta.insert("date".to_owned(), "2025-09-08".to_owned());
        let mut doc = Document::new("doc-1".into(), "Hi".into(), meta, UNICODE_TEXT.into());
        let mut actor = Span::new(SpanId::from("T1"), 5, 13, "actor");
        actor.attrs.insert("kind".into(), "group");
        let mut claim = Span::new(SpanId::from("T2"), 0, 4, "claim");
        claim.attrs.insert("speaker".into(), "T1");
        doc.layers.insert(
            "alice".into(),
            Layer::with_spans(Status::Done, vec![claim, actor]),
        );
        doc.layers.insert("gold".into(), Layer::default());
        Project {
            schema,
            documents: vec![doc],
        }
    }

    #[test]
    fn save_load_save_gives_identical_bytes() {
        let project = sample_project();
        let first = project_to_ron(&project);
        let loaded = parse_project(&first, Path::new("p.ron")).expect("loads");
        assert_eq!(loaded, project);
        assert_eq!(project_to_ron(&loaded), first);
    }

    #[test]
    fn spans_are_one_line_each_for_clean_diffs() {
        let text = project_to_ron(&sample_project());
        assert!(
            text.contains(
                "(id: \"T1\", start: 5, end: 13, label: \"actor\", attrs: {\"kind\": \"group\"})"
            ),
            "{text}"
        );
        assert!(
            text.starts_with("(\n  format: \"marginalia-project\",\n  version: 1,"),
            "{text}"
        );
    }

    #[test]
    fn newer_versions_are_refused_by_line() {
        let text = project_to_ron(&sample_project()).replace("version: 1,", "version: 9,");
        let err = parse_project(&text, Path::new("p.ron")).expect_err("newer");
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("version 9 is newer"), "{err}");
    }

    #[test]
    fn semantic_errors_point_at_the_offending_field() {
        let text =
            project_to_ron(&sample_project()).replace("start: 5, end: 13", "start: 5, end: 99");
        let err = parse_project(&text, Path::new("p.ron")).expect_err("past end");
        let line = text
            .lines()
            .position(|l| l.contains("end: 99"))
            .expect("line")
            + 1;
        assert_eq!(err.line, Some(line), "{err}");
        let column = text
            .lines()
            .nth(line - 1)
            .expect("line")
            .find("end: 99")
            .expect("col")
            + 1;
        assert_eq!(err.column, Some(column), "{err}");
        assert!(err.message.contains("past the end"), "{err}");
    }

    #[test]
    fn files_are_loaded_and_saved_with_their_checksum_and_the_same_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let project = sample_project();
        let digest = save_project_with_sha256(&project, &path).expect("saves");
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(bytes, project_to_ron(&project).into_bytes());
        let sha: [u8; 32] = Sha256::digest(&bytes).into();
        assert_eq!(digest, sha);
        assert_eq!(load_project(&path).expect("loads"), project);
        assert_eq!(
            load_project_with_sha256(&path).expect("loads"),
            (project.clone(), sha)
        );
        // A hand-edited file goes through `ron`, with the same results.
        let edited = format!("// edited\n{}", project_to_ron(&project));
        std::fs::write(&path, &edited).expect("write");
        let sha: [u8; 32] = Sha256::digest(edited.as_bytes()).into();
        assert_eq!(
            load_project_with_sha256(&path).expect("loads"),
            (project, sha)
        );
    }

    #[test]
    fn loading_a_file_points_at_semantic_errors_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        let text =
            project_to_ron(&sample_project()).replace("start: 5, end: 13", "start: 5, end: 99");
        std::fs::write(&path, &text).expect("write");
        let from_file = load_project(&path).expect_err("past end");
        let from_text = parse_project(&text, &path).expect_err("past end");
        assert_eq!(from_file.to_string(), from_text.to_string());
        assert!(
            from_file.line.is_some() && from_file.column.is_some(),
            "{from_file}"
        );
        for bad in ["", "(", "not ron at all"] {
            std::fs::write(&path, bad).expect("write");
            assert_eq!(
                load_project(&path).expect_err("bad").to_string(),
                parse_project(bad, &path).expect_err("bad").to_string()
            );
        }
        let missing = dir.path().join("missing.ron");
        assert!(
            load_project(&missing)
                .expect_err("missing")
                .message
                .contains("no such file")
        );
        assert!(
            load_project(dir.path())
                .expect_err("dir")
                .message
                .contains("is a directory")
        );
    }

    /// Writes `text` as `p.ron` in a scratch folder and loads it.
    fn load_text(text: &str) -> Result<Project, FileError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ron");
        std::fs::write(&path, text).expect("write");
        let from_file = load_project(&path);
        let from_text = parse_project(text, &path);
        assert_eq!(from_file, from_text);
        from_file
    }

    fn line_of(text: &str, marker: &str) -> usize {
        text.lines()
            .position(|l| l.contains(marker))
            .expect("marker")
            + 1
    }

    #[test]
    fn two_layers_of_one_annotator_are_an_error_naming_both_lines_not_the_first_dropped() {
        let mut project = sample_project();
        let doc = &mut project.documents[0];
        let layer = doc.layers.remove("gold").expect("gold");
        doc.layers.insert("zed".into(), layer);
        let text = project_to_ron(&project).replace("\"zed\": (", "\"alice\" : (");
        let err = load_text(&text).expect_err("two layers of alice");
        let first = line_of(&text, "\"alice\": (");
        assert_eq!(err.line, Some(line_of(&text, "\"alice\" : (")));
        assert_eq!(err.column, Some(9));
        assert!(
            err.message.contains(&format!(
                "duplicate key \"alice\"; the first is at {first}:9"
            )),
            "{err}"
        );
    }

    #[test]
    fn keys_and_fields_given_twice_are_errors_anywhere_in_the_file() {
        let text = project_to_ron(&sample_project());
        for (edit, says) in [
            (
                text.replacen("\"date\": ", "\"date\": \"x\", \"date\": ", 1),
                "duplicate key \"date\"",
            ),
            (
                text.replacen(
                    "{\"kind\": \"group\"}",
                    "{\"kind\": \"group\", \"kind\": \"person\"}",
                    1,
                ),
                "duplicate key \"kind\"",
            ),
            (
                text.replacen("status: done,", "status: done, status: new,", 1),
                "duplicate field `status`",
            ),
            (
                text.replacen("title: ", "title: \"x\", title: ", 1),
                "duplicate field `title`",
            ),
            (
                text.replacen("required: true", "required: true, required: false", 1),
                "duplicate field `required`",
            ),
        ] {
            assert_ne!(edit, text);
            let err = load_text(&edit).expect_err(says);
            assert!(err.message.contains(says), "{err}");
            assert!(err.line.is_some() && err.column.is_some(), "{err}");
        }
    }

    #[test]
    fn a_misspelt_field_is_refused_with_its_place_and_the_nearest_name_not_ignored() {
        let text = project_to_ron(&sample_project());
        let edit = text.replacen("status: done", "staus: done", 1);
        let err = load_text(&edit).expect_err("staus");
        assert_eq!(err.line, Some(line_of(&edit, "staus:")));
        assert_eq!(err.message, "unknown field `staus`; did you mean `status`?");
        let err = load_text(&text.replacen("status: done", "status: dne", 1)).expect_err("dne");
        assert_eq!(err.message, "unknown value `dne`; did you mean `done`?");
        let err = load_text(&text.replacen("title: ", "colour: ", 1)).expect_err("colour");
        assert!(
            err.message
                .starts_with("unknown field `colour`; expected one of `id`, `title`"),
            "{err}"
        );
        let schema = DEFAULT_SCHEMA_RON.replacen("required:", "requierd:", 1);
        let err = parse_schema(&schema, Path::new("s.ron")).expect_err("requierd");
        assert_eq!(
            err.message,
            "unknown field `requierd`; did you mean `required`?"
        );
        assert_eq!(err.line, Some(line_of(&schema, "requierd:")));
    }

    #[test]
    fn syntax_errors_carry_ron_positions() {
        let text = project_to_ron(&sample_project());
        let cut = &text[..text.len() / 2];
        let err = parse_project(cut, Path::new("p.ron")).expect_err("truncated");
        assert!(err.line.is_some() && err.column.is_some(), "{err}");
    }
}
