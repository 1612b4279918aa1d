//! A page whose template never finishes must not hang a build. Runaway output is stopped by
//! the page-size cap ([`crate::render::MAX_PAGE_BYTES`]); this catches loops that write
//! nothing (nested `range` loops), which Tera cannot be told to stop. A render running longer
//! than the limit (60 s, or `WAYMARK_PAGE_TIMEOUT` seconds) ends the process with an error
//! naming the template and the page; the previous output is untouched, as for any failed
//! build (the staging folder is swept by the next build).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The renders in flight, each with when it started and what it is.
#[derive(Default)]
pub struct Watchdog {
    running: Mutex<HashMap<u64, (Instant, String)>>,
    next: AtomicU64,
    done: AtomicBool,
}

/// Marks one render as in flight until dropped.
pub struct Running<'a> {
    dog: &'a Watchdog,
    id: u64,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut r) = self.dog.running.lock() {
            r.remove(&self.id);
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
    /// `what`: how the message names the render (template and page).
    pub fn start(&self, what: impl FnOnce() -> String) -> Running<'_> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut r) = self.running.lock() {
            r.insert(id, (Instant::now(), what()));
        }
        Running { dog: self, id }
    }

    /// Watches until [`Watchdog::finish`]; run it on a thread of its own.
    pub fn watch(&self) {
        let limit = limit();
        while !self.done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            let Ok(running) = self.running.lock() else {
                return;
            };
            if let Some((_, what)) = running.values().find(|(t, _)| t.elapsed() > limit) {
                eprintln!(
                    "{what}: error: the page took more than {} s to render: a loop in the template that does not end?",
                    limit.as_secs()
                );
                eprintln!("build failed: 1 error; the previous output was left as it was");
                std::process::exit(1);
            }
        }
    }

    pub fn finish(&self) {
        self.done.store(true, Ordering::Relaxed);
    }
}
