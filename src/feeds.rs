//! `atom.xml` and `sitemap.xml`, written directly (they have one correct shape).

use std::fmt::Write as _;

use crate::content::{DateValue, PageId};
use crate::markdown::escape_attr as esc;
use crate::render::urls::Urls;
use crate::site::Site;

/// An Atom feed of the newest dated pages.
pub fn atom(site: &Site, urls: &Urls) -> String {
    let lib = &site.library;
    let cfg = &site.config;
    let mut dated: Vec<PageId> = PageId::all(lib.pages.len())
        .filter(|&i| {
            let p = &lib.pages[i];
            p.front.date.is_some() && !p.front.draft && p.listed()
        })
        .collect();
    dated.sort_by(|&a, &b| {
        let (pa, pb) = (&lib.pages[a], &lib.pages[b]);
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.path.cmp(&pb.path))
    });
    dated.truncate(cfg.feed_limit);
    let updated = dated
        .iter()
        .map(|&i| last_change(&lib.pages[i].front.date, &lib.pages[i].updated))
        .max()
        .flatten()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">\n  <title>{}</title>\n",
        esc(&cfg.language),
        esc(&cfg.base_url),
        esc(&cfg.title)
    );
    if let Some(d) = &cfg.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", esc(d));
    }
    let _ = write!(
        out,
        "  <link href=\"{base}atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{updated}</updated>\n  <generator>waymark</generator>\n",
        base = esc(&cfg.base_url)
    );
    for i in dated {
        let p = &lib.pages[i];
        let link = esc(&urls.permalink(&p.path));
        let updated = last_change(&p.front.date, &p.updated)
            .map(|d| d.rfc3339())
            .unwrap_or_default();
        let published = p.front.date.map(|d| d.rfc3339()).unwrap_or_default();
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{published}</published>\n    <updated>{updated}</updated>\n",
            esc(&p.title)
        );
        for a in &p.front.authors.0 {
            let _ = writeln!(out, "    <author><name>{}</name></author>", esc(a));
        }
        if p.front.authors.0.is_empty() {
            let _ = writeln!(out, "    <author><name>{}</name></author>", esc(&cfg.title));
        }
        let summary = p.front.description.as_deref().unwrap_or("");
        if !summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", esc(summary));
        }
        let _ = writeln!(
            out,
            "    <content type=\"html\">{}</content>\n  </entry>",
            esc(&p.rendered.html)
        );
    }
    out.push_str("</feed>\n");
    out
}

fn last_change(date: &Option<DateValue>, updated: &Option<DateValue>) -> Option<DateValue> {
    match (date, updated) {
        (Some(d), Some(u)) => Some(*d.max(u)),
        (d, u) => u.or(*d),
    }
}

/// Every page, section and taxonomy page.
pub fn sitemap(site: &Site, urls: &Urls) -> String {
    let lib = &site.library;
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for s in &lib.sections {
        entries.push((urls.permalink(&s.path), None));
    }
    for p in lib.pages.iter().filter(|p| !p.front.draft && p.listed()) {
        let lastmod = last_change(&p.front.date, &p.updated).map(|d| d.to_string());
        entries.push((urls.permalink(&p.path), lastmod));
    }
    for t in &lib.taxonomies {
        entries.push((urls.permalink(&format!("{}/", t.name)), None));
        for term in &t.terms {
            entries.push((urls.permalink(&t.term_path(term)), None));
        }
    }
    entries.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", esc(&loc));
        if let Some(m) = lastmod {
            let _ = writeln!(out, "    <lastmod>{m}</lastmod>");
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
