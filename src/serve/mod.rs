//! `waymark serve`: build, serve, watch, rebuild what changed, reload the browser.

pub mod http;
pub mod rebuild;
pub mod watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Diagnostic, Errors};
use crate::layout::SiteLayout;
use crate::site::BuildOptions;
use rebuild::{Outcome, Rebuilder, Report};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    /// Poll for changes instead of using native file events.
    pub poll: bool,
}

/// How many ports above the asked one to try when it is taken.
const PORT_TRIES: u16 = 10;

pub fn run(opts: &ServeOptions) -> ExitCode {
    // File events carry absolute paths: work from the site's absolute path.
    let root = match std::fs::canonicalize(&opts.root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", crate::error::io_error(&opts.root, &e));
            return ExitCode::FAILURE;
        }
    };
    let opts = &ServeOptions {
        root,
        ..opts.clone()
    };
    let (listener, port) = match bind(&opts.interface, opts.port) {
        Ok(found) => found,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    if port != opts.port {
        println!("port {} is in use; using {port} instead", opts.port);
    }
    let host = if opts.interface.contains(':') {
        format!("[{}]", opts.interface)
    } else {
        opts.interface.clone()
    };
    let base_url = format!("http://{host}:{port}/");
    let layout = SiteLayout::new(&opts.root, &output_folder(opts, &base_url));
    let build = BuildOptions {
        root: opts.root.clone(),
        output: Some(layout.output.clone()),
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        serve: true,
    };
    let mut rebuilder = Rebuilder::new(build, layout.output.clone());
    match rebuilder.full() {
        Ok(report) => print_report(&report),
        Err(errors) => {
            crate::messages::build_failed(&errors);
            return ExitCode::FAILURE;
        }
    }
    let watcher = match watch::Watcher::new(&layout, opts.poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", opts.root.display());
            return ExitCode::FAILURE;
        }
    };
    let hub = Arc::new(http::Hub::default());
    {
        let hub = hub.clone();
        let output = layout.output.clone();
        std::thread::spawn(move || http::serve(listener, output, hub));
    }
    let _ = ctrlc::set_handler(|| {
        println!("\nstopped");
        std::process::exit(0);
    });
    println!(
        "serving {} at {base_url} ({} changes; Ctrl-C to stop)",
        opts.root.display(),
        if watcher.polling {
            "polling for"
        } else {
            "watching for"
        }
    );
    if opts.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&base_url)
            .spawn();
    }
    watch_and_rebuild(&layout, opts.poll, watcher, &mut rebuilder, &hub)
}

/// One folder per site, reused across runs (and recycled by the build), so repeated `serve`
/// sessions do not pile up copies of the site.
fn output_folder(opts: &ServeOptions, base_url: &str) -> PathBuf {
    let output =
        std::env::temp_dir().join(format!("waymark-serve-{:016x}", site_key(opts, base_url)));
    // The folder is waymark's own (named after the site); one left by an older version without
    // the output marker is simply started afresh.
    if output.is_dir() && !output.join(crate::output::MARKER).exists() {
        let _ = std::fs::remove_dir_all(&output);
    }
    output
}

/// Rebuilds on every batch of changes, forever, and tells the browsers.
fn watch_and_rebuild(
    layout: &SiteLayout,
    poll: bool,
    mut watcher: watch::Watcher,
    rebuilder: &mut Rebuilder,
    hub: &http::Hub,
) -> ExitCode {
    let mut watched = source_dirs(layout);
    // Files whose last change failed to build: re-checked with every later change, so the
    // error stays up until they are fixed, whatever else is saved meanwhile.
    let mut broken: Vec<PathBuf> = Vec::new();
    loop {
        let mut changed = watcher.next_batch(Duration::from_secs(3600));
        if changed.is_empty() {
            continue;
        }
        // themes/ or static/ appeared or went: watch what exists now.
        if source_dirs(layout) != watched {
            watched = source_dirs(layout);
            match watch::Watcher::new(layout, poll) {
                Ok(w) => watcher = w,
                Err(e) => eprintln!("warning: cannot watch the new folders: {e}"),
            }
        }
        for b in &broken {
            if !changed.contains(b) {
                changed.push(b.clone());
            }
        }
        match rebuilder.apply(&changed) {
            Ok(report) => {
                broken.clear();
                print_report(&report);
                match &report.outcome {
                    Outcome::Nothing => {}
                    Outcome::Reload => {
                        hub.reload();
                    }
                    Outcome::Css(paths) => {
                        hub.css(paths);
                    }
                }
                refresh_search(rebuilder);
            }
            Err(errors) => {
                broken = changed;
                let text = errors_text(&errors);
                eprintln!("{text}\nthe last good build is still served");
                hub.build_error(&text);
            }
        }
    }
}

/// Rewrites the search index after the browsers were told to reload.
fn refresh_search(rebuilder: &mut Rebuilder) {
    let started = std::time::Instant::now();
    match rebuilder.refresh_search() {
        Some(Ok(docs)) => println!(
            "search index: {docs} docs in {} ms",
            started.elapsed().as_millis()
        ),
        Some(Err(e)) => eprintln!("{e}\nwarning: the search index was not updated"),
        None => {}
    }
}

fn source_dirs(layout: &SiteLayout) -> Vec<bool> {
    layout.sources().iter().map(|d| d.is_dir()).collect()
}

fn errors_text(errors: &Errors) -> String {
    errors
        .0
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_report(report: &Report) {
    for w in &report.warnings {
        eprintln!("{w}");
    }
    let what = if report.full { "full build" } else { "rebuilt" };
    println!("{what}: {} job(s) in {} ms", report.jobs, report.millis);
}

fn bind(interface: &str, port: u16) -> Result<(TcpListener, u16), Diagnostic> {
    let mut last = None;
    for p in port..=port.saturating_add(PORT_TRIES) {
        match TcpListener::bind((interface, p)) {
            Ok(l) => return Ok((l, p)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => {
                return Err(Diagnostic::error(
                    "--interface",
                    format!("cannot listen on {interface}:{p}: {e}"),
                ));
            }
        }
    }
    Err(Diagnostic::error(
        "--port",
        format!(
            "cannot listen on {interface}:{port}: ports {port}-{} are all in use ({})",
            port.saturating_add(PORT_TRIES),
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    )
    .with_hint("pass --port N"))
}

fn site_key(opts: &ServeOptions, base_url: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&opts.root, base_url, opts.drafts).hash(&mut h);
    h.finish()
}
