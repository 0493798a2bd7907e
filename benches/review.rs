//! Review mode on the DESIGN.md agreement-size project (10,000 documents,
//! 1,000,000 spans in 4 annotators' layers): finding every disagreement
//! site cold (what turning review mode on, or changing the compared
//! annotators, costs) and one decision (the edit into gold plus the
//! recomputation of that document's sites, what each key press costs);
//! and `diff` on the worst case for its pairing, two layers of 20,000
//! spans of one label that all overlap their neighbours.
//! Run with `cargo bench --bench review`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use marginalia::metrics::diff_layers;
use marginalia::model::{Schema, Span, SpanId};
use marginalia::review::{Decision, ReviewSites, decide, document_sites};
use marginalia::synthetic::{self, SyntheticConfig};

fn review_bench(c: &mut Criterion) {
    let mut project = synthetic::agreement_project(&SyntheticConfig::AGREEMENT, 0.0, 0.02);
    let annotators = project.annotators();
    let mut group = c.benchmark_group("review");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("sites_of_every_document_1m_spans", |b| {
        b.iter_with_large_drop(|| {
            ReviewSites::compute(&project.schema, black_box(&project.documents), &annotators)
        });
    });

    // A document in the middle with a disagreement to decide.
    let (doc, site) = (project.documents.len() / 2..project.documents.len())
        .find_map(|d| {
            document_sites(&project.schema, &project.documents[d], &annotators)
                .into_iter()
                .next()
                .map(|site| (d, site))
        })
        .expect("the synthetic annotators disagree somewhere");
    group.bench_function("one_decision_and_its_document_sites", |b| {
        b.iter(|| {
            let edit = decide(
                &project.schema,
                &project.documents[doc],
                &annotators,
                &site,
                Decision::Accept(1),
            )
            .expect("an edit");
            edit.apply(&mut project).expect("applies");
            let sites = document_sites(&project.schema, &project.documents[doc], &annotators);
            edit.inverse().apply(&mut project).expect("undoes");
            sites
        });
    });
    group.finish();
}

/// `count` spans labelled `actor`, one every 5 code points, each 150 to
/// 250 long (so each overlaps about 40 others), lengths varied by `step`.
fn overlapping_layer(count: usize, shift: usize, step: usize) -> Vec<Span> {
    (0..count)
        .map(|i| {
            let start = i * 5 + shift;
            let id = format!("T{i}");
            Span::new(
                SpanId::from(id.as_str()),
                start,
                start + 150 + (i * step) % 100,
                "actor",
            )
        })
        .collect()
}

fn diff_bench(c: &mut Criterion) {
    let schema = Schema::builtin();
    let a = overlapping_layer(20_000, 0, 7);
    let b = overlapping_layer(20_000, 2, 13);
    let mut group = c.benchmark_group("diff");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("diff_20k_overlapping_spans_per_layer", |bench| {
        bench.iter(|| diff_layers(black_box(&a), black_box(&b), &schema).len());
    });
    group.finish();
}

criterion_group!(benches, review_bench, diff_bench);
criterion_main!(benches);
