//! What help-center owners expect beyond pages: unlisted pages (built, in no list), "Last
//! reviewed", `llms.txt` and the Markdown twins, and the feedback question's no-JS links.
//! The events themselves are tested in Chromium (tests/browser/insights.test.mjs).

use std::process::Command;

use crate::common::SiteTest;

const HOME: &str = "---\ntitle: Home\n---\nWelcome.\n";

fn site() -> SiteTest {
    SiteTest::with_files(&[
        ("content/_index.md", HOME),
        (
            "content/help/_index.md",
            "---\ntitle: Help centre\ndescription: Answers.\n---\n",
        ),
        (
            "content/help/listed.md",
            "---\ntitle: Reset your password\ndescription: When the email never comes.\n\
             date: 2026-01-05\nreviewed: 2026-10-01\ntags: [sign-in]\ncategories: [Accounts]\n\
             type: article\nproduct_area: Accounts\nrelated: [help/other.md]\n---\n\
             See [the other page](other.md#steps) and ![a chart](chart.png).\n\n\
             <a href=\"other.md\">raw</a>\n\n[ref]: other.md\n",
        ),
        (
            "content/help/other.md",
            "---\ntitle: Other\ndate: 2026-01-04\ntype: article\nproduct_area: Accounts\n---\n\
             ## Steps\n\nDo it.\n",
        ),
        (
            "content/help/secret.md",
            "---\ntitle: Beta preview\ndescription: Only by link.\ndate: 2026-02-01\n\
             unlisted: true\nfeatured: true\ntags: [sign-in]\ncategories: [Accounts]\n---\n\
             The hidden words zanzibarquux live here.\n",
        ),
        (
            "content/help/no-twin.md",
            "---\ntitle: No twin\nllms: false\n---\nText.\n",
        ),
    ])
}

#[test]
fn an_unlisted_page_is_built_but_in_no_list_feed_sitemap_or_search() {
    let site = site();
    site.build_ok();
    let page = site.read("help/secret/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains("zanzibarquux"));
    let listed = site.read("help/listed/index.html");
    assert!(!listed.contains("noindex"), "a listed page is indexed");
    for file in [
        "index.html",
        "help/index.html",
        "tags/sign-in/index.html",
        "categories/accounts/index.html",
        "atom.xml",
        "sitemap.xml",
        "llms.txt",
        "help/other/index.html",
    ] {
        let text = site.read(file);
        assert!(
            !text.contains("help/secret/"),
            "{file} lists the unlisted page"
        );
        assert!(
            !text.contains("Beta preview"),
            "{file} names the unlisted page"
        );
    }
    // The listed page is in the lists the unlisted one is missing from.
    assert!(
        site.read("tags/sign-in/index.html")
            .contains("help/listed/")
    );
    assert!(site.read("sitemap.xml").contains("help/listed/"));
    assert!(!site.exists("help/secret/index.md"), "no twin");
    let search = |q: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["search", q, "--json", "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
    };
    assert!(
        search("zanzibarquux").is_empty(),
        "the unlisted page is searchable"
    );
    assert_eq!(search("password").len(), 1);
}

#[test]
fn llms_txt_lists_pages_by_section_and_each_twin_is_the_source_with_urls() {
    let site = site();
    site.build_ok();
    insta::assert_snapshot!("llms_txt", site.read("llms.txt"));
    insta::assert_snapshot!("twin", site.read("help/listed/index.md"));
    let html = site.read("help/listed/index.html");
    assert!(
        html.contains(
            "<link rel=\"alternate\" type=\"text/markdown\" href=\"/help/listed/index.md\""
        ),
        "{html}"
    );
    assert!(!site.exists("help/no-twin/index.md"));
    assert!(
        !site
            .read("help/no-twin/index.html")
            .contains("text/markdown")
    );
    assert!(!site.read("llms.txt").contains("No twin"));
}

#[test]
fn llms_can_be_turned_off_for_the_site() {
    let site = site();
    site.write(
        "waymark.toml",
        "title = \"T\"\nbase_url = \"https://example.com\"\n[llms]\nenabled = false\n",
    );
    site.build_ok();
    assert!(!site.exists("llms.txt"));
    assert!(!site.exists("help/listed/index.md"));
    assert!(site.exists("help/listed/index.html"));
}

#[test]
fn pages_show_when_they_were_last_reviewed() {
    let site = site();
    site.build_ok();
    let html = site.read("help/listed/index.html");
    assert!(
        html.contains("Last reviewed <time datetime=\"2026-10-01\">October 1, 2026</time>"),
        "{html}"
    );
    assert!(!site.read("help/other/index.html").contains("Last reviewed"));
}

#[test]
fn an_alias_cannot_take_llms_txt() {
    let site = site();
    site.write(
        "content/help/other.md",
        "---\ntitle: Other\naliases: [/llms.txt]\ntype: article\nproduct_area: A\n---\nText.\n",
    );
    let err = site.build_err();
    assert!(err.contains("llms.txt"), "{err}");
}
