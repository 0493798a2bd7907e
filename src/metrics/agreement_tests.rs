//! Tests of the agreement report: hand-built Unicode cases, a brute-force
//! recomputation of every token figure, and properties (symmetry, perfect
//! agreement, bounds, annotator order, `gold`/`model:` layers ignored).

use std::collections::BTreeMap;

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::agreement::{AgreementOptions, AgreementReport, LabelAgreement, agreement};
use super::diff::{DiffKind, diff_layers};
use super::gwet::gwet_ac1;
use super::kappa::{MultiRaterCounts, cohen_kappa, cohen_kappa_binary, fleiss_kappa};
use super::krippendorff::{AlphaCounts, krippendorff_alpha_nominal};
use crate::model::offsets::{CharIndex, char_len};
use crate::model::schema::DEFAULT_SCHEMA_RON;
use crate::model::tokens::tokens;
use crate::model::{Document, Layer, Project, Schema, Span, SpanId, Status};

const LABELS: [&str; 4] = ["actor", "date", "claim", "stance"];

fn schema() -> Schema {
    ron::from_str(DEFAULT_SCHEMA_RON).expect("the default schema")
}

fn layer(spans: &[(usize, usize, &str)]) -> Layer {
    let spans = spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e, l))| Span::new(SpanId::numbered(i as u64 + 1), s, e, l))
        .collect();
    Layer::with_spans(Status::Done, spans)
}

fn doc(id: &str, text: &str, layers: Vec<(&str, Layer)>) -> Document {
    let mut d = Document::new(
        id.into(),
        String::new(),
        BTreeMap::default(),
        text.to_owned(),
    );
    d.layers = layers
        .into_iter()
        .map(|(name, l)| (name.to_owned(), l))
        .collect();
    d
}

fn report(project: &Project) -> AgreementReport {
    agreement(project, &AgreementOptions::default()).expect("a report")
}

/// “Zoé” met 👩‍💻 in Kyiv⏎on Monday. — combining mark, curly quotes, a
/// ZWJ sequence (three tokens), CRLF and NBSP (not tokens).
const UNICODE_TEXT: &str =
    "\u{201C}Zoe\u{301}\u{201D} met \u{1F469}\u{200D}\u{1F4BB} in Kyiv\r\non\u{A0}Monday.";

fn unicode_project() -> Project {
    let alice = layer(&[(1, 5, "actor"), (11, 14, "actor"), (27, 33, "actor")]);
    let bob = layer(&[(1, 3, "actor"), (11, 12, "actor"), (24, 33, "actor")]);
    let mut project = Project::new(schema());
    project.documents.push(doc(
        "unicode",
        UNICODE_TEXT,
        vec![
            ("alice", alice.clone()),
            ("bob", bob),
            ("gold", alice.clone()),
            ("model:crf", layer(&[(0, 34, "date")])),
        ],
    ));
    project
}

#[test]
fn unicode_text_counts_tokens_by_code_point_and_skips_gold_and_models() {
    assert_eq!(char_len(UNICODE_TEXT), 34);
    let project = unicode_project();
    let r = report(&project);
    assert_eq!(r.annotators, ["alice", "bob"]);
    assert_eq!((r.documents, r.tokens), (1, 12));
    let actor = &r.labels["actor"].pairwise[0];
    assert_eq!((actor.spans_a, actor.spans_b), (3, 3));
    // Both mark Zoé, 👩 and Monday; alice alone ZWJ and 💻; bob alone `on`.
    assert_eq!(actor.kappa_token, cohen_kappa_binary(3, 2, 1, 6));
    assert_eq!(actor.f1_strict, Some(0.0));
    assert_eq!(actor.f1_overlap, Some(1.0));
    let date = &r.labels["date"];
    assert_eq!(date.pairwise[0].f1_strict, None, "no date spans at all");
    assert_eq!(
        date.pairwise[0].kappa_token, None,
        "nobody marks: undefined"
    );
    assert_eq!(
        date.pairwise[0].ac1_token,
        Some(1.0),
        "every decision agrees"
    );
    assert_eq!(date.alpha_token, None);
    assert_eq!(date.fleiss_kappa_token, None);
    let layers = &project.documents[0].layers;
    let diff = diff_layers(
        &layers["alice"].spans,
        &layers["bob"].spans,
        &project.schema,
    );
    assert!(
        diff.iter().all(|d| d.kind == DiffKind::Boundary),
        "{diff:?}"
    );
    assert_eq!(diff.len(), 3);
}

#[test]
fn errors_name_the_unknown_annotator_or_label() {
    let project = unicode_project();
    let with = |annotators: Option<&[&str]>, labels: Option<&[&str]>| {
        let owned = |xs: &[&str]| xs.iter().map(|&x| x.to_owned()).collect();
        agreement(
            &project,
            &AgreementOptions {
                annotators: annotators.map(owned),
                labels: labels.map(owned),
                per_document: false,
            },
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    assert!(with(Some(&["alice", "carol"]), None).is_err_and(|e| e.contains("\"carol\"")));
    assert!(with(None, Some(&["actor", "place"])).is_err_and(|e| e.contains("\"place\"")));
    assert!(with(Some(&["alice", "alice"]), None).is_err_and(|e| e.contains("at least two")));
    assert_eq!(with(Some(&["gold", "model:crf"]), Some(&["date"])), Ok(()));
}

/// A random project: texts mixing ASCII with Unicode troublemakers, 2–4
/// annotators whose layers are sometimes absent, random spans.
fn random_project(seed: u64, absent: f64) -> Project {
    const PIECES: [&str; 12] = [
        "Putin",
        " ",
        "e\u{301}",
        "\u{201C}",
        "\u{201D}",
        "\u{1F469}\u{200D}\u{1F4BB}",
        "\r\n",
        "\u{A0}",
        "42",
        ".",
        "x_y",
        "\u{6771}\u{4EAC}",
    ];
    let mut rng = StdRng::seed_from_u64(seed);
    let annotators = rng.random_range(2..=4);
    let mut project = Project::new(schema());
    for d in 0..rng.random_range(1..=4) {
        let text: String = (0..rng.random_range(0..40))
            .map(|_| PIECES[rng.random_range(0..PIECES.len())])
            .collect();
        let len = char_len(&text);
        let mut layers = Vec::new();
        for a in 0..annotators {
            if rng.random_bool(absent) {
                continue;
            }
            let spans: Vec<(usize, usize, &str)> = (0..rng.random_range(0..8))
                .filter(|_| len > 0)
                .map(|_| {
                    let s = rng.random_range(0..len);
                    let e = rng.random_range(s + 1..=len.min(s + 12));
                    (s, e, LABELS[rng.random_range(0..2)])
                })
                .collect();
            layers.push((format!("ann{a}"), layer(&spans)));
        }
        let mut document = doc(&format!("d{d}"), &text, Vec::new());
        document.layers = layers.into_iter().collect();
        project.documents.push(document);
    }
    project
}

/// Every token figure recomputed the slow way: regex tokens, one decision
/// per (token, annotator, label), textbook tables.
fn brute_force(project: &Project, annotators: &[String], labels: &[&str]) -> LabelFigures {
    let mut pairs = Vec::new();
    for i in 0..annotators.len() {
        for j in i + 1..annotators.len() {
            pairs.push((i, j, [[0u64; 2]; 2]));
        }
    }
    let mut fleiss_table = Vec::new();
    let mut alpha = AlphaCounts::default();
    for doc in &project.documents {
        let present: Vec<Option<&Layer>> = annotators.iter().map(|a| doc.layers.get(a)).collect();
        let m = present.iter().flatten().count();
        if m < 2 {
            continue;
        }
        for (s, e) in tokens(&doc.text, &CharIndex::new(&doc.text)) {
            for label in labels {
                let marks: Vec<Option<usize>> = present
                    .iter()
                    .map(|l| {
                        l.map(|l| {
                            usize::from(
                                l.spans
                                    .iter()
                                    .any(|x| x.label == *label && x.overlaps(s, e)),
                            )
                        })
                    })
                    .collect();
                for (i, j, table) in &mut pairs {
                    if let (Some(x), Some(y)) = (marks[*i], marks[*j]) {
                        table[x][y] += 1;
                    }
                }
                let c = marks.iter().flatten().sum::<usize>() as u64;
                if m == annotators.len() {
                    fleiss_table.push(vec![m as u64 - c, c]);
                }
                alpha.add_unit(&[m as u64 - c, c]);
            }
        }
    }
    let multi = MultiRaterCounts::from_table(&fleiss_table);
    LabelFigures {
        kappas: pairs
            .iter()
            .map(|(_, _, t)| cohen_kappa(&[t[0].to_vec(), t[1].to_vec()]))
            .collect(),
        fleiss: if fleiss_table.is_empty() {
            None
        } else {
            fleiss_kappa(&multi)
        },
        ac1: if fleiss_table.is_empty() {
            None
        } else {
            gwet_ac1(&multi, 2)
        },
        alpha: krippendorff_alpha_nominal(&alpha),
    }
}

#[derive(Debug)]
struct LabelFigures {
    kappas: Vec<Option<f64>>,
    fleiss: Option<f64>,
    ac1: Option<f64>,
    alpha: Option<f64>,
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() < 1e-12,
        _ => false,
    }
}

fn agrees_with(ours: &LabelAgreement, theirs: &LabelFigures) -> bool {
    ours.pairwise.len() == theirs.kappas.len()
        && ours
            .pairwise
            .iter()
            .zip(&theirs.kappas)
            .all(|(p, k)| same(p.kappa_token, *k))
        && same(ours.fleiss_kappa_token, theirs.fleiss)
        && same(ours.gwet_ac1_token, theirs.ac1)
        && same(ours.alpha_token, theirs.alpha)
}

/// Every figure of a report, for the bounds check.
fn figures(r: &AgreementReport) -> Vec<(&'static str, Option<f64>)> {
    let scopes = r
        .labels
        .values()
        .chain([&r.overall])
        .chain(r.by_document.iter().flat_map(|m| m.values()));
    let mut out = Vec::new();
    for s in scopes {
        out.push(("fleiss", s.fleiss_kappa_token));
        out.push(("ac1", s.gwet_ac1_token));
        out.push(("alpha", s.alpha_token));
        for p in &s.pairwise {
            out.extend([
                ("f1", p.f1_strict),
                ("f1", p.f1_overlap),
                ("kappa", p.kappa_token),
                ("ac1", p.ac1_token),
            ]);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn figures_equal_a_brute_force_recomputation(seed in any::<u64>()) {
        let project = random_project(seed, 0.3);
        let Ok(r) = agreement(&project, &AgreementOptions::default()) else {
            return Ok(());
        };
        for label in ["actor", "date"] {
            let theirs = brute_force(&project, &r.annotators, &[label]);
            prop_assert!(agrees_with(&r.labels[label], &theirs), "{label}: {:?} vs {theirs:?}", r.labels[label]);
        }
        let theirs = brute_force(&project, &r.annotators, &LABELS);
        prop_assert!(agrees_with(&r.overall, &theirs), "overall: {:?} vs {theirs:?}", r.overall);
    }

    #[test]
    fn figures_stay_in_bounds_and_are_never_nan(seed in any::<u64>()) {
        let project = random_project(seed, 0.3);
        let options = AgreementOptions { per_document: true, ..AgreementOptions::default() };
        if let Ok(r) = agreement(&project, &options) {
            for (name, value) in figures(&r) {
                let Some(v) = value else { continue };
                prop_assert!(v.is_finite(), "{name} {v}");
                let low = if name == "f1" { 0.0 } else { -1.0 };
                if name != "alpha" && name != "fleiss" {
                    prop_assert!((low..=1.0 + 1e-12).contains(&v), "{name} {v}");
                } else {
                    prop_assert!(v <= 1.0 + 1e-12, "{name} {v}");
                }
            }
        }
    }

    #[test]
    fn annotator_order_does_not_matter(seed in any::<u64>()) {
        let project = random_project(seed, 0.2);
        let names = project.annotators();
        let mut reversed = names.clone();
        reversed.reverse();
        let run = |list: Vec<String>| agreement(&project, &AgreementOptions {
            annotators: Some(list),
            labels: None,
            per_document: true,
        }).ok();
        prop_assert_eq!(run(names), run(reversed));
    }

    #[test]
    fn gold_and_model_layers_change_nothing(seed in any::<u64>()) {
        let project = random_project(seed, 0.2);
        let mut with_extra = project.clone();
        for (i, doc) in with_extra.documents.iter_mut().enumerate() {
            if let Some(first) = doc.layers.values().next().cloned() {
                doc.layers.insert("gold".to_owned(), first.clone());
                if i % 2 == 0 {
                    doc.layers.insert("model:crf".to_owned(), first);
                }
            }
        }
        let options = AgreementOptions { per_document: true, ..AgreementOptions::default() };
        prop_assert_eq!(agreement(&project, &options).ok(), agreement(&with_extra, &options).ok());
    }

    #[test]
    fn pairwise_figures_are_symmetric(seed in any::<u64>()) {
        let project = random_project(seed, 0.0);
        // Renaming ann0 to zed makes it the second of every pair.
        let mut renamed = project.clone();
        for doc in &mut renamed.documents {
            if let Some(l) = doc.layers.remove("ann0") {
                doc.layers.insert("zed".to_owned(), l);
            }
        }
        let (Ok(r), Ok(s)) = (
            agreement(&project, &AgreementOptions::default()),
            agreement(&renamed, &AgreementOptions::default()),
        ) else {
            return Ok(());
        };
        for p in &r.overall.pairwise {
            if p.a != "ann0" {
                continue;
            }
            let q = s.overall.pairwise.iter().find(|q| q.a == p.b && q.b == "zed").expect("the pair");
            prop_assert_eq!((p.spans_a, p.spans_b), (q.spans_b, q.spans_a));
            prop_assert!(same(p.kappa_token, q.kappa_token) && same(p.ac1_token, q.ac1_token));
            prop_assert!(same(p.f1_strict, q.f1_strict) && same(p.f1_overlap, q.f1_overlap));
        }
        prop_assert!(same(r.overall.alpha_token, s.overall.alpha_token));
        prop_assert!(same(r.overall.fleiss_kappa_token, s.overall.fleiss_kappa_token));
    }

    #[test]
    fn identical_layers_agree_perfectly(seed in any::<u64>()) {
        let mut project = random_project(seed, 0.0);
        for doc in &mut project.documents {
            if let Some(first) = doc.layers.values().next().cloned() {
                for layer in doc.layers.values_mut() {
                    layer.clone_from(&first);
                }
            }
        }
        let Ok(r) = agreement(&project, &AgreementOptions::default()) else {
            return Ok(());
        };
        let perfect = |v: Option<f64>| v.is_none_or(|v| (v - 1.0).abs() < 1e-12);
        for scope in r.labels.values().chain([&r.overall]) {
            prop_assert!(perfect(scope.fleiss_kappa_token) && perfect(scope.alpha_token));
            prop_assert!(r.tokens == 0 || scope.gwet_ac1_token == Some(1.0));
            for p in &scope.pairwise {
                prop_assert!(perfect(p.kappa_token) && perfect(p.f1_strict) && perfect(p.f1_overlap));
                prop_assert!(r.tokens == 0 || p.ac1_token == Some(1.0));
            }
        }
        prop_assert!(r.confusion.swaps().is_empty());
        prop_assert!(r.attributes.iter().all(|a| a.exact_match.is_none_or(|m| (m - 1.0).abs() < 1e-12)));
    }
}
