//! Tests of link agreement through the whole report: hand-built cases on
//! Unicode text (the same target text at another place, swapped targets, a
//! missing end, boundary mismatches, a `many` attribute) and properties
//! (symmetry, perfect agreement, annotator order).

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::agreement::{AgreementOptions, AgreementReport, agreement};
use super::links::PairLinkAgreement;
use crate::model::schema::DEFAULT_SCHEMA_RON;
use crate::model::{AttrValue, Document, Layer, Project, Schema, Span, SpanId, Status};

/// “Zoé” and 👩‍💻 said⏎ “no” — Zoé again. A combining mark, curly quotes, a
/// ZWJ sequence, CRLF and NBSP; `Zoé` at 1 and at 28.
const TEXT: &str = "\u{201C}Zoe\u{301}\u{201D} and \u{1F469}\u{200D}\u{1F4BB} said\r\n\u{201C}no\u{201D}\u{A0}\u{2014} Zoe\u{301} again.";

/// `Zoé` (first), `Zoé` (second), 👩‍💻, `said`, `said “no”`.
const ZOE: (usize, usize) = (1, 5);
const ZOE_AGAIN: (usize, usize) = (28, 32);
const CODER: (usize, usize) = (11, 14);
const SAID: (usize, usize) = (15, 19);
const SAID_NO: (usize, usize) = (15, 25);

fn schema(many: bool) -> Schema {
    let mut schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("the default schema");
    for label in &mut schema.labels {
        for attr in &mut label.attributes {
            if attr.name == "speaker" {
                attr.many = many;
            }
        }
    }
    schema
}

fn actor(id: &str, (start, end): (usize, usize)) -> Span {
    Span::new(SpanId::from(id), start, end, "actor").with_attrs(&[("kind", "person")])
}

fn claim(id: &str, (start, end): (usize, usize), speakers: &[&str]) -> Span {
    let mut span = Span::new(SpanId::from(id), start, end, "claim");
    match speakers {
        [] => {}
        [one] => {
            span.attrs.insert("speaker".to_owned(), *one);
        }
        many => {
            let ids: Vec<String> = many.iter().map(|&s| s.to_owned()).collect();
            span.attrs
                .insert("speaker".to_owned(), AttrValue::Many(ids));
        }
    }
    span
}

fn project(schema: Schema, layers: Vec<(&str, Vec<Span>)>) -> Project {
    let mut doc = Document::new(
        "zoe".into(),
        String::new(),
        BTreeMap::new(),
        TEXT.to_owned(),
    );
    for (name, spans) in layers {
        doc.layers
            .insert(name.to_owned(), Layer::with_spans(Status::Done, spans));
    }
    let mut project = Project::new(schema);
    project.documents.push(doc);
    project
}

fn report(project: &Project) -> AgreementReport {
    agreement(project, &AgreementOptions::default()).expect("a report")
}

fn speaker(project: &Project) -> PairLinkAgreement {
    report(project).links["claim.speaker"].pairwise[0].clone()
}

/// The figures of a pair: links of each side, strict and overlap F1,
/// target agreement and matched sources.
type Figures = (usize, usize, Option<f64>, Option<f64>, Option<f64>, usize);

fn figures(p: &PairLinkAgreement) -> Figures {
    let round = |v: Option<f64>| v.map(|v| (v * 1e9).round() / 1e9);
    (
        p.links_a,
        p.links_b,
        round(p.f1_strict),
        round(p.f1_overlap),
        round(p.target_agreement),
        p.sources_matched,
    )
}

#[test]
fn the_same_target_text_at_another_place_is_another_target() {
    let alice = vec![
        actor("T1", ZOE),
        actor("T2", ZOE_AGAIN),
        claim("T3", SAID_NO, &["T1"]),
    ];
    let bob = vec![
        actor("B1", ZOE),
        actor("B2", ZOE_AGAIN),
        claim("B3", SAID_NO, &["B2"]),
    ];
    let p = project(schema(false), vec![("alice", alice), ("bob", bob)]);
    assert_eq!(
        figures(&speaker(&p)),
        (1, 1, Some(0.0), Some(0.0), Some(0.0), 1)
    );
    let r = report(&p);
    assert_eq!(
        r.links.keys().collect::<Vec<_>>(),
        ["claim.speaker", "stance.holder"]
    );
    let holder = &r.links["stance.holder"].pairwise[0];
    assert_eq!(
        figures(holder),
        (0, 0, None, None, None, 0),
        "no stances: undefined"
    );
}

#[test]
fn swapped_targets_agree_on_nothing() {
    let alice = vec![
        actor("T1", ZOE),
        actor("T2", CODER),
        claim("T3", SAID, &["T1"]),
        claim("T4", (33, 38), &["T2"]),
    ];
    let bob = vec![
        actor("B1", ZOE),
        actor("B2", CODER),
        claim("B3", SAID, &["B2"]),
        claim("B4", (33, 38), &["B1"]),
    ];
    let p = project(schema(false), vec![("alice", alice), ("bob", bob)]);
    assert_eq!(
        figures(&speaker(&p)),
        (2, 2, Some(0.0), Some(0.0), Some(0.0), 2)
    );
}

#[test]
fn a_missing_end_is_a_link_of_one_side_only() {
    let alice = vec![actor("T1", ZOE), claim("T2", SAID_NO, &["T1"])];
    // Bob has the claim but no speaker.
    let bob = vec![actor("B1", ZOE), claim("B2", SAID_NO, &[])];
    let p = project(schema(false), vec![("alice", alice.clone()), ("bob", bob)]);
    assert_eq!(
        figures(&speaker(&p)),
        (1, 0, Some(0.0), Some(0.0), Some(0.0), 1)
    );
    // Carol has neither the claim nor the actor: no source to compare.
    let carol = vec![actor("C1", CODER)];
    let p = project(schema(false), vec![("alice", alice), ("carol", carol)]);
    assert_eq!(figures(&speaker(&p)), (1, 0, Some(0.0), Some(0.0), None, 0));
}

#[test]
fn boundary_mismatches_fail_strict_but_match_by_overlap() {
    let alice = vec![actor("T1", ZOE), claim("T2", SAID_NO, &["T1"])];
    // `Zoe` without its combining mark, and the claim without “no”.
    let bob = vec![actor("B1", (1, 4)), claim("B2", SAID, &["B1"])];
    let p = project(schema(false), vec![("alice", alice.clone()), ("bob", bob)]);
    assert_eq!(
        figures(&speaker(&p)),
        (1, 1, Some(0.0), Some(1.0), None, 0),
        "no strictly matched source: target agreement undefined"
    );
    // The same source, a target differing in boundaries: targets agree.
    let carol = vec![actor("C1", (0, 6)), claim("C2", SAID_NO, &["C1"])];
    let p = project(schema(false), vec![("alice", alice), ("carol", carol)]);
    assert_eq!(
        figures(&speaker(&p)),
        (1, 1, Some(0.0), Some(1.0), Some(1.0), 1)
    );
}

#[test]
fn many_targets_are_one_link_each_and_compare_as_sets() {
    let actors = || vec![actor("X", ZOE), actor("Y", CODER), actor("Z", ZOE_AGAIN)];
    let with = |claims: Vec<Span>| {
        let mut spans = actors();
        spans.extend(claims);
        spans
    };
    let alice = with(vec![claim("C", SAID_NO, &["X", "Y"])]);
    let bob = with(vec![claim("C", SAID_NO, &["Y"])]);
    let p = project(schema(true), vec![("alice", alice.clone()), ("bob", bob)]);
    // Strict 2·1/3; overlap: alice 1/2 matched, bob 1/1.
    let overlap: f64 = 2.0 * 0.5 / 1.5;
    assert_eq!(
        figures(&speaker(&p)),
        (
            2,
            1,
            Some((2.0_f64 / 3.0 * 1e9).round() / 1e9),
            Some((overlap * 1e9).round() / 1e9),
            Some(0.0),
            1
        )
    );
    // The same targets in another order agree fully.
    let carol = with(vec![claim("C", SAID_NO, &["Y", "X"])]);
    let p = project(schema(true), vec![("alice", alice), ("carol", carol)]);
    assert_eq!(
        figures(&speaker(&p)),
        (2, 2, Some(1.0), Some(1.0), Some(1.0), 1)
    );
    let attribute = report(&p)
        .attributes
        .into_iter()
        .find(|a| a.attribute == "speaker")
        .expect("speaker row");
    assert_eq!(attribute.exact_match, Some(1.0), "lists compare as sets");
}

#[test]
fn labels_limit_links_to_compared_source_labels() {
    let alice = vec![actor("T1", ZOE), claim("T2", SAID_NO, &["T1"])];
    let p = project(
        schema(false),
        vec![("alice", alice.clone()), ("bob", alice)],
    );
    let only = |labels: &[&str]| {
        let options = AgreementOptions {
            labels: Some(labels.iter().map(|&l| l.to_owned()).collect()),
            ..AgreementOptions::default()
        };
        let r = agreement(&p, &options).expect("a report");
        r.links.into_keys().collect::<Vec<_>>()
    };
    assert_eq!(only(&["actor"]), Vec::<String>::new());
    // The targets' label need not be compared.
    assert_eq!(only(&["claim"]), ["claim.speaker"]);
    let r = agreement(
        &p,
        &AgreementOptions {
            labels: Some(vec!["claim".to_owned()]),
            ..AgreementOptions::default()
        },
    )
    .expect("a report");
    let pair = &r.links["claim.speaker"].pairwise[0];
    assert_eq!(figures(pair), (1, 1, Some(1.0), Some(1.0), Some(1.0), 1));
}

/// One annotator's layer: actors at `actors` (start, length) and claims
/// each pointing at actors (by number, modulo their count).
type LayerPlan = (Vec<(usize, usize)>, Vec<(usize, usize, Vec<usize>)>);

fn layer_from(plan: &LayerPlan, many: bool) -> Vec<Span> {
    let (actors, claims) = plan;
    let mut spans: Vec<Span> = actors
        .iter()
        .enumerate()
        .map(|(i, &(start, len))| actor(&format!("A{i}"), (start, start + len)))
        .collect();
    for (i, (start, len, targets)) in claims.iter().enumerate() {
        let mut ids: Vec<String> = targets
            .iter()
            .filter(|_| !actors.is_empty())
            .map(|t| format!("A{}", t % actors.len()))
            .collect();
        ids.sort();
        ids.dedup();
        if !many {
            ids.truncate(1);
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        spans.push(claim(&format!("C{i}"), (*start, start + len), &refs));
    }
    spans
}

fn plan() -> impl Strategy<Value = LayerPlan> {
    (
        prop::collection::vec((0usize..30, 1usize..6), 0..6),
        prop::collection::vec(
            (
                0usize..30,
                1usize..8,
                prop::collection::vec(0usize..6, 0..3),
            ),
            0..6,
        ),
    )
}

fn plans_project(plans: &[LayerPlan], names: &[&str], many: bool) -> Project {
    let layers = plans
        .iter()
        .zip(names)
        .map(|(plan, &name)| (name, layer_from(plan, many)))
        .collect();
    project(schema(many), layers)
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-12,
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn swapping_annotators_swaps_counts_and_keeps_figures(
        a in plan(), b in plan(), many in any::<bool>()
    ) {
        let p = speaker(&plans_project(&[a.clone(), b.clone()], &["alice", "bob"], many));
        let q = speaker(&plans_project(&[b, a], &["alice", "bob"], many));
        prop_assert_eq!((p.links_a, p.links_b), (q.links_b, q.links_a));
        prop_assert!(same(p.f1_strict, q.f1_strict) && same(p.f1_overlap, q.f1_overlap));
        prop_assert!(same(p.target_agreement, q.target_agreement));
        prop_assert_eq!(p.sources_matched, q.sources_matched);
    }

    #[test]
    fn equal_layers_agree_perfectly(a in plan(), many in any::<bool>()) {
        let p = speaker(&plans_project(&[a.clone(), a], &["alice", "bob"], many));
        prop_assert_eq!(p.links_a, p.links_b);
        let perfect = |v: Option<f64>| v.is_none_or(|v| (v - 1.0).abs() < 1e-12);
        prop_assert!(perfect(p.f1_strict) && perfect(p.f1_overlap) && perfect(p.target_agreement));
        prop_assert_eq!(p.f1_strict.is_some(), p.links_a > 0);
        prop_assert!(p.f1_overlap >= p.f1_strict || p.f1_strict.is_none());
    }

    #[test]
    fn annotator_order_does_not_change_link_figures(
        a in plan(), b in plan(), c in plan(), many in any::<bool>()
    ) {
        let p = plans_project(&[a, b, c], &["ann0", "ann1", "ann2"], many);
        let run = |names: &[&str]| agreement(&p, &AgreementOptions {
            annotators: Some(names.iter().map(|&n| n.to_owned()).collect()),
            ..AgreementOptions::default()
        }).expect("a report").links;
        prop_assert_eq!(run(&["ann0", "ann1", "ann2"]), run(&["ann2", "ann0", "ann1"]));
    }

    #[test]
    fn figures_stay_between_zero_and_one(a in plan(), b in plan(), many in any::<bool>()) {
        let p = speaker(&plans_project(&[a, b], &["alice", "bob"], many));
        for v in [p.f1_strict, p.f1_overlap, p.target_agreement].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&v), "{v}");
        }
        prop_assert!(p.f1_overlap >= p.f1_strict || p.f1_strict.is_none());
    }
}
