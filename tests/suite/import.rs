//! `waymark import`: small Jekyll and Hugo sites and a plain-text guide, imported and then
//! built; what could not be translated is reported with file and line; a second run changes
//! nothing; existing files are not overwritten without `--force`.

use std::path::Path;
use std::process::Command;

use crate::common::SiteTest;

fn import(from: &str, src: &Path, into: &Path, extra: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["import", "--from", from])
        .arg(src)
        .arg("--into")
        .arg(into)
        .args(extra)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn build(root: &Path) -> waymark::BuildSummary {
    waymark::build(&waymark::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("the imported site does not build:\n{e}"))
}

fn jekyll_site() -> SiteTest {
    SiteTest::with_files(&[
        (
            "_config.yml",
            "title: Success Notes\nurl: https://notes.example.com\nbaseurl: /blog\npermalink: pretty\n",
        ),
        (
            "_posts/2023-04-01-renewal-season.md",
            "---\ntitle: Renewal season\ncategories: planning\n---\nSee [the kickoff]({% post_url 2023-03-01-kickoff %}) and \
             [about]({{ site.baseurl }}/about/).\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{% gist abc123 %}\n",
        ),
        (
            "_posts/2023-03-01-kickoff.md",
            "---\ntitle: Kickoff calls\n---\n{% include note.md %}\n\nOld link: [renewals](/blog/planning/2023/04/01/renewal-season/) and [gone](/blog/nowhere/).\n",
        ),
        (
            "_drafts/next-quarter.md",
            "---\ntitle: Next quarter\n---\nSoon.\n",
        ),
        ("_includes/note.md", "> Keep the customer's goal in view.\n"),
        (
            "about.md",
            "---\ntitle: About\nlayout: page\npermalink: /about/\n---\nWho we are.\n",
        ),
        (
            "docs/index.md",
            "---\ntitle: Docs\n---\nStart here: [install](install.md).\n",
        ),
        ("docs/install.md", "---\ntitle: Install\n---\nSteps.\n"),
        ("assets/logo.svg", "<svg/>"),
        ("_layouts/default.html", "<html>{{ content }}</html>"),
    ])
}

#[test]
fn a_jekyll_site_is_imported_and_builds() {
    let old = jekyll_site();
    let new = tempfile::tempdir().unwrap();
    let (code, out, err) = import("jekyll", old.root(), new.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let read = |rel: &str| {
        std::fs::read_to_string(new.path().join(rel))
            .unwrap_or_else(|_| panic!("{rel} missing:\n{out}"))
    };
    let renewals = read("content/posts/renewal-season.md");
    assert!(renewals.contains("date: 2023-04-01"), "{renewals}");
    assert!(
        renewals.contains("aliases: [\"/planning/2023/04/01/renewal-season/\"]"),
        "{renewals}"
    );
    assert!(renewals.contains("[about](../about.md)"), "{renewals}");
    assert!(renewals.contains("[the kickoff](kickoff.md)"), "{renewals}");
    assert!(renewals.contains("```ruby\nputs 1\n```"), "{renewals}");
    assert!(
        renewals.contains("{% gist abc123 %}"),
        "left visible: {renewals}"
    );
    insta::assert_snapshot!("jekyll_post", renewals);
    insta::assert_snapshot!(
        "jekyll_report",
        out.replace(&new.path().display().to_string(), "NEW")
    );
    let kickoff = read("content/posts/kickoff.md");
    assert!(
        kickoff.contains("> Keep the customer's goal in view."),
        "{kickoff}"
    );
    assert!(
        kickoff.contains("[renewals](renewal-season.md)"),
        "old address rewritten: {kickoff}"
    );
    assert!(read("content/posts/next-quarter.md").contains("draft: true"));
    assert!(read("static/assets/logo.svg").contains("<svg"));
    assert!(read("waymark.toml").contains("base_url = \"https://notes.example.com/blog/\""));
    assert!(
        !new.path().join("content/_layouts").exists()
            && !new.path().join("static/_layouts").exists()
    );
    // The report names what was left and what leads nowhere, with file and line.
    assert!(
        out.contains("content/posts/renewal-season.md:") && out.contains("{% gist abc123 %}"),
        "{out}"
    );
    assert!(
        out.contains("link to `/blog/nowhere/` leads nowhere"),
        "{out}"
    );
    let summary = build(new.path());
    assert_eq!(
        summary.pages, 4,
        "two posts, about, docs/install (the draft is not built): {summary}"
    );
    let site = new.path().join("public");
    assert!(site.join("posts/renewal-season/index.html").is_file());
    assert!(
        site.join("planning/2023/04/01/renewal-season/index.html")
            .is_file(),
        "the old address redirects"
    );
    assert!(site.join("docs/install/index.html").is_file());

    // Again: nothing changes. Into a folder with other files of the same names: refused.
    let (code, again, err) = import("jekyll", old.root(), new.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(again.contains(" 0 files written"), "{again}");
    std::fs::write(new.path().join("content/about.md"), "changed").unwrap();
    let (code, _, err) = import("jekyll", old.root(), new.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("content/about.md") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(new.path().join("content/about.md")).unwrap(),
        "changed"
    );
    let (code, _, err) = import("jekyll", old.root(), new.path(), &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(read("content/about.md").contains("Who we are."));
}

#[test]
fn a_hugo_site_is_imported_with_its_shortcodes_translated() {
    let old = SiteTest::with_files(&[
        (
            "hugo.toml",
            "baseURL = \"https://help.example.com/\"\ntitle = \"Help\"\nlanguageCode = \"en-us\"\n[taxonomies]\ntag = \"tags\"\ncategory = \"categories\"\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        (
            "content/guides/setup.md",
            "+++\ntitle = \"Setup\"\nslug = \"getting-started\"\n+++\n{{< note >}}\nBack up **first**.\n{{< /note >}}\n\n\
             {{< figure src=\"/img/a.png\" alt=\"The settings page\" >}}\n\nSee [billing]({{< ref \"billing.md\" >}}).\n\n{{< youtube abc >}}\n",
        ),
        (
            "content/guides/billing.md",
            "+++\ntitle = \"Billing\"\n+++\nBack to [setup](/guides/getting-started/).\n",
        ),
        ("static/img/a.png", "png"),
        ("layouts/_default/single.html", "{{ .Content }}"),
    ]);
    let new = tempfile::tempdir().unwrap();
    let (code, out, err) = import("hugo", old.root(), new.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let setup = std::fs::read_to_string(new.path().join("content/guides/setup.md")).unwrap();
    insta::assert_snapshot!("hugo_page", setup);
    insta::assert_snapshot!(
        "hugo_report",
        out.replace(&new.path().display().to_string(), "NEW")
    );
    assert!(setup.contains("> [!NOTE]\n> Back up **first**."), "{setup}");
    assert!(
        setup.contains("![The settings page](/img/a.png)"),
        "{setup}"
    );
    assert!(setup.contains("[billing](billing.md)"), "{setup}");
    assert!(setup.contains("{{< youtube abc >}}"), "{setup}");
    assert!(
        out.contains("content/guides/setup.md:") && out.contains("youtube"),
        "{out}"
    );
    assert!(
        !out.contains("leads nowhere"),
        "the slug address is known: {out}"
    );
    assert!(out.contains("layouts/"), "{out}");
    let toml = std::fs::read_to_string(new.path().join("waymark.toml")).unwrap();
    assert!(
        toml.contains("base_url = \"https://help.example.com/\"")
            && toml.contains("language = \"en-us\""),
        "{toml}"
    );
    build(new.path());
    assert!(
        new.path()
            .join("public/guides/getting-started/index.html")
            .is_file()
    );
}

#[test]
fn plain_text_guides_become_pages() {
    let old = SiteTest::with_files(&[
        (
            "onboarding-guide.txt",
            "Sam Rivera March 3, 2021\n\nOnboarding Customers Well\n\nA good start decides the year.\n\nChapter 1\n\nThe first call\n\nAsk what success means to them.\n\n• Listen first\n• Write it down\n\nMore from Sam Rivera\n\nFollow\n",
        ),
        (
            "saved-post.txt",
            "+++\ntitle = \"A saved Hugo post\"\n+++\n### Starting out\n\nText.\n",
        ),
    ]);
    let new = tempfile::tempdir().unwrap();
    let (code, out, err) = import("text", old.root(), new.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page =
        std::fs::read_to_string(new.path().join("content/guides/onboarding-guide.md")).unwrap();
    insta::assert_snapshot!("text_page", page);
    assert!(
        page.starts_with("---\ntitle: \"Onboarding Customers Well\"\n"),
        "{page}"
    );
    assert!(
        page.contains("date: 2021-03-03") && page.contains("Sam Rivera"),
        "{page}"
    );
    assert!(page.contains("- Listen first"), "{page}");
    assert!(
        !page.contains("More from"),
        "site chrome is dropped: {page}"
    );
    assert!(out.contains("chrome"), "{out}");
    let saved = std::fs::read_to_string(new.path().join("content/guides/saved-post.md")).unwrap();
    assert!(
        saved.starts_with("+++\ntitle = \"A saved Hugo post\"\n+++\n### Starting out\n"),
        "kept as Markdown: {saved}"
    );
    build(new.path());
}

#[test]
fn the_report_is_one_json_object_with_counts() {
    let old = jekyll_site();
    let new = tempfile::tempdir().unwrap();
    let (code, out, err) = import("jekyll", old.root(), new.path(), &["--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["pages"], 6, "{report}");
    assert_eq!(
        report["translated"], 3,
        "post_url, highlight, include: {report}"
    );
    assert_eq!(
        report["untranslated"].as_array().unwrap().len(),
        1,
        "{report}"
    );
    assert_eq!(
        report["dead_links"].as_array().unwrap().len(),
        1,
        "{report}"
    );
}

#[test]
fn an_import_into_the_site_being_imported_is_refused() {
    let old = jekyll_site();
    let (code, out, err) = import("jekyll", old.root(), &old.root().join("new"), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("inside the site being imported"), "{err}");
    assert!(!old.root().join("new").exists());
}
