//! The links of the imported pages, against the new site: a site-absolute link to an old
//! address becomes a relative link to the page's new file (which waymark rewrites to its URL
//! and checks on every build); a link to a file or page of the new site stays; every other
//! internal link is reported as leading nowhere, with its file and line.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag};

use super::Plan;

pub struct Linked {
    pub rewritten: usize,
    /// (file, line, link as written)
    pub dead: Vec<(String, usize, String)>,
}

pub fn rewrite(plan: &mut Plan) -> Linked {
    let files: HashSet<String> = plan.files.iter().map(|f| f.rel.clone()).collect();
    let mut old: HashMap<String, String> = HashMap::new();
    for (url, rel) in &plan.old_urls {
        old.insert(url_key(url), rel.clone());
    }
    let mut linked = Linked {
        rewritten: 0,
        dead: Vec::new(),
    };
    let base = plan.base_path.clone();
    for file in plan.files.iter_mut().filter(|f| f.rel.ends_with(".md")) {
        let Ok(text) = String::from_utf8(file.bytes.clone()) else {
            continue;
        };
        let site = Site {
            files: &files,
            old: &old,
            base: &base,
            from: &file.rel,
        };
        let (text, rewritten, dead) = rewrite_file(&text, &site);
        linked.rewritten += rewritten;
        linked.dead.extend(
            dead.into_iter()
                .map(|(line, t)| (file.rel.clone(), line, t)),
        );
        file.bytes = text.into_bytes();
    }
    linked
}

struct Site<'a> {
    files: &'a HashSet<String>,
    old: &'a HashMap<String, String>,
    base: &'a str,
    /// The file being rewritten (`content/posts/a.md`).
    from: &'a str,
}

/// One file's links: the new text, how many were rewritten, and the dead ones (line, link).
fn rewrite_file(text: &str, site: &Site<'_>) -> (String, usize, Vec<(usize, String)>) {
    let body_at = crate::content::front_matter::split(text).map_or(0, |s| s.body_offset);
    let body = &text[body_at..];
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut dead = Vec::new();
    // Links come in order: lines are counted on from the last one.
    let (mut counted, mut line) = (0, 1);
    for (event, range) in Parser::new(body).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let Some(at) = body[range.clone()].rfind(&format!("]({dest_url}")) else {
            continue;
        };
        let start = body_at + range.start + at + 2;
        if start >= counted {
            line += text[counted..start].matches('\n').count();
            counted = start;
        } else {
            line = text[..start].matches('\n').count() + 1;
            counted = start;
        }
        match target(&dest_url, site) {
            Target::Keep => {}
            Target::Rewrite(new) => edits.push((start, start + dest_url.len(), new)),
            Target::Dead => dead.push((line, dest_url.to_string())),
        }
    }
    let mut out = text.to_string();
    let rewritten = edits.len();
    // From the end, so earlier offsets stay right (a link around an image has two edits).
    edits.sort_by_key(|(start, _, _)| *start);
    for (start, end, new) in edits.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    (out, rewritten, dead)
}

enum Target {
    Keep,
    Rewrite(String),
    Dead,
}

fn target(url: &str, site: &Site<'_>) -> Target {
    if url.starts_with('#')
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("//")
    {
        return Target::Keep;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let dir = site.from.rsplit_once('/').map_or("", |(d, _)| d);
    if let Some(abs) = path.strip_prefix('/') {
        let below = path.strip_prefix(site.base).unwrap_or(abs);
        if let Some(rel) = site.old.get(&url_key(&format!("/{below}"))) {
            let mut link = relative(dir, rel);
            if let Some(f) = fragment {
                link.push('#');
                link.push_str(f);
            }
            return Target::Rewrite(link);
        }
        return if site.files.contains(&format!("static/{below}")) || new_page(site.files, below) {
            Target::Keep
        } else {
            Target::Dead
        };
    }
    match crate::content::join_relative(dir, path) {
        Some(joined) if site.files.contains(&joined) => Target::Keep,
        // A relative page link written as its URL (`../renewals/`) names a page, not a file.
        Some(joined)
            if joined.starts_with("content/")
                && new_page(site.files, &joined["content/".len()..]) =>
        {
            Target::Keep
        }
        _ => Target::Dead,
    }
}

/// Whether a URL path below the base (`help/reset/`) is a page of the new site.
fn new_page(files: &HashSet<String>, below: &str) -> bool {
    let p = below.trim_end_matches('/');
    if p.is_empty() {
        return true;
    }
    [
        format!("content/{p}.md"),
        format!("content/{p}/index.md"),
        format!("content/{p}/_index.md"),
    ]
    .iter()
    .any(|f| files.contains(f))
}

/// An old address in one spelling: `/a/b.html`, `/a/b/` and `/a/b` are one page.
fn url_key(url: &str) -> String {
    let u = url.split(['#', '?']).next().unwrap_or(url);
    let u = u.strip_suffix("index.html").unwrap_or(u);
    let u = u.strip_suffix(".html").unwrap_or(u);
    u.trim_end_matches('/').to_ascii_lowercase()
}

/// The relative path from folder `dir` to file `to` (both `/`-separated, from one root).
pub(super) fn relative(dir: &str, to: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_become_relative_links_and_the_rest_is_checked() {
        let files: HashSet<String> = [
            "content/posts/a.md",
            "content/help/b.md",
            "static/img/x.png",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let old: HashMap<String, String> = [(
            url_key("/2023/04/01/a.html"),
            "content/posts/a.md".to_string(),
        )]
        .into();
        let site = Site {
            files: &files,
            old: &old,
            base: "/docs/",
            from: "content/help/b.md",
        };
        let text = "---\ntitle: B\n---\n[a](/docs/2023/04/01/a.html#part) ![x](/docs/img/x.png) [b](/help/b/)\n[gone](/nowhere/) [rel](../posts/a.md) [bad](c.md) [web](https://e.com)\n";
        let (out, rewritten, dead) = rewrite_file(text, &site);
        assert!(out.contains("[a](../posts/a.md#part)"), "{out}");
        assert_eq!(rewritten, 1);
        assert_eq!(
            dead,
            [(5, "/nowhere/".to_string()), (5, "c.md".to_string())]
        );
        assert_eq!(
            relative("content/help", "content/posts/a.md"),
            "../posts/a.md"
        );
        assert_eq!(relative("content", "content/a.md"), "a.md");
    }
}
