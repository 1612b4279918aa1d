//! Rendering one job: its template with the page's or list's values, or the bytes of a
//! redirect, feed, static file or asset, written to the job's output path.

use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use super::Dest;
use super::jobs::{Job, pager_count, pager_path, paginate_by};
use super::shared::{Shared, shared_values};
use crate::content::SectionId;
use crate::error::Diagnostic;
use crate::output;
use crate::render::urls::Urls;
use crate::render::views;
use crate::site::Site;

/// The URL path of an `index.html` output (`help/a/index.html` → `help/a/`).
fn page_path(out: &str) -> &str {
    out.strip_suffix("index.html").unwrap_or(out)
}

pub(super) fn run_job(
    site: &Site,
    urls: &Urls,
    shared: &OnceLock<Shared>,
    job: &Job,
    dest: &Dest,
) -> std::result::Result<(), Diagnostic> {
    let lib = &site.library;
    let dir = dest.dir;
    let shared = || shared.get_or_init(|| shared_values(site, urls));
    let out = job.output(site);
    let path = page_path(&out);
    let template = || {
        job.template(site)
            .expect("a job that renders a template names it")
    };
    let bytes: Vec<u8> = match job {
        Job::Page(i) => {
            let page = &lib.pages[*i];
            let mut ctx = base_context(site, urls, path);
            ctx.insert("page", &views::page_view(lib, &site.config, urls, page));
            site.renderer
                .render(&template(), &ctx, Some(&page.source))?
                .into_bytes()
        }
        Job::Section { section, pager } => {
            let s = &lib.sections[*section];
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("section", shared().sections[section.0].clone());
            let per = paginate_by(site, *section);
            ctx.insert_value(
                "paginator",
                paginator(
                    urls,
                    &s.path,
                    &shared().section_pages[section.0],
                    per,
                    *pager,
                )
                .unwrap_or(Value::none()),
            );
            if *section == SectionId(0) {
                ctx.insert_value("sections", shared().top_sections.clone());
                ctx.insert_value("featured", shared().featured.clone());
                ctx.insert_value("recent", shared().recent.clone());
            }
            site.renderer
                .render(&template(), &ctx, Some(&s.source))?
                .into_bytes()
        }
        Job::TaxonomyList(t) => {
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("taxonomy", shared().taxonomies[*t].clone());
            site.renderer.render(&template(), &ctx, None)?.into_bytes()
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tax = &lib.taxonomies[*taxonomy];
            let t = &tax.terms[*term];
            let base = tax.term_path(t);
            let mut ctx = base_context(site, urls, path);
            ctx.insert_value("taxonomy", shared().taxonomies[*taxonomy].clone());
            let (pages, term_value) = &shared().terms[*taxonomy][*term];
            ctx.insert_value("term", term_value.clone());
            ctx.insert_value(
                "paginator",
                paginator(urls, &base, pages, site.config.paginate_by, *pager)
                    .unwrap_or(Value::none()),
            );
            site.renderer.render(&template(), &ctx, None)?.into_bytes()
        }
        Job::Alias(i) => redirect_html(&urls.permalink(&lib.aliases[*i].to)).into_bytes(),
        Job::FirstPager(i) => redirect_html(&urls.permalink(&lib.sections[*i].path)).into_bytes(),
        Job::NotFound | Job::Search => {
            let ctx = base_context(site, urls, path);
            site.renderer.render(&template(), &ctx, None)?.into_bytes()
        }
        Job::Twin(i) => crate::llms::twin(site, urls, &lib.pages[*i])?.into_bytes(),
        Job::LlmsTxt => crate::llms::llms_txt(site, urls).into_bytes(),
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

fn redirect_html(to: &str) -> String {
    let to = crate::markdown::escape_attr(to);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirecting…</title>\
<link rel=\"canonical\" href=\"{to}\"><meta name=\"robots\" content=\"noindex\">\
<meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\
<body><p>This page has moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n"
    )
}
