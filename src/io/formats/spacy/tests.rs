use std::io::Read;

use rmpv::Value;

use super::hash::string_id;
use super::*;
use crate::model::{DocId, Document, Layer, SpanId, Status};

fn span(n: u64, start: usize, end: usize, label: &str) -> Span {
    Span::new(SpanId::numbered(n), start, end, label)
}

/// `(text, whitespace_)` of each token.
fn tokens_of(text: &str, spans: &[Span]) -> Vec<(String, &'static str)> {
    let refs: Vec<&Span> = spans.iter().collect();
    spacy_tokens(text, &refs)
        .into_iter()
        .map(|t| {
            let word = text.chars().skip(t.start).take(t.end - t.start).collect();
            (word, if t.space { " " } else { "" })
        })
        .collect()
}

/// What `spacy.blank("en").make_doc(text)` gives (spaCy 3.8.18), as
/// `(text, whitespace_)` per token.
#[test]
fn white_space_becomes_the_tokens_spacy_makes_of_it() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("a  b", &[("a", " "), (" ", ""), ("b", "")]),
        ("a\tb", &[("a", ""), ("\t", ""), ("b", "")]),
        ("a \tb", &[("a", " "), ("\t", ""), ("b", "")]),
        ("a\t b", &[("a", ""), ("\t ", ""), ("b", "")]),
        (" a", &[(" ", ""), ("a", "")]),
        ("  a", &[("  ", ""), ("a", "")]),
        ("a ", &[("a", " ")]),
        ("a  ", &[("a", " "), (" ", "")]),
        ("a\r\nb", &[("a", ""), ("\r\n", ""), ("b", "")]),
        ("a \r\n\r\nb", &[("a", " "), ("\r\n\r\n", ""), ("b", "")]),
        ("a\n\nb", &[("a", ""), ("\n\n", ""), ("b", "")]),
        ("a\u{a0}b", &[("a", ""), ("\u{a0}", ""), ("b", "")]),
        ("a \u{a0}b", &[("a", " "), ("\u{a0}", ""), ("b", "")]),
        ("a\u{a0} b", &[("a", ""), ("\u{a0} ", ""), ("b", "")]),
        ("   ", &[("   ", "")]),
        (" ", &[(" ", "")]),
        ("", &[]),
        (
            "a\u{2003}\u{2003}b",
            &[("a", ""), ("\u{2003}\u{2003}", ""), ("b", "")],
        ),
        ("a \n b", &[("a", " "), ("\n ", ""), ("b", "")]),
        ("a\n \nb", &[("a", ""), ("\n \n", ""), ("b", "")]),
        ("a\u{3000}b", &[("a", ""), ("\u{3000}", ""), ("b", "")]),
        ("a\u{85}b", &[("a", ""), ("\u{85}", ""), ("b", "")]),
        ("a \t \t b", &[("a", " "), ("\t \t ", ""), ("b", "")]),
        ("\n", &[("\n", "")]),
    ];
    for &(text, expected) in cases {
        let expected: Vec<(String, &str)> =
            expected.iter().map(|&(w, s)| (w.to_owned(), s)).collect();
        assert_eq!(tokens_of(text, &[]), expected, "{text:?}");
    }
}

#[test]
fn words_are_the_export_tokens() {
    assert_eq!(
        tokens_of("Zoe\u{308}'s \u{1F44D}\u{1F3FD}!", &[]),
        [
            ("Zoe\u{308}".to_owned(), ""),
            ("'".to_owned(), ""),
            ("s".to_owned(), " "),
            ("\u{1F44D}".to_owned(), ""),
            ("\u{1F3FD}".to_owned(), ""),
            ("!".to_owned(), ""),
        ]
    );
}

#[test]
fn white_space_is_cut_where_a_span_starts_or_ends_inside_it() {
    // "a" + "  " + "b": a span " b" starting inside the run, one "a " ending
    // after the first space (which then cannot be a's whitespace_).
    let text = "a  b";
    assert_eq!(
        tokens_of(text, &[span(1, 2, 4, "x")]),
        [
            ("a".to_owned(), " "),
            (" ".to_owned(), ""),
            ("b".to_owned(), "")
        ]
    );
    assert_eq!(
        tokens_of(text, &[span(1, 0, 2, "x")]),
        [
            ("a".to_owned(), ""),
            (" ".to_owned(), ""),
            (" ".to_owned(), ""),
            ("b".to_owned(), "")
        ]
    );
    assert_eq!(
        tokens_of(text, &[span(1, 1, 4, "x")]),
        [
            ("a".to_owned(), ""),
            ("  ".to_owned(), ""),
            ("b".to_owned(), "")
        ]
    );
    // An empty span needs no cut between a word and its trailing space.
    assert_eq!(
        tokens_of(text, &[span(1, 1, 1, "x"), span(2, 2, 2, "x")]),
        [
            ("a".to_owned(), " "),
            (" ".to_owned(), ""),
            ("b".to_owned(), "")
        ]
    );
    assert_eq!(
        tokens_of("\t\t\tx", &[span(1, 1, 2, "x")]),
        [
            ("\t".to_owned(), ""),
            ("\t".to_owned(), ""),
            ("\t".to_owned(), ""),
            ("x".to_owned(), "")
        ]
    );
}

#[test]
fn every_span_covers_whole_tokens_and_the_tokens_rebuild_the_text() {
    let text = "a\u{A0}bc  d\te\u{1F44D}\u{1F3FD}f \r\n g ";
    let n = text.chars().count();
    for s in 0..=n {
        for e in s..=n {
            let spans = [span(1, s, e, "x")];
            let refs: Vec<&Span> = spans.iter().collect();
            let tokens = spacy_tokens(text, &refs);
            assert!(token_range(&tokens, &spans[0]).is_some(), "{s}..{e}");
            let rebuilt: String = tokens
                .iter()
                .map(|t| {
                    let word: String = text.chars().skip(t.start).take(t.end - t.start).collect();
                    if t.space { word + " " } else { word }
                })
                .collect();
            assert_eq!(rebuilt, text, "{s}..{e}");
        }
    }
}

#[test]
fn the_words_are_exactly_the_export_tokens() {
    use crate::io::formats::tokens::export_tokens;
    use crate::model::offsets::CharIndex;

    let text = "\u{A0}Zoe\u{308}'s USA-based \u{1F469}\u{200D}\u{1F4BB}\r\n\t\u{5317}\u{4EAC}  x\u{1F44D}\u{1F3FD}. ";
    let n = text.chars().count();
    for s in 0..=n {
        for e in s..=n {
            let spans = [span(1, s, e, "x"), span(2, e / 2, e, "y")];
            let refs: Vec<&Span> = spans.iter().collect();
            let words: Vec<(usize, usize)> = spacy_tokens(text, &refs)
                .into_iter()
                .filter(|t| {
                    !text[t.start_byte..t.end_byte]
                        .chars()
                        .all(char::is_whitespace)
                })
                .map(|t| (t.start, t.end))
                .collect();
            assert_eq!(
                words,
                export_tokens(text, &CharIndex::new(text), &refs),
                "{s}..{e}"
            );
        }
    }
}

#[test]
fn entities_are_taken_by_start_longest_first_without_overlap() {
    let spans = [
        span(1, 0, 5, "claim"),
        span(2, 0, 2, "actor"),
        span(3, 3, 8, "actor"),
        span(4, 5, 9, "date"),
        span(5, 9, 9, "empty"),
        span(6, 9, 12, "actor"),
        span(7, 9, 12, "date"),
    ];
    let refs: Vec<&Span> = spans.iter().collect();
    let kept: Vec<u64> = entity_spans(&refs)
        .iter()
        .filter_map(|s| s.id.number())
        .collect();
    assert_eq!(kept, [1, 4, 6]);
}

fn decode(bytes: &[u8]) -> Value {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut raw)
        .unwrap();
    let mut cursor = raw.as_slice();
    let value = rmpv::decode::read_value(&mut cursor).unwrap();
    assert!(cursor.is_empty(), "one msgpack value, nothing after it");
    value
}

fn get<'v>(map: &'v Value, key: &str) -> &'v Value {
    map.as_map()
        .unwrap()
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map_or_else(|| panic!("no {key:?}"), |(_, v)| v)
}

fn bin(value: &Value) -> &[u8] {
    value.as_slice().unwrap()
}

fn one_document(text: &str, spans: Vec<Span>) -> Document {
    let mut doc = Document::new(
        DocId("d\u{e9}j\u{e0}-1".into()),
        String::new(),
        std::collections::BTreeMap::new(),
        text.into(),
    );
    doc.layers
        .insert("ann".into(), Layer::with_spans(Status::Done, spans));
    doc
}

/// The export of one document, decoded, and its notes: "PERSON met Zoë  in
/// Paris." with the spans "PERSON", "Zoë" and "PERSON met Zoë".
fn sample() -> (Value, Vec<String>) {
    let doc = one_document(
        "PERSON met Zo\u{eb}  in Paris.",
        vec![
            span(1, 0, 6, "actor"),
            span(2, 11, 14, "actor"),
            span(3, 0, 14, "claim"),
        ],
    );
    let layer = &doc.layers["ann"];
    let item = ExportDoc {
        doc: &doc,
        annotator: "ann",
        layer,
        spans: layer.spans.iter().collect(),
    };
    let exported = export(&[item]).unwrap();
    let Output::File(bytes) = &exported.output else {
        panic!("one file")
    };
    (decode(bytes), exported.notes)
}

#[test]
fn docbin_has_spacys_keys_attrs_and_token_table() {
    let (msg, notes) = sample();
    assert_eq!(
        notes,
        [
            "spacy: spans that overlap a span starting earlier or a longer one are in \
             doc.spans[\"sc\"] only, not in doc.ents"
        ]
    );
    let keys: Vec<&str> = msg
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "version",
            "attrs",
            "tokens",
            "spaces",
            "lengths",
            "strings",
            "cats",
            "flags",
            "span_groups",
            "user_data"
        ]
    );
    assert_eq!(get(&msg, "version").as_str(), Some("0.1"));
    let attrs: Vec<u64> = get(&msg, "attrs")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(attrs, [65, 77, 78]);
    assert_eq!(
        attrs,
        [
            string_id("ORTH"),
            string_id("ENT_IOB"),
            string_id("ENT_TYPE")
        ]
    );

    // PERSON, met, Zoë, " ", in, Paris, "."
    assert_eq!(bin(get(&msg, "lengths")), 7i32.to_le_bytes());
    assert_eq!(bin(get(&msg, "spaces")), [1, 1, 1, 0, 1, 0, 0]);
    let tokens: Vec<u64> = bin(get(&msg, "tokens"))
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let rows: Vec<&[u64]> = tokens.chunks_exact(3).collect();
    let claim = string_id("claim");
    assert_eq!(
        rows,
        [
            &[380, 3, claim][..],
            &[string_id("met"), 1, claim],
            &[string_id("Zo\u{eb}"), 1, claim],
            &[string_id(" "), 2, 0],
            &[string_id("in"), 2, 0],
            &[string_id("Paris"), 2, 0],
            &[string_id("."), 2, 0],
        ]
    );
    let strings: Vec<&str> = get(&msg, "strings")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        strings,
        [
            "", " ", ".", "PERSON", "Paris", "Zo\u{eb}", "actor", "claim", "in", "met"
        ]
    );
}

#[test]
fn docbin_keeps_the_document_id_and_the_sc_span_group() {
    let (msg, _) = sample();
    let claim = string_id("claim");
    let empty_map = Value::Map(Vec::new());
    assert_eq!(get(&msg, "cats"), &Value::Array(vec![empty_map.clone()]));
    assert_eq!(
        get(&msg, "flags"),
        &Value::Array(vec![Value::Map(vec![(
            "has_unknown_spaces".into(),
            false.into()
        )])])
    );
    let user_data = get(&msg, "user_data").as_array().unwrap();
    assert_eq!(
        rmpv::decode::read_value(&mut bin(&user_data[0])).unwrap(),
        Value::Map(vec![("id".into(), "d\u{e9}j\u{e0}-1".into())])
    );

    let groups = get(&msg, "span_groups").as_array().unwrap();
    let groups = rmpv::decode::read_value(&mut bin(&groups[0])).unwrap();
    let (group, keys) = &groups.as_map().unwrap()[0];
    assert_eq!(keys, &Value::Array(vec!["sc".into()]));
    let group = rmpv::decode::read_value(&mut bin(group)).unwrap();
    assert_eq!(get(&group, "name").as_str(), Some("sc"));
    assert_eq!(get(&group, "attrs"), &empty_map);
    let spans: Vec<(u64, u64, u64, i32, i32, i32, i32)> = get(&group, "spans")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let b = bin(v);
            assert_eq!(b.len(), 40);
            let q = |i: usize| u64::from_be_bytes(b[i..i + 8].try_into().unwrap());
            let l = |i: usize| i32::from_be_bytes(b[i..i + 4].try_into().unwrap());
            (q(0), q(8), q(16), l(24), l(28), l(32), l(36))
        })
        .collect();
    let actor = string_id("actor");
    assert_eq!(
        spans,
        [
            (0, 0, actor, 0, 1, 0, 6),
            (0, 0, claim, 0, 3, 0, 14),
            (0, 0, actor, 2, 3, 11, 14)
        ]
    );
}

#[test]
fn a_document_without_spans_still_has_an_empty_sc_group() {
    let doc = one_document("", Vec::new());
    let layer = &doc.layers["ann"];
    let item = ExportDoc {
        doc: &doc,
        annotator: "ann",
        layer,
        spans: Vec::new(),
    };
    let exported = export(&[item]).unwrap();
    assert!(exported.notes.is_empty());
    let Output::File(bytes) = &exported.output else {
        panic!("one file")
    };
    let msg = decode(bytes);
    assert_eq!(bin(get(&msg, "lengths")), 0i32.to_le_bytes());
    assert!(bin(get(&msg, "tokens")).is_empty());
    let groups = get(&msg, "span_groups").as_array().unwrap();
    let groups = rmpv::decode::read_value(&mut bin(&groups[0])).unwrap();
    let group = rmpv::decode::read_value(&mut bin(&groups.as_map().unwrap()[0].0)).unwrap();
    assert_eq!(get(&group, "spans"), &Value::Array(Vec::new()));
}

#[test]
fn a_span_outside_the_text_is_an_error_not_a_panic() {
    let doc = one_document("short", vec![span(1, 2, 9, "actor")]);
    let layer = &doc.layers["ann"];
    let item = ExportDoc {
        doc: &doc,
        annotator: "ann",
        layer,
        spans: layer.spans.iter().collect(),
    };
    let error = export(&[item]).unwrap_err();
    assert!(
        matches!(error, SpacyError::SpanOutsideText { end: 9, len: 5, .. }),
        "{error}"
    );
}

#[test]
fn span_attributes_are_left_out_with_a_note() {
    let doc = one_document(
        "Trump and Putin",
        vec![
            span(1, 0, 5, "actor").with_attrs(&[("kind", "person")]),
            span(2, 10, 15, "actor").with_attrs(&[("kind", "person")]),
        ],
    );
    let layer = &doc.layers["ann"];
    let item = ExportDoc {
        doc: &doc,
        annotator: "ann",
        layer,
        spans: layer.spans.iter().collect(),
    };
    assert_eq!(
        export(&[item]).unwrap().notes,
        ["spacy: a DocBin holds no span attributes or span references; they are left out"]
    );
}
