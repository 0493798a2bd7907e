//! Disagreement sites: where the compared annotators' spans differ.
//!
//! On a document that at least two compared annotators have a layer for,
//! spans are grouped by extent and label. A group that every annotator with
//! a layer holds, with the same attributes, is *agreed*. The spans of every
//! other group are clustered by overlap: each cluster is a [`Site`], the unit
//! a reviewer decides on. A site is *resolved* when a reviewed region of the
//! `gold` layer covers it (see [`Layer::reviewed`]).
//!
//! Within a site, a *link disagreement* ([`LinkDisagreement`]) is a source
//! span (a claim, a stance) that several annotators hold strictly (same
//! start, end and label) but whose reference attribute points, in their
//! layers, to targets of different extent or label (or to none on one
//! side; for a `many` attribute, to different sets). Ids are never
//! compared: they differ between layers.

use std::collections::BTreeMap;

use crate::metrics::attributes::{attr_value, attributes_equal};
use crate::model::links::{caption, reference_attributes};
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
    /// Same extent, label and plain attributes; only what a span reference
    /// points to differs (see [`Site::links`]).
    Link,
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
            SiteKind::Link => "link",
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
    /// The link disagreements among the site's spans, by source position
    /// then attribute (schema order).
    pub links: Vec<LinkDisagreement>,
}

/// A source span held strictly by several compared annotators whose
/// reference attribute points to different targets in their layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDisagreement {
    /// The source span's first code point.
    pub start: usize,
    /// The source span's end (exclusive).
    pub end: usize,
    /// The source span's label.
    pub label: String,
    /// The reference attribute (`speaker`, `holder`).
    pub attribute: String,
    /// Per compared annotator, the spans its source span's attribute names
    /// in its own layer (empty: no link), in the value's order; `None` for
    /// an annotator who does not hold the source span.
    pub targets: Vec<Option<Vec<Span>>>,
}

impl LinkDisagreement {
    /// Who points where, by the targets' text and place, never their ids:
    /// `speaker: A points to Donald Trump · 174, B points to Trump · 181`
    /// (`B has no link`; targets of a `many` attribute joined by `+`). In
    /// words, not arrows: the window's fonts have no arrow glyph.
    pub fn describe(&self, text: &str) -> String {
        let sides: Vec<String> = self
            .targets
            .iter()
            .enumerate()
            .filter_map(|(i, targets)| {
                let targets = targets.as_ref()?;
                let letter = annotator_letter(i);
                if targets.is_empty() {
                    return Some(format!("{letter} has no link"));
                }
                let shown: Vec<String> = targets
                    .iter()
                    .map(|t| caption(text, t, CAPTION_CHARS))
                    .collect();
                Some(format!("{letter} points to {}", shown.join(" + ")))
            })
            .collect();
        format!("{}: {}", self.attribute, sides.join(", "))
    }

    /// The compared annotators who hold the source span (each can be kept).
    pub fn holders(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.targets.len()).filter(|&i| self.targets[i].is_some())
    }
}

/// How many characters of a target's text a description shows.
pub(super) const CAPTION_CHARS: usize = 32;

impl Site {
    /// Indices of the annotators whose version is empty although they have a
    /// layer (they marked nothing here).
    pub fn silent(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.spans.len()).filter(|&i| self.present[i] && self.spans[i].is_empty())
    }

    /// A short description: the kind and who marked what, using the
    /// annotators' letters (`A`, `B`, …), e.g. `only A` or `label`.
    pub fn summary(&self) -> String {
        if self.kind == SiteKind::Attribute && !self.links.is_empty() {
            return "attribute + link".to_owned();
        }
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
    for &(i, span) in &parts.disputed {
        if !cluster.is_empty() && span.start >= cluster_end {
            sites.push(make_site(schema, &cluster, &parts, gold));
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
        sites.push(make_site(schema, &cluster, &parts, gold));
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

fn make_site(
    schema: &Schema,
    cluster: &[(usize, &Span)],
    parts: &Partition<'_>,
    gold: Option<&Layer>,
) -> Site {
    let present = &parts.present;
    let start = cluster.iter().map(|(_, s)| s.start).min().unwrap_or(0);
    let end = cluster.iter().map(|(_, s)| s.end).max().unwrap_or(start);
    let mut spans = vec![Vec::new(); present.len()];
    for (i, span) in cluster {
        spans[*i].push((*span).clone());
    }
    let links = link_disagreements(schema, cluster, parts);
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
            (true, true) if !links.is_empty() && plain_attributes_equal(schema, cluster) => {
                SiteKind::Link
            }
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
        present: present.clone(),
        resolved: gold.is_some_and(|g| g.is_reviewed(start, end)),
        links,
    }
}

/// The link disagreements of a cluster: for each extent and label held by
/// at least two annotators, each reference attribute whose targets (by
/// extent and label, each resolved in its own layer) differ between them.
fn link_disagreements(
    schema: &Schema,
    cluster: &[(usize, &Span)],
    parts: &Partition<'_>,
) -> Vec<LinkDisagreement> {
    let mut groups: BTreeMap<(usize, usize, &str), Holders<'_>> = BTreeMap::new();
    for &(i, span) in cluster {
        groups
            .entry((span.start, span.end, span.label.as_str()))
            .or_default()
            .push((i, span));
    }
    let layer = |i: usize| parts.layers[i].unwrap_or(&EMPTY);
    let mut found = Vec::new();
    for ((start, end, label), holders) in groups {
        if holders.len() < 2 {
            continue;
        }
        for (_, attribute) in reference_attributes(schema).filter(|(l, _)| *l == label) {
            let name = attribute.name.as_str();
            let compared: Vec<_> = holders
                .iter()
                .map(|&(i, span)| attr_value(span, name, true, &layer(i).spans))
                .collect();
            if compared.windows(2).all(|w| w[0] == w[1]) {
                continue;
            }
            let mut targets = vec![None; parts.layers.len()];
            for &(i, span) in &holders {
                let spans = &layer(i).spans;
                targets[i] = Some(
                    span.attrs
                        .get(name)
                        .into_iter()
                        .flat_map(crate::model::AttrValue::ids)
                        .filter_map(|id| spans.iter().find(|s| s.id.as_str() == id).cloned())
                        .collect(),
                );
            }
            found.push(LinkDisagreement {
                start,
                end,
                label: label.to_owned(),
                attribute: name.to_owned(),
                targets,
            });
        }
    }
    found
}

/// Whether the spans of a cluster (one per annotator, same extent and
/// label) carry the same attributes apart from span references.
fn plain_attributes_equal(schema: &Schema, cluster: &[(usize, &Span)]) -> bool {
    let label = &cluster[0].1.label;
    let plain = |span: &Span| {
        span.attrs
            .iter()
            .filter(|(name, _)| {
                crate::model::links::reference_attribute(schema, label, name).is_none()
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect::<Vec<_>>()
    };
    let first = plain(cluster[0].1);
    cluster[1..].iter().all(|(_, s)| plain(s) == first)
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

    /// Makes the claim's `speaker` of `schema` a `many: true` reference.
    pub fn make_speaker_many(schema: &mut Schema) {
        let claim = schema
            .labels
            .iter()
            .position(|l| l.name == "claim")
            .expect("claim");
        schema.labels[claim].attributes[0].many = true;
    }

    /// Gold's claim in the first document.
    pub fn gold_claim(project: &crate::model::Project) -> &Span {
        project.documents[0].layers[crate::model::GOLD]
            .spans
            .iter()
            .find(|s| s.label == "claim")
            .expect("gold claim")
    }

    /// Gold's claim's speaker in the first document, as each target's
    /// (start, end).
    pub fn gold_speaker(project: &crate::model::Project) -> Vec<(usize, usize)> {
        let gold = &project.documents[0].layers[crate::model::GOLD];
        gold_claim(project)
            .attrs
            .get("speaker")
            .into_iter()
            .flat_map(crate::model::AttrValue::ids)
            .map(|id| {
                let t = gold
                    .spans
                    .iter()
                    .find(|s| s.id.as_str() == id)
                    .expect("target");
                (t.start, t.end)
            })
            .collect()
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

    /// Alice's and Bob's actors on Zoë, both Putins and Trump (ids differ
    /// between the layers), with `claims` of each.
    pub fn linked(alice: Vec<Span>, bob: Vec<Span>) -> Document {
        let actors = |prefix: &str| {
            [(4, 8), (15, 20), (27, 32), (37, 42)]
                .iter()
                .enumerate()
                .map(|(n, &(start, end))| {
                    span(
                        &format!("{prefix}{n}"),
                        start,
                        end,
                        "actor",
                        &[("kind", "person")],
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut a = actors("A");
        a.extend(alice);
        let mut b = actors("B");
        b.extend(bob);
        doc(&[("alice", a), ("bob", b)])
    }

    fn link_lines(schema: &Schema, d: &Document) -> Vec<(SiteKind, Vec<String>)> {
        document_sites(schema, d, &names(&["alice", "bob"]))
            .iter()
            .map(|s| {
                (
                    s.kind,
                    s.links.iter().map(|l| l.describe(&d.text)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_link_disagrees_by_its_targets_extent_not_its_id_nor_its_text() {
        let schema = schema();
        let same = linked(
            vec![span("C1", 14, 25, "claim", &[("speaker", "A1")])],
            vec![span("C9", 14, 25, "claim", &[("speaker", "B1")])],
        );
        assert!(
            link_lines(&schema, &same).is_empty(),
            "different ids, same extent: agreed"
        );
        let other_putin = linked(
            vec![span("C1", 14, 25, "claim", &[("speaker", "A1")])],
            vec![span("C9", 14, 25, "claim", &[("speaker", "B3")])],
        );
        assert_eq!(
            link_lines(&schema, &other_putin),
            [(
                SiteKind::Link,
                vec!["speaker: A points to Putin · 15, B points to Putin · 37".to_owned()]
            )],
            "same text at another offset is another target"
        );
        let site = &document_sites(&schema, &other_putin, &names(&["alice", "bob"]))[0];
        assert_eq!(site.summary(), "link");
        assert_eq!((site.start, site.end), (14, 25));
    }

    #[test]
    fn swapped_and_missing_targets_are_link_disagreements_beside_other_attributes() {
        let schema = schema();
        let swapped = linked(
            vec![
                span("C1", 14, 25, "claim", &[("speaker", "A0")]),
                span("C2", 27, 42, "claim", &[("speaker", "A2")]),
            ],
            vec![
                span("C1", 14, 25, "claim", &[("speaker", "B2")]),
                span("C2", 27, 42, "claim", &[("speaker", "B0")]),
            ],
        );
        let zoe = "Zoe\u{308}";
        assert_eq!(
            link_lines(&schema, &swapped),
            [
                (
                    SiteKind::Link,
                    vec![format!(
                        "speaker: A points to {zoe} · 4, B points to Trump · 27"
                    )]
                ),
                (
                    SiteKind::Link,
                    vec![format!(
                        "speaker: A points to Trump · 27, B points to {zoe} · 4"
                    )]
                ),
            ]
        );
        let missing = linked(
            vec![span(
                "S1",
                14,
                25,
                "stance",
                &[("holder", "A2"), ("polarity", "support")],
            )],
            vec![span("S1", 14, 25, "stance", &[("polarity", "oppose")])],
        );
        let lines = link_lines(&schema, &missing);
        assert_eq!(
            lines,
            [(
                SiteKind::Attribute,
                vec!["holder: A points to Trump · 27, B has no link".to_owned()]
            )],
            "the polarity differs too: an attribute site with its link"
        );
        let site = &document_sites(&schema, &missing, &names(&["alice", "bob"]))[0];
        assert_eq!(site.summary(), "attribute + link");
    }

    #[test]
    fn many_targets_disagree_when_the_sets_differ_not_their_order() {
        let mut schema = schema();
        make_speaker_many(&mut schema);
        let many = |id: &str, ids: &[&str]| {
            let mut s = span(id, 14, 25, "claim", &[]);
            s.attrs.insert(
                "speaker".into(),
                ids.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>(),
            );
            s
        };
        let reordered = linked(
            vec![many("C1", &["A1", "A2"])],
            vec![many("C1", &["B2", "B1"])],
        );
        assert!(link_lines(&schema, &reordered).is_empty());
        let fewer = linked(vec![many("C1", &["A1", "A2"])], vec![many("C1", &["B2"])]);
        assert_eq!(
            link_lines(&schema, &fewer),
            [(
                SiteKind::Link,
                vec![
                    "speaker: A points to Putin · 15 + Trump · 27, B points to Trump · 27"
                        .to_owned()
                ]
            )]
        );
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
            links: Vec::new(),
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
