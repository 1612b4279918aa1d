//! `waymark check`: links, anchors and assets, with the file and line of each problem.

use std::process::Command;

use crate::common::SiteTest;

fn check(site: &SiteTest) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn a_clean_site_passes() {
    let site = SiteTest::fixture("basic");
    let (code, stdout, stderr) = check(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("checked 5 pages and "), "{stdout}");
    assert!(
        !site.exists("index.html"),
        "check writes nothing into the site"
    );
}

#[test]
fn every_kind_of_broken_link_is_reported_where_it_is() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/help/links.md",
        "---\ntitle: Links\nproduct_area: Accounts\n---\n## Here\n\n\
         [ok](a.md#check-the-spam-folder) [theme id](../roles/csm/index.md#main) [self](#here)\n\n\
         [gone](gone.md)\n\n\
         [bad anchor](b.md#nope)\n\n\
         [bad self](#nowhere)\n\n\
         ![missing](missing.png)\n\n\
         [absolute](/docs/nowhere/) [outside the site](/elsewhere/)\n",
    );
    let (code, _, stderr) = check(&site);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(
        lines,
        [
            "content/help/links.md:9:1: error: link to `gone.md` points to no content file",
            "content/help/links.md:11:1: error: `#nope` is not an anchor on /docs/help/b/ (from `b.md#nope`)",
            "content/help/links.md:13:1: error: `#nowhere` is not an anchor on this page",
            "content/help/links.md:15:1: error: link to `missing.png` points to nothing in the built site (it leads to /docs/help/missing.png)",
            "content/help/links.md:17:1: error: link to `/docs/nowhere/` points to nothing in the built site",
        ],
        "{stderr}"
    );
    assert!(stderr.ends_with("check failed: 5 errors\n"), "{stderr}");
}

#[test]
fn front_matter_errors_fail_the_check_too() {
    let site = SiteTest::fixture("basic");
    site.write("content/help/a.md", "---\ntitle: A\ntags: [x\n---\n");
    let (code, _, stderr) = check(&site);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("content/help/a.md:"), "{stderr}");
}

/// A site with one warning (a shortcode) and two errors (a link to no file, a missing anchor).
fn site_with_problems() -> SiteTest {
    SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\n## Setup\nSee [x](b.md) and {{< note >}}.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\n---\nSee [setup](a.md#install).\n",
        ),
    ])
}

fn check_as(site: &SiteTest, format: &str) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["check", "--format", format, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn check_reports_json_lines_for_ci() {
    let (code, out) = check_as(&site_with_problems(), "json");
    assert_eq!(code, Some(1));
    let findings: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let brief: Vec<(String, u64, u64, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        brief,
        [
            (s("content/a.md"), 5, 0, s("warning"), s("shortcode")),
            (s("content/a.md"), 5, 5, s("error"), s("broken-link")),
            (s("content/c.md"), 4, 5, s("error"), s("broken-anchor")),
        ],
        "the build's warning for the broken link is not repeated: {out}"
    );
    assert_eq!(findings[0]["hint"], "rewrite it as Markdown or HTML");
    assert!(
        findings[2]["message"]
            .as_str()
            .unwrap()
            .contains("`#install`")
    );
}

#[test]
fn check_reports_github_annotations() {
    let (code, out) = check_as(&site_with_problems(), "github");
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0]
            .starts_with("::warning file=content/a.md,line=5,title=shortcode::shortcode `note`"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("%0Ahint: rewrite it as Markdown or HTML"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[2],
        "::error file=content/c.md,line=4,col=5,title=broken-anchor::`#install` is not an anchor on /a/ (from `a.md#install`)"
    );
}

#[test]
fn warnings_alone_do_not_fail_a_check_in_any_format() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\nText with {{< note >}}.\n",
        ),
    ]);
    for format in ["human", "json", "github"] {
        assert_eq!(check_as(&site, format).0, Some(0), "{format}");
    }
}

#[test]
fn a_site_that_does_not_build_is_reported_in_the_chosen_format() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a.md", "---\ntitle: A\ndate: soon\n---\n"),
    ]);
    let (code, out) = check_as(&site, "json");
    assert_eq!(code, Some(1));
    let f: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (f["line"].as_u64(), f["code"].as_str()),
        (Some(3), Some("front-matter"))
    );
}

#[test]
fn check_catches_generated_file_aliases_faq_without_questions_and_folded_list_items() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/help/_index.md", "---\ntitle: Help\n---\n"),
        (
            "content/help/faq.md",
            "---\ntitle: F\ntype: article\nproduct_area: X\nfaq: true\n---\nNo questions.\n",
        ),
        (
            "content/help/tags.md",
            "---\ntitle: T\ntags:\n  - a\n   - b\n---\nText.\n",
        ),
    ]);
    let (code, out) = check_as(&site, "json");
    assert_eq!(code, Some(0), "warnings only: {out}");
    let codes: Vec<(String, u64, u64)> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(codes.contains(&("yaml-indent".into(), 5, 4)), "{out}");
    assert!(
        codes.contains(&("faq-without-questions".into(), 5, 1)),
        "{out}"
    );

    for alias in ["/sitemap.xml", "/robots.txt", "/search/", "/atom.xml"] {
        site.write(
            "content/help/a.md",
            &format!("---\ntitle: A\naliases: [\"{alias}\"]\n---\nText.\n"),
        );
        let (code, out) = check_as(&site, "json");
        assert_eq!(code, Some(1), "{alias}: {out}");
        let f: serde_json::Value =
            serde_json::from_str(out.lines().find(|l| l.contains("\"error\"")).unwrap()).unwrap();
        assert_eq!(
            (f["file"].as_str(), f["line"].as_u64(), f["code"].as_str()),
            (Some("content/help/a.md"), Some(3), Some("duplicate-output")),
            "{alias}: {out}"
        );
        assert!(
            f["message"].as_str().unwrap().contains("waymark ("),
            "{out}"
        );
    }
}

/// A loopback web server for `--external`: answers by path, counts requests and the most
/// connections it had open at once.
struct LinkServer {
    port: u16,
    hits: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    most_at_once: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl LinkServer {
    fn start() -> LinkServer {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (open, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let server = LinkServer {
            port,
            hits: hits.clone(),
            most_at_once: most.clone(),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (hits, open, most) = (hits.clone(), open.clone(), most.clone());
                std::thread::spawn(move || {
                    let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request = String::new();
                    reader.read_line(&mut request).unwrap_or(0);
                    while let Ok(n) = reader.read_line(&mut String::new()) {
                        if n <= 2 {
                            break;
                        }
                    }
                    let mut parts = request.split_whitespace();
                    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    let seen = {
                        let mut h = hits.lock().unwrap();
                        h.push(format!("{method} {path}"));
                        h.iter()
                            .filter(|r| r.ends_with(&format!(" {path}")))
                            .count()
                    };
                    let head = match (method, path) {
                        (_, "/ok") => "200 OK".to_string(),
                        (_, p) if p.starts_with("/ok?") => {
                            std::thread::sleep(std::time::Duration::from_millis(100));
                            "200 OK".to_string()
                        }
                        (_, "/moved") => "301 Moved\r\nLocation: /ok".to_string(),
                        (_, "/moved-gone") => "302 Found\r\nLocation: gone".to_string(),
                        (_, "/busy") if seen == 1 => "429 Busy\r\nRetry-After: 0".to_string(),
                        (_, "/busy") => "200 OK".to_string(),
                        ("HEAD", "/no-head") => "405 Not Allowed".to_string(),
                        ("GET", "/no-head") => "200 OK".to_string(),
                        (_, "/slow") => {
                            std::thread::sleep(std::time::Duration::from_secs(3));
                            "200 OK".to_string()
                        }
                        _ => "404 Not Found".to_string(),
                    };
                    // Counted as done before the client can read the answer and ask again.
                    open.fetch_sub(1, Ordering::SeqCst);
                    let mut stream = stream;
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    );
                });
            }
        });
        server
    }

    fn requests(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

#[test]
fn external_links_are_fetched_politely_and_cached() {
    let server = LinkServer::start();
    let base = format!("http://127.0.0.1:{}", server.port);
    // The slow host is a host of its own: a request it never finishes is no load on the other.
    let slow_server = LinkServer::start();
    let slow = format!("http://127.0.0.1:{}", slow_server.port);
    let many: String = (0..8).map(|i| format!("[{i}]({base}/ok?{i}) ")).collect();
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/a.md",
            &format!(
                "---\ntitle: A\n---\n[ok]({base}/ok#part) [moved]({base}/moved)\n\n\
                 [gone]({base}/gone) [moved-gone]({base}/moved-gone)\n\n\
                 [busy]({base}/busy) [no-head]({base}/no-head) [slow]({slow}/slow)\n\n\
                 [mail](mailto:help@example.com) {many}\n"
            ),
        ),
    ]);
    site.write(
        "waymark.toml",
        "title = \"T\"\nbase_url = \"https://example.com\"\n\n[check]\ntimeout = 1\nper_host = 2\n",
    );
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["check", "--external", "--format", "json", "--root"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let o = run();
    assert_eq!(o.status.code(), Some(1));
    let found: Vec<(String, String, String)> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let message = s("message").replace(&base, "").replace(&slow, "");
            (s("severity"), s("code"), message)
        })
        .collect();
    let expected = [
        ("warning", "external-redirect", "`/moved` redirects to /ok"),
        ("error", "external-broken", "`/gone` answers 404"),
        (
            "error",
            "external-broken",
            "`/moved-gone` redirects to /gone, which answers 404",
        ),
    ];
    for (sev, code, message) in expected {
        assert!(
            found
                .iter()
                .any(|f| (f.0.as_str(), f.1.as_str(), f.2.as_str()) == (sev, code, message)),
            "{message}: {found:#?}"
        );
    }
    let slow = found
        .iter()
        .find(|f| f.2.starts_with("`/slow` cannot be reached"));
    assert!(slow.is_some_and(|f| f.0 == "error"), "{found:#?}");
    assert_eq!(
        found.len(),
        4,
        "busy, no-head, ok and mailto pass: {found:#?}"
    );
    assert!(
        server
            .most_at_once
            .load(std::sync::atomic::Ordering::SeqCst)
            <= 2,
        "per_host = 2 was exceeded"
    );

    // The rerun takes the links that worked from the cache and asks again about the rest.
    let before = (server.requests(), slow_server.requests());
    let again = run();
    assert_eq!(again.status.code(), Some(1));
    let asked: Vec<String> = server.hits.lock().unwrap()[before.0..].to_vec();
    assert!(
        asked
            .iter()
            .all(|r| r.ends_with("/gone") || r.ends_with("/moved-gone")),
        "links that worked were fetched again: {asked:?}"
    );
    assert!(asked.iter().any(|r| r.ends_with(" /gone")), "{asked:?}");
    assert!(
        slow_server.requests() > before.1,
        "an unreachable URL is asked again"
    );
    assert!(site.root().join(".waymark/external-links.json").is_file());
}
