//! The site graph, built once per build: every section and page with its URL, its rendered
//! Markdown, its neighbours and its taxonomy terms.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::front_matter::{self, DateValue, FrontMatter, PageType, SortBy};
use super::paths::{join_relative, normalize_alias, slug_segment};
use super::related;
use super::types::{self, StoryFormat, Typed};
use crate::config::Config;
use crate::error::{Diagnostic, Errors, Result};
use crate::markdown::{self, LinkKind, LinkResolver, Rendered};

/// How many related articles an article lists.
const RELATED_COUNT: usize = 4;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

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
    pub section: usize,
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
    pub refs: Vec<usize>,
    /// For articles: related articles, the named ones first.
    pub related: Vec<usize>,
    pub previous: Option<usize>,
    pub next: Option<usize>,
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
    pub parent: Option<usize>,
    pub subsections: Vec<usize>,
    /// Pages, sorted by the section's `sort_by`.
    pub pages: Vec<usize>,
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
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
}

/// The whole site graph.
#[derive(Debug)]
pub struct Library {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub taxonomies: Vec<Taxonomy>,
    /// Alias output path → (target page or section path, source file).
    pub aliases: Vec<(String, String, PathBuf)>,
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
        neighbours: Vec<usize>,
    },
    /// Only its body: just its own page (and feeds).
    Body,
}

struct RawFile {
    source: PathBuf,
    rel: String,
    text: String,
}

/// A content file cut into front matter and body.
struct ParsedFile {
    source: PathBuf,
    rel: String,
    front: FrontMatter,
    body: String,
    body_line: usize,
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
        let mut errors = Vec::new();
        let mut md_files = Vec::new();
        let mut other_files = Vec::new();
        let mut dirs = Vec::new();
        let walker = WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.to_path_buf())
                        .unwrap_or_else(|| content.clone());
                    errors.push(Diagnostic::error(
                        rel_to(root, &path),
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let rel = rel_slash(&content, entry.path());
            if entry.file_type().is_dir() {
                dirs.push(rel);
            } else if entry.file_type().is_file() {
                if rel.ends_with(".md") {
                    md_files.push((entry.path().to_path_buf(), rel));
                } else {
                    other_files.push((entry.path().to_path_buf(), rel));
                }
            }
        }

        // Read and parse every Markdown file in parallel; refuse huge and binary files. Each
        // file's text is dropped as soon as its body has been cut out of it.
        let loaded: Vec<std::result::Result<ParsedFile, Diagnostic>> = md_files
            .par_iter()
            .map(|(path, rel)| {
                let raw = read_text(root, path, rel)?;
                let p = front_matter::parse(&raw.source, &raw.text)?;
                Ok(ParsedFile {
                    front: p.front,
                    body: p.body.to_string(),
                    body_line: p.body_line,
                    source: raw.source,
                    rel: raw.rel,
                })
            })
            .collect();

        let mut builder = Builder {
            root,
            config,
            opts,
            sections: Vec::new(),
            section_by_dir: HashMap::new(),
            pages: Vec::new(),
            errors,
            warnings: Vec::new(),
        };

        // Bundles: folders holding an index.md are pages, not sections.
        let bundle_dirs: std::collections::HashSet<String> = md_files
            .iter()
            .filter_map(|(_, rel)| {
                let (dir, file) = split_rel(rel);
                // content/index.md is the home page's text, not a bundle (see below).
                (file == "index.md" && !dir.is_empty()).then(|| dir.to_string())
            })
            .collect();
        // Is the folder a bundle or inside one? Checks each ancestor: O(depth), not O(bundles).
        let in_bundle = |rel_dir: &str| {
            rel_dir
                .match_indices('/')
                .map(|(i, _)| &rel_dir[..i])
                .chain(std::iter::once(rel_dir))
                .any(|prefix| bundle_dirs.contains(prefix))
        };

        let mut section_files: HashMap<String, (PathBuf, FrontMatter, String, usize)> =
            HashMap::new();
        let mut page_files = Vec::new();
        for result in loaded {
            let file = match result {
                Ok(f) => f,
                Err(d) => {
                    builder.errors.push(d);
                    continue;
                }
            };
            let (dir, name) = split_rel(&file.rel);
            // Hugo sites sometimes describe the home page in content/index.md.
            let root_index = file.rel == "index.md";
            if name == "_index.md" || root_index {
                if root_index && md_files.iter().any(|(_, r)| r == "_index.md") {
                    builder.warnings.push(Diagnostic::warning(
                        &file.source,
                        "ignored: the home page is described by content/_index.md",
                    ));
                    continue;
                }
                if in_bundle(dir) {
                    builder.warnings.push(Diagnostic::warning(
                        &file.source,
                        "_index.md inside a page bundle (a folder with index.md) is ignored",
                    ));
                    continue;
                }
                section_files.insert(
                    dir.to_string(),
                    (file.source, file.front, file.body, file.body_line),
                );
            } else if name != "index.md" && in_bundle(dir) {
                builder.warnings.push(Diagnostic::warning(
                    &file.source,
                    "not published: Markdown inside a page bundle (a folder with index.md) belongs to that page",
                ).with_hint("move it out of the bundle folder to make it a page of its own"));
            } else {
                page_files.push(file);
            }
        }

        // Sections: the root and every folder that is not (inside) a bundle.
        let mut section_dirs: Vec<String> = dirs.into_iter().filter(|d| !in_bundle(d)).collect();
        section_dirs.sort();
        for dir in section_dirs {
            let described = section_files.remove(&dir);
            builder.add_section(root, &dir, described);
        }

        for file in page_files {
            builder.add_page(file);
        }

        let Builder {
            mut sections,
            mut pages,
            mut errors,
            mut warnings,
            ..
        } = builder;

        // Content folder → output folder, for sections and bundles.
        let mut dir_outputs: HashMap<String, String> = sections
            .iter()
            .map(|s| (s.dir.clone(), s.path.clone()))
            .collect();
        for p in &pages {
            if let Some(dir) = p.rel.strip_suffix("/index.md") {
                dir_outputs.insert(dir.to_string(), p.path.clone());
            }
        }

        // Assets: non-Markdown files, copied next to the page or section they sit with.
        let mut assets = Vec::new();
        for (path, rel) in other_files {
            let (dir, name) = split_rel(&rel);
            let out_dir = output_dir_for(&dir_outputs, dir);
            assets.push(Asset {
                source: path,
                path: format!("{out_dir}{name}"),
            });
        }

        // Output paths must be unique.
        let mut by_rel = HashMap::new();
        let mut claimed: HashMap<String, PathBuf> = HashMap::new();
        let mut claim = |path: &str, source: &Path, errors: &mut Vec<Diagnostic>| {
            if let Some(first) = claimed.get(path) {
                errors.push(
                    Diagnostic::error(
                        source,
                        format!(
                            "output path /{path} is also produced by {}",
                            first.display()
                        ),
                    )
                    .with_hint("give one of them another `slug`, or remove the duplicate alias"),
                );
            } else {
                claimed.insert(path.to_string(), source.to_path_buf());
            }
        };
        for s in &sections {
            claim(&s.path, &s.source, &mut errors);
            let rel = if s.dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.dir)
            };
            by_rel.insert(rel, s.path.clone());
        }
        for p in &pages {
            claim(&p.path, &p.source, &mut errors);
            by_rel.insert(p.rel.clone(), p.path.clone());
        }
        let mut aliases = Vec::new();
        for (target, front, source) in pages
            .iter()
            .map(|p| (&p.path, &p.front, &p.source))
            .chain(sections.iter().map(|s| (&s.path, &s.front, &s.source)))
        {
            for alias in &front.aliases.0 {
                match normalize_alias(alias) {
                    Some(a) => {
                        claim(&a, source, &mut errors);
                        aliases.push((a, target.clone(), source.clone()));
                    }
                    None => errors.push(Diagnostic::error(
                        source,
                        format!("alias `{alias}` is not a path inside the site"),
                    )),
                }
            }
        }
        for t in &config.taxonomies {
            for reserved in [format!("{t}/")] {
                if let Some(src) = claimed.get(&reserved) {
                    errors.push(Diagnostic::error(
                        src,
                        format!("output path /{reserved} is reserved for the `{t}` taxonomy"),
                    ));
                }
            }
        }

        // Typed pages: check each type's schema, then the pages they point at.
        let checked: Vec<std::result::Result<(Typed, Vec<Diagnostic>), Diagnostic>> = pages
            .par_iter()
            .map(|p| {
                let read = || std::fs::read_to_string(root.join(&p.source)).unwrap_or_default();
                types::check(
                    &p.source,
                    &read,
                    p.page_type,
                    &p.front.params,
                    &config.taxonomies,
                )
            })
            .collect();
        for (p, result) in pages.iter_mut().zip(checked) {
            match result {
                Ok((typed, w)) => {
                    p.typed = typed;
                    warnings.extend(w);
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            resolve_references(root, &mut pages, &mut errors);
        }

        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
            return Err(Errors(errors));
        }

        // `updated` falls back to the last commit that touched the file.
        let git_dates = super::git::last_commit_dates(root);
        for p in &mut pages {
            p.updated = p.front.updated.or_else(|| git_dates.get(&p.rel).copied());
        }

        // Sort pages within sections and link neighbours.
        for s in &mut sections {
            let sort_by = s.front.sort_by.unwrap_or_default();
            s.pages
                .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by));
            for (i, &p) in s.pages.iter().enumerate() {
                pages[p].previous = i.checked_sub(1).map(|j| s.pages[j]);
                pages[p].next = s.pages.get(i + 1).copied();
            }
        }
        sort_subsections(&mut sections);

        let taxonomies = build_taxonomies(config, &pages);

        // Render Markdown in parallel now that every URL is known.
        let base_path = config.base_path();
        let render_one = |rel_dir: &str, body: &str| {
            let resolver = Resolver {
                dir: rel_dir,
                by_rel: &by_rel,
                base_path: &base_path,
                dir_outputs: &dir_outputs,
            };
            markdown::render(body, &resolver)
        };
        let page_renders: Vec<Rendered> = pages
            .par_iter()
            .map(|p| render_one(split_rel(&p.rel).0, &p.body))
            .collect();
        let section_renders: Vec<Rendered> = sections
            .par_iter()
            .map(|s| render_one(&s.dir, &s.body))
            .collect();
        for (p, r) in pages.iter_mut().zip(page_renders) {
            p.rendered = r;
            if let Typed::Story(st) = &p.typed
                && st.format == StoryFormat::Interview
            {
                p.rendered.html = markdown::dialogue(&p.rendered.html, &st.person);
            }
        }
        for (s, r) in sections.iter_mut().zip(section_renders) {
            s.rendered = r;
        }

        // Related articles, from the text and tags of every article.
        let articles: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].page_type == PageType::Article)
            .collect();
        let docs: Vec<related::Doc> = articles
            .iter()
            .map(|&i| related::Doc {
                text: &pages[i].rendered.plain_text,
                tags: pages[i]
                    .front
                    .tags
                    .0
                    .iter()
                    .map(|t| slug_segment(t))
                    .collect(),
            })
            .collect();
        let computed = related::related(&docs, RELATED_COUNT);
        for (k, &i) in articles.iter().enumerate() {
            let mut list = pages[i].refs.clone();
            for &j in &computed[k] {
                let j = articles[j];
                if list.len() < RELATED_COUNT.max(pages[i].refs.len())
                    && !list.contains(&j)
                    && j != i
                {
                    list.push(j);
                }
            }
            pages[i].related = list;
        }

        // Warnings: broken relative links, and shortcodes we leave as text (once per name).
        let mut shortcodes: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
        for (source, body, rendered, body_line) in pages
            .iter()
            .map(|p| (&p.source, &p.body, &p.rendered, p.body_line))
            .chain(
                sections
                    .iter()
                    .map(|s| (&s.source, &s.body, &s.rendered, s.body_line)),
            )
        {
            for link in &rendered.links {
                if link.kind == LinkKind::Broken {
                    warnings.push(
                        Diagnostic::warning(
                            source,
                            format!("link to `{}` points to no content file", link.target),
                        )
                        .at(&read_line(body, link.line), 1, link.col)
                        .with_line(body_line + link.line - 1),
                    );
                }
            }
            for name in markdown::shortcode_names(body) {
                let entry = shortcodes.entry(name).or_insert((source.clone(), 0));
                entry.1 += 1;
            }
        }
        for (name, (first, count)) in shortcodes {
            warnings.push(
                Diagnostic::warning(
                    first,
                    format!(
                        "shortcode `{name}` is not supported and is left as text ({count} file(s))"
                    ),
                )
                .with_hint("rewrite it as Markdown or HTML"),
            );
        }

        // Bodies have been rendered and checked; the HTML and plain text are what later
        // stages read, so the Markdown itself is freed (a tenth of the peak memory at 10k pages).
        for body in pages
            .iter_mut()
            .map(|p| &mut p.body)
            .chain(sections.iter_mut().map(|s| &mut s.body))
        {
            *body = String::new();
        }

        Ok(Library {
            sections,
            pages,
            assets,
            taxonomies,
            aliases,
            by_rel,
            dir_outputs,
            base_path,
            warnings,
        })
    }

    /// Re-reads page `idx` after its file changed on disk and works out what that touches.
    /// The page is updated in place unless the change is structural (then nothing changes and
    /// the caller rebuilds from scratch). Returns warnings for the new text (broken links).
    pub fn update_page(
        &mut self,
        root: &Path,
        config: &Config,
        idx: usize,
    ) -> Result<(PageChange, Vec<Diagnostic>)> {
        let (source, rel) = (self.pages[idx].source.clone(), self.pages[idx].rel.clone());
        let raw = read_text(root, &root.join(&source), &rel).map_err(Errors::one)?;
        let parsed = front_matter::parse(&raw.source, &raw.text).map_err(Errors::one)?;
        let (front, body, body_line) = (parsed.front, parsed.body.to_string(), parsed.body_line);
        let old = &self.pages[idx];
        let Some(title) = front.title.clone() else {
            return Ok((PageChange::Structural, Vec::new()));
        };
        let structural = front.slug != old.front.slug
            || front.aliases != old.front.aliases
            || front.draft != old.front.draft
            || front.page_type_field != old.front.page_type_field
            || front.template != old.front.template
            || front.weight != old.front.weight
            || front.date != old.front.date;
        if structural {
            return Ok((PageChange::Structural, Vec::new()));
        }
        let resolver = Resolver {
            dir: split_rel(&rel).0,
            by_rel: &self.by_rel,
            base_path: &self.base_path,
            dir_outputs: &self.dir_outputs,
        };
        let mut rendered = markdown::render(&body, &resolver);
        let read = || raw.text.clone();
        let (typed, mut warnings) = types::check(
            &source,
            &read,
            old.page_type,
            &front.params,
            &config.taxonomies,
        )
        .map_err(Errors::one)?;
        if typed != old.typed {
            // Typed data feeds lists, charts and other pages: rebuild everything.
            return Ok((PageChange::Structural, warnings));
        }
        if let Typed::Story(st) = &typed
            && st.format == StoryFormat::Interview
        {
            rendered.html = markdown::dialogue(&rendered.html, &st.person);
        }
        let listed = title != old.title
            || front.description != old.front.description
            || front.updated != old.front.updated
            || front.tags != old.front.tags
            || front.categories != old.front.categories
            || front.authors != old.front.authors
            || front.featured != old.front.featured
            || front.params != old.front.params
            || front.extra != old.front.extra
            || rendered.summary != old.rendered.summary
            || crate::render::views::reading_time(rendered.word_count)
                != crate::render::views::reading_time(old.rendered.word_count);
        for link in rendered.links.iter().filter(|l| l.kind == LinkKind::Broken) {
            warnings.push(
                Diagnostic::warning(
                    &source,
                    format!("link to `{}` points to no content file", link.target),
                )
                .at(&raw.text, body_line + link.line - 1, link.col),
            );
        }
        let terms_before = self.terms_of(idx);
        let neighbours_before = (old.previous, old.next);
        let page = &mut self.pages[idx];
        page.updated = front.updated.or(page.updated);
        page.title = title;
        page.front = front;
        page.body_line = body_line;
        page.rendered = rendered;
        if !listed {
            return Ok((PageChange::Body, warnings));
        }
        // Titles order pages of equal weight: re-sort its section and relink neighbours.
        let section = self.pages[idx].section;
        let sort_by = self.sections[section].front.sort_by.unwrap_or_default();
        let mut order = self.sections[section].pages.clone();
        order.sort_by(|&a, &b| compare_pages(&self.pages[a], &self.pages[b], sort_by));
        let mut neighbours = vec![];
        if order != self.sections[section].pages {
            neighbours.extend(order.iter().copied());
        }
        for (i, &p) in order.iter().enumerate() {
            self.pages[p].previous = i.checked_sub(1).map(|j| order[j]);
            self.pages[p].next = order.get(i + 1).copied();
        }
        self.sections[section].pages = order;
        let page = &self.pages[idx];
        neighbours.extend(
            [
                neighbours_before.0,
                neighbours_before.1,
                page.previous,
                page.next,
            ]
            .into_iter()
            .flatten(),
        );
        // Pages that show this one's title through a typed reference: related articles, growth
        // paths, a story's role; and the pages it names (a role lists its stories).
        neighbours.extend(
            self.pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.refs.contains(&idx) || p.related.contains(&idx))
                .map(|(i, _)| i),
        );
        neighbours.extend(self.pages[idx].refs.iter().copied());
        neighbours.sort_unstable();
        neighbours.dedup();
        neighbours.retain(|&n| n != idx);
        let slugs_before: Vec<Vec<String>> = self.term_slugs();
        self.taxonomies = build_taxonomies(config, &self.pages);
        if self.term_slugs() != slugs_before {
            // A term appeared or vanished: its list pages come or go.
            return Ok((PageChange::Structural, warnings));
        }
        let mut terms = terms_before;
        terms.extend(self.terms_of(idx));
        terms.sort_unstable();
        terms.dedup();
        Ok((PageChange::Listed { terms, neighbours }, warnings))
    }

    /// (taxonomy, term) pairs that list page `idx`.
    fn terms_of(&self, idx: usize) -> Vec<(usize, usize)> {
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

    fn term_slugs(&self) -> Vec<Vec<String>> {
        self.taxonomies
            .iter()
            .map(|t| t.terms.iter().map(|k| k.slug.clone()).collect())
            .collect()
    }

    /// The page built from content file `rel` (`help/a.md`).
    pub fn page_by_rel(&self, rel: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.rel == rel)
    }

    /// Pages in the order a reader would meet them: section by section, as sorted.
    pub fn page_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.sections.iter().flat_map(|s| s.pages.iter().copied())
    }

    /// Top-level sections, in order (the root's subsections).
    pub fn top_sections(&self) -> &[usize] {
        &self.sections[0].subsections
    }
}

impl Diagnostic {
    /// Moves a diagnostic made against one line onto its real line number in the file.
    fn with_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }
}

fn read_line(body: &str, line: usize) -> String {
    body.lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .to_string()
}

struct Builder<'a> {
    root: &'a Path,
    config: &'a Config,
    opts: &'a LoadOptions,
    sections: Vec<Section>,
    section_by_dir: HashMap<String, usize>,
    pages: Vec<Page>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn add_section(
        &mut self,
        root: &Path,
        dir: &str,
        described: Option<(PathBuf, FrontMatter, String, usize)>,
    ) {
        let (source, front, body, body_line) = described.unwrap_or_else(|| {
            (
                rel_to(root, &root.join("content").join(dir)),
                FrontMatter::default(),
                String::new(),
                1,
            )
        });
        let (parent_dir, name) = split_rel(dir);
        let parent = if dir.is_empty() {
            None
        } else {
            self.section_by_dir.get(parent_dir).copied()
        };
        let path = match parent {
            None => String::new(),
            Some(p) => format!("{}{}/", self.sections[p].path, slug_segment(name)),
        };
        let title = front.title.clone().unwrap_or_else(|| {
            if dir.is_empty() {
                self.config.title.clone()
            } else {
                title_from_name(name)
            }
        });
        let idx = self.sections.len();
        self.sections.push(Section {
            source,
            dir: dir.to_string(),
            front,
            title,
            path,
            parent,
            subsections: Vec::new(),
            pages: Vec::new(),
            body,
            body_line,
            rendered: Rendered::default(),
        });
        if let Some(p) = parent {
            self.sections[p].subsections.push(idx);
        }
        self.section_by_dir.insert(dir.to_string(), idx);
    }

    fn add_page(&mut self, file: ParsedFile) {
        let ParsedFile {
            source,
            rel,
            front,
            body,
            body_line,
        } = file;
        if front.draft && !self.opts.drafts {
            return;
        }
        let Some(title) = front.title.clone() else {
            let text = std::fs::read_to_string(self.root.join(&source)).unwrap_or_default();
            let d = Diagnostic::error(&source, "the page has no `title`").at(&text, 1, 1);
            let d = if body_line > 1 {
                d.with_hint("add a line such as `title: My page` to the front matter")
            } else {
                d.with_hint("start the file with a front-matter block:\n---\ntitle: My page\n---")
            };
            self.errors.push(d);
            return;
        };
        let (dir, name) = split_rel(&rel);
        let is_bundle = name == "index.md";
        // A bundle page belongs to the section of its parent folder.
        let section_dir = if is_bundle { split_rel(dir).0 } else { dir };
        let Some(&section) = self.section_by_dir.get(section_dir) else {
            self.errors
                .push(Diagnostic::error(&source, "page is not inside any section"));
            return;
        };
        let stem = if is_bundle {
            split_rel(dir).1
        } else {
            name.trim_end_matches(".md")
        };
        let slug = slug_segment(front.slug.as_deref().unwrap_or(stem));
        let path = format!("{}{slug}/", self.sections[section].path);
        let page_type = front
            .page_type_field
            .or(self.sections[section].front.page_type)
            .unwrap_or_default();
        let idx = self.pages.len();
        self.sections[section].pages.push(idx);
        self.pages.push(Page {
            source,
            rel,
            front,
            title,
            page_type,
            path,
            section,
            body,
            body_line,
            rendered: Rendered::default(),
            updated: None,
            typed: Typed::Page,
            refs: Vec::new(),
            related: Vec::new(),
            previous: None,
            next: None,
        });
    }
}

/// Resolves links for one page or section.
struct Resolver<'a> {
    dir: &'a str,
    by_rel: &'a HashMap<String, String>,
    base_path: &'a str,
    dir_outputs: &'a HashMap<String, String>,
}

impl LinkResolver for Resolver<'_> {
    fn resolve_md(&self, target: &str) -> Option<String> {
        let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
        let rel = join_relative(self.dir, &target)?;
        self.by_rel
            .get(&rel)
            .map(|p| format!("{}{p}", self.base_path))
    }

    fn resolve_asset(&self, target: &str) -> String {
        match join_relative(self.dir, target) {
            Some(rel) => {
                let (dir, name) = split_rel(&rel);
                format!(
                    "{}{}{name}",
                    self.base_path,
                    output_dir_for(self.dir_outputs, dir)
                )
            }
            None => target.to_string(),
        }
    }
}

/// Output folder for files that sit in content folder `dir` (a section or a bundle).
fn output_dir_for(dir_outputs: &HashMap<String, String>, dir: &str) -> String {
    if let Some(out) = dir_outputs.get(dir) {
        return out.clone();
    }
    // Inside a bundle's subfolder, or a folder we do not know: keep the path, made safe.
    let mut out = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        out.push_str(&slug_segment(seg));
        out.push('/');
    }
    out
}

/// Resolves the page references of typed pages (`roles/csm.md`, relative to `content/`, or
/// relative to the page's own folder) and checks they point at pages of the right type.
fn resolve_references(root: &Path, pages: &mut [Page], errors: &mut Vec<Diagnostic>) {
    let by_rel: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    let mut all_refs = Vec::with_capacity(pages.len());
    for p in pages.iter() {
        let (field, targets, want): (&str, Vec<&String>, Option<PageType>) = match &p.typed {
            Typed::Role(r) => (
                "growth_paths",
                r.growth_paths.iter().collect(),
                Some(PageType::Role),
            ),
            Typed::Story(s) => ("role", vec![&s.role], Some(PageType::Role)),
            Typed::Article(a) => (
                "related",
                a.related.iter().collect(),
                Some(PageType::Article),
            ),
            _ => ("", Vec::new(), None),
        };
        let mut refs = Vec::new();
        for target in targets {
            let t = target.trim_start_matches('/');
            let found = by_rel
                .get(t)
                .or_else(|| join_relative(split_rel(&p.rel).0, t).and_then(|j| by_rel.get(&j)))
                .copied();
            let text = || std::fs::read_to_string(root.join(&p.source)).unwrap_or_default();
            match found {
                None => errors.push(
                    types::locate(&p.source, &text(), field, format!("`{field}` names `{target}`, which is not a page"))
                        .with_hint("write the path of the page's file inside content/, e.g. roles/customer-success-manager.md"),
                ),
                Some(i) if want.is_some_and(|w| pages[i].page_type != w) => errors.push(types::locate(
                    &p.source,
                    &text(),
                    field,
                    format!(
                        "`{field}` names `{target}`, a page of type `{}`; it must be a `{}` page",
                        pages[i].page_type.as_str(),
                        want.map_or("", |w| w.as_str())
                    ),
                )),
                Some(i) => refs.push(i),
            }
        }
        all_refs.push(refs);
    }
    for (p, refs) in pages.iter_mut().zip(all_refs) {
        p.refs = refs;
    }
}

/// Every configured taxonomy's terms, each with its pages newest first.
fn build_taxonomies(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for name in &config.taxonomies {
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (i, p) in pages.iter().enumerate() {
            for term in term_names(&p.front, name) {
                let slug = slug_segment(&term);
                let entry = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: term.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                });
                // Pages come in order, so a repeat is always the last one pushed.
                if entry.pages.last() != Some(&i) {
                    entry.pages.push(i);
                }
            }
        }
        let mut terms: Vec<Term> = terms.into_values().collect();
        for t in &mut terms {
            t.pages
                .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], SortBy::Date));
        }
        taxonomies.push(Taxonomy {
            name: name.clone(),
            terms,
        });
    }
    taxonomies
}

fn term_names(front: &FrontMatter, taxonomy: &str) -> Vec<String> {
    let list = match taxonomy {
        "categories" => front.categories.0.clone(),
        "tags" => front.tags.0.clone(),
        other => match front.params.get(other) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    };
    list.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    let by_title = || {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then_with(|| a.rel.cmp(&b.rel))
    };
    match sort_by {
        SortBy::Weight => {
            let wa = a.front.weight.unwrap_or(i64::MAX);
            let wb = b.front.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb).then_with(by_title)
        }
        SortBy::Date => {
            let da: Option<DateValue> = a.front.date;
            let db: Option<DateValue> = b.front.date;
            // Newest first, undated last.
            db.cmp(&da).then_with(by_title)
        }
        SortBy::Title => by_title(),
    }
}

fn sort_subsections(sections: &mut [Section]) {
    let keys: Vec<(i64, String, String)> = sections
        .iter()
        .map(|s| {
            (
                s.front.weight.unwrap_or(i64::MAX),
                s.title.to_lowercase(),
                s.dir.clone(),
            )
        })
        .collect();
    for s in sections.iter_mut() {
        s.subsections.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
}

fn read_text(root: &Path, path: &Path, rel: &str) -> std::result::Result<RawFile, Diagnostic> {
    let source = rel_to(root, path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&source, format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &source,
            format!(
                "file is {} MB; content files over {} MB are refused",
                meta.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(&source, format!("cannot read: {e}")))?;
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            &source,
            "looks like a binary file (it contains NUL bytes), not Markdown",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(&source, "file is not valid UTF-8").at_offset(&text, offset)
    })?;
    Ok(RawFile {
        source,
        rel: rel.to_string(),
        text,
    })
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
fn split_rel(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    }
}

fn title_from_name(name: &str) -> String {
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
