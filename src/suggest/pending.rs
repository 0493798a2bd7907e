//! The suggestions an annotator still has to decide on in one document,
//! and the edits that accept or reject them.
//!
//! A document's suggestions are the spans of its `model:` layers (a
//! model's predictions, or a saved `marginalia suggest` run) together with
//! what the live string memory and the date finder offer now, as
//! [`offered`] next to the annotator's layer: a suggestion is pending until
//! that layer has a span with its extent or a span of its label overlapping
//! it, or until it is rejected; of nested or crossing ones of one label only
//! the longest is pending. A rejection is kept in the document's
//! [`DEFAULT_LAYER`] as a [`Layer::reviewed`] region, so it survives a
//! restart, a git merge and a later `marginalia suggest`, and the model
//! layers themselves stay as the model predicted them (for `eval`).

use std::collections::HashSet;

use super::dates::CivilDate;
use super::memory::{Memory, Occurrence};
use super::offer::offered;
use super::{DATE_LABEL, DEFAULT_LAYER, article_date, date_suggestions, live_suggestions};
use crate::edit::Edit;
use crate::model::{DocId, Document, Layer, MODEL_PREFIX, Schema, Span};

/// Where a suggestion comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A span of this `model:` layer.
    Layer(String),
    /// The string memory: the text was labelled so elsewhere.
    Memory,
    /// The date finder (its `value` normalised against the article's date).
    Date,
}

impl Origin {
    /// A short description for the inspector and hover text.
    pub fn describe(&self) -> String {
        match self {
            Origin::Layer(name) => format!("predicted by {name}"),
            Origin::Memory => "the string memory (labelled so elsewhere)".to_owned(),
            Origin::Date => "a date, normalised against the article's date".to_owned(),
        }
    }
}

/// One pending suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The suggested span (its id is the source layer's, or empty).
    pub span: Span,
    /// Where it comes from.
    pub origin: Origin,
}

impl Suggestion {
    /// Its extent and label, which identify it within a document.
    pub fn key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.span.label)
    }
}

/// The extents rejected on `doc`: the reviewed regions of its `model:`
/// layers.
pub fn rejected(doc: &Document) -> HashSet<(usize, usize)> {
    doc.layers
        .iter()
        .filter(|(name, _)| name.starts_with(MODEL_PREFIX))
        .flat_map(|(_, layer)| layer.reviewed.iter().copied())
        .collect()
}

/// The costly parts of a document's suggestions, kept between edits: its
/// dates (they depend on the text, the article date and the schema, none
/// of which an annotator's edit changes) and where the memory's texts occur
/// (until texts are added to the memory or forgotten). Relabelling in a
/// long document then only re-labels what was found.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// The text both were found in: a merge may replace a document's text
    /// under the same id, and comparing texts costs far less than finding.
    text: String,
    dates: Option<(DatesKey, Vec<Span>)>,
    found: Option<(DocId, u64, Vec<Occurrence>)>,
}

/// What a document's date suggestions depend on.
type DatesKey = (DocId, Option<CivilDate>, Option<crate::model::LabelDef>);

impl Candidates {
    /// The memory's and the date finder's suggestions for `doc`, the
    /// memory's only at extents not `decided`.
    fn of(
        &mut self,
        schema: &Schema,
        memory: &Memory,
        doc: &Document,
        decided: &dyn Fn(usize, usize) -> bool,
    ) -> (Vec<Span>, &[Span]) {
        if self.text != doc.text {
            self.text.clone_from(&doc.text);
            self.dates = None;
            self.found = None;
        }
        let key = (
            doc.id.clone(),
            article_date(doc),
            schema.label(DATE_LABEL).cloned(),
        );
        if self.dates.as_ref().is_none_or(|(k, _)| *k != key) {
            self.dates = Some((key, date_suggestions(schema, doc)));
        }
        let fresh =
            |f: &(DocId, u64, Vec<Occurrence>)| f.0 == doc.id && f.1 == memory.automaton_id();
        if !self.found.as_ref().is_some_and(fresh) {
            self.found = Some((
                doc.id.clone(),
                memory.automaton_id(),
                memory.find(&doc.text),
            ));
        }
        let remembered = self
            .found
            .as_ref()
            .map(|(_, _, found)| memory.spans(found, |s, e| !decided(s, e)))
            .unwrap_or_default();
        (remembered, self.dates.as_ref().map_or(&[], |(_, d)| d))
    }
}

/// The suggestions still open for the annotator `target` on `doc`, in
/// canonical order: not rejected, and as [`offered`] next to `target`'s
/// spans (nothing at an extent `target` labelled, nothing overlapping a
/// span of its label there, of nested or crossing ones only the longest).
/// A suggestion that several sources make is listed once, from the first
/// `model:` layer by name (the date finder, then the memory, come last).
/// `cache` keeps what is costly to find for the next call on the same
/// document.
pub fn pending(
    schema: &Schema,
    memory: &Memory,
    doc: &Document,
    target: &str,
    cache: &mut Candidates,
) -> Vec<Suggestion> {
    let rejected = rejected(doc);
    let taken: &[Span] = doc.layers.get(target).map_or(&[], |layer| &layer.spans);
    // Sorted extents (no hashing: a long document's layer has thousands).
    let mut decided: Vec<(usize, usize)> = rejected.iter().copied().collect();
    decided.extend(taken.iter().map(|s| (s.start, s.end)));
    decided.sort_unstable();
    decided.dedup();
    let is_decided = |start: usize, end: usize| decided.binary_search(&(start, end)).is_ok();
    let from_layers = doc
        .layers
        .iter()
        .filter(|(name, _)| name.starts_with(MODEL_PREFIX) && name.as_str() != target)
        .flat_map(|(name, layer)| {
            layer
                .spans
                .iter()
                .filter(|span| !rejected.contains(&(span.start, span.end)))
                .map(|span| Suggestion {
                    span: span.clone(),
                    origin: Origin::Layer(name.clone()),
                })
        });
    let (remembered, dates) = cache.of(schema, memory, doc, &is_decided);
    let live = live_suggestions(remembered, dates, doc)
        .into_iter()
        .map(|(span, origin)| Suggestion { span, origin });
    offered(from_layers.chain(live).collect(), |s| &s.span, taken)
}

/// The edit that puts `suggestions` into `target`'s layer of `doc` as new
/// spans (fresh ids, span references left out), as one undo step; `None`
/// when there is nothing to accept. Only those [`offered`] next to the
/// layer's spans are accepted (all of them when they are pending now), so
/// accepting can never give two spans of one label of which one contains
/// or crosses the other.
pub fn accept(
    schema: &Schema,
    doc: &Document,
    target: &str,
    suggestions: &[&Suggestion],
) -> Option<Edit> {
    let layer = doc.layers.get(target);
    let mut next = layer
        .map_or(1, |l| l.next_span_id().number().unwrap_or(1))
        .max(1);
    let taken: &[Span] = layer.map_or(&[], |l| &l.spans);
    let edits: Vec<Edit> = offered(suggestions.to_vec(), |s| &s.span, taken)
        .into_iter()
        .map(|suggestion| {
            let mut span = suggestion.span.clone();
            span.id = crate::model::SpanId::numbered(next);
            span.attrs = schema.without_span_refs(&span.label, &span.attrs);
            next += 1;
            Edit::AddSpan {
                doc: doc.id.clone(),
                annotator: target.to_owned(),
                span,
            }
        })
        .collect();
    match edits.len() {
        0 => None,
        1 => edits.into_iter().next(),
        _ => Some(Edit::Batch(edits)),
    }
}

/// The edit that rejects `suggestions` on `doc` for good: their extents
/// become reviewed regions of the document's [`DEFAULT_LAYER`] (created
/// when missing). `None` when they all are rejected already.
pub fn reject(doc: &Document, suggestions: &[&Suggestion]) -> Option<Edit> {
    let before = doc.layers.get(DEFAULT_LAYER);
    let mut after = before.cloned().unwrap_or_else(Layer::default);
    let mut changed = false;
    for suggestion in suggestions {
        changed |= after.add_reviewed((suggestion.span.start, suggestion.span.end));
    }
    changed.then(|| Edit::SetLayer {
        doc: doc.id.clone(),
        annotator: DEFAULT_LAYER.to_owned(),
        before: before.cloned(),
        after: Some(after),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Project, SpanId, Status};
    use crate::suggest::memory::Memory;

    const TEXT: &str = "Putin met \u{1F469}\u{200D}\u{1F4BB} Xi today. Putin left.";

    fn project() -> Project {
        let mut project = Project::new(Schema::builtin());
        let meta: BTreeMap<String, String> = [("date".to_owned(), "2025-09-08".to_owned())].into();
        let mut doc = Document::new("a".into(), String::new(), meta, TEXT.to_owned());
        let layer = |spans| Layer::with_spans(Status::InProgress, spans);
        doc.layers.insert(
            "alice".into(),
            layer(vec![
                Span::new(SpanId::numbered(4), 0, 5, "actor").with_attrs(&[("kind", "person")]),
            ]),
        );
        doc.layers.insert(
            "model:crf".into(),
            layer(vec![
                Span::new(SpanId::numbered(1), 0, 5, "actor"),
                Span::new(SpanId::numbered(2), 14, 16, "actor"),
            ]),
        );
        project.documents.push(doc);
        project
    }

    /// Alice's pending suggestions on the first document, computed cold.
    fn alice_pending(project: &Project, memory: &Memory) -> Vec<Suggestion> {
        let doc = &project.documents[0];
        pending(
            &project.schema,
            memory,
            doc,
            "alice",
            &mut Candidates::default(),
        )
    }

    fn keys(found: &[Suggestion]) -> Vec<(usize, usize, String, Origin)> {
        found
            .iter()
            .map(|s| {
                (
                    s.span.start,
                    s.span.end,
                    s.span.label.clone(),
                    s.origin.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn pending_joins_model_layers_and_the_memory_without_what_the_annotator_has() {
        let project = project();
        let memory = Memory::build(&project, &["alice".to_owned()]);
        let crf = Origin::Layer("model:crf".into());
        assert_eq!(
            keys(&alice_pending(&project, &memory)),
            [
                (14, 16, "actor".into(), crf),
                (17, 22, "date".into(), Origin::Date),
                (24, 29, "actor".into(), Origin::Memory),
            ]
        );
        let date = &alice_pending(&project, &memory)[1];
        assert_eq!(date.span.attrs.str("value"), Some("2025-09-08"));
    }

    #[test]
    fn the_cache_follows_a_text_replaced_under_the_same_id() {
        let mut project = project();
        let memory = Memory::build(&project, &["alice".to_owned()]);
        let mut cache = Candidates::default();
        let doc = &project.documents[0];
        let before = pending(&project.schema, &memory, doc, "nobody", &mut cache);
        assert!(before.iter().any(|s| s.origin == Origin::Date));
        project.documents[0].text = format!("Earlier: {TEXT}");
        let doc = &project.documents[0];
        let after = pending(&project.schema, &memory, doc, "nobody", &mut cache);
        let fresh = pending(
            &project.schema,
            &memory,
            doc,
            "nobody",
            &mut Candidates::default(),
        );
        assert_eq!(after, fresh);
        assert_ne!(after, before);
    }

    #[test]
    fn accepting_adds_fresh_ids_with_attributes_and_rejecting_persists() {
        let mut project = project();
        let memory = Memory::build(&project, &["alice".to_owned()]);
        let found = alice_pending(&project, &memory);
        let remembered = &found[2];
        let edit = accept(
            &project.schema,
            &project.documents[0],
            "alice",
            &[remembered],
        )
        .expect("an edit");
        edit.apply(&mut project).expect("applies");
        let added = project.documents[0].layers["alice"]
            .span(&SpanId::numbered(5))
            .expect("T5");
        assert_eq!((added.start, added.end), (24, 29));
        assert_eq!(added.attrs.str("kind"), Some("person"));

        let doc = &project.documents[0];
        let left = alice_pending(&project, &memory);
        assert_eq!(left.len(), 2);
        let edit = reject(doc, &[&left[0]]).expect("an edit");
        edit.apply(&mut project).expect("applies");
        let doc = &project.documents[0];
        assert_eq!(doc.layers[DEFAULT_LAYER].reviewed, [(14, 16)]);
        assert_eq!(
            doc.layers["model:crf"].spans.len(),
            2,
            "the model keeps its prediction"
        );
        let left = alice_pending(&project, &memory);
        assert_eq!(keys(&left)[0].0, 17);
        assert!(reject(doc, &[&found[0]]).is_none(), "rejected already");
        edit.inverse().apply(&mut project).expect("undoes");
        assert!(!project.documents[0].layers.contains_key(DEFAULT_LAYER));
    }

    /// Pairs of same-label spans of `layer` where one contains or crosses
    /// the other (by span ids).
    fn nested_pairs(layer: Option<&Layer>) -> Vec<(String, String)> {
        let spans = layer.map_or(&[][..], |l| &l.spans);
        let mut pairs = Vec::new();
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                if a.label == b.label && a.overlaps(b.start, b.end) {
                    pairs.push((a.id.to_string(), b.id.to_string()));
                }
            }
        }
        pairs
    }

    /// Accepts every pending suggestion of each label in turn (as
    /// Shift+Enter does), the memory learning from `from`.
    fn accept_all_of_every_label(project: &mut Project, doc: usize, target: &str, from: &[String]) {
        let labels: Vec<String> = project
            .schema
            .labels
            .iter()
            .map(|l| l.name.clone())
            .collect();
        for label in labels {
            let memory = Memory::build(project, from);
            let document = &project.documents[doc];
            let found = pending(
                &project.schema,
                &memory,
                document,
                target,
                &mut Candidates::default(),
            );
            let of_label: Vec<&Suggestion> =
                found.iter().filter(|s| s.span.label == label).collect();
            if let Some(edit) = accept(&project.schema, document, target, &of_label) {
                edit.apply(project).expect("applies");
            }
        }
    }

    fn demo() -> Project {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron");
        crate::io::load_project(&path).expect("the demo loads")
    }

    #[test]
    fn accept_all_on_the_demo_wrote_nested_same_label_spans() {
        let mut project = demo();
        let from = project.human_annotators();
        let memory = Memory::build(&project, &from);
        let doc = &project.documents[0];
        let found = pending(
            &project.schema,
            &memory,
            doc,
            "newcomer",
            &mut Candidates::default(),
        );
        let texts: Vec<(String, &str)> = found
            .iter()
            .map(|s| {
                let text = doc
                    .text
                    .chars()
                    .skip(s.span.start)
                    .take(s.span.end - s.span.start);
                (text.collect(), s.span.label.as_str())
            })
            .collect();
        let has = |text: &str, label: &str| texts.iter().any(|(t, l)| t == text && *l == label);
        assert!(has("US President Donald Trump", "actor"), "{texts:?}");
        assert!(
            has("On August 15", "date") && !has("August 15", "date"),
            "{texts:?}"
        );
        assert!(!has("this week", "date"), "{texts:?}");
        accept_all_of_every_label(&mut project, 0, "newcomer", &from);
        let layer = project.documents[0].layers.get("newcomer");
        assert!(layer.is_some_and(|l| l.spans.len() > 10));
        assert_eq!(nested_pairs(layer), Vec::<(String, String)>::new());
    }

    #[test]
    fn nothing_is_suggested_in_the_header_line() {
        let mut project = demo();
        let from = project.human_annotators();
        let memory = Memory::build(&project, &from);
        let doc = &project.documents[0];
        let header = doc
            .header_range()
            .expect("the first demo document has a header line");
        let found = pending(
            &project.schema,
            &memory,
            doc,
            "newcomer",
            &mut Candidates::default(),
        );
        assert!(!found.is_empty());
        assert!(
            found.iter().all(|s| s.span.start >= header.end),
            "{:?}",
            found[0]
        );
        // The header's date would be found without the rule.
        let doc = &mut project.documents[0];
        doc.text.replace_range(1..5, "Date");
        assert_eq!(doc.header_range(), None);
        let found = pending(
            &project.schema,
            &memory,
            doc,
            "newcomer",
            &mut Candidates::default(),
        );
        assert_eq!(found[0].span.start, 6, "{:?}", found[0]);
    }

    #[test]
    fn a_stale_suggestion_nested_in_an_accepted_one_is_not_accepted() {
        let mut project = demo();
        let from = project.human_annotators();
        let memory = Memory::build(&project, &from);
        let doc = &project.documents[0];
        let found = pending(
            &project.schema,
            &memory,
            doc,
            "newcomer",
            &mut Candidates::default(),
        );
        let longest = found
            .iter()
            .find(|s| s.span.label == "actor")
            .expect("an actor");
        let mut nested = longest.clone();
        nested.span.start += 1;
        let edit = accept(&project.schema, doc, "newcomer", &[longest]).expect("accepts");
        edit.apply(&mut project).expect("applies");
        let doc = &project.documents[0];
        assert_eq!(accept(&project.schema, doc, "newcomer", &[&nested]), None);
        let again = pending(
            &project.schema,
            &memory,
            doc,
            "newcomer",
            &mut Candidates::default(),
        );
        assert!(
            again.iter().all(|s| s.span.label != "actor"
                || !s.span.overlaps(longest.span.start, longest.span.end))
        );
    }

    /// Pieces of generated texts: nested names and dates, emoji, a ZWJ
    /// sequence, combining marks, curly quotes.
    const PIECES: [&str; 14] = [
        "US President Donald Trump",
        "Donald Trump",
        "Trump",
        "On August 15",
        "August 15",
        "early this week",
        "this week",
        "\u{1F600}",
        "\u{1F469}\u{200D}\u{1F4BB}",
        "Zoe\u{308}",
        "\u{201C}NATO\u{201D}",
        "NATO",
        "said",
        "today",
    ];
    const SEPARATORS: [&str; 4] = [" ", "\u{A0}", "\r\n", ", "];

    /// A document of pieces with random spans (by piece ranges) in the
    /// layers `analyst-a`, `newcomer` (possibly nested already) and
    /// `model:crf`.
    fn generated(pieces: &[(usize, usize)], layers: &[(usize, usize, usize, usize)]) -> Project {
        let mut text = String::new();
        let mut bounds = Vec::new();
        for &(piece, sep) in pieces {
            let start = text.chars().count();
            text.push_str(PIECES[piece]);
            bounds.push((start, text.chars().count()));
            text.push_str(SEPARATORS[sep]);
        }
        let mut project = Project::new(Schema::builtin());
        let meta: BTreeMap<String, String> = [("date".to_owned(), "2025-09-08".to_owned())].into();
        let mut doc = Document::new("g".into(), String::new(), meta, text);
        for (n, &(layer, first, count, label)) in layers.iter().enumerate() {
            if bounds.is_empty() {
                break;
            }
            let first = first % bounds.len();
            let last = (first + count).min(bounds.len() - 1);
            let (start, end) = (bounds[first].0, bounds[last].1);
            let name = ["analyst-a", "newcomer", "model:crf"][layer];
            let span = Span::new(
                SpanId::numbered(n as u64 + 1),
                start,
                end,
                ["actor", "date"][label],
            );
            doc.layers.entry(name.to_owned()).or_default().insert(span);
        }
        project.documents.push(doc);
        project
    }

    proptest::proptest! {
        #[test]
        fn accept_all_of_every_label_never_nests_or_crosses_same_label_spans(
            pieces in proptest::collection::vec((0usize..PIECES.len(), 0usize..SEPARATORS.len()), 0..24),
            layers in proptest::collection::vec((0usize..3, 0usize..24, 0usize..3, 0usize..2), 0..10),
        ) {
            let mut project = generated(&pieces, &layers);
            let before = nested_pairs(project.documents[0].layers.get("newcomer"));
            let from = ["analyst-a".to_owned(), "newcomer".to_owned()];
            accept_all_of_every_label(&mut project, 0, "newcomer", &from);
            let after = nested_pairs(project.documents[0].layers.get("newcomer"));
            proptest::prop_assert_eq!(after, before);
        }
    }
}
