//! `waymark build`: load everything once, build the site graph, make a job list, render the
//! jobs in parallel straight into a temporary folder, and swap it over the output only when
//! every job succeeded. A failed build leaves the previous output as it was.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::{Library, LoadOptions, Page};
use crate::error::{Diagnostic, Errors, Result, io_error};
use crate::output::{self, Staging};
use crate::render::views::{self, Urls};
use crate::render::{Renderer, Theme};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Building for `waymark serve`.
    pub serve: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub files: usize,
    /// Documents in the search index (`None` when search is off).
    pub search_docs: Option<usize>,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let search = match self.search_docs {
            Some(d) => format!(", {}", n(d, "search doc", "search docs")),
            None => String::new(),
        };
        write!(
            f,
            "built {}, {}, {}{search} ({}) into {} in {:.2?}",
            n(self.pages, "page", "pages"),
            n(self.sections, "section", "sections"),
            n(self.terms, "taxonomy term", "taxonomy terms"),
            n(self.files, "file", "files"),
            self.output.display(),
            self.elapsed
        )
    }
}

/// Everything loaded for one build.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub renderer: Renderer,
    pub theme: Theme,
}

impl Site {
    /// Loads config, theme, templates and content; the first half of a build.
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        let root = opts.root.clone();
        let mut config = Config::load(&root)?;
        if let Some(url) = &opts.base_url {
            config.set_base_url(url)?;
        }
        let theme = Theme::load(&root, &config.theme)?;
        let renderer = Renderer::new(&config, theme.clone(), opts.serve)?;
        let library = Library::load(
            &root,
            &config,
            &LoadOptions {
                drafts: opts.drafts,
            },
        )?;
        Ok(Site {
            root,
            config,
            library,
            renderer,
            theme,
        })
    }
}

/// Builds the site at `opts.root` into its output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let start = Instant::now();
    let site = Site::load(opts)?;
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join("public"));
    check_output_location(&site.root, &output)?;
    let rendered = render_staged(&site, &output)?;
    let lib = &site.library;
    Ok(BuildSummary {
        pages: lib.pages.len(),
        sections: lib.sections.len(),
        terms: lib.taxonomies.iter().map(|t| t.terms.len()).sum(),
        files: rendered.files,
        search_docs: rendered.search_docs,
        output,
        elapsed: start.elapsed(),
        warnings: lib.warnings.clone(),
    })
}

/// How many of the newest pages the home page gets as `recent`.
const RECENT_ON_HOME: usize = 6;

fn missing_template(site: &Site, source: &Path, name: &str) -> Diagnostic {
    let text = std::fs::read_to_string(site.root.join(source)).unwrap_or_default();
    let offset = crate::content::front_matter::split(&text)
        .ok()
        .and_then(|sp| {
            crate::content::front_matter::field_offset(sp.front, "template")
                .map(|o| sp.front_offset + o)
        });
    let d = Diagnostic::error(source, format!("template `{name}` does not exist"));
    let d = match offset {
        Some(o) => d.at_offset(&text, o),
        None => d,
    };
    d.with_hint(format!(
        "create themes/{}/templates/{name}, or remove `template` to use the page type's template",
        site.config.theme
    ))
}

/// One template mistake fails every page that uses the template: report it once, saying
/// how many more pages it broke.
fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: HashMap<(PathBuf, usize, usize, String), usize> = HashMap::new();
    for e in errors {
        let key = (e.path.clone(), e.line, e.col, e.message.clone());
        match index.get(&key) {
            Some(&i) => out[i].1 += 1,
            None => {
                index.insert(key, out.len());
                out.push((e, 0));
            }
        }
    }
    out.into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                let note = format!("the same error stopped {more} more page(s)");
                d.hint = Some(match d.hint.take() {
                    Some(h) => format!("{h} ({note})"),
                    None => note,
                });
            }
            d
        })
        .collect()
}

/// The output may not be (or hold) the site's own sources.
fn check_output_location(root: &Path, output: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalise the longest existing ancestor, keep the rest as written.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
        out.extend(rest.iter().rev());
        out
    };
    let root = abs(root);
    let output = abs(output);
    let refuse = |why: &str| {
        Err(Errors::one(
            Diagnostic::error(
                "--output",
                format!(
                    "refusing to write the site into {}: {why}",
                    output.display()
                ),
            )
            .with_hint("choose a folder of its own, such as ROOT/public"),
        ))
    };
    if root.starts_with(&output) {
        return refuse("it holds the site itself");
    }
    for sources in ["content", "static", "themes"] {
        if output.starts_with(root.join(sources)) {
            return refuse(&format!("it is inside the site's {sources}/ folder"));
        }
    }
    Ok(())
}

/// One unit of output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    Alias(usize),
    /// `section/page/1/`, redirecting to the section itself.
    FirstPager(usize),
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

/// Precomputed, shared template values (built once, cloned cheaply per job).
struct Shared {
    sections: Vec<Value>,
    section_pages: Vec<Vec<Value>>,
    /// Per taxonomy, per term: its page summaries (for pagination) and its template value.
    terms: Vec<Vec<(Vec<Value>, Value)>>,
    taxonomies: Vec<Value>,
    top_sections: Value,
    /// Pages marked `featured`, by weight then title, and the newest dated pages.
    featured: Value,
    recent: Value,
}

fn paginate_by(site: &Site, section: usize) -> usize {
    site.library.sections[section]
        .front
        .paginate_by
        .unwrap_or(site.config.paginate_by)
}

fn pager_count(len: usize, per: usize) -> usize {
    if per == 0 {
        1
    } else {
        len.div_ceil(per).max(1)
    }
}

fn pager_path(base: &str, pager: usize) -> String {
    if pager <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{pager}/")
    }
}

/// Renders every job into a staging folder beside `output` and swaps it into place; a failure
/// leaves `output` as it was. Returns the number of files written.
pub fn render_staged(site: &Site, output: &Path) -> Result<Rendered> {
    let staging = Staging::new(output).map_err(|e| Errors::one(io_error(output, &e)))?;
    let files = match render_all(site, &staging) {
        Ok(n) => n,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    staging
        .commit()
        .map_err(|e| Errors::one(io_error(output, &e)))?;
    Ok(files)
}

/// What a full render wrote.
#[derive(Debug, Clone, Copy)]
pub struct Rendered {
    pub files: usize,
    pub search_docs: Option<usize>,
}

/// Renders every job into the staging folder, and the search index beside them (on its own
/// thread: it only reads the parsed content).
pub fn render_all(site: &Site, staging: &Staging) -> Result<Rendered> {
    let jobs = all_jobs(site)?;
    let mut expected: HashSet<String> = jobs.iter().map(|j| job_output(site, j)).collect();
    let search = site.config.search.enabled;
    if search {
        expected.extend(crate::search::runtime_files().map(|(path, _)| path));
        expected.insert("search/entry.json".into());
    }
    staging
        .prepare(&expected)
        .map_err(|e| Errors::one(io_error(staging.dir(), &e)))?;
    let dest = Dest {
        dir: staging.dir(),
        atomic: false,
    };
    let (pages, index) = std::thread::scope(|s| {
        let timings = std::env::var_os("WAYMARK_TIMINGS").is_some();
        let index = search.then(|| {
            s.spawn(move || {
                let started = Instant::now();
                let index = search_index(site);
                if timings {
                    eprintln!("timing: search index {:.2?}", started.elapsed());
                }
                index
            })
        });
        let started = Instant::now();
        let pages = run_jobs(site, &jobs, &dest);
        if timings {
            eprintln!("timing: pages {:.2?}", started.elapsed());
        }
        let index = index.map(|h| {
            h.join()
                .unwrap_or_else(|_| Err("the search indexer panicked".into()))
        });
        (pages, index)
    });
    pages?;
    let mut files = jobs.len();
    let mut search_docs = None;
    if let Some(index) = index {
        let index = index.map_err(|e| Errors::one(Diagnostic::error("public/search", e)))?;
        let runtime = crate::search::runtime_files();
        for (path, bytes) in index
            .files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .chain(runtime.iter().map(|(p, b)| (p.as_str(), *b)))
        {
            write_output(&dest, path, bytes).map_err(Errors::one)?;
            files += 1;
        }
        search_docs = Some(index.docs);
    }
    Ok(Rendered { files, search_docs })
}

/// Builds the search index of the site's content.
pub fn search_index(site: &Site) -> std::result::Result<crate::search::IndexFiles, String> {
    let lib = &site.library;
    let docs = crate::search::search_docs(lib, &site.config);
    let sections = lib
        .sections
        .iter()
        .filter(|s| !s.dir.is_empty())
        .map(|s| (format!("{}/", s.dir), s.title.clone()))
        .collect();
    crate::search::build_index(&docs, sections, &site.config)
}

fn write_output(dest: &Dest, rel: &str, bytes: &[u8]) -> std::result::Result<(), Diagnostic> {
    if dest.atomic {
        crate::output::write_atomic(dest.dir, rel, bytes)
    } else {
        crate::output::write(dest.dir, rel, bytes)
    }
}

/// Where jobs write: a folder, and whether each file must appear whole at once (a folder
/// that is being served) or may be written in place (a staging folder).
pub struct Dest<'a> {
    pub dir: &'a Path,
    pub atomic: bool,
}

/// Runs `jobs` in parallel; shared list values are computed once, and only if a job needs
/// them.
pub fn run_jobs(site: &Site, jobs: &[Job], dest: &Dest) -> Result<()> {
    let base_path = site.config.base_path();
    let urls = Urls {
        base_path: &base_path,
        base_url: &site.config.base_url,
    };
    let shared = OnceLock::new();
    let results: Vec<std::result::Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| run_job(site, &urls, &shared, job, dest))
        .collect();
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(|r| r.err()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(dedupe(errors)))
    }
}

/// Every job of a full build, after checking that requested templates exist and that no two
/// jobs write the same file.
pub fn all_jobs(site: &Site) -> Result<Vec<Job>> {
    let lib = &site.library;
    let cfg = &site.config;
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
    jobs.extend((0..lib.pages.len()).map(Job::Page));
    for (i, s) in lib.sections.iter().enumerate() {
        let pagers = pager_count(s.pages.len(), paginate_by(site, i));
        for pager in 1..=pagers {
            jobs.push(Job::Section { section: i, pager });
        }
        if pagers > 1 {
            jobs.push(Job::FirstPager(i));
        }
    }
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (k, term) in tax.terms.iter().enumerate() {
            for pager in 1..=pager_count(term.pages.len(), cfg.paginate_by) {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term: k,
                    pager,
                });
            }
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
        let out = job_output(site, job);
        if let Some(first) = expected.insert(out.clone(), job) {
            errors.push(
                Diagnostic::error(
                    job_source(site, job),
                    format!(
                        "writes /{out}, which {} also writes",
                        job_source(site, first).display()
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

fn shared_values(site: &Site, urls: &Urls) -> Shared {
    let lib = &site.library;
    let summaries: Vec<Value> = lib
        .pages
        .par_iter()
        .map(|p| Value::from_serializable(&views::page_summary(lib, urls, p)))
        .collect();
    let section_pages: Vec<Vec<Value>> = lib
        .sections
        .iter()
        .map(|s| s.pages.iter().map(|&p| summaries[p].clone()).collect())
        .collect();
    #[derive(Serialize)]
    struct WithPages<'a> {
        #[serde(flatten)]
        view: views::SectionView<'a>,
        pages: &'a [Value],
        roles: Option<views::RolesOverview>,
        areas: Option<Vec<views::AreaView<'a>>>,
    }
    let sections = lib
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Value::from_serializable(&WithPages {
                view: views::section_view(lib, urls, s),
                pages: &section_pages[i],
                roles: views::roles_overview(lib, urls, i),
                areas: views::areas(lib, urls, i),
            })
        })
        .collect();
    #[derive(Serialize)]
    struct TermCtx<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        pages: &'a [Value],
    }
    let terms: Vec<Vec<(Vec<Value>, Value)>> = lib
        .taxonomies
        .iter()
        .map(|t| {
            t.terms
                .iter()
                .map(|term| {
                    let pages: Vec<Value> =
                        term.pages.iter().map(|&p| summaries[p].clone()).collect();
                    let value = Value::from_serializable(&TermCtx {
                        name: &term.name,
                        slug: &term.slug,
                        url: urls.url(&format!("{}/{}/", t.name, term.slug)),
                        pages: &pages,
                    });
                    (pages, value)
                })
                .collect()
        })
        .collect();
    #[derive(Serialize)]
    struct TermView<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct TaxonomyView<'a> {
        name: &'a str,
        title: String,
        url: String,
        terms: Vec<TermView<'a>>,
    }
    let taxonomies = lib
        .taxonomies
        .iter()
        .map(|t| {
            Value::from_serializable(&TaxonomyView {
                name: &t.name,
                title: title_case(&t.name),
                url: urls.url(&format!("{}/", t.name)),
                terms: t
                    .terms
                    .iter()
                    .map(|term| TermView {
                        name: &term.name,
                        slug: &term.slug,
                        url: urls.url(&format!("{}/{}/", t.name, term.slug)),
                        count: term.pages.len(),
                    })
                    .collect(),
            })
        })
        .collect();
    let top_sections = Value::from_serializable(
        &lib.top_sections()
            .iter()
            .map(|&i| views::subsection_view(lib, urls, i))
            .collect::<Vec<_>>(),
    );
    let mut featured: Vec<usize> = (0..lib.pages.len())
        .filter(|&i| lib.pages[i].front.featured)
        .collect();
    featured.sort_by_key(|&i| {
        (
            lib.pages[i].front.weight.unwrap_or(i64::MAX),
            lib.pages[i].title.to_lowercase(),
        )
    });
    let mut recent: Vec<usize> = (0..lib.pages.len())
        .filter(|&i| lib.pages[i].front.date.is_some())
        .collect();
    recent.sort_by(|&a, &b| {
        lib.pages[b]
            .front
            .date
            .cmp(&lib.pages[a].front.date)
            .then_with(|| lib.pages[a].path.cmp(&lib.pages[b].path))
    });
    recent.truncate(RECENT_ON_HOME);
    let pick =
        |v: &[usize]| Value::from(v.iter().map(|&i| summaries[i].clone()).collect::<Vec<_>>());
    let featured = pick(&featured);
    let recent = pick(&recent);
    Shared {
        featured,
        recent,
        sections,
        section_pages,
        terms,
        taxonomies,
        top_sections,
    }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    active: bool,
}

/// The base context of a job rendering output path `path`.
fn base_context(site: &Site, urls: &Urls, path: &str) -> Context {
    let lib = &site.library;
    let nav: Vec<NavItem> = lib
        .top_sections()
        .iter()
        .map(|&i| {
            let s = &lib.sections[i];
            NavItem {
                title: &s.title,
                url: urls.url(&s.path),
                active: path.starts_with(&s.path),
            }
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("nav", &nav);
    ctx.insert("current_url", &urls.url(path));
    ctx.insert("permalink", &urls.permalink(path));
    ctx
}

fn paginator(urls: &Urls, base: &str, all: &[Value], per: usize, pager: usize) -> Option<Value> {
    let count = pager_count(all.len(), per);
    if per == 0 || count <= 1 {
        return None;
    }
    let start = (pager - 1) * per;
    let end = (start + per).min(all.len());
    #[derive(Serialize)]
    struct Paginator<'a> {
        pages: &'a [Value],
        current_index: usize,
        number_pagers: usize,
        total_pages: usize,
        first: String,
        last: String,
        previous: Option<String>,
        next: Option<String>,
    }
    Some(Value::from_serializable(&Paginator {
        pages: &all[start..end],
        current_index: pager,
        number_pagers: count,
        total_pages: all.len(),
        first: urls.url(base),
        last: urls.url(&pager_path(base, count)),
        previous: (pager > 1).then(|| urls.url(&pager_path(base, pager - 1))),
        next: (pager < count).then(|| urls.url(&pager_path(base, pager + 1))),
    }))
}

fn page_template(site: &Site, page: &Page) -> String {
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

/// Where a job's output goes, relative to the output folder.
pub fn job_output(site: &Site, job: &Job) -> String {
    let lib = &site.library;
    match job {
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
            let base = format!("{}/{}/", tax.name, tax.terms[*term].slug);
            format!("{}index.html", pager_path(&base, *pager))
        }
        Job::Alias(i) => {
            let from = &lib.aliases[*i].0;
            if from.ends_with('/') {
                format!("{from}index.html")
            } else {
                from.clone()
            }
        }
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
pub fn job_template(site: &Site, job: &Job) -> Option<String> {
    let lib = &site.library;
    Some(match job {
        Job::Page(i) => page_template(site, &lib.pages[*i]),
        Job::Section { section: 0, .. } => "index.html".into(),
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
fn job_source(site: &Site, job: &Job) -> PathBuf {
    let lib = &site.library;
    match job {
        Job::Page(i) => lib.pages[*i].source.clone(),
        Job::Section { section, .. } | Job::FirstPager(section) => {
            lib.sections[*section].source.clone()
        }
        Job::Alias(i) => lib.aliases[*i].2.clone(),
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

/// The URL path of an `index.html` output (`help/a/index.html` → `help/a/`).
fn page_path(out: &str) -> &str {
    out.strip_suffix("index.html").unwrap_or(out)
}

fn run_job(
    site: &Site,
    urls: &Urls,
    shared: &OnceLock<Shared>,
    job: &Job,
    dest: &Dest,
) -> std::result::Result<(), Diagnostic> {
    let lib = &site.library;
    let dir = dest.dir;
    let shared = || shared.get_or_init(|| shared_values(site, urls));
    let out = job_output(site, job);
    let path = page_path(&out);
    let bytes: Vec<u8> = match job {
        Job::Page(i) => {
            let page = &lib.pages[*i];
            let mut ctx = base_context(site, urls, path);
            ctx.insert("page", &views::page_view(lib, &site.config, urls, page));
            site.renderer
                .render(&page_template(site, page), &ctx, Some(&page.source))?
                .into_bytes()
        }
        Job::Section { section, pager } => {
            let s = &lib.sections[*section];
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("section", shared().sections[*section].clone());
            let per = paginate_by(site, *section);
            ctx.insert_value(
                "paginator",
                paginator(
                    urls,
                    &s.path,
                    &shared().section_pages[*section],
                    per,
                    *pager,
                )
                .unwrap_or(Value::none()),
            );
            let template = if *section == 0 {
                ctx.insert_value("sections", shared().top_sections.clone());
                ctx.insert_value("featured", shared().featured.clone());
                ctx.insert_value("recent", shared().recent.clone());
                "index.html".to_string()
            } else {
                s.front
                    .template
                    .clone()
                    .unwrap_or_else(|| "section.html".to_string())
            };
            site.renderer
                .render(&template, &ctx, Some(&s.source))?
                .into_bytes()
        }
        Job::TaxonomyList(t) => {
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("taxonomy", shared().taxonomies[*t].clone());
            site.renderer
                .render("taxonomy_list.html", &ctx, None)?
                .into_bytes()
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tax = &lib.taxonomies[*taxonomy];
            let t = &tax.terms[*term];
            let base = format!("{}/{}/", tax.name, t.slug);
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("taxonomy", shared().taxonomies[*taxonomy].clone());
            let (pages, term_value) = &shared().terms[*taxonomy][*term];
            ctx.insert_value("term", term_value.clone());
            ctx.insert_value(
                "paginator",
                paginator(urls, &base, pages, site.config.paginate_by, *pager)
                    .unwrap_or(Value::none()),
            );
            site.renderer
                .render("taxonomy_single.html", &ctx, None)?
                .into_bytes()
        }
        Job::Alias(i) => redirect_html(&urls.permalink(&lib.aliases[*i].1)).into_bytes(),
        Job::FirstPager(i) => redirect_html(&urls.permalink(&lib.sections[*i].path)).into_bytes(),
        Job::NotFound | Job::Search => {
            let ctx = base_context(site, urls, path);
            let template = if matches!(job, Job::NotFound) {
                "404.html"
            } else {
                "search.html"
            };
            site.renderer.render(template, &ctx, None)?.into_bytes()
        }
        Job::Feed => crate::feeds::atom(site, urls).into_bytes(),
        Job::Sitemap => crate::feeds::sitemap(site, urls).into_bytes(),
        Job::Robots => format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        )
        .into_bytes(),
        Job::SyntaxCss => crate::markdown::syntax_css().into_bytes(),
        Job::ThemeStatic(rel) => {
            let file = &site.theme.statics[rel];
            file.bytes()
                .map_err(|e| Diagnostic::error(&file.display, format!("cannot read: {e}")))?
                .into_owned()
        }
        Job::SiteStatic(src, _) if !dest.atomic => return output::copy(dir, src, &out),
        Job::Asset(i) if !dest.atomic => return output::copy(dir, &lib.assets[*i].source, &out),
        Job::SiteStatic(src, _) => read_source(src)?,
        Job::Asset(i) => read_source(&lib.assets[*i].source)?,
    };
    if dest.atomic {
        output::write_atomic(dir, &out, &bytes)
    } else {
        output::write(dir, &out, &bytes)
    }
}

fn read_source(path: &Path) -> std::result::Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))
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

fn redirect_html(to: &str) -> String {
    let to = crate::markdown::escape_attr(to);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirecting…</title>\
<link rel=\"canonical\" href=\"{to}\"><meta name=\"robots\" content=\"noindex\">\
<meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\
<body><p>This page has moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n"
    )
}
