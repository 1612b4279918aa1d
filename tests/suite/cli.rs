//! The command-line contract: exit codes, summary line, `path:line:col: error:` messages.

use std::process::Command;

use crate::common::SiteTest;

fn waymark() -> Command {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
}

#[test]
fn build_prints_a_summary_and_exits_0() {
    let site = SiteTest::fixture("basic");
    let out = site.root().join("elsewhere");
    let o = waymark()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .args(["--base-url", "https://other.example.org/kb/"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.starts_with("built 5 pages, 3 sections"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1);
    let page = std::fs::read_to_string(out.join("help/a/index.html")).unwrap();
    assert!(page.contains("href=\"https://other.example.org/kb/help/a/\""));
    assert!(!site.exists("index.html"), "--output was honoured");
}

#[test]
fn content_errors_exit_1_with_positions_and_keep_the_old_output() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.snapshot_tree();
    site.write(
        "content/help/b.md",
        "+++\ntitle = \"B\"\ndate = \"soon\"\n+++\n",
    );
    let o = waymark()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.starts_with("content/help/b.md:3:1: error: front matter field `date`"),
        "{stderr}"
    );
    assert!(stderr.contains("build failed: 1 error; the previous output was left as it was"));
    assert_eq!(site.snapshot_tree(), before);
}

#[test]
fn init_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kb");
    let o = waymark().arg("init").arg(&dir).output().unwrap();
    assert!(o.status.success());
    let o = waymark()
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("public/index.html").exists());
}

#[test]
fn missing_config_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let o = waymark()
        .args(["build", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.starts_with("waymark.toml: error: cannot read the site config"),
        "{stderr}"
    );
    assert!(stderr.contains("waymark init"));
}

#[test]
fn the_output_never_replaces_sources_or_foreign_folders() {
    let site = SiteTest::fixture("basic");
    let run = |out: &std::path::Path| {
        let o = waymark()
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(out)
            .output()
            .unwrap();
        (o.status.code(), String::from_utf8(o.stderr).unwrap())
    };
    for inside in ["content", "content/help", "static", "themes/x", "."] {
        let (code, stderr) = run(&site.root().join(inside));
        assert_eq!(code, Some(1), "{inside}: {stderr}");
        assert!(
            stderr.starts_with("--output: error: refusing to write the site into"),
            "{stderr}"
        );
    }
    assert!(site.root().join("content/help/a.md").exists());
    let victim = site.root().join("../victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("thesis.docx"), "precious").unwrap();
    let (code, stderr) = run(&victim);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("not written by waymark"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(victim.join("thesis.docx")).unwrap(),
        "precious"
    );
    std::fs::remove_dir_all(&victim).unwrap();
}

/// stderr of `waymark build` and `waymark check` on a site with one mistake, as a user reads
/// it: snapshotted, so any change to the wording, positions or hints is reviewed.
fn stderr_of(args: &[&str], files: &[(&str, &str)]) -> String {
    let site = SiteTest::with_files(files);
    let o = waymark()
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stderr).unwrap()
}

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\n");

/// A snapshot's name, the command, and the site's files.
type Case = (
    &'static str,
    &'static [&'static str],
    Vec<(&'static str, &'static str)>,
);

#[test]
fn error_output_is_stable() {
    let cases: [Case; 4] = [
        (
            "bad_date",
            &["build"],
            vec![HOME, ("content/a.md", "---\ntitle: A\ndate: soon\n---\n")],
        ),
        (
            "role_missing_salary",
            &["build"],
            vec![
                HOME,
                (
                    "content/r.md",
                    "---\ntitle: R\ntype: role\nsummary: s\n---\n",
                ),
            ],
        ),
        (
            "duplicate_output",
            &["build"],
            vec![
                HOME,
                ("content/a.md", "---\ntitle: A\n---\n"),
                ("content/b.md", "---\ntitle: B\nslug: a\n---\n"),
            ],
        ),
        (
            "check_broken_anchor",
            &["check"],
            vec![
                HOME,
                ("content/a.md", "---\ntitle: A\n---\n## Setup\n"),
                (
                    "content/b.md",
                    "---\ntitle: B\n---\nSee [setup](a.md#install).\n",
                ),
            ],
        ),
    ];
    for (name, args, files) in cases {
        insta::assert_snapshot!(format!("cli_{name}"), stderr_of(args, &files));
    }
}
