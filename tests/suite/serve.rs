//! `waymark serve` end to end: edit, create, delete and rename pages and templates while it
//! runs, and check what is served and what browsers are told.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::SiteTest;

struct Server {
    child: Child,
    port: u16,
    /// What it prints after "serving".
    lines: Receiver<String>,
    /// The server's $TMPDIR, where it keeps its output: removed with the test.
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &SiteTest, extra: &[&str]) -> Server {
    start_in(site, extra, false)
}

/// Starts `waymark serve`; `relative` runs it inside the site with no `--root`, as the README
/// tells users to.
fn start_in(site: &SiteTest, extra: &[&str], relative: bool) -> Server {
    let port = 20000
        + (std::process::id() % 10000) as u16
        + extra.len() as u16 * 7
        + u16::from(relative) * 3;
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waymark"));
    cmd.arg("serve").env("TMPDIR", tmp.path());
    if relative {
        cmd.current_dir(site.root());
    } else {
        cmd.arg("--root").arg(site.root());
    }
    let mut child = cmd
        .args(["--port", &port.to_string()])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut port = port;
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve did not start");
        if let Some(rest) = line.strip_prefix("port ")
            && let Some(p) = rest.split("using ").nth(1)
        {
            port = p.split_whitespace().next().unwrap().parse().unwrap();
        }
        if line.starts_with("serving ") {
            break;
        }
    }
    Server {
        child,
        port,
        lines: rx,
        _tmp: tmp,
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Subscribes to the event stream; events arrive as (name, data).
fn events(port: u16) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        let mut data = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty()
                && !name.is_empty()
                && tx
                    .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                    .is_err()
            {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    rx
}

fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(20))
        .expect("no event from the server")
}

#[test]
fn edits_of_every_kind_reach_the_browser() {
    let site = SiteTest::fixture("basic");
    site.write("static/extra.css", "body { color: red; }");
    let server = start(&site, &[]);
    let port = server.port;
    let rx = events(port);

    let (status, page) = get(port, "/help/a/");
    assert_eq!(status, 200);
    assert!(page.contains("Start here."));
    assert!(page.contains("<script src=\"/__waymark/live.js\" defer></script></body>"));
    assert!(get(port, "/__waymark/live.js").1.contains("EventSource"));

    // A body edit: the page changes, browsers are told to reload.
    site.write(
        "content/help/a.md",
        &std::fs::read_to_string(site.root().join("content/help/a.md"))
            .unwrap()
            .replace("Start here.", "Begin here."),
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(port, "/help/a/").1.contains("Begin here."));

    // A title edit: the section's list changes too.
    site.write(
        "content/help/b.md",
        &std::fs::read_to_string(site.root().join("content/help/b.md"))
            .unwrap()
            .replace("Billing questions", "Paying invoices"),
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(port, "/help/").1.contains("Paying invoices"));
    assert!(get(port, "/tags/billing/").1.contains("Paying invoices"));

    // Create, rename and delete pages.
    site.write(
        "content/help/new.md",
        "---\ntitle: Brand new\nweight: 9\nproduct_area: New\n---\nFresh.\n",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(port, "/help/new/").0, 200);
    std::fs::rename(
        site.root().join("content/help/new.md"),
        site.root().join("content/help/renamed.md"),
    )
    .unwrap();
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(port, "/help/renamed/").0, 200);
    assert_eq!(get(port, "/help/new/").0, 404);
    site.remove("content/help/renamed.md");
    assert_eq!(next_event(&rx).0, "reload");
    assert_eq!(get(port, "/help/renamed/").0, 404);

    // A template edit re-renders the pages that use it.
    site.write(
        "themes/default/templates/article.html",
        "<main>ARTICLE {{ page.title }}</main>",
    );
    assert_eq!(next_event(&rx).0, "reload");
    assert!(
        get(port, "/help/a/")
            .1
            .starts_with("<main>ARTICLE Reset a password</main>")
    );
    assert!(
        get(port, "/about/").1.contains("<html"),
        "pages with other templates are untouched"
    );

    // A stylesheet edit swaps the stylesheet without a reload.
    site.write("static/extra.css", "body { color: blue; }");
    let (name, data) = next_event(&rx);
    assert_eq!((name.as_str(), data.as_str()), ("css", "[\"extra.css\"]"));
    assert!(get(port, "/extra.css").1.contains("blue"));

    // A build error shows in the browser, the last good page stays served, a fix clears it.
    let good = std::fs::read_to_string(site.root().join("content/help/a.md")).unwrap();
    site.write(
        "content/help/a.md",
        "---\ntitle: A\nweight: heavy\n---\nBroken.\n",
    );
    let (name, data) = next_event(&rx);
    assert_eq!(name, "build-error");
    assert!(
        data.contains("content/help/a.md:3:1: error: front matter field `weight`"),
        "{data}"
    );
    assert!(get(port, "/help/a/").1.contains("ARTICLE Reset a password"));
    let late = events(port);
    assert_eq!(
        next_event(&late).0,
        "build-error",
        "a browser that connects now sees the error too"
    );
    site.write("content/help/a.md", &good.replace("Begin here.", "Fixed."));
    assert_eq!(next_event(&rx).0, "reload");
}

#[test]
fn the_server_stays_inside_the_output_and_handles_many_connections() {
    let site = SiteTest::fixture("basic");
    let server = start(&site, &["--poll"]);
    let port = server.port;
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/help/..%2f..%2f..%2fetc/passwd",
    ] {
        assert_eq!(get(port, path).0, 404, "{path}");
    }
    assert_eq!(get(port, "../etc/passwd").0, 400);

    let handles: Vec<_> = (0..64)
        .map(|_| std::thread::spawn(move || get(port, "/help/a/").0))
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    // Ranges, for the search index.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /robots.txt HTTP/1.1\r\nRange: bytes=0-9\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 206"), "{raw}");
    assert!(raw.ends_with("\r\n\r\nUser-agent"), "{raw}");

    // The polling watcher picks up edits too.
    let rx = events(port);
    site.write("content/about.md", "---\ntitle: About us\n---\nPolled.\n");
    assert_eq!(next_event(&rx).0, "reload");
    assert!(get(port, "/about/").1.contains("Polled."));
}

#[test]
fn serving_from_inside_the_site_keeps_errors_up_and_watches_new_folders() {
    let site = SiteTest::fixture("types");
    let server = start_in(&site, &[], true);
    let port = server.port;
    let rx = events(port);

    // Run as documented (`cd site && waymark serve`), edits are seen.
    let twofa = std::fs::read_to_string(site.root().join("content/help/twofa.md")).unwrap();
    site.write(
        "content/help/twofa.md",
        &twofa.replace("Two-factor lockout", "Locked out of 2FA"),
    );
    assert_eq!(next_event(&rx).0, "reload");
    // Pages that show the title through a reference follow it.
    assert!(
        get(port, "/help/reset/").1.contains("Locked out of 2FA"),
        "related article card"
    );

    // A broken file stays reported while other files are saved.
    let reset = std::fs::read_to_string(site.root().join("content/help/reset.md")).unwrap();
    site.write(
        "content/help/reset.md",
        &reset.replace("product_area: Accounts", "product_area: [Accounts"),
    );
    assert_eq!(next_event(&rx).0, "build-error");
    site.write(
        "content/help/invoice.md",
        "---\ntitle: Download an invoice\nproduct_area: Billing\n---\nChanged.\n",
    );
    assert_eq!(
        next_event(&rx).0,
        "build-error",
        "the other save does not hide the error"
    );
    site.write("content/help/reset.md", &reset);
    assert_eq!(next_event(&rx).0, "reload");

    // A static/ folder created while serving is watched from then on.
    site.write("static/new.css", "a { color: red; }");
    assert_eq!(next_event(&rx).0, "reload");
    std::thread::sleep(Duration::from_millis(300));
    site.write("static/new.css", "a { color: blue; }");
    let (name, data) = next_event(&rx);
    assert_eq!((name.as_str(), data.as_str()), ("css", "[\"new.css\"]"));
    assert!(get(port, "/new.css").1.contains("blue"));
}

#[test]
fn the_search_index_follows_page_edits_without_breaking_loaded_pages() {
    let site = SiteTest::fixture("search");
    let server = start(&site, &[]);
    let port = server.port;
    let rx = events(port);
    let entry = |port| -> serde_json::Value {
        let (status, body) = get(port, "/search/entry.json");
        assert_eq!(status, 200);
        serde_json::from_str(&body).unwrap()
    };
    let before = entry(port);
    let path = "content/help/request-a-refund.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &text.replace("Annual plans", "Quixotic annual plans"));
    assert_eq!(next_event(&rx).0, "reload");
    let deadline = Instant::now() + Duration::from_secs(20);
    let after = loop {
        let now = entry(port);
        if now != before {
            break now;
        }
        assert!(Instant::now() < deadline, "the index was not rewritten");
        std::thread::sleep(Duration::from_millis(50));
    };
    // Everything the new entry points at is served, and so is the previous generation (a page
    // that loaded the old entry.json just before the edit can still finish its query).
    for e in [&after, &before] {
        for f in e["files"].as_array().unwrap() {
            let url = format!("/search/{}", f["url"].as_str().unwrap());
            assert_eq!(get(port, &url).0, 200, "{url}");
        }
        assert_eq!(
            get(
                port,
                &format!("/search/{}", e["hot"]["url"].as_str().unwrap())
            )
            .0,
            200
        );
    }
}

#[test]
fn events_posted_to_the_server_are_printed_for_the_writer() {
    let site = SiteTest::with_files(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
    let server = start(&site, &[]);
    let body = r#"{"event":"feedback","page":"/help/a/","helpful":"no"}"#;
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 204"), "{raw}");
    let line = std::iter::from_fn(|| server.lines.recv_timeout(Duration::from_secs(10)).ok())
        .find(|l| l.starts_with("event "))
        .expect("the event was not printed");
    assert_eq!(line, format!("event /api/events: {body}"));
}
