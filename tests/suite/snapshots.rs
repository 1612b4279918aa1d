//! Snapshot tests of rendered HTML (insta): Markdown features through a minimal template, and
//! whole pages of the default theme.

use crate::common::SiteTest;

#[test]
fn markdown_features_render_as_expected() {
    let site = SiteTest::fixture("markdown");
    site.build_ok();
    insta::assert_snapshot!("kitchen_sink", site.read("kitchen-sink/index.html"));
}

/// Whole pages of the default theme: a change to a template or to the views shows up here as
/// a reviewed diff (`cargo insta review`).
#[test]
fn default_theme_pages() {
    let site = SiteTest::fixture("basic");
    site.build_ok();
    for (name, path) in [
        ("theme_article", "help/a/index.html"),
        ("theme_role", "roles/csm/index.html"),
        ("theme_section", "help/index.html"),
        ("theme_home", "index.html"),
        ("theme_term", "tags/sign-in/index.html"),
    ] {
        insta::assert_snapshot!(name, redact_hashes(&site.read(path)));
    }
}

/// One page of each type, and the typed section pages.
#[test]
fn typed_pages() {
    let site = SiteTest::fixture("types");
    site.build_ok();
    for (name, path) in [
        ("type_role", "roles/csm/index.html"),
        ("type_roles_section", "roles/index.html"),
        ("type_story", "stories/talk/index.html"),
        ("type_playbook", "playbooks/onboarding/index.html"),
        ("type_article", "help/reset/index.html"),
        ("type_help_section", "help/index.html"),
    ] {
        insta::assert_snapshot!(name, redact_hashes(&site.read(path)));
    }
}

/// Content-hashed runtime names (`worker.<16 hex>.js`) change with every edit of the runtime;
/// the snapshots are about the markup around them.
fn redact_hashes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("worker.") {
        let (before, after) = rest.split_at(at + "worker.".len());
        out.push_str(before);
        let hex = after.len() >= 16 && after.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit);
        if hex && after[16..].starts_with(".js") {
            out.push_str("HASH");
            rest = &after[16..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
