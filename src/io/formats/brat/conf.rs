//! `annotation.conf`: reading the parts of brat's type configuration that
//! a schema can hold (entity types, binary relations between entities,
//! entity attributes), and writing one for a schema.

use std::fmt::Write;
use std::path::Path;

use crate::io::FileError;
use crate::model::{AttributeDef, AttributeKind, Schema, TargetLabels};

/// What an `annotation.conf` declares, as far as Marginalia uses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BratConf {
    /// Entity types, in file order.
    pub entities: Vec<String>,
    /// Relations: name, the first argument's types, the second's.
    pub relations: Vec<(String, Vec<String>, Vec<String>)>,
    /// Attributes: name, the types they attach to (`<ENTITY>` for all),
    /// and their values (`None` for a binary attribute).
    pub attributes: Vec<(String, Vec<String>, Option<Vec<String>>)>,
}

/// The values a binary brat attribute has as a Marginalia enum.
pub const BINARY_VALUES: [&str; 1] = ["true"];

/// How many bytes macro expansion may add to an `annotation.conf`, beyond
/// its own size: real files grow a little, while macros that use another
/// macro twice double at each step (24 of them would make gigabytes).
const EXPANSION_BUDGET: usize = 4 << 20;

/// Reads an `annotation.conf` (from `path`), leniently: lines Marginalia
/// has no use for (events, display separators, special relations) are
/// passed over. Macros (`<POG>=Person|Organization`) are expanded as brat
/// does, in the order they are defined; expansion past
/// [`EXPANSION_BUDGET`] is an error naming the line.
pub fn parse_conf(source: &str, path: &Path) -> Result<BratConf, FileError> {
    let mut conf = BratConf::default();
    let mut section = String::new();
    let mut macros: Vec<(String, String)> = Vec::new();
    let mut budget = source.len() + EXPANSION_BUDGET;
    for (index, raw) in source.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.chars().all(|c| c == '-') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            name.trim().clone_into(&mut section);
            macros.clear();
            continue;
        }
        if let Some((name, value)) = trimmed
            .split_once('=')
            .filter(|(n, _)| n.starts_with('<') && n.ends_with('>') && !n.contains(' '))
        {
            macros.push((name.to_owned(), value.trim().to_owned()));
            continue;
        }
        let mut line = trimmed.to_owned();
        for (name, value) in &macros {
            if line.contains(name.as_str()) {
                line = line.replace(name, value);
                if line.len() > budget {
                    return Err(FileError::at(
                        path,
                        index + 1,
                        None,
                        format!(
                            "the macros expand this line past {} MiB (a macro that uses another twice doubles it); nothing was imported",
                            EXPANSION_BUDGET >> 20
                        ),
                    ));
                }
            }
        }
        budget -= line.len();
        let (terms, args) = match line.split_once(char::is_whitespace) {
            Some((terms, args)) => (terms, args.trim()),
            None => (line.as_str(), ""),
        };
        let Some(name) = terms
            .trim_start_matches('!')
            .split('|')
            .map(str::trim)
            .find(|t| !t.is_empty())
        else {
            continue;
        };
        if name.starts_with('<') {
            continue;
        }
        let args: Vec<(&str, Vec<String>)> = args
            .split(',')
            .filter_map(|arg| arg.trim().split_once(':'))
            .map(|(key, types)| {
                (
                    key.trim(),
                    types
                        .split('|')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                )
            })
            .collect();
        match section.as_str() {
            "entities" if !terms.starts_with('!') => conf.entities.push(name.to_owned()),
            "relations" => {
                let mut roles = args.iter().filter(|(key, _)| !key.starts_with('<'));
                if let (Some((_, from)), Some((_, to))) = (roles.next(), roles.next()) {
                    conf.relations
                        .push((name.to_owned(), from.clone(), to.clone()));
                }
            }
            "attributes" => {
                let find = |wanted: &str| {
                    args.iter()
                        .find(|(key, _)| *key == wanted)
                        .map(|(_, v)| v.clone())
                };
                if let Some(targets) = find("Arg") {
                    conf.attributes
                        .push((name.to_owned(), targets, find("Value")));
                }
            }
            _ => {}
        }
    }
    Ok(conf)
}

impl BratConf {
    /// The attributes a label called `label` gets from this configuration
    /// when `--extend-schema` adds it: the entity attributes that attach to
    /// it (binary ones as the enum `true`), and the relations leaving it,
    /// as `many: true` span references (brat lets a span have any number
    /// of relations of a type) to the types of their second argument that
    /// `is_label` accepts (`SpanRef([...])` for several). Names are taken
    /// once, attributes first; none is required.
    pub fn attributes_for(
        &self,
        label: &str,
        is_label: impl Fn(&str) -> bool,
    ) -> Vec<AttributeDef> {
        let applies = |types: &[String]| types.iter().any(|t| t == label || t == "<ENTITY>");
        let mut out: Vec<AttributeDef> = Vec::new();
        let attribute = |name: &str, kind, many| AttributeDef {
            name: name.to_owned(),
            kind,
            required: false,
            many,
        };
        for (name, targets, values) in &self.attributes {
            if applies(targets) && !out.iter().any(|a| a.name == *name) {
                let values = values
                    .clone()
                    .unwrap_or_else(|| BINARY_VALUES.iter().map(|v| (*v).to_owned()).collect());
                out.push(attribute(name, AttributeKind::Enum(values), false));
            }
        }
        for (name, from, to) in &self.relations {
            let mut targets: Vec<String> = Vec::new();
            for target in to.iter().filter(|t| is_label(t)) {
                if !targets.contains(target) {
                    targets.push(target.clone());
                }
            }
            if !targets.is_empty() && applies(from) && !out.iter().any(|a| a.name == *name) {
                out.push(attribute(
                    name,
                    AttributeKind::SpanRef(TargetLabels(targets)),
                    true,
                ));
            }
        }
        out
    }
}

/// An `annotation.conf` for `schema`: its labels as entities, its span
/// references as relations, its enum attributes as attributes (binary
/// when the only value is `true`), any overlap allowed as in Marginalia.
/// Names shared by several labels are declared once, for all of them.
pub fn conf_for(schema: &Schema) -> String {
    let mut relations: Vec<(&str, Vec<&str>, Vec<&str>)> = Vec::new();
    let mut attributes: Vec<(&str, Vec<&str>, Vec<&str>)> = Vec::new();
    for label in &schema.labels {
        for attr in &label.attributes {
            match &attr.kind {
                AttributeKind::SpanRef(target) => {
                    add_once(&mut relations, &attr.name, &label.name, target.iter());
                }
                AttributeKind::Enum(values) => add_once(
                    &mut attributes,
                    &attr.name,
                    &label.name,
                    values.iter().map(String::as_str),
                ),
                AttributeKind::Text => {}
            }
        }
    }
    let mut out = format!(
        "# Written by Marginalia for the schema {:?}.\n# Text attributes are AnnotatorNotes holding NAME=\"JSON string\".\n\n[entities]\n\n",
        schema.name
    );
    for label in &schema.labels {
        let _ = writeln!(out, "{}", label.name);
    }
    out.push_str("\n[relations]\n\n");
    for (name, from, to) in &relations {
        let _ = writeln!(
            out,
            "{name}\tArg1:{}, Arg2:{}",
            from.join("|"),
            to.join("|")
        );
    }
    out.push_str(
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n\n",
    );
    for (name, labels, values) in &attributes {
        let _ = write!(out, "{name}\tArg:{}", labels.join("|"));
        if values.as_slice() != BINARY_VALUES {
            let _ = write!(out, ", Value:{}", values.join("|"));
        }
        out.push('\n');
    }
    out
}

/// Adds `label` and `values` to the entry called `name`, or a new entry.
fn add_once<'a>(
    entries: &mut Vec<(&'a str, Vec<&'a str>, Vec<&'a str>)>,
    name: &'a str,
    label: &'a str,
    values: impl IntoIterator<Item = &'a str>,
) {
    let index = entries
        .iter()
        .position(|(n, _, _)| *n == name)
        .unwrap_or_else(|| {
            entries.push((name, Vec::new(), Vec::new()));
            entries.len() - 1
        });
    let (_, labels, known) = &mut entries[index];
    if !labels.contains(&label) {
        labels.push(label);
    }
    for value in values {
        if !known.contains(&value) {
            known.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::DEFAULT_SCHEMA_RON;

    #[test]
    fn reads_brats_tutorial_configuration() {
        let conf = parse_conf(
            "[entities]\nPerson\nOrganization\n!Abstract\n\tGPE\n[relations]\n<POG>=Person|Organization\nLocated            Arg1:Person, Arg2:GPE\nAlias   Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive\nOwns\tArg1:<POG>, Arg2:Organization\n<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n[events]\nDie  Person-Arg:Person\n[attributes]\nIndividual   Arg:<ENTITY>\nMention      Arg:<ENTITY>, Value:Name|Nominal|Other\nNegation     Arg:<EVENT>\n",
            Path::new("annotation.conf"),
        )
        .expect("reads");
        assert_eq!(conf.entities, ["Person", "Organization", "GPE"]);
        assert_eq!(conf.relations.len(), 3);
        assert_eq!(conf.relations[2].1, ["Person", "Organization"]);
        let attrs = conf.attributes_for("Person", |l| l == "Person" || l == "GPE");
        let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Individual", "Mention", "Located", "Alias"]);
        assert_eq!(attrs[0].kind, AttributeKind::Enum(vec!["true".into()]));
        assert!(!attrs[0].many);
        assert_eq!(attrs[2].kind, AttributeKind::SpanRef("GPE".into()));
        assert!(attrs[2].many);
        let owns = conf.attributes_for("Organization", |l| l != "GPE");
        assert_eq!(owns.len(), 3, "{owns:?}");
        assert_eq!(owns[2].name, "Owns");
        assert_eq!(owns[2].kind, AttributeKind::SpanRef("Organization".into()));
    }

    #[test]
    fn relations_to_several_types_become_references_to_several_labels() {
        let conf = parse_conf(
            "[entities]\nclaim\nactor\norg\n[relations]\nspeaker Arg1:claim, Arg2:actor|org|place\n",
            Path::new("annotation.conf"),
        )
        .expect("reads");
        let attrs = conf.attributes_for("claim", |l| l != "place");
        assert_eq!(
            attrs[0].kind,
            AttributeKind::SpanRef(TargetLabels(vec!["actor".into(), "org".into()]))
        );
        let mut schema = Schema::builtin();
        schema.labels[2].attributes[0].kind =
            AttributeKind::SpanRef(TargetLabels(vec!["actor".into(), "date".into()]));
        assert!(conf_for(&schema).contains("\nspeaker\tArg1:claim, Arg2:actor|date\n"));
    }

    #[test]
    fn the_default_schema_becomes_entities_relations_and_attributes() {
        let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("schema");
        let text = conf_for(&schema);
        assert!(
            text.contains("\nspeaker\tArg1:claim, Arg2:actor\n"),
            "{text}"
        );
        assert!(
            text.contains("\nholder\tArg1:stance, Arg2:actor\n"),
            "{text}"
        );
        assert!(
            text.contains("\nkind\tArg:actor, Value:person|organization|country|group\n"),
            "{text}"
        );
        let back = parse_conf(&text, Path::new("annotation.conf")).expect("reads");
        assert_eq!(back.entities, ["actor", "date", "claim", "stance"]);
        let kinds: Vec<(String, AttributeKind)> = back
            .attributes_for("stance", |_| true)
            .into_iter()
            .map(|a| (a.name, a.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "polarity".to_owned(),
                    AttributeKind::Enum(vec!["support".into(), "oppose".into(), "neutral".into()])
                ),
                ("holder".to_owned(), AttributeKind::SpanRef("actor".into())),
            ]
        );
    }

    #[test]
    fn chained_macros_that_double_at_each_step_are_refused_naming_the_line() {
        let mut source = String::from("[entities]\n");
        for n in (1..=24).rev() {
            let _ = writeln!(source, "<M{n}>=<M{}>|<M{}>", n - 1, n - 1);
        }
        source.push_str("<M0>=Person\n<M24>\n");
        assert!(source.len() < 450, "{}", source.len());
        let err = parse_conf(&source, Path::new("annotation.conf")).expect_err("bounded");
        assert!(
            err.to_string()
                .starts_with("annotation.conf:27: the macros expand this line past 4 MiB"),
            "{err}"
        );
    }
}
