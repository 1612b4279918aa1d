//! Whole real sites: the sample site shipped in this repo, and the public handbook corpus
//! from ../shared when it is present.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::SiteTest;
use waymark::content::PageType;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every root-relative `href`/`src` in the output's HTML points at a file that exists.
fn assert_internal_links_resolve(out: &Path) {
    let mut missing = BTreeSet::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in ["href=\"/", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                let url = if attr == "src=\"" {
                    match url.strip_prefix('/') {
                        Some(u) => u,
                        None => continue,
                    }
                } else {
                    url
                };
                if url.starts_with('/') {
                    continue; // protocol-relative
                }
                let path = url.split(['#', '?']).next().unwrap();
                let target = out.join(path);
                let ok = if path.is_empty() || path.ends_with('/') {
                    target.join("index.html").is_file()
                } else {
                    target.is_file() || target.join("index.html").is_file()
                };
                if !ok {
                    let from = entry
                        .path()
                        .strip_prefix(out)
                        .unwrap()
                        .display()
                        .to_string();
                    missing.insert(format!("/{url} (from {from})"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "links to missing files:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_sample_site_builds_cleanly_and_every_link_resolves() {
    let out = tempfile::tempdir().unwrap();
    let opts = waymark::BuildOptions {
        root: repo().to_path_buf(),
        output: Some(out.path().join("public")),
        base_url: Some("http://127.0.0.1:1111".into()),
        ..Default::default()
    };
    let summary = waymark::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let text: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        text.is_empty(),
        "the sample site has warnings:\n{}",
        text.join("\n")
    );

    let site = waymark::Site::load(&opts).unwrap();
    let count = |t: PageType| {
        site.library
            .pages
            .iter()
            .filter(|p| p.page_type == t)
            .count()
    };
    assert!(
        count(PageType::Role) >= 6,
        "roles: {}",
        count(PageType::Role)
    );
    assert!(count(PageType::Story) >= 4);
    assert!(count(PageType::Playbook) >= 4);
    assert!(count(PageType::Article) >= 12);
    for p in &site.library.pages {
        assert!(
            p.front.description.is_some(),
            "{} has no description",
            p.source.display()
        );
    }
    assert_internal_links_resolve(&out.path().join("public"));
}

#[test]
fn the_fixture_site_links_resolve() {
    let site = SiteTest::fixture("basic");
    site.write(
        "waymark.toml",
        "title = \"F\"\nbase_url = \"https://example.com\"\n",
    );
    site.build_ok();
    assert_internal_links_resolve(&site.output());
}

#[test]
fn the_handbook_corpus_builds_without_a_crash() {
    let Some(site) = SiteTest::handbook() else {
        return;
    };
    let summary = site.build_ok();
    assert!(summary.pages + summary.sections >= 334, "{summary}");
    // Shortcodes it cannot run are warned about once per kind, not per file.
    let shortcodes: Vec<String> = summary
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("shortcode `"))
        .collect();
    let mut kinds: Vec<&str> = shortcodes
        .iter()
        .map(|w| w.split('`').nth(1).unwrap())
        .collect();
    let n = kinds.len();
    kinds.dedup();
    assert_eq!(kinds.len(), n, "{shortcodes:#?}");
    assert!(
        kinds.contains(&"youtube") && kinds.contains(&"panel"),
        "{shortcodes:#?}"
    );
    assert!(site.exists("csm/renewals/index.html"));
}

#[test]
fn the_sample_site_passes_check() {
    let report = waymark::check::check(
        &waymark::BuildOptions {
            root: repo().to_path_buf(),
            ..Default::default()
        },
        &waymark::check::CheckOptions::now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.links > 50, "{}", report.links);
}

#[test]
fn the_handbook_imports_from_hugo_and_builds_with_every_link_resolved_or_reported() {
    let Some(corpus) = SiteTest::handbook() else {
        return;
    };
    let old = SiteTest::empty();
    old.write(
        "hugo.toml",
        "baseURL = \"https://handbook.example.com/handbook/customer-success/\"\ntitle = \"Customer Success\"\n",
    );
    crate::common::copy_tree(&corpus.root().join("content"), &old.root().join("content"));
    let new = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["import", "--from", "hugo", "--json", "--into"])
        .arg(new.path())
        .arg(old.root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["pages"].as_u64().unwrap() >= 250, "{report}");
    // Links into this very handbook (under the baseURL's path) resolve; the rest are named.
    let dead = report["dead_links"].as_array().unwrap().len();
    assert!(dead > 0 && dead < 700, "{dead} links reported");
    assert!(
        report["untranslated"].as_array().unwrap().len() < 40,
        "{report}"
    );
    let summary = waymark::build(&waymark::BuildOptions {
        root: new.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.pages >= 250, "{summary}");
}

#[test]
fn the_seed_files_build_as_they_are_in_a_fresh_site() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} is not present", seeds.display());
        return;
    }
    let site = SiteTest::with_files(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&path, site.root().join(format!("content/{name}.md"))).unwrap();
            names.push(name);
        }
    }
    assert_eq!(names.len(), 5);
    let summary = site.build_ok();
    assert_eq!(summary.pages, 5, "{summary}");
    for w in &summary.warnings {
        let text = w.to_string();
        assert!(text.contains("has no `title`"), "unexpected: {text}");
    }
}
