//! Link agreement (DESIGN.md, "Links"): per reference attribute
//! (`LABEL.ATTRIBUTE`, e.g. `claim.speaker`) and annotator pair, over the
//! documents the pair shares:
//!
//! - `f1_strict`: a link of A equals one of B when both sources are equal
//!   spans (start, end, label) and both targets are too; 2·matches /
//!   (`links_a` + `links_b`), links paired one to one;
//! - `f1_overlap`: a link counts as matched when the other side has a link
//!   of the same attribute whose source overlaps its source and whose target
//!   overlaps its target (by at least one code point, same labels); the F1
//!   of the two matched fractions, as span `f1_overlap`;
//! - `target_agreement`: over the strictly matched source pairs on which at
//!   least one side sets the attribute (`sources_matched`), the share where
//!   both set it and every target of each side overlaps one of the other's
//!   with the same label (one target each for a plain reference);
//! - F1 values are `None` when neither side has a link and 0 when one side
//!   has none; `target_agreement` is `None` without matched sources.
//!
//! A `many` attribute gives one link per (source, target). An attribute
//! is compared when its source label is (`--labels`); its targets count
//! whatever their label. Ids a layer does not hold make no link.
//!
//! Each layer's links are resolved once per document and sorted; the
//! overlap test walks the other side's links by source start, so a
//! document costs a sort, not a comparison of every pair of links.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::attributes::{ComparedValue, Target, attr_value};
use super::span_f1::SpanCounts;
use crate::model::links::links;
use crate::model::{AttributeDef, AttributeKind, LabelDef, Schema, Span};

/// Link agreement on one reference attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkAgreement {
    /// One entry per annotator pair.
    pub pairwise: Vec<PairLinkAgreement>,
}

/// Link agreement of one annotator pair on the documents both have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairLinkAgreement {
    /// First annotator.
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Links of `a` on the shared documents.
    pub links_a: usize,
    /// Links of `b` on the shared documents.
    pub links_b: usize,
    /// Strict link F1 (both ends equal).
    pub f1_strict: Option<f64>,
    /// Overlap link F1 (both ends overlapping, same labels).
    pub f1_overlap: Option<f64>,
    /// Share of matched sources whose targets agree.
    pub target_agreement: Option<f64>,
    /// Strictly matched source pairs on which at least one sets the
    /// attribute.
    pub sources_matched: usize,
}

/// The reference attributes compared: those of the compared labels, in
/// schema order.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkAttributes<'p> {
    /// (source label, attribute).
    list: Vec<(&'p str, &'p AttributeDef)>,
}

impl<'p> LinkAttributes<'p> {
    /// The reference attributes of `labels`.
    pub(crate) fn new(labels: &[&'p LabelDef]) -> Self {
        let list = labels
            .iter()
            .flat_map(|label| {
                label
                    .attributes
                    .iter()
                    .filter(|a| matches!(a.kind, AttributeKind::SpanRef(_)))
                    .map(|a| (label.name.as_str(), a))
            })
            .collect();
        Self { list }
    }

    /// How many there are.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The number of attribute `name` of label `label`, if it is compared.
    fn number(&self, label: &str, name: &str) -> Option<usize> {
        self.list
            .iter()
            .position(|(l, a)| *l == label && a.name == name)
    }

    /// The numbers and names of the compared attributes of label `label`.
    fn of_label<'s>(&'s self, label: &'s str) -> impl Iterator<Item = (usize, &'p str)> + 's {
        self.list
            .iter()
            .enumerate()
            .filter(move |(_, (l, _))| *l == label)
            .map(|(i, (_, a))| (i, a.name.as_str()))
    }
}

/// A link as compared between layers: the attribute's number and both
/// ends by start, end (and the target's label; the source's is the
/// attribute's label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LinkEnds<'p> {
    attribute: usize,
    source: (usize, usize),
    target: (usize, usize, &'p str),
}

/// Fills `out` with the links of one layer's `spans` for the compared
/// attributes, sorted.
pub(crate) fn layer_links<'p>(
    attributes: &LinkAttributes<'_>,
    schema: &Schema,
    spans: &'p [Span],
    out: &mut Vec<LinkEnds<'p>>,
) {
    out.clear();
    for link in links(schema, spans) {
        let (source, target) = (&spans[link.source], &spans[link.target]);
        if let Some(attribute) = attributes.number(&source.label, link.attribute) {
            out.push(LinkEnds {
                attribute,
                source: (source.start, source.end),
                target: (target.start, target.end, &target.label),
            });
        }
    }
    out.sort_unstable();
}

/// Counts of one (attribute, annotator pair).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LinkCounts {
    /// Links as spans are counted for span F1: `spans_a` are A's links.
    links: SpanCounts,
    /// Strictly matched sources on which at least one sets the attribute.
    sources_matched: u64,
    /// Of those, the ones whose targets agree.
    targets_agree: u64,
}

impl LinkCounts {
    fn add(&mut self, other: &LinkCounts) {
        self.links.add(&other.links);
        self.sources_matched += other.sources_matched;
        self.targets_agree += other.targets_agree;
    }
}

/// Link counts of every compared attribute and annotator pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkTallies {
    /// Per attribute, per pair.
    counts: Vec<Vec<LinkCounts>>,
}

impl LinkTallies {
    /// Empty tallies for `attributes` attributes and `pairs` pairs.
    pub(crate) fn new(attributes: usize, pairs: usize) -> Self {
        Self {
            counts: vec![vec![LinkCounts::default(); pairs]; attributes],
        }
    }

    /// Adds `other`.
    pub(crate) fn add(&mut self, other: &LinkTallies) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.add(t);
            }
        }
    }

    /// Counts the links of pair number `pair` on one document: `a` and `b`
    /// as [`layer_links`] gives them.
    pub(crate) fn add_links(&mut self, pair: usize, a: &[LinkEnds<'_>], b: &[LinkEnds<'_>]) {
        for (attribute, per_pair) in self.counts.iter_mut().enumerate() {
            let of = |links: &[LinkEnds<'_>]| -> (usize, usize) {
                let from = links.partition_point(|l| l.attribute < attribute);
                let to = links.partition_point(|l| l.attribute <= attribute);
                (from, to)
            };
            let ((fa, ta), (fb, tb)) = (of(a), of(b));
            let (ga, gb) = (&a[fa..ta], &b[fb..tb]);
            per_pair[pair].links.add(&SpanCounts {
                spans_a: ga.len() as u64,
                spans_b: gb.len() as u64,
                strict_matches: strict_matches(ga, gb),
                overlapping_a: overlap_matched(ga, gb),
                overlapping_b: overlap_matched(gb, ga),
            });
        }
    }

    /// Counts one strictly matched pair of source spans of pair number
    /// `pair` (each span with its whole layer, to resolve references).
    pub(crate) fn add_sources(
        &mut self,
        attributes: &LinkAttributes<'_>,
        pair: usize,
        (a, a_layer): (&Span, &[Span]),
        (b, b_layer): (&Span, &[Span]),
    ) {
        for (attribute, name) in attributes.of_label(&a.label) {
            let va = attr_value(a, name, true, a_layer);
            let vb = attr_value(b, name, true, b_layer);
            if let Some(agree) = targets_agree(&va, &vb) {
                let counts = &mut self.counts[attribute][pair];
                counts.sources_matched += 1;
                counts.targets_agree += u64::from(agree);
            }
        }
    }

    /// The report: per attribute (`LABEL.ATTRIBUTE`), per pair.
    pub(crate) fn report(
        &self,
        attributes: &LinkAttributes<'_>,
        pair_names: &[(String, String)],
    ) -> BTreeMap<String, LinkAgreement> {
        attributes
            .list
            .iter()
            .zip(&self.counts)
            .map(|((label, attr), per_pair)| {
                let pairwise = pair_names
                    .iter()
                    .zip(per_pair)
                    .map(|((a, b), c)| PairLinkAgreement {
                        a: a.clone(),
                        b: b.clone(),
                        links_a: c.links.spans_a as usize,
                        links_b: c.links.spans_b as usize,
                        f1_strict: c.links.f1_strict(),
                        f1_overlap: c.links.f1_overlap(),
                        target_agreement: (c.sources_matched > 0)
                            .then(|| c.targets_agree as f64 / c.sources_matched as f64),
                        sources_matched: c.sources_matched as usize,
                    })
                    .collect();
                (format!("{label}.{}", attr.name), LinkAgreement { pairwise })
            })
            .collect()
    }
}

/// Links equal in both ends, paired one to one (`a`, `b` sorted).
fn strict_matches(a: &[LinkEnds<'_>], b: &[LinkEnds<'_>]) -> u64 {
    let (mut i, mut j, mut matches) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                matches += 1;
                i += 1;
                j += 1;
            }
        }
    }
    matches
}

/// Whether `[a_start, a_end)` and `[b_start, b_end)` share a code point.
fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0.max(b.0) < a.1.min(b.1)
}

/// How many links of `a` have a link in `b` (sorted, so by source start)
/// whose source overlaps theirs and whose target overlaps theirs with the
/// same label. Walks back from the last `b` source starting before the
/// link's source ends, and stops where every earlier source ended before
/// it starts.
fn overlap_matched(a: &[LinkEnds<'_>], b: &[LinkEnds<'_>]) -> u64 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    // reach[i]: the largest source end among b[..i].
    let mut reach = Vec::with_capacity(b.len() + 1);
    reach.push(0);
    for link in b {
        let last = reach.last().copied().unwrap_or(0);
        reach.push(last.max(link.source.1));
    }
    let matched = |link: &LinkEnds<'_>| {
        let before_end = b.partition_point(|other| other.source.0 < link.source.1);
        let (target_start, target_end, target_label) = link.target;
        (0..before_end)
            .rev()
            .take_while(|&i| reach[i + 1] > link.source.0)
            .any(|i| {
                let other = &b[i];
                overlap(other.source, link.source)
                    && other.target.2 == target_label
                    && overlap((other.target.0, other.target.1), (target_start, target_end))
            })
    };
    a.iter().filter(|link| matched(link)).count() as u64
}

/// Whether two values of one reference attribute on strictly matched
/// sources agree: `None` when neither sets it, else whether both do and
/// every target of each overlaps one of the other's with the same label.
fn targets_agree(a: &ComparedValue<'_>, b: &ComparedValue<'_>) -> Option<bool> {
    fn targets<'v, 'a>(v: &'v ComparedValue<'a>) -> Option<&'v [Target<'a>]> {
        match v {
            ComparedValue::Targets(t) if !t.is_empty() => Some(t),
            ComparedValue::Missing | ComparedValue::Value(_) | ComparedValue::Targets(_) => None,
        }
    }
    match (targets(a), targets(b)) {
        (None, None) => None,
        (Some(ta), Some(tb)) => Some(covered(ta, tb) && covered(tb, ta)),
        _ => Some(false),
    }
}

/// Whether every target of `a` overlaps one of `b` with the same label (a
/// dangling id overlaps nothing).
fn covered(a: &[Target<'_>], b: &[Target<'_>]) -> bool {
    a.iter().all(|x| {
        b.iter().any(|y| match (x, y) {
            (Target::Span(s1, e1, l1), Target::Span(s2, e2, l2)) => {
                l1 == l2 && overlap((*s1, *e1), (*s2, *e2))
            }
            _ => false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(attribute: usize, source: (usize, usize), target: (usize, usize)) -> LinkEnds<'static> {
        LinkEnds {
            attribute,
            source,
            target: (target.0, target.1, "actor"),
        }
    }

    #[test]
    fn strict_links_pair_one_to_one_and_overlap_needs_both_ends() {
        let mut a = vec![
            link(0, (10, 20), (0, 5)),
            link(0, (10, 20), (0, 5)),
            link(0, (30, 40), (0, 5)),
            link(0, (50, 60), (0, 5)),
        ];
        let mut b = vec![
            link(0, (10, 20), (0, 5)),
            link(0, (31, 40), (1, 3)),
            link(0, (50, 60), (6, 9)),
        ];
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(strict_matches(&a, &b), 1);
        // Both (10, 20) links, and (30, 40): its ends overlap (31, 40) and
        // (1, 3). (50, 60) points elsewhere.
        assert_eq!(overlap_matched(&a, &b), 3);
        assert_eq!(overlap_matched(&b, &a), 2);
    }

    #[test]
    fn the_overlap_walk_finds_a_long_source_far_back() {
        let mut b = vec![link(0, (0, 100), (200, 205))];
        b.extend((1..50).map(|i| link(0, (i * 2, i * 2 + 1), (300, 301))));
        b.sort_unstable();
        assert_eq!(overlap_matched(&[link(0, (90, 95), (201, 202))], &b), 1);
        assert_eq!(overlap_matched(&[link(0, (90, 95), (205, 206))], &b), 0);
    }

    #[test]
    fn targets_agree_when_every_target_overlaps_one_of_the_others() {
        let one = |s, e| Target::Span(s, e, "actor");
        let value = |t: Vec<Target<'static>>| ComparedValue::Targets(t);
        let missing = ComparedValue::Missing;
        assert_eq!(targets_agree(&missing, &missing), None);
        assert_eq!(
            targets_agree(&value(vec![one(0, 5)]), &missing),
            Some(false)
        );
        assert_eq!(
            targets_agree(&value(vec![one(0, 5)]), &value(vec![one(4, 8)])),
            Some(true)
        );
        assert_eq!(
            targets_agree(
                &value(vec![one(0, 5), one(10, 12)]),
                &value(vec![one(11, 12), one(1, 2)])
            ),
            Some(true)
        );
        assert_eq!(
            targets_agree(
                &value(vec![one(0, 5), one(10, 12)]),
                &value(vec![one(1, 2)])
            ),
            Some(false),
            "one side has a target the other lacks"
        );
        assert_eq!(
            targets_agree(
                &value(vec![one(0, 5)]),
                &value(vec![Target::Span(0, 5, "org")])
            ),
            Some(false),
            "same place, other label"
        );
        assert_eq!(
            targets_agree(
                &value(vec![Target::Dangling("T9")]),
                &value(vec![one(0, 5)])
            ),
            Some(false)
        );
    }
}
