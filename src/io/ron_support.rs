//! What the RON files of a project share, in either form: the layout
//! (`ron`'s pretty printer settings) and the reading of errors (a `ron`
//! error at its line and column with the nearest known name, a key given
//! twice, a validation problem located in the text).

use std::path::Path;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::error::{FileError, line_column};
use super::locate::locate;
use super::ron_keys::first_duplicate_key;
use crate::model::{Place, Problem};

/// The layout of project files: `ron`'s pretty printer with these settings.
/// Nesting deeper than six levels (a span, an enum's values) stays on one
/// line.
pub(crate) fn pretty_config() -> PrettyConfig {
    PrettyConfig::new()
        .depth_limit(6)
        .indentor("  ")
        .struct_names(false)
        .separate_tuple_members(false)
        .extensions(Extensions::empty())
}

/// [`pretty_config`] for the schema on its own, one level shallower than
/// inside a project file.
pub(crate) fn schema_config() -> PrettyConfig {
    pretty_config().depth_limit(5)
}

/// `ron`'s error at its place; a misspelt field or value names the nearest
/// known one.
pub(crate) fn ron_error(path: &Path, err: &ron::error::SpannedError) -> FileError {
    let message = match &err.code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => format!("unknown field `{found}`{}", nearest_hint(found, expected)),
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!("unknown value `{found}`{}", nearest_hint(found, expected)),
        code => code.to_string(),
    };
    FileError::at(path, err.span.start.line, Some(err.span.start.col), message)
}

/// `; did you mean `x`?` for the known name nearest to `found`, if one is
/// near enough to be a slip; else the list of known names.
fn nearest_hint(found: &str, known: &[&str]) -> String {
    let nearest = known
        .iter()
        .map(|name| (strsim::damerau_levenshtein(found, name), *name))
        .min();
    match nearest {
        Some((distance, name)) if distance <= found.chars().count().div_ceil(3).max(2) => {
            format!("; did you mean `{name}`?")
        }
        _ if known.is_empty() => String::new(),
        _ => format!(
            "; expected one of {}",
            known
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Fails on a map key or struct field written twice, naming both places
/// (serde would keep the last and drop the first without a word).
pub(crate) fn check_duplicate_keys(source: &str, path: &Path) -> Result<(), FileError> {
    let Some(duplicate) = first_duplicate_key(source) else {
        return Ok(());
    };
    let (line, column) = line_column(source, duplicate.first);
    let what = if duplicate.is_field {
        format!("field `{}`", duplicate.key)
    } else {
        format!("key {}", duplicate.key)
    };
    Err(FileError::at_byte(
        path,
        source,
        duplicate.second,
        format!("duplicate {what}; the first is at {line}:{column} (only one may be given)"),
    ))
}

/// Fails with the first problem, located in `source`, noting how many more.
pub(crate) fn check_problems(
    source: &str,
    path: &Path,
    problems: &[Problem],
) -> Result<(), FileError> {
    check_problems_located(source, path, problems, locate)
}

/// [`check_problems`] with another way of finding a place in the text (a
/// folder project's layer file is not laid out as a project file).
pub(crate) fn check_problems_located(
    source: &str,
    path: &Path,
    problems: &[Problem],
    locate: impl Fn(&str, &Place) -> Option<usize>,
) -> Result<(), FileError> {
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let mut err = match locate(source, &first.place) {
        Some(byte) => FileError::at_byte(path, source, byte, first.message.clone()),
        None => FileError::new(path, first.message.clone()),
    };
    if problems.len() > 1 {
        let more = problems.len() - 1;
        err = err.with_note(&format!(
            " (and {more} more {})",
            if more == 1 { "problem" } else { "problems" }
        ));
    }
    Err(err)
}

/// Fails at the first line git's conflict markers (`<<<<<<<`, `>>>>>>>`)
/// start, saying how to resolve the conflict.
pub(crate) fn check_conflict_markers(source: &str, path: &Path) -> Result<(), FileError> {
    let marker = source
        .lines()
        .position(|line| line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>"));
    match marker {
        Some(index) => Err(FileError::at(
            path,
            index + 1,
            Some(1),
            "git left a merge conflict here (<<<<<<< ... >>>>>>>): keep one side with `git checkout --ours FILE` or `git checkout --theirs FILE` (then `git add FILE`), or configure the merge driver (see the README's team section) and merge again",
        )),
        None => Ok(()),
    }
}
