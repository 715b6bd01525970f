//! The progress bar of long runs: drawn on stderr when it is a terminal, invisible
//! otherwise (pipes, CI, tests).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over messages.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `total` messages, shown when stderr is a terminal and `show` is set.
    pub(crate) fn new(total: u64, show: bool) -> Self {
        let bar = if show && std::io::stderr().is_terminal() {
            let bar =
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(10));
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} msgs {per_sec} {msg}",
            ) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        } else {
            ProgressBar::hidden()
        };
        Self { bar }
    }

    /// One more message settled; `status` is the running tally.
    pub(crate) fn settled(&self, status: impl FnOnce() -> String) {
        self.bar.inc(1);
        if !self.bar.is_hidden() {
            self.bar.set_message(status());
        }
    }

    /// Prints a line above the bar.
    pub(crate) fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            println!("{line}");
        } else {
            self.bar.println(line);
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
