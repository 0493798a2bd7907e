//! The app's one background job at a time (loading a copy to merge,
//! importing, exporting, creating a project): the work runs on its own
//! thread and hands back what to do with its result on the UI thread.

use egui::Context;

use super::MarginaliaApp;
use crate::ui::job::{Job, JobState, Progress};

/// What a finished job does to the app, on the UI thread.
pub(super) type Finish = Box<dyn FnOnce(&mut MarginaliaApp, &Context) + Send>;

impl MarginaliaApp {
    /// Starts `work` in the background, unless another job is running.
    pub(super) fn run_job(
        &mut self,
        ctx: &Context,
        label: &str,
        work: impl FnOnce(&Progress) -> Finish + Send + 'static,
    ) {
        if let Some(running) = &self.job {
            let text = format!("Wait until \u{201C}{}\u{201D} finishes", running.label());
            self.complain(text);
            return;
        }
        match Job::spawn(label, ctx, work) {
            Ok(job) => {
                self.say(format!("{label}…"));
                self.job = Some(job);
            }
            Err(err) => self.complain(format!("cannot start \u{201C}{label}\u{201D}: {err}")),
        }
    }

    /// Whether a background job is running.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// The running job's label and progress, for the status bar.
    pub(super) fn job_progress(&self) -> Option<(&str, Option<f32>)> {
        self.job.as_ref().map(|job| (job.label(), job.fraction()))
    }

    /// Finishes the job once its work is done.
    pub(super) fn poll_job(&mut self, ctx: &Context) {
        let Some(job) = &self.job else { return };
        match job.poll() {
            JobState::Running => {}
            JobState::Done(finish) => {
                self.job = None;
                finish(self, ctx);
            }
            JobState::Failed(message) => {
                let label = job.label().to_owned();
                self.job = None;
                self.complain(format!("{label} failed: {message}"));
            }
        }
    }
}
