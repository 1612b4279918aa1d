//! What a query asks and what it gets back, shared by both engines and serialized to the
//! browser, plus the error type and the "attempt every read of a phase" helper both use.

use serde::{Deserialize, Serialize};

/// A failed read or a broken index. For a store that fetches lazily this usually means
/// "bytes missing": fetch what the store recorded and search again.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<std::io::Error> for SearchError {
    /// The error's own message, not `io::Error`'s `Display`: that would compile std's text for
    /// every error kind into the browser runtime (1.3 KB), and every error the index's readers
    /// raise carries a message (its stores hold the files in memory or in the page cache).
    fn from(e: std::io::Error) -> Self {
        match e.get_ref() {
            Some(message) => SearchError(message.to_string()),
            None => SearchError("a read of the search index failed".into()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Request {
    pub q: String,
    pub limit: usize,
    pub filters: Filters,
    /// Compute filter counts.
    pub facets: bool,
    /// Cut snippets from the page text.
    pub snippets: bool,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            q: String::new(),
            limit: 10,
            filters: Filters::default(),
            facets: true,
            snippets: true,
        }
    }
}

impl Request {
    /// The number of hits to return, within the bounds both engines allow.
    pub fn top(&self) -> usize {
        self.limit.clamp(1, 100)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub section: Vec<String>,
    pub category: Vec<String>,
    pub tag: Vec<String>,
}

impl Filters {
    pub fn get(&self, facet: &str) -> &[String] {
        match facet {
            "type" => &self.kind,
            "section" => &self.section,
            "category" => &self.category,
            _ => &self.tag,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
            && self.section.is_empty()
            && self.category.is_empty()
            && self.tag.is_empty()
    }
}

/// Text cut into `(text, is_match)` runs, so no one has to splice HTML.
pub type Segments = Vec<(String, bool)>;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: Segments,
    pub snippet: Segments,
    pub summary: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub section: String,
    pub score: f32,
    /// Sections of the page that match, best first: each links to its heading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub: Vec<SubHit>,
}

/// A heading of a hit whose section matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubHit {
    /// The page's URL with the heading's `#id`.
    pub url: String,
    /// The heading.
    pub title: Segments,
    pub snippet: Segments,
}

impl Hit {
    pub fn title_text(&self) -> String {
        self.title.iter().map(|(t, _)| t.as_str()).collect()
    }
    pub fn snippet_text(&self) -> String {
        self.snippet.iter().map(|(t, _)| t.as_str()).collect()
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    #[serde(rename = "type")]
    pub kind: Vec<(String, u32)>,
    pub section: Vec<(String, String, u32)>,
    pub category: Vec<(String, u32)>,
    pub tag: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Response {
    pub q: String,
    pub total: usize,
    /// Some word matched nothing and similar words were used instead.
    pub fuzzy: bool,
    /// No page has every word: these pages have some of them.
    pub some_words: bool,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Nothing matched: the query with its words respelt as the site writes them, when that
    /// differs ("did you mean").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Nothing matched: the sections to browse instead, as (path, title), those whose titles
    /// resemble the query first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_sections: Vec<(String, String)>,
}

/// Runs every read of a phase, remembering the first failure, so a lazy store learns all
/// the ranges a phase needs in one go.
#[derive(Default)]
pub struct Phase {
    failed: Option<SearchError>,
}

impl Phase {
    pub fn attempt<T, E: Into<SearchError>>(&mut self, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.failed.get_or_insert(e.into());
                None
            }
        }
    }
    pub fn end(self) -> Result<(), SearchError> {
        self.failed.map_or(Ok(()), Err)
    }
}
