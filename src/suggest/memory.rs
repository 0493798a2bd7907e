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

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;

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
}

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
    let index = CharIndex::new(&doc.text);
    let mut found = Vec::new();
    for layer in from.iter().filter_map(|name| doc.layers.get(name)) {
        for span in &layer.spans {
            if span.start >= span.end || span.end > index.char_len() {
                continue;
            }
            let text = &doc.text[index.char_to_byte(&doc.text, span.start)
                ..index.char_to_byte(&doc.text, span.end)];
            if text.trim().is_empty() {
                continue;
            }
            found.push(Contribution {
                text: text.to_owned(),
                label: span.label.clone(),
                attrs: project.schema.without_span_refs(&span.label, &span.attrs),
            });
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
}

impl Tallies {
    /// Counts `contribution` once more.
    pub fn add(&mut self, contribution: &Contribution) {
        *self
            .by_text
            .entry(contribution.text.clone())
            .or_default()
            .entry(contribution.label.clone())
            .or_default()
            .entry(contribution.attrs.clone())
            .or_default() += 1;
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
    }

    /// The memory of these counts. The automaton of `previous` is reused
    /// when it was built for the same texts (the common case of an edit that
    /// labels a text already remembered), since building it is the costly
    /// part.
    pub fn memory(&self, previous: &Memory) -> Memory {
        let (texts, entries): (Vec<String>, Vec<Remembered>) = self
            .by_text
            .iter()
            .filter_map(|(text, tally)| Some((text.clone(), choose(tally)?)))
            .unzip();
        let automaton = if texts == previous.texts {
            previous.automaton.clone()
        } else if texts.is_empty() {
            None
        } else {
            AhoCorasick::new(&texts).ok()
        };
        Memory {
            texts,
            entries,
            automaton,
        }
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
        tallies.memory(&Memory::default())
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
        let mut spans: Vec<Span> = automaton
            .find_overlapping_iter(text)
            .filter(|m| starts[m.start()] && ends[m.end()])
            .map(|m| {
                let entry = &self.entries[m.pattern().as_usize()];
                Span {
                    id: SpanId(String::new()),
                    start: index.byte_to_char(text, m.start()),
                    end: index.byte_to_char(text, m.end()),
                    label: entry.label.clone(),
                    attrs: entry.attrs.clone(),
                }
            })
            .collect();
        spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        spans
    }
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
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(attrs, [("polarity", "oppose"), ("target", "NATO")]);
        let actor = memory.recall("Putin").expect("remembered");
        assert_eq!(actor.attrs.get("kind").map(String::as_str), Some("person"));
    }
}
