//! `export_project` on the load benchmark's project (DESIGN.md: 10,000
//! documents, 50 MB of text, 500,000 spans in 2 annotators' layers), in
//! every format, into a temporary folder (target: ≤ 2 s each in release).
//! Every format exports `analyst-a`'s layer (250,000 spans; the token
//! formats hold one layer per document), and `jsonl_all_layers` both
//! layers (500,000 spans). Each iteration converts and writes the output,
//! synced to disk. Run with `cargo bench --bench export`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use marginalia::io::export::{ExportOptions, Format, LayerChoice, export_project};
use marginalia::synthetic::{self, SyntheticConfig};

fn export_bench(c: &mut Criterion) {
    let project = synthetic::project(&SyntheticConfig::BENCHMARK);
    eprintln!(
        "export: {} documents, {} spans",
        project.documents.len(),
        project.stats().spans
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("export");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let mut runs: Vec<(String, ExportOptions)> = Format::ALL
        .into_iter()
        .map(|format| {
            let mut options = ExportOptions::new(format);
            options.layers = LayerChoice::Annotator("analyst-a".to_owned());
            (format.name().to_owned(), options)
        })
        .collect();
    runs.push((
        "jsonl_all_layers".to_owned(),
        ExportOptions::new(Format::Jsonl),
    ));
    for (name, options) in &runs {
        let format = options.format;
        let out = dir.path().join(format!("out.{name}"));
        let report = export_project(&project, options, &out, &|_, _| {}).expect("the export works");
        let bytes: u64 = report
            .files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        eprintln!(
            "export {name} ({format}): {} documents, {} spans, {} files, {:.1} MB",
            report.documents,
            report.spans,
            report.files.len(),
            bytes as f64 / 1e6
        );
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                export_project(black_box(&project), options, &out, &|_, _| {}).expect("exports")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, export_bench);
criterion_main!(benches);
