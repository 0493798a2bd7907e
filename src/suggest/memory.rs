//! The string memory: every text the chosen annotators labelled, and where
//! else it occurs.
//!
//! A remembered text takes the label its spans carry most often; a tie goes
//! to the label whose name sorts first. Its attributes are those most often
//! seen on its spans of that label (a tie goes to the set that sorts
//! first), without span references, which point into one layer and mean
//! nothing elsewhere. Texts that are only white space are not remembered.
//!
//! An occurrence is an exact, case-sensitive match that starts where a
//! token starts and ends where a token ends (tokens as in
//! [`crate::model::tokens::TOKEN`]), so `Putin` never matches inside
//! `Putinism`. Matching is exact, so a text matches across a line break only
//! when the remembered text holds that same line break. All remembered
//! texts are searched for at once with one Aho-Corasick automaton, so a
//! document is read once however many texts are remembered.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::model::offsets::CharIndex;
use crate::model::tokens::TOKEN;
use crate::model::{Attrs, Document, Project, Span, SpanId};

/// What a remembered text is suggested as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The label.
    pub label: String,
    /// The attribute values copied onto suggestions (no span references).
    pub attrs: Attrs,
}

/// The remembered texts of a project and an automaton that finds them.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    texts: Vec<String>,
    entries: Vec<Remembered>,
    automaton: Option<AhoCorasick>,
    /// Identifies the automaton (unique over the process), so occurrences
    /// found with it can be kept until texts are added or forgotten.
    automaton_id: u64,
}

/// Where a remembered text occurs in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The text, as an index into the memory's texts.
    text: usize,
    /// First code point.
    start: usize,
    /// End code point (exclusive).
    end: usize,
}

/// Numbers automatons, process-wide.
static AUTOMATONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Label → attribute set → number of spans.
type Tally = BTreeMap<String, BTreeMap<Attrs, usize>>;

/// One span's part in the memory: its text, label and attributes (without
/// span references).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    text: String,
    label: String,
    attrs: Attrs,
}

/// What the layers of the annotators `from` on `doc` add to the memory.
pub fn contributions(project: &Project, doc: &Document, from: &[String]) -> Vec<Contribution> {
    fingerprints(project, doc, from)
        .into_iter()
        .map(|(_, span)| contribution(project, doc, span))
        .collect()
}

/// A span's contribution, as [`contributions`] makes it.
pub fn contribution(project: &Project, doc: &Document, span: SpanAt<'_>) -> Contribution {
    Contribution {
        text: doc.text[span.bytes.0..span.bytes.1].to_owned(),
        label: span.span.label.clone(),
        attrs: project
            .schema
            .without_span_refs(&span.span.label, &span.span.attrs),
    }
}

/// A remembered span of a document and where its text is, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct SpanAt<'a> {
    span: &'a Span,
    bytes: (usize, usize),
}

/// Every span [`contributions`] counts, with a fingerprint of what it
/// contributes (text, label, attributes without span references) that is
/// found without copying anything: comparing fingerprints tells which spans
/// an edit changed, so only those are copied into the memory.
pub fn fingerprints<'a>(
    project: &Project,
    doc: &'a Document,
    from: &[String],
) -> Vec<(u64, SpanAt<'a>)> {
    use std::hash::{Hash, Hasher};
    let index = CharIndex::new(&doc.text);
    let mut found = Vec::new();
    for layer in from.iter().filter_map(|name| doc.layers.get(name)) {
        for span in &layer.spans {
            if span.start >= span.end || span.end > index.char_len() {
                continue;
            }
            let bytes = (
                index.char_to_byte(&doc.text, span.start),
                index.char_to_byte(&doc.text, span.end),
            );
            let text = &doc.text[bytes.0..bytes.1];
            if text.trim().is_empty() {
                continue;
            }
            let refs = project.schema.label(&span.label).map(|def| {
                def.attributes
                    .iter()
                    .filter(|a| matches!(a.kind, crate::model::AttributeKind::SpanRef(_)))
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
            });
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (text, &span.label).hash(&mut hasher);
            for (name, value) in &span.attrs {
                if !refs.as_ref().is_some_and(|r| r.contains(&name.as_str())) {
                    (name, value).hash(&mut hasher);
                }
            }
            found.push((hasher.finish(), SpanAt { span, bytes }));
        }
    }
    found
}

/// How often each text was labelled with each label and attribute set;
/// contributions can be added and taken back, so a memory can follow edits
/// without re-reading every document.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    by_text: BTreeMap<String, Tally>,
    /// Texts whose counts changed since a memory was last brought up to date.
    changed: BTreeSet<String>,
}

impl Tallies {
    /// Counts `contribution` once more.
    pub fn add(&mut self, contribution: &Contribution) {
        // Keys are copied only when new: most texts are labelled many times.
        let tally = get_or_insert(&mut self.by_text, &contribution.text);
        let sets = get_or_insert(tally, &contribution.label);
        *get_or_insert(sets, &contribution.attrs) += 1;
        if !self.changed.contains(&contribution.text) {
            self.changed.insert(contribution.text.clone());
        }
    }

    /// Takes back one count of `contribution` (added before).
    pub fn remove(&mut self, contribution: &Contribution) {
        let Some(tally) = self.by_text.get_mut(&contribution.text) else {
            return;
        };
        if let Some(sets) = tally.get_mut(&contribution.label) {
            if let Some(count) = sets.get_mut(&contribution.attrs) {
                *count -= 1;
                if *count == 0 {
                    sets.remove(&contribution.attrs);
                }
            }
            if sets.is_empty() {
                tally.remove(&contribution.label);
            }
        }
        if tally.is_empty() {
            self.by_text.remove(&contribution.text);
        }
        self.changed.insert(contribution.text.clone());
    }

    /// Brings `memory` (built from these tallies before) up to the counts:
    /// only the texts whose counts changed are looked at again, and the
    /// automaton, the costly part, is rebuilt only when texts were added
    /// or forgotten. Returns whether the memory changed.
    pub fn update(&mut self, memory: &mut Memory) -> bool {
        let mut texts_changed = false;
        let mut changed = false;
        for text in std::mem::take(&mut self.changed) {
            let entry = self.by_text.get(&text).and_then(choose);
            match (memory.texts.binary_search(&text), entry) {
                (Ok(at), Some(entry)) => {
                    changed |= memory.entries[at] != entry;
                    memory.entries[at] = entry;
                }
                (Ok(at), None) => {
                    memory.texts.remove(at);
                    memory.entries.remove(at);
                    texts_changed = true;
                }
                (Err(at), Some(entry)) => {
                    memory.texts.insert(at, text);
                    memory.entries.insert(at, entry);
                    texts_changed = true;
                }
                (Err(_), None) => {}
            }
        }
        if texts_changed {
            memory.automaton = automaton(&memory.texts);
            memory.automaton_id = AUTOMATONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        changed || texts_changed
    }
}

impl Memory {
    /// The memory of every span in the layers of the annotators `from`,
    /// over all documents of `project`.
    pub fn build(project: &Project, from: &[String]) -> Self {
        let mut tallies = Tallies::default();
        for doc in &project.documents {
            for contribution in contributions(project, doc, from) {
                tallies.add(&contribution);
            }
        }
        let mut memory = Memory::default();
        tallies.update(&mut memory);
        memory
    }

    /// Number of remembered texts.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// What `text` is remembered as, if it is.
    pub fn recall(&self, text: &str) -> Option<&Remembered> {
        let at = self.texts.binary_search_by(|t| t.as_str().cmp(text)).ok()?;
        Some(&self.entries[at])
    }

    /// Every token-bounded occurrence of a remembered text in `text`, as
    /// spans in code points (ids left empty), in canonical order.
    pub fn occurrences(&self, text: &str) -> Vec<Span> {
        self.spans(&self.find(text), |_, _| true)
    }

    /// Identifies what [`Memory::find`] depends on: occurrences found
    /// under one id stay valid (for [`Memory::spans`]) while it is the same.
    pub fn automaton_id(&self) -> u64 {
        self.automaton_id
    }

    /// Where the remembered texts occur in `text`, token-bounded, ordered
    /// by extent.
    pub fn find(&self, text: &str) -> Vec<Occurrence> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut starts = vec![false; text.len() + 1];
        let mut ends = vec![false; text.len() + 1];
        for token in TOKEN.find_iter(text) {
            starts[token.start()] = true;
            ends[token.end()] = true;
        }
        let index = CharIndex::new(text);
        let mut found: Vec<Occurrence> = automaton
            .find_overlapping_iter(text)
            .filter(|m| starts[m.start()] && ends[m.end()])
            .map(|m| Occurrence {
                text: m.pattern().as_usize(),
                start: index.byte_to_char(text, m.start()),
                end: index.byte_to_char(text, m.end()),
            })
            .collect();
        found.sort_unstable_by_key(|o| (o.start, o.end));
        found
    }

    /// The suggestions of occurrences found by this memory's automaton whose
    /// extent `keep` accepts, labelled as the memory now remembers their
    /// texts (ids left empty), in canonical order (one text, so one span,
    /// per extent).
    pub fn spans(&self, found: &[Occurrence], keep: impl Fn(usize, usize) -> bool) -> Vec<Span> {
        found
            .iter()
            .filter(|o| keep(o.start, o.end))
            .filter_map(|o| {
                let entry = self.entries.get(o.text)?;
                Some(Span {
                    id: SpanId(String::new()),
                    start: o.start,
                    end: o.end,
                    label: entry.label.clone(),
                    attrs: entry.attrs.clone(),
                })
            })
            .collect()
    }
}

/// The automaton finding all of `texts` (none when there are none).
///
/// Always an NFA: for a few patterns `aho-corasick` would otherwise build a
/// DFA, whose construction follows failure links for every state and byte
/// class, quadratic in the length of one long repetitive text (a span over
/// a whole 50 KB document took seconds). The NFA is built and searched in
/// time linear in the texts' and the document's length.
fn automaton(texts: &[String]) -> Option<AhoCorasick> {
    if texts.is_empty() {
        return None;
    }
    let build = |kind| AhoCorasick::builder().kind(Some(kind)).build(texts);
    // The contiguous NFA searches faster; it cannot hold the largest
    // automatons, the noncontiguous one can.
    build(AhoCorasickKind::ContiguousNFA)
        .or_else(|_| build(AhoCorasickKind::NoncontiguousNFA))
        .ok()
}

/// The value under `key`, inserted as the default (with a copy of the key)
/// only when missing.
fn get_or_insert<'m, K: Ord + Clone, V: Default>(
    map: &'m mut BTreeMap<K, V>,
    key: &K,
) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.clone(), V::default());
    }
    map.get_mut(key).expect("present")
}

/// The most frequent label (ties: first name) with its most frequent
/// attribute set (ties: first set).
fn choose(tally: &Tally) -> Option<Remembered> {
    let mut best: Option<(usize, &String, &BTreeMap<Attrs, usize>)> = None;
    for (label, sets) in tally {
        let count: usize = sets.values().sum();
        if best.is_none_or(|(c, _, _)| count > c) {
            best = Some((count, label, sets));
        }
    }
    let (_, label, sets) = best?;
    let mut attrs: Option<(usize, &Attrs)> = None;
    for (set, count) in sets {
        if attrs.is_none_or(|(c, _)| *count > c) {
            attrs = Some((*count, set));
        }
    }
    Some(Remembered {
        label: label.clone(),
        attrs: attrs.map(|(_, a)| a.clone()).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Document, Layer, Schema, Status};

    /// A project on the built-in schema with one document per text and the
    /// given layers: (document index, annotator, spans).
    fn project(texts: &[&str], layers: Vec<(usize, &str, Vec<Span>)>) -> Project {
        let mut project = Project::new(Schema::builtin());
        for (i, text) in texts.iter().enumerate() {
            project.documents.push(Document::new(
                format!("d{i}").as_str().into(),
                String::new(),
                BTreeMap::new(),
                (*text).to_owned(),
            ));
        }
        for (doc, name, spans) in layers {
            project.documents[doc]
                .layers
                .insert(name.to_owned(), Layer::with_spans(Status::Done, spans));
        }
        project
    }

    fn span(n: u64, start: usize, end: usize, label: &str) -> Span {
        Span::new(SpanId::numbered(n), start, end, label)
    }

    fn found(memory: &Memory, text: &str) -> Vec<(String, String)> {
        memory
            .occurrences(text)
            .into_iter()
            .map(|s| {
                (
                    text.chars().skip(s.start).take(s.end - s.start).collect(),
                    s.label,
                )
            })
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn occurrences_start_and_end_on_token_boundaries_and_keep_case() {
        let p = project(
            &["Putin spoke."],
            vec![(0, "alice", vec![span(1, 0, 5, "actor")])],
        );
        let memory = Memory::build(&p, &["alice".to_owned()]);
        assert_eq!(
            found(
                &memory,
                "Putinism, putin, APutin, Putin_x, Putin\u{308}, \u{1F600}Putin!"
            ),
            pairs(&[("Putin", "actor")])
        );
    }

    #[test]
    fn occurrences_count_code_points_after_emoji_and_marks() {
        let p = project(&["NATO"], vec![(0, "alice", vec![span(1, 0, 4, "actor")])]);
        let memory = Memory::build(&p, &["alice".to_owned()]);
        let text = "Zoe\u{308} \u{1F469}\u{200D}\u{1F4BB} \u{201C}NATO\u{201D}\u{a0}NATO";
        let got: Vec<(usize, usize)> = memory
            .occurrences(text)
            .iter()
            .map(|s| (s.start, s.end))
            .collect();
        assert_eq!(got, [(10, 14), (16, 20)]);
    }

    #[test]
    fn a_text_matches_across_a_line_break_only_when_it_holds_one() {
        let p = project(
            &["Vladimir Putin and Donald\r\nTrump"],
            vec![(
                0,
                "alice",
                vec![span(1, 0, 14, "actor"), span(2, 19, 32, "actor")],
            )],
        );
        let memory = Memory::build(&p, &["alice".to_owned()]);
        assert_eq!(
            found(
                &memory,
                "Vladimir\r\nPutin; Vladimir Putin; Donald Trump; Donald\r\nTrump"
            ),
            pairs(&[("Vladimir Putin", "actor"), ("Donald\r\nTrump", "actor")])
        );
    }

    #[test]
    fn the_most_frequent_label_wins_and_ties_go_to_the_first_name() {
        let p = project(
            &["Kiev Kiev Kiev Moscow Moscow"],
            vec![
                (
                    0,
                    "alice",
                    vec![
                        span(1, 0, 4, "actor"),
                        span(2, 5, 9, "actor"),
                        span(3, 10, 14, "claim"),
                        span(4, 15, 21, "stance"),
                    ],
                ),
                (0, "bob", vec![span(1, 22, 28, "claim")]),
            ],
        );
        let memory = Memory::build(&p, &["alice".to_owned(), "bob".to_owned()]);
        assert_eq!(
            memory.recall("Kiev").map(|r| r.label.as_str()),
            Some("actor")
        );
        assert_eq!(
            memory.recall("Moscow").map(|r| r.label.as_str()),
            Some("claim")
        );
        let only_bob = Memory::build(&p, &["bob".to_owned()]);
        assert_eq!(only_bob.recall("Kiev"), None);
        assert_eq!(only_bob.len(), 1);
    }

    #[test]
    fn attributes_are_copied_without_span_references() {
        let p = project(
            &["Putin said NATO is a threat"],
            vec![(
                0,
                "alice",
                vec![
                    span(1, 0, 5, "actor").with_attrs(&[("kind", "person")]),
                    span(2, 11, 27, "stance").with_attrs(&[
                        ("polarity", "oppose"),
                        ("holder", "T1"),
                        ("target", "NATO"),
                    ]),
                ],
            )],
        );
        let memory = Memory::build(&p, &["alice".to_owned()]);
        let stance = memory.recall("NATO is a threat").expect("remembered");
        let attrs: Vec<(&str, &str)> = stance
            .attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().expect("one value")))
            .collect();
        assert_eq!(attrs, [("polarity", "oppose"), ("target", "NATO")]);
        let actor = memory.recall("Putin").expect("remembered");
        assert_eq!(actor.attrs.str("kind"), Some("person"));
    }
}
