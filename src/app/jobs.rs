//! The app's one background job at a time (loading a copy to merge,
//! importing, exporting, creating a project): the work runs on its own
//! thread and hands back what to do with its result on the UI thread. A
//! job whose result lands in the project is tied to the session it
//! started in: when another project has been opened meanwhile, its result
//! is dropped instead of landing in the wrong project.

use egui::Context;

use super::MarginaliaApp;
use crate::ui::job::{Job, JobState, Progress};

/// What a finished job does to the app, on the UI thread.
pub(super) type Finish = Box<dyn FnOnce(&mut MarginaliaApp, &Context) + Send>;

/// The job running now, and the session its result belongs to.
pub(super) struct RunningJob {
    job: Job<Finish>,
    /// [`crate::session::Session::identity`] of the session the result
    /// lands in; `None` when it only reports on files it wrote.
    session: Option<u64>,
}

impl MarginaliaApp {
    /// Starts `work` in the background, unless another job is running; its
    /// result is dropped if another project is open by the time it is done.
    pub(super) fn run_job(
        &mut self,
        ctx: &Context,
        label: &str,
        work: impl FnOnce(&Progress) -> Finish + Send + 'static,
    ) {
        let session = Some(self.session.identity());
        self.spawn_job(ctx, label, session, work);
    }

    /// Starts `work`, whose result only reports on (or opens) files it
    /// wrote, so it is shown whichever project is open when it is done.
    pub(super) fn run_file_job(
        &mut self,
        ctx: &Context,
        label: &str,
        work: impl FnOnce(&Progress) -> Finish + Send + 'static,
    ) {
        self.spawn_job(ctx, label, None, work);
    }

    fn spawn_job(
        &mut self,
        ctx: &Context,
        label: &str,
        session: Option<u64>,
        work: impl FnOnce(&Progress) -> Finish + Send + 'static,
    ) {
        if let Some(running) = &self.job {
            let text = format!(
                "Wait until \u{201C}{}\u{201D} finishes",
                running.job.label()
            );
            self.complain(text);
            return;
        }
        match Job::spawn(label, ctx, work) {
            Ok(job) => {
                self.say(format!("{label}…"));
                self.job = Some(RunningJob { job, session });
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
        self.job
            .as_ref()
            .map(|running| (running.job.label(), running.job.fraction()))
    }

    /// Finishes the job once its work is done.
    pub(super) fn poll_job(&mut self, ctx: &Context) {
        let Some(running) = &self.job else { return };
        let state = running.job.poll();
        if matches!(state, JobState::Running) {
            return;
        }
        let label = running.job.label().to_owned();
        let elsewhere = running
            .session
            .is_some_and(|id| id != self.session.identity());
        self.job = None;
        match state {
            JobState::Running => {}
            JobState::Done(_) if elsewhere => self.say(format!(
                "\u{201C}{label}\u{201D} was for the project open before; its result was dropped"
            )),
            JobState::Done(finish) => finish(self, ctx),
            JobState::Failed(message) => self.complain(format!("{label} failed: {message}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::mpsc::channel;
    use std::time::{Duration, Instant};

    use super::*;

    fn project(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
    }

    /// Polls until the job is gone (five seconds at most).
    fn finish(app: &mut MarginaliaApp, ctx: &Context) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while app.is_busy() {
            assert!(Instant::now() < deadline, "the job never finished");
            std::thread::sleep(Duration::from_millis(5));
            app.poll_job(ctx);
        }
    }

    #[test]
    fn a_job_for_the_previous_project_does_not_land_in_the_next_one() {
        let ctx = Context::default();
        let mut app = MarginaliaApp::with_project(&project("projects/diplomacy-demo.ron"), "t");
        let (release, wait) = channel::<()>();
        app.run_job(&ctx, "Importing", move |_| {
            let _ = wait.recv();
            Box::new(|app: &mut MarginaliaApp, _: &Context| {
                std::sync::Arc::make_mut(&mut app.session.project)
                    .documents
                    .clear();
            }) as Finish
        });
        app.open_now(&project("tests/fixtures/unicode.ron"));
        let opened = app.session.project.clone();
        release.send(()).expect("job waits");
        finish(&mut app, &ctx);
        assert_eq!(app.session.project, opened, "the result was dropped");
        let notice = app.notice.as_ref().expect("said so");
        assert!(notice.text.contains("was for the project open before"));
    }

    #[test]
    fn a_job_that_wrote_files_reports_whichever_project_is_open() {
        let ctx = Context::default();
        let mut app = MarginaliaApp::with_project(&project("projects/diplomacy-demo.ron"), "t");
        let (release, wait) = channel::<()>();
        app.run_file_job(&ctx, "Exporting", move |_| {
            let _ = wait.recv();
            Box::new(|app: &mut MarginaliaApp, _: &Context| app.say("Exported")) as Finish
        });
        app.open_now(&project("tests/fixtures/unicode.ron"));
        release.send(()).expect("job waits");
        finish(&mut app, &ctx);
        assert_eq!(
            app.notice.as_ref().map(|n| n.text.as_str()),
            Some("Exported")
        );
    }
}
