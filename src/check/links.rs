//! The links written in pages and section indexes, checked against the built site: each one
//! leads to a file, a page, or an id on a page; links `[check]` sends elsewhere are set aside
//! for `--external`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Finding;
use super::built::Built;
use crate::error::{Code, Diagnostic, MAX_PER_FILE};
use crate::markdown::{LinkKind, LinkRef};
use crate::site::Site;

/// A link that leaves the site (or goes to the other site of `external_prefixes`), where it
/// was written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// What to fetch.
    pub url: String,
    /// Where it was written: file, line and column, and the link as written.
    pub source: PathBuf,
    pub line: usize,
    pub col: usize,
    pub target: String,
}

pub struct Checked {
    pub findings: Vec<Finding>,
    pub external: Vec<ExternalLink>,
    /// Links looked at (those `ignore_prefixes` names excluded).
    pub count: usize,
}

pub fn check(site: &Site, built: &Built) -> Checked {
    let mut checked = Checked {
        findings: Vec::new(),
        external: Vec::new(),
        count: 0,
    };
    let lib = &site.library;
    // (file, the file line of the links' line 1, the links, the page's path)
    let sources = lib
        .pages
        .iter()
        .flat_map(|p| {
            [
                (&p.source, p.body_line, &p.rendered.links, &p.path),
                (&p.source, 1, &p.rendered.field_links, &p.path),
            ]
        })
        .chain(
            lib.sections
                .iter()
                .map(|s| (&s.source, s.body_line, &s.rendered.links, &s.path)),
        );
    for (source, body_line, page_links, own_path) in sources {
        let mut text = None;
        let mut shown = 0;
        let mut hidden: BTreeMap<Code, usize> = BTreeMap::new();
        for link in page_links {
            if site.config.check.ignores(&link.target) {
                continue;
            }
            checked.count += 1;
            let line = body_line + link.line - 1;
            if let Some(url) = external_url(site, link) {
                checked.external.push(ExternalLink {
                    url,
                    source: source.clone(),
                    line,
                    col: link.col,
                    target: link.target.clone(),
                });
                continue;
            }
            let Some((code, message)) = problem(built, link, own_path) else {
                continue;
            };
            if shown == MAX_PER_FILE {
                *hidden.entry(code).or_default() += 1;
                continue;
            }
            shown += 1;
            let text = text.get_or_insert_with(|| {
                std::fs::read_to_string(site.root.join(source)).unwrap_or_default()
            });
            let diagnostic = Diagnostic::error(source.to_path_buf(), message)
                .at(text, line, link.col)
                .with_code(code);
            checked.findings.push(Finding {
                diagnostic,
                link: Some(link.target.clone()),
                count: 1,
            });
        }
        for (code, n) in hidden {
            let message = format!("{n} more like these in this file are not shown");
            let diagnostic = Diagnostic::error(source.clone(), message).with_code(code);
            checked.findings.push(Finding {
                diagnostic,
                link: None,
                count: n,
            });
        }
    }
    checked
}

/// The URL `--external` fetches for a link that leaves the site, or goes to the other site of
/// `external_prefixes`.
fn external_url(site: &Site, link: &LinkRef) -> Option<String> {
    match link.kind {
        LinkKind::External => Some(link.target.clone()),
        LinkKind::Other if site.config.check.is_external(&link.target) => {
            let check = &site.config.check;
            let origin = check.external_origin.as_deref();
            let origin = origin.unwrap_or_else(|| site.config.origin());
            Some(format!("{}{}", origin.trim_end_matches('/'), link.target))
        }
        _ => None,
    }
}

/// What is wrong with one link inside the site, if anything.
fn problem(built: &Built, link: &LinkRef, own_path: &str) -> Option<(Code, String)> {
    let anchor_missing = |page: &str, anchor: &str| {
        built
            .page(page)
            .is_some_and(|p| !p.ids.iter().any(|id| id == anchor))
    };
    match &link.kind {
        LinkKind::Broken => Some((Code::BrokenLink, link.no_file_message())),
        LinkKind::Internal {
            url,
            anchor: Some(anchor),
        } => {
            let page = built.below_base(url).unwrap_or(url);
            anchor_missing(page, anchor).then(|| {
                let message = format!(
                    "`#{anchor}` is not an anchor on {url} (from `{}`)",
                    link.target
                );
                (Code::BrokenAnchor, message)
            })
        }
        LinkKind::SamePage(anchor) if !anchor.is_empty() => {
            anchor_missing(own_path, anchor).then(|| {
                let message = format!("`#{anchor}` is not an anchor on this page");
                (Code::BrokenAnchor, message)
            })
        }
        LinkKind::Other => site_absolute(built, link),
        _ => None,
    }
}

/// A link to a file or page of the built site, with the anchor it names.
fn site_absolute(built: &Built, link: &LinkRef) -> Option<(Code, String)> {
    let path = built.below_base(&link.href)?;
    if !built.exists(path) {
        let message = format!(
            "link to `{}` points to nothing in the built site",
            link.target
        );
        return Some((Code::MissingTarget, message));
    }
    let anchor = link.href.split_once('#').map(|(_, a)| a)?;
    let page = built.page(path)?;
    (!anchor.is_empty() && !page.ids.iter().any(|id| id == anchor)).then(|| {
        let message = format!(
            "`#{anchor}` is not an anchor on the page `{}` leads to",
            link.target
        );
        (Code::BrokenAnchor, message)
    })
}
