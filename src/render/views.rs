//! Serializable, borrowed views of the site graph: what templates see.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::content::{Library, Page, Section, slug_segment};
use crate::markdown::TocEntry;

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct TermRef<'a> {
    pub name: &'a str,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The start of the text, for `<meta name="description">` when there is no description.
    pub excerpt: String,
    pub content: &'a str,
    pub summary: Option<&'a str>,
    pub toc: &'a [TocEntry],
    pub url: String,
    pub permalink: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub slug: &'a str,
    #[serde(rename = "type")]
    pub page_type: &'static str,
    pub draft: bool,
    pub weight: Option<i64>,
    pub featured: bool,
    pub word_count: usize,
    pub reading_time: usize,
    pub authors: &'a [String],
    pub categories: Vec<TermRef<'a>>,
    pub tags: Vec<TermRef<'a>>,
    pub section: LinkView<'a>,
    pub ancestors: Vec<LinkView<'a>>,
    pub previous: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    pub params: &'a Map<String, Value>,
    pub extra: &'a Map<String, Value>,
}

#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub url: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    #[serde(rename = "type")]
    pub page_type: &'static str,
    pub weight: Option<i64>,
    pub featured: bool,
    pub reading_time: usize,
    pub categories: Vec<TermRef<'a>>,
    pub tags: Vec<TermRef<'a>>,
    pub params: &'a Map<String, Value>,
    pub extra: &'a Map<String, Value>,
}

#[derive(Serialize)]
pub struct SubsectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub page_count: usize,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub url: String,
    pub permalink: String,
    pub subsections: Vec<SubsectionView<'a>>,
    pub ancestors: Vec<LinkView<'a>>,
    pub page_type: Option<&'static str>,
    pub extra: &'a Map<String, Value>,
}

/// URL builders shared by every view.
pub struct Urls<'a> {
    pub base_path: &'a str,
    pub base_url: &'a str,
}

impl Urls<'_> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

const EXCERPT_CHARS: usize = 160;

/// The first `max` characters of `text` (whitespace folded), cut at a word boundary.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Words per minute used for reading time.
const WPM: usize = 220;

pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WPM).max(1)
}

fn term_refs<'a>(
    lib: &'a Library,
    urls: &Urls,
    taxonomy: &str,
    names: &'a [String],
) -> Vec<TermRef<'a>> {
    let configured = lib.taxonomies.iter().any(|t| t.name == taxonomy);
    let mut seen = Vec::new();
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .filter_map(|name| {
            // Two spellings of one term ("Onboarding", "onboarding") are one term.
            let slug = slug_segment(name);
            if seen.contains(&slug) {
                return None;
            }
            let url = configured.then(|| urls.url(&format!("{taxonomy}/{slug}/")));
            seen.push(slug);
            Some(TermRef { name, url })
        })
        .collect()
}

fn summary_html(page: &Page) -> Option<&str> {
    page.rendered.summary.as_deref()
}

pub fn page_summary<'a>(lib: &'a Library, urls: &Urls, page: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &page.title,
        description: page.front.description.as_deref(),
        summary: summary_html(page),
        url: urls.url(&page.path),
        date: page.front.date.map(|d| d.to_string()),
        updated: page.updated.map(|d| d.to_string()),
        page_type: page.page_type.as_str(),
        weight: page.front.weight,
        featured: page.front.featured,
        reading_time: reading_time(page.rendered.word_count),
        categories: term_refs(lib, urls, "categories", &page.front.categories.0),
        tags: term_refs(lib, urls, "tags", &page.front.tags.0),
        params: &page.front.params,
        extra: &page.front.extra,
    }
}

pub fn ancestors<'a>(
    lib: &'a Library,
    urls: &Urls,
    mut section: Option<usize>,
) -> Vec<LinkView<'a>> {
    let mut out = Vec::new();
    while let Some(s) = section {
        let sec = &lib.sections[s];
        out.push(LinkView {
            title: &sec.title,
            url: urls.url(&sec.path),
        });
        section = sec.parent;
    }
    out.reverse();
    out
}

pub fn page_view<'a>(lib: &'a Library, urls: &Urls, page: &'a Page) -> PageView<'a> {
    let section = &lib.sections[page.section];
    let link = |i: Option<usize>| {
        i.map(|i| {
            let p = &lib.pages[i];
            LinkView {
                title: &p.title,
                url: urls.url(&p.path),
            }
        })
    };
    let slug = page
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    PageView {
        title: &page.title,
        description: page.front.description.as_deref(),
        excerpt: excerpt(&page.rendered.plain_text, EXCERPT_CHARS),
        content: &page.rendered.html,
        summary: summary_html(page),
        toc: &page.rendered.toc,
        url: urls.url(&page.path),
        permalink: urls.permalink(&page.path),
        date: page.front.date.map(|d| d.to_string()),
        updated: page.updated.map(|d| d.to_string()),
        slug,
        page_type: page.page_type.as_str(),
        draft: page.front.draft,
        weight: page.front.weight,
        featured: page.front.featured,
        word_count: page.rendered.word_count,
        reading_time: reading_time(page.rendered.word_count),
        authors: &page.front.authors.0,
        categories: term_refs(lib, urls, "categories", &page.front.categories.0),
        tags: term_refs(lib, urls, "tags", &page.front.tags.0),
        section: LinkView {
            title: &section.title,
            url: urls.url(&section.path),
        },
        ancestors: ancestors(lib, urls, Some(page.section)),
        previous: link(page.previous),
        next: link(page.next),
        params: &page.front.params,
        extra: &page.front.extra,
    }
}

pub fn section_view<'a>(lib: &'a Library, urls: &Urls, section: &'a Section) -> SectionView<'a> {
    SectionView {
        title: &section.title,
        description: section.front.description.as_deref(),
        content: &section.rendered.html,
        url: urls.url(&section.path),
        permalink: urls.permalink(&section.path),
        subsections: section
            .subsections
            .iter()
            .map(|&i| subsection_view(lib, urls, i))
            .collect(),
        ancestors: ancestors(lib, urls, section.parent),
        page_type: section.front.page_type.map(|t| t.as_str()),
        extra: &section.front.extra,
    }
}

pub fn subsection_view<'a>(lib: &'a Library, urls: &Urls, i: usize) -> SubsectionView<'a> {
    let s = &lib.sections[i];
    SubsectionView {
        title: &s.title,
        description: s.front.description.as_deref(),
        url: urls.url(&s.path),
        page_count: count_pages(lib, i),
    }
}

/// Pages in a section and all its subsections.
pub fn count_pages(lib: &Library, i: usize) -> usize {
    let s = &lib.sections[i];
    s.pages.len()
        + s.subsections
            .iter()
            .map(|&c| count_pages(lib, c))
            .sum::<usize>()
}
