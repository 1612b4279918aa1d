//! An edit of one page's file while `waymark serve` runs: the page is prepared again exactly
//! as a full load prepares it, and the change is classified so only what shows it is
//! rebuilt.

use std::path::Path;

use super::prepare::{self, Links, PageText};
use super::sorting::{compare_pages, link_neighbours};
use super::walk::read_text;
use super::{Library, PageChange, PageId, taxonomies};
use crate::config::Config;
use crate::content::front_matter::{self, FrontMatter};
use crate::error::{Diagnostic, Errors, Result};
use crate::markdown::Rendered;

impl Library {
    /// Re-reads page `idx` after its file changed on disk and works out what that touches.
    /// The page is updated in place unless the change is structural (then nothing changes and
    /// the caller rebuilds from scratch). Returns warnings for the new text (broken links).
    pub fn update_page(
        &mut self,
        root: &Path,
        config: &Config,
        idx: PageId,
    ) -> Result<(PageChange, Vec<Diagnostic>)> {
        let (source, rel) = (self.pages[idx].source.clone(), self.pages[idx].rel.clone());
        let raw = read_text(root, &root.join(&source), &rel).map_err(Errors::one)?;
        let parsed = front_matter::parse(&raw.source, &raw.text).map_err(Errors::one)?;
        let (front, body, body_line) = (parsed.front, parsed.body, parsed.body_line);
        let old = &self.pages[idx];
        let Some(title) = front.title.clone() else {
            return Ok((PageChange::Structural, Vec::new()));
        };
        if moves(&front, &old.front) {
            return Ok((PageChange::Structural, Vec::new()));
        }
        let links = Links {
            by_rel: &self.by_rel,
            dir_outputs: &self.dir_outputs,
            base_path: &self.base_path,
        };
        let text = PageText {
            source: &source,
            rel: &rel,
            page_type: old.page_type,
            front: &front,
            body: &body,
            body_line,
        };
        let read = || raw.text.clone();
        let done = prepare::prepare_page(&text, &links, config, &read).map_err(Errors::one)?;
        let mut warnings = done.field_warnings;
        if done.typed != old.typed {
            // Typed data feeds lists, charts and other pages: rebuild everything.
            return Ok((PageChange::Structural, warnings));
        }
        warnings.extend(done.link_warnings);
        let listed = title != old.title || shows_differently(&front, &done.rendered, old);
        let terms_before = self.terms_of(idx);
        let neighbours_before = [old.previous, old.next];
        let page = &mut self.pages[idx];
        page.updated = front.updated.or(page.updated);
        page.title = title;
        page.front = front;
        page.body_line = body_line;
        page.rendered = done.rendered;
        if !listed {
            return Ok((PageChange::Body, warnings));
        }
        let mut neighbours = self.resort_section(idx);
        neighbours.extend(neighbours_before.into_iter().flatten());
        neighbours.extend(self.showing(idx));
        neighbours.sort_unstable();
        neighbours.dedup();
        neighbours.retain(|&n| n != idx);
        let slugs_before: Vec<Vec<String>> = self.term_slugs();
        self.taxonomies = taxonomies::build(config, &self.pages);
        if self.term_slugs() != slugs_before {
            // A term appeared or vanished: its list pages come or go.
            return Ok((PageChange::Structural, warnings));
        }
        let mut terms = terms_before;
        terms.extend(self.terms_of(idx));
        terms.sort_unstable();
        terms.dedup();
        Ok((PageChange::Listed { terms, neighbours }, warnings))
    }

    /// Titles order pages of equal weight: re-sorts page `idx`'s section and relinks
    /// neighbours. Returns the pages whose place or neighbours may have changed.
    fn resort_section(&mut self, idx: PageId) -> Vec<PageId> {
        let section = self.pages[idx].section;
        let sort_by = self.sections[section].front.sort_by.unwrap_or_default();
        let mut order = self.sections[section].pages.clone();
        order.sort_by(|&a, &b| compare_pages(&self.pages[a], &self.pages[b], sort_by));
        let mut moved = vec![];
        if order != self.sections[section].pages {
            moved.extend(order.iter().copied());
        }
        link_neighbours(&order, &mut self.pages);
        self.sections[section].pages = order;
        let page = &self.pages[idx];
        moved.extend([page.previous, page.next].into_iter().flatten());
        moved
    }

    /// Pages that show page `idx`'s title through a typed reference (related articles, growth
    /// paths, a story's role), and the pages it names (a role lists its stories).
    fn showing(&self, idx: PageId) -> Vec<PageId> {
        let mut out: Vec<PageId> = PageId::all(self.pages.len())
            .filter(|&i| {
                let p = &self.pages[i];
                p.refs.contains(&idx) || p.related.contains(&idx)
            })
            .collect();
        out.extend(self.pages[idx].refs.iter().copied());
        out
    }
}

/// Front-matter changes that move the page (URL, place in lists, type or template).
fn moves(new: &FrontMatter, old: &FrontMatter) -> bool {
    new.slug != old.slug
        || new.aliases != old.aliases
        || new.draft != old.draft
        || new.unlisted != old.unlisted
        || new.page_type_field != old.page_type_field
        || new.template != old.template
        || new.weight != old.weight
        || new.date != old.date
}

/// Whether what lists show of the page changed (apart from its title).
fn shows_differently(front: &FrontMatter, rendered: &Rendered, old: &super::Page) -> bool {
    front.description != old.front.description
        || front.updated != old.front.updated
        || front.tags != old.front.tags
        || front.categories != old.front.categories
        || front.authors != old.front.authors
        || front.featured != old.front.featured
        || front.params != old.front.params
        || front.extra != old.front.extra
        || rendered.summary != old.rendered.summary
        || rendered.reading_minutes() != old.rendered.reading_minutes()
}
