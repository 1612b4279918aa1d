//! Orphan pages: content pages a reader cannot reach by following links from the home page
//! (through any page, list, pager or taxonomy the theme builds), only through search or by
//! knowing the URL. Read from the built HTML, so whatever the templates link counts.
//! `unlisted` pages are orphans on purpose and not reported.

use std::collections::{HashSet, VecDeque};

use super::built::Built;
use crate::error::{Code, Diagnostic};
use crate::site::Site;

pub fn find(site: &Site, built: &Built) -> Vec<Diagnostic> {
    let reached = reachable(built, &site.config.base_path(), site.config.origin());
    site.library
        .pages
        .iter()
        // Unlisted pages are meant to be reached only by their URL.
        .filter(|p| p.listed() && !reached.contains(p.path.as_str()))
        .map(|p| {
            Diagnostic::warning(
                p.source.clone(),
                "orphan page: no page links to it; readers find it only through search",
            )
            .with_hint("link to it from a page or list it in its section's _index.md")
            .with_code(Code::OrphanPage)
        })
        .collect()
}

/// The pages reached from the home page by following `<a href>`s.
fn reachable<'b>(built: &'b Built, base_path: &str, origin: &str) -> HashSet<&'b str> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([""]);
    while let Some(path) = queue.pop_front() {
        let Some((key, page)) = built.pages.get_key_value(path) else {
            continue;
        };
        if !seen.insert(key.as_str()) {
            continue;
        }
        for href in &page.hrefs {
            if let Some(next) = resolve(path, href, base_path, origin)
                && let Some((k, _)) = built.pages.get_key_value(next.as_str())
                && !seen.contains(k.as_str())
            {
                queue.push_back(k.as_str());
            }
        }
    }
    seen
}

/// An `href` on the page at `from` as a page path below the base path, if it is one.
fn resolve(from: &str, href: &str, base_path: &str, origin: &str) -> Option<String> {
    let href = href.split(['#', '?']).next()?;
    let href = href.strip_prefix(origin).unwrap_or(href);
    let joined = if let Some(abs) = href.strip_prefix(base_path) {
        abs.to_string()
    } else if href.starts_with('/') || href.contains(':') {
        return None;
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        normalize(&format!("{dir}{href}"))?
    };
    let page = joined.strip_suffix("index.html").unwrap_or(&joined);
    Some(
        if page.is_empty() || page.ends_with('/') || page.ends_with(".html") {
            page.to_string()
        } else {
            format!("{page}/")
        },
    )
}

/// `a/b/../c/./d` → `a/c/d`; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.is_empty();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_to_page_paths() {
        let r = |from, href| resolve(from, href, "/docs/", "https://e.com");
        assert_eq!(r("", "/docs/help/a/#x").as_deref(), Some("help/a/"));
        assert_eq!(
            r("", "https://e.com/docs/help/a/").as_deref(),
            Some("help/a/")
        );
        assert_eq!(r("help/a/", "../b/").as_deref(), Some("help/b/"));
        assert_eq!(r("help/a/", "c").as_deref(), Some("help/a/c/"));
        assert_eq!(r("help/", "a/index.html").as_deref(), Some("help/a/"));
        assert_eq!(r("", "/docs/").as_deref(), Some(""));
        assert_eq!(r("", "/elsewhere/"), None);
        assert_eq!(r("", "mailto:x@e.com"), None);
        assert_eq!(r("", "../../up"), None);
    }
}
