//! Links: the span-reference attributes of a layer seen as relations from
//! the span that holds the attribute (the source) to each span it names
//! (the target), and how a target is shown to a person (by its text and
//! place, never by its raw id).

use std::collections::HashMap;

use super::offsets::slice_chars;
use super::schema::{AttributeDef, AttributeKind, Schema};
use super::span::Span;

/// One link of a layer, by positions in the layer's span list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link<'a> {
    /// Index of the source span (the claim, the stance).
    pub source: usize,
    /// The reference attribute (`speaker`, `holder`).
    pub attribute: &'a str,
    /// Index of the target span (the actor).
    pub target: usize,
}

/// The reference attribute `name` of spans labelled `label`, if the schema
/// declares one.
pub fn reference_attribute<'s>(
    schema: &'s Schema,
    label: &str,
    name: &str,
) -> Option<&'s AttributeDef> {
    schema
        .label(label)?
        .attribute(name)
        .filter(|a| matches!(a.kind, AttributeKind::SpanRef(_)))
}

/// Every reference attribute of the schema as `(source label, attribute)`,
/// in schema order.
pub fn reference_attributes(schema: &Schema) -> impl Iterator<Item = (&str, &AttributeDef)> {
    schema.labels.iter().flat_map(|label| {
        label
            .attributes
            .iter()
            .filter(|a| matches!(a.kind, AttributeKind::SpanRef(_)))
            .map(|a| (label.name.as_str(), a))
    })
}

/// Every link of `spans` (one layer, in canonical order), by source then
/// attribute then the order of the attribute's ids. References the schema
/// does not declare, and ids the layer does not hold, are left out.
pub fn links<'a>(schema: &Schema, spans: &'a [Span]) -> Vec<Link<'a>> {
    let mut positions: Option<HashMap<&str, usize>> = None;
    let mut found = Vec::new();
    for (source, span) in spans.iter().enumerate() {
        for (name, value) in &span.attrs {
            if reference_attribute(schema, &span.label, name).is_none() {
                continue;
            }
            let positions = positions.get_or_insert_with(|| {
                spans
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.as_str(), i))
                    .collect()
            });
            for id in value.ids() {
                if let Some(&target) = positions.get(id) {
                    found.push(Link {
                        source,
                        attribute: name,
                        target,
                    });
                }
            }
        }
    }
    found
}

/// The spans of `spans` whose reference attributes name span `id`, with
/// the attribute: what loses a link when `id` goes.
pub fn referrers<'a>(schema: &Schema, spans: &'a [Span], id: &str) -> Vec<(&'a Span, &'a str)> {
    spans
        .iter()
        .flat_map(|span| {
            span.attrs
                .iter()
                .filter(move |(name, value)| {
                    value.names(id) && reference_attribute(schema, &span.label, name).is_some()
                })
                .map(move |(name, _)| (span, name.as_str()))
        })
        .collect()
}

/// How a span is named to a person: its text (shortened to `max_chars`,
/// line breaks as spaces) and its start offset, `Donald Trump · 174`.
pub fn caption(text: &str, span: &Span, max_chars: usize) -> String {
    let covered = slice_chars(text, span.start, span.end).unwrap_or_default();
    caption_of_text(covered, span.start, max_chars)
}

/// The caption of a span covering `covered` from code point `start`:
/// [`caption`] for callers that have sliced the text already (with a
/// [`super::offsets::CharIndex`], on long documents).
pub fn caption_of_text(covered: &str, start: usize, max_chars: usize) -> String {
    let mut shown: String = covered
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .take(max_chars)
        .collect();
    if covered.chars().nth(max_chars).is_some() {
        shown.push('…');
    }
    format!("{} · {}", shown.trim(), start)
}

/// The caption of the span with id `id` in `spans`, or the id itself when
/// the layer holds no such span.
pub fn caption_of(text: &str, spans: &[Span], id: &str, max_chars: usize) -> String {
    spans
        .iter()
        .find(|s| s.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |s| caption(text, s, max_chars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrValue, SpanId};

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId::from(id), start, end, label)
    }

    #[test]
    fn links_resolve_single_and_many_references_and_skip_dangling_ones() {
        let mut schema = Schema::builtin();
        schema.labels[2].attributes[0].many = true;
        let mut claim = span("T3", 20, 30, "claim");
        claim.attrs.insert(
            "speaker".into(),
            AttrValue::Many(vec!["T1".into(), "T9".into(), "T2".into()]),
        );
        let stance = span("T4", 31, 40, "stance").with_attrs(&[
            ("holder", "T2"),
            ("polarity", "oppose"),
            ("target", "T1"),
        ]);
        let spans = vec![
            span("T1", 0, 5, "actor"),
            span("T2", 8, 12, "actor"),
            claim,
            stance,
        ];
        let got: Vec<(usize, &str, usize)> = links(&schema, &spans)
            .into_iter()
            .map(|l| (l.source, l.attribute, l.target))
            .collect();
        assert_eq!(
            got,
            [(2, "speaker", 0), (2, "speaker", 1), (3, "holder", 1)]
        );
        let pointing: Vec<(&str, &str)> = referrers(&schema, &spans, "T2")
            .into_iter()
            .map(|(s, a)| (s.id.as_str(), a))
            .collect();
        assert_eq!(pointing, [("T3", "speaker"), ("T4", "holder")]);
    }

    #[test]
    fn captions_show_text_and_place_in_code_points() {
        let text = "😀 \u{201C}Donald\nTrump\u{201D} said";
        let s = span("T1", 3, 15, "actor");
        assert_eq!(caption(text, &s, 40), "Donald Trump · 3");
        assert_eq!(caption(text, &s, 6), "Donald… · 3");
        assert_eq!(caption_of(text, &[s], "T7", 6), "T7");
    }
}
