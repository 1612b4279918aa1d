//! Snapshot tests of rendered HTML (insta): Markdown features through a minimal template, and
//! whole pages of the default theme.

mod common;

use common::SiteTest;

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
        insta::assert_snapshot!(name, site.read(path));
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
        insta::assert_snapshot!(name, site.read(path));
    }
}
