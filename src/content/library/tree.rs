//! Sections and pages from the parsed files: which folders are sections and which are page
//! bundles (a folder with `index.md`), each page's section, slug, output path and type.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::walk::{Files, ParsedFile};
use super::{LoadOptions, Page, PageId, Section, SectionId, rel_to, split_rel, title_from_name};
use crate::config::Config;
use crate::content::front_matter::FrontMatter;
use crate::content::paths::slug_segment;
use crate::content::types::Typed;
use crate::error::{Code, Diagnostic};
use crate::markdown::Rendered;

/// A section's own `_index.md`: source, front matter, body and the body's first line.
type SectionFile = (PathBuf, FrontMatter, String, usize);

/// Makes sections of the root and every folder that is not (inside) a bundle, and pages of
/// the other Markdown files.
pub(super) fn build(root: &Path, config: &Config, opts: &LoadOptions, files: Files) -> Tree {
    let Files {
        markdown,
        markdown_rels,
        other,
        dirs,
        errors,
    } = files;
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
    let bundles = Bundles::of(&markdown_rels);
    let has_home_index = markdown_rels.iter().any(|r| r == "_index.md");
    let mut section_files: HashMap<String, SectionFile> = HashMap::new();
    let mut page_files = Vec::new();
    for result in markdown {
        match result {
            Ok(file) => builder.sort_file(
                file,
                &bundles,
                has_home_index,
                &mut section_files,
                &mut page_files,
            ),
            Err(d) => builder.errors.push(d),
        }
    }
    let mut section_dirs: Vec<String> = dirs.into_iter().filter(|d| !bundles.contains(d)).collect();
    section_dirs.sort();
    for dir in section_dirs {
        let described = section_files.remove(&dir);
        builder.add_section(root, &dir, described);
    }
    for file in page_files {
        builder.add_page(file);
    }
    Tree {
        sections: builder.sections,
        pages: builder.pages,
        errors: builder.errors,
        warnings: builder.warnings,
        other_files: other,
    }
}

/// Folders holding an index.md: pages, not sections (Hugo's leaf bundles). A folder whose
/// index.md sits beside other Markdown files (and no _index.md) is what Jekyll means by
/// `docs/index.md`: a section, described by that index.md.
struct Bundles(HashSet<String>, HashSet<String>);

impl Bundles {
    fn of(markdown_rels: &[String]) -> Bundles {
        let mut with_index = HashSet::new();
        let mut described = HashSet::new();
        // Folders holding Markdown other than an index beside it (deeper files are a bundle's).
        let mut with_pages: HashSet<&str> = HashSet::new();
        for rel in markdown_rels {
            let (dir, file) = split_rel(rel);
            match file {
                // content/index.md is the home page's text, not a bundle.
                "index.md" if !dir.is_empty() => {
                    with_index.insert(dir.to_string());
                }
                "_index.md" => {
                    described.insert(dir);
                }
                _ => {
                    with_pages.insert(dir);
                }
            }
        }
        let (sections, bundles): (HashSet<String>, HashSet<String>) = with_index
            .into_iter()
            .partition(|d| with_pages.contains(d.as_str()) && !described.contains(d.as_str()));
        Bundles(bundles, sections)
    }

    /// Is `dir/index.md` the description of section `dir` (Jekyll's meaning)?
    fn describes_section(&self, rel_dir: &str) -> bool {
        self.1.contains(rel_dir)
    }

    /// Is the folder a bundle or inside one? Checks each ancestor: O(depth), not O(bundles).
    fn contains(&self, rel_dir: &str) -> bool {
        rel_dir
            .match_indices('/')
            .map(|(i, _)| &rel_dir[..i])
            .chain(std::iter::once(rel_dir))
            .any(|prefix| self.0.contains(prefix))
    }
}

/// Sections and pages made of the parsed files, before anything is checked or rendered.
pub(super) struct Tree {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Non-Markdown files (assets), placed once every output folder is known.
    pub other_files: Vec<(PathBuf, String)>,
}

struct Builder<'a> {
    root: &'a Path,
    config: &'a Config,
    opts: &'a LoadOptions,
    sections: Vec<Section>,
    section_by_dir: HashMap<String, SectionId>,
    pages: Vec<Page>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Files a parsed file as a section's description, a page, or (with a warning) neither.
    fn sort_file(
        &mut self,
        mut file: ParsedFile,
        bundles: &Bundles,
        has_home_index: bool,
        section_files: &mut HashMap<String, SectionFile>,
        page_files: &mut Vec<ParsedFile>,
    ) {
        self.warnings.extend(std::mem::take(&mut file.warnings));
        let (dir, name) = split_rel(&file.rel);
        // Hugo sites sometimes describe the home page in content/index.md.
        let root_index = file.rel == "index.md";
        if name == "_index.md"
            || root_index
            || (name == "index.md" && bundles.describes_section(dir))
        {
            if root_index && has_home_index {
                self.warnings.push(
                    Diagnostic::warning(
                        &file.source,
                        "ignored: the home page is described by content/_index.md",
                    )
                    .with_code(Code::NotPublished),
                );
                return;
            }
            if bundles.contains(dir) {
                self.warnings.push(
                    Diagnostic::warning(
                        &file.source,
                        "_index.md inside a page bundle (a folder with index.md) is ignored",
                    )
                    .with_code(Code::NotPublished),
                );
                return;
            }
            section_files.insert(
                dir.to_string(),
                (file.source, file.front, file.body, file.body_line),
            );
        } else if name != "index.md" && bundles.contains(dir) {
            self.warnings.push(Diagnostic::warning(
                &file.source,
                "not published: Markdown inside a page bundle (a folder with index.md) belongs to that page",
            ).with_hint("move it out of the bundle folder to make it a page of its own")
            .with_code(Code::NotPublished));
        } else {
            page_files.push(file);
        }
    }

    fn add_section(&mut self, root: &Path, dir: &str, described: Option<SectionFile>) {
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
        let idx = SectionId(self.sections.len());
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
            ..
        } = file;
        if front.draft && !self.opts.drafts {
            return;
        }
        let (dir, name) = split_rel(&rel);
        // A page without a title (a plain Markdown file, a Hugo page) is named by its first
        // heading, else its file name, and the build says so.
        let title = match front.title.clone() {
            Some(t) => t,
            None => {
                let (title, from) = super::fallback_title(&body, name);
                let text = std::fs::read_to_string(self.root.join(&source)).unwrap_or_default();
                let d = Diagnostic::warning(
                    &source,
                    format!("the page has no `title`; it is called \"{title}\" after {from}"),
                )
                .at(&text, 1, 1)
                .with_code(Code::MissingTitle);
                self.warnings.push(if body_line > 1 {
                    d.with_hint("add a line such as `title: My page` to the front matter")
                } else {
                    d.with_hint(
                        "start the file with a front-matter block:\n---\ntitle: My page\n---",
                    )
                });
                title
            }
        };
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
        let idx = PageId(self.pages.len());
        // An unlisted page is built but in no section list (so in no pager, prev/next link
        // or search index either).
        if !front.unlisted {
            self.sections[section].pages.push(idx);
        }
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
