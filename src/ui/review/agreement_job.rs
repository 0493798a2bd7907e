//! Agreement computed off the UI thread, as a [`Job`]: its result is
//! picked up without blocking. A result computed for an older project state
//! than the newest job started is dropped, so the window never shows
//! figures that are already stale.

use std::sync::Arc;

use crate::metrics::{AgreementOptions, AgreementReport, agreement};
use crate::model::Project;
use crate::ui::job::{Job, JobState};

/// What a finished job hands back: the report, or the error as text.
pub type JobResult = Result<AgreementReport, String>;

/// A job that has been started and not yet polled to completion.
#[derive(Debug)]
struct Running {
    /// The generation the job was started for.
    generation: u64,
    /// The work, or why its thread could not start.
    work: Result<Job<JobResult>, String>,
}

/// Runs [`agreement()`] on a background thread; at most one result is pending
/// at a time, and only the newest job's result is ever returned.
#[derive(Debug, Default)]
pub struct AgreementJob {
    /// The newest job started, while its result has not been picked up.
    running: Option<Running>,
    /// Woken when a result is ready, so the window repaints at once.
    repaint: Option<egui::Context>,
}

impl AgreementJob {
    /// A job runner with nothing running.
    pub fn new() -> Self {
        Self::default()
    }

    /// Repaints `ctx` whenever a job finishes, so a window that polls in its
    /// frame shows the result without waiting for the next input event.
    pub fn set_repaint_context(&mut self, ctx: &egui::Context) {
        self.repaint = Some(ctx.clone());
    }

    /// Starts computing agreement on `project` for the project state
    /// `generation`. A job still running is abandoned: its result is dropped
    /// when it arrives.
    pub fn start(
        &mut self,
        project: impl Into<Arc<Project>>,
        options: AgreementOptions,
        generation: u64,
    ) {
        let project = project.into();
        let repaint = self.repaint.clone().unwrap_or_default();
        let work = Job::spawn(format!("agreement-{generation}"), &repaint, move |_| {
            agreement(&project, &options).map_err(|err| err.to_string())
        })
        .map_err(|err| format!("could not start a thread: {err}"));
        self.running = Some(Running { generation, work });
    }

    /// The newest job's result once it is ready; `None` while it runs or
    /// when no job is pending. Never blocks.
    pub fn poll(&mut self) -> Option<JobResult> {
        let running = self.running.as_ref()?;
        let result = match &running.work {
            Ok(job) => match job.poll() {
                JobState::Running => return None,
                JobState::Done(result) => result,
                JobState::Failed(message) => Err(format!(
                    "the agreement computation stopped without a result: {message}"
                )),
            },
            Err(message) => Err(message.clone()),
        };
        self.running = None;
        Some(result)
    }

    /// Abandons the job running now, if any: its result is dropped when it
    /// arrives.
    pub fn cancel(&mut self) {
        self.running = None;
    }

    /// Whether a job has been started and its result not yet picked up.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The generation of the job running now, if any.
    pub fn generation(&self) -> Option<u64> {
        self.running.as_ref().map(|r| r.generation)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::thread;
    use std::time::{Duration, Instant};

    use super::*;

    fn demo() -> Project {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/diplomacy-demo.ron");
        crate::io::load_project(&path).expect("demo project loads")
    }

    fn options() -> AgreementOptions {
        AgreementOptions {
            annotators: None,
            labels: None,
            per_document: true,
        }
    }

    /// Polls until a result arrives or five seconds pass.
    fn wait(job: &mut AgreementJob) -> Option<JobResult> {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Some(result) = job.poll() {
                return Some(result);
            }
            thread::sleep(Duration::from_millis(5));
        }
        None
    }

    #[test]
    fn a_started_job_hands_back_the_report() {
        let mut job = AgreementJob::new();
        assert!(!job.is_running());
        assert!(job.poll().is_none());
        job.start(demo(), options(), 7);
        assert!(job.is_running());
        assert_eq!(job.generation(), Some(7));
        let report = wait(&mut job).expect("finishes").expect("computes");
        assert_eq!(report.annotators, ["analyst-a", "analyst-b"]);
        assert_eq!(report.documents, 5);
        assert!(!job.is_running());
        assert!(job.poll().is_none(), "a result is handed back once");
    }

    #[test]
    fn a_newer_job_discards_the_older_result() {
        let mut job = AgreementJob::new();
        let project = Arc::new(demo());
        job.start(Arc::clone(&project), options(), 1);
        let only_a = AgreementOptions {
            annotators: Some(vec!["analyst-a".into(), "analyst-b".into()]),
            labels: Some(vec!["actor".into()]),
            per_document: false,
        };
        job.start(project, only_a, 2);
        assert_eq!(job.generation(), Some(2));
        let report = wait(&mut job).expect("finishes").expect("computes");
        assert_eq!(
            report.labels.keys().collect::<Vec<_>>(),
            ["actor"],
            "the result is the newer job's"
        );
        assert!(report.by_document.is_none());
        thread::sleep(Duration::from_millis(50));
        assert!(
            job.poll().is_none(),
            "the older job's result never shows up"
        );
    }

    #[test]
    fn a_cancelled_job_hands_back_nothing() {
        let mut job = AgreementJob::new();
        job.start(demo(), options(), 4);
        job.cancel();
        assert!(!job.is_running());
        assert_eq!(job.generation(), None);
        thread::sleep(Duration::from_millis(100));
        assert!(job.poll().is_none());
    }

    #[test]
    fn an_error_comes_back_as_text() {
        let mut job = AgreementJob::new();
        let unknown = AgreementOptions {
            annotators: Some(vec!["nobody".into(), "analyst-a".into()]),
            labels: None,
            per_document: false,
        };
        job.start(demo(), unknown, 3);
        let result = wait(&mut job).expect("finishes");
        assert!(result.is_err_and(|e| !e.is_empty()));
    }
}
