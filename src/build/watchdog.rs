//! A page whose template never finishes must not hang a build. Runaway output is stopped by
//! the page-size cap ([`crate::render::MAX_PAGE_BYTES`]); this catches loops that write
//! nothing (nested `range` loops), which Tera cannot be told to stop. A render running longer
//! than the limit (60 s, or `WAYMARK_PAGE_TIMEOUT` seconds) ends the process with an error
//! naming the template and the page, in `build`, `check` and `serve` alike (a render thread
//! cannot be stopped any other way); the previous output is untouched, as for any failed
//! build (the staging folder is swept by the next build).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The renders in flight (job index → when it started), and whether the run is over.
#[derive(Default)]
pub struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    running: HashMap<usize, Instant>,
    done: bool,
}

/// Marks one render as in flight until dropped.
pub struct Running<'a> {
    dog: &'a Watchdog,
    job: usize,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.dog.state.lock() {
            s.running.remove(&self.job);
        }
    }
}

fn limit() -> Duration {
    let secs = std::env::var("WAYMARK_PAGE_TIMEOUT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

impl Watchdog {
    pub fn start(&self, job: usize) -> Running<'_> {
        if let Ok(mut s) = self.state.lock() {
            s.running.insert(job, Instant::now());
        }
        Running { dog: self, job }
    }

    /// Watches until [`Watchdog::finish`]; `what` names a job in the message. Run it on a
    /// thread of its own: it sleeps until the run ends or a second passes.
    pub fn watch(&self, what: impl Fn(usize) -> String) {
        let limit = limit();
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        while !state.done {
            if let Some((&job, _)) = state.running.iter().find(|(_, t)| t.elapsed() > limit) {
                eprintln!(
                    "{}: error: the page took more than {} s to render: a loop in the template that does not end?",
                    what(job),
                    limit.as_secs()
                );
                eprintln!("build failed: 1 error; the previous output was left as it was");
                std::process::exit(1);
            }
            match self.wake.wait_timeout(state, Duration::from_secs(1)) {
                Ok((s, _)) => state = s,
                Err(_) => return,
            }
        }
    }

    /// A guard that calls [`Watchdog::finish`] when dropped.
    pub fn finish_on_drop(&self) -> Finish<'_> {
        Finish(self)
    }

    pub fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.done = true;
        }
        self.wake.notify_all();
    }
}

pub struct Finish<'a>(&'a Watchdog);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}
