//! Order: pages within their section by its `sort_by`, subsections by weight and title,
//! each page's neighbours, its `updated` date, and an article's related articles.

use super::{Page, PageId, Section};
use crate::content::front_matter::{DateValue, PageType, SortBy};
use crate::content::paths::slug_segment;
use crate::content::related;

/// How many related articles an article lists.
const RELATED_COUNT: usize = 4;

/// `updated` falls back to the last commit that touched the file.
pub(super) fn dates_from_git(root: &std::path::Path, pages: &mut [Page]) {
    let git_dates = crate::content::git::last_commit_dates(root);
    for p in pages {
        p.updated = p.front.updated.or_else(|| git_dates.get(&p.rel).copied());
    }
}

/// Sorts pages within sections, links neighbours, and sorts subsections.
pub(super) fn sort_and_link(sections: &mut [Section], pages: &mut [Page]) {
    for s in sections.iter_mut() {
        let sort_by = s.front.sort_by.unwrap_or_default();
        s.pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by));
        link_neighbours(&s.pages, pages);
    }
    sort_subsections(sections);
}

/// Each page's previous and next page in `order`.
pub(super) fn link_neighbours(order: &[PageId], pages: &mut [Page]) {
    for (i, &p) in order.iter().enumerate() {
        pages[p].previous = i.checked_sub(1).map(|j| order[j]);
        pages[p].next = order.get(i + 1).copied();
    }
}

/// Related articles, from the text and tags of every article, the named ones first.
pub(super) fn related_articles(pages: &mut [Page]) {
    let articles: Vec<PageId> = PageId::all(pages.len())
        .filter(|&i| pages[i].page_type == PageType::Article && pages[i].listed())
        .collect();
    let docs: Vec<related::Doc> = articles
        .iter()
        .map(|&i| related::Doc {
            text: &pages[i].rendered.plain_text,
            tags: pages[i]
                .front
                .tags
                .0
                .iter()
                .map(|t| slug_segment(t))
                .collect(),
        })
        .collect();
    let computed = related::related(&docs, RELATED_COUNT);
    for (k, &i) in articles.iter().enumerate() {
        let mut list = pages[i].refs.clone();
        for &j in &computed[k] {
            let j = articles[j];
            if list.len() < RELATED_COUNT.max(pages[i].refs.len()) && !list.contains(&j) && j != i {
                list.push(j);
            }
        }
        pages[i].related = list;
    }
}

pub(super) fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    let by_title = || {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then_with(|| a.rel.cmp(&b.rel))
    };
    match sort_by {
        SortBy::Weight => {
            let wa = a.front.weight.unwrap_or(i64::MAX);
            let wb = b.front.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb).then_with(by_title)
        }
        SortBy::Date => {
            let da: Option<DateValue> = a.front.date;
            let db: Option<DateValue> = b.front.date;
            // Newest first, undated last.
            db.cmp(&da).then_with(by_title)
        }
        SortBy::Title => by_title(),
    }
}

fn sort_subsections(sections: &mut [Section]) {
    let keys: Vec<(i64, String, String)> = sections
        .iter()
        .map(|s| {
            (
                s.front.weight.unwrap_or(i64::MAX),
                s.title.to_lowercase(),
                s.dir.clone(),
            )
        })
        .collect();
    for s in sections.iter_mut() {
        s.subsections.sort_by(|&a, &b| keys[a.0].cmp(&keys[b.0]));
    }
}
