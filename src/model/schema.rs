//! Annotation schemas: which labels exist, their keys and colours, and the
//! attributes each label's spans carry. A schema is data, not code.

use serde::{Deserialize, Serialize};

use super::problem::{Place, Problem};
use super::span::Span;

/// A named set of labels that annotators apply to spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Human-readable schema name, e.g. `diplomacy`.
    pub name: String,
    /// Labels in display order.
    pub labels: Vec<LabelDef>,
}

/// One label: its name, its keyboard key, its colour and its attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    /// Label name as stored on spans and exported (`actor`).
    pub name: String,
    /// Key that applies the label in the annotation view.
    pub key: char,
    /// Colour as `#rrggbb`.
    pub color: String,
    /// Attributes spans with this label carry.
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
}

/// One attribute of a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    /// Attribute name (`kind`, `polarity`).
    pub name: String,
    /// What values the attribute takes.
    pub kind: AttributeKind,
    /// Whether a finished span must carry this attribute.
    #[serde(default)]
    pub required: bool,
    /// For a span reference: whether it may hold several targets (a list
    /// of span ids, in text order) instead of one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub many: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_false(value: &bool) -> bool {
    !*value
}

/// The kinds of attribute value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttributeKind {
    /// One of a fixed list of values.
    Enum(Vec<String>),
    /// Free text.
    Text,
    /// The id of another span in the same layer (a link), which must carry
    /// one of these labels.
    SpanRef(TargetLabels),
}

/// The labels a span reference may point to: written as one name
/// (`SpanRef("actor")`) or a list (`SpanRef(["actor", "organization"])`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLabels(pub Vec<String>);

impl TargetLabels {
    /// A reference to spans of one label.
    pub fn one(label: impl Into<String>) -> Self {
        Self(vec![label.into()])
    }

    /// Whether a span labelled `label` may be a target.
    pub fn allows(&self, label: &str) -> bool {
        self.0.iter().any(|l| l == label)
    }

    /// The labels, in schema order as written.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The labels joined for a message: `actor` or `actor or organization`.
    pub fn described(&self) -> String {
        self.0.join(" or ")
    }
}

impl From<&str> for TargetLabels {
    fn from(label: &str) -> Self {
        Self::one(label)
    }
}

impl Serialize for TargetLabels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => serializer.serialize_str(one),
            many => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for TargetLabels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(String),
            Many(Vec<String>),
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::One(label) => Self::one(label),
            Written::Many(labels) => Self(labels),
        })
    }
}

/// The default diplomacy schema, as shipped in `schemas/diplomacy.ron`.
pub const DEFAULT_SCHEMA_RON: &str = include_str!("../../schemas/diplomacy.ron");

/// Palette for labels added without a colour (e.g. by `--extend-schema`).
const AUTO_COLORS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

impl Schema {
    /// The built-in default schema ([`DEFAULT_SCHEMA_RON`]).
    pub fn builtin() -> Self {
        ron::from_str(DEFAULT_SCHEMA_RON).expect("the built-in schema parses")
    }

    /// The required attributes of `span`'s label that `span` lacks (none
    /// for a label the schema does not have).
    pub fn missing_required<'a>(
        &'a self,
        span: &'a Span,
    ) -> impl Iterator<Item = &'a AttributeDef> + 'a {
        self.label(&span.label)
            .into_iter()
            .flat_map(|label| &label.attributes)
            .filter(|a| a.required && !span.attrs.contains_key(&a.name))
    }

    /// The label called `name`, if the schema has it.
    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// `attrs` of a `label` span without the attributes the label declares
    /// as span references, which point into one layer and mean nothing in
    /// another (copying spans between layers or documents).
    pub fn without_span_refs(&self, label: &str, attrs: &super::Attrs) -> super::Attrs {
        let mut kept = attrs.clone();
        if let Some(def) = self.label(label) {
            kept.retain(|name, _| {
                def.attribute(name)
                    .is_none_or(|a| !matches!(a.kind, AttributeKind::SpanRef(_)))
            });
        }
        kept
    }

    /// `attrs` of a span relabelled as `label`: only the attributes that
    /// `label` declares (none when the schema lacks it).
    pub fn attrs_declared_by(&self, label: &str, attrs: &super::Attrs) -> super::Attrs {
        let mut kept = attrs.clone();
        let def = self.label(label);
        kept.retain(|name, _| def.and_then(|d| d.attribute(name)).is_some());
        kept
    }

    /// The label bound to keyboard `key`, if any.
    pub fn label_for_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.key == key)
    }

    /// Adds a plain label (no attributes) with an automatic colour and the
    /// first free key among its own letters, then digits and the alphabet.
    pub fn add_plain_label(&mut self, name: &str) {
        let taken: Vec<char> = self.labels.iter().map(|l| l.key).collect();
        let key = name
            .chars()
            .flat_map(char::to_lowercase)
            .chain('0'..='9')
            .chain('a'..='z')
            .find(|c| c.is_alphanumeric() && !taken.contains(c))
            .unwrap_or('?');
        let color = AUTO_COLORS[self.labels.len() % AUTO_COLORS.len()].to_owned();
        self.labels.push(LabelDef {
            name: name.to_owned(),
            key,
            color,
            attributes: Vec::new(),
        });
    }

    /// Every problem with the schema itself (names, keys, colours, enum
    /// values, reference targets), in schema order.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (i, label) in self.labels.iter().enumerate() {
            let place = Place::Label {
                label: label.name.clone(),
            };
            if !is_valid_name(&label.name) {
                problems.push(Problem::new(
                    place.clone(),
                    format!(
                        "label name {:?} must be non-empty letters, digits, '_', '-' or ':'",
                        label.name
                    ),
                ));
            }
            if self.labels[..i].iter().any(|l| l.name == label.name) {
                problems.push(Problem::new(
                    place.clone(),
                    format!("label {:?} is defined twice", label.name),
                ));
            }
            if !label.key.is_alphanumeric() {
                problems.push(Problem::new(
                    place.clone(),
                    format!(
                        "key {:?} of label {:?} must be a letter or digit",
                        label.key, label.name
                    ),
                ));
            }
            if let Some(other) = self.labels[..i].iter().find(|l| l.key == label.key) {
                problems.push(Problem::new(
                    place.clone(),
                    format!(
                        "key {:?} of label {:?} is already used by label {:?}",
                        label.key, label.name, other.name
                    ),
                ));
            }
            if parse_hex_color(&label.color).is_none() {
                problems.push(Problem::new(
                    place.clone(),
                    format!(
                        "colour {:?} of label {:?} is not #rrggbb",
                        label.color, label.name
                    ),
                ));
            }
            self.attribute_problems(label, &mut problems);
        }
        problems
    }

    fn attribute_problems(&self, label: &LabelDef, problems: &mut Vec<Problem>) {
        for (j, attr) in label.attributes.iter().enumerate() {
            let place = Place::Attribute {
                label: label.name.clone(),
                attribute: attr.name.clone(),
            };
            let mut push = |message: String| problems.push(Problem::new(place.clone(), message));
            if !is_valid_name(&attr.name) {
                push(format!(
                    "attribute name {:?} of label {:?} is not a valid name",
                    attr.name, label.name
                ));
            }
            if label.attributes[..j].iter().any(|a| a.name == attr.name) {
                push(format!(
                    "label {:?} defines attribute {:?} twice",
                    label.name, attr.name
                ));
            }
            match &attr.kind {
                AttributeKind::Enum(values) if values.is_empty() => {
                    push(format!(
                        "enum attribute {:?} of label {:?} has no values",
                        attr.name, label.name
                    ));
                }
                AttributeKind::Enum(values) => {
                    for (k, value) in values.iter().enumerate() {
                        if value.trim().is_empty() || values[..k].contains(value) {
                            push(format!(
                                "enum attribute {:?} of label {:?} has an empty or repeated value {:?}",
                                attr.name, label.name, value
                            ));
                        }
                    }
                }
                AttributeKind::SpanRef(targets) => {
                    if targets.0.is_empty() {
                        push(format!(
                            "span reference {:?} of label {:?} names no target label",
                            attr.name, label.name
                        ));
                    }
                    for target in targets.iter().filter(|t| self.label(t).is_none()) {
                        push(format!(
                            "attribute {:?} of label {:?} refers to unknown label {:?}",
                            attr.name, label.name, target
                        ));
                    }
                }
                AttributeKind::Text => {}
            }
            if attr.many && !matches!(attr.kind, AttributeKind::SpanRef(_)) {
                push(format!(
                    "attribute {:?} of label {:?} is `many: true` but only span references may be",
                    attr.name, label.name
                ));
            }
        }
    }
}

impl LabelDef {
    /// The attribute called `name`, if the label has it.
    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The label colour as RGB bytes (grey when malformed; validation
    /// refuses malformed colours on load).
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([128, 128, 128])
    }
}

/// Whether `name` may be used as a label or attribute name: non-empty ASCII
/// letters, digits, `_`, `-` and `:` (safe in brat, `CoNLL` and file names).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':'))
}

/// Parses `#rrggbb` into RGB bytes.
pub fn parse_hex_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_schema() -> Schema {
        ron::from_str(DEFAULT_SCHEMA_RON).expect("default schema parses")
    }

    #[test]
    fn default_schema_has_the_four_labels_and_no_problems() {
        let schema = default_schema();
        let names: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["actor", "date", "claim", "stance"]);
        assert_eq!(schema.problems(), Vec::new());
        assert_eq!(
            schema.label_for_key('s').map(|l| l.name.as_str()),
            Some("stance")
        );
        let holder = schema.label("stance").and_then(|l| l.attribute("holder"));
        assert_eq!(
            holder.map(|a| &a.kind),
            Some(&AttributeKind::SpanRef(TargetLabels::one("actor")))
        );
    }

    #[test]
    fn duplicate_keys_bad_colours_and_dangling_targets_are_reported() {
        let mut schema = default_schema();
        schema.labels[1].key = 'a';
        schema.labels[2].color = "red".into();
        schema.labels[3].attributes[1].kind = AttributeKind::SpanRef("person".into());
        // `many` is for references only; a list of target labels is fine.
        schema.labels[2].attributes[0].kind =
            AttributeKind::SpanRef(TargetLabels(vec!["actor".into(), "date".into()]));
        let messages: Vec<String> = schema.problems().into_iter().map(|p| p.message).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("already used by label \"actor\""));
        assert!(messages[1].contains("is not #rrggbb"));
        assert!(messages[2].contains("unknown label \"person\""));
    }

    #[test]
    fn added_plain_labels_get_a_free_key_and_a_colour() {
        let mut schema = default_schema();
        schema.add_plain_label("location");
        schema.add_plain_label("loc2");
        let added = &schema.labels[4..];
        assert_eq!(added[0].key, 'l');
        assert_eq!(added[1].key, 'o');
        assert!(added.iter().all(|l| parse_hex_color(&l.color).is_some()));
        assert_eq!(schema.problems(), Vec::new());
    }
}
