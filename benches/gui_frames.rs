//! Frames of the real app, driven headlessly on a generated 1 MB document
//! with 20,000 spans: idle, scrolling, resizing, adding a span. Each frame
//! includes layout, painting and tessellation (everything but the GPU).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, Event, Key, Modifiers, MouseWheelUnit, RawInput, Rect, pos2, vec2};
use marginalia::app::MarginaliaApp;
use marginalia::io::save_project;
use marginalia::synthetic::long_document;

/// Drives the app like eframe does, without a window.
struct Driver {
    ctx: Context,
    app: MarginaliaApp,
    size: egui::Vec2,
}

impl Driver {
    fn new(project: &Path, annotator: &str, warm_up_frames: usize) -> Self {
        let mut driver = Self {
            ctx: Context::default(),
            app: MarginaliaApp::with_project(project, annotator),
            size: vec2(1280.0, 800.0),
        };
        for _ in 0..warm_up_frames {
            driver.frame(Vec::new());
        }
        driver
    }

    fn frame(&mut self, events: Vec<Event>) {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), self.size)),
            events,
            ..RawInput::default()
        };
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.frame(ui));
        black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
    }
}

fn scroll(delta: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(pos2(600.0, 400.0)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, delta),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

fn key(key: Key, modifiers: Modifiers) -> Vec<Event> {
    vec![Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }]
}

/// Start-up: open the demo project and draw the first frame.
fn startup(c: &mut Criterion) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron");
    c.bench_function("startup_demo_project_first_frame", |b| {
        b.iter(|| {
            let mut driver = Driver::new(&demo, "analyst-a", 0);
            driver.frame(Vec::new());
        });
    });
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.ron");
    save_project(&long_document(1_000_000, 20_000, 7), &path).expect("save");
    let mut driver = Driver::new(&path, "analyst-a", 5);
    let mut group = c.benchmark_group("gui_frame_1mb_20k_spans");
    group.bench_function("idle", |b| b.iter(|| driver.frame(Vec::new())));
    let mut down = true;
    group.bench_function("scroll", |b| {
        b.iter(|| {
            down = !down;
            driver.frame(scroll(if down { -400.0 } else { 400.0 }));
        });
    });
    let mut wide = true;
    group.bench_function("resize", |b| {
        b.iter(|| {
            wide = !wide;
            driver.size = vec2(if wide { 1280.0 } else { 1180.0 }, 800.0);
            driver.frame(Vec::new());
        });
    });
    driver.size = vec2(1280.0, 800.0);
    // An edit and its undo (Tab selects the next span, C relabels it as a
    // claim, Ctrl+Z): each changes what the string memory holds, so the
    // frame after it brings the live memory and the open document's
    // suggestions up to date; then the same with suggestions hidden.
    group.bench_function("relabel_span_and_undo", |b| {
        b.iter(|| {
            driver.frame(key(Key::Tab, Modifiers::NONE));
            driver.frame(key(Key::C, Modifiers::NONE));
            driver.frame(key(Key::Z, Modifiers::COMMAND));
        });
    });
    driver.frame(key(Key::G, Modifiers::COMMAND | Modifiers::SHIFT));
    group.bench_function("relabel_span_and_undo_without_suggestions", |b| {
        b.iter(|| {
            driver.frame(key(Key::Tab, Modifiers::NONE));
            driver.frame(key(Key::C, Modifiers::NONE));
            driver.frame(key(Key::Z, Modifiers::COMMAND));
        });
    });
    group.finish();
    assert!(driver.app.cached_galleys() > 0);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = startup, frames
}
criterion_main!(benches);
