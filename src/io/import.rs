//! Applying JSONL records to a project: new documents are added, known ones
//! must carry the same text, and each record's spans replace that
//! annotator's layer. All-or-nothing: the caller's project is only replaced
//! when every record is valid.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use super::error::FileError;
use super::jsonl::{Record, RecordRelation};
use super::relations::{RelationTypes, add_target, sort_lists};
use super::text_docs::title_and_meta;
use crate::model::layer::is_valid_annotator;
use crate::model::links::reference_attribute;
use crate::model::offsets::{CharIndex, char_len};
use crate::model::schema::is_valid_name;
use crate::model::validate::{layer_problems, missing_required};
use crate::model::{
    AttributeDef, AttributeKind, DocId, Document, Layer, Place, Problem, Project, Schema, Span,
    SpanId, Status, TargetLabels,
};

/// How to apply records.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Layer name for every record (else each record's own `annotator`).
    pub annotator: Option<String>,
    /// Add labels the schema lacks as plain labels instead of failing.
    pub extend_schema: bool,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Documents added to the project.
    pub documents_added: usize,
    /// Layers written (new or replaced).
    pub layers: usize,
    /// Spans in those layers.
    pub spans: usize,
    /// Labels added to the schema.
    pub labels_added: Vec<String>,
    /// Span-reference attributes added to the schema for relation types
    /// (`--extend-schema`), as `LABEL.NAME`.
    pub references_added: Vec<String>,
    /// The layers written, as (document, annotator).
    pub layers_written: Vec<(DocId, String)>,
    /// What the input held that the project cannot, each once, for the
    /// user's standard error.
    pub notes: Vec<String>,
}

/// The warning `import` gives when imported spans lack a required
/// attribute (work in progress may, but a finished dataset should not):
/// how many spans, and the first document, span and attribute.
pub fn missing_required_warning(project: &Project, summary: &ImportSummary) -> Option<String> {
    let written: HashSet<(&DocId, &str)> = summary
        .layers_written
        .iter()
        .map(|(doc, annotator)| (doc, annotator.as_str()))
        .collect();
    let missing: Vec<Problem> = missing_required(project)
        .into_iter()
        .filter(|p| match &p.place {
            Place::Span { doc, annotator, .. } => written.contains(&(doc, annotator.as_str())),
            _ => false,
        })
        .collect();
    let first = missing.first()?;
    let mut count = 0;
    let mut last = None;
    for problem in &missing {
        if last != Some(&problem.place) {
            count += 1;
        }
        last = Some(&problem.place);
    }
    Some(format!(
        "warning: {count} imported span{} lack{} a required attribute; the first: {}",
        if count == 1 { "" } else { "s" },
        if count == 1 { "s" } else { "" },
        first.message
    ))
}

/// Applies `records` (read from `path`) to a copy of `project` and returns
/// it; `project` itself is untouched, so a failure changes nothing. A line
/// without an id goes to the document with its text, else adds one (see
/// [`Record::id`]); every line gives its annotator a layer, empty when
/// it has no spans; Prodigy lines answered `reject` or `ignore` are
/// skipped, and a note says how many.
pub fn apply_records(
    project: &Project,
    records: &[Record],
    options: &ImportOptions,
    path: &Path,
) -> Result<(Project, ImportSummary), FileError> {
    apply(project, records, options.extend_schema, path, |record| {
        options
            .annotator
            .clone()
            .or_else(|| record.annotator.clone())
    })
}

/// The layer name `validate` gives a line that names no annotator (import
/// would take `--annotator`'s).
const VALIDATE_ANNOTATOR: &str = "--annotator";

/// What `validate` says of JSONL records: the verdict of `import PROJECT
/// FILE` when the project is given, else of importing them with
/// `--extend-schema` into an empty project (as `new --docs FILE` does)
/// whose schema holds every attribute they use (as text attributes, since
/// no schema says more, and lists as `many` references to any label) and
/// the relation types they use; `--annotator` is taken as given for lines
/// that name no annotator.
pub fn check_records(
    records: &[Record],
    path: &Path,
    project: Option<&Project>,
) -> Result<ImportSummary, FileError> {
    let annotator_of = |record: &Record| {
        Some(
            record
                .annotator
                .clone()
                .unwrap_or_else(|| VALIDATE_ANNOTATOR.to_owned()),
        )
    };
    if let Some(project) = project {
        return apply(project, records, false, path, annotator_of).map(|(_, summary)| summary);
    }
    let mut schema = Schema {
        name: "validate".to_owned(),
        labels: Vec::new(),
    };
    let spans = || records.iter().filter_map(|r| r.spans.as_ref()).flatten();
    for span in spans() {
        if schema.label(&span.label).is_none() && is_valid_name(&span.label) {
            schema.add_plain_label(&span.label);
        }
    }
    let every_label = TargetLabels(schema.labels.iter().map(|l| l.name.clone()).collect());
    for span in spans() {
        if let Some(label) = schema.labels.iter_mut().find(|l| l.name == span.label) {
            for (name, value) in &span.attrs {
                if value.is_many() {
                    label.attributes.retain(|a| a.name != *name || a.many);
                }
                if label.attribute(name).is_none() {
                    // A list can only be the targets of a span reference.
                    let kind = if value.is_many() {
                        AttributeKind::SpanRef(every_label.clone())
                    } else {
                        AttributeKind::Text
                    };
                    label.attributes.push(AttributeDef {
                        name: name.clone(),
                        kind,
                        required: false,
                        many: value.is_many(),
                    });
                }
            }
        }
    }
    let empty = Project::new(schema);
    apply(&empty, records, true, path, annotator_of).map(|(_, summary)| summary)
}

/// [`apply_records`] with the layer name of each record given by
/// `annotator_of`.
fn apply(
    project: &Project,
    records: &[Record],
    extend_schema: bool,
    path: &Path,
    annotator_of: impl Fn(&Record) -> Option<String>,
) -> Result<(Project, ImportSummary), FileError> {
    let mut project = project.clone();
    let labels_added = resolve_labels(&mut project, records, extend_schema, path)?;
    let mut summary = ImportSummary {
        labels_added,
        references_added: relation_types(records, path)
            .resolve(&mut project.schema, extend_schema)?,
        ..ImportSummary::default()
    };
    let mut written: HashSet<(String, String)> = HashSet::new();
    let mut rejected = 0;
    for record in records {
        if record.rejected {
            rejected += 1;
            continue;
        }
        let fail = |message: String| FileError::at(path, record.line, None, message);
        let by_text = || {
            project
                .documents
                .iter()
                .position(|d| Some(&d.text) == record.text.as_ref())
        };
        let existing = (!record.has_id).then(by_text).flatten().or_else(|| {
            project
                .documents
                .iter()
                .position(|d| d.id.as_str() == record.id)
        });
        let doc_index = if let Some(index) = existing {
            if record
                .text
                .as_ref()
                .is_some_and(|t| t != &project.documents[index].text)
            {
                return Err(fail(format!(
                    "document {:?} is already in the project with a different text",
                    record.id
                )));
            }
            index
        } else {
            project.documents.push(new_document(record).map_err(fail)?);
            summary.documents_added += 1;
            project.documents.len() - 1
        };
        let Some(annotator) = annotator_of(record) else {
            if record.spans.is_some() {
                return Err(fail(
                    "the line has spans but no \"annotator\"; pass --annotator NAME".into(),
                ));
            }
            continue;
        };
        if !is_valid_annotator(&annotator) {
            return Err(fail(format!("annotator name {annotator:?} is not valid")));
        }
        let doc = &mut project.documents[doc_index];
        if !written.insert((doc.id.as_str().to_owned(), annotator.clone())) {
            return Err(fail(format!(
                "document {:?} already has a line for annotator {annotator:?} in this file",
                doc.id.as_str()
            )));
        }
        let layer = build_layer(&project.schema, &doc.text, record).map_err(fail)?;
        if let Some(problem) = layer_problems(
            &project.schema,
            &doc.id,
            &annotator,
            char_len(&doc.text),
            &layer,
        )
        .first()
        {
            return Err(fail(format!(
                "document {:?}: {}",
                doc.id.as_str(),
                problem.message
            )));
        }
        summary.layers += 1;
        summary.spans += layer.spans.len();
        summary
            .layers_written
            .push((doc.id.clone(), annotator.clone()));
        doc.layers.insert(annotator, layer);
    }
    if rejected > 0 {
        summary.notes.push(format!(
            "skipped {rejected} line{} answered \"reject\" or \"ignore\" (Prodigy)",
            if rejected == 1 { "" } else { "s" }
        ));
    }
    Ok((project, summary))
}

/// The relation types of the records that are imported.
fn relation_types(records: &[Record], path: &Path) -> RelationTypes {
    let mut types = RelationTypes::default();
    for record in records.iter().filter(|r| !r.rejected) {
        let spans = record.spans.as_deref().unwrap_or_default();
        for relation in record.relations.iter().flatten() {
            types.meet(
                &spans[relation.source].label,
                &relation.name,
                &spans[relation.target].label,
                path,
                record.line,
            );
        }
    }
    types
}

/// Checks that every label used is in the schema; with `extend` adds the
/// missing ones, else fails naming them all.
fn resolve_labels(
    project: &mut Project,
    records: &[Record],
    extend: bool,
    path: &Path,
) -> Result<Vec<String>, FileError> {
    let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
    for record in records {
        for span in record.spans.iter().flatten() {
            if project.schema.label(&span.label).is_none() {
                unknown.entry(&span.label).or_insert(record.line);
            }
        }
    }
    if unknown.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = unknown.keys().map(|s| (*s).to_owned()).collect();
    if !extend {
        let line = unknown.values().min().copied().unwrap_or(1);
        return Err(FileError::at(
            path,
            line,
            None,
            format!(
                "labels not in the project's schema: {} (add them to the schema, or pass --extend-schema)",
                names.join(", ")
            ),
        ));
    }
    for name in &names {
        if !is_valid_name(name) {
            return Err(FileError::at(
                path,
                unknown[name.as_str()],
                None,
                format!("{name:?} cannot be used as a label name"),
            ));
        }
        project.schema.add_plain_label(name);
    }
    Ok(names)
}

fn new_document(record: &Record) -> Result<Document, String> {
    let Some(text) = &record.text else {
        return Err(format!(
            "document {:?} is not in the project, so the line needs its \"text\"",
            record.id
        ));
    };
    let (derived_title, derived_meta) = title_and_meta(text);
    let meta = if record.meta.is_empty() {
        derived_meta
    } else {
        record.meta.clone()
    };
    let title = record.title.clone().unwrap_or(derived_title);
    Ok(Document::new(
        DocId(record.id.clone()),
        title,
        meta,
        text.clone(),
    ))
}

/// The layer a record makes: its spans in canonical order, with ids (the
/// given ones, else the next free `T` numbers), and lists in text order;
/// when the line has `relations`, they alone give the span references
/// (each set on its source span's attribute named after its type).
fn build_layer(schema: &Schema, text: &str, record: &Record) -> Result<Layer, String> {
    let spans = record.spans.as_deref().unwrap_or_default();
    let given: BTreeSet<&str> = spans.iter().filter_map(|s| s.id.as_deref()).collect();
    let mut next = given
        .iter()
        .filter_map(|id| SpanId::from(*id).number())
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(spans.len());
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].start, spans[i].end, spans[i].label.as_str()));
    // Where each record span went in `out`.
    let mut placed = vec![0; spans.len()];
    let chars = spans
        .iter()
        .any(|s| s.text.is_some())
        .then(|| CharIndex::new(text));
    for i in order {
        let span = &spans[i];
        if let (Some(_), Some(chars)) = (&span.text, &chars) {
            span.check_covered_text(text, chars)?;
        }
        let id = if let Some(id) = &span.id {
            SpanId(id.clone())
        } else {
            next += 1;
            SpanId::numbered(next)
        };
        placed[i] = out.len();
        out.push(Span {
            id,
            start: span.start,
            end: span.end,
            label: span.label.clone(),
            attrs: span.attrs.clone().into(),
        });
    }
    if let Some(relations) = &record.relations {
        // The line's relations are its links: a Prodigy task edited in
        // `rel.manual` may have lost one that its spans' attrs still hold.
        for span in &mut out {
            let label = span.label.clone();
            span.attrs
                .retain(|name, _| reference_attribute(schema, &label, name).is_none());
        }
        set_relations(schema, relations, &placed, &mut out)?;
    }
    sort_lists(schema, &mut out);
    let status = record.status.unwrap_or(if out.is_empty() {
        Status::New
    } else {
        Status::InProgress
    });
    Ok(Layer::with_spans(status, out))
}

/// Sets each relation on its source span's reference attribute; `placed`
/// gives where each record span went in `spans`.
fn set_relations(
    schema: &Schema,
    relations: &[RecordRelation],
    placed: &[usize],
    spans: &mut [Span],
) -> Result<(), String> {
    for relation in relations {
        let (source, target) = (placed[relation.source], placed[relation.target]);
        let name = relation.name.as_str();
        let many = schema
            .label(&spans[source].label)
            .and_then(|l| l.attribute(name))
            .is_some_and(|a| a.many);
        let target_id = spans[target].id.as_str().to_owned();
        add_target(&mut spans[source], name, many, &target_id)
            .map_err(|why| format!("relation {}: {why}", relation.number))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::jsonl::parse_jsonl;
    use crate::model::AttrValue;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    fn empty_project() -> Project {
        Project::new(ron::from_str(DEFAULT_SCHEMA_RON).expect("schema"))
    }

    fn import(
        project: &Project,
        source: &str,
        options: &ImportOptions,
    ) -> Result<(Project, ImportSummary), FileError> {
        let path = Path::new("in.jsonl");
        apply_records(project, &parse_jsonl(source, path)?, options, path)
    }

    #[test]
    fn unknown_labels_are_all_named_unless_the_schema_may_grow() {
        let source = "{\"id\": \"d\", \"text\": \"ab cd ef\", \"label\": [[0, 2, \"place\"], [3, 5, \"org\"], [6, 8, \"actor\"]]}";
        let options = ImportOptions {
            annotator: Some("bob".into()),
            extend_schema: false,
        };
        let err = import(&empty_project(), source, &options).expect_err("unknown labels");
        assert!(err.message.contains("org, place"), "{err}");
        let grow = ImportOptions {
            extend_schema: true,
            ..options
        };
        let (project, summary) = import(&empty_project(), source, &grow).expect("extends");
        assert_eq!(summary.labels_added, ["org", "place"]);
        assert_eq!(summary.spans, 3);
        let layer = &project.documents[0].layers["bob"];
        let ids: Vec<&str> = layer.spans.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["T1", "T2", "T3"]);
    }

    #[test]
    fn covered_text_must_match_in_code_points() {
        let ok = "{\"id\": \"d\", \"text\": \"\u{1F469}\u{200D}\u{1F4BB} Zoe\u{308}\", \"annotator\": \"a\", \"spans\": [{\"start\": 4, \"end\": 8, \"label\": \"actor\", \"text\": \"Zoe\u{308}\", \"attrs\": {\"kind\": \"person\"}}]}";
        let (project, _) =
            import(&empty_project(), ok, &ImportOptions::default()).expect("matches");
        assert_eq!(project.documents[0].layers["a"].spans[0].end, 8);
        let bad = ok.replace("\"start\": 4, \"end\": 8", "\"start\": 3, \"end\": 7");
        let err = import(&empty_project(), &bad, &ImportOptions::default()).expect_err("mismatch");
        assert!(err.message.contains("but the document has"), "{err}");
    }

    #[test]
    fn a_bad_line_in_the_middle_fails_everything_with_its_line() {
        let source = [
            "{\"id\": \"a\", \"text\": \"xx\"}",
            "{\"id\": \"b\", \"text\": \"yy\", \"annotator\": \"z\", \"spans\": [{\"start\": 0, \"end\": 1, \"label\": \"stance\", \"attrs\": {\"polarity\": \"maybe\"}}]}",
            "{\"id\": \"c\", \"text\": \"zz\"}",
        ]
        .join("\n");
        let project = empty_project();
        let err = import(&project, &source, &ImportOptions::default()).expect_err("bad enum");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("polarity = \"maybe\""), "{err}");
        assert!(project.documents.is_empty());
    }

    #[test]
    fn known_documents_must_keep_their_text() {
        let (project, _) = import(
            &empty_project(),
            "{\"id\": \"a\", \"text\": \"xx\"}",
            &ImportOptions::default(),
        )
        .expect("adds");
        let err = import(
            &project,
            "{\"id\": \"a\", \"text\": \"xy\"}",
            &ImportOptions::default(),
        )
        .expect_err("changed");
        assert!(err.message.contains("different text"));
        let err =
            import(&project, "{\"id\": \"new\"}", &ImportOptions::default()).expect_err("no text");
        assert!(err.message.contains("needs its \"text\""));
    }

    /// doccano's own relation example (`backend/data_import/pipeline/examples`).
    const DOCCANO_EXAMPLE: &str = r#"{"text":"Google was founded on September 4, 1998, by Larry Page and Sergey Brin.","entities":[{"id":0,"start_offset":0,"end_offset":6,"label":"ORG"},{"id":1,"start_offset":22,"end_offset":39,"label":"DATE"},{"id":2,"start_offset":44,"end_offset":54,"label":"PERSON"},{"id":3,"start_offset":59,"end_offset":70,"label":"PERSON"}],"relations":[{"from_id":0,"to_id":1,"type":"foundedAt"},{"from_id":0,"to_id":3,"type":"foundedBy"},{"from_id":0,"to_id":2,"type":"foundedBy"}]}"#;

    #[test]
    fn doccano_relations_become_many_references_when_the_schema_may_grow() {
        let options = ImportOptions {
            annotator: Some("dc".into()),
            extend_schema: false,
        };
        let err = import(&empty_project(), DOCCANO_EXAMPLE, &options).expect_err("labels");
        assert!(err.message.contains("DATE, ORG, PERSON"), "{err}");
        let grow = ImportOptions {
            extend_schema: true,
            ..options
        };
        let (project, summary) = import(&empty_project(), DOCCANO_EXAMPLE, &grow).expect("grows");
        assert_eq!(summary.references_added, ["ORG.foundedAt", "ORG.foundedBy"]);
        let org = project.schema.label("ORG").expect("ORG");
        let founded_by = org.attribute("foundedBy").expect("added");
        assert!(founded_by.many);
        assert_eq!(
            founded_by.kind,
            AttributeKind::SpanRef(TargetLabels::one("PERSON"))
        );
        let google = &project.documents[0].layers["dc"].spans[0];
        assert_eq!(google.id.as_str(), "0");
        assert_eq!(
            google.attrs.get("foundedBy"),
            Some(&AttrValue::Many(vec!["2".into(), "3".into()]))
        );
        assert_eq!(
            google.attrs.get("foundedAt"),
            Some(&AttrValue::Many(vec!["1".into()]))
        );
        assert!(crate::model::validate::project_problems(&project).is_empty());
    }

    #[test]
    fn relation_types_without_a_reference_and_two_targets_of_one_are_errors() {
        let text = "Putin said \u{201C}no\u{201D} \u{1F600} and Zoe\u{308}\r\nagreed";
        let line = |relations: &str| {
            format!(
                "{{\"id\": \"d\", \"text\": {}, \"entities\": [{{\"id\": 1, \"start_offset\": 0, \"end_offset\": 5, \"label\": \"actor\"}}, {{\"id\": 2, \"start_offset\": 6, \"end_offset\": 15, \"label\": \"claim\"}}, {{\"id\": 3, \"start_offset\": 22, \"end_offset\": 26, \"label\": \"actor\"}}], \"relations\": [{relations}]}}",
                serde_json::to_string(text).expect("JSON string")
            )
        };
        let options = ImportOptions {
            annotator: Some("a".into()),
            extend_schema: false,
        };
        let ok = line(r#"{"from_id": 2, "to_id": 3, "type": "speaker"}"#);
        let (project, _) = import(&empty_project(), &ok, &options).expect("speaker");
        let spans = &project.documents[0].layers["a"].spans;
        assert_eq!(spans[1].attrs.str("speaker"), Some("3"));
        assert_eq!(
            crate::model::offsets::slice_chars(text, spans[2].start, spans[2].end),
            Some("Zoe\u{308}")
        );
        let source = format!(
            "{{\"id\": \"x\", \"text\": \"x\"}}\n{}",
            line(r#"{"from_id": 2, "to_id": 1, "type": "quotes"}"#)
        );
        let err = import(&empty_project(), &source, &options).expect_err("unknown type");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("quotes (from claim)"), "{err}");
        let two = line(
            r#"{"from_id": 2, "to_id": 3, "type": "speaker"}, {"from_id": 2, "to_id": 1, "type": "speaker"}"#,
        );
        let err = import(&empty_project(), &two, &options).expect_err("two speakers");
        assert!(
            err.message
                .contains("relation 2: span 2 already has speaker = 3"),
            "{err}"
        );
        let grow = ImportOptions {
            extend_schema: true,
            ..options.clone()
        };
        assert!(import(&empty_project(), &two, &grow).is_err());
        let dangling = line(r#"{"from_id": 2, "to_id": 9, "type": "speaker"}"#);
        let err = import(&empty_project(), &dangling, &options).expect_err("no entity 9");
        assert!(
            err.message
                .contains("relation 1: \"to_id\" is 9, but no entity of the line has that id"),
            "{err}"
        );
    }

    #[test]
    fn a_line_without_text_sets_lists_of_targets_in_text_order() {
        let mut schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        schema.labels[2].attributes[0].many = true;
        let (project, _) = import(
            &Project::new(schema),
            "{\"id\": \"d\", \"text\": \"\u{1F600} Bo and Zoe\u{308}\\r\\nsaid\"}",
            &ImportOptions::default(),
        )
        .expect("adds");
        let line = "{\"id\": \"d\", \"annotator\": \"a\", \"spans\": [{\"id\": \"c\", \"start\": 15, \"end\": 19, \"label\": \"claim\", \"text\": \"said\", \"attrs\": {\"speaker\": [\"z\", \"b\"]}}, {\"id\": \"z\", \"start\": 9, \"end\": 13, \"label\": \"actor\"}, {\"id\": \"b\", \"start\": 2, \"end\": 4, \"label\": \"actor\", \"text\": \"Bo\"}]}";
        let (project, _) = import(&project, line, &ImportOptions::default()).expect("imports");
        let claim = &project.documents[0].layers["a"].spans[2];
        assert_eq!(
            claim.attrs.get("speaker"),
            Some(&AttrValue::Many(vec!["b".into(), "z".into()]))
        );
    }

    #[test]
    fn a_line_with_relations_takes_its_links_from_them_alone() {
        let line = |relations: &str| {
            format!(
                "{{\"id\": \"d\", \"text\": \"Bo said no\", \"annotator\": \"a\", \"spans\": [{{\"id\": \"T1\", \"start\": 0, \"end\": 2, \"label\": \"actor\", \"attrs\": {{\"kind\": \"person\"}}}}, {{\"id\": \"T2\", \"start\": 3, \"end\": 10, \"label\": \"claim\", \"attrs\": {{\"speaker\": \"T1\"}}}}]{relations}}}"
            )
        };
        let claim_of = |source: &str| {
            let (project, _) =
                import(&empty_project(), source, &ImportOptions::default()).expect("imports");
            project.documents[0].layers["a"].spans[1].clone()
        };
        assert_eq!(claim_of(&line("")).attrs.str("speaker"), Some("T1"));
        let cut = claim_of(&line(", \"relations\": []"));
        assert_eq!(cut.attrs.get("speaker"), None);
        let kept = claim_of(&line(
            ", \"relations\": [{\"head\": 2, \"child\": 0, \"head_span\": {\"start\": 3, \"end\": 10}, \"child_span\": {\"start\": 0, \"end\": 2}, \"label\": \"speaker\"}]",
        ));
        assert_eq!(kept.attrs.str("speaker"), Some("T1"));
    }
}
