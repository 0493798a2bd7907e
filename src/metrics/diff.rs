//! The disagreements between two layers of one document, as `diff` lists
//! them and the review view marks them.
//!
//! Spans are paired by [`matching::match_spans`](super::matching::match_spans),
//! in this order:
//!
//! 1. same start, end and label: an agreement when the attributes are equal
//!    (span references compared by the target's start, end and label), else
//!    an [`DiffKind::Attribute`] mismatch;
//! 2. same start and end, different label: [`DiffKind::Label`];
//! 3. same label, overlapping, different extent: [`DiffKind::Boundary`]
//!    (each span paired at most once, greedily by largest overlap);
//! 4. the rest: [`DiffKind::OnlyA`] and [`DiffKind::OnlyB`].
//!
//! [`attribute_differences`] names what differs in an attribute mismatch:
//! each attribute, and for a span reference (a link) the spans each side
//! points to.

use serde::{Deserialize, Serialize};

use super::attributes::{attributes_equal, differing_attributes};
use super::matching::match_spans;
use crate::model::{AttrValue, Schema, Span};

/// What kind of disagreement two layers have at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// A span only the first annotator has.
    OnlyA,
    /// A span only the second annotator has.
    OnlyB,
    /// Overlapping spans with the same label and different extents.
    Boundary,
    /// Spans with the same extent and different labels.
    Label,
    /// Spans equal in extent and label with different attributes.
    Attribute,
}

impl DiffKind {
    /// Every kind, in the order above.
    pub const ALL: [DiffKind; 5] = [
        DiffKind::OnlyA,
        DiffKind::OnlyB,
        DiffKind::Boundary,
        DiffKind::Label,
        DiffKind::Attribute,
    ];

    /// The name used in JSON and on the command line (`only_a`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::OnlyA => "only_a",
            DiffKind::OnlyB => "only_b",
            DiffKind::Boundary => "boundary",
            DiffKind::Label => "label",
            DiffKind::Attribute => "attribute",
        }
    }
}

/// One disagreement: the kind and the span of each side involved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disagreement<'a> {
    /// What differs.
    pub kind: DiffKind,
    /// The first annotator's span (`None` for [`DiffKind::OnlyB`]).
    pub a: Option<&'a Span>,
    /// The second annotator's span (`None` for [`DiffKind::OnlyA`]).
    pub b: Option<&'a Span>,
}

impl Disagreement<'_> {
    /// The first code point either side covers.
    pub fn start(&self) -> usize {
        self.a
            .iter()
            .chain(&self.b)
            .map(|s| s.start)
            .min()
            .unwrap_or(0)
    }

    /// The end of the range both sides cover together.
    pub fn end(&self) -> usize {
        self.a
            .iter()
            .chain(&self.b)
            .map(|s| s.end)
            .max()
            .unwrap_or(0)
    }
}

/// The disagreements between layers `a` and `b` (each a whole layer's
/// spans, so that span references resolve) on one document, sorted by
/// position (start, end), then kind.
pub fn diff_layers<'a>(a: &'a [Span], b: &'a [Span], schema: &Schema) -> Vec<Disagreement<'a>> {
    let ra: Vec<&Span> = a.iter().collect();
    let rb: Vec<&Span> = b.iter().collect();
    let matching = match_spans(&ra, &rb);
    let pair = |kind, x: usize, y: usize| Disagreement {
        kind,
        a: Some(ra[x]),
        b: Some(rb[y]),
    };
    let mut out: Vec<Disagreement<'a>> = Vec::new();
    for &(x, y) in &matching.same {
        if !attributes_equal(ra[x], a, rb[y], b, schema) {
            out.push(pair(DiffKind::Attribute, x, y));
        }
    }
    out.extend(
        matching
            .relabelled
            .iter()
            .map(|&(x, y)| pair(DiffKind::Label, x, y)),
    );
    out.extend(
        matching
            .boundary
            .iter()
            .map(|&(x, y)| pair(DiffKind::Boundary, x, y)),
    );
    out.extend(matching.only_a.iter().map(|&x| Disagreement {
        kind: DiffKind::OnlyA,
        a: Some(ra[x]),
        b: None,
    }));
    out.extend(matching.only_b.iter().map(|&y| Disagreement {
        kind: DiffKind::OnlyB,
        a: None,
        b: Some(rb[y]),
    }));
    out.sort_by(|x, y| {
        (x.start(), x.end(), x.kind)
            .cmp(&(y.start(), y.end(), y.kind))
            .then_with(|| tie_key(x).cmp(&tie_key(y)))
    });
    out
}

/// One attribute on which two strictly matched spans differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeDifference<'a> {
    /// The attribute's name.
    pub name: &'a str,
    /// For a span reference: the spans each side's value names, in text
    /// order, resolved in its own layer (ids the layer does not hold left
    /// out); `None` for any other attribute.
    pub targets: Option<[Vec<&'a Span>; 2]>,
}

/// The attributes on which `a` (of layer `a_layer`) and `b` (of `b_layer`)
/// differ, by name; references compared by what they point to.
pub fn attribute_differences<'a>(
    (a, a_layer): (&'a Span, &'a [Span]),
    (b, b_layer): (&'a Span, &'a [Span]),
    schema: &'a Schema,
) -> Vec<AttributeDifference<'a>> {
    differing_attributes((a, a_layer), (b, b_layer), schema)
        .map(|(name, reference)| AttributeDifference {
            name,
            targets: reference.then(|| {
                [
                    targets(a.attrs.get(name), a_layer),
                    targets(b.attrs.get(name), b_layer),
                ]
            }),
        })
        .collect()
}

/// The spans of `layer` that `value` names, in text order.
fn targets<'a>(value: Option<&AttrValue>, layer: &'a [Span]) -> Vec<&'a Span> {
    let mut found: Vec<&'a Span> = value
        .into_iter()
        .flat_map(AttrValue::ids)
        .filter_map(|id| layer.iter().find(|s| s.id.as_str() == id))
        .collect();
    found.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    found
}

/// A span's canonical sort key, see [`Span::sort_key`].
type SpanKey<'a> = (usize, usize, &'a str, &'a str);

/// Orders disagreements at the same place by their spans.
fn tie_key<'a>(d: &Disagreement<'a>) -> (Option<SpanKey<'a>>, Option<SpanKey<'a>>) {
    (d.a.map(Span::sort_key), d.b.map(Span::sort_key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
        Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
    }

    fn kinds<'a>(
        diff: &[Disagreement<'a>],
    ) -> Vec<(&'static str, Option<&'a str>, Option<&'a str>)> {
        diff.iter()
            .map(|d| {
                (
                    d.kind.as_str(),
                    d.a.map(|s| s.id.as_str()),
                    d.b.map(|s| s.id.as_str()),
                )
            })
            .collect()
    }

    #[test]
    fn every_kind_of_disagreement_is_found_in_position_order() {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let a = vec![
            span("T1", 0, 5, "actor", &[("kind", "person")]),
            span("T2", 10, 15, "actor", &[("kind", "person")]),
            span("T3", 20, 30, "date", &[]),
            span(
                "T4",
                40,
                50,
                "stance",
                &[("holder", "T1"), ("polarity", "support")],
            ),
            span("T5", 60, 65, "claim", &[]),
        ];
        let b = vec![
            span("B1", 0, 5, "actor", &[("kind", "person")]),
            span("B2", 10, 15, "actor", &[("kind", "country")]),
            span("B3", 20, 30, "claim", &[]),
            span(
                "B4",
                40,
                48,
                "stance",
                &[("holder", "B1"), ("polarity", "support")],
            ),
            span("B5", 70, 71, "date", &[]),
        ];
        let diff = diff_layers(&a, &b, &schema);
        assert_eq!(
            kinds(&diff),
            [
                ("attribute", Some("T2"), Some("B2")),
                ("label", Some("T3"), Some("B3")),
                ("boundary", Some("T4"), Some("B4")),
                ("only_a", Some("T5"), None),
                ("only_b", None, Some("B5")),
            ]
        );
        assert_eq!(diff_layers(&a, &a, &schema), []);
        let differences = attribute_differences((&a[1], &a), (&b[1], &b), &schema);
        assert_eq!(
            differences,
            [AttributeDifference {
                name: "kind",
                targets: None
            }]
        );
        assert_eq!(
            serde_json::to_string(&DiffKind::OnlyA).expect("json"),
            "\"only_a\""
        );
    }

    #[test]
    fn a_link_difference_names_the_attribute_and_both_targets() {
        let mut schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let a = vec![
            span("T1", 0, 5, "actor", &[("kind", "person")]),
            span("T2", 8, 12, "actor", &[("kind", "person")]),
            span(
                "T3",
                20,
                30,
                "stance",
                &[("holder", "T1"), ("polarity", "oppose")],
            ),
        ];
        let b = vec![
            span("B1", 0, 5, "actor", &[("kind", "person")]),
            span("B2", 8, 12, "actor", &[("kind", "person")]),
            span(
                "B3",
                20,
                30,
                "stance",
                &[("holder", "B2"), ("polarity", "support")],
            ),
            span("B4", 40, 50, "claim", &[]),
        ];
        let differences = attribute_differences((&a[2], &a), (&b[2], &b), &schema);
        assert_eq!(
            differences,
            [
                AttributeDifference {
                    name: "holder",
                    targets: Some([vec![&a[0]], vec![&b[1]]]),
                },
                AttributeDifference {
                    name: "polarity",
                    targets: None
                },
            ]
        );
        // A many reference: each side's targets in text order; a side
        // without the attribute has none.
        schema.labels[2].attributes[0].many = true;
        let mut claim = span("T4", 40, 50, "claim", &[]);
        claim.attrs.insert(
            "speaker".to_owned(),
            AttrValue::Many(vec!["T2".into(), "T1".into()]),
        );
        let a = [a, vec![claim]].concat();
        let differences = attribute_differences((&a[3], &a), (&b[3], &b), &schema);
        assert_eq!(
            differences,
            [AttributeDifference {
                name: "speaker",
                targets: Some([vec![&a[0], &a[1]], vec![]]),
            }]
        );
    }
}
