//! Watching the site's sources: native file events (notify), or polling where native events
//! are unreliable (network and container file systems, some editors' atomic saves), and
//! debouncing bursts of events into one batch of changed paths.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::layout::SiteLayout;

/// Quiet time that ends a burst of events.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// A burst never holds a rebuild back longer than this.
const MAX_WAIT: Duration = Duration::from_millis(300);
/// How often the polling watcher looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Watches a site's `content/`, `themes/`, `static/` and `waymark.toml`.
pub struct Watcher {
    /// Keeps the native or polling watcher alive.
    _backend: Box<dyn std::any::Any + Send>,
    events: Receiver<notify::Result<Event>>,
    pub polling: bool,
}

impl Watcher {
    /// Watches the site's sources, natively unless `poll` (or native watching fails).
    pub fn new(layout: &SiteLayout, poll: bool) -> notify::Result<Watcher> {
        if !poll {
            match Self::native(layout) {
                Ok(w) => return Ok(w),
                Err(e) => eprintln!(
                    "native file watching failed ({e}); polling every {POLL_INTERVAL:?} instead"
                ),
            }
        }
        Self::polling(layout)
    }

    fn native(layout: &SiteLayout) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let mut w = notify::recommended_watcher(tx)?;
        watch_sources(layout, |p, mode| w.watch(p, mode))?;
        Ok(Watcher {
            _backend: Box::new(w),
            events: rx,
            polling: false,
        })
    }

    /// A polling watcher (public so it can be tested on its own).
    pub fn polling(layout: &SiteLayout) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let poller = Poller::new(layout);
        let stop = Arc::new(AtomicBool::new(false));
        let keep = PollHandle(stop.clone());
        std::thread::spawn(move || poller.run(tx, &stop));
        Ok(Watcher {
            _backend: Box::new(keep),
            events: rx,
            polling: true,
        })
    }

    /// Waits up to `timeout` for a change, then collects the rest of its burst. Returns the
    /// changed paths, or an empty list on timeout.
    pub fn next_batch(&self, timeout: Duration) -> Vec<PathBuf> {
        let mut paths = BTreeSet::new();
        match self.events.recv_timeout(timeout) {
            Ok(event) => add(&mut paths, event),
            Err(RecvTimeoutError::Timeout) => return Vec::new(),
            Err(RecvTimeoutError::Disconnected) => return Vec::new(),
        }
        let start = Instant::now();
        while start.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(DEBOUNCE) {
                Ok(event) => add(&mut paths, event),
                Err(_) => break,
            }
        }
        paths.into_iter().collect()
    }
}

/// Stops the polling thread when the watcher is dropped.
struct PollHandle(Arc<AtomicBool>);

impl Drop for PollHandle {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What a file looked like at the last poll: size and modification time to the nanosecond
/// (notify's poller compares whole seconds, which misses quick successive saves).
type Stamp = (u64, Option<std::time::SystemTime>);

/// Polls the site's sources: one walk and one `stat` per file each interval.
struct Poller {
    layout: SiteLayout,
    files: HashMap<PathBuf, Stamp>,
}

impl Poller {
    fn new(layout: &SiteLayout) -> Poller {
        let mut p = Poller {
            layout: layout.clone(),
            files: HashMap::new(),
        };
        p.files = p.scan();
        p
    }

    fn scan(&self) -> HashMap<PathBuf, Stamp> {
        let mut files = HashMap::new();
        let mut add = |path: &Path| {
            if let Ok(m) = std::fs::metadata(path) {
                files.insert(path.to_path_buf(), (m.len(), m.modified().ok()));
            }
        };
        add(&self.layout.config);
        for dir in self.layout.sources() {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if entry.file_type().is_file() {
                    add(entry.path());
                }
            }
        }
        files
    }

    fn run(mut self, tx: std::sync::mpsc::Sender<notify::Result<Event>>, stop: &AtomicBool) {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(POLL_INTERVAL);
            let now = self.scan();
            let mut changed: Vec<PathBuf> = now
                .iter()
                .filter(|(p, stamp)| self.files.get(*p) != Some(stamp))
                .map(|(p, _)| p.clone())
                .collect();
            changed.extend(self.files.keys().filter(|p| !now.contains_key(*p)).cloned());
            self.files = now;
            if !changed.is_empty() {
                let event = changed
                    .into_iter()
                    .fold(Event::new(EventKind::Any), Event::add_path);
                if tx.send(Ok(event)).is_err() {
                    return;
                }
            }
        }
    }
}

fn watch_sources(
    layout: &SiteLayout,
    mut watch: impl FnMut(&Path, RecursiveMode) -> notify::Result<()>,
) -> notify::Result<()> {
    for dir in layout.sources() {
        if dir.is_dir() {
            watch(dir, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively: waymark.toml (atomic saves replace the file, so the
    // folder is watched rather than the file) and new themes/ or static/ folders.
    watch(&layout.root, RecursiveMode::NonRecursive)
}

fn add(paths: &mut BTreeSet<PathBuf>, event: notify::Result<Event>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for p in event.paths {
        let hidden_or_temp = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            n.starts_with(".#")
                || n.ends_with('~')
                || n.ends_with(".swp")
                || n.ends_with(".swx")
                || n == "4913"
        });
        if !hidden_or_temp {
            paths.insert(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The polling watcher on its own: creating, changing, renaming and deleting files are
    /// all seen, and a burst arrives as one batch.
    #[test]
    fn polling_watcher_sees_every_kind_of_change() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/help")).unwrap();
        std::fs::write(root.join("content/help/a.md"), "a").unwrap();
        let w = Watcher::polling(&SiteLayout::new(root, &root.join("public"))).unwrap();
        assert!(w.polling);
        std::thread::sleep(POLL_INTERVAL * 2);
        let wait = Duration::from_secs(5);
        let seen = |w: &Watcher, name: &str| {
            let deadline = Instant::now() + wait;
            while Instant::now() < deadline {
                if w.next_batch(wait).iter().any(|p| p.ends_with(name)) {
                    return true;
                }
            }
            false
        };

        std::fs::write(root.join("content/help/b.md"), "new").unwrap();
        assert!(seen(&w, "content/help/b.md"), "create");
        std::fs::write(root.join("content/help/a.md"), "changed").unwrap();
        assert!(seen(&w, "content/help/a.md"), "modify");
        std::fs::rename(
            root.join("content/help/b.md"),
            root.join("content/help/c.md"),
        )
        .unwrap();
        assert!(seen(&w, "content/help/c.md"), "rename");
        std::fs::remove_file(root.join("content/help/a.md")).unwrap();
        assert!(seen(&w, "content/help/a.md"), "delete");
        std::fs::write(root.join("waymark.toml"), "x").unwrap();
        assert!(seen(&w, "waymark.toml"), "config in the root");

        for i in 0..50 {
            std::fs::write(root.join(format!("content/help/burst-{i}.md")), "x").unwrap();
        }
        let deadline = Instant::now() + wait;
        let mut batch = Vec::new();
        while batch.is_empty() && Instant::now() < deadline {
            batch = w.next_batch(wait);
        }
        assert!(
            batch.len() >= 40,
            "a burst comes as one batch, got {}",
            batch.len()
        );
    }
}
