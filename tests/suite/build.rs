//! End-to-end builds of fixture sites into temp folders.

use crate::common::SiteTest;

#[test]
fn basic_fixture_builds_every_kind_of_output() {
    let site = SiteTest::fixture("basic");
    let summary = site.build_ok();
    // about, a, b, c, csm (the draft is left out); root, help, roles.
    assert_eq!(summary.pages, 5);
    assert_eq!(summary.sections, 3);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);

    for path in [
        "index.html",
        "about/index.html",
        "help/index.html",
        "help/page/2/index.html",
        "help/a/index.html",
        "help/b/index.html",
        "help/custom-c/index.html",
        "roles/index.html",
        "roles/csm/index.html",
        "roles/csm/chart.png",
        "tags/index.html",
        "tags/sign-in/index.html",
        "tags/security/index.html",
        "categories/accounts/index.html",
        "categories/remote-friendly/index.html",
        "old/reset/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "syntax.css",
        "style.css",
    ] {
        assert!(site.exists(path), "missing {path}");
    }
    assert!(!site.exists("help/draft/index.html"), "drafts are left out");
    assert!(
        !site.exists("help/c/index.html"),
        "the slug replaces the file name"
    );
    assert!(
        !site.exists("help/page/3/index.html"),
        "3 pages at 2 per pager make 2 pagers"
    );
}

#[test]
fn drafts_are_built_on_request() {
    let mut site = SiteTest::fixture("basic");
    site.drafts = true;
    assert_eq!(site.build_ok().pages, 6);
    assert!(site.exists("help/draft/index.html"));
}

#[test]
fn pages_carry_content_links_meta_and_escaped_titles() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let a = site.read("help/a/index.html");
    // Relative .md links become page URLs under the base path, anchors kept.
    assert!(a.contains("href=\"/docs/help/b/#the-fix\""), "{a}");
    // Headings get ids and anchors; code is highlighted at build time.
    assert!(a.contains("<h2 id=\"check-the-spam-folder\">"));
    assert!(a.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"bash\">"));
    assert!(a.contains("hl-"), "highlighted tokens carry classes");
    // Canonical URL and Open Graph.
    assert!(
        a.contains("<link rel=\"canonical\" href=\"https://help.example.com/docs/help/a/\""),
        "{a}"
    );
    assert!(a.contains("og:title"));
    assert!(a.contains("/docs/style.css"));

    let c = site.read("help/custom-c/index.html");
    assert!(
        !c.contains("<script>alert(1)</script>"),
        "front matter is data, not HTML"
    );
    assert!(
        c.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || c.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );

    // The bundle's image is rewritten to sit beside the page.
    let csm = site.read("roles/csm/index.html");
    assert!(csm.contains("src=\"/docs/roles/csm/chart.png\""), "{csm}");

    // The alias redirects to the page's permalink.
    let alias = site.read("old/reset/index.html");
    assert!(alias.contains("url=https://help.example.com/docs/help/a/"));
}

#[test]
fn sections_paginate_and_sort_by_weight() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let first = site.read("help/index.html");
    let second = site.read("help/page/2/index.html");
    let pos = |html: &str, s: &str| html.find(s);
    assert!(pos(&first, "Reset a password").is_some());
    assert!(pos(&first, "Billing questions").is_some());
    assert!(pos(&first, "Reset a password") < pos(&first, "Billing questions"));
    assert!(second.contains("Third article"));
    assert!(!second.contains("Billing questions"));
    assert!(
        first.contains("/docs/help/page/2/"),
        "a link to the next pager"
    );
}

#[test]
fn feeds_sitemap_and_robots() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let atom = site.read("atom.xml");
    assert!(atom.starts_with("<?xml"));
    // Newest first: b (2025-03-01), a (2025-02-03), c (2024-12-24).
    let b = atom.find("Billing questions").unwrap();
    let a = atom.find("Reset a password").unwrap();
    assert!(b < a);
    assert!(atom.contains("<updated>2025-03-01T00:00:00Z</updated>"));
    assert!(
        !atom.contains("<script>alert"),
        "titles are escaped in the feed"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://help.example.com/docs/help/custom-c/</loc>"));
    assert!(sitemap.contains("<lastmod>2024-12-24</lastmod>"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://help.example.com/docs/sitemap.xml")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let first = site.snapshot_tree();
    site.build_ok();
    let second = site.snapshot_tree();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    let before = site.snapshot_tree();
    site.write(
        "content/help/a.md",
        "---\ntitle: Broken\ndate: [2024\n---\nbody\n",
    );
    let err = site.build_err();
    assert!(err.starts_with("content/help/a.md:"), "{err}");
    assert!(err.contains("error: invalid front matter"), "{err}");
    assert_eq!(site.snapshot_tree(), before);
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("waymark-tmp") || n.contains("waymark-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn front_matter_type_errors_name_file_line_and_field() {
    let site = SiteTest::fixture("basic");
    site.write("content/help/c.md", "---\ntitle: C\nweight: heavy\n---\n");
    let err = site.build_err();
    insta::assert_snapshot!(err, @r#"
    content/help/c.md:3:1: error: front matter field `weight`: invalid type: string "heavy", expected a whole number
      |
    3 | weight: heavy
      | ^
    "#);
}

#[test]
fn a_page_without_a_title_is_named_by_its_first_heading_or_file_name_with_a_warning() {
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "Just text, no front matter.\n\n# Renewal checklist\n",
        ),
        ("content/second-guide.md", "Only text.\n"),
    ]);
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings[0].starts_with(
            "content/a.md:1:1: warning: the page has no `title`; it is called \"Renewal checklist\" after its first heading"
        ),
        "{warnings:#?}"
    );
    assert!(warnings[0].contains("hint:"));
    assert!(
        warnings[1].contains("\"Second Guide\" after its file name"),
        "{warnings:#?}"
    );
    assert!(
        site.read("a/index.html")
            .contains("<title>Renewal checklist")
    );
}

#[test]
fn duplicate_output_paths_name_both_files() {
    let site = SiteTest::with_files(&[
        ("content/help/a.md", "---\ntitle: A\n---\n"),
        ("content/help/b.md", "---\ntitle: B\nslug: a\n---\n"),
    ]);
    let err = site.build_err();
    assert!(
        err.contains(
            "content/help/b.md:3:1: error: output path /help/a/ is also produced by content/help/a.md"
        ),
        "{err}"
    );
}

#[test]
fn nothing_escapes_the_output_folder() {
    let site = SiteTest::with_files(&[
        ("content/a.md", "---\ntitle: A\nslug: ../../escape\n---\n"),
        (
            "content/b.md",
            "---\ntitle: B\naliases: [\"/../../evil/\"]\n---\n",
        ),
    ]);
    let err = site.build_err();
    assert!(
        err.contains("alias `/../../evil/` is not a path inside the site"),
        "{err}"
    );
    site.write("content/b.md", "---\ntitle: B\n---\n");
    site.build_ok();
    assert!(
        site.exists("escape/index.html"),
        "the slug is reduced to one safe segment"
    );
    assert!(!site.root().parent().unwrap().join("escape").exists());
}

#[test]
fn yaml_and_toml_front_matter_build_the_same_page() {
    let site = SiteTest::with_files(&[
        (
            "content/y.md",
            "---\ntitle: Same\ntemplate: plain.html\ndate: 2024-01-02\ntags: [x]\nextra:\n  n: 1\n---\nBody\n",
        ),
        (
            "content/t.md",
            "+++\ntitle = \"Same\"\ntemplate = \"plain.html\"\ndate = 2024-01-02\ntags = [\"x\"]\n[extra]\nn = 1\n+++\nBody\n",
        ),
        (
            "themes/default/templates/plain.html",
            "{{ page.title }}|{{ page.date }}|{{ page.tags[0].url }}|{{ page.extra.n }}|{{ page.content | safe }}",
        ),
    ]);
    site.build_ok();
    assert_eq!(
        site.read("y/index.html"),
        "Same|2024-01-02|/tags/x/|1|<p>Body</p>\n"
    );
    assert_eq!(site.read("t/index.html"), site.read("y/index.html"));
}

#[test]
fn a_site_theme_overrides_one_template_and_template_errors_point_at_it() {
    let site = SiteTest::fixture("basic");
    site.write(
        "themes/default/templates/article.html",
        "<p>{{ page.title }}</p>{{ page.content | safe }}",
    );
    site.build_ok();
    let c = site.read("help/custom-c/index.html");
    assert_eq!(
        c,
        "<p>Third article &lt;script&gt;alert(1)&lt;/script&gt;</p><p>Third.</p>\n"
    );
    // Other templates still come from the embedded theme.
    assert!(site.read("index.html").contains("<html"));

    site.write(
        "themes/default/templates/article.html",
        "<p>\n{{ page.title | nosuchfilter }}</p>",
    );
    let err = site.build_err();
    assert!(
        err.starts_with("themes/default/templates/article.html:2:"),
        "{err}"
    );
    assert!(err.contains("nosuchfilter"), "{err}");
}

#[test]
fn unknown_config_keys_are_errors() {
    let site = SiteTest::fixture("basic");
    site.write(
        "waymark.toml",
        "title = \"x\"\nbase_url = \"https://e.com\"\npaginateby = 3\n",
    );
    let err = site.build_err();
    assert!(
        err.starts_with("waymark.toml:3:1: error: unknown key `paginateby`"),
        "{err}"
    );
    assert!(err.contains("did you mean `paginate_by`?"), "{err}");
}

#[test]
fn broken_links_and_shortcodes_are_warned_about_once() {
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\nSee [gone](gone.md).\n\n{{< youtube abc >}}\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\n{{< youtube def >}} {{% panel %}}x{{% /panel %}}\n",
        ),
    ]);
    let summary = site.build_ok();
    let text: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        text.iter()
            .any(|w| w.starts_with("content/a.md:4:5: warning: link to `gone.md`")),
        "{text:#?}"
    );
    let youtube = text
        .iter()
        .filter(|w| w.contains("shortcode `youtube`"))
        .count();
    assert_eq!(youtube, 1, "{text:#?}");
    assert!(text.iter().any(|w| w.contains("shortcode `panel`")));
    assert!(
        site.read("a/index.html")
            .contains("{{&lt; youtube abc &gt;}}"),
        "left visible"
    );
}

#[test]
fn binary_and_huge_files_are_refused() {
    let site = SiteTest::with_files(&[("content/a.md", "---\ntitle: A\n---\n")]);
    std::fs::write(
        site.root().join("content/bin.md"),
        b"---\ntitle: x\n---\n\0\0\0",
    )
    .unwrap();
    let err = site.build_err();
    assert!(
        err.contains("content/bin.md: error: looks like a binary file"),
        "{err}"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    waymark::init::init(&dir).unwrap();
    let summary = waymark::build(&waymark::BuildOptions {
        root: dir.clone(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(summary.pages, 1);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert!(dir.join("public/help/getting-started/index.html").exists());
    assert!(
        waymark::init::init(&dir).is_err(),
        "refuses a folder that is not empty"
    );
}

#[test]
fn updated_falls_back_to_the_last_git_commit() {
    let site = SiteTest::with_files(&[
        ("content/a.md", "---\ntitle: A\ntemplate: u.html\n---\n"),
        (
            "content/b.md",
            "---\ntitle: B\ntemplate: u.html\nupdated: 2020-01-01\n---\n",
        ),
        ("themes/default/templates/u.html", "{{ page.updated }}"),
    ]);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(site.root())
            .env("GIT_COMMITTER_DATE", "2025-06-07T08:09:10Z")
            .env("GIT_AUTHOR_DATE", "2025-06-07T08:09:10Z")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: git is not installed");
        return;
    }
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "x"]);
    site.build_ok();
    assert_eq!(site.read("a/index.html"), "2025-06-07");
    assert_eq!(site.read("b/index.html"), "2020-01-01", "front matter wins");
}

#[test]
fn rebuilding_after_changes_leaves_no_stale_files() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    site.build_ok(); // the second build recycles the first one's folder
    site.write(
        "content/help/a.md",
        "---\ntitle: Moved\nslug: moved\nproduct_area: Accounts\n---\nNew body.\n",
    );
    site.remove("content/about.md");
    site.build_ok();
    assert!(site.exists("help/moved/index.html"));
    assert!(!site.exists("help/a/index.html"));
    assert!(!site.exists("about/index.html"));
    assert!(
        !site.exists("old/reset/index.html"),
        "the alias went with the old front matter"
    );

    let fresh = SiteTest::copy_of(site.root());
    std::fs::remove_dir_all(fresh.output()).unwrap();
    std::fs::remove_dir_all(fresh.root().join(".public.waymark-prev")).unwrap();
    fresh.build_ok();
    let names = |t: &SiteTest| {
        t.snapshot_tree()
            .into_iter()
            .map(|(p, _)| p)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&site), names(&fresh));
    assert_eq!(site.snapshot_tree(), fresh.snapshot_tree());
}

#[test]
fn bundles_and_a_root_index_md() {
    let site = SiteTest::with_files(&[
        (
            "content/index.md",
            "---\ntitle: Home from index.md\n---\nHello home.\n",
        ),
        (
            "content/guides/setup/index.md",
            "---\ntitle: Setup\n---\n![d](diagram.svg) [n](notes/extra.md)\n",
        ),
        ("content/guides/setup/diagram.svg", "<svg/>"),
        (
            "content/guides/setup/notes/extra.md",
            "---\ntitle: Extra\n---\nIgnored as content: inside a bundle.\n",
        ),
    ]);
    let summary = site.build_ok();
    assert!(site.read("index.html").contains("Hello home."));
    assert!(site.exists("guides/setup/index.html"));
    assert!(site.exists("guides/setup/diagram.svg"));
    assert!(
        site.read("guides/setup/index.html")
            .contains("src=\"/guides/setup/diagram.svg\"")
    );
    assert_eq!(
        summary.sections, 2,
        "root and guides; the bundle's folders are not sections"
    );
    assert_eq!(summary.pages, 1);
    assert!(summary.warnings.iter().any(|w| {
        w.to_string()
            .starts_with("content/guides/setup/notes/extra.md: warning: not published")
    }));
}

#[test]
fn two_spellings_of_a_tag_are_one_term_with_the_right_links() {
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "---\ntitle: A\ntemplate: t.html\ntags: [Onboarding, onboarding, Billing]\n---\n",
        ),
        (
            "themes/default/templates/t.html",
            "{% for t in page.tags %}{{ t.name }}={{ t.url }};{% endfor %}",
        ),
    ]);
    site.build_ok();
    assert_eq!(
        site.read("a/index.html"),
        "Onboarding=/tags/onboarding/;Billing=/tags/billing/;"
    );
}

#[test]
fn template_mistakes_are_reported_once_at_their_line() {
    let site = SiteTest::fixture("basic");
    site.write(
        "themes/default/templates/article.html",
        "<p>\n{{ page.nosuchfield.deeper }}</p>",
    );
    let err = site.build_err();
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    assert!(
        err.starts_with("themes/default/templates/article.html:2:"),
        "{err}"
    );
    assert!(err.contains("more page(s)"), "{err}");

    site.write(
        "themes/default/templates/article.html",
        "{% extends \"pgae.html\" %}",
    );
    let err = site.build_err();
    assert!(
        err.starts_with(
            "themes/default/templates/article.html:1:13: error: template error: extends `pgae.html`"
        ),
        "{err}"
    );

    site.write("themes/default/templates/article.html", "{{ page.title }}");
    site.write(
        "content/about.md",
        "---\ntitle: About\ntemplate: fancy.html\n---\n",
    );
    let err = site.build_err();
    assert!(
        err.starts_with("content/about.md:3:1: error: template `fancy.html` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("create themes/default/templates/fancy.html"),
        "{err}"
    );
}

#[test]
fn percent_encoded_links_resolve_and_bad_ones_warn() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/help/_index.md", "---\ntitle: Help\n---\n"),
        (
            "content/help/reset password.md",
            "---\ntitle: Reset\n---\nText.\n",
        ),
        (
            "content/help/a.md",
            "---\ntitle: A\n---\nSee [reset](reset%20password.md) and [gone](missing%20page.md).\n",
        ),
    ]);
    let summary = site.build_ok();
    let html = site.read("help/a/index.html");
    assert!(html.contains("href=\"/help/reset-password/\""), "{html}");
    let warned: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned.iter().any(|w| w.contains("help/a.md:4:")
            && w.contains("`missing%20page.md` points to no content file")),
        "{warned:?}"
    );
}

/// Files written for Jekyll and Hugo build unchanged: their keys are read as waymark's, a
/// Hugo layout `type` is a plain page, and Jekyll's `docs/index.md` describes its folder.
#[test]
fn jekyll_and_hugo_files_build_as_they_are() {
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/blog/renewals.md",
            "---\ntitle: Renewal season\ndate: 2023-04-01 10:15:00 +0200\n\
             categories: planning renewals\nredirect_from: /old/renewals/\n\
             permalink: /blog/2023/renewal-season/\nlast_modified_at:\nauthor: Sam Rivera\n\
             excerpt_separator: \"<!-- cut -->\"\nlayout: post\n---\nThe short part.\n\n<!-- cut -->\n\nThe long part.\n",
        ),
        (
            "content/blog/kickoff.md",
            "+++\ntitle = \"Kickoff calls\"\ntype = \"docs\"\nlastmod = 2023-05-02T08:00:00Z\n\
             url = \"/legacy/kickoff/\"\nsummary = \"How a first call goes.\"\ndraft = false\n\
             categories = \"planning\"\nlinkTitle = \"Kickoff\"\n+++\nBody.\n",
        ),
        (
            "content/blog/draft.md",
            "---\ntitle: Not yet\npublished: false\n---\n",
        ),
        (
            "content/docs/index.md",
            "---\ntitle: Docs\n---\nStart here.\n",
        ),
        (
            "content/docs/install.md",
            "---\ntitle: Install\n---\nSteps.\n",
        ),
    ]);
    let summary = site.build_ok();
    let renewals = site.read("blog/renewals/index.html");
    assert!(
        renewals.contains("datetime=\"2023-04-01\""),
        "Jekyll's date form"
    );
    assert!(renewals.contains("Sam Rivera"), "author → authors");
    assert!(
        site.exists("categories/planning/index.html")
            && site.exists("categories/renewals/index.html")
    );
    assert!(
        site.exists("old/renewals/index.html")
            && site.exists("blog/2023/renewal-season/index.html")
    );
    let list = site.read("blog/index.html");
    assert!(
        list.contains("The short part.") && !list.contains("The long part."),
        "excerpt_separator"
    );
    let kickoff = site.read("blog/kickoff/index.html");
    assert!(
        kickoff.contains("How a first call goes."),
        "summary → description"
    );
    assert!(
        kickoff.contains("datetime=\"2023-05-02\""),
        "lastmod → updated"
    );
    assert!(site.exists("legacy/kickoff/index.html"), "url → alias");
    assert!(
        !site.exists("blog/draft/index.html"),
        "published: false → draft"
    );
    assert!(site.exists("docs/index.html") && site.exists("docs/install/index.html"));
    assert!(site.read("docs/index.html").contains("Start here."));
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    let about = |key: &str| warnings.iter().filter(|w| w.contains(key)).count();
    assert_eq!(
        about("`type` `docs` is a layout choice"),
        1,
        "{warnings:#?}"
    );
    assert_eq!(about("`layout`"), 1, "{warnings:#?}");
    assert_eq!(about("`linkTitle`"), 1, "{warnings:#?}");
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

/// A key waymark does not know is warned about once for the whole site.
#[test]
fn a_foreign_key_is_warned_about_once_across_the_site() {
    let page = "---\ntitle: P\nlayout: post\n---\n";
    let site = SiteTest::with_files(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/a.md", page),
        ("content/b.md", page),
        ("content/c.md", page),
    ]);
    let warnings: Vec<String> = site
        .build_ok()
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("content/a.md:3:1: warning: `layout` (Jekyll's template choice")
            && warnings[0].contains("(and in 2 more files)"),
        "{}",
        warnings[0]
    );
}
