//! Evaluating predicted spans against gold spans with the SemEval-2013
//! task 9.1 schemes (`strict`, `exact`, `partial`, `ent_type`), computed
//! exactly as the `nervaluate` Python package computes them.
//!
//! Mirrored version: **nervaluate 1.2.1** (`strategies.py`, `entities.py`,
//! `evaluator.py`), with its default `min_overlap_percentage = 1.0`. Its
//! rules, reproduced here:
//!
//! - Documents are evaluated one by one and their counts summed. Within a
//!   document, predictions are taken in order and each is compared with the
//!   gold spans not yet matched, in order; matching is greedy, so the order
//!   matters. Here both sides are sorted by (start, end, label) first.
//! - nervaluate's ends are inclusive. Marginalia's are exclusive, so a span
//!   `start..end` is given to the rules as `start..=end-1`. "Overlap" means
//!   the shared code points cover at least 1% of the gold span, computed in
//!   `f64` as nervaluate does (`overlap / gold_len * 100 >= 1`): a one-code-point
//!   overlap with a gold span longer than 100 code points does not count.
//! - `strict`: a prediction equal in start, end and label to an unmatched
//!   gold span is `correct` (the first such); otherwise, if it overlaps some
//!   unmatched gold span, it is `incorrect` and takes the first one it
//!   overlaps; otherwise `spurious`.
//! - `exact`: as `strict` with the label ignored for `correct`.
//! - `partial`: same boundaries is `correct`, else the first overlapping
//!   unmatched gold span makes it `partial`; labels are ignored.
//! - `ent_type`: among the unmatched overlapping gold spans with the
//!   prediction's label, the one with the smallest |Δstart| + |Δend| (the
//!   first on ties) makes it `correct`; failing that, the first overlapping
//!   gold span of another label makes it `incorrect`; else `spurious`.
//! - Gold spans left unmatched are `missed`.
//! - `possible` = correct + incorrect + partial + missed, `actual` =
//!   correct + incorrect + partial + spurious. Precision = correct / actual
//!   and recall = correct / possible for `strict` and `exact`; for `partial`
//!   and `ent_type` the numerator is correct + 0.5 · partial. F1 =
//!   2·P·R / (P + R). **Undefined figures are 0**, as in nervaluate: P is 0
//!   when `actual` is 0, R when `possible` is 0, F1 when P + R is 0.
//! - Per label, the same rules run on the spans of that label only (both
//!   sides filtered), for every label present on either side.
//!
//! The readable table adds a micro average (per-label counts summed, then
//! the scheme's formulas) and a macro average (unweighted mean of the
//! per-label P, R and F1); neither is part of nervaluate's output.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// A span as evaluation sees it: exclusive end, code-point offsets.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EvalSpan {
    /// First code point.
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// Label name.
    pub label: String,
}

impl EvalSpan {
    /// A span `start..end` labelled `label`.
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Self {
        Self {
            start,
            end,
            label: label.into(),
        }
    }
}

/// The gold and predicted spans of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvalDocument {
    /// Gold spans, in any order.
    pub gold: Vec<EvalSpan>,
    /// Predicted spans, in any order.
    pub pred: Vec<EvalSpan>,
}

/// One of the four SemEval-2013 schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Same boundaries and label.
    Strict,
    /// Same boundaries, any label.
    Exact,
    /// Overlap counts half, labels ignored.
    Partial,
    /// Overlap with the same label.
    EntType,
}

impl Scheme {
    /// All four, in report order.
    pub const ALL: [Scheme; 4] = [
        Scheme::Strict,
        Scheme::Exact,
        Scheme::Partial,
        Scheme::EntType,
    ];

    /// The scheme's name in nervaluate and in the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Strict => "strict",
            Scheme::Exact => "exact",
            Scheme::Partial => "partial",
            Scheme::EntType => "ent_type",
        }
    }

    /// Whether partial matches count half (nervaluate's `partial_or_type`).
    fn half_partial(self) -> bool {
        matches!(self, Scheme::Partial | Scheme::EntType)
    }
}

/// The five category counts of one scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchemeCounts {
    /// Predictions counted correct.
    pub correct: u64,
    /// Predictions overlapping gold but wrong (boundaries or label).
    pub incorrect: u64,
    /// Predictions overlapping gold with other boundaries (`partial` only).
    pub partial: u64,
    /// Gold spans no prediction matched.
    pub missed: u64,
    /// Predictions overlapping no unmatched gold span.
    pub spurious: u64,
}

impl SchemeCounts {
    /// Adds `other`.
    pub fn add(&mut self, other: &SchemeCounts) {
        self.correct += other.correct;
        self.incorrect += other.incorrect;
        self.partial += other.partial;
        self.missed += other.missed;
        self.spurious += other.spurious;
    }

    /// The counts with nervaluate's figures for `scheme`.
    pub fn result(&self, scheme: Scheme) -> SchemeResult {
        let actual = self.correct + self.incorrect + self.partial + self.spurious;
        let possible = self.correct + self.incorrect + self.partial + self.missed;
        let credit = if scheme.half_partial() {
            self.correct as f64 + 0.5 * self.partial as f64
        } else {
            self.correct as f64
        };
        let precision = if actual > 0 {
            credit / actual as f64
        } else {
            0.0
        };
        let recall = if possible > 0 {
            credit / possible as f64
        } else {
            0.0
        };
        SchemeResult {
            correct: self.correct,
            incorrect: self.incorrect,
            partial: self.partial,
            missed: self.missed,
            spurious: self.spurious,
            possible,
            actual,
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// nervaluate's F1, operation for operation: `2 * (p * r) / (p + r)`, 0 when
/// `p + r` is 0.
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * (precision * recall) / (precision + recall)
    } else {
        0.0
    }
}

/// Counts and figures of one scheme, as nervaluate reports them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SchemeResult {
    /// Predictions counted correct.
    pub correct: u64,
    /// Predictions overlapping gold but wrong.
    pub incorrect: u64,
    /// Partial matches.
    pub partial: u64,
    /// Unmatched gold spans.
    pub missed: u64,
    /// Unmatched predictions.
    pub spurious: u64,
    /// correct + incorrect + partial + missed.
    pub possible: u64,
    /// correct + incorrect + partial + spurious.
    pub actual: u64,
    /// Precision, 0 when `actual` is 0.
    pub precision: f64,
    /// Recall, 0 when `possible` is 0.
    pub recall: f64,
    /// F1, 0 when precision + recall is 0.
    pub f1: f64,
}

impl SchemeResult {
    /// The category counts alone.
    pub fn counts(&self) -> SchemeCounts {
        SchemeCounts {
            correct: self.correct,
            incorrect: self.incorrect,
            partial: self.partial,
            missed: self.missed,
            spurious: self.spurious,
        }
    }
}

/// The four schemes' results for one scope (overall or one label).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SchemeResults {
    /// Same boundaries and label.
    pub strict: SchemeResult,
    /// Same boundaries.
    pub exact: SchemeResult,
    /// Overlap counts half.
    pub partial: SchemeResult,
    /// Overlap with the same label.
    pub ent_type: SchemeResult,
}

impl SchemeResults {
    fn from_counts(counts: &[SchemeCounts; 4]) -> Self {
        Self {
            strict: counts[0].result(Scheme::Strict),
            exact: counts[1].result(Scheme::Exact),
            partial: counts[2].result(Scheme::Partial),
            ent_type: counts[3].result(Scheme::EntType),
        }
    }

    /// The result of `scheme`.
    pub fn get(&self, scheme: Scheme) -> &SchemeResult {
        match scheme {
            Scheme::Strict => &self.strict,
            Scheme::Exact => &self.exact,
            Scheme::Partial => &self.partial,
            Scheme::EntType => &self.ent_type,
        }
    }
}

/// The `eval` report: nervaluate's overall and per-label results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Documents evaluated.
    pub documents: usize,
    /// All spans together.
    pub overall: SchemeResults,
    /// Each label present on either side, spans of other labels ignored.
    pub by_label: BTreeMap<String, SchemeResults>,
}

/// Precision, recall and F1 of an average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Average {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// The titles of a scheme table's columns after the row name: nervaluate's
/// counts, then precision, recall and F1.
pub const TABLE_COLUMNS: [&str; 8] = [
    "correct",
    "incorrect",
    "partial",
    "missed",
    "spurious",
    "P",
    "R",
    "F1",
];

/// One row of a scheme table (see [`EvalReport::table_rows`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableRow<'a> {
    /// A label, `micro`, `macro` or `overall`.
    pub name: &'a str,
    /// correct, incorrect, partial, missed and spurious; none for the
    /// macro average, which has figures only.
    pub counts: Option<[u64; 5]>,
    /// Precision, recall and F1.
    pub figures: [f64; 3],
}

impl<'a> TableRow<'a> {
    fn of(name: &'a str, r: &SchemeResult) -> Self {
        Self {
            name,
            counts: Some([r.correct, r.incorrect, r.partial, r.missed, r.spurious]),
            figures: [r.precision, r.recall, r.f1],
        }
    }
}

impl EvalReport {
    /// The rows of `scheme`'s table, as `eval` prints it and the dashboard
    /// shows it: each label, the micro average, the macro average and
    /// nervaluate's overall row (which also matches spans across labels).
    pub fn table_rows(&self, scheme: Scheme) -> Vec<TableRow<'_>> {
        let mut rows: Vec<TableRow<'_>> = self
            .by_label
            .iter()
            .map(|(label, r)| TableRow::of(label, r.get(scheme)))
            .collect();
        rows.push(TableRow::of("micro", &self.micro(scheme)));
        if let Some(m) = self.macro_average(scheme) {
            rows.push(TableRow {
                name: "macro",
                counts: None,
                figures: [m.precision, m.recall, m.f1],
            });
        }
        rows.push(TableRow::of("overall", self.overall.get(scheme)));
        rows
    }

    /// Per-label counts of `scheme` summed, with the scheme's figures.
    pub fn micro(&self, scheme: Scheme) -> SchemeResult {
        let mut total = SchemeCounts::default();
        for results in self.by_label.values() {
            total.add(&results.get(scheme).counts());
        }
        total.result(scheme)
    }

    /// Unweighted mean of the per-label precision, recall and F1 of
    /// `scheme`; `None` without labels.
    pub fn macro_average(&self, scheme: Scheme) -> Option<Average> {
        let n = self.by_label.len();
        if n == 0 {
            return None;
        }
        let mean = |figure: fn(&SchemeResult) -> f64| {
            self.by_label
                .values()
                .map(|r| figure(r.get(scheme)))
                .sum::<f64>()
                / n as f64
        };
        Some(Average {
            precision: mean(|r| r.precision),
            recall: mean(|r| r.recall),
            f1: mean(|r| r.f1),
        })
    }
}

/// Evaluates every document's predictions against its gold spans (on two
/// threads when there are many documents: each counts half of them, and
/// counts add up the same in any order).
pub fn evaluate(documents: &[EvalDocument]) -> EvalReport {
    /// Fewer documents are counted on one thread.
    const SPLIT_FROM: usize = 256;
    let labels = label_order(documents.iter().flat_map(|d| d.gold.iter().chain(&d.pred)));
    let (overall, by_label) = if documents.len() < SPLIT_FROM {
        count(documents, &labels)
    } else {
        let (first, second) = documents.split_at(documents.len() / 2);
        let (mut sum, other) = std::thread::scope(|scope| {
            let other = scope.spawn(|| count(second, &labels));
            let sum = count(first, &labels);
            let other = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (sum, other)
        });
        add_counts(&mut sum, &other);
        sum
    };
    EvalReport {
        documents: documents.len(),
        overall: SchemeResults::from_counts(&overall),
        by_label: labels
            .into_iter()
            .zip(by_label)
            .map(|(label, counts)| (label.to_owned(), SchemeResults::from_counts(&counts)))
            .collect(),
    }
}

/// Every label of `spans` once, in order: a label's rank here orders spans
/// as its name does.
fn label_order<'a>(spans: impl Iterator<Item = &'a EvalSpan>) -> Vec<&'a str> {
    let mut labels = BTreeSet::new();
    let mut last = None;
    for span in spans {
        // Runs of one label are common: the set is asked once per run.
        if last != Some(span.label.as_str()) {
            last = Some(span.label.as_str());
            labels.insert(span.label.as_str());
        }
    }
    labels.into_iter().collect()
}

/// A span as matching sees it: its label as the label's rank in the label
/// order, so spans compare in (start, end, label) order without strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    start: usize,
    end: usize,
    label: usize,
}

/// `spans` as matching spans, in the same order, into `out`; `labels` has
/// every label of them, in order.
fn to_spans<'a>(spans: impl Iterator<Item = &'a EvalSpan>, labels: &[&str], out: &mut Vec<Span>) {
    out.clear();
    out.extend(spans.map(|s| {
        Span {
            start: s.start,
            end: s.end,
            label: labels
                .binary_search(&s.label.as_str())
                .unwrap_or_else(|at| at),
        }
    }));
}

/// Category counts of every scheme, overall and for each label (in the
/// label order).
type Counts = ([SchemeCounts; 4], Vec<[SchemeCounts; 4]>);

/// The counts of `documents`, with an entry for each of `labels` (every
/// label of them, in order).
///
/// Each label's spans are a run of the document's spans sorted by (label,
/// start, end), in (start, end) order within it; the buffers are reused
/// from one document to the next.
fn count(documents: &[EvalDocument], labels: &[&str]) -> Counts {
    let mut overall = [SchemeCounts::default(); 4];
    let mut by_label = vec![[SchemeCounts::default(); 4]; labels.len()];
    let (mut gold, mut pred, mut matched) = (Vec::new(), Vec::new(), Vec::new());
    for document in documents {
        to_spans(document.gold.iter(), labels, &mut gold);
        to_spans(document.pred.iter(), labels, &mut pred);
        gold.sort_unstable();
        pred.sort_unstable();
        for (i, scheme) in Scheme::ALL.into_iter().enumerate() {
            overall[i].add(&match_spans(scheme, &gold, &pred, &mut matched));
        }
        gold.sort_unstable_by_key(|s| (s.label, s.start, s.end));
        pred.sort_unstable_by_key(|s| (s.label, s.start, s.end));
        let (mut gold, mut pred) = (&gold[..], &pred[..]);
        while let Some(label) = gold
            .first()
            .into_iter()
            .chain(pred.first())
            .map(|s| s.label)
            .min()
        {
            let (gold_run, gold_rest) = gold.split_at(gold.partition_point(|s| s.label == label));
            let (pred_run, pred_rest) = pred.split_at(pred.partition_point(|s| s.label == label));
            for (i, scheme) in Scheme::ALL.into_iter().enumerate() {
                by_label[label][i].add(&match_spans(scheme, gold_run, pred_run, &mut matched));
            }
            (gold, pred) = (gold_rest, pred_rest);
        }
    }
    (overall, by_label)
}

/// Adds `other` to `sum` (counts of the same labels).
fn add_counts(sum: &mut Counts, other: &Counts) {
    for (sum, add) in sum.0.iter_mut().zip(&other.0) {
        sum.add(add);
    }
    for (sum, add) in sum.1.iter_mut().zip(&other.1) {
        for (sum, add) in sum.iter_mut().zip(add) {
            sum.add(add);
        }
    }
}

/// The spans in (start, end, label) order.
fn sorted<'a>(spans: impl Iterator<Item = &'a EvalSpan>) -> Vec<&'a EvalSpan> {
    let mut spans: Vec<&EvalSpan> = spans.collect();
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    spans
}

/// nervaluate's `_has_sufficient_overlap` with its default threshold (1%),
/// in the same floating-point operations. Its inclusive ends are `end - 1`
/// here, so its `pred.start > true.end` is `pred.start >= gold.end` and its
/// `+ 1` lengths are plain `end - start`. (An empty gold span, which
/// nervaluate would divide by, never overlaps: 0 / 0 is NaN.)
fn sufficient_overlap(pred: &Span, gold: &Span) -> bool {
    if pred.start >= gold.end || pred.end <= gold.start {
        return false;
    }
    let overlap = pred.end.min(gold.end) - pred.start.max(gold.start);
    let gold_len = gold.end - gold.start;
    (overlap as f64 / gold_len as f64) * 100.0 >= 1.0
}

fn same_extent(a: &Span, b: &Span) -> bool {
    a.start == b.start && a.end == b.end
}

/// The spans of one document that an extractor got wrong under `scheme`:
/// gold spans no prediction took (missed), predictions that took no gold
/// span (spurious), and predictions judged incorrect or partial, each with
/// the gold span it took. In (start, end, label) order, for a reviewer to
/// visit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mistakes {
    /// Gold spans no prediction matched.
    pub missed: Vec<EvalSpan>,
    /// Predictions that matched no gold span.
    pub spurious: Vec<EvalSpan>,
    /// Predictions judged incorrect (or partial), with their gold span.
    pub wrong: Vec<(EvalSpan, EvalSpan)>,
}

/// The mistakes of one document under `scheme` (all labels together, as
/// `overall` counts them).
pub fn mistakes(document: &EvalDocument, scheme: Scheme) -> Mistakes {
    let gold = sorted(document.gold.iter());
    let pred = sorted(document.pred.iter());
    let labels = label_order(gold.iter().chain(&pred).copied());
    let (mut gold_spans, mut pred_spans, mut matched) = (Vec::new(), Vec::new(), Vec::new());
    to_spans(gold.iter().copied(), &labels, &mut gold_spans);
    to_spans(pred.iter().copied(), &labels, &mut pred_spans);
    let mut out = Mistakes::default();
    judge(
        scheme,
        &gold_spans,
        &pred_spans,
        &mut matched,
        |p, verdict| match verdict {
            Verdict::Spurious => out.spurious.push(pred[p].clone()),
            Verdict::Incorrect(g) | Verdict::Partial(g) => {
                out.wrong.push((pred[p].clone(), gold[*g].clone()));
            }
            Verdict::Correct(_) => {}
        },
    );
    out.missed = gold
        .iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(g, _)| (*g).clone())
        .collect();
    out
}

/// One document's (or one label's) counts under `scheme`, spans in order;
/// `matched` is a buffer for [`judge`].
fn match_spans(
    scheme: Scheme,
    gold: &[Span],
    pred: &[Span],
    matched: &mut Vec<bool>,
) -> SchemeCounts {
    let mut counts = SchemeCounts::default();
    judge(scheme, gold, pred, matched, |_, verdict| match verdict {
        Verdict::Correct(_) => counts.correct += 1,
        Verdict::Incorrect(_) => counts.incorrect += 1,
        Verdict::Partial(_) => counts.partial += 1,
        Verdict::Spurious => counts.spurious += 1,
    });
    counts.missed = matched.iter().filter(|&&m| !m).count() as u64;
    counts
}

/// Judges each prediction in order (nervaluate's loop), telling `verdict`
/// about each (with the prediction's index); leaves in `matched` which gold
/// spans were taken.
///
/// Both sides are in (start, end, label) order, so each prediction looks
/// only at the gold spans that can overlap it or share its boundaries:
/// those before the first gold span starting after its end, and not those
/// at the front that are taken or end before its start (nor can they for
/// any later prediction, which starts no earlier). The spans left out are
/// ones nervaluate's scan passes over, so every verdict is the same.
fn judge(
    scheme: Scheme,
    gold: &[Span],
    pred: &[Span],
    matched: &mut Vec<bool>,
    mut verdict: impl FnMut(usize, &Verdict),
) {
    matched.clear();
    matched.resize(gold.len(), false);
    let mut low = 0;
    for (index, p) in pred.iter().enumerate() {
        while low < gold.len() && (matched[low] || gold[low].end < p.start) {
            low += 1;
        }
        let high = low + gold[low..].partition_point(|g| g.start <= p.end);
        let near = Near {
            gold,
            matched,
            range: low..high,
        };
        let judged = match scheme {
            Scheme::Strict => {
                first_exact_else_overlap(&near, p, |p, g| same_extent(p, g) && p.label == g.label)
            }
            Scheme::Exact => first_exact_else_overlap(&near, p, same_extent),
            Scheme::Partial => partial_verdict(&near, p),
            Scheme::EntType => ent_type_verdict(&near, p),
        };
        if let Verdict::Correct(g) | Verdict::Incorrect(g) | Verdict::Partial(g) = judged {
            matched[g] = true;
        }
        verdict(index, &judged);
    }
}

/// The gold spans one prediction is judged against: those in `range` not
/// yet matched, in order, with their indices.
struct Near<'a> {
    gold: &'a [Span],
    matched: &'a [bool],
    range: std::ops::Range<usize>,
}

impl<'a> Near<'a> {
    /// The unmatched gold spans in range, in order, with their indices.
    fn unmatched(&self) -> impl Iterator<Item = (usize, &'a Span)> + '_ {
        self.range
            .clone()
            .filter(|&i| !self.matched[i])
            .map(|i| (i, &self.gold[i]))
    }
}

/// What one prediction is, with the gold span it takes.
enum Verdict {
    Correct(usize),
    Incorrect(usize),
    Partial(usize),
    Spurious,
}

/// `strict` and `exact`: the first unmatched gold span passing `is_correct`
/// wins; else the first unmatched overlapping one seen before it (or at all)
/// makes the prediction incorrect.
fn first_exact_else_overlap(
    near: &Near,
    pred: &Span,
    is_correct: impl Fn(&Span, &Span) -> bool,
) -> Verdict {
    let mut incorrect = None;
    for (i, g) in near.unmatched() {
        if is_correct(pred, g) {
            return Verdict::Correct(i);
        }
        if incorrect.is_none() && sufficient_overlap(pred, g) {
            incorrect = Some(i);
        }
    }
    incorrect.map_or(Verdict::Spurious, Verdict::Incorrect)
}

/// `partial`: among overlapping unmatched gold spans, the first with the
/// same boundaries makes it correct; else the first overlapping one partial.
fn partial_verdict(near: &Near, pred: &Span) -> Verdict {
    let mut partial = None;
    for (i, g) in near.unmatched() {
        if !sufficient_overlap(pred, g) {
            continue;
        }
        if same_extent(pred, g) {
            return Verdict::Correct(i);
        }
        if partial.is_none() {
            partial = Some(i);
        }
    }
    partial.map_or(Verdict::Spurious, Verdict::Partial)
}

/// `ent_type`: the closest overlapping unmatched gold span of the same label
/// (first on ties) makes it correct; else the first overlapping one of
/// another label incorrect.
fn ent_type_verdict(near: &Near, pred: &Span) -> Verdict {
    let mut best: Option<(usize, usize)> = None;
    let mut incorrect = None;
    for (i, g) in near.unmatched() {
        if !sufficient_overlap(pred, g) {
            continue;
        }
        if pred.label == g.label {
            let distance = pred.start.abs_diff(g.start) + pred.end.abs_diff(g.end);
            if best.is_none_or(|(_, d)| distance < d) {
                best = Some((i, distance));
            }
        } else if incorrect.is_none() {
            incorrect = Some(i);
        }
    }
    match (best, incorrect) {
        (Some((i, _)), _) => Verdict::Correct(i),
        (None, Some(i)) => Verdict::Incorrect(i),
        (None, None) => Verdict::Spurious,
    }
}

#[cfg(test)]
mod tests;
