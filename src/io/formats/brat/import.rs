//! Reading a brat folder into a project: every `X.txt` with its `X.ann`,
//! in sub-folders too, all-or-nothing like the JSONL import.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::ann::{AnnLine, AnnRecord, parse_ann};
use super::conf::{BINARY_VALUES, BratConf, parse_conf};
use super::{covered_text, doc_id, joinable};
use crate::io::FileError;
use crate::io::import::{ImportOptions, ImportSummary};
use crate::io::read::read_text;
use crate::io::relations::{RelationTypes, add_target, sort_lists};
use crate::io::text_docs::title_and_meta;
use crate::io::walk::files_below;
use crate::model::layer::is_valid_annotator;
use crate::model::offsets::char_len;
use crate::model::schema::is_valid_name;
use crate::model::validate::layer_problems;
use crate::model::{
    AttributeDef, AttributeKind, DocId, Document, Layer, Place, Project, Schema, Span, SpanId,
    Status,
};

/// One document of the folder: its id (the file stem), its files, its
/// text and its annotations.
struct BratDoc {
    id: String,
    txt: PathBuf,
    ann: PathBuf,
    text: String,
    records: Vec<AnnRecord>,
}

/// Imports the brat folder `dir` into a copy of `project` as the layer of
/// `options.annotator` (required), and returns it; `project` itself is
/// untouched, so a failure changes nothing. Documents are the `.txt` files
/// of `dir` and its sub-folders, each with the `.ann` file beside it; the
/// id is the file stem, so two files with one stem are an error. Text-bound
/// annotations become spans; attributes, relations and the notes export
/// writes become attribute values where the schema has a place for them,
/// and are otherwise left out with a note in the summary; the `R` lines
/// of a `many` reference make its list (in text order), while a second
/// `R` line for a single reference is an error (which target to keep
/// cannot be known). Labels the schema lacks fail unless
/// `options.extend_schema`, which adds them with the attributes the
/// nearest `annotation.conf` declares for them, and makes every relation
/// type met that the schema lacks a `many: true` reference of its source
/// label to the labels of its targets.
pub fn import_dir(
    project: &Project,
    dir: &Path,
    options: &ImportOptions,
) -> Result<(Project, ImportSummary), FileError> {
    let Some(annotator) = options.annotator.clone() else {
        return Err(FileError::new(
            dir,
            "a brat import needs the layer to fill: pass --annotator NAME",
        ));
    };
    if !is_valid_annotator(&annotator) {
        return Err(FileError::new(
            dir,
            format!("annotator name {annotator:?} is not valid"),
        ));
    }
    let docs = read_documents(dir)?;
    let mut project = project.clone();
    let labels_added = resolve_labels(&mut project, &docs, dir, options.extend_schema)?;
    let references_added = if options.extend_schema {
        relation_types(&project.schema, &docs).resolve(&mut project.schema, true)?
    } else {
        Vec::new()
    };
    let mut summary = ImportSummary {
        labels_added,
        references_added,
        ..ImportSummary::default()
    };
    let mut skipped = Skipped::new();
    for doc in &docs {
        let layer = build_layer(&project, doc, &annotator, &mut skipped)?;
        let index = match project
            .documents
            .iter()
            .position(|d| d.id.as_str() == doc.id)
        {
            Some(index) if project.documents[index].text != doc.text => {
                return Err(FileError::new(
                    &doc.txt,
                    format!(
                        "document {:?} is already in the project with a different text",
                        doc.id
                    ),
                ));
            }
            Some(index) => index,
            None => {
                let (title, meta) = title_and_meta(&doc.text);
                project.documents.push(Document::new(
                    DocId(doc.id.clone()),
                    title,
                    meta,
                    doc.text.clone(),
                ));
                summary.documents_added += 1;
                project.documents.len() - 1
            }
        };
        let target = &mut project.documents[index];
        summary.layers += 1;
        summary.spans += layer.spans.len();
        summary
            .layers_written
            .push((target.id.clone(), annotator.clone()));
        target.layers.insert(annotator.clone(), layer);
    }
    for (reason, (count, path, line)) in skipped {
        summary.notes.push(format!(
            "left out {count} brat annotation{} that the schema cannot hold: {reason} (first at {}:{line})",
            if count == 1 { "" } else { "s" },
            path.display()
        ));
    }
    Ok((project, summary))
}

/// Every `.txt`/`.ann` pair below `dir`, read and parsed, sorted by path.
fn read_documents(dir: &Path) -> Result<Vec<BratDoc>, FileError> {
    if !dir.is_dir() {
        return Err(FileError::new(
            dir,
            "is not a folder; a brat import reads a folder of .txt and .ann files",
        ));
    }
    // The folder and whole file stem (`esp.train-doc-29` of
    // `esp.train-doc-29.txt`) of each document, and which files it has.
    let mut stems: BTreeMap<(PathBuf, String), (bool, bool)> = BTreeMap::new();
    for path in files_below(dir)? {
        let name = file_name(&path);
        let (stem, is_txt) = if let Some(stem) = name.strip_suffix(".txt") {
            (stem, true)
        } else if let Some(stem) = name.strip_suffix(".ann") {
            (stem, false)
        } else {
            continue;
        };
        let folder = path.parent().unwrap_or(dir).to_owned();
        let slot = stems.entry((folder, stem.to_owned())).or_default();
        if is_txt {
            slot.0 = true;
        } else {
            slot.1 = true;
        }
    }
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    let mut docs = Vec::with_capacity(stems.len());
    for ((folder, stem), (has_txt, has_ann)) in stems {
        let txt = folder.join(format!("{stem}.txt"));
        let ann = folder.join(format!("{stem}.ann"));
        if !has_ann {
            return Err(FileError::new(
                &txt,
                format!(
                    "has no {} beside it (brat keeps the annotations there; an empty file means none)",
                    file_name(&ann)
                ),
            ));
        }
        if !has_txt {
            return Err(FileError::new(
                &ann,
                format!(
                    "has no {} beside it (the text it annotates)",
                    file_name(&txt)
                ),
            ));
        }
        let id = doc_id(&stem);
        if id.is_empty() {
            return Err(FileError::new(
                &txt,
                "has no file stem to be the document id",
            ));
        }
        if let Some(other) = ids.insert(id.clone(), txt.clone()) {
            return Err(FileError::new(
                &txt,
                format!(
                    "has the same document id {id:?} (the file stem) as {}",
                    other.display()
                ),
            ));
        }
        let contents = read_text(&txt)?;
        let source = read_text(&ann)?;
        let records = parse_ann(source.strip_prefix('\u{FEFF}').unwrap_or(&source), &ann)?;
        docs.push(BratDoc {
            id,
            txt,
            ann,
            text: contents,
            records,
        });
    }
    if docs.is_empty() {
        return Err(FileError::new(
            dir,
            "holds no brat documents (.txt files with their .ann files)",
        ));
    }
    Ok(docs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Checks that every label used is in the schema; with `extend` adds the
/// missing ones (with what the nearest `annotation.conf` says of them),
/// else fails naming them all.
fn resolve_labels(
    project: &mut Project,
    docs: &[BratDoc],
    dir: &Path,
    extend: bool,
) -> Result<Vec<String>, FileError> {
    let mut unknown: BTreeMap<&str, (&BratDoc, usize)> = BTreeMap::new();
    let mut first = None;
    for doc in docs {
        for record in &doc.records {
            if let AnnLine::TextBound { label, .. } = &record.ann
                && project.schema.label(label).is_none()
            {
                unknown.entry(label).or_insert((doc, record.line));
                first.get_or_insert((doc, record.line));
            }
        }
    }
    let Some((first_doc, first_line)) = first else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = unknown.keys().map(|s| (*s).to_owned()).collect();
    if !extend {
        return Err(FileError::at(
            &first_doc.ann,
            first_line,
            None,
            format!(
                "labels not in the project's schema: {} (add them to the schema, or pass --extend-schema)",
                names.join(", ")
            ),
        ));
    }
    for (name, (doc, line)) in &unknown {
        if !is_valid_name(name) {
            return Err(FileError::at(
                &doc.ann,
                *line,
                None,
                format!("{name:?} cannot be used as a label name (letters, digits, '_', '-', ':')"),
            ));
        }
        project.schema.add_plain_label(name);
    }
    let mut confs: HashMap<PathBuf, Option<BratConf>> = HashMap::new();
    for (name, (doc, _)) in &unknown {
        let Some(conf) = nearest_conf(&doc.ann, dir, &mut confs)? else {
            continue;
        };
        let schema = &project.schema;
        let attributes: Vec<AttributeDef> = conf
            .attributes_for(name, |l| schema.label(l).is_some())
            .into_iter()
            .filter(|attr| is_valid_name(&attr.name))
            .collect();
        if let Some(label) = project.schema.labels.iter_mut().find(|l| l.name == *name) {
            label.attributes = attributes;
        }
    }
    Ok(names)
}

/// The relation types of the folder's `R` lines, by the labels of their
/// arguments, that `schema` could hold as references: lines whose
/// arguments are not `T` lines of their file are left for the layer to
/// report, and types that cannot be attribute names or that name another
/// kind of attribute of their source label are left out with a note, as
/// without `--extend-schema`.
fn relation_types(schema: &Schema, docs: &[BratDoc]) -> RelationTypes {
    let mut types = RelationTypes::default();
    for doc in docs {
        let labels: HashMap<&str, &str> = doc
            .records
            .iter()
            .filter_map(|r| match &r.ann {
                AnnLine::TextBound { id, label, .. } => Some((id.as_str(), label.as_str())),
                _ => None,
            })
            .collect();
        for record in &doc.records {
            if let AnnLine::Relation { name, from, to, .. } = &record.ann
                && let (Some(source), Some(target)) =
                    (labels.get(from.as_str()), labels.get(to.as_str()))
                && is_valid_name(name)
                && schema
                    .label(source)
                    .and_then(|l| l.attribute(name))
                    .is_none_or(|a| matches!(a.kind, AttributeKind::SpanRef(_)))
            {
                types.meet(source, name, target, &doc.ann, record.line);
            }
        }
    }
    types
}

/// The `annotation.conf` brat would use for the document `ann`: the one in
/// its folder, else in the nearest folder above it, up to `root`.
fn nearest_conf<'a>(
    ann: &Path,
    root: &Path,
    cache: &'a mut HashMap<PathBuf, Option<BratConf>>,
) -> Result<Option<&'a BratConf>, FileError> {
    let mut found = None;
    for folder in ann.ancestors().skip(1) {
        let candidate = folder.join("annotation.conf");
        if candidate.is_file() {
            found = Some(candidate);
            break;
        }
        if folder == root {
            break;
        }
    }
    let Some(path) = found else { return Ok(None) };
    if !cache.contains_key(&path) {
        let conf = parse_conf(&read_text(&path)?, &path)?;
        cache.insert(path.clone(), Some(conf));
    }
    Ok(cache.get(&path).and_then(Option::as_ref))
}

/// Reasons for leaving annotations out, each with its count and first
/// place.
type Skipped = BTreeMap<String, (usize, PathBuf, usize)>;

/// The layer one document's annotations make, checked against the schema.
fn build_layer(
    project: &Project,
    doc: &BratDoc,
    annotator: &str,
    skipped: &mut Skipped,
) -> Result<Layer, FileError> {
    let fail = |line: usize, message: String| FileError::at(&doc.ann, line, None, message);
    let (mut spans, by_id) = text_bound_spans(doc)?;
    let mut set_by: HashMap<(usize, String), usize> = HashMap::new();
    for record in &doc.records {
        let Some((index, name, value)) =
            attribute_value(project, doc, record, &spans, &by_id, skipped)?
        else {
            continue;
        };
        if let AnnLine::Relation { id, .. } = &record.ann {
            // Several R lines of a `many` reference make its list.
            let many = project
                .schema
                .label(&spans[index].label)
                .and_then(|l| l.attribute(name))
                .is_some_and(|a| a.many);
            add_target(&mut spans[index], name, many, &value)
                .map_err(|why| fail(record.line, format!("{id}: {why}")))?;
            continue;
        }
        if let Some(first) = set_by.insert((index, name.to_owned()), record.line) {
            return Err(fail(
                record.line,
                format!(
                    "{name} of {} is already set on line {first}; a span holds one value per attribute",
                    spans[index].id
                ),
            ));
        }
        spans[index].attrs.insert(name.to_owned(), value);
    }
    sort_lists(&project.schema, &mut spans);
    let status = if spans.is_empty() {
        Status::New
    } else {
        Status::InProgress
    };
    let lines: HashMap<String, usize> = doc
        .records
        .iter()
        .filter_map(|r| match &r.ann {
            AnnLine::TextBound { id, .. } => Some((id.clone(), r.line)),
            _ => None,
        })
        .collect();
    let layer = Layer::with_spans(status, spans);
    let id = DocId(doc.id.clone());
    if let Some(problem) =
        layer_problems(&project.schema, &id, annotator, char_len(&doc.text), &layer).first()
    {
        let line = match &problem.place {
            Place::Span { span, .. } => lines.get(span.as_str()).copied(),
            _ => None,
        };
        return Err(match line {
            Some(line) => fail(line, problem.message.clone()),
            None => FileError::new(&doc.ann, problem.message.clone()),
        });
    }
    Ok(layer)
}

/// The spans of a document's `T` lines and their positions by id; fails
/// on the first line Marginalia cannot hold, in file order.
fn text_bound_spans(doc: &BratDoc) -> Result<(Vec<Span>, HashMap<&str, usize>), FileError> {
    let chars: Vec<char> = doc.text.chars().collect();
    let fail = |line: usize, message: String| FileError::at(&doc.ann, line, None, message);
    let mut spans: Vec<Span> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for record in &doc.records {
        match &record.ann {
            AnnLine::TextBound {
                id,
                label,
                fragments,
                tail,
            } => {
                let span = text_bound(&chars, id, label, fragments, tail.as_deref())
                    .map_err(|m| fail(record.line, m))?;
                by_id.insert(id, spans.len());
                spans.push(span);
            }
            AnnLine::Unsupported(what) => {
                return Err(fail(record.line, format!("{what}; nothing was imported")));
            }
            AnnLine::Note { id, text, .. } if text_attribute(text).is_none() => {
                return Err(fail(
                    record.line,
                    format!(
                        "{id} is a free-text note; Marginalia reads only the notes its export writes, NAME=\"text\" for a text attribute; nothing was imported"
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok((spans, by_id))
}

/// The attribute value an `A`, `M`, `R` or `#` line gives: the index of
/// the span, the attribute name and the value; `None` for other lines
/// and for lines the schema has no place for (counted in `skipped`).
fn attribute_value<'r>(
    project: &Project,
    doc: &BratDoc,
    record: &'r AnnRecord,
    spans: &[Span],
    by_id: &HashMap<&str, usize>,
    skipped: &mut Skipped,
) -> Result<Option<(usize, &'r str, String)>, FileError> {
    let line = record.line;
    let fail = |message: String| FileError::at(&doc.ann, line, None, message);
    let target_of = |id: &str, target: &str| {
        by_id.get(target).copied().ok_or_else(|| {
            fail(format!(
                "{id} refers to {target}, which is not a text-bound (T) annotation of this file"
            ))
        })
    };
    let attribute_of = |index: usize, name: &str| {
        let label = &spans[index].label;
        let kind = project
            .schema
            .label(label)
            .and_then(|l| l.attribute(name))
            .map(|d| &d.kind);
        (label, kind)
    };
    let mut skip = |reason: String| {
        let entry = skipped.entry(reason).or_insert((0, doc.ann.clone(), line));
        entry.0 += 1;
        Ok(None)
    };
    match &record.ann {
        AnnLine::Attribute {
            id,
            name,
            target,
            value,
        } => {
            let index = target_of(id, target)?;
            let value = match attribute_of(index, name) {
                (label, Some(AttributeKind::Enum(values))) => {
                    let value = value.as_deref().unwrap_or(BINARY_VALUES[0]);
                    if !values.iter().any(|v| v == value) {
                        return Err(fail(format!(
                            "{id}: {name} = {value:?} is not one of {} (the values of {name} on label {label})",
                            values.join(", ")
                        )));
                    }
                    value.to_owned()
                }
                (_, Some(AttributeKind::Text)) => {
                    value.clone().unwrap_or_else(|| BINARY_VALUES[0].to_owned())
                }
                (label, Some(AttributeKind::SpanRef(_)) | None) => {
                    return skip(format!(
                        "attribute {name} (label {label} has no enum or text attribute {name})"
                    ));
                }
            };
            Ok(Some((index, name.as_str(), value)))
        }
        AnnLine::Relation { id, name, from, to } => {
            let index = target_of(id, from)?;
            let target = target_of(id, to)?;
            let target_label = &spans[target].label;
            match attribute_of(index, name) {
                (_, Some(AttributeKind::SpanRef(t))) if t.allows(target_label) => Ok(Some((
                    index,
                    name.as_str(),
                    spans[target].id.as_str().to_owned(),
                ))),
                (label, _) => skip(format!(
                    "relation {name} from {label} to {target_label} (label {label} has no span reference {name} to a {target_label} span)"
                )),
            }
        }
        AnnLine::Note { id, target, text } => {
            let index = target_of(id, target)?;
            let Some((name, value)) = text_attribute(text) else {
                return Ok(None);
            };
            match attribute_of(index, name) {
                (_, Some(AttributeKind::Text)) => Ok(Some((index, name, value))),
                (label, _) => skip(format!(
                    "note {name}=… (label {label} has no text attribute {name})"
                )),
            }
        }
        AnnLine::TextBound { .. } | AnnLine::Unsupported(_) => Ok(None),
    }
}

/// The span of a `T` line, its offsets and covered text checked against
/// the text (`chars`).
fn text_bound(
    chars: &[char],
    id: &str,
    label: &str,
    fragments: &[(usize, usize)],
    tail: Option<&str>,
) -> Result<Span, String> {
    let written = || {
        fragments
            .iter()
            .map(|(s, e)| format!("{s} {e}"))
            .collect::<Vec<_>>()
            .join(";")
    };
    if let Some(&(s, e)) = fragments.iter().find(|&&(s, e)| s > e || e > chars.len()) {
        return Err(format!(
            "{id}: offsets {s} {e} are not a range inside the text ({} characters)",
            chars.len()
        ));
    }
    if let Err(why) = joinable(chars, fragments) {
        return Err(format!(
            "{id} is a discontinuous span ({}): {why}; Marginalia spans are contiguous, so nothing was imported",
            written()
        ));
    }
    let (start, end) = (fragments[0].0, fragments[fragments.len() - 1].1);
    if start >= end {
        return Err(format!("{id} is an empty span ({})", written()));
    }
    let expected = covered_text(chars, fragments);
    if let Some(tail) = tail.filter(|t| !t.trim().is_empty()) {
        let rest = tail.strip_prefix(expected.as_str());
        if !rest.is_some_and(|r| r.chars().next().is_none_or(char::is_whitespace)) {
            let found: String = tail.chars().take(expected.chars().count()).collect();
            return Err(format!(
                "{id}: the .ann gives the text {found:?} but the document has {expected:?} at {}",
                written()
            ));
        }
    }
    Ok(Span::new(SpanId(id.to_owned()), start, end, label))
}

/// `NAME="JSON string"`, as export writes a text attribute into a note.
fn text_attribute(note: &str) -> Option<(&str, String)> {
    let (name, json) = note.split_once('=')?;
    if !is_valid_name(name) {
        return None;
    }
    serde_json::from_str::<String>(json).ok().map(|v| (name, v))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    /// A span's start, end, id and attributes.
    type Fact<'a> = (usize, usize, &'a str, Vec<(&'a str, &'a str)>);

    fn project() -> Project {
        Project::new(ron::from_str(DEFAULT_SCHEMA_RON).expect("schema"))
    }

    fn options(extend: bool) -> ImportOptions {
        ImportOptions {
            annotator: Some("ann".into()),
            extend_schema: extend,
        }
    }

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        dir
    }

    #[test]
    fn reads_spans_attributes_relations_and_text_notes() {
        let text = "\u{1F469}\u{200D}\u{1F4BB} Zoe\u{308} said\r\nthe talks\u{A0}will go on.";
        let ann = "T1\tactor 4 8\tZoe\u{308}\nT3\tclaim 9 13;15 36\tsaid the talks\u{A0}will go on.\nT2\tdate 0 3\t\u{1F469}\u{200D}\u{1F4BB}\nA1\tkind T1 person\nR1\tspeaker Arg1:T3 Arg2:T1\n#1\tAnnotatorNotes T2\tvalue=\"a\\\"b\\nc\"\n";
        let dir = folder(&[("sub/d.txt", text), ("sub/d.ann", ann)]);
        let (project, summary) =
            import_dir(&project(), dir.path(), &options(false)).expect("imports");
        assert_eq!((summary.documents_added, summary.spans), (1, 3));
        assert!(summary.notes.is_empty(), "{:?}", summary.notes);
        let doc = &project.documents[0];
        assert_eq!(doc.id.as_str(), "d");
        assert_eq!(doc.text, text);
        let spans = &doc.layers["ann"].spans;
        let got: Vec<Fact> = spans
            .iter()
            .map(|s| {
                (
                    s.start,
                    s.end,
                    s.id.as_str(),
                    s.attrs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str().expect("one value")))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, 3, "T2", vec![("value", "a\"b\nc")]),
                (4, 8, "T1", vec![("kind", "person")]),
                (9, 36, "T3", vec![("speaker", "T1")]),
            ]
        );
    }

    #[test]
    fn what_the_schema_cannot_hold_is_left_out_with_a_note() {
        let dir = folder(&[
            ("a.txt", "Putin met Trump."),
            (
                "a.ann",
                "T1\tactor 0 5\tPutin\nT2\tactor 10 15\tTrump\nA1\tNegated T1\nR1\tmet Arg1:T1 Arg2:T2\nR2\tmet Arg1:T2 Arg2:T1\n",
            ),
        ]);
        let (_, summary) = import_dir(&project(), dir.path(), &options(false)).expect("imports");
        assert_eq!(summary.notes.len(), 2, "{:?}", summary.notes);
        assert!(
            summary.notes[0].contains("left out 1 brat annotation that"),
            "{:?}",
            summary.notes
        );
        assert!(
            summary.notes[1].contains("left out 2 brat annotations"),
            "{:?}",
            summary.notes
        );
        assert!(summary.notes[1].contains("a.ann:4"), "{:?}", summary.notes);
    }

    #[test]
    fn extend_schema_takes_attributes_and_relations_from_annotation_conf() {
        let dir = folder(&[
            (
                "annotation.conf",
                "[entities]\nPerson\nGPE\n[relations]\nLocated Arg1:Person, Arg2:GPE\n[events]\n[attributes]\nIndividual Arg:<ENTITY>\nMention Arg:Person, Value:Name|Nominal\n",
            ),
            ("news/a.txt", "Pratchett lived in England."),
            (
                "news/a.ann",
                "T1\tPerson 0 9\tPratchett\nT2\tGPE 19 26\tEngland\nA1\tIndividual T1\nA2\tMention T1 Name\nR1\tLocated Arg1:T1 Arg2:T2\n",
            ),
        ]);
        let err = import_dir(&project(), dir.path(), &options(false)).expect_err("unknown");
        assert!(
            err.to_string()
                .contains("a.ann:1: labels not in the project's schema: GPE, Person"),
            "{err}"
        );
        let (project, summary) =
            import_dir(&project(), dir.path(), &options(true)).expect("extends");
        assert_eq!(summary.labels_added, ["GPE", "Person"]);
        assert!(summary.notes.is_empty(), "{:?}", summary.notes);
        let person = &project.documents[0].layers["ann"].spans[0];
        let attrs: Vec<(&str, String)> = person
            .attrs
            .iter()
            .map(|(k, v)| (k.as_str(), format!("{v:?}")))
            .collect();
        assert_eq!(
            attrs,
            [
                ("Individual", "\"true\"".to_owned()),
                ("Located", "[\"T2\"]".to_owned()),
                ("Mention", "\"Name\"".to_owned())
            ]
        );
        assert!(project.schema.problems().is_empty());
    }

    #[test]
    fn unsupported_lines_and_bad_offsets_fail_with_file_and_line() {
        let cases = [
            (
                "T1\tactor 0 5\tPutin\nT2\tactor 0 2;6 9\tPu met\n",
                ":2: T2 is a discontinuous span (0 2;6 9)",
            ),
            (
                "T1\tactor 0 5\tPutin\nE1\tactor:T1\n",
                ":2: an event (E line)",
            ),
            (
                "T1\tactor 0 5\tPutin\n*\tAlias T1 T1\n",
                ":2: an equivalence",
            ),
            (
                "T1\tactor 0 5\tPutin\n#1\tAnnotatorNotes T1\tcheck this\n",
                ":2: #1 is a free-text note",
            ),
            (
                "T1\tactor 0 50\tPutin\n",
                ":1: T1: offsets 0 50 are not a range",
            ),
            (
                "T1\tactor 0 5\tPutin\nT2\tactor 10 15\tTrumb\n",
                ":2: T2: the .ann gives the text \"Trumb\" but the document has \"Trump\"",
            ),
            (
                "T1\tactor 0 5\tPutin\nA1\tkind T1 planet\n",
                ":2: A1: kind = \"planet\" is not one of",
            ),
            (
                "T1\tactor 0 5\tPutin\nA1\tkind T1 person\nA2\tkind T1 group\n",
                ":3: kind of T1 is already set on line 2",
            ),
        ];
        for (ann, want) in cases {
            let dir = folder(&[("a.txt", "Putin met Trump."), ("a.ann", ann)]);
            let err = import_dir(&project(), dir.path(), &options(false)).expect_err(want);
            assert!(err.to_string().contains(want), "{err} lacks {want}");
        }
    }

    #[test]
    fn missing_partner_files_and_clashing_stems_are_errors() {
        let dir = folder(&[("a.txt", "x")]);
        let err = import_dir(&project(), dir.path(), &options(false)).expect_err("no ann");
        assert!(
            err.to_string().contains("a.txt: has no a.ann beside it"),
            "{err}"
        );
        let dir = folder(&[
            ("a.txt", "x"),
            ("a.ann", ""),
            ("sub/a.txt", "y"),
            ("sub/a.ann", ""),
        ]);
        let err = import_dir(&project(), dir.path(), &options(false)).expect_err("clash");
        assert!(err.message.contains("same document id \"a\""), "{err}");
    }

    #[test]
    fn r_lines_of_a_many_reference_make_a_list_in_text_order() {
        let mut schema = project().schema;
        schema.labels[2].attributes[0].many = true;
        let base = Project::new(schema);
        let text = "\u{201C}Yes\u{201D}, said Zoe\u{308} and \u{1F469}\u{200D}\u{1F4BB} Bo\r\n";
        let ann = "T1\tclaim 0 5\t\u{201C}Yes\u{201D}\nT2\tactor 12 16\tZoe\u{308}\nT3\tactor 25 27\tBo\nR1\tspeaker Arg1:T1 Arg2:T3\nR2\tspeaker Arg1:T1 Arg2:T2\n";
        let dir = folder(&[("a.txt", text), ("a.ann", ann)]);
        let (project, _) = import_dir(&base, dir.path(), &options(false)).expect("imports");
        let claim = &project.documents[0].layers["ann"].spans[0];
        assert_eq!(
            claim.attrs.get("speaker"),
            Some(&crate::model::AttrValue::Many(vec![
                "T2".into(),
                "T3".into()
            ]))
        );
        let dir = folder(&[("a.txt", text), ("a.ann", ann)]);
        let err = super::import_dir(&self::project(), dir.path(), &options(false))
            .expect_err("one speaker");
        assert!(
            err.to_string()
                .contains("a.ann:5: R2: span T1 already has speaker = T3"),
            "{err}"
        );
    }

    #[test]
    fn relation_types_that_cannot_be_references_are_left_out_with_a_note_even_when_extending() {
        let dir = folder(&[
            ("a.txt", "Putin met Trump."),
            (
                "a.ann",
                "T1\tactor 0 5\tPutin\nT2\tactor 10 15\tTrump\nR1\tkind Arg1:T1 Arg2:T2\nR2\tmet(e1,e2) Arg1:T1 Arg2:T2\n",
            ),
        ]);
        let (project, summary) =
            import_dir(&project(), dir.path(), &options(true)).expect("imports");
        assert!(summary.references_added.is_empty());
        assert_eq!(summary.notes.len(), 2, "{:?}", summary.notes);
        assert_eq!(
            project.documents[0].layers["ann"].spans[0]
                .attrs
                .get("kind"),
            None
        );
    }

    #[test]
    fn extend_schema_makes_unknown_relation_types_many_references() {
        let dir = folder(&[
            ("a.txt", "Putin met Trump and Xi."),
            (
                "a.ann",
                "T1\tactor 0 5\tPutin\nT2\tactor 10 15\tTrump\nT3\tplace 20 22\tXi\nR1\tmet Arg1:T1 Arg2:T3\nR2\tmet Arg1:T1 Arg2:T2\n",
            ),
        ]);
        let (project, summary) =
            import_dir(&project(), dir.path(), &options(true)).expect("extends");
        assert_eq!(summary.labels_added, ["place"]);
        assert_eq!(summary.references_added, ["actor.met"]);
        let met = project
            .schema
            .label("actor")
            .and_then(|l| l.attribute("met"))
            .expect("added");
        assert!(met.many);
        assert_eq!(
            met.kind,
            AttributeKind::SpanRef(crate::model::TargetLabels(vec![
                "actor".into(),
                "place".into()
            ]))
        );
        let putin = &project.documents[0].layers["ann"].spans[0];
        assert_eq!(
            putin.attrs.get("met"),
            Some(&crate::model::AttrValue::Many(vec![
                "T2".into(),
                "T3".into()
            ]))
        );
    }
}
