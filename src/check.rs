//! `waymark check`: everything a build checks (front matter, templates, duplicate paths), plus
//! every internal link: relative `.md` links, `#anchors` (against the ids in the rendered
//! pages, so ids a template adds count too), site-absolute links and images.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::build::render_all;
use crate::error::{Code, Diagnostic, Errors, Result, io_error};
use crate::markdown::{LinkKind, LinkRef};
use crate::output::Staging;
use crate::site::{BuildOptions, Site};

/// What a check of a site that builds found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub pages: usize,
    pub links: usize,
    pub warnings: Vec<Diagnostic>,
    /// Links and anchors that lead nowhere.
    pub errors: Vec<Diagnostic>,
}

/// Builds the site into a throwaway folder and checks every internal link in it. A site that
/// does not build is an `Err`; problems with links are the report's `errors`.
pub fn check(opts: &BuildOptions) -> Result<CheckReport> {
    let site = Site::load(opts)?;
    let scratch = tempfile::tempdir().map_err(|e| Errors::one(io_error(Path::new("."), &e)))?;
    let staging = Staging::new(&scratch.path().join("site"))
        .map_err(|e| Errors::one(io_error(scratch.path(), &e)))?;
    render_all(&site, &staging)?;
    let out = staging.dir().to_path_buf();

    let base_path = site.config.base_path();
    let mut ids = IdCache::default();
    let mut errors = Vec::new();
    let mut links = 0;
    let lib = &site.library;
    let sources = lib
        .pages
        .iter()
        .map(|p| (&p.source, p.body_line, &p.rendered.links, &p.path))
        .chain(
            lib.sections
                .iter()
                .map(|s| (&s.source, s.body_line, &s.rendered.links, &s.path)),
        );
    for (source, body_line, page_links, own_path) in sources {
        for link in page_links {
            links += 1;
            let problem = match &link.kind {
                LinkKind::Broken => Some((Code::BrokenLink, link.no_file_message())),
                LinkKind::Internal {
                    url,
                    anchor: Some(anchor),
                } => {
                    let path = url.strip_prefix(&base_path).unwrap_or(url);
                    (!ids.has(&out, path, anchor)).then(|| {
                        let message = format!(
                            "`#{anchor}` is not an anchor on {url} (from `{}`)",
                            link.target
                        );
                        (Code::BrokenAnchor, message)
                    })
                }
                LinkKind::SamePage(anchor) if !anchor.is_empty() => {
                    (!ids.has(&out, own_path, anchor)).then(|| {
                        let message = format!("`#{anchor}` is not an anchor on this page");
                        (Code::BrokenAnchor, message)
                    })
                }
                LinkKind::Other => {
                    let href = link.href.split(['#', '?']).next().unwrap_or("");
                    match href.strip_prefix(base_path.as_str()) {
                        Some(rel) if !exists(&out, rel) => Some((
                            Code::MissingTarget,
                            format!(
                                "link to `{}` points to nothing in the built site",
                                link.target
                            ),
                        )),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some((code, message)) = problem {
                errors.push(located(&site.root, source, body_line, link, message).with_code(code));
            }
        }
    }
    staging.abandon();
    // A broken link the build warned about is one of check's errors: say it once.
    let warnings = lib
        .warnings
        .iter()
        .filter(|w| {
            !errors
                .iter()
                .any(|e| (&e.path, e.line, &e.message) == (&w.path, w.line, &w.message))
        })
        .cloned()
        .collect();
    Ok(CheckReport {
        pages: lib.pages.len(),
        links,
        warnings,
        errors,
    })
}

fn exists(out: &Path, rel: &str) -> bool {
    let p = out.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        p.join("index.html").is_file()
    } else {
        p.is_file() || p.join("index.html").is_file()
    }
}

fn located(
    root: &Path,
    source: &Path,
    body_line: usize,
    link: &LinkRef,
    message: String,
) -> Diagnostic {
    let line = body_line + link.line - 1;
    let text = std::fs::read_to_string(root.join(source)).unwrap_or_default();
    Diagnostic::error(source.to_path_buf(), message).at(&text, line, link.col)
}

/// The `id` attributes of rendered pages, read once each.
#[derive(Default)]
struct IdCache {
    pages: HashMap<PathBuf, Vec<String>>,
}

impl IdCache {
    fn has(&mut self, out: &Path, page_path: &str, anchor: &str) -> bool {
        let file = out.join(page_path).join("index.html");
        let ids = self.pages.entry(file.clone()).or_insert_with(|| {
            let html = std::fs::read_to_string(&file).unwrap_or_default();
            html_ids(&html)
        });
        ids.iter().any(|id| id == anchor)
    }
}

/// Every `id="..."` value in an HTML document.
fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].replace("&amp;", "&").replace("&quot;", "\""));
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids() {
        assert_eq!(
            html_ids(r#"<h2 id="a-b">x</h2><div class="x" id="c&amp;d">"#),
            ["a-b", "c&d"]
        );
    }
}
