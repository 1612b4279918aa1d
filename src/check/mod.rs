//! `waymark check`: everything a build checks (front matter, templates, duplicate paths), plus
//! every link: relative `.md` links, `#anchors` (against the ids in the rendered pages, so ids a
//! template or raw HTML adds count too), site-absolute links, images, links in raw HTML, pages
//! no other page links to, and with `--external` the links that leave the site. `[check]` in
//! `waymark.toml` says which links to leave alone and how loud each kind of finding is.

mod built;
mod external;
mod links;
mod orphans;
mod review;

use std::path::Path;

use crate::build::render_all;
use crate::error::{Code, Diagnostic, Errors, Result, Severity, io_error};
use crate::output::Staging;
use crate::site::{BuildOptions, Site};

pub use links::ExternalLink;
pub use review::StalePage;

/// What a check looks at besides the site itself.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Also fetch the links that leave the site.
    pub external: bool,
    /// The day review dates are compared with.
    pub today: jiff::civil::Date,
    /// Overdue reviews are errors, whatever `[check.levels]` says.
    pub stale_is_error: bool,
}

impl CheckOptions {
    /// Internal links only, reviews as of today.
    pub fn now() -> Self {
        CheckOptions {
            external: false,
            today: jiff::Zoned::now().date(),
            stale_is_error: false,
        }
    }
}

/// One thing check found, with the link it is about (as written) when it is about a link.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub link: Option<String>,
    /// How many problems it stands for (more than one for "N more like these").
    pub count: usize,
}

impl From<Diagnostic> for Finding {
    fn from(diagnostic: Diagnostic) -> Self {
        Finding {
            diagnostic,
            link: None,
            count: 1,
        }
    }
}

/// What a check of a site that builds found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub pages: usize,
    pub links: usize,
    /// In file and line order, with the levels of `[check.levels]` applied.
    pub findings: Vec<Finding>,
    /// Pages overdue for review, the longest overdue first.
    pub stale: Vec<StalePage>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.diagnostic.severity == severity)
            .map(|f| f.count)
            .sum()
    }
}

/// Builds the site into a throwaway folder and checks every link in it (with `external`, also
/// those that leave the site). A site that does not build is an `Err`; everything else is in
/// the report.
pub fn check(opts: &BuildOptions, how: &CheckOptions) -> Result<CheckReport> {
    let site = Site::load(opts)?;
    let scratch = tempfile::tempdir().map_err(|e| Errors::one(io_error(Path::new("."), &e)))?;
    let staging = Staging::new(&scratch.path().join("site"))
        .map_err(|e| Errors::one(io_error(scratch.path(), &e)))?;
    render_all(&site, &staging)?;
    let built = built::Built::read(staging.dir(), &site.config.base_path());
    staging.abandon();

    let checked = links::check(&site, &built);
    let mut findings = checked.findings;
    if how.external {
        let config = &site.config.check;
        findings.extend(external::check(&site.root, &checked.external, config));
    }
    findings.extend(orphans::find(&site, &built).into_iter().map(Finding::from));
    findings.extend(build_warnings(&site));
    let mut findings = with_levels(&site, findings);
    let overdue = review::findings(&site, how.today)
        .into_iter()
        .map(Finding::from);
    if how.stale_is_error {
        findings.extend(overdue.map(|mut f| {
            f.diagnostic.severity = Severity::Error;
            f
        }));
    } else {
        findings.extend(with_levels(&site, overdue.collect()));
    }
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.diagnostic.path.clone(),
                f.diagnostic.line,
                f.diagnostic.col,
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(CheckReport {
        pages: site.library.pages.len(),
        links: checked.count,
        findings,
        stale: review::stale_pages(&site, how.today),
    })
}

/// The build's warnings, without the broken links: check reports each of those itself.
fn build_warnings(site: &Site) -> Vec<Finding> {
    site.library
        .warnings
        .iter()
        .filter(|w| w.code != Some(Code::BrokenLink))
        .cloned()
        .map(Finding::from)
        .collect()
}

/// Each finding at the level `[check.levels]` gives its kind; silenced ones are dropped.
fn with_levels(site: &Site, findings: Vec<Finding>) -> Vec<Finding> {
    let levels = &site.config.check;
    findings
        .into_iter()
        .filter_map(|mut f| {
            let d = &mut f.diagnostic;
            d.severity = levels.severity(d.code, d.severity)?;
            Some(f)
        })
        .collect()
}
