//! End-to-end tests of `marginalia suggest` on the demo project and the
//! Unicode fixture: the layer it writes, idempotence, `--from` and `--into`.

mod common;

use std::collections::BTreeSet;

use common::{Scratch, copy_tree, fixture, python_slice, repo};
use marginalia::io::load_project;
use marginalia::model::Project;

/// A scratch folder holding a copy of `from` as `p.ron`.
fn with_copy(from: &std::path::Path) -> Scratch {
    let scratch = Scratch::new();
    copy_tree(from, &scratch.path("p.ron"));
    scratch
}

fn demo() -> Scratch {
    with_copy(&repo().join("projects/diplomacy-demo.ron"))
}

fn unicode() -> Scratch {
    with_copy(&fixture("unicode.ron"))
}

fn load(scratch: &Scratch) -> Project {
    load_project(&scratch.path("p.ron")).expect("the project loads")
}

/// (document, start, end, label, text) of every span in `layer`.
fn layer_spans(project: &Project, layer: &str) -> Vec<(String, usize, usize, String, String)> {
    project
        .documents
        .iter()
        .filter_map(|d| d.layers.get(layer).map(|l| (d, l)))
        .flat_map(|(d, l)| {
            l.spans.iter().map(move |s| {
                (
                    d.id.to_string(),
                    s.start,
                    s.end,
                    s.label.clone(),
                    python_slice(&d.text, s.start, s.end),
                )
            })
        })
        .collect()
}

#[test]
fn suggest_writes_the_default_layer_and_running_twice_changes_nothing() {
    let scratch = demo();
    let before = load(&scratch);
    let out = scratch.run_ok(&["suggest", "p.ron"]);
    assert!(out.contains("model:suggest"), "{out}");
    let once = scratch.read("p.ron");
    scratch.run_ok(&["suggest", "p.ron"]);
    assert_eq!(scratch.read("p.ron"), once, "idempotent");
    scratch.run_ok(&["validate", "p.ron"]);

    let after = load(&scratch);
    let suggested = layer_spans(&after, "model:suggest");
    assert!(suggested.len() > 20, "{}", suggested.len());
    for (doc_before, doc_after) in before.documents.iter().zip(&after.documents) {
        let mut layers = doc_after.layers.clone();
        let layer = layers.remove("model:suggest");
        assert_eq!(layers, doc_before.layers, "other layers untouched");
        let Some(layer) = layer else { continue };
        let ids: Vec<String> = layer.spans.iter().map(|s| s.id.to_string()).collect();
        let expected: Vec<String> = (1..=ids.len()).map(|n| format!("T{n}")).collect();
        assert_eq!(ids, expected, "ids in order");
        let extents: BTreeSet<(usize, usize, &str)> = layer
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        assert_eq!(extents.len(), layer.spans.len(), "no duplicates");
        for span in &layer.spans {
            for (name, human) in &doc_before.layers {
                assert!(
                    !human
                        .spans
                        .iter()
                        .any(|h| (h.start, h.end, &h.label) == (span.start, span.end, &span.label)),
                    "{name} already has {span:?}"
                );
            }
        }
    }
}

#[test]
fn suggest_on_the_demo_wrote_nested_same_label_spans() {
    // "US President Donald Trump", "Donald Trump" and "Trump" were all
    // suggested over one mention, "August 18" inside the labelled
    // "on August 18".
    let scratch = demo();
    scratch.run_ok(&["suggest", "p.ron"]);
    let project = load(&scratch);
    let from = project.human_annotators();
    let mut suggested = 0;
    for doc in &project.documents {
        let Some(layer) = doc.layers.get("model:suggest") else {
            continue;
        };
        suggested += layer.spans.len();
        for (i, span) in layer.spans.iter().enumerate() {
            for other in &layer.spans[i + 1..] {
                assert!(
                    span.label != other.label || !span.overlaps(other.start, other.end),
                    "{}: {span:?} and {other:?} nest or cross",
                    doc.id
                );
            }
            for name in &from {
                for human in doc.layers.get(name).map_or(&[][..], |l| &l.spans) {
                    assert!(
                        (human.start, human.end) != (span.start, span.end),
                        "{}: {name} labelled the extent of {span:?}",
                        doc.id
                    );
                    assert!(
                        human.label != span.label || !human.overlaps(span.start, span.end),
                        "{}: {span:?} overlaps {name}'s {human:?}",
                        doc.id
                    );
                }
            }
        }
    }
    assert!(suggested >= 20, "{suggested}");
}

#[test]
fn every_memory_suggestion_repeats_a_labelled_text_on_the_unicode_fixture() {
    let scratch = unicode();
    let mut before = load(&scratch);
    // A document repeating everything alice labelled (her own documents
    // hold no unlabelled repetition), separated by CRLF and NBSP.
    let repeated: Vec<String> = layer_spans(&before, "alice")
        .into_iter()
        .map(|(_, _, _, _, text)| text)
        .collect();
    let text = repeated.join(" \u{b7}\u{a0}\r\n");
    before.documents.push(marginalia::model::Document::new(
        "repeats".into(),
        String::new(),
        std::collections::BTreeMap::new(),
        text,
    ));
    marginalia::io::save_project(&before, &scratch.path("p.ron")).expect("saved");
    scratch.run_ok(&["suggest", "p.ron", "--from", "alice"]);
    let once = scratch.read("p.ron");
    scratch.run_ok(&["suggest", "p.ron", "--from", "alice"]);
    assert_eq!(scratch.read("p.ron"), once, "idempotent");
    let after = load(&scratch);
    let labelled: BTreeSet<(String, String)> = layer_spans(&before, "alice")
        .into_iter()
        .map(|(_, _, _, label, text)| (label, text))
        .collect();
    let suggested = layer_spans(&after, "model:suggest");
    assert!(
        suggested.iter().filter(|s| s.0 == "repeats").count() > 5,
        "{suggested:?}"
    );
    for (doc, start, end, label, text) in &suggested {
        assert!(
            label == "date" || labelled.contains(&(label.clone(), text.clone())),
            "{doc} {start}..{end} {label} {text:?} was never labelled"
        );
        assert_eq!(text.trim(), text, "no surrounding white space");
    }
}

#[test]
fn from_chooses_whose_spans_are_remembered() {
    let scratch = unicode();
    let before = load(&scratch);
    scratch.run_ok(&["suggest", "p.ron", "--from", "bob", "--into", "model:bob"]);
    scratch.run_ok(&[
        "suggest",
        "p.ron",
        "--from",
        "alice,bob",
        "--into",
        "model:both",
    ]);
    let after = load(&scratch);
    let bob_texts: BTreeSet<(String, String)> = layer_spans(&before, "bob")
        .into_iter()
        .map(|(_, _, _, label, text)| (label, text))
        .collect();
    for (_, _, _, label, text) in layer_spans(&after, "model:bob") {
        assert!(label == "date" || bob_texts.contains(&(label.clone(), text.clone())));
    }
    assert_ne!(
        layer_spans(&after, "model:both"),
        layer_spans(&after, "model:bob"),
        "alice's spans are remembered too"
    );
    assert!(
        !after
            .documents
            .iter()
            .any(|d| d.layers.contains_key("model:suggest"))
    );

    let unknown = scratch.run(&["suggest", "p.ron", "--from", "carol"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("carol"));
}

#[test]
fn into_must_name_a_model_layer_and_a_refusal_writes_nothing() {
    let scratch = demo();
    let before = scratch.read("p.ron");
    for bad in ["alice", "gold", "model:", "suggest"] {
        let out = scratch.run(&["suggest", "p.ron", "--into", bad]);
        assert_eq!(out.status.code(), Some(1), "--into {bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("model:NAME"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(scratch.read("p.ron"), before, "nothing written");
    scratch.run_ok(&["suggest", "p.ron", "--into", "model:memory"]);
    let after = load(&scratch);
    assert!(!layer_spans(&after, "model:memory").is_empty());
    assert!(layer_spans(&after, "model:suggest").is_empty());
}

#[test]
fn a_missing_project_is_a_user_error() {
    let scratch = Scratch::new();
    let out = scratch.run(&["suggest", "missing.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!scratch.path("missing.ron").exists());
}

/// Code-point range of the `nth` occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let byte = text
        .match_indices(needle)
        .nth(nth)
        .map(|(at, _)| at)
        .expect("needle present");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

#[test]
fn memory_and_dates_respect_tokens_case_line_breaks_and_the_article_date() {
    let text = "date 2026-01-02 https://example.org/a\r\nVladimir Putin spoke.\r\n\
                Putinism; putin; Putin\u{308}; \u{1F600}Putin!\r\nVladimir\r\nPutin, and \
                \u{201C}Vladimir\u{a0}Putin\u{201D}\u{a0}and \u{201C}Vladimir Putin\u{201D} \
                on December 30, today and in the next few days.\r\n";
    let scratch = Scratch::new();
    scratch.write("docs/d.txt", text);
    scratch.run_ok(&["new", "p.ron", "--docs", "docs"]);
    let (vs, ve) = find(text, "Vladimir Putin", 0);
    let line = serde_json::json!({
        "id": "d", "annotator": "alice", "status": "done",
        "spans": [
            {"id": "T1", "start": vs, "end": ve, "label": "actor", "attrs": {"kind": "person"}},
            {"id": "T2", "start": ve - 5, "end": ve, "label": "actor", "attrs": {"kind": "person"}},
        ],
    });
    scratch.write("alice.jsonl", format!("{line}\n"));
    scratch.run_ok(&["import", "p.ron", "alice.jsonl"]);
    scratch.run_ok(&["suggest", "p.ron"]);

    let project = load(&scratch);
    let doc = &project.documents[0];
    let got: Vec<(usize, usize, String, Option<String>)> = doc.layers["model:suggest"]
        .spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.clone(),
                s.attrs.str("value").map(str::to_owned),
            )
        })
        .collect();
    let actor = |(s, e): (usize, usize)| (s, e, "actor".to_owned(), None);
    let date =
        |(s, e): (usize, usize), v: Option<&str>| (s, e, "date".to_owned(), v.map(str::to_owned));
    let mut expected = vec![
        // Nothing in the header line; 0 is labelled, 1 is in "Putinism", 2 carries a combining mark.
        actor(find(text, "Putin", 3)), // after the emoji
        actor(find(text, "Putin", 4)), // after "Vladimir\r\n"
        actor(find(text, "Putin", 5)), // after a no-break space
        // Not "Putin" inside it: of nested matches only the longest.
        actor(find(text, "Vladimir Putin", 1)),
        date(find(text, "December 30", 0), Some("2025-12-30")),
        date(find(text, "today", 0), Some("2026-01-02")),
        date(find(text, "in the next few days", 0), None),
    ];
    expected.sort();
    assert_eq!(got, expected);
    for span in &doc.layers["model:suggest"].spans {
        if span.label == "actor" {
            assert_eq!(span.attrs.str("kind"), Some("person"));
        }
    }
}

#[test]
fn dates_are_normalised_against_the_article_date_and_rejections_are_honoured() {
    let text = "date 2025-09-08 https://example.org/b\n\
                Talks on 5 May 2025 and May 6, 2025 led to August 15 and September 20; \
                yesterday, today and tomorrow; Friday, next week and March 2025 stay vague.\n";
    let scratch = Scratch::new();
    scratch.write("docs/b.txt", text);
    scratch.run_ok(&["new", "p.ron", "--docs", "docs"]);
    scratch.run_ok(&["suggest", "p.ron"]);
    let values = |project: &Project| -> Vec<(String, Option<String>)> {
        let doc = &project.documents[0];
        doc.layers["model:suggest"]
            .spans
            .iter()
            .map(|s| {
                (
                    python_slice(&doc.text, s.start, s.end),
                    s.attrs.str("value").map(str::to_owned),
                )
            })
            .collect()
    };
    let expected = |pairs: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
        pairs
            .iter()
            .map(|(t, v)| ((*t).to_owned(), v.map(str::to_owned)))
            .collect()
    };
    // Nothing in the header line "date 2025-09-08 URL".
    let all = [
        ("5 May 2025", Some("2025-05-05")),
        ("May 6, 2025", Some("2025-05-06")),
        // Before and after the article date, each in the closest year.
        ("August 15", Some("2025-08-15")),
        ("September 20", Some("2025-09-20")),
        ("yesterday", Some("2025-09-07")),
        ("today", Some("2025-09-08")),
        ("tomorrow", Some("2025-09-09")),
        ("Friday", None),
        ("next week", None),
        ("March 2025", None),
    ];
    assert_eq!(values(&load(&scratch)), expected(&all));

    // Rejecting "tomorrow" in the window keeps it out of later runs.
    let mut project = load(&scratch);
    let doc = &mut project.documents[0];
    let (start, end) = find(&doc.text, "tomorrow", 0);
    doc.layers
        .get_mut("model:suggest")
        .expect("the layer")
        .add_reviewed((start, end));
    marginalia::io::save_project(&project, &scratch.path("p.ron")).expect("saved");
    scratch.run_ok(&["suggest", "p.ron"]);
    let after = load(&scratch);
    let kept: Vec<_> = all
        .iter()
        .copied()
        .filter(|(t, _)| *t != "tomorrow")
        .collect();
    assert_eq!(values(&after), expected(&kept));
    assert_eq!(
        after.documents[0].layers["model:suggest"].reviewed,
        [(start, end)],
        "the rejection is kept"
    );
}

#[test]
fn one_long_span_over_repetitive_text_is_suggested_once_where_it_repeats() {
    // `suggest` was quadratic on such input (the automaton of a few texts
    // was a DFA built in time quadratic in one long periodic text); the
    // time is measured in benches/suggest.rs, this checks what is written.
    let unit = "Putin met Trump\u{a0}\u{1F91D}.\r\n";
    let long = unit.repeat(200);
    let scratch = Scratch::new();
    scratch.write("docs/a.txt", &long);
    scratch.write("docs/b.txt", format!("Later: {long}Putin left."));
    scratch.run_ok(&["new", "p.ron", "--docs", "docs"]);
    // Without the last line break: spans end where a token ends.
    let chars = long.chars().count() - 2;
    let line = serde_json::json!({
        "id": "a", "annotator": "alice", "status": "done",
        "spans": [
            {"id": "T1", "start": 0, "end": chars, "label": "claim"},
            {"id": "T2", "start": 0, "end": 5, "label": "actor", "attrs": {"kind": "person"}},
        ],
    });
    scratch.write("alice.jsonl", format!("{line}\n"));
    scratch.run_ok(&["import", "p.ron", "alice.jsonl"]);
    scratch.run_ok(&["suggest", "p.ron"]);
    let project = load(&scratch);
    let got: Vec<(String, usize, usize, String)> = layer_spans(&project, "model:suggest")
        .into_iter()
        .map(|(doc, start, end, label, _)| (doc, start, end, label))
        .filter(|(_, _, _, label)| label == "claim")
        .collect();
    assert_eq!(got, [("b".to_owned(), 7, 7 + chars, "claim".to_owned())]);
    let actors = layer_spans(&project, "model:suggest")
        .into_iter()
        .filter(|s| s.3 == "actor")
        .count();
    // Every "Putin" but the labelled one: 199 in a, 201 in b.
    assert_eq!(actors, 199 + 201);
}
