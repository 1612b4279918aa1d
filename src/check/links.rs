//! The links written in pages and section indexes, checked against the built site: each one
//! leads to a file, a page, or an id on a page; links `[check]` sends elsewhere are set aside
//! for `--external`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Finding;
use super::built::Built;
use crate::content::join_relative;
use crate::error::{Code, Diagnostic, MAX_PER_FILE, suggest};
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
    let files = content_files(site);
    // (file, the file line of the links' line 1, the links, the page's path, its file in
    // content/)
    let sources = lib
        .pages
        .iter()
        .flat_map(|p| {
            [
                (
                    &p.source,
                    p.body_line,
                    &p.rendered.links,
                    &p.path,
                    p.rel.clone(),
                ),
                (
                    &p.source,
                    1,
                    &p.rendered.field_links,
                    &p.path,
                    p.rel.clone(),
                ),
            ]
        })
        .chain(lib.sections.iter().map(|s| {
            (
                &s.source,
                s.body_line,
                &s.rendered.links,
                &s.path,
                section_rel(&s.dir),
            )
        }));
    for (source, body_line, page_links, own_path, rel) in sources {
        let rel = rel.as_str();
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
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
            let from = From { own_path, dir, rel };
            let Some(problem) = problem(built, link, &from) else {
                continue;
            };
            if shown == MAX_PER_FILE {
                *hidden.entry(problem.code).or_default() += 1;
                continue;
            }
            shown += 1;
            let text = text.get_or_insert_with(|| {
                std::fs::read_to_string(site.root.join(source)).unwrap_or_default()
            });
            let mut diagnostic = Diagnostic::error(source.to_path_buf(), problem.message)
                .at(text, line, link.col)
                .with_code(problem.code);
            if let Some(hint) = hint_text(problem.hint, built, &files, link, &from) {
                diagnostic = diagnostic.with_hint(hint);
            }
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

/// The file in content/ that describes the section in `dir`.
fn section_rel(dir: &str) -> String {
    match dir {
        "" => "_index.md".to_string(),
        d => format!("{d}/_index.md"),
    }
}

/// What is wrong with a link, and what might fix it.
struct Problem {
    code: Code,
    message: String,
    hint: Hint,
}

/// What might fix a problem, worked out only for the problems that are shown.
enum Hint {
    None,
    Text(String),
    /// The content file nearest to the link's target.
    NearestFile,
    /// The id of `page` nearest to `anchor`.
    NearestId {
        page: String,
        anchor: String,
    },
}

impl Problem {
    fn new(code: Code, message: String) -> Problem {
        Problem {
            code,
            message,
            hint: Hint::None,
        }
    }

    fn hint(mut self, hint: Hint) -> Problem {
        self.hint = hint;
        self
    }
}

/// The hint's words, if there is one to give.
fn hint_text(
    hint: Hint,
    built: &Built,
    files: &[String],
    link: &LinkRef,
    from: &From<'_>,
) -> Option<String> {
    match hint {
        Hint::None => None,
        Hint::Text(t) => Some(t),
        Hint::NearestFile => nearest_file(files, from.dir, from.rel, &link.target),
        Hint::NearestId { page, anchor } => {
            let ids = &built.page(&page)?.ids;
            suggest(&anchor, ids.iter().map(String::as_str)).map(|id| {
                format!("did you mean `#{id}`? (ids are made from heading text: lowercase, words joined by `-`)")
            })
        }
    }
}

/// Every content file (pages and section indexes), as `help/a.md`.
fn content_files(site: &Site) -> Vec<String> {
    let lib = &site.library;
    lib.pages
        .iter()
        .map(|p| p.rel.clone())
        .chain(lib.sections.iter().map(|s| section_rel(&s.dir)))
        .collect()
}

/// Where a link was written: the page's path in the built site and its folder in content/.
struct From<'a> {
    own_path: &'a str,
    dir: &'a str,
    /// The file inside content/.
    rel: &'a str,
}

/// What is wrong with one link inside the site, if anything.
fn problem(built: &Built, link: &LinkRef, from: &From<'_>) -> Option<Problem> {
    match &link.kind {
        LinkKind::Broken => {
            Some(Problem::new(Code::BrokenLink, link.no_file_message()).hint(Hint::NearestFile))
        }
        LinkKind::Internal {
            url,
            anchor: Some(anchor),
        } => {
            let page = built.below_base(url).unwrap_or(url);
            let message = format!(
                "`#{anchor}` is not an anchor on {url} (from `{}`)",
                link.target
            );
            missing_anchor(built, page, anchor, message)
        }
        LinkKind::SamePage(anchor) if !anchor.is_empty() => {
            let message = format!("`#{anchor}` is not an anchor on this page");
            missing_anchor(built, from.own_path, anchor, message)
        }
        LinkKind::Other => site_absolute(built, link, from),
        _ => None,
    }
}

/// An anchor the page does not have, with the page's nearest id as the hint.
fn missing_anchor(built: &Built, page: &str, anchor: &str, message: String) -> Option<Problem> {
    let ids = &built.page(page)?.ids;
    if ids.iter().any(|id| id == anchor) {
        return None;
    }
    let hint = Hint::NearestId {
        page: page.to_string(),
        anchor: anchor.to_string(),
    };
    Some(Problem::new(Code::BrokenAnchor, message).hint(hint))
}

/// The content file nearest to a relative `.md` link that leads nowhere (other than the
/// page itself); names of a letter or two are too short to guess from.
fn nearest_file(all: &[String], dir: &str, own: &str, target: &str) -> Option<String> {
    let path = target.split('#').next().unwrap_or(target);
    let wanted = join_relative(dir, path)?;
    let stem = split_name(&wanted).trim_end_matches(".md");
    if stem.chars().count() < 3 {
        return None;
    }
    let files: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|f| *f != own)
        .collect();
    // The name decides (a typo in it is the usual mistake); the same folder wins a tie.
    let stems = files.iter().map(|f| split_name(f).trim_end_matches(".md"));
    let near = suggest(stem, stems)?;
    let wanted_dir = wanted.rsplit_once('/').map_or("", |(d, _)| d);
    let named = |f: &&&str| split_name(f).trim_end_matches(".md") == near;
    let file = files
        .iter()
        .filter(named)
        .min_by_key(|f| f.rsplit_once('/').map_or("", |(d, _)| d) != wanted_dir)?;
    Some(format!("the nearest content file is content/{file}"))
}

fn split_name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, name)| name)
}

/// A link to a file or page of the built site, with the anchor it names.
fn site_absolute(built: &Built, link: &LinkRef, from: &From<'_>) -> Option<Problem> {
    let path = built.below_base(&link.href)?;
    if !built.exists(path) {
        let mut message = format!(
            "link to `{}` points to nothing in the built site",
            link.target
        );
        if link.href != link.target {
            message.push_str(&format!(" (it leads to {})", link.href));
        }
        let hint = (!link.target.starts_with('/')).then(|| {
            format!(
                "a file it names goes beside the page (content/{}) or in static/",
                if from.dir.is_empty() {
                    String::new()
                } else {
                    format!("{}/", from.dir)
                }
            )
        });
        let hint = hint.map_or(Hint::None, Hint::Text);
        return Some(Problem::new(Code::MissingTarget, message).hint(hint));
    }
    let anchor = link.href.split_once('#').map(|(_, a)| a)?;
    if anchor.is_empty() {
        return None;
    }
    let message = format!(
        "`#{anchor}` is not an anchor on the page `{}` leads to",
        link.target
    );
    missing_anchor(built, path, anchor, message)
}
