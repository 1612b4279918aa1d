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
    assert!(stderr.ends_with("check failed: 5 problems\n"), "{stderr}");
}

#[test]
fn front_matter_errors_fail_the_check_too() {
    let site = SiteTest::fixture("basic");
    site.write("content/help/a.md", "---\ntitle: A\ntags: [x\n---\n");
    let (code, _, stderr) = check(&site);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("content/help/a.md:"), "{stderr}");
}
