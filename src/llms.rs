//! Machine-readable twins: `llms.txt` at the root (the site's title, description and a
//! section-grouped list of pages, as llmstxt.org describes) and `index.md` beside every
//! page's `index.html`: its source body under its title, with the front matter reduced to
//! what a reader needs and relative links turned into the URLs the site serves.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::{Library, Page, SectionId, front_matter};
use crate::error::Diagnostic;
use crate::render::urls::Urls;
use crate::site::Site;

/// Whether a page gets a twin (and an `llms.txt` entry).
pub fn has_twin(config: &Config, page: &Page) -> bool {
    config.llms.enabled && page.listed() && !page.front.draft && page.front.llms != Some(false)
}

/// Where a page's twin is written, relative to the output folder.
pub fn twin_path(page: &Page) -> String {
    format!("{}index.md", page.path)
}

/// The Markdown twin of a page, from its source file as it is on disk.
pub fn twin(site: &Site, urls: &Urls, page: &Page) -> Result<String, Diagnostic> {
    let path = site.root.join(&page.source);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::error(&page.source, format!("cannot read: {e}")))?;
    let body = match front_matter::split(&text) {
        Ok(split) => split.body,
        Err(_) => text.as_str(),
    };
    let mut out = String::from("---\n");
    let front = reader_front(&site.library, urls, page);
    let front = serde_yaml::to_string(&front).unwrap_or_default();
    out.push_str(&front);
    let _ = write!(out, "---\n\n# {}\n\n", page.title);
    if let Some(d) = &page.front.description {
        let _ = write!(out, "> {}\n\n", d.trim());
    }
    out.push_str(&with_urls(body.trim_start_matches('\n'), page));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The front matter a reader (or a model) needs: what the page is, where it lives, when it
/// was last changed or checked, who wrote it, and its typed fields.
fn reader_front(lib: &Library, urls: &Urls, page: &Page) -> Map<String, Value> {
    let f = &page.front;
    let mut m = Map::new();
    m.insert("title".into(), page.title.clone().into());
    if let Some(d) = &f.description {
        m.insert("description".into(), d.clone().into());
    }
    m.insert("url".into(), urls.permalink(&page.path).into());
    if page.page_type.as_str() != "page" {
        m.insert("type".into(), page.page_type.as_str().into());
    }
    let dates = [
        ("date", f.date),
        ("updated", page.updated),
        ("reviewed", f.reviewed),
    ];
    for (key, date) in dates {
        if let Some(d) = date {
            m.insert(key.into(), d.date().to_string().into());
        }
    }
    let lists = [
        ("authors", &f.authors.0),
        ("categories", &f.categories.0),
        ("tags", &f.tags.0),
    ];
    for (key, list) in lists {
        if !list.is_empty() {
            m.insert(key.into(), list.clone().into());
        }
    }
    for (k, v) in &f.params {
        m.entry(k.clone())
            .or_insert_with(|| with_page_urls(lib, urls, v));
    }
    m
}

/// A typed field's value with references to content files (`help/a.md`, as `related` and a
/// role's growth paths are written) replaced by the pages' URLs.
fn with_page_urls(lib: &Library, urls: &Urls, value: &Value) -> Value {
    match value {
        Value::String(s) if s.ends_with(".md") => match lib.by_rel.get(s.trim_start_matches('/')) {
            Some(path) => urls.permalink(path).into(),
            None => value.clone(),
        },
        Value::Array(items) => items.iter().map(|v| with_page_urls(lib, urls, v)).collect(),
        Value::Object(map) => {
            let map = map
                .iter()
                .map(|(k, v)| (k.clone(), with_page_urls(lib, urls, v)));
            Value::Object(map.collect())
        }
        _ => value.clone(),
    }
}

/// The body with each rewritten link target (a relative `.md` file or an image beside the
/// page) replaced by its URL, in link syntax (`](x.md`, `]: x.md`) and in HTML attributes.
/// One pass over the body, so a page of many links stays linear.
fn with_urls(body: &str, page: &Page) -> String {
    let rewritten: HashMap<&str, &str> = page
        .rendered
        .links
        .iter()
        .filter(|l| l.href != l.target && !l.target.is_empty())
        .map(|l| (l.target.as_str(), l.href.as_str()))
        .collect();
    if rewritten.is_empty() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(['(', ':', '=']) {
        let (head, tail) = rest.split_at(at + 1);
        out.push_str(head);
        let opener = [" ", "\"", "'"]
            .into_iter()
            .find(|o| tail.starts_with(o))
            .unwrap_or_default();
        let token = &tail[opener.len()..];
        let end = token
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
            .unwrap_or(token.len());
        match rewritten.get(&token[..end]) {
            Some(href) => {
                out.push_str(opener);
                out.push_str(href);
                rest = &token[end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// `llms.txt`: the site, then its pages grouped by section in reading order.
pub fn llms_txt(site: &Site, urls: &Urls) -> String {
    let lib = &site.library;
    let mut out = format!("# {}\n\n", site.config.title);
    if let Some(d) = &site.config.description {
        let _ = write!(out, "> {}\n\n", d.trim());
    }
    out.push_str(
        "Each page below links to its Markdown version; the HTML page is the same URL without \
         `index.md`.\n",
    );
    let mut stack: Vec<SectionId> = vec![SectionId(0)];
    while let Some(s) = stack.pop() {
        stack.extend(lib.sections[s].subsections.iter().rev().copied());
        let entries = section_entries(site, lib, urls, s);
        if entries.is_empty() {
            continue;
        }
        let _ = write!(out, "\n## {}\n\n", section_heading(lib, s));
        if let Some(d) = &lib.sections[s].front.description {
            let _ = write!(out, "{}\n\n", d.trim());
        }
        out.push_str(&entries);
    }
    out
}

fn section_entries(site: &Site, lib: &Library, urls: &Urls, s: SectionId) -> String {
    let mut out = String::new();
    for &i in &lib.sections[s].pages {
        let p = &lib.pages[i];
        if !has_twin(&site.config, p) {
            continue;
        }
        let _ = write!(out, "- [{}]({})", p.title, urls.permalink(&twin_path(p)));
        if let Some(d) = &p.front.description {
            let _ = write!(out, ": {}", d.trim());
        }
        out.push('\n');
    }
    out
}

/// "Help / Billing" for a nested section; "Pages" for the root.
fn section_heading(lib: &Library, s: SectionId) -> String {
    if s == SectionId(0) {
        return "Pages".into();
    }
    let mut names = Vec::new();
    let mut at = Some(s);
    while let Some(i) = at.filter(|&i| i != SectionId(0)) {
        names.push(lib.sections[i].title.as_str());
        at = lib.sections[i].parent;
    }
    names.reverse();
    names.join(" / ")
}
