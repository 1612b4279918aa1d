//! Serializable, borrowed views of the site graph: what templates see.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::types::{Salary, StoryFormat, Typed};
use crate::content::{Library, Page, PageId, Section, SectionId, slug_segment};
use crate::markdown::TocEntry;
use crate::markdown::render_data;
use crate::render::urls::Urls;
use crate::render::{help, jsonld, svg};

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
    pub edit_url: Option<String>,
    pub json_ld: Option<String>,
    /// Built but left out of every list (`unlisted: true`); the theme adds `noindex`.
    pub unlisted: bool,
    /// "Last reviewed" (`reviewed`).
    pub reviewed: Option<String>,
    /// "Was this page helpful?", when this page asks.
    pub feedback: Option<help::FeedbackView<'a>>,
    /// The page's Markdown twin (`index.md`), when it has one.
    pub markdown_url: Option<String>,
    pub role: Option<RoleView<'a>>,
    pub story: Option<StoryView<'a>>,
    pub playbook: Option<PlaybookView<'a>>,
    pub article: Option<ArticleView<'a>>,
}

#[derive(Serialize)]
pub struct SalaryView<'a> {
    #[serde(flatten)]
    pub salary: &'a Salary,
    pub period_label: &'static str,
}

#[derive(Serialize)]
pub struct GrowthView<'a> {
    pub title: &'a str,
    pub url: String,
    pub median: Option<f64>,
}

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub salary: SalaryView<'a>,
    pub salary_chart: String,
    pub duties: &'a [String],
    pub skills: &'a [String],
    pub day_in_the_life: Option<String>,
    pub how_to_get_hired: &'a [String],
    pub growth_paths: Vec<GrowthView<'a>>,
    pub related_titles: &'a [String],
    pub stories: Vec<PageSummary<'a>>,
}

#[derive(Serialize)]
pub struct StoryView<'a> {
    pub role: Option<LinkView<'a>>,
    pub person: &'a str,
    pub person_title: Option<&'a str>,
    pub format: StoryFormat,
}

#[derive(Serialize)]
pub struct StepView<'a> {
    pub id: String,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct StageView<'a> {
    pub name: &'a str,
    pub id: String,
    pub goal: &'a str,
    pub owner: &'a str,
    pub steps: Vec<StepView<'a>>,
    pub success_criteria: &'a [String],
}

#[derive(Serialize)]
pub struct PlaybookView<'a> {
    pub audience: Option<&'a str>,
    pub duration: Option<&'a str>,
    pub owners: &'a [String],
    pub step_count: usize,
    pub stages: Vec<StageView<'a>>,
}

#[derive(Serialize)]
pub struct ArticleView<'a> {
    pub product_area: &'a str,
    pub symptoms: &'a [String],
    pub cause: Option<String>,
    pub related: Vec<PageSummary<'a>>,
    pub faq: bool,
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

/// Stage anchors: `stage-1`, `stage-2`...
fn stage_id(k: usize) -> String {
    format!("stage-{}", k + 1)
}

/// Step ids that follow the step, not its position: a hash of the stage name and step text
/// (`step-3f9a1c2e`), so saved checklist ticks stay on the right step when steps are added
/// or moved. Repeated steps in one stage get `-2`, `-3`.
fn step_ids(stage: &str, steps: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(steps.len());
    for text in steps {
        let h = crate::hash::fnv32(stage.bytes().chain([0]).chain(text.trim().bytes()));
        let base = format!("step-{h:08x}");
        let mut id = base.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        ids.push(id);
    }
    ids
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
        reading_time: page.rendered.reading_minutes(),
        categories: term_refs(lib, urls, "categories", &page.front.categories.0),
        tags: term_refs(lib, urls, "tags", &page.front.tags.0),
        params: &page.front.params,
        extra: &page.front.extra,
    }
}

pub fn ancestors<'a>(
    lib: &'a Library,
    urls: &Urls,
    mut section: Option<SectionId>,
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

pub fn page_view<'a>(
    lib: &'a Library,
    config: &'a Config,
    urls: &Urls,
    page: &'a Page,
) -> PageView<'a> {
    let section = &lib.sections[page.section];
    let link = |i: Option<PageId>| {
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
        reading_time: page.rendered.reading_minutes(),
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
        edit_url: config.edit_url(&page.source),
        json_ld: jsonld::for_page(lib, urls, page),
        unlisted: page.front.unlisted,
        reviewed: page.front.reviewed.map(|d| d.date().to_string()),
        feedback: help::feedback(config, page, &urls.permalink(&page.path)),
        markdown_url: crate::llms::has_twin(config, page)
            .then(|| urls.url(&crate::llms::twin_path(page))),
        role: role_view(lib, urls, page),
        story: match &page.typed {
            Typed::Story(st) => Some(StoryView {
                role: page.refs.first().map(|&i| LinkView {
                    title: &lib.pages[i].title,
                    url: urls.url(&lib.pages[i].path),
                }),
                person: &st.person,
                person_title: st.person_title.as_deref(),
                format: st.format,
            }),
            _ => None,
        },
        playbook: match &page.typed {
            Typed::Playbook(pb) => Some(PlaybookView {
                audience: pb.audience.as_deref(),
                duration: pb.duration.as_deref(),
                owners: &pb.owners,
                step_count: pb.stages.iter().map(|s| s.steps.len()).sum(),
                stages: pb
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(k, st)| StageView {
                        name: &st.name,
                        id: stage_id(k),
                        goal: &st.goal,
                        owner: &st.owner,
                        steps: step_ids(&st.name, &st.steps)
                            .into_iter()
                            .zip(&st.steps)
                            .map(|(id, text)| StepView { id, text })
                            .collect(),
                        success_criteria: &st.success_criteria,
                    })
                    .collect(),
            }),
            _ => None,
        },
        article: match &page.typed {
            Typed::Article(a) => Some(ArticleView {
                product_area: &a.product_area,
                symptoms: &a.symptoms,
                cause: a.cause.as_deref().map(render_data),
                related: page
                    .related
                    .iter()
                    .map(|&i| page_summary(lib, urls, &lib.pages[i]))
                    .collect(),
                faq: a.faq,
            }),
            _ => None,
        },
    }
}

fn role_view<'a>(lib: &'a Library, urls: &Urls, page: &'a Page) -> Option<RoleView<'a>> {
    let Typed::Role(r) = &page.typed else {
        return None;
    };
    let stories = lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            matches!(p.typed, Typed::Story(_))
                && p.listed()
                && p.refs
                    .first()
                    .is_some_and(|&i| std::ptr::eq(&lib.pages[i], page))
        })
        .map(|(_, p)| page_summary(lib, urls, p))
        .collect();
    Some(RoleView {
        salary: SalaryView {
            salary: &r.salary,
            period_label: r.salary.period.label(),
        },
        salary_chart: svg::salary_range(&r.salary, "salary-chart"),
        duties: &r.duties,
        skills: &r.skills,
        day_in_the_life: r.day_in_the_life.as_deref().map(render_data),
        how_to_get_hired: &r.how_to_get_hired,
        growth_paths: page
            .refs
            .iter()
            .map(|&i| {
                let p = &lib.pages[i];
                GrowthView {
                    title: &p.title,
                    url: urls.url(&p.path),
                    median: match &p.typed {
                        Typed::Role(t) => Some(t.salary.median),
                        _ => None,
                    },
                }
            })
            .collect(),
        related_titles: &r.related_titles,
        stories,
    })
}

/// The overview of a roles section: comparison chart, career map, category counts.
#[derive(Serialize)]
pub struct RolesOverview {
    pub chart: String,
    pub map: String,
    pub categories: Vec<CategoryCount>,
}

#[derive(Serialize)]
pub struct CategoryCount {
    pub name: String,
    pub url: Option<String>,
    pub count: usize,
}

pub fn roles_overview(lib: &Library, urls: &Urls, section: SectionId) -> Option<RolesOverview> {
    let roles: Vec<(PageId, &Salary)> = lib.sections[section]
        .pages
        .iter()
        .filter_map(|&i| match &lib.pages[i].typed {
            Typed::Role(r) => Some((i, &r.salary)),
            _ => None,
        })
        .collect();
    if roles.is_empty() {
        return None;
    }
    let pages: Vec<PageId> = roles.iter().map(|(i, _)| *i).collect();
    let rows: Vec<svg::RoleRow> = roles
        .iter()
        .map(|&(i, salary)| {
            let p = &lib.pages[i];
            svg::RoleRow {
                title: &p.title,
                url: urls.url(&p.path),
                salary,
                grows_into: p
                    .refs
                    .iter()
                    .filter_map(|t| pages.iter().position(|x| x == t))
                    .collect(),
            }
        })
        .collect();
    let mut categories: Vec<CategoryCount> = Vec::new();
    for &i in &pages {
        for c in &lib.pages[i].front.categories.0 {
            match categories.iter_mut().find(|k| k.name == *c) {
                Some(k) => k.count += 1,
                None => categories.push(CategoryCount {
                    name: c.clone(),
                    url: lib
                        .taxonomies
                        .iter()
                        .any(|t| t.name == "categories")
                        .then(|| urls.url(&format!("categories/{}/", slug_segment(c)))),
                    count: 1,
                }),
            }
        }
    }
    categories.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Some(RolesOverview {
        chart: svg::salary_comparison(&rows),
        map: svg::career_map(&rows),
        categories,
    })
}

/// Help articles of a section grouped by product area, in section order.
#[derive(Serialize)]
pub struct AreaView<'a> {
    pub name: &'a str,
    pub pages: Vec<PageSummary<'a>>,
}

pub fn areas<'a>(lib: &'a Library, urls: &Urls, section: SectionId) -> Option<Vec<AreaView<'a>>> {
    let mut areas: Vec<AreaView> = Vec::new();
    for &i in &lib.sections[section].pages {
        let p = &lib.pages[i];
        if let Typed::Article(a) = &p.typed {
            let summary = page_summary(lib, urls, p);
            match areas.iter_mut().find(|x| x.name == a.product_area) {
                Some(area) => area.pages.push(summary),
                None => areas.push(AreaView {
                    name: &a.product_area,
                    pages: vec![summary],
                }),
            }
        }
    }
    (!areas.is_empty()).then_some(areas)
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

pub fn subsection_view<'a>(lib: &'a Library, urls: &Urls, i: SectionId) -> SubsectionView<'a> {
    let s = &lib.sections[i];
    SubsectionView {
        title: &s.title,
        description: s.front.description.as_deref(),
        url: urls.url(&s.path),
        page_count: count_pages(lib, i),
    }
}

/// Pages in a section and all its subsections.
pub fn count_pages(lib: &Library, i: SectionId) -> usize {
    let s = &lib.sections[i];
    s.pages.len()
        + s.subsections
            .iter()
            .map(|&c| count_pages(lib, c))
            .sum::<usize>()
}
