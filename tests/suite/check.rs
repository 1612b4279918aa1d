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
            "content/help/links.md:15:1: error: link to `missing.png` points to nothing in the built site",
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
            (s("content/a.md"), 0, 0, s("warning"), s("shortcode")),
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
    assert!(lines[0].starts_with("::warning file=content/a.md,title=shortcode::shortcode `note`"));
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
