//! `waymark build`: load everything once, build the site graph, make a job list, render the
//! jobs in parallel straight into a temporary folder, and swap it over the output only when
//! every job succeeded. A failed build leaves the previous output as it was.

//!
//! [`jobs`] makes the job list, [`render`] renders one job, [`shared`] holds the list values
//! many jobs share; the site itself is loaded by [`crate::site`].

mod jobs;
mod render;
mod shared;
mod watchdog;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use jobs::{Job, all_jobs, section_pagers, term_pagers};

use crate::error::{Diagnostic, Errors, Result, io_error};
use crate::output::Staging;
use crate::render::urls::Urls;
use crate::site::{BuildOptions, Site};

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
    let abs = crate::layout::absolute;
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

/// Renders every job into a staging folder beside `output` and swaps it into place; a failure
/// leaves `output` as it was. Returns the number of files written.
pub fn render_staged(site: &Site, output: &Path) -> Result<Rendered> {
    render_staged_keeping(site, output, &[])
}

/// [`render_staged`], also carrying `keep` (path, bytes) into the new output where the build
/// did not write that path: `waymark serve` keeps the search files a page loaded a moment
/// ago can still ask for.
pub fn render_staged_keeping(
    site: &Site,
    output: &Path,
    keep: &[(String, Vec<u8>)],
) -> Result<Rendered> {
    let staging = Staging::new(output).map_err(|e| Errors::one(io_error(output, &e)))?;
    let files = match render_all(site, &staging) {
        Ok(n) => n,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    for (path, bytes) in keep {
        if !staging.dir().join(path).exists() {
            crate::output::write(staging.dir(), path, bytes).map_err(Errors::one)?;
        }
    }
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
    let mut expected: HashSet<String> = jobs.iter().map(|j| j.output(site)).collect();
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
            h.join().unwrap_or_else(|_| {
                Err(Diagnostic::error(
                    "public/search",
                    "the search indexer panicked",
                ))
            })
        });
        (pages, index)
    });
    pages?;
    let mut files = jobs.len();
    let mut search_docs = None;
    if let Some(index) = index {
        let index = index.map_err(Errors::one)?;
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
pub fn search_index(site: &Site) -> std::result::Result<crate::search::IndexFiles, Diagnostic> {
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
    let dog = watchdog::Watchdog::default();
    let results: Vec<std::result::Result<(), Diagnostic>> = std::thread::scope(|s| {
        s.spawn(|| {
            dog.watch(|i| {
                let job = &jobs[i];
                let template = job.template(site).unwrap_or_default();
                let file = site.renderer.template_path(&template);
                format!(
                    "{} (rendering {})",
                    file.display(),
                    job.source(site).display()
                )
            })
        });
        // Ends the watch however this closure ends (a panicking job included).
        let _finish = dog.finish_on_drop();
        jobs.par_iter()
            .enumerate()
            .map(|(i, job)| {
                let _running = dog.start(i);
                render::run_job(site, &urls, &shared, job, dest)
            })
            .collect()
    });
    let errors: Vec<Diagnostic> = results.into_iter().filter_map(|r| r.err()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(dedupe(errors)))
    }
}
