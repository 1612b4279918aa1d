//! Typed pages point at other pages (a role's growth paths, a story's role, an article's
//! related articles): each reference must name a page of the right type.

use std::collections::HashMap;
use std::path::Path;

use super::{Page, PageId, split_rel};
use crate::content::front_matter::PageType;
use crate::content::paths::join_relative;
use crate::content::types::{self, Typed};
use crate::error::Diagnostic;

/// Resolves the page references of typed pages (`roles/csm.md`, relative to `content/`, or
/// relative to the page's own folder) and checks they point at pages of the right type.
pub(super) fn resolve(root: &Path, pages: &mut [Page], errors: &mut Vec<Diagnostic>) {
    let by_rel: HashMap<String, PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), PageId(i)))
        .collect();
    let mut all_refs = Vec::with_capacity(pages.len());
    for p in pages.iter() {
        let (field, targets, want): (&str, Vec<&String>, Option<PageType>) = match &p.typed {
            Typed::Role(r) => (
                "growth_paths",
                r.growth_paths.iter().collect(),
                Some(PageType::Role),
            ),
            Typed::Story(s) => ("role", vec![&s.role], Some(PageType::Role)),
            Typed::Article(a) => (
                "related",
                a.related.iter().collect(),
                Some(PageType::Article),
            ),
            _ => ("", Vec::new(), None),
        };
        let mut refs = Vec::new();
        for target in targets {
            let t = target.trim_start_matches('/');
            let found = by_rel
                .get(t)
                .or_else(|| join_relative(split_rel(&p.rel).0, t).and_then(|j| by_rel.get(&j)))
                .copied();
            let text = || std::fs::read_to_string(root.join(&p.source)).unwrap_or_default();
            match found {
                None => errors.push(
                    types::locate(&p.source, &text(), field, format!("`{field}` names `{target}`, which is not a page"))
                        .with_hint("write the path of the page's file inside content/, e.g. roles/customer-success-manager.md"),
                ),
                Some(i) if want.is_some_and(|w| pages[i].page_type != w) => {
                    let want = want.map_or("", |w| w.as_str());
                    errors.push(types::locate(
                    &p.source,
                    &text(),
                    field,
                    format!(
                        "`{field}` names `{target}`, a page of type `{}`; it must be {} `{want}` page",
                        pages[i].page_type.as_str(),
                        types::a_or_an(want)
                    ),
                    ));
                }
                Some(i) => refs.push(i),
            }
        }
        all_refs.push(refs);
    }
    for (p, refs) in pages.iter_mut().zip(all_refs) {
        p.refs = refs;
    }
}
