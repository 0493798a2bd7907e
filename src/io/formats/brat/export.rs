//! Writing brat standoff: `ID.txt`, `ID.ann` per document and one
//! `annotation.conf`.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use super::conf::{BINARY_VALUES, conf_for};
use super::{covered_text, file_stem, fragments_for, is_line_break};
use crate::io::formats::ExportError;
use crate::io::formats::{ExportDoc, Exported, Output};
use crate::model::{AttributeKind, Schema, Span};

/// The brat files for `docs` (a folder: `ID.txt`, `ID.ann`,
/// `annotation.conf`). brat holds one layer per document, so a document
/// may come only once; two ids that become the same file name (ignoring
/// case, for case-insensitive file systems) are an error, never an
/// overwrite.
pub fn export(schema: &Schema, docs: &[ExportDoc<'_>]) -> Result<Exported, ExportError> {
    let mut stems: HashMap<String, (&str, &str)> = HashMap::new();
    for doc in docs {
        let id = doc.doc.id.as_str();
        let stem = file_stem(id).map_err(ExportError::Format)?;
        if let Some(&(other, other_layer)) = stems.get(&stem.to_lowercase()) {
            return Err(ExportError::Format(if other == id {
                format!(
                    "brat holds one layer per document, but document {id:?} comes with layers {other_layer:?} and {:?}; choose one with --annotator NAME or --gold",
                    doc.annotator
                )
            } else {
                format!(
                    "documents {other:?} and {id:?} would both be written as {stem}.txt and {stem}.ann; rename one of them"
                )
            }));
        }
        stems.insert(stem.to_lowercase(), (id, doc.annotator));
    }
    let mut notes = BTreeSet::new();
    let mut files = Vec::with_capacity(docs.len() * 2 + 1);
    files.push(("annotation.conf".to_owned(), conf_for(schema).into_bytes()));
    for doc in docs {
        let stem = file_stem(doc.doc.id.as_str()).map_err(ExportError::Format)?;
        files.push((format!("{stem}.txt"), doc.doc.text.clone().into_bytes()));
        files.push((
            format!("{stem}.ann"),
            ann_for(schema, doc, &mut notes)?.into_bytes(),
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Exported {
        output: Output::Folder(files),
        notes: notes.into_iter().collect(),
    })
}

/// brat ids for the spans: a span's own id when it is `T` and a number,
/// else the next free `T` number.
fn brat_ids<'a>(spans: &[&'a Span]) -> HashMap<&'a str, String> {
    let is_brat = |id: &str| {
        id.strip_prefix('T')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    // Counted in u128, so that a span id `T18446744073709551615` (u64::MAX)
    // cannot make the next number overflow.
    let mut next = spans
        .iter()
        .filter_map(|s| s.id.number())
        .max()
        .map_or(0, u128::from);
    spans
        .iter()
        .map(|span| {
            let id = span.id.as_str();
            let brat = if is_brat(id) {
                id.to_owned()
            } else {
                next += 1;
                format!("T{next}")
            };
            (id, brat)
        })
        .collect()
}

/// The `.ann` text of one document: `T` lines, then `A`, `R` and `#`.
fn ann_for(
    schema: &Schema,
    doc: &ExportDoc<'_>,
    notes: &mut BTreeSet<String>,
) -> Result<String, ExportError> {
    let chars: Vec<char> = doc.doc.text.chars().collect();
    let ids = brat_ids(&doc.spans);
    let mut out = String::new();
    let (mut attrs, mut relations, mut comments) = (String::new(), String::new(), String::new());
    let (mut a, mut r, mut n) = (0, 0, 0);
    for span in &doc.spans {
        let id = &ids[span.id.as_str()];
        let fragments = fragments_for(&chars, span.start, span.end);
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let _ = writeln!(
            out,
            "{id}\t{} {}\t{}",
            span.label,
            offsets.join(";"),
            covered_text(&chars, &fragments)
        );
        if fragments.len() > 1 {
            notes.insert("spans that cross a line break are written as brat writes them: fragments split at the line break (import joins them back)".to_owned());
        }
        let label = schema.label(&span.label);
        for (name, value) in &span.attrs {
            match label.and_then(|l| l.attribute(name)).map(|a| &a.kind) {
                Some(AttributeKind::Enum(values)) => {
                    let value = value.to_string();
                    a += 1;
                    if values.as_slice() == BINARY_VALUES {
                        let _ = writeln!(attrs, "A{a}\t{name} {id}");
                    } else {
                        if value.contains(|c| c == '\t' || is_line_break(c)) {
                            return Err(ExportError::Format(format!(
                                "the value {value:?} of {name} (span {} in document {}) holds a tab or line break, which a brat .ann line cannot",
                                span.id, doc.doc.id
                            )));
                        }
                        if value.contains(['|', ',', ' ']) {
                            notes.insert(format!("the value {value:?} of {name} holds a character that annotation.conf cannot declare (space, tab, '|' or ',')"));
                        }
                        let _ = writeln!(attrs, "A{a}\t{name} {id} {value}");
                    }
                }
                Some(AttributeKind::SpanRef(_)) => {
                    for named in value.ids() {
                        if let Some(target) = ids.get(named) {
                            r += 1;
                            let _ = writeln!(relations, "R{r}\t{name} Arg1:{id} Arg2:{target}");
                        } else {
                            notes.insert(format!(
                                "span references to spans that are not exported are left out (first: {name} of span {} in document {})",
                                span.id, doc.doc.id
                            ));
                        }
                    }
                }
                Some(AttributeKind::Text) | None => {
                    n += 1;
                    let json = json_string(&value.to_string());
                    let _ = writeln!(comments, "#{n}\tAnnotatorNotes {id}\t{name}={json}");
                    notes.insert("text attributes are written as brat AnnotatorNotes (#) lines, NAME=\"JSON string\", which import reads back".to_owned());
                }
            }
        }
    }
    out.push_str(&attrs);
    out.push_str(&relations);
    out.push_str(&comments);
    Ok(out)
}

/// `value` as a JSON string that stays on one brat line: JSON escapes
/// control characters, and NEL, LS and PS are escaped too.
fn json_string(value: &str) -> String {
    serde_json::to_string(value)
        .expect("strings serialise")
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{Document, Layer, SpanId, Status};

    fn schema() -> Schema {
        ron::from_str(DEFAULT_SCHEMA_RON).expect("schema")
    }

    fn folder(exported: &Exported) -> BTreeMap<&str, &str> {
        let Output::Folder(files) = &exported.output else {
            panic!("a folder")
        };
        files
            .iter()
            .map(|(n, b)| (n.as_str(), std::str::from_utf8(b).expect("UTF-8")))
            .collect()
    }

    #[test]
    fn writes_text_bound_attribute_relation_and_note_lines() {
        let text = "\u{1F469}\u{200D}\u{1F4BB} Zoe\u{308} said\r\nthe talks\u{A0}will go on.";
        let doc = Document::new("d/1".into(), String::new(), BTreeMap::new(), text.into());
        let spans = vec![
            Span::new(SpanId::from("T1"), 4, 8, "actor").with_attrs(&[("kind", "person")]),
            Span::new(SpanId::from("c"), 9, 36, "claim").with_attrs(&[("speaker", "T1")]),
            Span::new(SpanId::from("x"), 0, 3, "date").with_attrs(&[("value", "a\"b\nc")]),
        ];
        let layer = Layer::with_spans(Status::Done, spans);
        let export_doc = ExportDoc {
            doc: &doc,
            annotator: "alice",
            layer: &layer,
            spans: layer.spans.iter().collect(),
        };
        let exported = export(&schema(), &[export_doc]).expect("exports");
        let files = folder(&exported);
        assert_eq!(
            files.keys().copied().collect::<Vec<_>>(),
            ["annotation.conf", "d%2F1.ann", "d%2F1.txt"]
        );
        assert_eq!(files["d%2F1.txt"], text);
        assert_eq!(
            files["d%2F1.ann"],
            "T2\tdate 0 3\t\u{1F469}\u{200D}\u{1F4BB}\nT1\tactor 4 8\tZoe\u{308}\nT3\tclaim 9 13;15 36\tsaid the talks\u{A0}will go on.\nA1\tkind T1 person\nR1\tspeaker Arg1:T3 Arg2:T1\n#1\tAnnotatorNotes T2\tvalue=\"a\\\"b\\nc\"\n"
        );
        assert_eq!(exported.notes.len(), 2, "{:?}", exported.notes);
    }

    #[test]
    fn binary_attributes_and_odd_text_values_stay_on_their_lines() {
        let mut schema = schema();
        schema.labels[0]
            .attributes
            .push(crate::model::AttributeDef {
                name: "Negated".into(),
                kind: AttributeKind::Enum(vec!["true".into()]),
                required: false,
                many: false,
            });
        let doc = Document::new(
            "d".into(),
            String::new(),
            BTreeMap::new(),
            "Putin, 2025".into(),
        );
        let spans = vec![
            Span::new(SpanId::from("T1"), 0, 5, "actor").with_attrs(&[("Negated", "true")]),
            Span::new(SpanId::from("T2"), 7, 11, "date")
                .with_attrs(&[("value", "a\u{2028}b\u{85}c\u{1C}d")]),
        ];
        let layer = Layer::with_spans(Status::Done, spans);
        let export_doc = ExportDoc {
            doc: &doc,
            annotator: "alice",
            layer: &layer,
            spans: layer.spans.iter().collect(),
        };
        let exported = export(&schema, &[export_doc]).expect("exports");
        let files = folder(&exported);
        assert_eq!(
            files["d.ann"],
            "T1\tactor 0 5\tPutin\nT2\tdate 7 11\t2025\nA1\tNegated T1\n#1\tAnnotatorNotes T2\tvalue=\"a\\u2028b\\u0085c\\u001cd\"\n"
        );
        assert!(files["annotation.conf"].contains("\nNegated\tArg:actor\n"));
    }

    #[test]
    fn two_ids_with_one_file_name_or_one_document_twice_are_errors() {
        let a = Document::new("a*b".into(), String::new(), BTreeMap::new(), "x".into());
        let b = Document::new("A*B".into(), String::new(), BTreeMap::new(), "y".into());
        let layer = Layer::default();
        let doc = |d| ExportDoc {
            doc: d,
            annotator: "alice",
            layer: &layer,
            spans: Vec::new(),
        };
        let err = export(&schema(), &[doc(&a), doc(&b)]).expect_err("clash");
        assert!(err.to_string().contains("\"a*b\" and \"A*B\""), "{err}");
        let err = export(&schema(), &[doc(&a), doc(&a)]).expect_err("twice");
        assert!(err.to_string().contains("one layer per document"), "{err}");
    }

    #[test]
    fn fresh_brat_ids_go_past_the_largest_number_without_overflowing() {
        let spans = [
            Span::new(SpanId::from("T18446744073709551615"), 0, 1, "actor"),
            Span::new(SpanId::from("x"), 1, 2, "actor"),
        ];
        let ids = brat_ids(&spans.iter().collect::<Vec<_>>());
        assert_eq!(ids["x"], "T18446744073709551616");
        assert_eq!(ids["T18446744073709551615"], "T18446744073709551615");
    }
}
