//! Links and images in Markdown: relative `.md` links and files beside a page rewritten to
//! their output URLs, and every link recorded with its position for `check` and warnings.

use pulldown_cmark::CowStr;

use crate::html::url_attrs;

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

/// Records the `href` and `src` values of raw HTML like Markdown links, rewriting `.md`
/// targets to their URLs. `source_at` maps an offset in `html` to one in the body.
pub(super) fn record_html_links(
    html: &str,
    source_at: &dyn Fn(usize) -> usize,
    out: &mut Rendered,
    links: &dyn LinkResolver,
    pos: &dyn Fn(usize) -> (usize, usize),
) -> String {
    let mut rewritten = String::with_capacity(html.len());
    let mut copied = 0;
    for attr in url_attrs(html) {
        let url = CowStr::from(attr.url.as_str());
        let dest = record_link(&url, source_at(attr.start), out, links, pos);
        // Only a rewritten target changes the HTML; everything else stays as written.
        if *dest != *url {
            rewritten.push_str(&html[copied..attr.start]);
            rewritten.push_str(&super::escape_attr(&dest));
            copied = attr.end;
        }
    }
    rewritten.push_str(&html[copied..]);
    rewritten
}

/// Rewrites the links of a short Markdown text (a front-matter value) as a body's are: `.md`
/// targets become their URLs. Returns the new text and its links, placed within the text.
pub fn rewrite_text_links(text: &str, links: &dyn LinkResolver) -> (String, Vec<LinkRef>) {
    let mut out = Rendered::default();
    let mut edits = Vec::new();
    let lines = super::Lines::of(text);
    for (event, range) in pulldown_cmark::Parser::new_ext(text, super::options()).into_offset_iter()
    {
        let (pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. })
        | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. })) = event
        else {
            continue;
        };
        // The target as written sits after `](` (reference links have it elsewhere: kept).
        let Some(at) = text[range.clone()].rfind(&format!("]({dest_url}")) else {
            continue;
        };
        let start = range.start + at + 2;
        let dest = record_link(&dest_url, start, &mut out, links, &|o| lines.at(o));
        if *dest != *dest_url {
            edits.push((start, start + dest_url.len(), dest.to_string()));
        }
    }
    let mut rewritten = text.to_string();
    // From the end, so earlier offsets stay right.
    edits.sort_by_key(|(start, _, _)| *start);
    for (start, end, dest) in edits.into_iter().rev() {
        rewritten.replace_range(start..end, &dest);
    }
    (rewritten, out.links)
}

/// Whether a Markdown link's URL would run script or open a document of the author's making
/// when followed (`javascript:`, `vbscript:`, `data:` other than images). Markdown link
/// syntax never yields such a link, as in Hugo's goldmark; raw HTML is the author's to write.
pub(super) fn is_dangerous(url: &str, image: bool) -> bool {
    // Browsers skip whitespace and control characters inside a scheme (`java\tscript:`).
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':')
        .flat_map(char::to_lowercase)
        .collect();
    let data_image = || {
        let rest = url.trim_start().get(5..).unwrap_or("").to_ascii_lowercase();
        ["image/png", "image/gif", "image/jpeg", "image/webp"]
            .iter()
            .any(|t| rest.starts_with(t))
    };
    url.contains(':')
        && match scheme.as_str() {
            "javascript" | "vbscript" => true,
            "data" => !(image && data_image()),
            _ => false,
        }
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
