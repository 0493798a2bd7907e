//! Frames of the real app, driven headlessly on a generated 1 MB document
//! with 20,000 spans: idle, scrolling into text never laid out, resizing,
//! relabelling a span and undoing it (the suggestions follow in the
//! background); the same document with its 8,000 links drawn as arcs
//! (*View → Links → All*), at a new width every frame while scrolling into
//! new text; and the first frames on the agreement-size project while
//! its live memory is built in the background. Each frame includes layout,
//! painting and tessellation (everything but the GPU).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Context, Event, Key, Modifiers, MouseWheelUnit, RawInput, Rect, pos2, vec2};
use marginalia::app::MarginaliaApp;
use marginalia::io::save_project;
use marginalia::synthetic::{SyntheticConfig, agreement_project, long_document};

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

    /// Draws a frame and returns how long it took.
    fn timed_frame(&mut self, events: Vec<Event>) -> Duration {
        let start = Instant::now();
        self.frame(events);
        start.elapsed()
    }

    /// Waits for the suggestions the app brings up to date in the
    /// background (as a user's pause between two keys lets them land).
    fn settle(&mut self) {
        self.app.settle(&self.ctx);
    }
}

/// Frames of scrolling down (one and a half screens a frame) before the
/// direction turns.
const SCROLL_FRAMES: usize = 100;

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
    // Scrolling goes one way for SCROLL_FRAMES frames, then the other way
    // one point narrower: every frame shows text not laid out before at
    // that width (the galleys are cached by width; egui smooths the wheel,
    // so the view moves about as far as the wheel does in each frame).
    let mut scrolled = 0;
    group.bench_function("scroll", |b| {
        b.iter(|| {
            scrolled += 1;
            let leg = scrolled / SCROLL_FRAMES;
            if scrolled.is_multiple_of(SCROLL_FRAMES) {
                driver.size.x -= 1.0;
            }
            driver.frame(scroll(if leg.is_multiple_of(2) {
                -1200.0
            } else {
                1200.0
            }));
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
    // live memory and the open document's suggestions are brought up to
    // date in the background, the previous ones shown meanwhile. Measured:
    // the three frames; first with the background work landing between
    // keys (not timed: a user's pause), then with keys faster than it
    // (each edit finds the project shared with the work in flight, so it
    // copies the project first); then with suggestions hidden.
    group.bench_function("relabel_span_and_undo", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                for (k, m) in [
                    (Key::Tab, Modifiers::NONE),
                    (Key::C, Modifiers::NONE),
                    (Key::Z, Modifiers::COMMAND),
                ] {
                    total += driver.timed_frame(key(k, m));
                    driver.settle();
                }
            }
            total
        });
    });
    group.bench_function(
        "relabel_span_and_undo_keys_faster_than_the_suggestions",
        |b| {
            b.iter(|| {
                driver.frame(key(Key::Tab, Modifiers::NONE));
                driver.frame(key(Key::C, Modifiers::NONE));
                driver.frame(key(Key::Z, Modifiers::COMMAND));
            });
        },
    );
    driver.settle();
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

/// Frames with every link drawn in full (the worst case of arcs: each
/// frame at a new width, so every visible block lays out its text and its
/// arcs again, and scrolled into text not shown before).
fn links(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.ron");
    let project = long_document(1_000_000, 20_000, 7);
    let spans = &project.documents[0].layers["analyst-a"].spans;
    let count = marginalia::model::links::links(&project.schema, spans).len();
    assert!(count >= 8_000, "{count} links");
    save_project(&project, &path).expect("save");
    let mut driver = Driver::new(&path, "analyst-a", 5);
    driver.frame(key(Key::K, Modifiers::COMMAND | Modifiers::SHIFT));
    assert_eq!(
        driver.app.view().links_shown,
        marginalia::ui::links::LinksShown::All
    );
    let mut group = c.benchmark_group("gui_frame_1mb_20k_spans_8k_links");
    group.bench_function("idle_all_links", |b| b.iter(|| driver.frame(Vec::new())));
    let mut frame = 0usize;
    group.bench_function("all_links_scroll_at_a_new_width_every_frame", |b| {
        b.iter(|| {
            frame += 1;
            driver.size.x = 1280.0 - (frame % 97) as f32;
            let leg = frame / SCROLL_FRAMES;
            driver.frame(scroll(if leg.is_multiple_of(2) {
                -1200.0
            } else {
                1200.0
            }));
        });
    });
    group.finish();
}

/// The first frames on the agreement-size project (10,000 documents,
/// 1,000,000 spans): the live memory is built in the background, so they
/// do not wait for it; and an idle frame there, for comparison.
fn open_large(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.ron");
    save_project(
        &agreement_project(&SyntheticConfig::AGREEMENT, 0.0, 0.02),
        &path,
    )
    .expect("save");
    let mut group = c.benchmark_group("gui_frame_1m_spans");
    group.sample_size(10);
    group.bench_function("first_two_frames_while_the_live_memory_builds", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let mut driver = Driver::new(&path, "analyst-a", 0);
                total += driver.timed_frame(Vec::new());
                total += driver.timed_frame(Vec::new());
                assert!(driver.app.suggestions().is_following());
                driver.settle();
            }
            total
        });
    });
    let mut driver = Driver::new(&path, "analyst-a", 1);
    driver.settle();
    group.bench_function("idle", |b| b.iter(|| driver.frame(Vec::new())));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = startup, frames, links, open_large
}
criterion_main!(benches);
