//! Suggestions as the window runs them, on the worst cases a user meets:
//! the live string memory built when a project opens, and following one label on the DESIGN.md
//! agreement-size project (10,000 documents, 1,000,000 spans in 4
//! annotators' layers), both a label of a text never labelled before
//! (the automaton over every remembered text is rebuilt) and of a text
//! already remembered; and the pending suggestions of a 1 MB document with
//! 20,000 labelled spans computed cold, for an annotator who has labelled
//! nothing there (everything is offered). Run with `cargo bench --bench suggest`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use marginalia::edit::Edit;
use marginalia::model::{DocId, Project, Span};
use marginalia::suggest::{Candidates, LiveMemory, Memory, pending};
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
        live.refresh(project, now, |d| if *d == changed { now } else { 0 });
    }
}

fn suggest_bench(c: &mut Criterion) {
    let mut project = synthetic::agreement_project(&SyntheticConfig::AGREEMENT, 0.0, 0.02);
    let mut group = c.benchmark_group("suggest");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));

    // Labels go to a fifth annotator's layer, "analyst-z".
    group.bench_function("live_memory_first_build_1m_spans", |b| {
        b.iter_with_large_drop(|| {
            let mut live = LiveMemory::default();
            live.refresh(black_box(&project), 1, |_| 0);
            live
        });
    });
    let mut live = LiveMemory::default();
    let mut generation = 1;
    live.refresh(&project, generation, |_| 0);
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
    live.refresh(&long, generation, |_| 0);
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
            live.refresh(&long, now, |_| now);
            let doc = &long.documents[0];
            pending(&long.schema, live.memory(), doc, "newcomer", &mut warm)
        });
    });
    group.finish();
}

criterion_group!(benches, suggest_bench);
criterion_main!(benches);
