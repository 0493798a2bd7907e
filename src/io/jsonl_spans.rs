//! Reading a JSONL file for its spans alone, as `eval` needs it: each
//! line's id, annotator, Prodigy answer and spans (offsets and label).
//!
//! Every line is checked exactly as [`parse_jsonl`](super::jsonl::parse_jsonl)
//! checks it, but read straight from the line's characters into what is
//! kept (no JSON value tree, no owned copy of what is only checked: the
//! title, the metadata, the spans' ids, covered texts and attributes). A
//! line this reading is not sure of (any error, a duplicated key, another
//! shape than our own `spans`, relations) is read again by the full reader,
//! which gives the record, or the error message, it always gave.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::error::FileError;
use super::jsonl::{Record, id_from_text, parse_line};
use crate::model::Status;
use crate::model::layer::is_valid_annotator;
use crate::model::offsets::{CharCursor, CharIndex};

/// What `eval` keeps of one JSONL line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRecord {
    /// 1-based line number in the file.
    pub line: usize,
    /// Document id, as [`Record::id`].
    pub id: String,
    /// The layer's annotator, when the line names one.
    pub annotator: Option<String>,
    /// Whether the line is a Prodigy task answered `reject` or `ignore`.
    pub rejected: bool,
    /// Spans as (start, end, label), or `None` when the line has no span
    /// list at all.
    pub spans: Option<Vec<(usize, usize, String)>>,
}

impl From<Record> for SpanRecord {
    fn from(record: Record) -> Self {
        Self {
            line: record.line,
            id: record.id,
            annotator: record.annotator,
            rejected: record.rejected,
            spans: record.spans.map(|spans| {
                spans
                    .into_iter()
                    .map(|s| (s.start, s.end, s.label))
                    .collect()
            }),
        }
    }
}

/// Reads every non-blank line of a JSONL file's `source` for its spans;
/// the same lines, checks and errors as
/// [`parse_jsonl`](super::jsonl::parse_jsonl).
pub fn parse_jsonl_spans(source: &str, path: &Path) -> Result<Vec<SpanRecord>, FileError> {
    let mut records = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let record = match quick_line(line, number) {
            Some(record) => record,
            None => parse_line(line, number, path)?.into(),
        };
        records.push(record);
    }
    if records.is_empty() {
        return Err(FileError::new(path, "the file has no JSON lines"));
    }
    Ok(records)
}

/// The record of a line that passes every check of the full reader, or
/// `None` when unsure.
fn quick_line(line: &str, number: usize) -> Option<SpanRecord> {
    let mut de = serde_json::Deserializer::from_str(line);
    let fields = de.deserialize_map(LineVisitor).ok()?;
    de.end().ok()?;
    let text = fields.text;
    let id = match (fields.id, &text) {
        (Some(id), _) => id,
        (None, Some(text)) => id_from_text(text),
        (None, None) => return None,
    };
    let annotator = fields.annotator;
    if annotator.as_deref().is_some_and(|n| !is_valid_annotator(n)) {
        return None;
    }
    let rejected = match fields.answer.as_deref() {
        None | Some("accept") => false,
        Some("reject" | "ignore") => true,
        Some(_) => return None,
    };
    if let Some(status) = &fields.status {
        Status::parse(status)?;
    }
    let spans = match fields.spans {
        Some(spans) => Some(spans),
        None if fields.other_shape => return None,
        None => None,
    };
    let kept = spans.as_deref().unwrap_or_default();
    if !covers(kept, text.as_deref()) {
        return None;
    }
    Some(SpanRecord {
        line: number,
        id,
        annotator: annotator.map(Cow::into_owned),
        rejected,
        spans: spans.map(|spans| {
            spans
                .into_iter()
                .map(|s| (s.start, s.end, s.label.into_owned()))
                .collect()
        }),
    })
}

/// Whether every span starts before it ends and, when the line has its
/// text, lies inside it and covers its `text` (when given).
///
/// Spans in order of their start (as every export writes them) are found
/// walking forward through the text, up to the last span's end; others
/// through a code point index of the whole text.
fn covers(spans: &[QuickSpan], text: Option<&str>) -> bool {
    if spans.iter().any(|s| s.start >= s.end) {
        return false;
    }
    let Some(text) = text.filter(|_| !spans.is_empty()) else {
        return true;
    };
    let covered = |s: &QuickSpan, from: usize, to: usize| {
        s.covered
            .as_deref()
            .is_none_or(|expected| expected == &text[from..to])
    };
    if spans.is_sorted_by_key(|s| s.start) {
        let mut starts = CharCursor::new(text);
        return spans.iter().all(|s| {
            let Some(from) = starts.char_to_byte(s.start) else {
                return false;
            };
            let mut ends = starts;
            ends.char_to_byte(s.end)
                .is_some_and(|to| covered(s, from, to))
        });
    }
    let chars = CharIndex::new(text);
    spans.iter().all(|s| {
        s.end <= chars.char_len()
            && covered(
                s,
                chars.char_to_byte(text, s.start),
                chars.char_to_byte(text, s.end),
            )
    })
}

/// The fields of a line that are kept or checked; `None` when absent or
/// `null`.
#[derive(Default)]
struct LineFields<'a> {
    id: Option<String>,
    text: Option<Cow<'a, str>>,
    annotator: Option<Cow<'a, str>>,
    answer: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    spans: Option<Vec<QuickSpan<'a>>>,
    /// Whether the line has doccano's `entities` or `label`.
    other_shape: bool,
}

/// A span of a line: what is kept, and its covered text to check.
struct QuickSpan<'a> {
    start: usize,
    end: usize,
    label: Cow<'a, str>,
    covered: Option<Cow<'a, str>>,
}

/// An error that only says "unsure": the full reader reads the line again.
fn unsure<E: de::Error>() -> E {
    E::custom("unsure")
}

/// Keys of a line or of a span, as far as this reader looks at them.
enum Key {
    Id,
    Text,
    Title,
    Annotator,
    Answer,
    Status,
    Meta,
    Spans,
    OtherShape,
    Relations,
    Start,
    End,
    Label,
    Attrs,
    Other,
}

impl Key {
    /// A bit for each key a line or span may have once.
    fn bit(&self) -> u32 {
        1 << match self {
            Key::Id => 0,
            Key::Text => 1,
            Key::Title => 2,
            Key::Annotator => 3,
            Key::Answer => 4,
            Key::Status => 5,
            Key::Meta => 6,
            Key::Spans => 7,
            Key::OtherShape => 8,
            Key::Relations => 9,
            Key::Start => 10,
            Key::End => 11,
            Key::Label => 12,
            Key::Attrs => 13,
            Key::Other => return 0,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "id" => Key::Id,
            "text" => Key::Text,
            "title" => Key::Title,
            "annotator" => Key::Annotator,
            "answer" => Key::Answer,
            "status" => Key::Status,
            "meta" => Key::Meta,
            "spans" => Key::Spans,
            "entities" => Key::OtherShape,
            "label" => Key::Label,
            "relations" => Key::Relations,
            "start" => Key::Start,
            "end" => Key::End,
            "attrs" => Key::Attrs,
            _ => Key::Other,
        })
    }
}

/// Records `key` as seen; an error when it was seen before.
fn first_time<E: de::Error>(seen: &mut u32, key: &Key) -> Result<(), E> {
    if *seen & key.bit() != 0 {
        return Err(unsure());
    }
    *seen |= key.bit();
    Ok(())
}

struct LineVisitor;

impl<'de> Visitor<'de> for LineVisitor {
    type Value = LineFields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object for a document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = LineFields::default();
        let mut seen = 0;
        while let Some(key) = map.next_key::<Key>()? {
            first_time(&mut seen, &key)?;
            match key {
                Key::Id => fields.id = map.next_value_seed(Nullable(IdSeed))?,
                Key::Text => fields.text = map.next_value_seed(Nullable(StrSeed))?,
                Key::Annotator => {
                    fields.annotator = map.next_value_seed(Nullable(StrSeed))?;
                }
                Key::Answer => fields.answer = map.next_value_seed(Nullable(StrSeed))?,
                Key::Status => fields.status = map.next_value_seed(Nullable(StrSeed))?,
                Key::Title => {
                    map.next_value_seed(Nullable(StrSeed))?;
                }
                Key::Meta => {
                    map.next_value_seed(Nullable(ObjectSeed))?;
                }
                Key::Spans => fields.spans = Some(map.next_value_seed(SpansSeed)?),
                Key::OtherShape | Key::Label => {
                    fields.other_shape = true;
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Relations => {
                    if map.next_value::<Option<IgnoredAny>>()?.is_some() {
                        return Err(unsure());
                    }
                }
                Key::Start | Key::End | Key::Attrs | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(fields)
    }
}

/// Makes a visitor its own seed: `$method` asks the deserializer for what
/// it visits.
macro_rules! own_seed {
    ($seed:ident, $method:ident) => {
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = <Self as Visitor<'de>>::Value;

            fn deserialize<D: de::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.$method(self)
            }
        }
    };
}

/// `T`, or `None` for `null`.
struct Nullable<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Nullable<T> {
    type Value = Option<T::Value>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: DeserializeSeed<'de>> Visitor<'de> for Nullable<T> {
    type Value = Option<T::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// A string, borrowed from the line when it has no escapes.
struct StrSeed;

own_seed!(StrSeed, deserialize_str);

impl<'de> Visitor<'de> for StrSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
}

/// A line's `id`: a non-empty string, or an integer as its digits.
struct IdSeed;

own_seed!(IdSeed, deserialize_any);

impl Visitor<'_> for IdSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a document id")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        if s.is_empty() {
            return Err(unsure());
        }
        Ok(s.to_owned())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<String, E> {
        Ok(n.to_string())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<String, E> {
        Ok(n.to_string())
    }
}

/// Any JSON object, its contents unchecked (a line's `meta`).
struct ObjectSeed;

own_seed!(ObjectSeed, deserialize_map);

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// A line's `spans`: a list of span objects.
struct SpansSeed;

own_seed!(SpansSeed, deserialize_seq);

impl<'de> Visitor<'de> for SpansSeed {
    type Value = Vec<QuickSpan<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of spans")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut spans = Vec::with_capacity(seq.size_hint().unwrap_or(16));
        while let Some(span) = seq.next_element_seed(SpanSeed)? {
            spans.push(span);
        }
        Ok(spans)
    }
}

/// One span object of our JSONL.
struct SpanSeed;

own_seed!(SpanSeed, deserialize_map);

impl<'de> Visitor<'de> for SpanSeed {
    type Value = QuickSpan<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a span object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut start, mut end, mut label, mut covered) = (None, None, None, None);
        let mut seen = 0;
        while let Some(key) = map.next_key::<Key>()? {
            first_time(&mut seen, &key)?;
            match key {
                Key::Id => {
                    map.next_value_seed(Nullable(ScalarSeed))?;
                }
                Key::Start => start = Some(map.next_value_seed(OffsetSeed)?),
                Key::End => end = Some(map.next_value_seed(OffsetSeed)?),
                Key::Label => label = Some(map.next_value_seed(StrSeed)?),
                Key::Text => covered = map.next_value_seed(Nullable(StrSeed))?,
                Key::Attrs => {
                    map.next_value_seed(Nullable(AttrsSeed))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (start, end, label) {
            (Some(start), Some(end), Some(label)) if !label.is_empty() => Ok(QuickSpan {
                start,
                end,
                label,
                covered,
            }),
            _ => Err(unsure()),
        }
    }
}

/// A non-negative integer offset.
struct OffsetSeed;

own_seed!(OffsetSeed, deserialize_u64);

impl Visitor<'_> for OffsetSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<usize, E> {
        usize::try_from(n).map_err(|_| unsure())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<usize, E> {
        usize::try_from(n).map_err(|_| unsure())
    }
}

/// A string or a number (a span id, or an id in a `many` attribute).
struct ScalarSeed;

own_seed!(ScalarSeed, deserialize_any);

impl Visitor<'_> for ScalarSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
}

/// A span's `attrs`: an object of strings and lists of span ids.
struct AttrsSeed;

own_seed!(AttrsSeed, deserialize_map);

impl<'de> Visitor<'de> for AttrsSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("attributes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(AttrValueSeed)?;
        }
        Ok(())
    }
}

/// An attribute value: a string, or a list of span ids.
struct AttrValueSeed;

own_seed!(AttrValueSeed, deserialize_any);

impl<'de> Visitor<'de> for AttrValueSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of span ids")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(ScalarSeed)?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::jsonl::parse_jsonl;

    /// The full reader's records (or error) for `source`, as span records.
    fn full(source: &str) -> Result<Vec<SpanRecord>, String> {
        parse_jsonl(source, Path::new("in.jsonl"))
            .map(|records| records.into_iter().map(SpanRecord::from).collect())
            .map_err(|e| e.to_string())
    }

    fn quick(source: &str) -> Result<Vec<SpanRecord>, String> {
        parse_jsonl_spans(source, Path::new("in.jsonl")).map_err(|e| e.to_string())
    }

    #[test]
    fn every_line_reads_as_the_full_reader_reads_it() {
        let lines = [
            r#"{"id": "d", "title": "T", "text": "Hi 😀 Bob\r\n", "meta": {"a": 1}, "annotator": "a", "status": "done", "spans": [{"id": "T1", "start": 5, "end": 8, "label": "actor", "text": "Bob", "attrs": {"kind": "person", "ids": ["T2", 3, 1.5]}}]}"#,
            r#"{"id": 7, "spans": [{"id": 3, "start": 0, "end": 2, "label": "x", "token_start": 0}], "relations": null}"#,
            r#"{"text": "Zoe\u0308 ab", "answer": "reject", "spans": []}"#,
            r#"{"id": "a", "answer": "accept", "annotator": null, "meta": null}"#,
            r#"{"id": -4, "spans": [{"start": 1, "end": 2, "label": "x", "id": null, "text": null}], "entities": 3}"#,
            r#"{"id": "e", "text": "ab cd", "label": [[0, 2, "actor"]]}"#,
            r#"{"id": "f", "text": "ab cd", "entities": [{"id": 3, "start_offset": 3, "end_offset": 5, "label": "date"}]}"#,
            r#"{"id": "g", "text": "ab ab", "spans": [{"start": 0, "end": 2, "label": "x"}, {"start": 3, "end": 5, "label": "y"}], "relations": [{"head_span": {"start": 0, "end": 2}, "child_span": {"start": 3, "end": 5}, "label": "r"}]}"#,
            r#"{"id": "h", "id": "i"}"#,
            r#"{"id": "j", "spans": [{"start": 0, "end": 2, "label": "x", "start": 1}]}"#,
            r#"{"id": "k", "text": "Zoe\u0301 😀\r\n ab", "spans": [{"start": 10, "end": 11, "label": "x", "text": "b"}, {"start": 0, "end": 4, "label": "y", "text": "Zoe\u0301"}, {"start": 0, "end": 9, "label": "z"}]}"#,
        ];
        let source = lines.join("\n");
        assert!(full(&source).is_ok());
        // Our own lines are read without the full reader.
        for line in [0, 1, 2, 3, 4, 10] {
            assert!(quick_line(lines[line], 1).is_some(), "{}", lines[line]);
        }
        assert_eq!(quick(&source), full(&source));
        for line in lines {
            assert_eq!(quick(line), full(line), "{line}");
        }
    }

    #[test]
    fn every_bad_line_gets_the_full_readers_message() {
        let bad = [
            r#"{"id": 1.5, "text": "x"}"#,
            r#"{"id": ""}"#,
            r#"{"title": "t"}"#,
            r#"{"id": "a", "title": 3}"#,
            r#"{"text": "x", "answer": "maybe"}"#,
            r#"{"id": "a", "annotator": " a"}"#,
            r#"{"id": "a", "status": "finished"}"#,
            r#"{"id": "a", "meta": []}"#,
            r#"{"id": "a", "spans": null}"#,
            r#"{"id": "a", "spans": [[0, 2, "x"]]}"#,
            r#"{"id": "a", "spans": [{"start": 3, "end": 3, "label": "x"}]}"#,
            r#"{"id": "a", "spans": [{"start": -1, "end": 2, "label": "x"}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2.0, "label": "x"}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": ""}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": "x", "id": true}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": "x", "attrs": {"k": 1}}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": "x", "attrs": {"k": [null]}}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": "x", "text": 5}]}"#,
            r#"{"id": "a", "text": "ab", "spans": [{"start": 1, "end": 3, "label": "x"}]}"#,
            r#"{"id": "a", "text": "a😀b", "spans": [{"start": 1, "end": 2, "label": "x", "text": "b"}]}"#,
            r#"{"id": "a", "text": "a😀b", "spans": [{"start": 2, "end": 3, "label": "x"}, {"start": 0, "end": 4, "label": "x"}]}"#,
            r#"{"id": "a", "text": "a😀b", "spans": [{"start": 0, "end": 1, "label": "x"}, {"start": 4, "end": 5, "label": "x"}]}"#,
            r#"{"id": "a", "spans": [{"start": 0, "end": 2, "label": "x"}], "relations": [{"head": 0}]}"#,
            r#"{"id": "a", "spans": []} x"#,
            r#"["id", "a"]"#,
            r#"{"id": "a", "spans": [}"#,
        ];
        for line in bad {
            let want = full(line);
            assert!(want.is_err(), "{line}");
            assert_eq!(quick(line), want, "{line}");
        }
        assert_eq!(quick("\n \n"), full("\n \n"));
    }
}
