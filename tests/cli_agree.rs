//! End-to-end tests of `agree` and `diff`: the real binary on the demo
//! project, the Unicode fixture and small projects built here.

mod common;

use common::{Scratch, python_slice, repo};
use marginalia::io::save_project;
use marginalia::model::schema::DEFAULT_SCHEMA_RON;
use marginalia::model::{Document, Layer, Project, Schema, Span, SpanId, Status};
use serde_json::Value;

fn demo() -> String {
    repo()
        .join("projects/diplomacy-demo.ron")
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
    Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
}

/// “Zoé” met 👩‍💻 in Kyiv⏎on Monday. Putin said “no” — with every kind of
/// disagreement between alice and bob, and gold and model layers.
const TEXT: &str = "\u{201C}Zoe\u{301}\u{201D} met \u{1F469}\u{200D}\u{1F4BB} in Kyiv\r\non\u{A0}Monday. Putin said \u{201C}no\u{201D}.";

fn review_project() -> Project {
    let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
    let alice = vec![
        span("T1", 1, 5, "actor", &[("kind", "person")]),
        span("T2", 11, 14, "actor", &[("kind", "group")]),
        span("T3", 18, 22, "actor", &[("kind", "country")]),
        span("T4", 27, 33, "date", &[]),
        span("T5", 35, 40, "actor", &[("kind", "person")]),
        span("T6", 46, 50, "claim", &[("speaker", "T5")]),
    ];
    let bob = vec![
        span("B1", 1, 5, "actor", &[("kind", "person")]),
        span("B2", 11, 14, "actor", &[("kind", "person")]),
        span("B3", 18, 22, "date", &[]),
        span("B4", 24, 33, "date", &[]),
        span("B9", 35, 40, "actor", &[("kind", "person")]),
        span("B6", 46, 50, "claim", &[("speaker", "B9")]),
        span("B7", 41, 45, "claim", &[]),
    ];
    let mut doc = Document::new(
        "zoe".into(),
        "Zoé".into(),
        std::collections::BTreeMap::new(),
        TEXT.into(),
    );
    doc.layers.insert(
        "alice".into(),
        Layer::with_spans(Status::Done, alice.clone()),
    );
    doc.layers
        .insert("bob".into(), Layer::with_spans(Status::Done, bob));
    doc.layers
        .insert("gold".into(), Layer::with_spans(Status::Done, alice));
    doc.layers.insert(
        "model:crf".into(),
        Layer::with_spans(Status::Done, vec![span("M1", 0, 3, "date", &[])]),
    );
    let mut only_alice = Document::new(
        "lonely".into(),
        String::new(),
        std::collections::BTreeMap::new(),
        "Kyiv.".into(),
    );
    only_alice.layers.insert(
        "alice".into(),
        Layer::with_spans(
            Status::Done,
            vec![span("T1", 0, 4, "actor", &[("kind", "country")])],
        ),
    );
    let mut project = Project::new(schema);
    project.documents = vec![doc, only_alice];
    project
}

fn with_review_project() -> Scratch {
    let scratch = Scratch::new();
    save_project(&review_project(), &scratch.path("p.ron")).expect("saved");
    scratch
}

/// Runs a failing command; returns its one-line message.
fn fails(scratch: &Scratch, args: &[&str]) -> String {
    let output = scratch.run(args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "marginalia {}",
        args.join(" ")
    );
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    stderr
}

#[test]
fn agree_json_on_the_demo_has_the_designed_shape() {
    let scratch = Scratch::new();
    let report = json(&scratch.run_ok(&["agree", &demo(), "--json"]));
    assert_eq!(
        report["annotators"],
        serde_json::json!(["analyst-a", "analyst-b"])
    );
    assert_eq!(report["documents"], 5);
    assert!(report["tokens"].as_u64().expect("tokens") > 1000);
    let labels = report["labels"].as_object().expect("labels");
    assert_eq!(
        labels.keys().collect::<Vec<_>>(),
        ["actor", "claim", "date", "stance"]
    );
    for scope in labels.values().chain([&report["overall"]]) {
        for key in ["fleiss_kappa_token", "gwet_ac1_token", "alpha_token"] {
            assert!(scope[key].is_f64(), "{key}: {scope}");
        }
        let pairs = scope["pairwise"].as_array().expect("pairwise");
        assert_eq!(pairs.len(), 1);
        let pair = pairs[0].as_object().expect("pair");
        assert_eq!(
            pair.keys().collect::<Vec<_>>(),
            [
                "a",
                "b",
                "spans_a",
                "spans_b",
                "f1_strict",
                "f1_overlap",
                "kappa_token",
                "ac1_token"
            ]
        );
        let kappa = pair["kappa_token"].as_f64().expect("kappa");
        assert!(
            kappa > 0.5 && kappa < 1.0,
            "two real annotators disagree a little"
        );
    }
    assert!(report.get("by_document").is_none());
    assert_eq!(
        report["confusion"]["labels"].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(report["attributes"].as_array().map(Vec::len), Some(6));

    let per_doc = json(&scratch.run_ok(&["agree", &demo(), "--json", "--per-document"]));
    let docs = per_doc["by_document"].as_object().expect("by_document");
    assert_eq!(docs.len(), 5);
    assert!(
        docs.values()
            .all(|d| d["pairwise"].as_array().map(Vec::len) == Some(1))
    );
}

#[test]
fn agree_prints_aligned_tables_by_default() {
    let scratch = Scratch::new();
    let out = scratch.run_ok(&["agree", &demo(), "--per-document"]);
    assert!(out.starts_with("Agreement of analyst-a, analyst-b on 5 documents, "));
    let header = out
        .lines()
        .find(|l| l.starts_with("label "))
        .expect("the label table");
    for column in [
        "F1 strict",
        "F1 overlap",
        "κ",
        "AC1",
        "Fleiss κ",
        "multi AC1",
        "α",
    ] {
        assert!(header.contains(column), "{column} in {header}");
    }
    let width = header.chars().count();
    for label in ["actor ", "claim ", "date ", "stance ", "overall "] {
        let row = out.lines().find(|l| l.starts_with(label)).expect("a row");
        assert_eq!(row.chars().count(), width, "aligned: {row}");
    }
    assert!(out.contains("analyst-a × analyst-b: "));
    assert!(out.contains("Documents, worst first"));
    assert!(out.contains("Labels on the same extent"));
    assert!(out.contains("actor.kind"));
}

#[test]
fn agree_leaves_out_gold_and_models_and_shows_nulls_and_swaps() {
    let scratch = with_review_project();
    let report = json(&scratch.run_ok(&["agree", "p.ron", "--json", "--per-document"]));
    assert_eq!(report["annotators"], serde_json::json!(["alice", "bob"]));
    assert_eq!(
        (report["documents"].as_u64(), report["tokens"].as_u64()),
        (Some(1), Some(18))
    );
    let stance = &report["labels"]["stance"];
    assert!(stance["pairwise"][0]["f1_strict"].is_null());
    assert!(stance["pairwise"][0]["kappa_token"].is_null());
    assert_eq!(stance["pairwise"][0]["ac1_token"], 1.0);
    assert!(stance["alpha_token"].is_null());
    assert_eq!(
        report["by_document"]
            .as_object()
            .map(|d| d.keys().map(String::as_str).collect::<Vec<_>>()),
        Some(vec!["zoe"])
    );
    // Kyiv: actor for alice, date for bob.
    let confusion = &report["confusion"];
    assert_eq!(
        confusion["labels"],
        serde_json::json!(["actor", "date", "claim", "stance"])
    );
    assert_eq!(confusion["pairs"][0]["counts"][0][1], 1);
    assert_eq!(confusion["counts"][1][0], 1);
    let attrs = report["attributes"].as_array().expect("attributes");
    let find = |label: &str, attr: &str| {
        attrs
            .iter()
            .find(|a| a["label"] == label && a["attribute"] == attr)
            .expect("an attribute row")
    };
    assert_eq!(find("actor", "kind")["matched_spans"], 3);
    assert_eq!(find("claim", "speaker")["kind"], "span_ref");
    assert_eq!(
        find("claim", "speaker")["exact_match"],
        1.0,
        "same target, other id"
    );

    let models = json(&scratch.run_ok(&[
        "agree",
        "p.ron",
        "--json",
        "--annotators",
        "gold,model:crf",
        "--labels",
        "date",
    ]));
    assert_eq!(
        models["annotators"],
        serde_json::json!(["gold", "model:crf"])
    );
    assert_eq!(
        models["labels"]
            .as_object()
            .map(|l| l.keys().map(String::as_str).collect::<Vec<_>>()),
        Some(vec!["date"])
    );
}

#[test]
fn diff_lists_every_kind_with_offsets_and_text() {
    let scratch = with_review_project();
    let entries = json(&scratch.run_ok(&["diff", "p.ron", "--a", "alice", "--b", "bob", "--json"]));
    let entries = entries.as_array().expect("an array");
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["attribute", "label", "boundary", "only_b"]);
    for entry in entries {
        assert_eq!(entry["doc"], "zoe");
        for side in ["a", "b"] {
            let s = &entry[side];
            if s.is_null() {
                continue;
            }
            let (start, end) = (
                s["start"].as_u64().expect("start"),
                s["end"].as_u64().expect("end"),
            );
            assert_eq!(s["text"], python_slice(TEXT, start as usize, end as usize));
            assert!(s["id"].is_string() && s["label"].is_string() && s["attrs"].is_object());
        }
    }
    assert!(entries[0]["a"]["text"] == "\u{1F469}\u{200D}\u{1F4BB}");
    assert!(entries[3]["a"].is_null() && entries[3]["b"]["text"] == "said");

    let text = scratch.run_ok(&["diff", "p.ron", "--a", "alice", "--b", "bob"]);
    assert!(
        text.contains("zoe  boundary   alice: [27, 33) date \"Monday\""),
        "{text}"
    );
    assert!(text.contains("bob: [24, 33) date \"on\u{A0}Monday\""));
    assert!(text.contains("4 disagreements between alice and bob (only_a 0, only_b 1, boundary 1, label 1, attribute 1)"));
    assert!(text.contains("1 documents without a layer by both were skipped"));

    let none = json(&scratch.run_ok(&[
        "diff", "p.ron", "--a", "alice", "--b", "gold", "--json", "--doc", "zoe",
    ]));
    assert_eq!(none, serde_json::json!([]));
}

/// alice and bob agree on every claim and on the actors but for `Zoé`
/// (bob leaves out the combining mark); alice's `“no”` is Putin's, bob's
/// the coder's.
fn links_project() -> Project {
    let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
    let layer = |zoe_end: usize, no_speaker: &str| {
        vec![
            span("A1", 1, zoe_end, "actor", &[("kind", "person")]),
            span("A2", 11, 14, "actor", &[("kind", "person")]),
            span("A3", 35, 40, "actor", &[("kind", "person")]),
            span("C1", 41, 45, "claim", &[("speaker", "A1")]),
            span("C2", 46, 50, "claim", &[("speaker", no_speaker)]),
        ]
    };
    let mut doc = Document::new(
        "zoe".into(),
        "Zoé".into(),
        std::collections::BTreeMap::new(),
        TEXT.into(),
    );
    doc.layers.insert(
        "alice".into(),
        Layer::with_spans(Status::Done, layer(5, "A3")),
    );
    doc.layers.insert(
        "bob".into(),
        Layer::with_spans(Status::Done, layer(4, "A2")),
    );
    let mut project = Project::new(schema);
    project.documents = vec![doc];
    project
}

#[test]
fn agree_and_diff_measure_and_list_link_disagreements_by_target() {
    let scratch = Scratch::new();
    save_project(&links_project(), &scratch.path("p.ron")).expect("saved");
    let report = json(&scratch.run_ok(&["agree", "p.ron", "--json"]));
    let speaker = &report["links"]["claim.speaker"]["pairwise"][0];
    // Strict: no link has both ends equal. Overlap: `said` → Zoé matches.
    // Targets: of the two claims, `said` agrees.
    assert_eq!(
        speaker,
        &serde_json::json!({"a": "alice", "b": "bob", "links_a": 2, "links_b": 2,
            "f1_strict": 0.0, "f1_overlap": 0.5, "target_agreement": 0.5,
            "sources_matched": 2})
    );
    assert_eq!(
        report["links"]["stance.holder"]["pairwise"][0]["f1_strict"],
        Value::Null
    );
    let table = scratch.run_ok(&["agree", "p.ron"]);
    assert!(table.contains("Links (span references"), "{table}");
    assert!(table.contains("claim.speaker  alice × bob"), "{table}");

    let entries = json(&scratch.run_ok(&["diff", "p.ron", "--a", "alice", "--b", "bob", "--json"]));
    let links: Vec<&Value> = entries
        .as_array()
        .expect("an array")
        .iter()
        .filter(|e| e["kind"] == "attribute")
        .collect();
    assert_eq!(links.len(), 2, "{entries}");
    for entry in &links {
        assert_eq!(entry["attribute"], "speaker");
        for side in ["a_target", "b_target"] {
            let target = &entry[side];
            let (start, end) = (
                target["start"].as_u64().expect("start") as usize,
                target["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(target["text"], python_slice(TEXT, start, end));
            assert_eq!(target["label"], "actor");
        }
    }
    assert_eq!(
        (&links[0]["a_target"]["text"], &links[0]["b_target"]["text"]),
        (&Value::from("Zoe\u{301}"), &Value::from("Zoe"))
    );
    assert_eq!(
        (&links[1]["a_target"]["text"], &links[1]["b_target"]["text"]),
        (
            &Value::from("Putin"),
            &Value::from("\u{1F469}\u{200D}\u{1F4BB}")
        )
    );

    let text = scratch.run_ok(&["diff", "p.ron", "--a", "alice", "--b", "bob"]);
    let line = text
        .lines()
        .find(|l| l.contains("\u{201C}no\u{201D}"))
        .expect("the “no” line");
    assert!(
        line.contains("alice: [46, 50) claim \"\u{201C}no\u{201D}\" speaker=Putin · 35"),
        "{line}"
    );
    assert!(
        line.contains(
            "bob: [46, 50) claim \"\u{201C}no\u{201D}\" speaker=\u{1F469}\u{200D}\u{1F4BB} · 11"
        ),
        "{line}"
    );
    assert!(
        !line.contains("A3") && !line.contains("A2"),
        "no ids: {line}"
    );
    assert!(text.contains("speaker=Zoe\u{301} · 1  |  bob:"), "{text}");
}

#[test]
fn bad_agree_and_diff_input_exits_1_with_one_clear_line() {
    let scratch = with_review_project();
    let unknown = fails(&scratch, &["agree", "p.ron", "--annotators", "alice,carol"]);
    assert!(unknown.contains("unknown annotator \"carol\""), "{unknown}");
    let label = fails(&scratch, &["agree", "p.ron", "--labels", "actor,place"]);
    assert!(label.contains("unknown label \"place\""), "{label}");
    let one = fails(&scratch, &["agree", "p.ron", "--annotators", "alice"]);
    assert!(one.contains("at least two annotators"), "{one}");
    let missing = fails(&scratch, &["agree", "nope.ron"]);
    assert!(missing.contains("nope.ron"), "{missing}");
    let who = fails(&scratch, &["diff", "p.ron", "--a", "alice", "--b", "carol"]);
    assert!(who.contains("unknown annotator \"carol\""), "{who}");
    let doc = fails(
        &scratch,
        &["diff", "p.ron", "--a", "alice", "--b", "bob", "--doc", "x"],
    );
    assert!(doc.contains("unknown document \"x\""), "{doc}");
    let usage = scratch.run(&["diff", "p.ron", "--a", "alice"]);
    assert_eq!(usage.status.code(), Some(2), "a usage error");

    let solo = Scratch::new();
    let mut project = review_project();
    project.documents.iter_mut().for_each(|d| {
        d.layers.remove("bob");
    });
    save_project(&project, &solo.path("p.ron")).expect("saved");
    let alone = fails(&solo, &["agree", "p.ron"]);
    assert!(alone.contains("found alice"), "{alone}");
}
