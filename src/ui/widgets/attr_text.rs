//! An attribute value as a person reads it: a span reference by what it
//! points to (`Donald Trump · 174`), its raw ids only as a detail; any
//! other value as it is.

use crate::model::links::{caption_of, reference_attribute};
use crate::model::{AttrValue, Schema, Span};

/// How many characters of a target's text a caption shows.
pub const CAPTION_CHARS: usize = 32;

/// One attribute of a span, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownAttribute<'a> {
    /// The attribute's name.
    pub name: &'a str,
    /// The value: a reference's targets by caption (joined by `, `), any
    /// other value as it is.
    pub value: String,
    /// For a reference, its raw ids (`T16`, `T3, T4`), a weak detail.
    pub ids: Option<String>,
}

/// The attributes of `span` as shown, in name order; references are
/// resolved in `layer` (the spans of the span's own layer).
pub fn shown_attributes<'a>(
    schema: &Schema,
    text: &str,
    layer: &[Span],
    span: &'a Span,
) -> Vec<ShownAttribute<'a>> {
    span.attrs
        .iter()
        .map(|(name, value)| shown_attribute(schema, text, layer, &span.label, name, value))
        .collect()
}

/// Attribute `name` of a `label` span with `value`, as shown.
pub fn shown_attribute<'a>(
    schema: &Schema,
    text: &str,
    layer: &[Span],
    label: &str,
    name: &'a str,
    value: &AttrValue,
) -> ShownAttribute<'a> {
    if reference_attribute(schema, label, name).is_none() {
        return ShownAttribute {
            name,
            value: value.to_string(),
            ids: None,
        };
    }
    let captions: Vec<String> = value
        .ids()
        .map(|id| caption_of(text, layer, id, CAPTION_CHARS))
        .collect();
    ShownAttribute {
        name,
        value: captions.join(", "),
        ids: Some(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    #[test]
    fn a_reference_shows_its_targets_text_and_place_and_keeps_the_ids_aside() {
        let schema = Schema::builtin();
        let text = "\u{1F469}\u{200D}\u{1F4BB} \u{201C}Donald\u{A0}Trump\u{201D} said it.";
        let trump = Span::new(SpanId::from("T16"), 5, 17, "actor");
        let claim =
            Span::new(SpanId::from("T2"), 19, 26, "claim").with_attrs(&[("speaker", "T16")]);
        let layer = vec![trump, claim.clone()];
        let shown = shown_attributes(&schema, text, &layer, &claim);
        assert_eq!(
            shown,
            [ShownAttribute {
                name: "speaker",
                value: "Donald Trump · 5".into(),
                ids: Some("T16".into()),
            }]
        );
        let stance =
            Span::new(SpanId::from("T3"), 0, 3, "stance").with_attrs(&[("polarity", "support")]);
        assert_eq!(
            shown_attributes(&schema, text, &layer, &stance)[0].value,
            "support"
        );
    }
}
