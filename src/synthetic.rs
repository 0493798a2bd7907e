//! Seeded synthetic projects for benchmarks and stress tests.
//!
//! [`project()`](crate::synthetic::project) writes news-like prose (curly quotes, accented names, the odd
//! emoji, paragraph breaks) and annotates it with the default schema's four
//! labels in one layer per annotator. Every attribute is valid: actors carry
//! a `kind`, stances a `polarity` and usually a `holder` pointing at an actor
//! span of the same layer, claims usually a `speaker`. Span ids are `T1`…`Tn`
//! per layer and spans are in canonical order, so the result passes
//! [`project_problems`](crate::model::validate::project_problems) and saves
//! to the same bytes it loads from. The same configuration always gives the
//! same project.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::model::schema::DEFAULT_SCHEMA_RON;
use crate::model::{Document, Layer, Project, Schema, Span, SpanId, Status};

/// The size and shape of a synthetic project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// Number of documents.
    pub documents: usize,
    /// Total UTF-8 size of all document texts in bytes. Each document gets
    /// an equal share and ends a few bytes short of it (whole sentences).
    pub text_bytes: usize,
    /// Total number of spans over all layers, shared equally between the
    /// layers (one per annotator per document). Exact as long as the texts
    /// are not empty.
    pub spans: usize,
    /// Number of annotators; each has a layer on every document.
    pub annotators: usize,
    /// Seed of the random generator.
    pub seed: u64,
}

impl SyntheticConfig {
    /// The project of the load/save performance target in DESIGN.md:
    /// 10,000 documents, 50 MB of text, 500,000 spans, 2 annotators.
    pub const BENCHMARK: Self = Self {
        documents: 10_000,
        text_bytes: 50_000_000,
        spans: 500_000,
        annotators: 2,
        seed: 2025,
    };
}

impl Default for SyntheticConfig {
    /// A small project: 10 documents, 50 kB, 500 spans, 2 annotators.
    fn default() -> Self {
        Self {
            documents: 10,
            text_bytes: 50_000,
            spans: 500,
            annotators: 2,
            seed: 1,
        }
    }
}

/// A synthetic project with the default schema, shaped by `config`.
pub fn project(config: &SyntheticConfig) -> Project {
    project_preferring(config, false)
}

/// [`project`], with the claims and stances that name an actor (and their
/// actors) chosen before any other span when `links_first`.
fn project_preferring(config: &SyntheticConfig, links_first: bool) -> Project {
    let schema: Schema = ron::from_str(DEFAULT_SCHEMA_RON).expect("the built-in schema parses");
    let mut rng = StdRng::seed_from_u64(config.seed);
    let docs = config.documents;
    let layers = docs * config.annotators;
    let mut documents = Vec::with_capacity(docs);
    for d in 0..docs {
        let bytes = share(config.text_bytes, docs, d);
        let (mut doc, candidates) = document(&mut rng, d, bytes);
        let base: Vec<f64> = candidates
            .iter()
            .map(|c| {
                let first = links_first && c.reference().is_some();
                rng.random::<f64>() - if first { 1.0 } else { 0.0 }
            })
            .collect();
        for a in 0..config.annotators {
            let n = share(config.spans, layers, d * config.annotators + a);
            let layer = layer(&mut rng, &candidates, &base, a, n);
            doc.layers.insert(annotator_name(a), layer);
        }
        documents.push(doc);
    }
    Project { schema, documents }
}

/// A project with ONE document of about `bytes` bytes of text and `spans`
/// spans in a single layer (`analyst-a`): the long-document case of the GUI
/// performance target (1 MB, 20,000 spans, of which over 8,000 are claims
/// and stances linked to their actors: the claims and stances are chosen
/// first, each with the actor it names).
pub fn long_document(bytes: usize, spans: usize, seed: u64) -> Project {
    project_preferring(
        &SyntheticConfig {
            documents: 1,
            text_bytes: bytes,
            spans,
            annotators: 1,
            seed,
        },
        true,
    )
}

/// Part `i` of `total` split into `parts` near-equal parts.
fn share(total: usize, parts: usize, i: usize) -> usize {
    total / parts + usize::from(i < total % parts)
}

fn annotator_name(a: usize) -> String {
    const NAMES: [&str; 4] = ["analyst-a", "analyst-b", "analyst-c", "analyst-d"];
    NAMES
        .get(a)
        .map_or_else(|| format!("analyst-{}", a + 1), |n| (*n).to_owned())
}

/// An attribute value of a candidate span.
enum Value {
    /// A literal value.
    Text(Cow<'static, str>),
    /// The id of another candidate (an actor), resolved per layer.
    Ref(usize),
}

/// A span the text was written to contain; each layer picks some of them.
struct Candidate {
    start: usize,
    end: usize,
    label: &'static str,
    attrs: Vec<(&'static str, Value)>,
}

impl Candidate {
    fn reference(&self) -> Option<usize> {
        self.attrs.iter().find_map(|(_, v)| match v {
            Value::Ref(r) => Some(*r),
            Value::Text(_) => None,
        })
    }
}

/// Text under construction, counting code points as it grows.
#[derive(Default)]
struct Writer {
    text: String,
    chars: usize,
    candidates: Vec<Candidate>,
}

impl Writer {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn mark(&mut self, s: &str, label: &'static str, attrs: Vec<(&'static str, Value)>) -> usize {
        let start = self.chars;
        self.push(s);
        self.candidates.push(Candidate {
            start,
            end: self.chars,
            label,
            attrs,
        });
        self.candidates.len() - 1
    }

    fn checkpoint(&self) -> (usize, usize, usize) {
        (self.text.len(), self.chars, self.candidates.len())
    }

    fn rollback(&mut self, (bytes, chars, candidates): (usize, usize, usize)) {
        self.text.truncate(bytes);
        self.chars = chars;
        self.candidates.truncate(candidates);
    }

    /// An actor mention, capitalised at the start of a sentence.
    fn actor(&mut self, rng: &mut StdRng, sentence_start: bool) -> usize {
        let (names, kind) = ACTORS[rng.random_range(0..ACTORS.len())];
        let name = pick(rng, names);
        let name = if sentence_start {
            capitalised(name)
        } else {
            Cow::Borrowed(name)
        };
        self.mark(
            &name,
            "actor",
            vec![("kind", Value::Text(Cow::Borrowed(kind)))],
        )
    }

    /// ` on 15 August` and the like; the date span leaves out `on`.
    fn date(&mut self, rng: &mut StdRng) {
        let month = rng.random_range(0..MONTHS.len());
        let day = rng.random_range(1..=28);
        let (prefix, text, iso) = match rng.random_range(0..5) {
            0 => (" on ", format!("{day} {}", MONTHS[month]), true),
            1 => (" on ", format!("{} {day}", MONTHS[month]), true),
            2 => (" on ", format!("{day} {} 2025", MONTHS[month]), true),
            3 => (" on ", pick(rng, &WEEKDAYS).to_owned(), false),
            _ => (" ", pick(rng, &RELATIVE_DATES).to_owned(), false),
        };
        self.push(prefix);
        let mut attrs = Vec::new();
        if iso && rng.random_bool(0.6) {
            let value = format!("2025-{:02}-{day:02}", month + 1);
            attrs.push(("value", Value::Text(Cow::Owned(value))));
        }
        self.mark(&text, "date", attrs);
    }

    /// `backed the peace plan`: a stance held by actor `holder`.
    fn stance(&mut self, rng: &mut StdRng, holder: usize) {
        let (polarity, verbs) = STANCES[rng.random_range(0..STANCES.len())];
        let (target, short) = TARGETS[rng.random_range(0..TARGETS.len())];
        let text = format!("{} {target}", pick(rng, verbs));
        let mut attrs = vec![("polarity", Value::Text(Cow::Borrowed(polarity)))];
        attrs.push(("holder", Value::Ref(holder)));
        if rng.random_bool(0.5) {
            attrs.push(("target", Value::Text(Cow::Borrowed(short))));
        }
        self.mark(&text, "stance", attrs);
    }

    fn claim(&mut self, text: &str, speaker: usize) -> usize {
        self.mark(text, "claim", vec![("speaker", Value::Ref(speaker))])
    }

    /// One sentence, without the separator before it.
    fn sentence(&mut self, rng: &mut StdRng) {
        match rng.random_range(0..20) {
            // “Claim,” Actor said on date.
            0..=4 => {
                self.push("\u{201C}");
                let claim = capitalised(pick(rng, &CLAIMS));
                // The speaker comes after the claim: patch the reference.
                let c = self.claim(&claim, usize::MAX);
                self.push(",\u{201D} ");
                let speaker = self.actor(rng, false);
                self.candidates[c].attrs[0].1 = Value::Ref(speaker);
                self.push(" ");
                self.push(pick(rng, &SAID));
                self.date(rng);
                self.push(".");
            }
            // Actor backed the plan on date.
            5..=8 => {
                let holder = self.actor(rng, true);
                self.push(" ");
                self.stance(rng, holder);
                if rng.random_bool(0.5) {
                    self.date(rng);
                }
                self.push(".");
            }
            // Actor met actor in city on date.
            9..=11 => {
                self.actor(rng, true);
                self.push(" met ");
                self.actor(rng, false);
                self.push(" in ");
                self.push(pick(rng, &CITIES));
                self.date(rng);
                self.push(".");
            }
            // Actor told reporters on date that claim.
            12..=13 => {
                let speaker = self.actor(rng, true);
                self.push(" told reporters");
                self.date(rng);
                self.push(" that ");
                self.claim(pick(rng, &CLAIMS), speaker);
                self.push(".");
            }
            // According to actor, actor opposed the plan.
            14..=15 => {
                self.push("According to ");
                self.actor(rng, false);
                self.push(", ");
                let holder = self.actor(rng, false);
                self.push(" ");
                self.stance(rng, holder);
                self.push(".");
            }
            _ => self.push(pick(rng, &FILLERS)),
        }
    }
}

/// One document of about `bytes` bytes and the spans its text contains.
fn document(rng: &mut StdRng, index: usize, bytes: usize) -> (Document, Vec<Candidate>) {
    let mut w = Writer {
        text: String::with_capacity(bytes),
        ..Writer::default()
    };
    let mut in_paragraph = 0;
    let mut paragraph_len = rng.random_range(2..=6);
    let mut misses = 0;
    while w.text.len() < bytes && misses < 8 {
        let checkpoint = w.checkpoint();
        if in_paragraph == paragraph_len {
            w.push("\n\n");
            in_paragraph = 0;
            paragraph_len = rng.random_range(2..=6);
        } else if in_paragraph > 0 {
            w.push(" ");
        }
        w.sentence(rng);
        if w.text.len() > bytes {
            // Too long for the rest of the budget: try a shorter one.
            w.rollback(checkpoint);
            misses += 1;
        } else {
            in_paragraph += 1;
        }
    }
    let month = rng.random_range(1..=12);
    let day = rng.random_range(1..=28);
    let mut meta = BTreeMap::new();
    meta.insert("date".to_owned(), format!("2025-{month:02}-{day:02}"));
    meta.insert(
        "url".to_owned(),
        format!("https://news.example.org/2025/{month:02}/{day:02}/story-{index}"),
    );
    let (target, _) = TARGETS[rng.random_range(0..TARGETS.len())];
    let (names, _) = ACTORS[rng.random_range(0..ACTORS.len())];
    let title = format!(
        "{} {} {target}",
        capitalised(pick(rng, names)),
        pick(rng, &HEADLINE_VERBS)
    );
    let id = format!("news-{index:05}");
    (
        Document::new(id.as_str().into(), title, meta, w.text),
        w.candidates,
    )
}

/// The layer of annotator number `annotator`: `wanted` of the `candidates`,
/// chosen in an order correlated between annotators through `base`, with
/// the small disagreements real annotators have (a boundary, a polarity).
fn layer(
    rng: &mut StdRng,
    candidates: &[Candidate],
    base: &[f64],
    annotator: usize,
    wanted: usize,
) -> Layer {
    let chosen = choose(rng, candidates, base, wanted);
    let disagree = |rng: &mut StdRng| annotator > 0 && rng.random_bool(0.05);
    let mut placed: Vec<(usize, usize, usize)> = chosen
        .iter()
        .map(|&i| {
            let candidate = &candidates[i];
            let end = if candidate.end - candidate.start > 1 && disagree(rng) {
                candidate.end - 1
            } else {
                candidate.end
            };
            (candidate.start, end, i)
        })
        .collect();
    placed.sort_by_key(|&(start, end, i)| (start, end, candidates[i].label));
    // Ids in text order; a candidate chosen twice is referred to by its first.
    let mut ids: Vec<Option<u64>> = vec![None; candidates.len()];
    for (rank, &(_, _, i)) in placed.iter().enumerate() {
        ids[i].get_or_insert(rank as u64 + 1);
    }
    let spans = placed
        .iter()
        .enumerate()
        .map(|(rank, &(start, end, i))| {
            let candidate = &candidates[i];
            let id = SpanId::numbered(rank as u64 + 1);
            let mut span = Span::new(id, start, end, candidate.label);
            for (name, value) in &candidate.attrs {
                let value = match value {
                    Value::Text(_) if *name == "polarity" && disagree(rng) => {
                        pick(rng, &["support", "oppose", "neutral"]).to_owned()
                    }
                    Value::Text(text) => text.to_string(),
                    Value::Ref(target) => match ids.get(*target).copied().flatten() {
                        Some(number) => SpanId::numbered(number).0,
                        None => continue,
                    },
                };
                span.attrs.insert((*name).to_owned(), value);
            }
            span
        })
        .collect();
    let status = if annotator == 0 || rng.random_bool(0.8) {
        Status::Done
    } else {
        Status::InProgress
    };
    Layer::with_spans(status, spans)
}

/// Indices of `wanted` candidates: in random order (correlated through
/// `base`), each referring span together with the actor it refers to.
fn choose(rng: &mut StdRng, candidates: &[Candidate], base: &[f64], wanted: usize) -> Vec<usize> {
    let mut order: Vec<(f64, usize)> = base
        .iter()
        .enumerate()
        .map(|(i, b)| (b + 0.3 * rng.random::<f64>(), i))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut selected = vec![false; candidates.len()];
    let mut chosen = Vec::with_capacity(wanted);
    for &(_, i) in &order {
        if chosen.len() == wanted {
            break;
        }
        if selected[i] {
            continue;
        }
        let dependency = candidates[i].reference().filter(|&r| !selected[r]);
        if chosen.len() + 1 + usize::from(dependency.is_some()) > wanted {
            continue;
        }
        if let Some(r) = dependency {
            selected[r] = true;
            chosen.push(r);
        }
        selected[i] = true;
        chosen.push(i);
    }
    // A last slot only a referring span could fill (it loses its reference),
    // then, when more spans than candidates are asked for, repeats.
    let mut step = 0;
    while chosen.len() < wanted && !candidates.is_empty() {
        let i = order[step % candidates.len()].1;
        if step >= candidates.len() || !selected[i] {
            selected[i] = true;
            chosen.push(i);
        }
        step += 1;
    }
    chosen
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn capitalised(s: &str) -> Cow<'_, str> {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => {
            Cow::Owned(first.to_uppercase().chain(chars).collect())
        }
        _ => Cow::Borrowed(s),
    }
}

const ACTORS: [(&[&str], &str); 4] = [
    (
        &[
            "Donald Trump",
            "Vladimir Putin",
            "Volodymyr Zelensky",
            "Emmanuel Macron",
            "Recep Tayyip Erdoğan",
            "José Manuel Albares",
            "Sébastien Lecornu",
            "Radosław Sikorski",
            "Kaja Kallas",
            "Ursula von der Leyen",
            "Wang Yi",
            "Sergey Lavrov",
            "Pedro Sánchez",
            "Luiz Inácio Lula da Silva",
            "Mette Frederiksen",
            "Zoë Karlsson",
            "Jürgen Müller",
            "Søren Nørgaard",
            "Nguyễn Thị Hằng",
            "Íñigo Méndez",
        ],
        "person",
    ),
    (
        &[
            "NATO",
            "the European Union",
            "the United Nations",
            "the Kremlin",
            "the White House",
            "the African Union",
            "the IAEA",
            "the Élysée",
            "the Bundestag",
            "OPEC+",
        ],
        "organization",
    ),
    (
        &[
            "Russia",
            "Ukraine",
            "the United States",
            "China",
            "Türkiye",
            "Côte d\u{2019}Ivoire",
            "Germany",
            "France",
            "Poland",
            "India",
            "Brazil",
            "México",
            "Japan",
            "Qatar",
            "Norway",
        ],
        "country",
    ),
    (
        &[
            "European leaders",
            "G7 foreign ministers",
            "opposition lawmakers",
            "the BRICS delegations",
            "Kurdish negotiators",
            "Western diplomats",
            "Gulf mediators",
        ],
        "group",
    ),
];

const STANCES: [(&str, &[&str]); 3] = [
    ("support", &["welcomed", "backed", "endorsed", "praised"]),
    (
        "oppose",
        &["rejected", "condemned", "criticised", "warned against"],
    ),
    (
        "neutral",
        &[
            "declined to comment on",
            "said it was studying",
            "took note of",
        ],
    ),
];

const TARGETS: [(&str, &str); 8] = [
    ("the ceasefire proposal", "ceasefire"),
    ("the new sanctions package", "sanctions"),
    ("the peace plan", "peace plan"),
    ("the grain deal \u{1F33E}", "grain deal"),
    ("the security guarantees", "security guarantees"),
    ("the proposed summit in Genève", "summit"),
    ("the \u{201C}coalition of the willing\u{201D}", "coalition"),
    ("the energy agreement", "energy agreement"),
];

const CLAIMS: [&str; 12] = [
    "we are ready to talk without preconditions",
    "there will be no foreign troops on the ground",
    "the sanctions will stay until the ceasefire holds",
    "the talks were constructive and frank",
    "the pipeline deal is off the table",
    "our borders are not up for negotiation",
    "a summit could take place before the end of the year",
    "the grain corridor must reopen",
    "nobody wants a new arms race",
    "the door to dialogue remains open \u{1F91D}",
    "the strike on the power grid was a war crime",
    "Europe must take more responsibility for its own security",
];

const SAID: [&str; 6] = [
    "said",
    "told reporters",
    "wrote on X",
    "stressed",
    "insisted",
    "added",
];

const HEADLINE_VERBS: [&str; 5] = [
    "backed",
    "rejected",
    "weighed",
    "questioned",
    "signalled a shift on",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const RELATIVE_DATES: [&str; 4] = [
    "last week",
    "earlier this month",
    "late on Friday",
    "this morning",
];

const CITIES: [&str; 8] = [
    "Genève",
    "Anchorage",
    "Brussels",
    "İstanbul",
    "Doha",
    "Kraków",
    "São Paulo",
    "Reykjavík",
];

const FILLERS: [&str; 10] = [
    "The talks lasted more than three hours.",
    "Officials did not give further details.",
    "Markets reacted calmly to the news \u{1F4C8}.",
    "The meeting took place behind closed doors.",
    "Analysts were divided on what the outcome means for the region.",
    "No joint statement was issued.",
    "Reporters waited outside in the rain \u{2614} for most of the afternoon.",
    "The ministry\u{2019}s spokesperson declined to elaborate.",
    "A follow-up round is expected.",
    "Protesters gathered near the caf\u{E9} on the main square.",
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::io::project_file::{parse_project, project_to_ron};
    use crate::model::validate::{missing_required, project_problems};

    #[test]
    fn small_projects_are_valid_exact_and_reproducible() {
        let config = SyntheticConfig::default();
        let project = project(&config);
        assert_eq!(project_problems(&project), Vec::new());
        assert_eq!(missing_required(&project), Vec::new());
        let stats = project.stats();
        assert_eq!(stats.documents, config.documents);
        assert_eq!(stats.spans, config.spans);
        assert_eq!(stats.annotators.len(), config.annotators);
        for by_annotator in stats.annotators.values() {
            assert!(by_annotator.by_label.values().all(|&n| n > 0), "{stats:?}");
        }
        let bytes: usize = project.documents.iter().map(|d| d.text.len()).sum();
        assert!(
            bytes <= config.text_bytes && bytes + 200 * config.documents >= config.text_bytes,
            "{bytes}"
        );
        assert_eq!(super::project(&config), project);
        assert_ne!(
            super::project(&SyntheticConfig { seed: 2, ..config }),
            project
        );
    }

    #[test]
    fn texts_look_like_news_with_unicode_and_paragraphs() {
        let project = project(&SyntheticConfig::default());
        let text = &project.documents[0].text;
        assert!(text.contains("\n\n"), "{text}");
        assert!(text.contains('\u{201C}'), "{text}");
        assert!(!text.is_ascii(), "{text}");
        let all: String = project.documents.iter().map(|d| d.text.as_str()).collect();
        assert!(all.chars().any(|c| c as u32 > 0xFFFF), "no emoji");
    }

    #[test]
    fn references_point_at_actors_and_ids_are_numbered() {
        let project = project(&SyntheticConfig::default());
        let mut references = 0;
        for layer in project.documents.iter().flat_map(|d| d.layers.values()) {
            let mut numbers: Vec<u64> = layer.spans.iter().filter_map(|s| s.id.number()).collect();
            numbers.sort_unstable();
            assert_eq!(numbers, (1..=layer.spans.len() as u64).collect::<Vec<_>>());
            for span in &layer.spans {
                for key in ["holder", "speaker"] {
                    if let Some(id) = span.attrs.str(key) {
                        let target = layer.span(&SpanId::from(id)).expect("resolves");
                        assert_eq!(target.label, "actor");
                        references += 1;
                    }
                }
            }
        }
        assert!(references > 50, "{references}");
    }

    #[test]
    fn round_trips_through_the_project_file() {
        let project = project(&SyntheticConfig {
            documents: 3,
            text_bytes: 9_000,
            spans: 120,
            annotators: 2,
            seed: 7,
        });
        let text = project_to_ron(&project);
        let loaded = parse_project(&text, Path::new("synthetic.ron")).expect("loads");
        assert_eq!(loaded, project);
    }

    #[test]
    fn long_documents_have_one_dense_layer() {
        let project = long_document(200_000, 4_000, 3);
        assert_eq!(project.documents.len(), 1);
        let doc = &project.documents[0];
        assert!(doc.text.len() <= 200_000 && doc.text.len() > 199_000);
        assert_eq!(doc.layers.len(), 1);
        assert_eq!(doc.span_count(), 4_000);
        assert_eq!(project_problems(&project), Vec::new());
        // Claims and stances are chosen first: four in ten spans are linked
        // to their actor (8,000 of the 1 MB document's 20,000).
        let spans = &doc.layers["analyst-a"].spans;
        let links = crate::model::links::links(&project.schema, spans).len();
        assert!(links >= 1_600, "{links} links");
    }

    #[test]
    fn degenerate_configurations_do_not_panic() {
        for config in [
            SyntheticConfig {
                documents: 0,
                ..SyntheticConfig::default()
            },
            SyntheticConfig {
                text_bytes: 0,
                ..SyntheticConfig::default()
            },
            SyntheticConfig {
                annotators: 0,
                ..SyntheticConfig::default()
            },
            SyntheticConfig {
                documents: 1,
                text_bytes: 300,
                spans: 50,
                annotators: 1,
                seed: 0,
            },
        ] {
            let project = project(&config);
            assert_eq!(project_problems(&project), Vec::new(), "{config:?}");
        }
    }
}

impl SyntheticConfig {
    /// The project of the agreement performance target in DESIGN.md:
    /// 10,000 documents, 50 MB of text, 1,000,000 spans, 4 annotators.
    pub const AGREEMENT: Self = Self {
        documents: 10_000,
        text_bytes: 50_000_000,
        spans: 1_000_000,
        annotators: 4,
        seed: 2025,
    };
}

/// A project for agreement checks: [`project`], then each layer but the
/// first annotator's is left out with probability `absent` (so α meets
/// missing data and pairs share only some documents), and each `date` or
/// `claim` span swaps to the other label with probability `relabel`
/// (dropping its attributes, which both labels may lack), so the confusion
/// table has something to show. Still valid; same configuration, same
/// project.
pub fn agreement_project(config: &SyntheticConfig, absent: f64, relabel: f64) -> Project {
    let mut project = project(config);
    let mut rng = StdRng::seed_from_u64(config.seed ^ 0xA6EE);
    for doc in &mut project.documents {
        let names: Vec<String> = doc.layers.keys().cloned().collect();
        for (i, name) in names.iter().enumerate() {
            if i > 0 && rng.random_bool(absent) {
                doc.layers.remove(name);
                continue;
            }
            let Some(layer) = doc.layers.get_mut(name) else {
                continue;
            };
            for span in &mut layer.spans {
                let other = match span.label.as_str() {
                    "date" => "claim",
                    "claim" => "date",
                    _ => continue,
                };
                if rng.random_bool(relabel) {
                    other.clone_into(&mut span.label);
                    span.attrs.clear();
                }
            }
            layer.sort();
        }
    }
    project
}

#[cfg(test)]
mod agreement_project_tests {
    use super::*;
    use crate::model::validate::project_problems;

    #[test]
    fn agreement_projects_are_valid_and_miss_some_layers() {
        let config = SyntheticConfig {
            documents: 20,
            text_bytes: 40_000,
            spans: 2_000,
            annotators: 4,
            seed: 7,
        };
        let project = agreement_project(&config, 0.3, 0.2);
        assert_eq!(project_problems(&project), Vec::new());
        let layers: usize = project.documents.iter().map(|d| d.layers.len()).sum();
        assert!(layers < 80 && layers > 20, "{layers}");
    }
}

/// What [`unicode_heavy`] writes in place of one code point of the text,
/// or `None` to keep it.
fn heavier(rng: &mut StdRng, c: char) -> Option<&'static str> {
    /// Emoji sequences a sentence may end with: ZWJ sequences, a skin
    /// tone, a flag, a keycap.
    const AFTER_SENTENCE: [&str; 6] = [
        ". \u{1F469}\u{200D}\u{1F4BB}",
        ". \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        ". \u{1F44D}\u{1F3FD}",
        ". \u{1F1EB}\u{1F1F7}",
        ". 1\u{FE0F}\u{20E3}",
        ". \u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
    ];
    match c {
        '\n' => Some("\r\n"),
        ' ' if rng.random_bool(0.05) => Some("\u{A0}"),
        'e' if rng.random_bool(0.08) => Some("e\u{301}"),
        'o' if rng.random_bool(0.05) => Some("o\u{308}"),
        'n' if rng.random_bool(0.03) => Some("n\u{303}"),
        '\'' => Some("\u{2019}"),
        '.' if rng.random_bool(0.15) => Some(AFTER_SENTENCE[rng.random_range(0..6)]),
        _ => None,
    }
}

/// Makes every text of `project` Unicode-heavy, the way pasted news and
/// social media text is: CRLF line ends, the odd no-break space, combining
/// accents after some letters, curly apostrophes, emoji ZWJ sequences,
/// skin tones, flags and keycaps after some sentences. Every span keeps
/// covering the same characters (offsets move with the code points added
/// before them), so the project stays valid. Same `seed`, same project.
pub fn unicode_heavy(project: &mut Project, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0DD5_EED5);
    for doc in &mut project.documents {
        let mut text = String::with_capacity(doc.text.len() + doc.text.len() / 8);
        // `moved[i]`: the new offset of old code point `i` (and of the end).
        let mut moved = Vec::with_capacity(doc.text.len() + 1);
        let mut chars = 0;
        for c in doc.text.chars() {
            moved.push(chars);
            if let Some(s) = heavier(&mut rng, c) {
                text.push_str(s);
                chars += s.chars().count();
            } else {
                text.push(c);
                chars += 1;
            }
        }
        moved.push(chars);
        for layer in doc.layers.values_mut() {
            for span in &mut layer.spans {
                span.start = moved[span.start];
                span.end = moved[span.end];
            }
        }
        doc.sha256 = crate::model::document::text_sha256(&text);
        doc.text = text;
    }
}

#[cfg(test)]
mod unicode_heavy_tests {
    use super::*;
    use crate::model::offsets::slice_chars;
    use crate::model::validate::project_problems;

    #[test]
    fn heavy_texts_keep_every_span_on_its_words() {
        let config = SyntheticConfig {
            documents: 5,
            text_bytes: 20_000,
            spans: 400,
            annotators: 2,
            seed: 3,
        };
        let plain = agreement_project(&config, 0.0, 0.0);
        let mut heavy = plain.clone();
        unicode_heavy(&mut heavy, 3);
        assert_eq!(project_problems(&heavy), Vec::new());
        let text: String = heavy.documents.iter().map(|d| d.text.as_str()).collect();
        for needle in ["\r\n", "\u{200D}", "\u{A0}", "\u{301}", "\u{1F3FD}"] {
            assert!(text.contains(needle), "{needle:?}");
        }
        for (a, b) in plain.documents.iter().zip(&heavy.documents) {
            for (name, layer) in &a.layers {
                for (x, y) in layer.spans.iter().zip(&b.layers[name].spans) {
                    let before = slice_chars(&a.text, x.start, x.end).expect("in the text");
                    let after = slice_chars(&b.text, y.start, y.end).expect("in the text");
                    assert_eq!(
                        before.chars().filter(char::is_ascii_alphanumeric).count(),
                        after.chars().filter(char::is_ascii_alphanumeric).count()
                    );
                }
            }
        }
    }
}
