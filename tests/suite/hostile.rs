//! Inputs built to hurt: each is a whole site with one pathological file, run through
//! `waymark build` as a process. Each must be built or refused with an error naming the file,
//! within a time per MB of input and a memory bound, so a quadratic (or worse) path anywhere
//! in the pipeline fails here instead of hanging a user's build.
//!
//! The bounds hold for the debug build that `cargo test` runs: **20 s per MB** of input (3 s
//! for inputs far below a MB) and **1 GiB** peak memory. A release build is 5-10 times faster:
//! every case takes at most 1.3 s per MB there, and 260 MB (`HOSTILE_REPORT=1
//! WAYMARK_BIN=target/release/waymark` prints the table). A quadratic path shows as minutes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::SiteTest;

const SECONDS_PER_MB: f64 = 20.0;
const MAX_PEAK_MB: u64 = 1024;
/// The budget of an input far smaller than a MB.
const MIN_SECONDS: f64 = 3.0;
/// Every generated file is about this big.
const SIZE: usize = 1 << 20;

/// `count` copies of `piece`, to about `SIZE` bytes.
fn fill(piece: &str) -> String {
    piece.repeat((SIZE / piece.len().max(1)).max(1))
}

fn page(front: &str, body: &str) -> String {
    format!("---\ntitle: Hostile\n{front}---\n{body}")
}

/// (name, file inside the site, its bytes).
fn cases() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let md = |name, body: String| (name, "content/hostile.md", page("", &body).into_bytes());
    let deep_block: String = (0..400)
        .map(|i| format!("{}a:\n", "  ".repeat(i + 1)))
        .collect();
    let bomb: String = std::iter::once("a0: &a0 [x, x, x, x, x, x, x, x, x]\n".to_string())
        .chain((1..10).map(|i| {
            format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 9].join(", ")
            )
        }))
        .collect();
    let nested_list: String = (0..2000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let backticks: String = (1..1400).map(|i| "`".repeat(i) + " ").collect();
    let wide_table = format!(
        "{}|\n{}|\n{}",
        "|a".repeat(2000),
        "|-".repeat(2000),
        format!("{}|\n", "|x".repeat(2000)).repeat(120)
    );
    vec![
        (
            "yaml-flow-nesting",
            "content/hostile.md",
            page(&format!("x: {}\n", "[".repeat(SIZE)), "").into_bytes(),
        ),
        (
            "yaml-block-nesting",
            "content/hostile.md",
            page(&format!("x:\n{deep_block}"), "").into_bytes(),
        ),
        (
            "yaml-alias-bomb",
            "content/hostile.md",
            page(&bomb, "").into_bytes(),
        ),
        (
            "yaml-huge-scalar",
            "content/hostile.md",
            page(&format!("description: {}\n", "x".repeat(SIZE)), "").into_bytes(),
        ),
        (
            "toml-nesting",
            "content/hostile.md",
            format!(
                "+++\ntitle = 'T'\nx = {}{}\n+++\n",
                "[".repeat(SIZE / 2),
                "]".repeat(SIZE / 2)
            )
            .into_bytes(),
        ),
        (
            "invalid-utf8",
            "content/hostile.md",
            [page("", "Body ").into_bytes(), vec![0xff; SIZE]].concat(),
        ),
        (
            "nul-bytes",
            "content/hostile.md",
            [page("", "Body ").into_bytes(), vec![0; SIZE]].concat(),
        ),
        (
            "config-nesting",
            "waymark.toml",
            format!(
                "title = \"T\"\nbase_url = \"https://e.com\"\nextra = {{ x = {}{} }}\n",
                "[".repeat(SIZE / 2),
                "]".repeat(SIZE / 2)
            )
            .into_bytes(),
        ),
        md("same-headings", fill("## Same\n\n")),
        md("links-on-one-line", fill("[a](b.md) ")),
        md("broken-links", fill("[a](gone.md)\n")),
        md("nested-quotes", ">".repeat(SIZE)),
        md("nested-lists", nested_list),
        md("brackets", "[".repeat(SIZE / 2) + &"]".repeat(SIZE / 2)),
        md("emphasis", fill("*a **a _b __b ")),
        md("backticks", backticks),
        md("raw-html", fill("<div>")),
        md("wide-table", wide_table),
        md("shortcode-openers", fill("{{< ")),
        md(
            "footnotes",
            fill("[^a] ") + "\n\n" + &fill("[^a]: x\n")[..SIZE / 4],
        ),
        md("one-long-word", "x".repeat(SIZE)),
        md(
            "unique-words",
            (0..SIZE / 8).map(|i| format!("w{i:x} ")).collect(),
        ),
        md("autolinks", fill("https://e.com/a ")),
        md("entities", fill("&amp;&#x27;&lt; ")),
    ]
}

struct Run {
    status: i32,
    stderr: String,
    seconds: f64,
    peak_mb: u64,
}

/// Runs `waymark build` on `root`, sampling its peak memory (VmHWM) while it runs.
fn build(root: &Path) -> Run {
    run("build", root)
}

/// Runs `waymark COMMAND --root ROOT` (the binary under test, or `WAYMARK_BIN` to measure a
/// release build), sampling its peak memory (VmHWM) while it runs.
fn run(command: &str, root: &Path) -> Run {
    run_with(command, root, &[])
}

fn run_with(command: &str, root: &Path, env: &[(&str, &str)]) -> Run {
    let start = Instant::now();
    let bin = std::env::var("WAYMARK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_waymark").into());
    let mut child = Command::new(bin)
        .args([command, "--root"])
        .arg(root)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!(
                "waymark build ran for more than 120 s on {}",
                root.display()
            );
        }
        std::thread::sleep(Duration::from_millis(3));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    Run {
        status: status.code().unwrap_or(-1),
        stderr,
        seconds: start.elapsed().as_secs_f64(),
        peak_mb: peak_kb / 1024,
    }
}

#[test]
fn hostile_inputs_are_built_or_refused_in_linear_time_and_bounded_memory() {
    let mut table = vec![format!(
        "{:<20} {:<6} {:>9} {:>8} {:>8} {:>8}  outcome",
        "case", "run", "bytes", "s", "s/MB", "peak MB"
    )];
    let mut failures = Vec::new();
    for (name, file, bytes) in cases() {
        let site = SiteTest::with_files(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
        let path = site.root().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let mb = bytes.len() as f64 / 1_048_576.0;
        for command in ["build", "check"] {
            let run = run(command, site.root());
            let per_mb = run.seconds / mb;
            let outcome = match run.status {
                0 => "built".to_string(),
                1 => run
                    .stderr
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(90)
                    .collect(),
                n => format!("exit {n}: {}", run.stderr.lines().last().unwrap_or("")),
            };
            table.push(format!(
                "{name:<20} {command:<6} {:>9} {:>8.2} {per_mb:>8.2} {:>8}  {outcome}",
                bytes.len(),
                run.seconds,
                run.peak_mb
            ));
            if run.status != 0 && !(run.status == 1 && run.stderr.starts_with(file)) {
                failures.push(format!(
                    "{name}: neither built nor refused naming {file}:\n{}",
                    run.stderr
                ));
            }
            // A tiny input (the alias bomb) gets the time of a small site: starting, theme, output.
            if run.seconds > (SECONDS_PER_MB * mb).max(MIN_SECONDS) {
                failures.push(format!(
                    "{name}: {per_mb:.1} s per MB (budget {SECONDS_PER_MB})"
                ));
            }
            if run.peak_mb > MAX_PEAK_MB {
                failures.push(format!(
                    "{name}: {} MB peak (bound {MAX_PEAK_MB})",
                    run.peak_mb
                ));
            }
        }
    }
    if std::env::var_os("HOSTILE_REPORT").is_some() || !failures.is_empty() {
        eprintln!("{}", table.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_symlink_loop_in_content_is_not_followed() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/help/a.md", "---\ntitle: A\n---\n"),
    ]);
    std::os::unix::fs::symlink("..", site.root().join("content/help/loop")).unwrap();
    std::os::unix::fs::symlink("self", site.root().join("content/self")).unwrap();
    let run = build(site.root());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.seconds < 30.0);
    assert!(site.root().join("public/help/a/index.html").is_file());
    assert!(!site.root().join("public/help/loop").exists());
}

#[test]
fn templates_that_loop_or_recurse_are_stopped_with_an_error_naming_them() {
    let components = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/components.html"),
    )
    .unwrap();
    let home = "{% extends \"base.html\" %}{% block content %}BODY{% endblock content %}";
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("a loop without end", vec![(
            "themes/default/templates/index.html",
            home.replace("BODY", "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxx{% endfor %}{% endfor %}"),
        )]),
        ("a range too long", vec![(
            "themes/default/templates/index.html",
            home.replace("BODY", "{% for i in range(end=1000000000) %}{{ i }}{% endfor %}"),
        )]),
        ("a component that calls itself", vec![
            ("themes/default/templates/components.html", format!("{components}\n{{% component r(n) %}}{{{{ <r n={{n}} /> }}}}{{% endcomponent r %}}\n")),
            ("themes/default/templates/index.html", home.replace("BODY", "{{ <r n={1} /> }}")),
        ]),
        ("loops that write nothing", vec![(
            "themes/default/templates/index.html",
            home.replace("BODY", "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% set x = j %}{% endfor %}{% endfor %}"),
        )]),
        ("an include of itself", vec![(
            "themes/default/templates/index.html",
            home.replace("BODY", "{% include \"index.html\" %}"),
        )]),
    ];
    for (what, files) in cases {
        let site = SiteTest::with_files(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
        for (path, text) in &files {
            site.write(path, text);
        }
        // The watchdog's limit, shortened from 60 s for the test.
        let run = run_with("build", site.root(), &[("WAYMARK_PAGE_TIMEOUT", "3")]);
        assert_eq!(run.status, 1, "{what}: {}", run.stderr);
        assert!(run.stderr.starts_with("themes"), "{what}: {}", run.stderr);
        assert!(run.seconds < 60.0, "{what}: {} s", run.seconds);
        assert!(run.peak_mb < MAX_PEAK_MB, "{what}: {} MB", run.peak_mb);
    }
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let site = SiteTest::with_files(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
    let file = std::fs::File::create(site.root().join("content/huge.md")).unwrap();
    file.set_len(100 << 20).unwrap();
    let run = build(site.root());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "content/huge.md: error: file is 100 MB; content files over 8 MB are refused"
        ),
        "{}",
        run.stderr
    );
    assert!(run.peak_mb < 100, "{} MB: the file was read", run.peak_mb);
}
