//! The agreement report of `agree` (DESIGN.md, "Agreement"): per label and
//! overall, pairwise span F1 (strict and overlap), token-level Cohen's κ
//! and Gwet's AC1, and over all compared annotators Fleiss' κ, Gwet's AC1
//! and Krippendorff's α (nominal, absent layers as missing data); per
//! document on request; plus the label confusion table, attribute
//! agreement and link agreement per reference attribute
//! ([`links`](super::links)).
//!
//! Each document is tokenised once; for each label, the spans of every
//! annotator become token ranges and one sweep over their ends counts the
//! decisions (see [`tokens_decisions`](super::tokens_decisions)). The
//! counts are sums, so labels add up to `overall`, documents to labels, and
//! documents are shared out between threads.

use std::collections::BTreeMap;

use serde::Serialize;

use super::attributes::{AttributeAgreement, AttributeTallies};
use super::confusion::ConfusionTable;
use super::gwet::{gwet_ac1, gwet_ac1_binary};
use super::kappa::{MultiRaterCounts, cohen_kappa_binary, fleiss_kappa};
use super::krippendorff::{AlphaCounts, krippendorff_alpha_nominal};
use super::links::{LinkAgreement, LinkAttributes, LinkEnds, LinkTallies, layer_links};
use super::matching::pair_by_extent;
use super::span_f1::{SpanCounts, overlapping_count};
use super::tokens_decisions::{
    DecisionCounts, TokenRun, count_decisions, pairs as annotator_pairs,
};
use crate::model::doc_tokens::DocTokens;
use crate::model::layer::is_human_annotator;
use crate::model::{Document, LabelDef, Layer, Project, Span};

/// The most annotators compared at once (decisions are kept as bit masks).
pub const MAX_ANNOTATORS: usize = 64;

/// What to compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementOptions {
    /// Annotators to compare (default: every layer except `gold` and
    /// `model:*`). Order does not matter.
    pub annotators: Option<Vec<String>>,
    /// Labels to compare (default: all of the schema's).
    pub labels: Option<Vec<String>>,
    /// Whether to fill [`AgreementReport::by_document`].
    pub per_document: bool,
}

/// Why no report could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    /// A requested annotator has no layer in the project.
    #[error("unknown annotator \"{name}\": no document has a layer by it (annotators: {known})")]
    UnknownAnnotator {
        /// The requested name.
        name: String,
        /// The annotators that do have layers, comma-separated.
        known: String,
    },
    /// A requested label is not in the schema.
    #[error("unknown label \"{name}\": the schema's labels are {known}")]
    UnknownLabel {
        /// The requested label.
        name: String,
        /// The schema's labels, comma-separated.
        known: String,
    },
    /// Fewer than two annotators to compare.
    #[error("agreement needs at least two annotators with layers; found {found}")]
    TooFewAnnotators {
        /// The annotators found, or `none`.
        found: String,
    },
    /// More annotators than [`MAX_ANNOTATORS`].
    #[error("at most {MAX_ANNOTATORS} annotators can be compared at once; {0} were asked for")]
    TooManyAnnotators(usize),
}

/// The whole agreement report; its JSON is `agree --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementReport {
    /// The compared annotators, sorted.
    pub annotators: Vec<String>,
    /// Documents that at least two compared annotators have a layer for.
    pub documents: usize,
    /// Tokens of those documents.
    pub tokens: usize,
    /// Agreement per compared label.
    pub labels: BTreeMap<String, LabelAgreement>,
    /// Link agreement per reference attribute of a compared label, keyed
    /// `LABEL.ATTRIBUTE`.
    pub links: BTreeMap<String, LinkAgreement>,
    /// Agreement over the (token, label) pairs of all compared labels.
    pub overall: LabelAgreement,
    /// Agreement per document over all compared labels (with
    /// `per_document`), for the documents at least two annotators have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_document: Option<BTreeMap<String, LabelAgreement>>,
    /// Which labels annotators swap on the same extent.
    pub confusion: ConfusionTable,
    /// Agreement on attribute values of strictly matched spans.
    pub attributes: Vec<AttributeAgreement>,
}

/// Agreement on one label, over all labels, or on one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelAgreement {
    /// One entry per annotator pair (on one document: the pairs that both
    /// have a layer for it).
    pub pairwise: Vec<PairAgreement>,
    /// Fleiss' κ over the documents all compared annotators have.
    pub fleiss_kappa_token: Option<f64>,
    /// Multi-rater Gwet AC1 over the same documents.
    pub gwet_ac1_token: Option<f64>,
    /// Krippendorff's α (nominal), absent layers as missing data.
    pub alpha_token: Option<f64>,
}

/// Agreement of one annotator pair on the documents both have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAgreement {
    /// First annotator.
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Spans of `a` on the shared documents.
    pub spans_a: usize,
    /// Spans of `b` on the shared documents.
    pub spans_b: usize,
    /// Strict span F1.
    pub f1_strict: Option<f64>,
    /// Overlap span F1.
    pub f1_overlap: Option<f64>,
    /// Cohen's κ on the token decisions.
    pub kappa_token: Option<f64>,
    /// Gwet's AC1 on the token decisions.
    pub ac1_token: Option<f64>,
}

impl LabelAgreement {
    /// A figure to rank documents for review, lowest = worst: α, else the
    /// mean pairwise κ; `None` when neither is defined (nothing to review).
    pub fn review_score(&self) -> Option<f64> {
        self.alpha_token
            .or_else(|| mean(self.pairwise.iter().map(|p| p.kappa_token)))
    }
}

impl AgreementReport {
    /// The per-document entries, worst first (by
    /// [`LabelAgreement::review_score`], undefined last, then by id).
    pub fn documents_worst_first(&self) -> Vec<(&String, &LabelAgreement)> {
        let mut docs: Vec<(&String, &LabelAgreement)> = self.by_document.iter().flatten().collect();
        docs.sort_by(|(ia, a), (ib, b)| {
            let key = |x: &LabelAgreement| x.review_score().unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b)).then_with(|| ia.cmp(ib))
        });
        docs
    }
}

/// The mean of the defined values, `None` when there are none.
pub fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values
        .flatten()
        .fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Computes the agreement report of `project`.
pub fn agreement(
    project: &Project,
    options: &AgreementOptions,
) -> Result<AgreementReport, AgreementError> {
    let setup = Setup::new(project, options)?;
    let accumulator = setup.run();
    Ok(setup.report(&accumulator))
}

/// Counts of one annotator pair in one scope.
#[derive(Debug, Clone, Copy, Default)]
struct PairTally {
    /// Documents the pair shares (summing labels counts each once per label;
    /// only ever tested for > 0).
    documents: u64,
    /// Tokens of those documents.
    tokens: u64,
    /// Tokens marked by both, the first only, the second only.
    decisions: [u64; 3],
    spans: SpanCounts,
}

/// Counts of one scope: a label, all labels, or one document.
#[derive(Debug, Clone, Default)]
struct Tally {
    pairs: Vec<PairTally>,
    /// Tokens (items) of the documents all compared annotators have.
    multi_items: u64,
    /// Σ marks and Σ marks² over those items.
    multi_marks: u64,
    multi_marks_squared: u64,
    alpha: AlphaCounts,
}

impl Tally {
    fn new(pairs: usize) -> Self {
        Self {
            pairs: vec![PairTally::default(); pairs],
            ..Self::default()
        }
    }

    fn add(&mut self, other: &Tally) {
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            mine.documents += theirs.documents;
            mine.tokens += theirs.tokens;
            for (m, t) in mine.decisions.iter_mut().zip(theirs.decisions) {
                *m += t;
            }
            mine.spans.add(&theirs.spans);
        }
        self.multi_items += other.multi_items;
        self.multi_marks += other.multi_marks;
        self.multi_marks_squared += other.multi_marks_squared;
        self.alpha.add(&other.alpha);
    }
}

/// Validated options and what the counting needs.
struct Setup<'p> {
    project: &'p Project,
    annotators: Vec<String>,
    labels: Vec<&'p LabelDef>,
    link_attributes: LinkAttributes<'p>,
    pairs: Vec<(usize, usize)>,
    per_document: bool,
}

/// Per-thread results.
struct Accumulator<'p> {
    documents: usize,
    tokens: u64,
    labels: Vec<Tally>,
    /// (document index, counts over all labels), in document order.
    by_document: Vec<(usize, Tally)>,
    confusion: ConfusionTable,
    attributes: AttributeTallies<'p>,
    links: LinkTallies,
}

/// Per-thread buffers reused from document to document.
#[derive(Default)]
struct Scratch<'p> {
    tokens: DocTokens,
    events: Vec<(usize, bool, usize)>,
    /// Per label: token runs of every annotator.
    runs: Vec<Vec<TokenRun>>,
    /// Per annotator × label: spans.
    by_label: Vec<Vec<&'p Span>>,
    /// Per annotator: spans of compared labels, and their label numbers.
    compared: Vec<Vec<&'p Span>>,
    compared_labels: Vec<Vec<usize>>,
    /// Per annotator: links of the compared reference attributes.
    links: Vec<Vec<LinkEnds<'p>>>,
}

fn comma_list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

impl<'p> Setup<'p> {
    fn new(project: &'p Project, options: &AgreementOptions) -> Result<Self, AgreementError> {
        let known = project.annotators();
        let mut annotators: Vec<String> = match &options.annotators {
            Some(names) => {
                for name in names {
                    if !known.contains(name) {
                        return Err(AgreementError::UnknownAnnotator {
                            name: name.clone(),
                            known: comma_list(&known),
                        });
                    }
                }
                names.clone()
            }
            None => known
                .iter()
                .filter(|a| is_human_annotator(a))
                .cloned()
                .collect(),
        };
        annotators.sort();
        annotators.dedup();
        if annotators.len() < 2 {
            return Err(AgreementError::TooFewAnnotators {
                found: comma_list(&annotators),
            });
        }
        if annotators.len() > MAX_ANNOTATORS {
            return Err(AgreementError::TooManyAnnotators(annotators.len()));
        }
        let schema_labels = &project.schema.labels;
        let labels: Vec<&LabelDef> = match &options.labels {
            Some(names) => {
                if let Some(unknown) = names.iter().find(|n| project.schema.label(n).is_none()) {
                    let known: Vec<String> = schema_labels.iter().map(|l| l.name.clone()).collect();
                    return Err(AgreementError::UnknownLabel {
                        name: unknown.clone(),
                        known: comma_list(&known),
                    });
                }
                schema_labels
                    .iter()
                    .filter(|l| names.contains(&l.name))
                    .collect()
            }
            None => schema_labels.iter().collect(),
        };
        Ok(Self {
            project,
            pairs: annotator_pairs(annotators.len()),
            annotators,
            link_attributes: LinkAttributes::new(&labels),
            labels,
            per_document: options.per_document,
        })
    }

    fn label_number(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.name == label)
    }

    fn pair_names(&self) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .map(|&(i, j)| (self.annotators[i].clone(), self.annotators[j].clone()))
            .collect()
    }

    fn accumulator(&self) -> Accumulator<'p> {
        Accumulator {
            documents: 0,
            tokens: 0,
            labels: vec![Tally::new(self.pairs.len()); self.labels.len()],
            by_document: Vec::new(),
            confusion: ConfusionTable::new(
                self.labels.iter().map(|l| l.name.clone()).collect(),
                &self.pair_names(),
            ),
            attributes: AttributeTallies::new(&self.labels),
            links: LinkTallies::new(self.link_attributes.len(), self.pairs.len()),
        }
    }

    /// Counts every document, on as many threads as pay off.
    fn run(&self) -> Accumulator<'p> {
        let docs = &self.project.documents;
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(docs.len() / 32)
            .max(1);
        if threads == 1 {
            return self.count(0, docs);
        }
        let chunk = docs.len().div_ceil(threads);
        let parts: Vec<Accumulator<'p>> = std::thread::scope(|scope| {
            let handles: Vec<_> = docs
                .chunks(chunk)
                .enumerate()
                .map(|(i, part)| scope.spawn(move || self.count(i * chunk, part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("an agreement thread panicked"))
                .collect()
        });
        let mut parts = parts.into_iter();
        let mut total = parts.next().unwrap_or_else(|| self.accumulator());
        for part in parts {
            total.documents += part.documents;
            total.tokens += part.tokens;
            for (mine, theirs) in total.labels.iter_mut().zip(&part.labels) {
                mine.add(theirs);
            }
            total.by_document.extend(part.by_document);
            total.confusion.merge(&part.confusion);
            total.attributes.add(&part.attributes);
            total.links.add(&part.links);
        }
        total
    }

    /// Counts `docs`, the first of which is document number `first`.
    fn count(&self, first: usize, docs: &'p [Document]) -> Accumulator<'p> {
        let mut acc = self.accumulator();
        let mut scratch = Scratch::default();
        for (i, doc) in docs.iter().enumerate() {
            self.count_document(first + i, doc, &mut scratch, &mut acc);
        }
        acc
    }

    fn count_document(
        &self,
        index: usize,
        doc: &'p Document,
        scratch: &mut Scratch<'p>,
        acc: &mut Accumulator<'p>,
    ) {
        let layers: Vec<Option<&'p Layer>> =
            self.annotators.iter().map(|a| doc.layers.get(a)).collect();
        let present: u64 = layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_some())
            .fold(0, |mask, (k, _)| mask | 1 << k);
        let raters = present.count_ones() as usize;
        if raters < 2 {
            return;
        }
        let (a_count, l_count) = (self.annotators.len(), self.labels.len());
        acc.documents += 1;
        scratch.tokens.fill(&doc.text);
        let tokens = scratch.tokens.len() as u64;
        acc.tokens += tokens;

        scratch.runs.resize_with(l_count, Vec::new);
        scratch.runs.iter_mut().for_each(Vec::clear);
        scratch.by_label.resize_with(a_count * l_count, Vec::new);
        scratch.by_label.iter_mut().for_each(Vec::clear);
        scratch.compared.resize_with(a_count, Vec::new);
        scratch.compared.iter_mut().for_each(Vec::clear);
        scratch.compared_labels.resize_with(a_count, Vec::new);
        scratch.compared_labels.iter_mut().for_each(Vec::clear);
        scratch.links.resize_with(a_count, Vec::new);
        for (k, layer) in layers.iter().enumerate() {
            let Some(layer) = layer else { continue };
            for span in &layer.spans {
                let Some(l) = self.label_number(&span.label) else {
                    continue;
                };
                scratch.by_label[k * l_count + l].push(span);
                scratch.compared[k].push(span);
                scratch.compared_labels[k].push(l);
                let (from, to) = scratch.tokens.overlapping(span.start, span.end);
                if from < to {
                    scratch.runs[l].push((from, to, k));
                }
            }
            if self.link_attributes.len() > 0 {
                layer_links(
                    &self.link_attributes,
                    &self.project.schema,
                    &layer.spans,
                    &mut scratch.links[k],
                );
            }
        }

        let mut doc_tally = self.per_document.then(|| Tally::new(self.pairs.len()));
        let all = if a_count == 64 {
            u64::MAX
        } else {
            (1u64 << a_count) - 1
        };
        for l in 0..l_count {
            let counts =
                count_decisions(&scratch.runs[l], a_count, &self.pairs, &mut scratch.events);
            let shape = DocShape {
                present,
                all,
                raters: raters as u64,
                tokens,
            };
            self.add_decisions(&mut acc.labels[l], &shape, &counts);
            if let Some(t) = doc_tally.as_mut() {
                self.add_decisions(t, &shape, &counts);
            }
        }

        for (p, &(i, j)) in self.pairs.iter().enumerate() {
            if let (Some(a), Some(b)) = (layers[i], layers[j]) {
                self.count_pair(p, (&a.spans, &b.spans), scratch, acc, doc_tally.as_mut());
            }
        }
        if let Some(t) = doc_tally {
            acc.by_document.push((index, t));
        }
    }

    /// Counts the spans of annotator pair number `p` (whole layers given
    /// for span references) on one document.
    fn count_pair(
        &self,
        p: usize,
        (layer_a, layer_b): (&'p [Span], &'p [Span]),
        scratch: &Scratch<'p>,
        acc: &mut Accumulator<'p>,
        mut doc_tally: Option<&mut Tally>,
    ) {
        let (first, second) = self.pairs[p];
        let l_count = self.labels.len();
        let (spans_a, spans_b) = (&scratch.compared[first], &scratch.compared[second]);
        let (labels_a, labels_b) = (
            &scratch.compared_labels[first],
            &scratch.compared_labels[second],
        );
        let matching = pair_by_extent(spans_a, spans_b);
        let mut strict = vec![0u64; l_count];
        for &(x, y) in &matching.same {
            let label = labels_a[x];
            strict[label] += 1;
            acc.confusion.add(p, label, label);
            acc.attributes.add_pair(
                self.labels[label],
                label,
                (spans_a[x], layer_a),
                (spans_b[y], layer_b),
            );
            acc.links.add_sources(
                &self.link_attributes,
                p,
                (spans_a[x], layer_a),
                (spans_b[y], layer_b),
            );
        }
        acc.links
            .add_links(p, &scratch.links[first], &scratch.links[second]);
        for &(x, y) in &matching.relabelled {
            acc.confusion.add(p, labels_a[x], labels_b[y]);
        }
        for (label, &strict_matches) in strict.iter().enumerate() {
            let a = &scratch.by_label[first * l_count + label];
            let b = &scratch.by_label[second * l_count + label];
            let counts = SpanCounts {
                spans_a: a.len() as u64,
                spans_b: b.len() as u64,
                strict_matches,
                overlapping_a: overlapping_count(a, b),
                overlapping_b: overlapping_count(b, a),
            };
            let tally = &mut acc.labels[label].pairs[p];
            tally.spans.add(&counts);
            tally.documents += 1;
            if let Some(t) = doc_tally.as_deref_mut() {
                t.pairs[p].spans.add(&counts);
            }
        }
        if let Some(t) = doc_tally {
            t.pairs[p].documents += 1;
        }
    }

    /// Adds one label's decisions on one document to `tally`.
    fn add_decisions(&self, tally: &mut Tally, doc: &DocShape, counts: &DecisionCounts) {
        for (p, &(i, j)) in self.pairs.iter().enumerate() {
            if doc.present >> i & 1 == 1 && doc.present >> j & 1 == 1 {
                let pair = &mut tally.pairs[p];
                pair.tokens += doc.tokens;
                for (mine, theirs) in pair.decisions.iter_mut().zip(counts.pairs[p]) {
                    *mine += theirs;
                }
            }
        }
        if doc.present == doc.all {
            tally.multi_items += doc.tokens;
            tally.multi_marks += counts.marks;
            tally.multi_marks_squared += counts.marks_squared;
        }
        let m = doc.raters;
        let alpha = &mut tally.alpha;
        if alpha.value_totals.len() < 2 {
            alpha.value_totals.resize(2, 0);
        }
        alpha.value_totals[0] += doc.tokens * m - counts.marks;
        alpha.value_totals[1] += counts.marks;
        // Σ over tokens of m² − c² − (m − c)² = 2c(m − c).
        alpha.add_disagreement(m as usize, 2 * (m * counts.marks - counts.marks_squared));
    }

    fn label_agreement(&self, tally: &Tally, shared_only: bool) -> LabelAgreement {
        let pairwise = self
            .pairs
            .iter()
            .zip(&tally.pairs)
            .filter(|(_, t)| !shared_only || t.documents > 0)
            .map(|(&(i, j), t)| {
                let [both, first, second] = t.decisions;
                let neither = t.tokens - both - first - second;
                PairAgreement {
                    a: self.annotators[i].clone(),
                    b: self.annotators[j].clone(),
                    spans_a: t.spans.spans_a as usize,
                    spans_b: t.spans.spans_b as usize,
                    f1_strict: t.spans.f1_strict(),
                    f1_overlap: t.spans.f1_overlap(),
                    kappa_token: cohen_kappa_binary(both, first, second, neither),
                    ac1_token: gwet_ac1_binary(both, first, second, neither),
                }
            })
            .collect();
        let multi = MultiRaterCounts::binary(
            tally.multi_items,
            self.annotators.len() as u64,
            tally.multi_marks,
            tally.multi_marks_squared,
        );
        LabelAgreement {
            pairwise,
            fleiss_kappa_token: fleiss_kappa(&multi),
            gwet_ac1_token: gwet_ac1(&multi, 2),
            alpha_token: krippendorff_alpha_nominal(&tally.alpha),
        }
    }

    fn report(&self, acc: &Accumulator<'p>) -> AgreementReport {
        let mut overall = Tally::new(self.pairs.len());
        for tally in &acc.labels {
            overall.add(tally);
        }
        let labels = self
            .labels
            .iter()
            .zip(&acc.labels)
            .map(|(def, tally)| (def.name.clone(), self.label_agreement(tally, false)))
            .collect();
        let by_document = self.per_document.then(|| {
            acc.by_document
                .iter()
                .map(|(index, tally)| {
                    (
                        self.project.documents[*index].id.0.clone(),
                        self.label_agreement(tally, true),
                    )
                })
                .collect()
        });
        AgreementReport {
            annotators: self.annotators.clone(),
            documents: acc.documents,
            tokens: acc.tokens as usize,
            labels,
            links: acc.links.report(&self.link_attributes, &self.pair_names()),
            overall: self.label_agreement(&overall, false),
            by_document,
            confusion: acc.confusion.clone(),
            attributes: acc.attributes.report(&self.labels),
        }
    }
}

/// What [`Setup::add_decisions`] needs to know about a document.
struct DocShape {
    /// Annotators with a layer, as a bit mask.
    present: u64,
    /// Every compared annotator, as a bit mask.
    all: u64,
    /// Number of annotators with a layer.
    raters: u64,
    /// Number of tokens.
    tokens: u64,
}
