//! Hand-built cases for each of nervaluate's categories, on Unicode text
//! (offsets are code points, found in the text rather than counted by hand).
//! Figures are compared exactly: they must be nervaluate's, bit for bit.

#![allow(clippy::float_cmp)]

use super::*;

/// “Zoé” (with a combining accent) met 👩‍💻 in Kyiv on Monday; Владимир Путин said “no”.
const TEXT: &str = "\u{201C}Zoe\u{301}\u{201D} met \u{1F469}\u{200D}\u{1F4BB} in Kyiv on Monday; \u{412}\u{43B}\u{430}\u{434}\u{438}\u{43C}\u{438}\u{440} \u{41F}\u{443}\u{442}\u{438}\u{43D} said \u{201C}no\u{201D}.";

/// The code-point range of the first occurrence of `needle` in [`TEXT`].
fn at(needle: &str, label: &str) -> EvalSpan {
    let byte = TEXT.find(needle).expect("needle in text");
    let start = TEXT[..byte].chars().count();
    EvalSpan::new(start, start + needle.chars().count(), label)
}

fn one(gold: Vec<EvalSpan>, pred: Vec<EvalSpan>) -> EvalReport {
    evaluate(&[EvalDocument { gold, pred }])
}

/// (correct, incorrect, partial, missed, spurious)
fn counts(r: &SchemeResult) -> (u64, u64, u64, u64, u64) {
    (r.correct, r.incorrect, r.partial, r.missed, r.spurious)
}

#[test]
fn exact_match_is_correct_in_every_scheme() {
    let r = one(
        vec![at("Zoe\u{301}", "actor")],
        vec![at("Zoe\u{301}", "actor")],
    );
    for scheme in Scheme::ALL {
        let x = r.overall.get(scheme);
        assert_eq!(counts(x), (1, 0, 0, 0, 0), "{}", scheme.name());
        assert_eq!((x.precision, x.recall, x.f1), (1.0, 1.0, 1.0));
        assert_eq!((x.possible, x.actual), (1, 1));
    }
    assert_eq!(r.by_label["actor"], r.overall);
}

#[test]
fn boundary_overlap_with_the_same_label() {
    let gold = at(
        "\u{412}\u{43B}\u{430}\u{434}\u{438}\u{43C}\u{438}\u{440} \u{41F}\u{443}\u{442}\u{438}\u{43D}",
        "actor",
    );
    let pred = at("\u{41F}\u{443}\u{442}\u{438}\u{43D}", "actor");
    let r = one(vec![gold], vec![pred]);
    assert_eq!(counts(&r.overall.strict), (0, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.exact), (0, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.partial), (0, 0, 1, 0, 0));
    assert_eq!(counts(&r.overall.ent_type), (1, 0, 0, 0, 0));
    assert_eq!(r.overall.strict.precision, 0.0);
    assert_eq!(r.overall.partial.precision, 0.5);
    assert_eq!(r.overall.partial.recall, 0.5);
    assert_eq!(r.overall.partial.f1, 0.5);
}

#[test]
fn boundary_overlap_with_another_label() {
    let r = one(
        vec![at("Kyiv on Monday", "actor")],
        vec![at("Monday", "date")],
    );
    assert_eq!(counts(&r.overall.strict), (0, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.exact), (0, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.partial), (0, 0, 1, 0, 0));
    assert_eq!(counts(&r.overall.ent_type), (0, 1, 0, 0, 0));
    // Per label, the other label's spans are not there at all.
    for scheme in Scheme::ALL {
        assert_eq!(counts(r.by_label["actor"].get(scheme)), (0, 0, 0, 1, 0));
        assert_eq!(counts(r.by_label["date"].get(scheme)), (0, 0, 0, 0, 1));
    }
}

#[test]
fn same_extent_with_another_label() {
    let r = one(vec![at("Kyiv", "actor")], vec![at("Kyiv", "place")]);
    assert_eq!(counts(&r.overall.strict), (0, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.exact), (1, 0, 0, 0, 0));
    assert_eq!(counts(&r.overall.partial), (1, 0, 0, 0, 0));
    assert_eq!(counts(&r.overall.ent_type), (0, 1, 0, 0, 0));
}

#[test]
fn spurious_and_missed_leave_undefined_figures_at_zero() {
    let r = one(
        vec![at("\u{1F469}\u{200D}\u{1F4BB}", "actor")],
        vec![at("said", "claim")],
    );
    for scheme in Scheme::ALL {
        assert_eq!(counts(r.overall.get(scheme)), (0, 0, 0, 1, 1));
        let claim = r.by_label["claim"].get(scheme);
        assert_eq!((claim.possible, claim.actual), (0, 1));
        assert_eq!((claim.precision, claim.recall, claim.f1), (0.0, 0.0, 0.0));
    }
    let empty = evaluate(&[]);
    assert_eq!(empty.overall.strict.f1, 0.0);
    assert!(empty.by_label.is_empty());
    assert!(empty.macro_average(Scheme::Strict).is_none());
}

#[test]
fn a_prediction_over_several_gold_spans_takes_the_first_or_the_closest() {
    // Gold: "Zoé" and "met"; the first prediction covers "é” met", the
    // second is "met" alone.
    let gold = vec![at("Zoe\u{301}", "actor"), at("met", "actor")];
    let pred = vec![at("e\u{301}\u{201D} met", "actor"), at("met", "actor")];
    let r = one(gold, pred);
    // strict, exact, partial: the first prediction takes the first
    // overlapping gold span ("Zoé"), so the second matches "met".
    assert_eq!(counts(&r.overall.strict), (1, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.exact), (1, 1, 0, 0, 0));
    assert_eq!(counts(&r.overall.partial), (1, 0, 1, 0, 0));
    // ent_type: the first takes the closest boundaries ("met", same end),
    // leaving "Zoé" missed and the second prediction spurious.
    assert_eq!(counts(&r.overall.ent_type), (1, 0, 0, 1, 1));
    assert_eq!(r.overall.partial.precision, 0.75);
    assert_eq!(r.overall.ent_type.recall, 0.5);
}

#[test]
fn two_predictions_over_one_gold_span_leave_the_second_spurious() {
    let gold = vec![at("Kyiv on Monday", "date")];
    let pred = vec![at("Monday", "date"), at("Kyiv", "date")];
    let r = one(gold, pred);
    // Sorted by start, "Kyiv" comes first and takes the gold span.
    assert_eq!(counts(&r.overall.ent_type), (1, 0, 0, 0, 1));
    assert_eq!(counts(&r.overall.partial), (0, 0, 1, 0, 1));
    assert_eq!(counts(&r.overall.strict), (0, 1, 0, 0, 1));
}

#[test]
fn an_exact_prediction_later_in_order_beats_an_earlier_overlap() {
    let gold = vec![at("Kyiv on", "actor"), at("Kyiv on Monday", "actor")];
    let pred = vec![at("Kyiv on Monday", "actor")];
    let r = one(gold, pred);
    assert_eq!(counts(&r.overall.strict), (1, 0, 0, 1, 0));
}

#[test]
fn one_code_point_over_a_long_gold_span_is_below_the_one_percent_threshold() {
    let gold = vec![
        EvalSpan::new(0, 101, "actor"),
        EvalSpan::new(200, 300, "actor"),
    ];
    let pred = vec![
        EvalSpan::new(100, 105, "actor"),
        EvalSpan::new(299, 310, "actor"),
    ];
    let r = one(gold, pred);
    // 1 of 101 code points is < 1%, 1 of 100 is exactly 1%.
    assert_eq!(counts(&r.overall.strict), (0, 1, 0, 1, 1));
}

#[test]
fn adjacent_spans_do_not_overlap() {
    let r = one(vec![at("Kyiv", "actor")], vec![at(" on", "actor")]);
    assert_eq!(counts(&r.overall.partial), (0, 0, 0, 1, 1));
}

#[test]
fn documents_are_summed_and_averages_computed() {
    let docs = [
        EvalDocument {
            gold: vec![at("Kyiv", "place"), at("Monday", "date")],
            pred: vec![at("Kyiv", "place")],
        },
        EvalDocument {
            gold: vec![at("Monday", "date")],
            pred: vec![at("Monday", "date"), at("said", "claim")],
        },
    ];
    let r = evaluate(&docs);
    assert_eq!(r.documents, 2);
    assert_eq!(counts(&r.overall.strict), (2, 0, 0, 1, 1));
    assert_eq!(r.micro(Scheme::Strict).correct, 2);
    let m = r.macro_average(Scheme::Strict).expect("labels");
    // claim 0, date P 1 R 0.5, place 1.
    assert!((m.precision - 2.0 / 3.0).abs() < 1e-12);
    assert!((m.recall - 0.5).abs() < 1e-12);
}

#[test]
fn mistakes_list_what_a_reviewer_should_visit() {
    let document = EvalDocument {
        gold: vec![
            EvalSpan::new(0, 4, "actor"),
            EvalSpan::new(10, 15, "date"),
            EvalSpan::new(20, 25, "actor"),
        ],
        pred: vec![
            EvalSpan::new(0, 4, "actor"),
            EvalSpan::new(11, 15, "date"),
            EvalSpan::new(30, 33, "claim"),
        ],
    };
    let found = mistakes(&document, Scheme::Strict);
    assert_eq!(found.missed, [EvalSpan::new(20, 25, "actor")]);
    assert_eq!(found.spurious, [EvalSpan::new(30, 33, "claim")]);
    assert_eq!(
        found.wrong,
        [(EvalSpan::new(11, 15, "date"), EvalSpan::new(10, 15, "date"))]
    );
}

#[test]
fn many_documents_count_as_the_sum_of_each() {
    let documents: Vec<EvalDocument> = (0..301)
        .map(|i| EvalDocument {
            gold: vec![at("Kyiv on Monday", "actor"), at("Monday", "date")],
            pred: if i % 3 == 0 {
                vec![at("Kyiv", "actor")]
            } else {
                vec![at("Monday", "date"), at("said", "actor")]
            },
        })
        .collect();
    let together = evaluate(&documents);
    let mut each = [SchemeCounts::default(); 4];
    for document in &documents {
        let one = evaluate(std::slice::from_ref(document));
        for (sum, scheme) in each.iter_mut().zip(Scheme::ALL) {
            sum.add(&one.overall.get(scheme).counts());
        }
    }
    for (sum, scheme) in each.iter().zip(Scheme::ALL) {
        assert_eq!(
            together.overall.get(scheme).counts(),
            *sum,
            "{}",
            scheme.name()
        );
    }
    assert_eq!(together.documents, 301);
}
