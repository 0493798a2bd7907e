//! Making links on the long-document case of the GUI target (a 1 MB
//! document with 20,000 spans in one layer): the candidates of a claim's
//! `speaker` nearest first (what keyboard linking computes when it starts
//! and the inspector's picker every frame it is open), the same filtered by
//! typed text, and the edit that deletes the most referenced actor with
//! the links to it. Run with `cargo bench --bench linking`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::edit::links::{LayerRef, remove_with_links};
use marginalia::model::linking::{covered, nearest_first};
use marginalia::model::links::referrers;
use marginalia::model::offsets::CharIndex;
use marginalia::synthetic;

fn linking_bench(c: &mut Criterion) {
    let project = synthetic::long_document(1_000_000, 20_000, 7);
    let doc = &project.documents[0];
    let layer = &doc.layers["analyst-a"];
    let chars = CharIndex::new(&doc.text);
    let spans = &layer.spans;
    let source = spans
        .iter()
        .position(|s| s.label == "claim")
        .map(|first| {
            let claims = spans.iter().filter(|s| s.label == "claim").count();
            spans
                .iter()
                .enumerate()
                .filter(|(_, s)| s.label == "claim")
                .nth(claims / 2)
                .map_or(first, |(i, _)| i)
        })
        .expect("a claim");
    let actors = spans.iter().filter(|s| s.label == "actor").count();
    println!("spans: {}, actors: {actors}", spans.len());
    let mut group = c.benchmark_group("linking");
    group.bench_function("nearest_first_of_a_claim_1mb_20k_spans", |b| {
        b.iter(|| {
            nearest_first(&doc.text, &chars, black_box(spans), source, |s| {
                s.label == "actor"
            })
        });
    });
    group.bench_function("nearest_first_filtered_by_typed_text_1mb_20k_spans", |b| {
        b.iter(|| {
            nearest_first(&doc.text, &chars, black_box(spans), source, |s| {
                s.label == "actor" && covered(&doc.text, &chars, s).to_lowercase().contains("pu")
            })
        });
    });
    let most_referred = spans
        .iter()
        .filter(|s| s.label == "actor")
        .max_by_key(|s| referrers(&project.schema, spans, s.id.as_str()).len())
        .expect("an actor");
    let layer_ref = LayerRef {
        doc: &doc.id,
        annotator: "analyst-a",
        spans,
    };
    group.bench_function("delete_the_most_referenced_actor_with_its_links", |b| {
        b.iter(|| remove_with_links(&project.schema, layer_ref, black_box(&most_referred.id)));
    });
    group.finish();
}

criterion_group!(benches, linking_bench);
criterion_main!(benches);
