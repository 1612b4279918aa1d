//! `waymark.toml`: the site configuration, parsed strictly (unknown keys are errors).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Errors, Result, suggest};

mod check;
mod insights;
mod review;

pub use check::{CheckConfig, Level};
pub use insights::{AnalyticsConfig, FeedbackConfig, Provider, SupportConfig};
pub use review::{ReviewConfig, parse_interval};

pub const CONFIG_FILE: &str = "waymark.toml";

/// The site configuration.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in the header and in feeds.
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Absolute URL the site is published at, e.g. `https://help.example.com/docs/`.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme folder name under `themes/`; `default` is also embedded in the binary.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Taxonomies that get list pages, e.g. `["categories", "tags"]`.
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<String>,
    /// Pages per section page when the section does not say; 0 disables pagination.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Where the site's sources live, for "edit this page" links.
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The branch "edit this page" links open (default `main`).
    #[serde(default = "default_branch")]
    pub repo_branch: String,
    /// How many entries `atom.xml` carries.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Free-form values for templates (`config.extra`).
    #[serde(default)]
    pub extra: toml::Table,
    /// The offline search index (`[search]`).
    #[serde(default)]
    pub search: SearchConfig,
    /// What `waymark check` leaves alone and how loud each finding is (`[check]`).
    #[serde(default)]
    pub check: CheckConfig,
    /// Where feedback and search events go (`[analytics]`); nothing is sent without it.
    #[serde(default)]
    pub analytics: AnalyticsConfig,
    /// "Was this page helpful?" (`[feedback]`).
    #[serde(default)]
    pub feedback: FeedbackConfig,
    /// The "Still need help?" block (`[support]`).
    #[serde(default)]
    pub support: SupportConfig,
    /// How often pages are due for review (`[review]`).
    #[serde(default)]
    pub review: ReviewConfig,
    /// `llms.txt` and the Markdown twin of every page (`[llms]`).
    #[serde(default)]
    pub llms: LlmsConfig,
}

/// `[llms]` in `waymark.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LlmsConfig {
    /// Write `llms.txt` and an `index.md` beside every page's `index.html`.
    pub enabled: bool,
}

impl Default for LlmsConfig {
    fn default() -> Self {
        LlmsConfig { enabled: true }
    }
}

/// `[search]` in `waymark.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Build the index and show search in the theme.
    pub enabled: bool,
    /// Sections (content folders such as `internal` or `help/drafts`) whose pages are left out.
    pub exclude_sections: Vec<String>,
    /// Groups of words that mean the same on this site, e.g. `[["pto", "vacation", "time off"]]`;
    /// a query for one also finds the others (applied when searching, not when indexing).
    pub synonyms: Vec<Vec<String>>,
    /// Also make each acronym the pages define ("Executive Business Review (EBR)") a synonym
    /// of its long form.
    pub acronyms: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            exclude_sections: Vec::new(),
            synonyms: Vec::new(),
            acronyms: true,
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "taxonomies",
    "paginate_by",
    "repo_url",
    "repo_branch",
    "feed_limit",
    "extra",
    "search",
    "check",
    "analytics",
    "feedback",
    "support",
    "review",
    "llms",
];

fn default_title() -> String {
    "Untitled site".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_taxonomies() -> Vec<String> {
    vec!["categories".into(), "tags".into()]
}
fn default_branch() -> String {
    "main".into()
}
fn default_paginate_by() -> usize {
    12
}
fn default_feed_limit() -> usize {
    20
}

impl Config {
    /// Reads `ROOT/waymark.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let source = std::fs::read_to_string(&path).map_err(|e| {
            let d = Diagnostic::error(CONFIG_FILE, format!("cannot read the site config: {e}"));
            if e.kind() == std::io::ErrorKind::NotFound {
                d.with_hint(format!(
                    "run waymark in a site folder (one with {CONFIG_FILE}), pass --root DIR, or create one with `waymark init DIR`"
                ))
            } else {
                d
            }
        })?;
        Config::parse(&source, Path::new(CONFIG_FILE))
    }

    /// Parses config text; `path` is only used in messages.
    pub fn parse(source: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(source).map_err(|e| {
            let mut d = Diagnostic::error(path, crate::error::friendly_types(e.message().trim()));
            if let Some(span) = e.span() {
                d = d.at_offset(source, span.start);
            }
            if let Some(key) = unknown_field(e.message()) {
                // serde names the keys of the table the key is in (`[search]` has its own).
                let known = expected_fields(e.message());
                let known: Vec<&str> = if known.is_empty() {
                    KNOWN_KEYS.to_vec()
                } else {
                    known
                };
                d.message = format!("unknown key `{key}`");
                d = d.with_hint(match suggest(key, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {}", known.join(", ")),
                });
            }
            Errors::one(d)
        })?;
        config.validate(source, path)?;
        config.normalize();
        Ok(config)
    }

    /// Replaces `base_url` (from `--base-url`), with the same checks as the config file's.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        if !is_absolute_url(url) {
            return Err(Errors::one(
                Diagnostic::error(
                    "--base-url",
                    format!("base_url must be an absolute http(s) URL, got `{url}`"),
                )
                .with_hint("for example --base-url https://help.example.com/"),
            ));
        }
        self.base_url = url.to_string();
        self.normalize();
        Ok(())
    }

    fn normalize(&mut self) {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
    }

    fn validate(&self, source: &str, path: &Path) -> Result<()> {
        let at_key = |key: &str, message: String| {
            let offset = source
                .lines()
                .scan(0, |pos, line| {
                    let start = *pos;
                    *pos += line.len() + 1;
                    Some((start, line))
                })
                .find(|(_, line)| line.trim_start().starts_with(key))
                .map_or(0, |(start, _)| start);
            Diagnostic::error(path, message).at_offset(source, offset)
        };
        let url = self.base_url.as_str();
        if !is_absolute_url(url) {
            return Err(Errors::one(at_key(
                "base_url",
                format!("base_url must be an absolute http(s) URL, got `{url}`"),
            )));
        }
        for t in &self.taxonomies {
            if t.is_empty()
                || !t
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(Errors::one(at_key(
                    "taxonomies",
                    format!("taxonomy name `{t}` must be letters, digits, `-` or `_`"),
                )));
            }
        }
        if let Some(key) = self.check.unknown_level() {
            let known: Vec<&str> = crate::error::Code::ADJUSTABLE
                .iter()
                .map(|c| c.as_str())
                .collect();
            let hint = match suggest(key, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("kinds with a level: {}", known.join(", ")),
            };
            let fixed = ["front-matter", "duplicate-output", "missing-template"];
            let (message, hint) = if fixed.contains(&key) {
                let message = format!("`{key}` cannot be given a level: it stops the build");
                (message, "fix it in the file the error names".to_string())
            } else {
                (
                    format!("`{key}` in [check.levels] is no kind of finding"),
                    hint,
                )
            };
            return Err(Errors::one(at_key(key, message).with_hint(hint)));
        }
        if let Some(p) = self
            .check
            .external_prefixes
            .iter()
            .find(|p| !p.starts_with('/'))
        {
            return Err(Errors::one(
                at_key(
                    "external_prefixes",
                    format!("external_prefixes are site-absolute link prefixes, got `{p}`"),
                )
                .with_hint(format!("write `/{}`", p.trim_start_matches("./"))),
            ));
        }
        if let Some(origin) = &self.check.external_origin
            && !is_absolute_url(origin)
        {
            return Err(Errors::one(at_key(
                "external_origin",
                format!("external_origin must be an absolute http(s) URL, got `{origin}`"),
            )));
        }
        self.validate_insights(&at_key)?;
        if let Some((key, every)) = self.review.invalid() {
            let line = if key == "every" {
                key.to_string()
            } else {
                format!("\"{key}\"")
            };
            return Err(Errors::one(
                at_key(&line, format!("`{every}` is no review interval"))
                    .with_hint("write a span such as \"6 months\", \"90 days\" or \"1 year\""),
            ));
        }
        Ok(())
    }

    fn validate_insights(&self, at_key: &dyn Fn(&str, String) -> Diagnostic) -> Result<()> {
        let a = &self.analytics;
        if let (Some(provider), Some(key)) = (a.provider, a.missing_key()) {
            let name = serde_json::to_value(provider).unwrap_or_default();
            let name = name.as_str().unwrap_or_default();
            return Err(Errors::one(
                at_key("provider", format!("the `{name}` provider needs `{key}`"))
                    .with_hint(format!("add `{key} = \"…\"` under [analytics]")),
            ));
        }
        let urls = [
            ("endpoint", a.endpoint.as_deref()),
            ("script", a.script.as_deref()),
        ];
        for (key, url) in urls {
            if let Some(url) = url
                && !(is_absolute_url(url) || url.starts_with('/'))
            {
                return Err(Errors::one(at_key(
                    key,
                    format!(
                        "`{key}` must be an absolute http(s) URL or start with `/`, got `{url}`"
                    ),
                )));
            }
        }
        Ok(())
    }

    /// The "edit this page" URL of a file (`content/help/a.md`), when `repo_url` is set:
    /// GitLab's `/-/edit/` form for GitLab hosts, GitHub's (and Gitea's) `/edit/` otherwise.
    pub fn edit_url(&self, source: &std::path::Path) -> Option<String> {
        let repo = self.repo_url.as_deref()?.trim_end_matches('/');
        let path: Vec<String> = source
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let edit = if repo.contains("gitlab") {
            "-/edit"
        } else {
            "edit"
        };
        Some(format!(
            "{repo}/{edit}/{}/{}",
            self.repo_branch,
            path.join("/")
        ))
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// The scheme and host of `base_url`, without a trailing slash.
    pub fn origin(&self) -> &str {
        let scheme_end = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[scheme_end..].find('/') {
            Some(i) => &self.base_url[..scheme_end + i],
            None => &self.base_url,
        }
    }
}

fn is_absolute_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/'))
}

fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// The keys serde lists after "expected one of" (or "expected"), in order.
fn expected_fields(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once(", expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config> {
        Config::parse(s, Path::new("waymark.toml"))
    }

    #[test]
    fn defaults_and_base_path() {
        let c = parse("base_url = \"https://example.com/docs\"").unwrap();
        assert_eq!(c.base_url, "https://example.com/docs/");
        assert_eq!(c.base_path(), "/docs/");
        assert_eq!(c.origin(), "https://example.com");
        assert_eq!(c.taxonomies, ["categories", "tags"]);
        assert_eq!(c.paginate_by, 12);
        let c = parse("base_url = \"http://localhost:1111\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_keys_get_the_nearest_key_of_their_own_table() {
        let hint = |toml: &str| {
            parse(toml).unwrap_err().0[0]
                .hint
                .clone()
                .unwrap_or_default()
        };
        let base = "title = \"T\"\nbase_url = \"https://e.com\"\n";
        assert_eq!(
            hint("title = \"T\"\nbaseURL = \"https://e.com\"\n"),
            "did you mean `base_url`?"
        );
        assert_eq!(
            hint(&format!("{base}[search]\nexclude_section = [\"a\"]\n")),
            "did you mean `exclude_sections`?"
        );
        let far = hint(&format!("{base}[search]\nshards = 3\n"));
        assert!(far.contains("enabled, exclude_sections, synonyms"), "{far}");
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let err = parse("base_url = \"https://x.org\"\ntitel = \"Hi\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("waymark.toml:2:1: error: unknown key `titel`"),
            "{text}"
        );
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn base_url_must_be_absolute() {
        let err = parse("title = \"x\"\nbase_url = \"/docs/\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("waymark.toml:2:1: error: base_url must be"),
            "{err}"
        );
    }
}
