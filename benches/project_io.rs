//! Load and save of the DESIGN.md performance-target project: 10,000
//! documents, 50 MB of text, 500,000 spans, 2 annotators (target: ≤ 1 s
//! each in release), as a single file and as a folder project (open ≤ 1 s,
//! save after one edit ≤ 50 ms: the window's save, which writes only the
//! changed layer file). Run with `cargo bench --bench project_io`; peak
//! memory is measured separately (see the README).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use marginalia::edit::Edit;
use marginalia::io::project_file::{load_project, parse_project, project_to_ron, save_project};
use marginalia::model::{DocId, Project, Status};
use marginalia::session::Session;
use marginalia::synthetic::{self, SyntheticConfig};

fn project_io(c: &mut Criterion) {
    let project = synthetic::project(&SyntheticConfig::BENCHMARK);
    let ron = project_to_ron(&project);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bench.ron");
    std::fs::write(&path, &ron).expect("write the bench project");
    eprintln!(
        "project_io: {} documents, {} spans, file {:.1} MB",
        project.documents.len(),
        project.stats().spans,
        ron.len() as f64 / 1e6
    );

    let mut group = c.benchmark_group("project_io");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(12))
        .throughput(Throughput::Bytes(ron.len() as u64));
    group.bench_function("parse_project", |b| {
        b.iter_with_large_drop(|| {
            parse_project(black_box(&ron), Path::new("bench.ron")).expect("parses")
        });
    });
    group.bench_function("load_project", |b| {
        b.iter_with_large_drop(|| load_project(black_box(&path)).expect("loads"));
    });
    group.bench_function("project_to_ron", |b| {
        b.iter_with_large_drop(|| project_to_ron(black_box(&project)));
    });
    let out = dir.path().join("saved.ron");
    group.bench_function("save_project", |b| {
        b.iter(|| save_project(black_box(&project), &out).expect("saves"));
    });
    group.finish();
    folder_io(&project, dir.path());
}

/// The same project as a folder project: opened by the window's session,
/// and saved after one edit, each time on another document (the edit's
/// layer file is written, nothing else).
fn folder_io(project: &Project, dir: &Path) {
    let folder = dir.join("bench.marginalia");
    marginalia::io::save_project(project, &folder).expect("write the folder project");
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("folder_project");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(12));
    group.bench_function("open", |b| {
        b.iter_with_large_drop(|| Session::open(black_box(&folder)).expect("opens"));
    });
    let mut session = Session::open(&folder).expect("opens");
    let mut targets: Vec<(DocId, String, Status)> = session
        .project
        .documents
        .iter()
        .filter_map(|doc| {
            let (annotator, layer) = doc.layers.iter().next()?;
            Some((doc.id.clone(), annotator.clone(), layer.status))
        })
        .collect();
    let mut next = 0;
    group
        .sample_size(50)
        .bench_function("save_after_one_edit", |b| {
            b.iter(|| {
                let index = next % targets.len();
                next += 1;
                let (doc, annotator, before) = targets[index].clone();
                let after = if before == Status::Done {
                    Status::InProgress
                } else {
                    Status::Done
                };
                session
                    .apply(Edit::SetStatus {
                        doc,
                        annotator,
                        before,
                        after,
                    })
                    .expect("edit");
                targets[index].2 = after;
                session.save().expect("saves");
            });
        });
    group.finish();
}

criterion_group!(benches, project_io);
criterion_main!(benches);
