//! The RON project file: versioned, self-contained (schema embedded),
//! deterministic (same project → same bytes), validated on load with
//! `file:line:col` messages, saved atomically.

use std::path::Path;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::FileError;
use super::locate::locate;
use super::read::read_text;
use crate::model::validate::project_problems;
use crate::model::{Document, Problem, Project, Schema};

/// The `format` field of every project file.
pub const FORMAT: &str = "marginalia-project";

/// The version this build writes. Older versions are migrated on load;
/// newer ones are refused.
pub const CURRENT_VERSION: u32 = 1;

#[derive(Deserialize)]
struct ProjectFile {
    format: String,
    version: u32,
    schema: Schema,
    documents: Vec<Document>,
}

#[derive(Serialize)]
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
pub fn load_project(path: &Path) -> Result<Project, FileError> {
    let source = read_text(path)?;
    parse_project(&source, path)
}

/// Parses and validates project RON `source` read from `path`.
pub fn parse_project(source: &str, path: &Path) -> Result<Project, FileError> {
    if source.trim().is_empty() {
        return Err(FileError::new(
            path,
            "the file is empty, expected a Marginalia project",
        ));
    }
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
    let mut project = project;
    project.canonicalize();
    Ok(project)
}

/// Serialises `project` to its canonical pretty RON text.
pub fn project_to_ron(project: &Project) -> String {
    let file = ProjectFileRef {
        format: FORMAT,
        version: CURRENT_VERSION,
        schema: &project.schema,
        documents: &project.documents,
    };
    ron::ser::to_string_pretty(&file, pretty_config()).expect("projects always serialise")
}

/// Saves `project` to `path` atomically.
pub fn save_project(project: &Project, path: &Path) -> Result<(), FileError> {
    write_atomic(path, project_to_ron(project).as_bytes())
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
    let schema: Schema = ron::from_str(source).map_err(|err| ron_error(path, &err))?;
    check_problems(source, path, &schema.problems())?;
    Ok(schema)
}

fn pretty_config() -> PrettyConfig {
    PrettyConfig::new()
        .depth_limit(6)
        .indentor("  ")
        .struct_names(false)
        .separate_tuple_members(false)
        .extensions(Extensions::empty())
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
        return Err(ron_error(path, parse_error));
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

fn ron_error(path: &Path, err: &ron::error::SpannedError) -> FileError {
    FileError::at(
        path,
        err.span.start.line,
        Some(err.span.start.col),
        err.code.to_string(),
    )
}

/// Fails with the first problem, located in `source`, noting how many more.
fn check_problems(source: &str, path: &Path, problems: &[Problem]) -> Result<(), FileError> {
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let mut err = match locate(source, &first.place) {
        Some(byte) => FileError::at_byte(path, source, byte, first.message.clone()),
        None => FileError::new(path, first.message.clone()),
    };
    if problems.len() > 1 {
        err = err.with_note(&format!(" (and {} more problems)", problems.len() - 1));
    }
    Err(err)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{Layer, Span, SpanId, Status};

    const UNICODE_TEXT: &str = "\u{201C}Hi\u{201D} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Zo\u{EB} e\u{301}\r\n\u{1F1FA}\u{1F1E6}\u{A0}\u{6F22}\u{5B57} \"q\" \\ end";

    pub(crate) fn sample_project() -> Project {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let mut meta = BTreeMap::new();
        meta.insert("url".to_owned(), "https://example.org/a".to_owned());
        meta.insert("date".to_owned(), "2025-09-08".to_owned());
        let mut doc = Document::new("doc-1".into(), "Hi".into(), meta, UNICODE_TEXT.into());
        let mut actor = Span::new(SpanId::from("T1"), 5, 13, "actor");
        actor.attrs.insert("kind".into(), "group".into());
        let mut claim = Span::new(SpanId::from("T2"), 0, 4, "claim");
        claim.attrs.insert("speaker".into(), "T1".into());
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
    fn syntax_errors_carry_ron_positions() {
        let text = project_to_ron(&sample_project());
        let cut = &text[..text.len() / 2];
        let err = parse_project(cut, Path::new("p.ron")).expect_err("truncated");
        assert!(err.line.is_some() && err.column.is_some(), "{err}");
    }
}
