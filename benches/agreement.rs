//! `agreement()` on the DESIGN.md performance-target project: 10,000
//! documents, 50 MB of text, 1,000,000 spans in 4 annotators' layers
//! (target: ≤ 1 s in release, ≥ 10× the Python reference packages, see
//! `scripts/reference_agreement.py --time`). Cold: every iteration
//! tokenises and counts from the in-memory project, nothing is cached.
//! Run with `cargo bench --bench agreement`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use marginalia::metrics::{AgreementOptions, agreement};
use marginalia::synthetic::{self, SyntheticConfig};

fn agreement_bench(c: &mut Criterion) {
    let project = synthetic::agreement_project(&SyntheticConfig::AGREEMENT, 0.0, 0.02);
    let spans = project.stats().spans;
    eprintln!(
        "agreement: {} documents, {} spans, {} annotators",
        project.documents.len(),
        spans,
        project.annotators().len()
    );

    let mut group = c.benchmark_group("agreement");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(spans as u64));
    group.bench_function("agreement_1m_spans_4_annotators", |b| {
        b.iter_with_large_drop(|| {
            agreement(black_box(&project), &AgreementOptions::default()).expect("a report")
        });
    });
    let per_document = AgreementOptions {
        per_document: true,
        ..AgreementOptions::default()
    };
    group.bench_function("agreement_1m_spans_per_document", |b| {
        b.iter_with_large_drop(|| agreement(black_box(&project), &per_document).expect("a report"));
    });
    group.finish();
}

criterion_group!(benches, agreement_bench);
criterion_main!(benches);
