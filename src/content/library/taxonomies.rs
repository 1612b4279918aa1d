//! Taxonomies (tags, categories and any configured in `waymark.toml`): each term with its
//! pages, newest first.

use std::collections::BTreeMap;

use super::sorting::compare_pages;
use super::{Page, PageId, Taxonomy, Term};
use crate::config::Config;
use crate::content::front_matter::{FrontMatter, SortBy};
use crate::content::paths::slug_segment;

/// Every configured taxonomy's terms, each with its pages newest first.
pub(super) fn build(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for name in &config.taxonomies {
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.listed()) {
            for term in term_names(&p.front, name) {
                let slug = slug_segment(&term);
                let entry = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: term.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                });
                // Pages come in order, so a repeat is always the last one pushed.
                if entry.pages.last() != Some(&PageId(i)) {
                    entry.pages.push(PageId(i));
                }
            }
        }
        let mut terms: Vec<Term> = terms.into_values().collect();
        for t in &mut terms {
            t.pages
                .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], SortBy::Date));
        }
        taxonomies.push(Taxonomy {
            name: name.clone(),
            terms,
        });
    }
    taxonomies
}

fn term_names(front: &FrontMatter, taxonomy: &str) -> Vec<String> {
    let list = match taxonomy {
        "categories" => front.categories.0.clone(),
        "tags" => front.tags.0.clone(),
        other => match front.params.get(other) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    };
    list.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
