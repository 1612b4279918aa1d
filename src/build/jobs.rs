//! The job list: one job per file of output. A job knows its output path, the file it comes
//! from (for messages) and its template; `render.rs` renders it. A full build runs
//! [`all_jobs`]; `waymark serve` runs the jobs an edit touches, with the same pager lists.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::{Page, PageId, SectionId};
use crate::error::{Code, Diagnostic, Errors, Result};
use crate::site::Site;

/// One unit of output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Page(PageId),
    Section {
        section: SectionId,
        pager: usize,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    Alias(usize),
    /// A page's Markdown twin (`help/a/index.md`).
    Twin(PageId),
    LlmsTxt,
    /// `section/page/1/`, redirecting to the section itself.
    FirstPager(SectionId),
    NotFound,
    Search,
    Feed,
    Sitemap,
    Robots,
    SyntaxCss,
    ThemeStatic(String),
    SiteStatic(PathBuf, String),
    Asset(usize),
}

impl Job {
    /// Where a job's output goes, relative to the output folder.
    pub fn output(&self, site: &Site) -> String {
        let lib = &site.library;
        match self {
            Job::Page(i) => format!("{}index.html", lib.pages[*i].path),
            Job::Section { section, pager } => {
                format!(
                    "{}index.html",
                    pager_path(&lib.sections[*section].path, *pager)
                )
            }
            Job::TaxonomyList(t) => format!("{}/index.html", lib.taxonomies[*t].name),
            Job::Term {
                taxonomy,
                term,
                pager,
            } => {
                let tax = &lib.taxonomies[*taxonomy];
                let base = tax.term_path(&tax.terms[*term]);
                format!("{}index.html", pager_path(&base, *pager))
            }
            Job::Alias(i) => {
                let from = &lib.aliases[*i].from;
                if from.ends_with('/') {
                    format!("{from}index.html")
                } else {
                    from.clone()
                }
            }
            Job::Twin(i) => crate::llms::twin_path(&lib.pages[*i]),
            Job::LlmsTxt => "llms.txt".into(),
            Job::FirstPager(i) => format!("{}page/1/index.html", lib.sections[*i].path),
            Job::NotFound => "404.html".into(),
            Job::Search => "search/index.html".into(),
            Job::Feed => "atom.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::SyntaxCss => "syntax.css".into(),
            Job::ThemeStatic(rel) | Job::SiteStatic(_, rel) => rel.clone(),
            Job::Asset(i) => lib.assets[*i].path.clone(),
        }
    }

    /// The template a job renders with, if it renders one.
    pub fn template(&self, site: &Site) -> Option<String> {
        let lib = &site.library;
        Some(match self {
            Job::Page(i) => page_template(site, &lib.pages[*i]),
            Job::Section {
                section: SectionId(0),
                ..
            } => "index.html".into(),
            Job::Section { section, .. } => lib.sections[*section]
                .front
                .template
                .clone()
                .unwrap_or_else(|| "section.html".into()),
            Job::TaxonomyList(_) => "taxonomy_list.html".into(),
            Job::Term { .. } => "taxonomy_single.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Search => "search.html".into(),
            _ => return None,
        })
    }

    /// The file a job's output comes from, for messages.
    pub fn source(&self, site: &Site) -> PathBuf {
        let lib = &site.library;
        match self {
            Job::Page(i) | Job::Twin(i) => lib.pages[*i].source.clone(),
            Job::LlmsTxt => "llms.txt".into(),
            Job::Section { section, .. } | Job::FirstPager(section) => {
                lib.sections[*section].source.clone()
            }
            Job::Alias(i) => lib.aliases[*i].source.clone(),
            Job::ThemeStatic(rel) => site.theme.statics[rel].display.clone(),
            Job::SiteStatic(src, _) => src.strip_prefix(&site.root).unwrap_or(src).to_path_buf(),
            Job::Asset(i) => {
                let src = &lib.assets[*i].source;
                src.strip_prefix(&site.root).unwrap_or(src).to_path_buf()
            }
            Job::TaxonomyList(t) | Job::Term { taxonomy: t, .. } => {
                PathBuf::from(format!("the `{}` taxonomy", lib.taxonomies[*t].name))
            }
            Job::NotFound => "404.html".into(),
            Job::Search => "search.html".into(),
            Job::Feed => "atom.xml".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::SyntaxCss => "syntax.css".into(),
        }
    }
}

/// Every pager of a section (`section/`, `section/page/2/`...).
pub fn section_pagers(site: &Site, section: SectionId) -> Vec<Job> {
    let n = site.library.sections[section].pages.len();
    (1..=pager_count(n, paginate_by(site, section)))
        .map(|pager| Job::Section { section, pager })
        .collect()
}

/// Every pager of a taxonomy term.
pub fn term_pagers(site: &Site, taxonomy: usize, term: usize) -> Vec<Job> {
    let n = site.library.taxonomies[taxonomy].terms[term].pages.len();
    (1..=pager_count(n, site.config.paginate_by))
        .map(|pager| Job::Term {
            taxonomy,
            term,
            pager,
        })
        .collect()
}

/// Every job of a full build, after checking that requested templates exist and that no two
/// jobs write the same file.
pub fn all_jobs(site: &Site) -> Result<Vec<Job>> {
    let lib = &site.library;
    // Templates that pages ask for must exist.
    let mut errors = Vec::new();
    for p in &lib.pages {
        if let Some(t) = &p.front.template
            && !site.renderer.has_template(t)
        {
            errors.push(missing_template(site, &p.source, t));
        }
    }
    for s in &lib.sections {
        if let Some(t) = &s.front.template
            && !site.renderer.has_template(t)
        {
            errors.push(missing_template(site, &s.source, t));
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let mut jobs = Vec::new();
    jobs.extend(PageId::all(lib.pages.len()).map(Job::Page));
    if site.config.llms.enabled {
        let twins = PageId::all(lib.pages.len())
            .filter(|&i| crate::llms::has_twin(&site.config, &lib.pages[i]));
        jobs.extend(twins.map(Job::Twin));
        jobs.push(Job::LlmsTxt);
    }
    for section in SectionId::all(lib.sections.len()) {
        let pagers = section_pagers(site, section);
        if pagers.len() > 1 {
            jobs.push(Job::FirstPager(section));
        }
        jobs.extend(pagers);
    }
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for k in 0..tax.terms.len() {
            jobs.extend(term_pagers(site, t, k));
        }
    }
    jobs.extend((0..lib.aliases.len()).map(Job::Alias));
    jobs.extend([Job::NotFound, Job::Feed, Job::Sitemap, Job::Robots]);
    if site.config.search.enabled && site.renderer.has_template("search.html") {
        jobs.push(Job::Search);
    }
    if !site.theme.statics.contains_key("syntax.css") {
        jobs.push(Job::SyntaxCss);
    }
    // A site's static/ file replaces the theme's file of the same name.
    let site_static = site_statics(&site.root)?;
    jobs.extend(
        site.theme
            .statics
            .keys()
            .filter(|rel| !site_static.iter().any(|(_, r)| r == *rel))
            .cloned()
            .map(Job::ThemeStatic),
    );
    jobs.extend(
        site_static
            .into_iter()
            .map(|(src, rel)| Job::SiteStatic(src, rel)),
    );
    jobs.extend((0..lib.assets.len()).map(Job::Asset));

    // Two jobs writing the same file is an error that names both sources.
    let mut expected: HashMap<String, &Job> = HashMap::with_capacity(jobs.len());
    for job in &jobs {
        let out = job.output(site);
        if let Some(first) = expected.insert(out.clone(), job) {
            errors.push(
                Diagnostic::error(
                    job.source(site),
                    format!(
                        "writes /{out}, which {} also writes",
                        first.source(site).display()
                    ),
                )
                .with_hint("rename one of them"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(jobs)
}

fn missing_template(site: &Site, source: &Path, name: &str) -> Diagnostic {
    let text = std::fs::read_to_string(site.root.join(source)).unwrap_or_default();
    let offset = crate::content::front_matter::field_position(&text, "template");
    let d = Diagnostic::error(source, format!("template `{name}` does not exist"))
        .with_code(Code::MissingTemplate);
    let d = match offset {
        Some(o) => d.at_offset(&text, o),
        None => d,
    };
    d.with_hint(format!(
        "create themes/{}/templates/{name}, or remove `template` to use the page type's template",
        site.config.theme
    ))
}

pub(super) fn paginate_by(site: &Site, section: SectionId) -> usize {
    site.library.sections[section]
        .front
        .paginate_by
        .unwrap_or(site.config.paginate_by)
}

pub(super) fn pager_count(len: usize, per: usize) -> usize {
    if per == 0 {
        1
    } else {
        len.div_ceil(per).max(1)
    }
}

pub(super) fn pager_path(base: &str, pager: usize) -> String {
    if pager <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{pager}/")
    }
}

pub(super) fn page_template(site: &Site, page: &Page) -> String {
    if let Some(t) = &page.front.template {
        return t.clone();
    }
    let typed = format!("{}.html", page.page_type.as_str());
    if site.renderer.has_template(&typed) {
        typed
    } else {
        "page.html".to_string()
    }
}

/// Files under `ROOT/static/`, as (source, output path).
fn site_statics(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let dir = root.join("static");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Errors::one(Diagnostic::error("static", format!("cannot read: {e}"))))?;
        // Placeholder and desktop files are not site content (.well-known/ and the like are).
        let junk = matches!(
            entry.file_name().to_str(),
            Some(".keep" | ".gitkeep" | ".DS_Store")
        );
        if entry.file_type().is_file() && !junk {
            out.push((
                entry.path().to_path_buf(),
                crate::content::rel_slash(&dir, entry.path()),
            ));
        }
    }
    Ok(out)
}
