//! Progress on standard error for long commands (import, export, merge,
//! agree): a spinner naming the current step, and a bar once the step
//! counts its work. Drawn only when standard error is a terminal, so
//! scripts, pipes and tests see nothing.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A command's progress indicator; cleared when dropped.
pub struct Progress {
    bar: ProgressBar,
    counting: std::cell::Cell<bool>,
}

impl Progress {
    /// Starts a spinner showing `step` (e.g. "loading p.ron"), or a hidden
    /// indicator when standard error is not a terminal.
    pub fn start(step: impl Into<String>) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(step.into());
        Self {
            bar,
            counting: std::cell::Cell::new(false),
        }
    }

    /// Moves on to another step, shown as a spinner again.
    pub fn step(&self, step: impl Into<String>) {
        if self.counting.replace(false) {
            self.bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            self.bar.unset_length();
        }
        self.bar.set_message(step.into());
    }

    /// Shows that `done` of `total` items of the current step are done.
    pub fn update(&self, done: usize, total: usize) {
        if !self.counting.replace(true) {
            self.bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }

    /// A callback for work that reports `(done, total)`.
    pub fn callback(&self) -> impl Fn(usize, usize) + '_ {
        move |done, total| self.update(done, total)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_off_a_terminal_is_silent_and_cheap() {
        // Under `cargo test` standard error is captured, not a terminal.
        let progress = Progress::start("loading");
        progress.update(5, 10);
        progress.step("saving");
        progress.update(10, 10);
        assert!(progress.bar.is_hidden() || std::io::stderr().is_terminal());
    }
}
