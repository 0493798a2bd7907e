//! Validation of every invariant a project must keep: offsets inside the
//! text, labels and attribute values in the schema, references to existing
//! spans of the right label, unique ids, checksums that match.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::attr_value::AttrValue;
use super::document::{Document, text_sha256};
use super::ids::DocId;
use super::layer::{Layer, is_valid_annotator};
use super::offsets::char_len;
use super::problem::{Place, Problem};
use super::project::Project;
use super::schema::{AttributeKind, LabelDef, Schema};
use super::span::Span;

/// Every problem in `project`, schema first, then documents in order (the
/// documents checked on every core).
pub fn project_problems(project: &Project) -> Vec<Problem> {
    let mut problems = project.schema.problems();
    let own = super::parallel::map(&project.documents, |doc| own_problems(&project.schema, doc));
    let mut seen: BTreeSet<&DocId> = BTreeSet::new();
    for (doc, own) in project.documents.iter().zip(own) {
        let place = Place::Document {
            doc: doc.id.clone(),
        };
        if doc.id.as_str().trim().is_empty() {
            problems.push(Problem::new(place.clone(), "document id is empty"));
        }
        if !seen.insert(&doc.id) {
            problems.push(Problem::new(
                place,
                format!("document id {:?} is used twice", doc.id.as_str()),
            ));
        }
        problems.extend(own);
    }
    problems
}

/// The problems of `doc` that do not depend on other documents: its
/// checksum, then its layers.
fn own_problems(schema: &Schema, doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    if doc.sha256 != text_sha256(&doc.text) {
        problems.push(Problem::new(
            Place::Document {
                doc: doc.id.clone(),
            },
            format!(
                "sha256 of document {:?} does not match its text (the text was changed after annotation)",
                doc.id.as_str()
            ),
        ));
    }
    problems.extend(document_layer_problems(schema, doc));
    problems
}

/// Problems of every layer of `doc`.
pub fn document_layer_problems(schema: &Schema, doc: &Document) -> Vec<Problem> {
    let len = char_len(&doc.text);
    doc.layers
        .iter()
        .flat_map(|(annotator, layer)| layer_problems(schema, &doc.id, annotator, len, layer))
        .collect()
}

/// Reviewed regions of a layer that are empty or leave the text.
fn reviewed_region_problems(
    doc: &DocId,
    annotator: &str,
    text_len: usize,
    layer: &Layer,
) -> Vec<Problem> {
    layer
        .reviewed
        .iter()
        .filter(|&&(start, end)| start >= end || end > text_len)
        .map(|&(start, end)| {
            Problem::new(
                Place::Layer {
                    doc: doc.clone(),
                    annotator: annotator.to_owned(),
                },
                format!(
                    "reviewed region [{start}, {end}) is empty or past the end of the text ({text_len} code points)"
                ),
            )
        })
        .collect()
}

/// Problems of one layer on a text of `text_len` code points.
pub fn layer_problems(
    schema: &Schema,
    doc: &DocId,
    annotator: &str,
    text_len: usize,
    layer: &Layer,
) -> Vec<Problem> {
    let mut problems = reviewed_region_problems(doc, annotator, text_len, layer);
    if !is_valid_annotator(annotator) {
        problems.push(Problem::new(
            Place::Layer {
                doc: doc.clone(),
                annotator: annotator.to_owned(),
            },
            format!("annotator name {annotator:?} is empty or has control characters or surrounding spaces"),
        ));
    }
    // The position of the last span with each id, and which spans repeat
    // an earlier id; hashed with a cheap hash, looked up without allocating.
    let mut last_with_id: HashMap<&str, usize, BuildHasherDefault<ShortStrHasher>> =
        HashMap::with_capacity_and_hasher(layer.spans.len(), BuildHasherDefault::default());
    let mut repeated = vec![false; layer.spans.len()];
    for (i, s) in layer.spans.iter().enumerate() {
        if last_with_id.insert(s.id.as_str(), i).is_some() {
            repeated[i] = true;
        }
    }
    let label_of = |id: &str| last_with_id.get(id).map(|&i| layer.spans[i].label.as_str());
    for (index, span) in layer.spans.iter().enumerate() {
        let place = |field: &str| Place::Span {
            doc: doc.clone(),
            annotator: annotator.to_owned(),
            span: span.id.clone(),
            field: (!field.is_empty()).then(|| field.to_owned()),
        };
        let id = span.id.as_str();
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            problems.push(Problem::new(
                place("id"),
                format!("span id {id:?} is empty or contains white space"),
            ));
        }
        if repeated[index] {
            problems.push(Problem::new(
                place("id"),
                format!("span id {id:?} is used twice in layer {annotator:?}"),
            ));
        }
        if span.start >= span.end {
            problems.push(Problem::new(
                place("start"),
                format!(
                    "span {id}: start {} is not before end {}",
                    span.start, span.end
                ),
            ));
        }
        if span.end > text_len {
            problems.push(Problem::new(
                place("end"),
                format!(
                    "span {id}: end {} is past the end of the text ({text_len} code points)",
                    span.end
                ),
            ));
        }
        let Some(label) = schema.label(&span.label) else {
            problems.push(Problem::new(
                place("label"),
                format!("span {id}: label {:?} is not in the schema", span.label),
            ));
            continue;
        };
        attribute_problems(span, label, &label_of, &place, &mut problems);
    }
    problems
}

/// The problems of `span`'s attribute values against its `label`'s
/// definitions; `label_of` gives the label of a span id of the layer.
fn attribute_problems<'a>(
    span: &Span,
    label: &LabelDef,
    label_of: &impl Fn(&str) -> Option<&'a str>,
    place: &impl Fn(&str) -> Place,
    problems: &mut Vec<Problem>,
) {
    let id = span.id.as_str();
    for (name, value) in &span.attrs {
        let Some(attr) = label.attribute(name) else {
            problems.push(Problem::new(
                place(name),
                format!(
                    "span {id}: label {:?} has no attribute {name:?}",
                    label.name
                ),
            ));
            continue;
        };
        let mut push = |message: String| problems.push(Problem::new(place(name), message));
        match (&attr.kind, value) {
            (AttributeKind::SpanRef(_), AttrValue::Many(_)) if !attr.many => push(format!(
                "span {id}: {name} holds a list, but {:?} takes one span (declare it `many: true` for several)",
                label.name
            )),
            (AttributeKind::SpanRef(_), AttrValue::Many(ids)) if ids.is_empty() => push(format!(
                "span {id}: {name} is an empty list (leave the attribute out instead)"
            )),
            (AttributeKind::SpanRef(targets), value) => {
                for (k, target) in value.ids().enumerate() {
                    if value.ids().take(k).any(|earlier| earlier == target) {
                        push(format!("span {id}: {name} names span {target:?} twice"));
                        continue;
                    }
                    match label_of(target) {
                        None => push(format!(
                            "span {id}: {name} refers to span {target:?}, which is not in this layer"
                        )),
                        Some(found) if !targets.allows(found) => push(format!(
                            "span {id}: {name} refers to span {target}, labelled {found}, but must refer to a span labelled {}",
                            targets.described()
                        )),
                        Some(_) => {}
                    }
                }
            }
            (_, AttrValue::Many(_)) => push(format!(
                "span {id}: {name} holds a list, but only span references may"
            )),
            (AttributeKind::Enum(values), AttrValue::One(value)) if !values.contains(value) => {
                push(format!(
                    "span {id}: {name} = {value:?} is not one of {}",
                    values.join(", ")
                ));
            }
            (AttributeKind::Enum(_) | AttributeKind::Text, AttrValue::One(_)) => {}
        }
    }
}

/// A fast hash for short strings such as span ids (the multiply-rotate
/// hash of rustc's `FxHasher`); `SipHash`'s protection against crafted
/// collisions is not needed to check a file.
#[derive(Default)]
struct ShortStrHasher(u64);

impl Hasher for ShortStrHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut mix = |word: u64| {
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        };
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            mix(u64::from_le_bytes(*word));
            rest = tail;
        }
        if !rest.is_empty() {
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |word, &b| (word << 8) | u64::from(b));
            mix(word);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Spans that lack a required attribute, as warnings: work in progress may
/// be saved, but a finished dataset should have none.
pub fn missing_required(project: &Project) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for doc in &project.documents {
        for (annotator, layer) in &doc.layers {
            for span in &layer.spans {
                for attr in project.schema.missing_required(span) {
                    warnings.push(Problem::new(
                        Place::Span {
                            doc: doc.id.clone(),
                            annotator: annotator.clone(),
                            span: span.id.clone(),
                            field: None,
                        },
                        format!(
                            "document {}, layer {annotator}, span {}: required attribute {:?} is missing",
                            doc.id, span.id, attr.name
                        ),
                    ));
                }
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::ids::SpanId;
    use crate::model::layer::Status;
    use crate::model::schema::DEFAULT_SCHEMA_RON;
    use crate::model::span::Span;

    fn project_with(spans: Vec<Span>) -> Project {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let mut doc = Document::new(
            "d1".into(),
            "T".into(),
            BTreeMap::new(),
            "Putin met Trump \u{1F91D} today.".into(),
        );
        doc.layers
            .insert("alice".into(), Layer::with_spans(Status::InProgress, spans));
        Project {
            schema,
            documents: vec![doc],
        }
    }

    fn span(id: &str, start: usize, end: usize, label: &str, attrs: &[(&str, &str)]) -> Span {
        Span::new(SpanId::from(id), start, end, label).with_attrs(attrs)
    }

    fn messages(project: &Project) -> Vec<String> {
        project_problems(project)
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn a_correct_layer_has_no_problems() {
        let project = project_with(vec![
            span("T1", 0, 5, "actor", &[("kind", "person")]),
            span("T2", 10, 15, "actor", &[("kind", "person")]),
            span(
                "T3",
                0,
                17,
                "stance",
                &[("polarity", "neutral"), ("holder", "T1")],
            ),
        ]);
        assert_eq!(messages(&project), Vec::<String>::new());
        assert_eq!(missing_required(&project), Vec::new());
    }

    #[test]
    fn every_span_invariant_is_reported_with_its_place() {
        let project = project_with(vec![
            span("T1", 5, 5, "actor", &[("kind", "person")]),
            span("T2", 3, 99, "actor", &[("kind", "planet")]),
            span("T3", 0, 2, "mood", &[]),
            span(
                "T4",
                0,
                17,
                "stance",
                &[("polarity", "support"), ("holder", "T9")],
            ),
            span("T5", 0, 17, "claim", &[("speaker", "T4"), ("tone", "x")]),
            span("T1", 1, 2, "date", &[]),
        ]);
        let got = messages(&project);
        let expected = [
            "span T1: start 5 is not before end 5",
            "span id \"T1\" is used twice",
            "span T2: end 99 is past the end of the text (24 code points)",
            "span T2: kind = \"planet\" is not one of person, organization, country, group",
            "span T3: label \"mood\" is not in the schema",
            "span T4: holder refers to span \"T9\", which is not in this layer",
            "span T5: speaker refers to span T4, labelled stance, but must refer to a span labelled actor",
            "span T5: label \"claim\" has no attribute \"tone\"",
        ];
        for want in expected {
            assert!(
                got.iter().any(|m| m.contains(want)),
                "missing {want:?} in {got:#?}"
            );
        }
        assert_eq!(got.len(), expected.len(), "{got:#?}");
        let problems = project_problems(&project);
        let reversed = problems
            .iter()
            .find(|p| p.message.contains("not before"))
            .expect("reported");
        assert!(matches!(&reversed.place, Place::Span { field: Some(f), .. } if f == "start"));
    }

    #[test]
    fn changed_text_and_duplicate_documents_are_refused() {
        let mut project = project_with(Vec::new());
        project.documents[0].text.push('!');
        project.documents.push(project.documents[0].clone());
        let got = messages(&project);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].contains("does not match its text"));
        assert!(got[1].contains("used twice"));
    }

    #[test]
    fn missing_required_attributes_are_warnings_not_errors() {
        let project = project_with(vec![span("T1", 0, 5, "actor", &[])]);
        assert!(project_problems(&project).is_empty());
        let warnings = missing_required(&project);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .message
                .contains("required attribute \"kind\" is missing")
        );
    }
}
