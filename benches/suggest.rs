//! Suggestions as the window runs them, on the worst cases a user meets:
//! the live string memory built when a project opens, and following one label on the DESIGN.md
//! agreement-size project (10,000 documents, 1,000,000 spans in 4
//! annotators' layers), both a label of a text never labelled before
//! (the automaton over every remembered text is rebuilt) and of a text
//! already remembered; and the pending suggestions of a 1 MB document with
//! 20,000 labelled spans computed cold, for an annotator who has labelled
//! nothing there (everything is offered); `marginalia suggest`'s work on
//! one long span over 100 KB of repetitive text (it was quadratic: 35 s);
//! and accepting every one of about 22,000 suggestions on that 1 MB
//! document at once, and undoing it. Run with `cargo bench --bench suggest`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main,
};
use marginalia::edit::{Edit, History};
use marginalia::model::{DocId, Document, Layer, Project, Schema, Span, SpanId, Status};
use marginalia::suggest::live::Sources;
use marginalia::suggest::pending::accept;
use marginalia::suggest::{Candidates, LiveMemory, Memory, Suggestion, pending, suggestions};
use marginalia::synthetic::{self, SyntheticConfig};

/// The edit adding a span over the first `len` code points of document
/// `doc` to a fresh layer, and its undo.
fn label_edit(project: &Project, doc: usize, start: usize, end: usize) -> Edit {
    let document = &project.documents[doc];
    let annotator = "analyst-z".to_owned();
    let layer = document.layers.get("analyst-a").expect("a layer");
    Edit::AddSpan {
        doc: document.id.clone(),
        annotator,
        span: Span::new(layer.next_span_id(), start, end, "actor"),
    }
}

/// Applies `edit`, refreshes the memory, undoes, refreshes again: two
/// edits' worth of live memory.
fn label_and_undo(project: &mut Project, live: &mut LiveMemory, generation: &mut u64, edit: &Edit) {
    for step in [edit.clone(), edit.inverse()] {
        step.apply(project).expect("applies");
        *generation += 1;
        let changed: DocId = step.documents()[0].clone();
        let now = *generation;
        live.refresh(project, &Sources::EveryHuman, now, |d| {
            if *d == changed { now } else { 0 }
        });
    }
}

/// The `suggest` group: few samples of long runs.
fn slow_group(c: &mut Criterion) -> BenchmarkGroup<'_, WallTime> {
    let mut group = c.benchmark_group("suggest");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group
}

fn suggest_bench(c: &mut Criterion) {
    let mut project = synthetic::agreement_project(&SyntheticConfig::AGREEMENT, 0.0, 0.02);
    let mut group = slow_group(c);

    // Labels go to a fifth annotator's layer, "analyst-z".
    group.bench_function("live_memory_first_build_1m_spans", |b| {
        b.iter_with_large_drop(|| {
            let mut live = LiveMemory::default();
            live.refresh(black_box(&project), &Sources::EveryHuman, 1, |_| 0);
            live
        });
    });
    let mut live = LiveMemory::default();
    let mut generation = 1;
    live.refresh(&project, &Sources::EveryHuman, generation, |_| 0);
    println!("remembered texts: {}", live.memory().len());

    let doc = project.documents.len() / 2;
    let text = &project.documents[doc].text;
    // A new text: a whole sentence nobody labelled.
    let sentence_end = text.find('.').map_or(20, |b| text[..b].chars().count());
    let new_text = label_edit(&project, doc, 0, sentence_end);
    group.bench_function("live_memory_label_a_new_text_and_undo_1m_spans", |b| {
        b.iter(|| label_and_undo(&mut project, &mut live, &mut generation, &new_text));
    });
    // A remembered text: where analyst-a labelled something.
    let known = project.documents[doc].layers["analyst-a"].spans[0].clone();
    let known_text = label_edit(&project, doc, known.start, known.end);
    group.bench_function("live_memory_label_a_known_text_and_undo_1m_spans", |b| {
        b.iter(|| label_and_undo(&mut project, &mut live, &mut generation, &known_text));
    });
    drop(project);

    let mut long = synthetic::long_document(1_000_000, 20_000, 7);
    let memory = Memory::build(&long, &long.human_annotators());
    let doc = &long.documents[0];
    group.bench_function("pending_of_a_1mb_document_cold", |b| {
        b.iter(|| {
            let mut cold = Candidates::default();
            pending(&long.schema, black_box(&memory), doc, "newcomer", &mut cold)
        });
    });
    // A relabel (one span of analyst-a's, actor and claim in turn) changes
    // what the memory says but not which texts it holds: the live memory
    // follows it, then the list is made again with the occurrences and
    // dates found kept. This is the work the window does in the background
    // after such an edit.
    let mut live = LiveMemory::default();
    let mut generation = 1;
    live.refresh(&long, &Sources::EveryHuman, generation, |_| 0);
    let mut warm = Candidates::default();
    pending(
        &long.schema,
        live.memory(),
        &long.documents[0],
        "newcomer",
        &mut warm,
    );
    let before = long.documents[0].layers["analyst-a"].spans[0].clone();
    let label = if before.label == "claim" {
        "actor"
    } else {
        "claim"
    };
    let after = Span {
        label: label.to_owned(),
        ..before.clone()
    };
    let relabel = Edit::ChangeSpan {
        doc: long.documents[0].id.clone(),
        annotator: "analyst-a".to_owned(),
        before,
        after,
    };
    let mut steps = [relabel.clone(), relabel.inverse()].into_iter().cycle();
    group.bench_function("pending_of_a_1mb_document_after_a_relabel", |b| {
        b.iter(|| {
            steps
                .next()
                .expect("cycles")
                .apply(&mut long)
                .expect("applies");
            generation += 1;
            let now = generation;
            live.refresh(&long, &Sources::EveryHuman, now, |_| now);
            let doc = &long.documents[0];
            pending(&long.schema, live.memory(), doc, "newcomer", &mut warm)
        });
    });

    let repetitive = one_long_span_over_repetitive_text(100_000);
    let from = ["alice".to_owned()];
    group.bench_function("suggest_one_long_span_over_100kb_repetitive_text", |b| {
        b.iter(|| suggestions(black_box(&repetitive), &from));
    });
    group.finish();
}

/// Accepting 22,000 pending suggestions at once (Shift+Enter's edit) on the
/// 1 MB document, and undoing it, through the undo history as the window
/// does.
fn accept_all_bench(c: &mut Criterion) {
    let mut group = slow_group(c);
    let long = synthetic::long_document(1_000_000, 20_000, 7);
    let memory = Memory::build(&long, &long.human_annotators());
    let doc = &long.documents[0];
    let found = pending(
        &long.schema,
        &memory,
        doc,
        "newcomer",
        &mut Candidates::default(),
    );
    let all: Vec<&Suggestion> = found.iter().take(22_000).collect();
    println!("suggestions accepted at once: {}", all.len());
    let accept_all = accept(&long.schema, doc, "newcomer", &all).expect("an edit");
    group.bench_function("accept_all_22k_suggestions_on_a_1mb_document", |b| {
        b.iter_batched_ref(
            || (long.clone(), History::new()),
            |(project, history)| {
                let edit = accept(&project.schema, &project.documents[0], "newcomer", &all);
                history
                    .apply(project, edit.expect("an edit"))
                    .expect("applies");
            },
            BatchSize::LargeInput,
        );
    });
    let mut accepted = long.clone();
    let mut history = History::new();
    history.apply(&mut accepted, accept_all).expect("applies");
    group.bench_function("undo_accept_all_22k_suggestions_on_a_1mb_document", |b| {
        b.iter_batched_ref(
            || (accepted.clone(), history.clone()),
            |(project, history)| history.undo(project).expect("undoes").is_some(),
            BatchSize::LargeInput,
        );
    });

    group.finish();
}

/// A project whose one document repeats a sentence to about `bytes` bytes,
/// with one `claim` span over all of it by `alice`.
fn one_long_span_over_repetitive_text(bytes: usize) -> Project {
    let unit = "Putin met Trump\u{a0}\u{1F91D}.\n";
    let text = unit.repeat(bytes / unit.len());
    let end = text.chars().count() - 1;
    let mut doc = Document::new("a".into(), String::new(), BTreeMap::new(), text);
    let claim = Span::new(SpanId::numbered(1), 0, end, "claim");
    doc.layers.insert(
        "alice".to_owned(),
        Layer::with_spans(Status::Done, vec![claim]),
    );
    let mut project = Project::new(Schema::builtin());
    project.documents.push(doc);
    project
}

criterion_group!(benches, suggest_bench, accept_all_bench);
criterion_main!(benches);
