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
