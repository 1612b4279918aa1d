//! Incremental rebuilds for `waymark serve`: a change re-runs only the jobs it affects.
//!
//! - a page body → that page and the feed;
//! - what lists show of a page (title, summary, tags...) → also its section's pagers, its
//!   neighbours, its taxonomy terms, the home page, the sitemap;
//! - a template → the pages rendered with it (or that extend or include it; everything when
//!   it defines components, which are global);
//! - a static file → that file (stylesheets are swapped without a page reload);
//! - anything structural (new, deleted or renamed files, slugs, dates, weights, drafts,
//!   sections, the config) → a full rebuild, staged and swapped like `waymark build`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::{self, Dest, Job};
use crate::content::{PageChange, SectionId};
use crate::error::{Diagnostic, Result};
use crate::layout::{SiteLayout, SourceKind};
use crate::render::{Renderer, Theme};
use crate::site::{BuildOptions, Site};

/// What browsers should do after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing they show changed.
    Nothing,
    /// Reload the page.
    Reload,
    /// Swap these stylesheets (output paths) in place.
    Css(Vec<String>),
}

/// A report of one rebuild, for the terminal.
#[derive(Debug, Clone)]
pub struct Report {
    pub outcome: Outcome,
    pub jobs: usize,
    pub full: bool,
    pub millis: u128,
    pub warnings: Vec<Diagnostic>,
}

pub struct Rebuilder {
    opts: BuildOptions,
    layout: SiteLayout,
    site: Option<Site>,
    /// Pages changed since the search index was last written.
    search_stale: bool,
}

impl Rebuilder {
    pub fn new(opts: BuildOptions, output: PathBuf) -> Rebuilder {
        Rebuilder {
            layout: SiteLayout::new(&opts.root, &output),
            opts,
            site: None,
            search_stale: false,
        }
    }

    pub fn output(&self) -> &Path {
        &self.layout.output
    }

    /// Loads and builds everything, staged: a failure leaves the served output as it was.
    pub fn full(&mut self) -> Result<Report> {
        let start = Instant::now();
        let site = Site::load(&self.opts)?;
        // A page that loaded the current entry.json may still read the files it lists.
        let keep: Vec<(String, Vec<u8>)> = live_search_files(&self.layout.output)
            .into_iter()
            .filter_map(|name| {
                let path = format!("search/{name}");
                let bytes = std::fs::read(self.layout.output.join(&path)).ok()?;
                Some((path, bytes))
            })
            .collect();
        let jobs = build::render_staged_keeping(&site, &self.layout.output, &keep)?.files;
        self.search_stale = false;
        let warnings = site.library.warnings.clone();
        self.site = Some(site);
        Ok(Report {
            outcome: Outcome::Reload,
            jobs,
            full: true,
            millis: start.elapsed().as_millis(),
            warnings,
        })
    }

    /// Rewrites the search index after incremental page changes; called once the browser has
    /// been told to reload, so the reload never waits for indexing. New files are written
    /// before `entry.json` points at them; the previous generation is kept (a page that loaded
    /// the old `entry.json` a moment ago can still read it) and older ones are deleted.
    /// Returns the number of documents, or `None` when nothing was stale.
    pub fn refresh_search(&mut self) -> Option<std::result::Result<usize, Diagnostic>> {
        if !std::mem::take(&mut self.search_stale) {
            return None;
        }
        let site = self.site.as_ref()?;
        if !site.config.search.enabled {
            return None;
        }
        Some(self.write_search(site))
    }

    fn write_search(&self, site: &Site) -> std::result::Result<usize, Diagnostic> {
        let index = build::search_index(site)?;
        let dir = self.layout.output.join("search");
        let mut keep: HashSet<String> =
            live_search_files(&self.layout.output).into_iter().collect();
        let mut entry = None;
        for (path, bytes) in &index.files {
            if path == "search/entry.json" {
                entry = Some(bytes);
                continue;
            }
            keep.insert(path.trim_start_matches("search/").to_string());
            crate::output::write_atomic(&self.layout.output, path, bytes)?;
        }
        if let Some(bytes) = entry {
            crate::output::write_atomic(&self.layout.output, "search/entry.json", bytes)?;
        }
        for (path, _) in crate::search::runtime_files() {
            keep.insert(path.trim_start_matches("search/").to_string());
        }
        keep.extend(["entry.json".to_string(), "index.html".to_string()]);
        if let Ok(files) = std::fs::read_dir(&dir) {
            for f in files.flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if !keep.contains(&name) && !name.starts_with('.') {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        }
        Ok(index.docs)
    }

    /// Rebuilds what `changed` (absolute paths from the watcher) affects.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Report> {
        let start = Instant::now();
        let Some(site) = self.site.as_mut() else {
            return self.full();
        };
        let mut pending = Pending::default();
        for path in changed {
            let full = match self.layout.classify(path) {
                SourceKind::Config | SourceKind::SourceFolder => true,
                SourceKind::Content(rel) => {
                    let full = content_change(site, path, &rel, &mut pending)?;
                    self.search_stale |= pending.search_stale;
                    full
                }
                SourceKind::Theme { theme, rel } if theme == site.config.theme => {
                    theme_change(site, path, &rel, &mut pending)?
                }
                SourceKind::Static(out) => {
                    if !path.exists() {
                        return self.full();
                    }
                    pending.static_file(Job::SiteStatic(path.clone(), out.clone()), &out);
                    false
                }
                SourceKind::Theme { .. } | SourceKind::Other => false,
            };
            if full {
                return self.full();
            }
        }
        if !pending.templates.is_empty() {
            let theme = Theme::load(&site.root, &site.config.theme)?;
            let renderer = Renderer::new(&site.config, theme.clone(), self.opts.serve)?;
            let affected = affected_templates(&theme, &pending.templates);
            site.theme = theme;
            site.renderer = renderer;
            for job in build::all_jobs(site)? {
                let uses = match job.template(site) {
                    Some(t) => affected.as_ref().is_none_or(|a| a.contains(&t)),
                    None => false,
                };
                if uses {
                    pending.jobs.insert(job);
                }
            }
        }
        let jobs: Vec<Job> = pending.jobs.into_iter().collect();
        build::run_jobs(
            site,
            &jobs,
            &Dest {
                dir: &self.layout.output,
                atomic: true,
            },
        )?;
        let only_css = !pending.css.is_empty()
            && jobs.iter().all(
                |j| matches!(j, Job::ThemeStatic(p) | Job::SiteStatic(_, p) if p.ends_with(".css")),
            );
        let outcome = if jobs.is_empty() {
            Outcome::Nothing
        } else if only_css {
            Outcome::Css(pending.css)
        } else {
            Outcome::Reload
        };
        Ok(Report {
            outcome,
            jobs: jobs.len(),
            full: false,
            millis: start.elapsed().as_millis(),
            warnings: pending.warnings,
        })
    }
}

/// What a batch of changes asks for, short of a full rebuild.
#[derive(Default)]
struct Pending {
    jobs: BTreeSet<Job>,
    /// Stylesheets rewritten (browsers swap them without a reload).
    css: Vec<String>,
    warnings: Vec<Diagnostic>,
    /// Templates changed (names under `templates/`).
    templates: Vec<String>,
    /// A page changed since the search index was written.
    search_stale: bool,
}

impl Pending {
    fn static_file(&mut self, job: Job, out: &str) {
        self.jobs.insert(job);
        if out.ends_with(".css") {
            self.css.push(out.to_string());
        }
    }
}

/// A file under `content/` changed. Returns whether the site's shape changed (new, deleted
/// or renamed files, sections, structural front matter): then everything is rebuilt.
fn content_change(site: &mut Site, path: &Path, rel: &str, pending: &mut Pending) -> Result<bool> {
    let Some(idx) = site.library.page_by_rel(rel) else {
        let asset = site.library.assets.iter().position(|a| a.source == *path);
        return Ok(match asset {
            Some(i) if !rel.ends_with(".md") && path.exists() => {
                pending.jobs.insert(Job::Asset(i));
                false
            }
            _ => true,
        });
    };
    if !path.exists() {
        return Ok(true);
    }
    let root = site.root.clone();
    let (change, w) = site.library.update_page(&root, &site.config, idx)?;
    pending.warnings.extend(w);
    pending.search_stale = true;
    let jobs = &mut pending.jobs;
    if crate::llms::has_twin(&site.config, &site.library.pages[idx]) {
        jobs.insert(Job::Twin(idx));
    }
    match change {
        PageChange::Structural => return Ok(true),
        PageChange::Body => jobs.extend([Job::Page(idx), Job::Feed]),
        PageChange::Listed { terms, neighbours } => {
            let lib = &site.library;
            jobs.insert(Job::Page(idx));
            if site.config.llms.enabled {
                jobs.insert(Job::LlmsTxt);
            }
            jobs.extend(neighbours.into_iter().map(Job::Page));
            let mut section = Some(lib.pages[idx].section);
            while let Some(s) = section {
                jobs.extend(build::section_pagers(site, s));
                section = lib.sections[s].parent;
            }
            jobs.extend(build::section_pagers(site, SectionId(0)));
            for (t, k) in terms {
                jobs.extend(build::term_pagers(site, t, k));
                jobs.insert(Job::TaxonomyList(t));
            }
            jobs.extend([Job::Feed, Job::Sitemap]);
        }
    }
    Ok(false)
}

/// A file of the site's theme changed (`rel` inside the theme's folder). Returns whether
/// everything must be rebuilt (the theme folder itself, or a new or deleted static file).
fn theme_change(site: &mut Site, path: &Path, rel: &str, pending: &mut Pending) -> Result<bool> {
    if rel.is_empty() {
        return Ok(true);
    }
    if let Some(name) = rel.strip_prefix("templates/") {
        pending.templates.push(name.to_string());
    } else if let Some(out) = rel.strip_prefix("static/") {
        if !path.exists() || !site.theme.statics.contains_key(out) {
            return Ok(true);
        }
        if site.root.join("static").join(out).exists() {
            return Ok(false); // the site's own static file wins
        }
        site.theme = Theme::load(&site.root, &site.config.theme)?;
        pending.static_file(Job::ThemeStatic(out.to_string()), out);
    }
    Ok(false)
}

/// Templates whose output depends on the changed ones, following `extends` and `include`.
/// `None` means all of them: a changed template defines components, which are global.
fn affected_templates(theme: &Theme, changed: &[String]) -> Option<HashSet<String>> {
    let sources: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|(name, f)| {
            (
                name.clone(),
                f.bytes()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut affected: HashSet<String> = changed.iter().cloned().collect();
    for name in changed {
        let source = sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_str())
            .unwrap_or("");
        if source.contains("{% component")
            || source.contains("{%- component")
            || !theme.templates.contains_key(name)
        {
            return None;
        }
    }
    loop {
        let before = affected.len();
        for (name, source) in &sources {
            if affected.contains(name) {
                continue;
            }
            let uses = affected.iter().any(|a| {
                let quoted = format!("\"{a}\"");
                source.lines().any(|l| {
                    (l.contains("extends") || l.contains("include")) && l.contains(&quoted)
                })
            });
            if uses {
                affected.insert(name.clone());
            }
        }
        if affected.len() == before {
            return Some(affected);
        }
    }
}

/// The index files the served `search/entry.json` lists (names inside `search/`).
fn live_search_files(output: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(output.join("search/entry.json")) else {
        return Vec::new();
    };
    let Ok(entry) = serde_json::from_str::<search_core::Entry>(&text) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entry.files.into_iter().map(|f| f.url).collect();
    files.push(entry.hot.url);
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::{Origin, ThemeFile};

    fn theme(files: &[(&str, &str)]) -> Theme {
        let mut t = Theme::default();
        for (name, text) in files {
            let bytes: &'static [u8] = Box::leak(text.as_bytes().to_vec().into_boxed_slice());
            t.templates.insert(
                name.to_string(),
                ThemeFile {
                    origin: Origin::Embedded(bytes),
                    display: name.into(),
                },
            );
        }
        t
    }

    #[test]
    fn follows_extends_and_includes() {
        let t = theme(&[
            (
                "base.html",
                "<html>{% block content %}{% endblock content %}",
            ),
            ("page.html", "{% extends \"base.html\" %}"),
            ("role.html", "{% extends \"page.html\" %}"),
            (
                "section.html",
                "{% extends \"base.html\" %}{% include \"list.html\" %}",
            ),
            ("list.html", "<ul></ul>"),
            (
                "components.html",
                "{% component ui.x() %}{% endcomponent ui.x %}",
            ),
        ]);
        let a = affected_templates(&t, &["page.html".into()]).unwrap();
        assert_eq!(
            a,
            HashSet::from(["page.html".to_string(), "role.html".to_string()])
        );
        let a = affected_templates(&t, &["list.html".into()]).unwrap();
        assert_eq!(
            a,
            HashSet::from(["list.html".to_string(), "section.html".to_string()])
        );
        assert_eq!(
            affected_templates(&t, &["base.html".into()]).unwrap().len(),
            4,
            "base, page, role, section"
        );
        assert_eq!(affected_templates(&t, &["components.html".into()]), None);
    }
}
