//! Attribute agreement on strictly matched spans (same start, end and
//! label), pooled over annotator pairs: for each label and attribute, the
//! share of matched spans whose values are equal and, for enum attributes,
//! Cohen's κ over the values (a missing value is its own category, `∅`).
//!
//! A span reference is compared by what it points to — the referenced
//! span's start, end and label — never by its raw id, which differs between
//! layers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::kappa::cohen_kappa;
use crate::model::{AttributeKind, LabelDef, Schema, Span};

/// The category of a missing enum value in the κ table.
pub const MISSING: &str = "∅";

/// Agreement on one attribute of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeAgreement {
    /// The label.
    pub label: String,
    /// The attribute.
    pub attribute: String,
    /// `enum`, `text` or `span_ref`.
    pub kind: &'static str,
    /// Strictly matched span pairs (over all annotator pairs).
    pub matched_spans: usize,
    /// Share of matched pairs with equal values (both missing counts as
    /// equal); `None` without matched pairs.
    pub exact_match: Option<f64>,
    /// Cohen's κ over the values (enum attributes only); `None` when
    /// undefined.
    pub kappa: Option<f64>,
}

/// An attribute value as compared between layers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ComparedValue<'a> {
    /// No value.
    Missing,
    /// An enum or text value.
    Value(&'a str),
    /// A span reference, by each referenced span's start, end and label,
    /// sorted and without repeats, so that a `many` list compares as a set
    /// (one target for a single reference); an id the layer does not hold
    /// is kept as [`Target::Dangling`].
    Targets(Vec<Target<'a>>),
}

/// One referenced span as compared between layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target<'a> {
    /// The referenced span's start, end and label.
    Span(usize, usize, &'a str),
    /// An id the layer does not hold.
    Dangling(&'a str),
}

/// The name used in reports for an attribute kind.
pub fn kind_name(kind: &AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Enum(_) => "enum",
        AttributeKind::Text => "text",
        AttributeKind::SpanRef(_) => "span_ref",
    }
}

/// The value of attribute `name` of `span`; references are resolved in
/// `layer` (the spans of the same layer).
pub fn attr_value<'a>(
    span: &'a Span,
    name: &str,
    is_reference: bool,
    layer: &'a [Span],
) -> ComparedValue<'a> {
    match span.attrs.get(name) {
        None => ComparedValue::Missing,
        Some(value) if is_reference => {
            let mut targets: Vec<Target<'a>> = value
                .ids()
                .map(|id| {
                    layer
                        .iter()
                        .find(|s| s.id.as_str() == id)
                        .map_or(Target::Dangling(id), |t| {
                            Target::Span(t.start, t.end, &t.label)
                        })
                })
                .collect();
            targets.sort_unstable();
            targets.dedup();
            ComparedValue::Targets(targets)
        }
        Some(value) => ComparedValue::Value(value.as_str().unwrap_or_default()),
    }
}

/// Whether two spans carry the same attributes, references compared by
/// target (each resolved in its own layer). Attributes the schema does not
/// list are compared as plain values.
pub fn attributes_equal(
    a: &Span,
    a_layer: &[Span],
    b: &Span,
    b_layer: &[Span],
    schema: &Schema,
) -> bool {
    differing_attributes((a, a_layer), (b, b_layer), schema)
        .next()
        .is_none()
}

/// The attributes on which two spans differ, compared as
/// [`attributes_equal`] does, by name, each with whether the schema
/// declares it a span reference.
pub fn differing_attributes<'a>(
    (a, a_layer): (&'a Span, &'a [Span]),
    (b, b_layer): (&'a Span, &'a [Span]),
    schema: &'a Schema,
) -> impl Iterator<Item = (&'a str, bool)> + 'a {
    let def = schema.label(&a.label);
    let mut names: Vec<&'a str> = a
        .attrs
        .keys()
        .chain(b.attrs.keys())
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter().filter_map(move |name| {
        let reference = def
            .and_then(|d| d.attribute(name))
            .is_some_and(|attr| matches!(attr.kind, AttributeKind::SpanRef(_)));
        (attr_value(a, name, reference, a_layer) != attr_value(b, name, reference, b_layer))
            .then_some((name, reference))
    })
}

/// Running counts for one (label, attribute).
#[derive(Debug, Clone, Default)]
pub(crate) struct AttributeTally<'p> {
    matched: usize,
    equal: usize,
    /// Enum attributes: pairs of values and how often they occur.
    values: BTreeMap<(&'p str, &'p str), u64>,
}

/// Attribute counts of every (label, attribute) of the compared labels.
#[derive(Debug, Clone, Default)]
pub(crate) struct AttributeTallies<'p> {
    /// Per compared label, per attribute of its definition.
    tallies: Vec<Vec<AttributeTally<'p>>>,
}

impl<'p> AttributeTallies<'p> {
    /// Empty tallies for `labels`.
    pub(crate) fn new(labels: &[&LabelDef]) -> Self {
        Self {
            tallies: labels
                .iter()
                .map(|l| vec![AttributeTally::default(); l.attributes.len()])
                .collect(),
        }
    }

    /// Counts one strictly matched pair of spans of label number `label`.
    pub(crate) fn add_pair(
        &mut self,
        def: &LabelDef,
        label: usize,
        (a, a_layer): (&'p Span, &'p [Span]),
        (b, b_layer): (&'p Span, &'p [Span]),
    ) {
        for (attr, tally) in def.attributes.iter().zip(&mut self.tallies[label]) {
            let reference = matches!(attr.kind, AttributeKind::SpanRef(_));
            let va = attr_value(a, &attr.name, reference, a_layer);
            let vb = attr_value(b, &attr.name, reference, b_layer);
            tally.matched += 1;
            tally.equal += usize::from(va == vb);
            if let AttributeKind::Enum(_) = attr.kind {
                let name = |v: ComparedValue<'p>| match v {
                    ComparedValue::Value(s) => s,
                    ComparedValue::Missing | ComparedValue::Targets(_) => MISSING,
                };
                *tally.values.entry((name(va), name(vb))).or_default() += 1;
            }
        }
    }

    /// Adds `other`.
    pub(crate) fn add(&mut self, other: &AttributeTallies<'p>) {
        if self.tallies.is_empty() {
            self.tallies.clone_from(&other.tallies);
            return;
        }
        for (mine, theirs) in self.tallies.iter_mut().zip(&other.tallies) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.matched += t.matched;
                m.equal += t.equal;
                for (&key, &n) in &t.values {
                    *m.values.entry(key).or_default() += n;
                }
            }
        }
    }

    /// The agreement rows, label by label in `labels` order.
    pub(crate) fn report(&self, labels: &[&LabelDef]) -> Vec<AttributeAgreement> {
        let mut rows = Vec::new();
        for (def, tallies) in labels.iter().zip(&self.tallies) {
            for (attr, tally) in def.attributes.iter().zip(tallies) {
                let kappa = match attr.kind {
                    AttributeKind::Enum(_) => values_kappa(&tally.values),
                    _ => None,
                };
                rows.push(AttributeAgreement {
                    label: def.name.clone(),
                    attribute: attr.name.clone(),
                    kind: kind_name(&attr.kind),
                    matched_spans: tally.matched,
                    exact_match: (tally.matched > 0)
                        .then(|| tally.equal as f64 / tally.matched as f64),
                    kappa,
                });
            }
        }
        rows
    }
}

/// Cohen's κ of a table of (first value, second value) counts.
fn values_kappa(values: &BTreeMap<(&str, &str), u64>) -> Option<f64> {
    let mut categories: Vec<&str> = values.keys().flat_map(|&(a, b)| [a, b]).collect();
    categories.sort_unstable();
    categories.dedup();
    let index = |v: &str| categories.binary_search(&v).unwrap_or_default();
    let mut matrix = vec![vec![0; categories.len()]; categories.len()];
    for (&(a, b), &n) in values {
        matrix[index(a)][index(b)] += n;
    }
    cohen_kappa(&matrix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
        Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
    }

    #[test]
    fn span_references_compare_by_target_not_id() {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let a = [
            span("T1", 0, 5, "actor", &[("kind", "person")]),
            span("T2", 6, 20, "claim", &[("speaker", "T1")]),
        ];
        let b = [
            span("X9", 0, 5, "actor", &[("kind", "person")]),
            span("X1", 0, 4, "actor", &[("kind", "person")]),
            span("X2", 6, 20, "claim", &[("speaker", "X9")]),
            span("X3", 6, 20, "claim", &[("speaker", "X1")]),
        ];
        assert!(attributes_equal(&a[1], &a, &b[2], &b, &schema));
        assert!(!attributes_equal(&a[1], &a, &b[3], &b, &schema));
        assert!(attributes_equal(&a[0], &a, &b[0], &b, &schema));
    }

    #[test]
    fn enum_kappa_counts_a_missing_value_as_a_category() {
        let mut values = BTreeMap::new();
        values.insert(("person", "person"), 3);
        values.insert(("country", "country"), 3);
        values.insert(("person", MISSING), 2);
        // Rows person 5, country 3; columns person 3, country 3, ∅ 2; n = 8.
        let chance = 5.0 * 3.0 + 3.0 * 3.0;
        let expected = 1.0 - 8.0 * 2.0 / (64.0 - chance);
        let kappa = values_kappa(&values).expect("defined");
        assert!((kappa - expected).abs() < 1e-12);
    }
}
