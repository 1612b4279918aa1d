//! The site graph, built once per build: every section and page with its URL, its rendered
//! Markdown, its neighbours and its taxonomy terms.
//!
//! [`Library::load`] is a list of phases, each in its own file: [`walk`] finds and parses the
//! files, [`tree`] makes sections and pages of them, [`claims`] gives every output path one
//! owner, [`prepare`] checks and renders each page (the same path an edit takes, see
//! [`update`]), [`references`] resolves typed pages' links to other pages, [`sorting`] orders
//! lists and links neighbours and related articles, [`taxonomies`] groups pages by term.

mod claims;
mod field_links;
mod prepare;
mod references;
mod sorting;
mod taxonomies;
mod tree;
mod update;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::front_matter::{DateValue, FrontMatter, PageType};
pub use super::ids::{PageId, SectionId};
use super::types::Typed;
use crate::config::Config;
use crate::error::{Diagnostic, Errors, Result};
use crate::markdown::Rendered;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// A page: any `.md` file that is not `_index.md`.
#[derive(Debug)]
pub struct Page {
    /// Path relative to the site root, for messages (`content/help/a.md`).
    pub source: PathBuf,
    /// Path relative to `content/`, `/`-separated (`help/a.md`).
    pub rel: String,
    pub front: FrontMatter,
    pub title: String,
    pub page_type: PageType,
    /// Output path relative to the site root, with a trailing slash (`help/a/`).
    pub path: String,
    pub section: SectionId,
    pub body: String,
    /// Line of the file on which the Markdown body starts.
    pub body_line: usize,
    pub rendered: Rendered,
    /// `updated` from front matter, else the file's last git commit date.
    pub updated: Option<DateValue>,
    /// Type-specific data, checked against the type's schema.
    pub typed: Typed,
    /// Pages this one points at through typed fields, resolved: a role's growth paths, a
    /// story's role, an article's `related`.
    pub refs: Vec<PageId>,
    /// For articles: related articles, the named ones first.
    pub related: Vec<PageId>,
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
}

impl Page {
    /// Whether lists, feeds, the sitemap, search and `llms.txt` show the page (not `unlisted`).
    pub fn listed(&self) -> bool {
        !self.front.unlisted
    }
}

/// A section: a folder of `content/`, described by its `_index.md` when it has one.
#[derive(Debug)]
pub struct Section {
    /// `content/help/_index.md`, or the folder when there is no `_index.md`.
    pub source: PathBuf,
    /// Folder relative to `content/` (`help`, or `` for the root).
    pub dir: String,
    pub front: FrontMatter,
    pub title: String,
    pub path: String,
    pub parent: Option<SectionId>,
    pub subsections: Vec<SectionId>,
    /// Pages, sorted by the section's `sort_by`.
    pub pages: Vec<PageId>,
    pub body: String,
    pub body_line: usize,
    pub rendered: Rendered,
}

/// A non-Markdown file in `content/` (an image beside a page), copied to `path`.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Pages, newest first.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// Output path of a term's list (`tags/onboarding/`).
    pub fn term_path(&self, term: &Term) -> String {
        format!("{}/{}/", self.name, term.slug)
    }
}

/// An old URL of a page or section (`aliases` in its front matter), redirected to it.
#[derive(Debug, Clone)]
pub struct Alias {
    /// Output path of the redirect (`old/path/`, or a file name such as `old.html`).
    pub from: String,
    /// Output path of the page or section it redirects to.
    pub to: String,
    /// The file that declared it.
    pub source: PathBuf,
}

/// The whole site graph.
#[derive(Debug)]
pub struct Library {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub taxonomies: Vec<Taxonomy>,
    pub aliases: Vec<Alias>,
    /// Content path (`help/a.md`, `help/_index.md`) → output path.
    pub by_rel: HashMap<String, String>,
    /// Content folder → output folder (sections and bundles), for links to files beside pages.
    pub dir_outputs: HashMap<String, String>,
    pub base_path: String,
    pub warnings: Vec<Diagnostic>,
}

/// What an edit of one page's file changed, from the site's point of view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageChange {
    /// Its URL, place in lists, type or template moved: rebuild everything.
    Structural,
    /// What lists show of it (title, summary, tags...) changed: its page, and the lists and
    /// neighbours named here.
    Listed {
        terms: Vec<(usize, usize)>,
        neighbours: Vec<PageId>,
    },
    /// Only its body: just its own page (and feeds).
    Body,
}

impl Library {
    /// Walks `ROOT/content`, reads and parses every file, and builds the graph.
    pub fn load(root: &Path, config: &Config, opts: &LoadOptions) -> Result<Library> {
        let content = root.join("content");
        if !content.is_dir() {
            return Err(Errors::one(
                Diagnostic::error("content", "the site has no content/ folder").with_hint(
                    "put Markdown files under content/, or create a site with `waymark init DIR`",
                ),
            ));
        }
        let files = walk::walk(root, &content);
        let tree = tree::build(root, config, opts, files);
        let tree::Tree {
            mut sections,
            mut pages,
            mut errors,
            mut warnings,
            other_files,
        } = tree;
        let claims = claims::claim(root, config, &sections, &pages, other_files, &mut errors);
        let base_path = config.base_path();
        let links = prepare::Links {
            by_rel: &claims.by_rel,
            dir_outputs: &claims.dir_outputs,
            base_path: &base_path,
        };
        prepare::prepare_all(
            root,
            config,
            &links,
            &mut pages,
            &mut sections,
            &mut errors,
            &mut warnings,
        );
        if errors.is_empty() {
            references::resolve(root, &mut pages, &mut errors);
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
            return Err(Errors(errors));
        }
        sorting::dates_from_git(root, &mut pages);
        sorting::sort_and_link(&mut sections, &mut pages);
        let taxonomies = taxonomies::build(config, &pages);
        sorting::related_articles(&mut pages);
        warnings.extend(prepare::shortcode_warnings(&pages, &sections));
        prepare::free_bodies(&mut pages, &mut sections);
        let warnings = once_per_key(warnings);
        Ok(Library {
            sections,
            pages,
            assets: claims.assets,
            taxonomies,
            aliases: claims.aliases,
            by_rel: claims.by_rel,
            dir_outputs: claims.dir_outputs,
            base_path,
            warnings,
        })
    }

    /// (taxonomy, term) pairs that list page `idx`.
    pub(super) fn terms_of(&self, idx: PageId) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (t, tax) in self.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                if term.pages.contains(&idx) {
                    out.push((t, k));
                }
            }
        }
        out
    }

    pub(super) fn term_slugs(&self) -> Vec<Vec<String>> {
        self.taxonomies
            .iter()
            .map(|t| t.terms.iter().map(|k| k.slug.clone()).collect())
            .collect()
    }

    /// The page built from content file `rel` (`help/a.md`).
    pub fn page_by_rel(&self, rel: &str) -> Option<PageId> {
        self.pages.iter().position(|p| p.rel == rel).map(PageId)
    }

    /// Pages in the order a reader would meet them: section by section, as sorted.
    pub fn page_order(&self) -> impl Iterator<Item = PageId> + '_ {
        self.sections.iter().flat_map(|s| s.pages.iter().copied())
    }

    /// Top-level sections, in order (the root's subsections).
    pub fn top_sections(&self) -> &[SectionId] {
        &self.sections[0].subsections
    }
}

/// `path` relative to `root` (for messages), or as it is.
pub(crate) fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `base`, `/`-separated (`help/a.md`).
pub fn rel_slash(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `a/b/c.md` into (`a/b`, `c.md`); `c.md` into (``, `c.md`).
pub(super) fn split_rel(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    }
}

/// The title of a page that has none: its first `# ` heading, else its file name; and which
/// of the two it was, for the warning.
pub fn fallback_title(body: &str, file_name: &str) -> (String, &'static str) {
    let heading = body
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().trim_end_matches('#').trim().to_string())
        .filter(|t| !t.is_empty());
    match heading {
        Some(h) => (h, "its first heading"),
        None => (
            title_from_name(file_name.trim_end_matches(".md")),
            "its file name",
        ),
    }
}

pub(super) fn title_from_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

/// A key waymark does not know is warned about once across the site, where it is first
/// used, with how many more files use it: a site imported from another tool has the same
/// foreign keys in every file.
fn once_per_key(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(warnings.len());
    let mut more: Vec<usize> = Vec::with_capacity(warnings.len());
    for w in warnings {
        if w.code == Some(crate::error::Code::UnknownField) {
            if let Some(&i) = first.get(&w.message) {
                more[i] += 1;
                continue;
            }
            first.insert(w.message.clone(), out.len());
        }
        out.push(w);
        more.push(0);
    }
    for (w, n) in out.iter_mut().zip(more) {
        if n > 0 {
            w.message.push_str(&format!(
                " (and in {n} more file{})",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(
            title_from_name("customer-health_scoring"),
            "Customer Health Scoring"
        );
    }
}
