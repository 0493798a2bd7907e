//! Long work (loading, importing, exporting) on a background thread, with
//! progress the window can show; the UI thread only polls.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::Context;

/// How far a job has got: `done` of `total` steps (documents, files…).
#[derive(Debug)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    repaint: Context,
}

impl Progress {
    /// Reports `done` of `total` steps; the window repaints when the whole
    /// percentage changes.
    pub fn set(&self, done: usize, total: usize) {
        let before = self.percent();
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done.min(total), Ordering::Relaxed);
        if self.percent() != before {
            self.repaint.request_repaint();
        }
    }

    /// The fraction done, once a total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| self.done.load(Ordering::Relaxed) as f32 / total as f32)
    }

    fn percent(&self) -> Option<u32> {
        self.fraction().map(|f| (f * 100.0) as u32)
    }
}

/// Where a job stands.
#[derive(Debug)]
pub enum JobState<T> {
    /// Still working.
    Running,
    /// Finished with this result.
    Done(T),
    /// The work panicked or its thread vanished.
    Failed(String),
}

/// Work running on its own thread.
#[derive(Debug)]
pub struct Job<T> {
    label: String,
    progress: Arc<Progress>,
    receiver: Receiver<std::thread::Result<T>>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; it reports progress through the
    /// [`Progress`] it is given, and the window repaints when it ends.
    pub fn spawn(
        label: impl Into<String>,
        ctx: &Context,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let label = label.into();
        let progress = Arc::new(Progress {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            repaint: ctx.clone(),
        });
        let (sender, receiver) = channel();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name(label.clone())
            .spawn(move || {
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&shared)));
                let _ = sender.send(result);
                shared.repaint.request_repaint();
            })?;
        Ok(Self {
            label,
            progress,
            receiver,
        })
    }

    /// What the job is doing, for the status bar.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The fraction done, once known.
    pub fn fraction(&self) -> Option<f32> {
        self.progress.fraction()
    }

    /// Takes the result if the job has finished.
    pub fn poll(&self) -> JobState<T> {
        match self.receiver.try_recv() {
            Ok(result) => finished(result),
            Err(TryRecvError::Empty) => JobState::Running,
            Err(TryRecvError::Disconnected) => JobState::Failed(STOPPED.to_owned()),
        }
    }

    /// Waits until the job has finished and takes its result (never
    /// [`JobState::Running`]).
    pub fn wait(&self) -> JobState<T> {
        self.receiver
            .recv()
            .map_or_else(|_| JobState::Failed(STOPPED.to_owned()), finished)
    }
}

/// What a job whose thread vanished reports.
const STOPPED: &str = "the work stopped";

/// The state of a job that handed back `result`.
fn finished<T>(result: std::thread::Result<T>) -> JobState<T> {
    match result {
        Ok(value) => JobState::Done(value),
        Err(panic) => JobState::Failed(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "the work stopped unexpectedly".to_owned()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn wait<T: Send + 'static>(job: &Job<T>) -> JobState<T> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match job.poll() {
                JobState::Running => {
                    assert!(Instant::now() < deadline, "the job never finished");
                    std::thread::sleep(Duration::from_millis(5));
                }
                done => return done,
            }
        }
    }

    #[test]
    fn a_job_reports_progress_and_hands_back_its_result() {
        let ctx = Context::default();
        let job = Job::spawn("counting", &ctx, |progress| {
            progress.set(3, 4);
            42
        })
        .expect("spawns");
        assert!(matches!(wait(&job), JobState::Done(42)));
        assert!(
            matches!(job.wait(), JobState::Failed(_)),
            "handed back once"
        );
        assert_eq!(job.fraction(), Some(0.75));
        assert_eq!(job.label(), "counting");
    }

    #[test]
    fn a_panicking_job_fails_with_its_message() {
        let ctx = Context::default();
        let job: Job<()> = Job::spawn("broken", &ctx, |_| panic!("disk on fire")).expect("spawns");
        match wait(&job) {
            JobState::Failed(message) => assert!(message.contains("disk on fire")),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
