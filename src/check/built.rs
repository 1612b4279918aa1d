//! The built site as check sees it: for every HTML file, its URL path, its ids and its links.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::html::{PageLinks, page_links};

pub struct Built {
    /// URL path below the base path (`help/a/`, `` for the home page, `x.html`) → what the
    /// page offers and links to.
    pub pages: HashMap<String, PageLinks>,
    /// Every file written, by the same kind of path.
    files: std::collections::HashSet<String>,
    base_path: String,
}

impl Built {
    pub fn read(out: &Path, base_path: &str) -> Built {
        let files: Vec<String> = walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(out).ok()?;
                Some(rel.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        let pages = files
            .par_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let html = std::fs::read_to_string(out.join(f)).unwrap_or_default();
                (url_path(f), page_links(&html))
            })
            .collect();
        Built {
            pages,
            files: files.into_iter().collect(),
            base_path: base_path.to_string(),
        }
    }

    /// The page a URL path below the base path names (`help/a/`, `help/a`, `help/a/index.html`).
    pub fn page(&self, path: &str) -> Option<&PageLinks> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.pages
            .get(path)
            .or_else(|| self.pages.get(&format!("{path}/")))
    }

    /// Whether a URL path below the base path is a file or a page of the built site.
    pub fn exists(&self, path: &str) -> bool {
        self.files.contains(path) || self.page(path).is_some()
    }

    /// A site-absolute URL path (`/docs/help/a/#x`) as a path below the base path
    /// (`help/a/`), or `None` when it is outside the site.
    pub fn below_base<'u>(&self, url: &'u str) -> Option<&'u str> {
        let path = url.split(['#', '?']).next().unwrap_or("");
        path.strip_prefix(self.base_path.as_str())
    }
}

/// `help/a/index.html` → `help/a/`; `index.html` → ``; `x.html` → `x.html`.
fn url_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
        _ => file.to_string(),
    }
}
