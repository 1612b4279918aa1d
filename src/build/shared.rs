//! Template values many jobs share (every section's page list, terms, taxonomies, the home
//! page's featured and recent pages), computed once per run and only if a job needs them.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::content::SectionId;
use crate::render::urls::Urls;
use crate::render::views;
use crate::site::Site;

/// How many of the newest pages the home page gets as `recent`.
const RECENT_ON_HOME: usize = 6;

/// Precomputed, shared template values (built once, cloned cheaply per job).
pub(super) struct Shared {
    pub sections: Vec<Value>,
    pub section_pages: Vec<Vec<Value>>,
    /// Per taxonomy, per term: its page summaries (for pagination) and its template value.
    pub terms: Vec<Vec<(Vec<Value>, Value)>>,
    pub taxonomies: Vec<Value>,
    pub top_sections: Value,
    /// Pages marked `featured`, by weight then title, and the newest dated pages.
    pub featured: Value,
    pub recent: Value,
}

pub(super) fn shared_values(site: &Site, urls: &Urls) -> Shared {
    let lib = &site.library;
    let summaries: Vec<Value> = lib
        .pages
        .par_iter()
        .map(|p| Value::from_serializable(&views::page_summary(lib, urls, p)))
        .collect();
    let section_pages: Vec<Vec<Value>> = lib
        .sections
        .iter()
        .map(|s| s.pages.iter().map(|&p| summaries[p.0].clone()).collect())
        .collect();
    let (featured, recent) = home_lists(site, &summaries);
    Shared {
        featured,
        recent,
        sections: sections(site, urls, &section_pages),
        section_pages,
        terms: terms(site, urls, &summaries),
        taxonomies: taxonomies(site, urls),
        top_sections: Value::from_serializable(
            &lib.top_sections()
                .iter()
                .map(|&i| views::subsection_view(lib, urls, i))
                .collect::<Vec<_>>(),
        ),
    }
}

/// Each section's value: its view, its pages, and a roles overview or areas where it has them.
fn sections(site: &Site, urls: &Urls, section_pages: &[Vec<Value>]) -> Vec<Value> {
    let lib = &site.library;
    #[derive(Serialize)]
    struct WithPages<'a> {
        #[serde(flatten)]
        view: views::SectionView<'a>,
        pages: &'a [Value],
        roles: Option<views::RolesOverview>,
        areas: Option<Vec<views::AreaView<'a>>>,
    }
    lib.sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Value::from_serializable(&WithPages {
                view: views::section_view(lib, urls, s),
                pages: &section_pages[i],
                roles: views::roles_overview(lib, urls, SectionId(i)),
                areas: views::areas(lib, urls, SectionId(i)),
            })
        })
        .collect()
}

/// Per taxonomy, per term: its page summaries and its template value.
fn terms(site: &Site, urls: &Urls, summaries: &[Value]) -> Vec<Vec<(Vec<Value>, Value)>> {
    let lib = &site.library;
    #[derive(Serialize)]
    struct TermCtx<'a> {
        name: &'a str,
        slug: &'a str,
        url: String,
        pages: &'a [Value],
    }
    lib.taxonomies
        .iter()
        .map(|t| {
            t.terms
                .iter()
                .map(|term| {
                    let pages: Vec<Value> =
                        term.pages.iter().map(|&p| summaries[p.0].clone()).collect();
                    let value = Value::from_serializable(&TermCtx {
                        name: &term.name,
                        slug: &term.slug,
                        url: urls.url(&t.term_path(term)),
                        pages: &pages,
                    });
                    (pages, value)
                })
                .collect()
        })
        .collect()
}

/// Each taxonomy with its terms and their page counts.
fn taxonomies(site: &Site, urls: &Urls) -> Vec<Value> {
    let lib = &site.library;
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
    lib.taxonomies
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
                        url: urls.url(&t.term_path(term)),
                        count: term.pages.len(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The home page's lists: featured pages by weight then title, and the newest dated pages.
fn home_lists(site: &Site, summaries: &[Value]) -> (Value, Value) {
    let lib = &site.library;
    let mut featured: Vec<usize> = (0..lib.pages.len())
        .filter(|&i| lib.pages[i].front.featured && lib.pages[i].listed())
        .collect();
    featured.sort_by_key(|&i| {
        (
            lib.pages[i].front.weight.unwrap_or(i64::MAX),
            lib.pages[i].title.to_lowercase(),
        )
    });
    let mut recent: Vec<usize> = (0..lib.pages.len())
        .filter(|&i| lib.pages[i].front.date.is_some() && lib.pages[i].listed())
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
    (pick(&featured), pick(&recent))
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
