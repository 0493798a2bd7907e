//! The JSONL interchange format (one document per line), doccano's two
//! JSONL shapes (with doccano's `relations`) and Prodigy's annotated tasks
//! (with the `relations` of `rel.manual`). Reading turns each line into
//! a [`Record`], checking everything a line can be checked for on its own
//! (import and validate share this reader); writing turns a document's
//! layer into one line.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::FileError;
use super::formats::ExportDoc;
use super::formats::jsonl as line;
use crate::model::layer::is_valid_annotator;
use crate::model::offsets::CharIndex;
use crate::model::{AttrValue, Document, Layer, Status};

/// One line of a JSONL file, whichever shape it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line number in the file.
    pub line: usize,
    /// Document id: the line's own (doccano's integer ids become their
    /// decimal strings), or for a line without one [`id_from_text`] of its
    /// text.
    pub id: String,
    /// Whether the line gave its id; a line without one goes to the
    /// document with its text first.
    pub has_id: bool,
    /// The document text, when the line carries it.
    pub text: Option<String>,
    /// Whether the line is a Prodigy task answered `reject` or `ignore`,
    /// which import skips.
    pub rejected: bool,
    /// The document title, when the line carries it.
    pub title: Option<String>,
    /// Document metadata.
    pub meta: BTreeMap<String, String>,
    /// The layer's annotator, when the line names one.
    pub annotator: Option<String>,
    /// The layer's status, when the line gives one.
    pub status: Option<Status>,
    /// Spans, or `None` when the line has no span list at all (a bare
    /// document).
    pub spans: Option<Vec<RecordSpan>>,
    /// Relations between the spans (doccano's and Prodigy's `relations`),
    /// each already matched to its two spans, or `None` when the line has
    /// no `relations` (then span references come from the spans' `attrs`
    /// alone).
    pub relations: Option<Vec<RecordRelation>>,
}

/// A relation of a line: its type, from one span of the line to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRelation {
    /// 1-based place in the line's `relations`, for messages.
    pub number: usize,
    /// The relation type (doccano's `type`, Prodigy's `label`): the name
    /// of the source span's reference attribute.
    pub name: String,
    /// Index of the source span in [`Record::spans`] (doccano's `from_id`,
    /// Prodigy's `head_span`).
    pub source: usize,
    /// Index of the target span (`to_id`, `child_span`).
    pub target: usize,
}

/// The id of a document added from a line without an id: `doc-` and the
/// first 12 hex digits of the SHA-256 of its text, the same on every
/// machine.
pub fn id_from_text(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..6].iter().fold(String::from("doc-"), |mut id, b| {
        let _ = write!(id, "{b:02x}");
        id
    })
}

/// A span as read from a JSONL line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSpan {
    /// Span id, when given (doccano's `label` triples have none).
    pub id: Option<String>,
    /// First code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// Label name.
    pub label: String,
    /// Covered text, when given; must equal the text between the offsets.
    pub text: Option<String>,
    /// Attribute values (a list of span ids for a `many` reference).
    pub attrs: BTreeMap<String, AttrValue>,
}

impl RecordSpan {
    /// Checks the span against the document text: its offsets must be a
    /// range inside the text and its `text`, when given, must be what they
    /// cover. The message names the span by offsets and label.
    ///
    /// `chars` indexes `doc_text` (built once per document: slicing from
    /// the start of the text for every span made a line's check grow with
    /// its spans times its text).
    pub fn check_covered_text(&self, doc_text: &str, chars: &CharIndex) -> Result<(), String> {
        let (start, end, label) = (self.start, self.end, &self.label);
        if start > end || end > chars.char_len() {
            return Err(format!(
                "span {start}..{end} {label:?}: the offsets are not a range inside the text ({} code points)",
                chars.char_len()
            ));
        }
        let covered =
            &doc_text[chars.char_to_byte(doc_text, start)..chars.char_to_byte(doc_text, end)];
        match &self.text {
            Some(expected) if expected != covered => Err(format!(
                "span {start}..{end} {label:?}: \"text\" is {expected:?} but the document has {covered:?} there"
            )),
            _ => Ok(()),
        }
    }
}

/// Parses every non-blank line of a JSONL file's `source`.
pub fn parse_jsonl(source: &str, path: &Path) -> Result<Vec<Record>, FileError> {
    let mut records = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        records.push(parse_line(line, index + 1, path)?);
    }
    if records.is_empty() {
        return Err(FileError::new(path, "the file has no JSON lines"));
    }
    Ok(records)
}

/// Checks a line's spans: each starts before it ends and, when the line
/// has a text, lies inside it and covers its `text` (if given).
fn check_spans(spans: &[RecordSpan], text: Option<&str>) -> Result<(), String> {
    let chars = text.filter(|_| !spans.is_empty()).map(CharIndex::new);
    for span in spans {
        let (start, end, label) = (span.start, span.end, &span.label);
        if start >= end {
            return Err(format!(
                "span {start}..{end} {label:?}: start is not before end"
            ));
        }
        if let (Some(text), Some(chars)) = (text, &chars) {
            span.check_covered_text(text, chars)?;
        }
    }
    Ok(())
}

/// One line: its shape, and what it says of itself (an id or a text, a
/// valid annotator name, spans that start before they end and, when the
/// line has its text, lie inside it and cover their `text`).
pub(crate) fn parse_line(line: &str, number: usize, path: &Path) -> Result<Record, FileError> {
    let fail = |message: String| FileError::at(path, number, None, message);
    let value: Value = serde_json::from_str(line).map_err(|err| {
        let column = line
            .char_indices()
            .take_while(|(b, _)| *b < err.column().saturating_sub(1))
            .count()
            + 1;
        // serde_json's message ends with its own "at line 1 column N", which
        // would contradict the file's line; the place is given in front.
        let message = err.to_string();
        let position = format!(" at line {} column {}", err.line(), err.column());
        let message = message.strip_suffix(&position).unwrap_or(&message);
        FileError::at(
            path,
            number,
            Some(column),
            format!("invalid JSON: {message}"),
        )
    })?;
    let Value::Object(object) = value else {
        return Err(fail("expected a JSON object for a document".into()));
    };
    let id = line_id(&object).map_err(fail)?;
    let text = optional_string(&object, "text").map_err(fail)?;
    let (id, has_id) = match (id, &text) {
        (Some(id), _) => (id, true),
        (None, Some(text)) => (id_from_text(text), false),
        (None, None) => {
            return Err(fail(
                "the line has neither \"id\" nor \"text\", so it names no document".into(),
            ));
        }
    };
    let title = optional_string(&object, "title").map_err(fail)?;
    let annotator = optional_string(&object, "annotator").map_err(fail)?;
    if let Some(name) = annotator.as_deref().filter(|n| !is_valid_annotator(n)) {
        return Err(fail(format!(
            "annotator name {name:?} is empty or has control characters or surrounding spaces"
        )));
    }
    let rejected = is_rejected(&object).map_err(fail)?;
    let status = match optional_string(&object, "status").map_err(fail)? {
        None => None,
        Some(name) => Some(Status::parse(&name).ok_or_else(|| {
            fail(format!(
                "status {name:?} is not one of new, in_progress, done"
            ))
        })?),
    };
    let meta = match object.get("meta") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                )
            })
            .collect(),
        Some(_) => return Err(fail("\"meta\" must be an object".into())),
    };
    let spans = if let Some(spans) = object.get("spans") {
        Some(our_spans(spans).map_err(fail)?)
    } else if let Some(entities) = object.get("entities") {
        Some(doccano_entities(entities).map_err(fail)?)
    } else if let Some(labels) = object.get("label") {
        Some(doccano_labels(labels).map_err(fail)?)
    } else {
        None
    };
    let relations = match object.get("relations") {
        None | Some(Value::Null) => None,
        Some(value) => Some(relations(value, spans.as_deref().unwrap_or_default()).map_err(fail)?),
    };
    check_spans(spans.as_deref().unwrap_or_default(), text.as_deref()).map_err(fail)?;
    Ok(Record {
        line: number,
        id,
        has_id,
        text,
        rejected,
        title,
        meta,
        annotator,
        status,
        spans,
        relations,
    })
}

/// A line's `id`: a non-empty string, an integer (as its digits), or none.
fn line_id(object: &Map<String, Value>) -> Result<Option<String>, String> {
    match object.get("id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(_) => Err("\"id\" must be a non-empty string or an integer".into()),
    }
}

/// Whether a Prodigy `answer` says to skip the line (`reject`, `ignore`).
fn is_rejected(object: &Map<String, Value>) -> Result<bool, String> {
    match optional_string(object, "answer")?.as_deref() {
        None | Some("accept") => Ok(false),
        Some("reject" | "ignore") => Ok(true),
        Some(other) => Err(format!(
            "\"answer\" {other:?} is not one of accept, reject, ignore"
        )),
    }
}

fn optional_string(object: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key:?} must be a string")),
    }
}

fn offset(value: Option<&Value>, what: &str, span: usize) -> Result<usize, String> {
    value
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("span {span}: {what:?} must be a non-negative integer"))
}

fn label_of(value: Option<&Value>, span: usize) -> Result<String, String> {
    non_empty(value, || format!("span {span}: \"label\""))
}

/// `value` as a non-empty string; else an error naming it by `what`.
fn non_empty(value: Option<&Value>, what: impl Fn() -> String) -> Result<String, String> {
    match value {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(format!("{} must be a non-empty string", what())),
    }
}

fn our_spans(value: &Value) -> Result<Vec<RecordSpan>, String> {
    let Value::Array(items) = value else {
        return Err("\"spans\" must be a list".into());
    };
    let mut spans = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Value::Object(span) = item else {
            return Err(format!("span {n}: expected an object"));
        };
        let id = match span.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(x)) => Some(x.to_string()),
            Some(_) => return Err(format!("span {n}: \"id\" must be a string")),
        };
        let attrs = match span.get("attrs") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(map)) => {
                let mut attrs = BTreeMap::new();
                for (k, v) in map {
                    let value = match v {
                        Value::String(v) => AttrValue::One(v.clone()),
                        Value::Array(ids) => AttrValue::Many(
                            ids.iter()
                                .map(|id| match id {
                                    Value::String(id) => Ok(id.clone()),
                                    Value::Number(id) => Ok(id.to_string()),
                                    _ => Err(format!(
                                        "span {n}: attribute {k:?} must list span ids (strings)"
                                    )),
                                })
                                .collect::<Result<_, _>>()?,
                        ),
                        _ => {
                            return Err(format!(
                                "span {n}: attribute {k:?} must be a string or a list of span ids"
                            ));
                        }
                    };
                    attrs.insert(k.clone(), value);
                }
                attrs
            }
            Some(_) => return Err(format!("span {n}: \"attrs\" must be an object")),
        };
        spans.push(RecordSpan {
            id,
            start: offset(span.get("start"), "start", n)?,
            end: offset(span.get("end"), "end", n)?,
            label: label_of(span.get("label"), n)?,
            text: optional_string(span, "text").map_err(|e| format!("span {n}: {e}"))?,
            attrs,
        });
    }
    Ok(spans)
}

fn doccano_entities(value: &Value) -> Result<Vec<RecordSpan>, String> {
    let Value::Array(items) = value else {
        return Err("\"entities\" must be a list".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            let Value::Object(e) = item else {
                return Err(format!("entity {n}: expected an object"));
            };
            Ok(RecordSpan {
                id: e.get("id").map(entity_id),
                start: offset(e.get("start_offset"), "start_offset", n)?,
                end: offset(e.get("end_offset"), "end_offset", n)?,
                label: label_of(e.get("label"), n)?,
                text: None,
                attrs: BTreeMap::new(),
            })
        })
        .collect()
}

/// The span id of a doccano entity id: an integer's decimal digits (which
/// `export --format doccano` writes back as the same integer), a string as
/// it is.
fn entity_id(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// A line's `relations`, doccano's (`{"from_id", "to_id", "type"}`, by
/// entity id) or Prodigy's (`{"head_span", "child_span", "label"}`, by
/// `start` and `end`), matched to `spans`.
fn relations(value: &Value, spans: &[RecordSpan]) -> Result<Vec<RecordRelation>, String> {
    let Value::Array(items) = value else {
        return Err("\"relations\" must be a list".into());
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Value::Object(relation) = item else {
            return Err(format!("relation {n}: expected an object"));
        };
        let ends = if relation.contains_key("from_id") || relation.contains_key("to_id") {
            let name = non_empty(relation.get("type"), || format!("relation {n}: \"type\""))?;
            let source = by_entity_id(relation.get("from_id"), "from_id", n, spans)?;
            let target = by_entity_id(relation.get("to_id"), "to_id", n, spans)?;
            (name, source, target)
        } else if relation.contains_key("head_span") || relation.contains_key("child_span") {
            let name = non_empty(relation.get("label"), || format!("relation {n}: \"label\""))?;
            let source = by_offsets(relation.get("head_span"), "head_span", n, spans)?;
            let target = by_offsets(relation.get("child_span"), "child_span", n, spans)?;
            (name, source, target)
        } else {
            return Err(format!(
                "relation {n}: expected doccano's \"from_id\", \"to_id\" and \"type\", or Prodigy's \"head_span\", \"child_span\" and \"label\" (relations between single tokens are not read)"
            ));
        };
        out.push(RecordRelation {
            number: n,
            name: ends.0,
            source: ends.1,
            target: ends.2,
        });
    }
    Ok(out)
}

/// The span whose entity `id` is `value` (doccano's `from_id`, `to_id`).
fn by_entity_id(
    value: Option<&Value>,
    key: &str,
    n: usize,
    spans: &[RecordSpan],
) -> Result<usize, String> {
    let id = match value {
        Some(v @ (Value::Number(_) | Value::String(_))) => entity_id(v),
        _ => return Err(format!("relation {n}: {key:?} must be an entity id")),
    };
    spans
        .iter()
        .position(|s| s.id.as_deref() == Some(id.as_str()))
        .ok_or_else(|| {
            format!(
                "relation {n}: {key:?} is {}, but no entity of the line has that id",
                value.map(Value::to_string).unwrap_or_default()
            )
        })
}

/// The span with the `start` and `end` (and `label`, when it is given) of
/// the object `value` (Prodigy's `head_span`, `child_span`).
fn by_offsets(
    value: Option<&Value>,
    key: &str,
    n: usize,
    spans: &[RecordSpan],
) -> Result<usize, String> {
    let Some(Value::Object(span)) = value else {
        return Err(format!("relation {n}: {key:?} must be an object"));
    };
    let offset = |what: &str| {
        span.get(what)
            .and_then(Value::as_u64)
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| format!("relation {n}: {key:?} needs a non-negative {what:?}"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let label = span.get("label").and_then(Value::as_str);
    let mut found = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.start == start && s.end == end && label.is_none_or(|l| l == s.label));
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Ok(i),
        (None, _) => Err(format!(
            "relation {n}: {key:?} {start}..{end} is not one of the line's spans"
        )),
        (Some(_), Some(_)) => Err(format!(
            "relation {n}: {key:?} {start}..{end} matches several spans of the line; give its \"label\""
        )),
    }
}

fn doccano_labels(value: &Value) -> Result<Vec<RecordSpan>, String> {
    let Value::Array(items) = value else {
        return Err("\"label\" must be a list of [start, end, label]".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            match item.as_array().map(Vec::as_slice) {
                Some([s, e, l]) => Ok(RecordSpan {
                    id: None,
                    start: offset(Some(s), "start", n)?,
                    end: offset(Some(e), "end", n)?,
                    label: label_of(Some(l), n)?,
                    text: None,
                    attrs: BTreeMap::new(),
                }),
                _ => Err(format!("label {n}: expected [start, end, \"label\"]")),
            }
        })
        .collect()
}

/// One JSONL line (without the newline) for `annotator`'s `layer` on `doc`:
/// the `jsonl` export's line for that layer.
pub fn record_line(doc: &Document, annotator: &str, layer: &Layer) -> String {
    let export_doc = ExportDoc {
        doc,
        annotator,
        layer,
        spans: layer.spans.iter().collect(),
    };
    let index = CharIndex::new(&doc.text);
    let spans = layer
        .spans
        .iter()
        .map(|s| line::RecordSpan::new(s, &doc.text, &index))
        .collect();
    serde_json::to_string(&line::Record::new(&export_doc, spans)).expect("records always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Vec<Record>, FileError> {
        parse_jsonl(source, Path::new("in.jsonl"))
    }

    #[test]
    fn reads_our_lines_with_attributes_and_status() {
        let records = parse(
            r#"{"id": "d", "text": "Hi 😀 Bob", "annotator": "a", "status": "done", "spans": [{"id": "T1", "start": 5, "end": 8, "label": "actor", "text": "Bob", "attrs": {"kind": "person"}}]}"#,
        )
        .expect("parses");
        let spans = records[0].spans.as_ref().expect("spans");
        assert_eq!(
            (spans[0].start, spans[0].end, spans[0].text.as_deref()),
            (5, 8, Some("Bob"))
        );
        assert_eq!(records[0].status, Some(Status::Done));
        assert_eq!(
            spans[0].attrs.get("kind").and_then(AttrValue::as_str),
            Some("person")
        );
    }

    #[test]
    fn reads_both_doccano_shapes() {
        let records = parse(concat!(
            "{\"id\": 7, \"text\": \"ab cd\", \"label\": [[0, 2, \"actor\"]]}\n",
            "\n",
            "{\"id\": 8, \"text\": \"ab cd\", \"entities\": [{\"id\": 3, \"start_offset\": 3, \"end_offset\": 5, \"label\": \"date\"}]}\n",
        ))
        .expect("parses");
        assert_eq!(records[0].id, "7");
        assert_eq!(records[1].line, 3);
        let entity = &records[1].spans.as_ref().expect("spans")[0];
        assert_eq!(
            (entity.id.as_deref(), entity.start, entity.end),
            (Some("3"), 3, 5)
        );
    }

    #[test]
    fn lines_without_id_take_one_from_their_text_and_integer_ids_their_digits() {
        let records = parse(concat!(
            "{\"text\": \"Zoe\u{308} \u{1F600}\", \"_input_hash\": -7, \"answer\": \"accept\", \"spans\": [{\"start\": 0, \"end\": 4, \"token_start\": 0, \"token_end\": 0, \"label\": \"actor\"}]}\n",
            "{\"id\": 18446744073709551615, \"text\": \"x\", \"answer\": \"reject\"}\n",
        ))
        .expect("parses");
        assert!(!records[0].has_id && records[1].has_id);
        assert_eq!(records[0].id, id_from_text("Zoe\u{308} \u{1F600}"));
        assert!(!records[0].rejected && records[1].rejected);
        assert_eq!(records[1].id, "18446744073709551615");
        assert_eq!(id_from_text(""), "doc-e3b0c44298fc");
    }

    #[test]
    fn what_a_line_says_of_itself_is_checked_by_the_reader() {
        let cases = [
            (
                "{\"id\": 1.5, \"text\": \"x\"}",
                "\"id\" must be a non-empty string or an integer",
            ),
            ("{\"title\": \"t\"}", "neither \"id\" nor \"text\""),
            (
                "{\"text\": \"x\", \"answer\": \"maybe\"}",
                "\"answer\" \"maybe\" is not one of",
            ),
            (
                "{\"id\": \"a\", \"annotator\": \" a\"}",
                "annotator name \" a\"",
            ),
            (
                "{\"id\": \"a\", \"spans\": [{\"start\": 3, \"end\": 3, \"label\": \"x\"}]}",
                "start is not before end",
            ),
            (
                "{\"text\": \"ab\", \"label\": [[1, 3, \"x\"]]}",
                "not a range inside the text",
            ),
        ];
        for (line, want) in cases {
            let err = parse(line).expect_err(want);
            assert!(
                err.to_string().starts_with("in.jsonl:1: ") && err.message.contains(want),
                "{err}"
            );
        }
    }

    #[test]
    fn bad_lines_are_named_by_line_and_column() {
        let err = parse("{\"id\": \"a\"}\n{\"id\": \"b\", \"spans\": [}\n").expect_err("bad json");
        assert_eq!(err.line, Some(2));
        assert!(err.column.is_some());
        let err =
            parse("{\"id\": \"a\", \"spans\": [{\"start\": -1, \"end\": 2, \"label\": \"x\"}]}")
                .expect_err("neg");
        assert_eq!(
            err.to_string(),
            "in.jsonl:1: span 1: \"start\" must be a non-negative integer"
        );
        assert!(
            parse("\n\n")
                .expect_err("empty")
                .message
                .contains("no JSON lines")
        );
    }

    #[test]
    fn relations_are_matched_to_entities_by_id_and_to_prodigy_spans_by_offsets() {
        let records = parse(concat!(
            "{\"text\": \"ab cd\", \"entities\": [{\"id\": 4, \"start_offset\": 0, \"end_offset\": 2, \"label\": \"x\"}, {\"id\": 9, \"start_offset\": 3, \"end_offset\": 5, \"label\": \"y\"}], \"relations\": [{\"id\": 0, \"from_id\": 9, \"to_id\": 4, \"type\": \"r\"}]}\n",
            "{\"text\": \"ab cd\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"x\"}, {\"start\": 3, \"end\": 5, \"label\": \"y\"}], \"relations\": [{\"head\": 0, \"child\": 1, \"head_span\": {\"start\": 0, \"end\": 2, \"label\": null}, \"child_span\": {\"start\": 3, \"end\": 5, \"label\": \"y\"}, \"label\": \"s\"}]}\n",
        ))
        .expect("parses");
        let one = |r: &RecordRelation| (r.name.clone(), r.source, r.target);
        let first = |r: &Record| r.relations.as_ref().expect("relations")[0].clone();
        assert_eq!(one(&first(&records[0])), ("r".to_owned(), 1, 0));
        assert_eq!(one(&first(&records[1])), ("s".to_owned(), 0, 1));
        assert_eq!(parse("{\"id\": \"a\"}").expect("parses")[0].relations, None);
    }

    #[test]
    fn relations_that_name_no_span_of_their_line_are_errors() {
        let line = |relations: &str| {
            format!(
                "{{\"text\": \"ab ab\", \"spans\": [{{\"start\": 0, \"end\": 2, \"label\": \"x\"}}, {{\"start\": 0, \"end\": 2, \"label\": \"y\"}}], \"relations\": [{relations}]}}"
            )
        };
        let cases = [
            (
                r#"{"head_span": {"start": 3, "end": 5}, "child_span": {"start": 0, "end": 2, "label": "x"}, "label": "r"}"#,
                "relation 1: \"head_span\" 3..5 is not one of the line's spans",
            ),
            (
                r#"{"head_span": {"start": 0, "end": 2}, "child_span": {"start": 0, "end": 2, "label": "x"}, "label": "r"}"#,
                "matches several spans of the line; give its \"label\"",
            ),
            (
                r#"{"head": 0, "child": 1, "label": "r"}"#,
                "relations between single tokens are not read",
            ),
            (
                r#"{"from_id": 1, "to_id": 2, "type": ""}"#,
                "relation 1: \"type\" must be a non-empty string",
            ),
        ];
        for (relation, want) in cases {
            let err = parse(&line(relation)).expect_err(want);
            assert!(
                err.to_string().starts_with("in.jsonl:1: ") && err.message.contains(want),
                "{err} lacks {want}"
            );
        }
    }
}
