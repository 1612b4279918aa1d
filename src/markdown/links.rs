//! Links and images in Markdown: relative `.md` links and files beside a page rewritten to
//! their output URLs, and every link recorded with its position for `check` and warnings.

use pulldown_cmark::CowStr;

use super::{LinkKind, LinkRef, LinkResolver, Rendered};

/// Rewrites a link or image target and records it for `check` and the build's warnings.
pub(super) fn record_link<'a>(
    url: &CowStr<'a>,
    offset: usize,
    out: &mut Rendered,
    links: &dyn LinkResolver,
    pos: &dyn Fn(usize) -> (usize, usize),
) -> CowStr<'a> {
    let (line, col) = pos(offset);
    let (dest, kind) = rewrite_link(url, links);
    out.links.push(LinkRef {
        target: url.to_string(),
        href: dest.to_string(),
        line,
        col,
        kind,
    });
    dest
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

pub(super) fn rewrite_link<'a>(
    url: &CowStr<'a>,
    links: &dyn LinkResolver,
) -> (CowStr<'a>, LinkKind) {
    if let Some(anchor) = url.strip_prefix('#') {
        return (url.clone(), LinkKind::SamePage(anchor.to_string()));
    }
    if has_scheme(url) || url.starts_with("//") {
        return (url.clone(), LinkKind::External);
    }
    if url.starts_with('/') {
        return (url.clone(), LinkKind::Other);
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (&**url, None),
    };
    let (path, _query) = path.split_once('?').unwrap_or((path, ""));
    if path.ends_with(".md") {
        match links.resolve_md(path) {
            Some(target) => {
                let full = match fragment {
                    Some(f) => format!("{target}#{f}"),
                    None => target.clone(),
                };
                (
                    full.into(),
                    LinkKind::Internal {
                        url: target,
                        anchor: fragment.map(str::to_string),
                    },
                )
            }
            None => (url.clone(), LinkKind::Broken),
        }
    } else if path.is_empty() {
        (url.clone(), LinkKind::Other)
    } else {
        let mut target = links.resolve_asset(path);
        if let Some(f) = fragment {
            target.push('#');
            target.push_str(f);
        }
        (target.into(), LinkKind::Other)
    }
}
