//! Disagreement sites: where the compared annotators' spans differ.
//!
//! On a document that at least two compared annotators have a layer for,
//! spans are grouped by extent and label. A group that every annotator with
//! a layer holds, with the same attributes, is *agreed*. The spans of every
//! other group are clustered by overlap: each cluster is a [`Site`], the unit
//! a reviewer decides on. A site is *resolved* when a reviewed region of the
//! `gold` layer covers it (see [`Layer::reviewed`]).

use std::collections::BTreeMap;

use crate::metrics::attributes::attributes_equal;
use crate::model::{Document, GOLD, Layer, Schema, Span};

/// What kind of disagreement a site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteKind {
    /// Some annotators marked nothing here.
    Missing,
    /// Same label, different extents.
    Boundary,
    /// Same extent, different labels.
    Label,
    /// Same extent and label, different attribute values.
    Attribute,
    /// Different extents and different labels.
    BoundaryAndLabel,
}

impl SiteKind {
    /// A short name for lists and tags.
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Missing => "missing",
            SiteKind::Boundary => "boundary",
            SiteKind::Label => "label",
            SiteKind::Attribute => "attribute",
            SiteKind::BoundaryAndLabel => "boundary + label",
        }
    }
}

/// One place of disagreement on a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// First code point covered by any of the site's spans.
    pub start: usize,
    /// End of the last of them (exclusive).
    pub end: usize,
    /// The kind of disagreement.
    pub kind: SiteKind,
    /// Per compared annotator (in the order given), their spans in the site;
    /// empty for an annotator who marked nothing here.
    pub spans: Vec<Vec<Span>>,
    /// Per compared annotator, whether they have a layer on the document at
    /// all (an annotator without one is absent, not disagreeing).
    pub present: Vec<bool>,
    /// Whether the gold layer marks this site reviewed.
    pub resolved: bool,
}

impl Site {
    /// Indices of the annotators whose version is empty although they have a
    /// layer (they marked nothing here).
    pub fn silent(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.spans.len()).filter(|&i| self.present[i] && self.spans[i].is_empty())
    }

    /// A short description: the kind and who marked what, using the
    /// annotators' letters (`A`, `B`, …), e.g. `only A` or `label`.
    pub fn summary(&self) -> String {
        if self.kind != SiteKind::Missing {
            return self.kind.name().to_owned();
        }
        let holders: Vec<String> = (0..self.spans.len())
            .filter(|&i| !self.spans[i].is_empty())
            .map(annotator_letter)
            .collect();
        format!("only {}", holders.join("+"))
    }
}

/// The letter a reviewer sees for the `i`-th compared annotator (`A`, `B`, …).
pub fn annotator_letter(i: usize) -> String {
    char::from_u32(u32::from(b'A') + i as u32)
        .filter(char::is_ascii_uppercase)
        .map_or_else(|| format!("#{}", i + 1), String::from)
}

/// Sites of every document of a project for a set of compared annotators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewSites {
    /// The compared annotators, in display order.
    pub annotators: Vec<String>,
    /// Sites per document, in project order, each sorted by position.
    pub by_document: Vec<Vec<Site>>,
}

impl ReviewSites {
    /// Computes the sites of every document.
    pub fn compute(schema: &Schema, documents: &[Document], annotators: &[String]) -> Self {
        Self {
            annotators: annotators.to_vec(),
            by_document: documents
                .iter()
                .map(|doc| document_sites(schema, doc, annotators))
                .collect(),
        }
    }

    /// Sites not yet resolved, over all documents.
    pub fn remaining(&self) -> usize {
        self.by_document
            .iter()
            .flatten()
            .filter(|s| !s.resolved)
            .count()
    }

    /// All sites over all documents.
    pub fn total(&self) -> usize {
        self.by_document.iter().map(Vec::len).sum()
    }

    /// The next unresolved site after `(doc, site)` in reading order (or
    /// before it, when `forward` is false), wrapping around; with no
    /// position, the first (or last). When every site is resolved, steps
    /// through the resolved ones instead.
    pub fn step(&self, from: Option<(usize, usize)>, forward: bool) -> Option<(usize, usize)> {
        let positions = |resolved: bool| -> Vec<(usize, usize)> {
            self.by_document
                .iter()
                .enumerate()
                .flat_map(|(d, sites)| {
                    sites
                        .iter()
                        .enumerate()
                        .filter(move |(_, site)| site.resolved == resolved)
                        .map(move |(s, _)| (d, s))
                })
                .collect()
        };
        let mut candidates = positions(false);
        if candidates.is_empty() {
            candidates = positions(true);
        }
        let (first, last) = (candidates.first().copied(), candidates.last().copied());
        match (from, forward) {
            (None, true) => first,
            (None, false) => last,
            (Some(here), true) => candidates.into_iter().find(|c| *c > here).or(first),
            (Some(here), false) => candidates.into_iter().rev().find(|c| *c < here).or(last),
        }
    }
}

/// The sites of one document for `annotators` (none when fewer than two
/// of them have a layer on it).
pub fn document_sites(schema: &Schema, doc: &Document, annotators: &[String]) -> Vec<Site> {
    let Some(parts) = Partition::of(schema, doc, annotators) else {
        return Vec::new();
    };
    let gold = doc.layers.get(GOLD);
    let mut sites: Vec<Site> = Vec::new();
    let mut cluster: Vec<(usize, &Span)> = Vec::new();
    let mut cluster_end = 0;
    for (i, span) in parts.disputed {
        if !cluster.is_empty() && span.start >= cluster_end {
            sites.push(make_site(&cluster, &parts.present, gold));
            cluster.clear();
        }
        cluster_end = if cluster.is_empty() {
            span.end
        } else {
            cluster_end.max(span.end)
        };
        cluster.push((i, span));
    }
    if !cluster.is_empty() {
        sites.push(make_site(&cluster, &parts.present, gold));
    }
    sites
}

/// The spans of one extent and label, with the index of the annotator
/// holding each.
type Holders<'a> = Vec<(usize, &'a Span)>;

/// A document's spans of the compared annotators, split into agreed and
/// disputed ones.
pub(super) struct Partition<'a> {
    /// The compared annotators' layers (`None`: absent).
    pub layers: Vec<Option<&'a Layer>>,
    /// Whether each compared annotator has a layer.
    pub present: Vec<bool>,
    /// One representative `(annotator, span)` per agreed extent and label.
    pub agreed: Vec<(usize, &'a Span)>,
    /// Every span of a group that is not agreed, by position.
    pub disputed: Vec<(usize, &'a Span)>,
}

impl<'a> Partition<'a> {
    /// Splits `doc`'s spans; `None` when fewer than two compared annotators
    /// have a layer on it.
    pub fn of(schema: &Schema, doc: &'a Document, annotators: &[String]) -> Option<Self> {
        let layers: Vec<Option<&Layer>> = annotators.iter().map(|a| doc.layers.get(a)).collect();
        let present: Vec<bool> = layers.iter().map(Option::is_some).collect();
        let present_count = present.iter().filter(|p| **p).count();
        if present_count < 2 {
            return None;
        }
        let mut groups: BTreeMap<(usize, usize, &str), Holders<'_>> = BTreeMap::new();
        for (i, layer) in layers.iter().enumerate() {
            for span in layer.map_or(&[][..], |l| &l.spans) {
                let holders = groups
                    .entry((span.start, span.end, span.label.as_str()))
                    .or_default();
                if !holders.iter().any(|(h, _)| *h == i) {
                    holders.push((i, span));
                }
            }
        }
        let layer = |i: usize| layers[i].unwrap_or(&EMPTY);
        let mut agreed = Vec::new();
        let mut disputed: Vec<(usize, &Span)> = Vec::new();
        for holders in groups.into_values() {
            let all_agree = holders.len() == present_count
                && holders.windows(2).all(|w| {
                    attributes_equal(
                        w[0].1,
                        &layer(w[0].0).spans,
                        w[1].1,
                        &layer(w[1].0).spans,
                        schema,
                    )
                });
            if all_agree {
                agreed.push(holders[0]);
            } else {
                disputed.extend(holders);
            }
        }
        disputed.sort_by_key(|(i, s)| (s.start, s.end, *i));
        Some(Self {
            layers,
            present,
            agreed,
            disputed,
        })
    }
}

/// An empty layer, for annotators without one.
pub(super) static EMPTY: Layer = Layer {
    status: crate::model::Status::New,
    spans: Vec::new(),
    reviewed: Vec::new(),
};

fn make_site(cluster: &[(usize, &Span)], present: &[bool], gold: Option<&Layer>) -> Site {
    let start = cluster.iter().map(|(_, s)| s.start).min().unwrap_or(0);
    let end = cluster.iter().map(|(_, s)| s.end).max().unwrap_or(start);
    let mut spans = vec![Vec::new(); present.len()];
    for (i, span) in cluster {
        spans[*i].push((*span).clone());
    }
    let someone_silent = (0..present.len()).any(|i| present[i] && spans[i].is_empty());
    let kind = if someone_silent {
        SiteKind::Missing
    } else {
        let first = cluster[0].1;
        let same_extent = cluster
            .iter()
            .all(|(_, s)| (s.start, s.end) == (first.start, first.end));
        let same_label = cluster.iter().all(|(_, s)| s.label == first.label);
        match (same_extent, same_label) {
            (true, true) => SiteKind::Attribute,
            (true, false) => SiteKind::Label,
            (false, true) => SiteKind::Boundary,
            (false, false) => SiteKind::BoundaryAndLabel,
        }
    };
    Site {
        start,
        end,
        kind,
        spans,
        present: present.to_vec(),
        resolved: gold.is_some_and(|g| g.is_reviewed(start, end)),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::{SpanId, Status};

    /// Emoji ZWJ sequence, combining mark, curly quotes, CRLF and NBSP.
    pub const TEXT: &str = "\u{1F469}\u{200D}\u{1F4BB} Zoe\u{308} said \u{201C}Putin\u{A0}won\u{201D}\r\nTrump met Putin.";

    pub fn schema() -> Schema {
        ron::from_str(DEFAULT_SCHEMA_RON).expect("schema")
    }

    pub fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
        Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
    }

    pub fn doc(layers: &[(&str, Vec<Span>)]) -> Document {
        let mut doc = Document::new("d1".into(), String::new(), BTreeMap::new(), TEXT.into());
        for (name, spans) in layers {
            doc.layers.insert(
                (*name).to_owned(),
                Layer::with_spans(Status::Done, spans.clone()),
            );
        }
        doc
    }

    pub fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn each_kind_of_disagreement_is_one_site_and_agreement_is_none() {
        // "Zoë" 4..8, "Putin" 15..20, "Trump" 27..32, "Putin" 37..42.
        assert_eq!(TEXT.chars().skip(15).take(5).collect::<String>(), "Putin");
        let a = vec![
            span("T1", 4, 8, "actor", &[("kind", "person")]),
            span("T2", 15, 20, "actor", &[("kind", "person")]),
            span("T3", 27, 32, "actor", &[("kind", "person")]),
            span("T4", 37, 42, "actor", &[("kind", "person")]),
            span("T5", 14, 25, "claim", &[("speaker", "T1")]),
        ];
        let b = vec![
            span("T9", 4, 8, "actor", &[("kind", "person")]),
            span("T8", 15, 24, "actor", &[("kind", "person")]),
            span("T7", 27, 32, "claim", &[]),
            span("T6", 37, 42, "actor", &[("kind", "country")]),
            span("T5", 14, 25, "claim", &[("speaker", "T9")]),
        ];
        let d = doc(&[("alice", a), ("bob", b)]);
        let sites = document_sites(&schema(), &d, &names(&["alice", "bob"]));
        let kinds: Vec<(usize, usize, SiteKind)> =
            sites.iter().map(|s| (s.start, s.end, s.kind)).collect();
        assert_eq!(
            kinds,
            [
                (15, 24, SiteKind::Boundary),
                (27, 32, SiteKind::Label),
                (37, 42, SiteKind::Attribute),
            ],
            "Zoë and the claim agree (its speaker points at the same extent)"
        );
        assert!(sites.iter().all(|s| !s.resolved));
    }

    #[test]
    fn an_annotator_without_a_layer_is_absent_not_silent() {
        let a = vec![span("T1", 27, 32, "actor", &[("kind", "person")])];
        let d = doc(&[("alice", a.clone()), ("bob", Vec::new())]);
        let three = names(&["alice", "bob", "carol"]);
        let sites = document_sites(&schema(), &d, &three);
        assert_eq!(sites.len(), 1);
        assert_eq!(sites[0].kind, SiteKind::Missing);
        assert_eq!(sites[0].summary(), "only A");
        assert_eq!(sites[0].silent().collect::<Vec<_>>(), [1]);
        assert_eq!(sites[0].present, [true, true, false]);
        let alone = doc(&[("alice", a)]);
        assert!(document_sites(&schema(), &alone, &three).is_empty());
    }

    #[test]
    fn overlapping_disputed_spans_form_one_site_and_gold_review_resolves_it() {
        let a = vec![
            span("T1", 4, 8, "actor", &[("kind", "person")]),
            span("T2", 4, 25, "claim", &[]),
        ];
        let b = vec![span("T1", 15, 20, "actor", &[("kind", "person")])];
        let mut d = doc(&[("alice", a), ("bob", b)]);
        let annotators = names(&["alice", "bob"]);
        let sites = document_sites(&schema(), &d, &annotators);
        assert_eq!(sites.len(), 1);
        assert_eq!((sites[0].start, sites[0].end), (4, 25));
        assert_eq!(sites[0].kind, SiteKind::BoundaryAndLabel);
        let mut gold = Layer::default();
        gold.add_reviewed((0, 30));
        d.layers.insert(GOLD.into(), gold);
        assert!(document_sites(&schema(), &d, &annotators)[0].resolved);
    }

    #[test]
    fn stepping_visits_unresolved_sites_across_documents_and_wraps() {
        let site = |resolved| Site {
            start: 0,
            end: 1,
            kind: SiteKind::Missing,
            spans: Vec::new(),
            present: Vec::new(),
            resolved,
        };
        let sites = ReviewSites {
            annotators: names(&["a", "b"]),
            by_document: vec![vec![site(false), site(true)], vec![], vec![site(false)]],
        };
        assert_eq!(sites.remaining(), 2);
        assert_eq!(sites.total(), 3);
        assert_eq!(sites.step(None, true), Some((0, 0)));
        assert_eq!(sites.step(Some((0, 0)), true), Some((2, 0)));
        assert_eq!(sites.step(Some((2, 0)), true), Some((0, 0)));
        assert_eq!(sites.step(Some((0, 0)), false), Some((2, 0)));
        assert_eq!(sites.step(Some((1, 0)), false), Some((0, 0)));
        let done = ReviewSites {
            annotators: Vec::new(),
            by_document: vec![vec![site(true)]],
        };
        assert_eq!(done.step(None, true), Some((0, 0)), "then resolved ones");
    }
}
