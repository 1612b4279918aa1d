//! Links in the output: site-relative URLs (under the base path) for pages to link each
//! other, absolute permalinks for feeds, sitemaps, canonical links and structured data.

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
