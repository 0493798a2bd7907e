//! Relations read from other tools' files (doccano's `relations`,
//! Prodigy's `relations`, brat's `R` lines) as span-reference attributes:
//! which reference attributes the types they use need ([`RelationTypes`],
//! added by `--extend-schema`), and how one relation sets its source
//! span's attribute ([`add_target`], [`sort_lists`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::FileError;
use crate::model::links::{reference_attribute, sort_targets};
use crate::model::schema::is_valid_name;
use crate::model::{AttrValue, AttributeDef, AttributeKind, Schema, Span, TargetLabels};

/// Where a relation type was first met, and the labels of its targets.
#[derive(Debug, Clone)]
struct Met {
    path: PathBuf,
    line: usize,
    targets: BTreeSet<String>,
}

/// The relation types an import meets, by source label and type name.
#[derive(Debug, Clone, Default)]
pub struct RelationTypes(BTreeMap<(String, String), Met>);

impl RelationTypes {
    /// Records a relation `name` from a span labelled `source` to one
    /// labelled `target`, read at `path`:`line` (the first place is kept).
    pub fn meet(&mut self, source: &str, name: &str, target: &str, path: &Path, line: usize) {
        let met = self
            .0
            .entry((source.to_owned(), name.to_owned()))
            .or_insert_with(|| Met {
                path: path.to_owned(),
                line,
                targets: BTreeSet::new(),
            });
        if (path, line) < (met.path.as_path(), met.line) {
            path.clone_into(&mut met.path);
            met.line = line;
        }
        met.targets.insert(target.to_owned());
    }

    /// Checks that `schema` has a reference attribute for every type met,
    /// named after the type, on its source label. With `extend`, each
    /// missing one is added as a `many: true` reference to the labels its
    /// targets have (in schema order); without, the missing ones are an
    /// error naming them all and the first place one was met. A type
    /// whose name the label already uses for another kind of attribute is
    /// an error either way. Returns the added attributes as `LABEL.NAME`.
    pub fn resolve(&self, schema: &mut Schema, extend: bool) -> Result<Vec<String>, FileError> {
        let mut missing: Vec<(&(String, String), &Met)> = Vec::new();
        for (key @ (label, name), met) in &self.0 {
            if reference_attribute(schema, label, name).is_some() {
                continue;
            }
            let at = |message: String| FileError::at(&met.path, met.line, None, message);
            if schema
                .label(label)
                .and_then(|l| l.attribute(name))
                .is_some()
            {
                return Err(at(format!(
                    "relation {name}: label {label} has an attribute {name} that is not a span reference, so it cannot hold the relation"
                )));
            }
            if !is_valid_name(name) {
                return Err(at(format!(
                    "relation type {name:?} cannot be used as an attribute name (letters, digits, '_', '-', ':')"
                )));
            }
            missing.push((key, met));
        }
        let Some(&(_, first)) = missing.iter().min_by_key(|(_, m)| (&m.path, m.line)) else {
            return Ok(Vec::new());
        };
        if !extend {
            let names: Vec<String> = missing
                .iter()
                .map(|((label, name), _)| format!("{name} (from {label})"))
                .collect();
            return Err(FileError::at(
                &first.path,
                first.line,
                None,
                format!(
                    "relation types the schema has no span reference for: {} (add them to the schema as span references of those labels, or pass --extend-schema)",
                    names.join(", ")
                ),
            ));
        }
        let mut added = Vec::with_capacity(missing.len());
        for ((label, name), met) in missing {
            let order: HashMap<&str, usize> = schema
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| (l.name.as_str(), i))
                .collect();
            let mut targets: Vec<String> = met.targets.iter().cloned().collect();
            targets.sort_by_key(|t| order.get(t.as_str()).copied());
            let Some(def) = schema.labels.iter_mut().find(|l| l.name == *label) else {
                continue;
            };
            def.attributes.push(AttributeDef {
                name: name.clone(),
                kind: AttributeKind::SpanRef(TargetLabels(targets)),
                required: false,
                many: true,
            });
            added.push(format!("{label}.{name}"));
        }
        Ok(added)
    }
}

/// Adds the span `target` to `span`'s reference attribute `name`, which
/// holds a list when `many`: a target already there is not added twice;
/// a second, different target of a single reference is an error (the
/// message names the span and both targets), since which one to keep
/// cannot be known.
pub fn add_target(span: &mut Span, name: &str, many: bool, target: &str) -> Result<(), String> {
    match span.attrs.get_mut(name) {
        None => {
            let value = if many {
                AttrValue::Many(vec![target.to_owned()])
            } else {
                AttrValue::One(target.to_owned())
            };
            span.attrs.insert(name.to_owned(), value);
        }
        Some(value) if value.names(target) => {}
        Some(AttrValue::Many(ids)) if many => ids.push(target.to_owned()),
        Some(value) if many => {
            *value = AttrValue::Many(value.ids().chain([target]).map(str::to_owned).collect());
        }
        Some(value) => {
            return Err(format!(
                "span {} already has {name} = {value}, and {name} takes one span (declare it `many: true` in the schema for several)",
                span.id
            ));
        }
    }
    Ok(())
}

/// Puts every list of a reference attribute of `spans` (one layer) in
/// text order ([`sort_targets`]).
pub fn sort_lists(schema: &Schema, spans: &mut [Span]) {
    let mut lists: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        for (name, value) in &span.attrs {
            if let AttrValue::Many(ids) = value
                && reference_attribute(schema, &span.label, name).is_some()
            {
                lists.push((i, name.clone(), ids.clone()));
            }
        }
    }
    if lists.is_empty() {
        return;
    }
    let by_id: HashMap<&str, usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut sorted = Vec::with_capacity(lists.len());
    for (i, name, mut ids) in lists {
        sort_targets(&mut ids, |id| by_id.get(id).map(|&k| &spans[k]));
        sorted.push((i, name, ids));
    }
    for (i, name, ids) in sorted {
        spans[i].attrs.insert(name, AttrValue::Many(ids));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanId;

    fn schema() -> Schema {
        Schema::builtin()
    }

    #[test]
    fn missing_types_are_named_or_added_as_many_references_to_their_targets() {
        let mut types = RelationTypes::default();
        let path = Path::new("in.jsonl");
        types.meet("claim", "mentions", "date", path, 3);
        types.meet("claim", "mentions", "actor", path, 2);
        types.meet("claim", "speaker", "actor", path, 1);
        let mut plain = schema();
        let err = types.resolve(&mut plain, false).expect_err("unknown type");
        assert_eq!(
            err.to_string(),
            "in.jsonl:2: relation types the schema has no span reference for: mentions (from claim) (add them to the schema as span references of those labels, or pass --extend-schema)"
        );
        assert_eq!(plain, schema());
        let mut grown = schema();
        let added = types.resolve(&mut grown, true).expect("extends");
        assert_eq!(added, ["claim.mentions"]);
        let def = grown
            .label("claim")
            .and_then(|l| l.attribute("mentions"))
            .expect("added");
        assert!(def.many && !def.required);
        assert_eq!(
            def.kind,
            AttributeKind::SpanRef(TargetLabels(vec!["actor".into(), "date".into()]))
        );
        assert!(grown.problems().is_empty());
    }

    #[test]
    fn a_type_named_like_another_kind_of_attribute_is_an_error() {
        let mut types = RelationTypes::default();
        types.meet("actor", "kind", "actor", Path::new("a.ann"), 4);
        let err = types.resolve(&mut schema(), true).expect_err("enum");
        assert!(
            err.to_string().starts_with("a.ann:4: relation kind"),
            "{err}"
        );
    }

    #[test]
    fn targets_accumulate_in_lists_and_a_single_reference_takes_one() {
        let mut span = Span::new(SpanId::from("T1"), 0, 1, "claim");
        add_target(&mut span, "by", true, "T3").expect("first");
        add_target(&mut span, "by", true, "T2").expect("second");
        add_target(&mut span, "by", true, "T3").expect("again");
        assert_eq!(
            span.attrs.get("by"),
            Some(&AttrValue::Many(vec!["T3".into(), "T2".into()]))
        );
        add_target(&mut span, "speaker", false, "T2").expect("one");
        add_target(&mut span, "speaker", false, "T2").expect("same");
        let err = add_target(&mut span, "speaker", false, "T3").expect_err("two");
        assert!(err.contains("span T1 already has speaker = T2"), "{err}");
    }

    #[test]
    fn lists_are_put_in_text_order() {
        let mut schema = schema();
        schema.labels[2].attributes[0].many = true;
        let mut spans = vec![
            Span::new(SpanId::from("T1"), 0, 3, "actor"),
            Span::new(SpanId::from("T2"), 4, 8, "actor"),
            Span::new(SpanId::from("T3"), 9, 12, "claim"),
        ];
        spans[2].attrs.insert(
            "speaker".into(),
            AttrValue::Many(vec!["T2".into(), "T1".into()]),
        );
        sort_lists(&schema, &mut spans);
        assert_eq!(
            spans[2].attrs.get("speaker"),
            Some(&AttrValue::Many(vec!["T1".into(), "T2".into()]))
        );
    }
}
