//! Diagnostics: errors and warnings that point at a file, a line and a column.
//!
//! Every layer (config, front matter, Markdown, templates, output) reports problems as
//! [`Diagnostic`]s; the CLI prints them as `path:line:col: error: message`, followed by the
//! offending source line and an optional hint, the way compilers do.

use std::fmt;
use std::path::{Path, PathBuf};

/// Longest source line a diagnostic quotes.
const SNIPPET_MAX: usize = 160;

/// Findings of one kind reported per file; the rest are counted in one more finding. A file
/// with thousands of broken links is one mistake repeated, and reporting each would make the
/// report (and the time to make it) grow with the square of the file.
pub const MAX_PER_FILE: usize = 100;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root when possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// The source line the position points into, if known.
    pub snippet: Option<String>,
    /// Column of the caret within `snippet` when the line was cut (0: same as `col`).
    pub snippet_col: u32,
    pub hint: Option<String>,
    /// What kind of problem it is, for CI reports; `None` when unclassified.
    pub code: Option<Code>,
}

/// Kinds of problems a CI report can tell apart (`--format json`'s `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    FrontMatter,
    DuplicateOutput,
    MissingTemplate,
    BrokenLink,
    BrokenAnchor,
    MissingTarget,
    Shortcode,
    Faq,
    YamlIndent,
    UnknownField,
    NotPublished,
    OrphanPage,
    ExternalBroken,
    ExternalRedirect,
    ExternalUnreachable,
    MissingTitle,
    ReviewOverdue,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FrontMatter => "front-matter",
            Code::DuplicateOutput => "duplicate-output",
            Code::MissingTemplate => "missing-template",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::MissingTarget => "missing-target",
            Code::Shortcode => "shortcode",
            Code::Faq => "faq-without-questions",
            Code::YamlIndent => "yaml-indent",
            Code::UnknownField => "unknown-field",
            Code::NotPublished => "not-published",
            Code::OrphanPage => "orphan-page",
            Code::ExternalBroken => "external-broken",
            Code::ExternalRedirect => "external-redirect",
            Code::ExternalUnreachable => "external-unreachable",
            Code::MissingTitle => "missing-title",
            Code::ReviewOverdue => "review-overdue",
        }
    }

    /// The kinds `[check.levels]` can make an error, a warning or silent: everything that does
    /// not stop a build.
    pub const ADJUSTABLE: &[Code] = &[
        Code::BrokenLink,
        Code::BrokenAnchor,
        Code::MissingTarget,
        Code::Shortcode,
        Code::Faq,
        Code::YamlIndent,
        Code::UnknownField,
        Code::NotPublished,
        Code::OrphanPage,
        Code::ExternalBroken,
        Code::ExternalRedirect,
        Code::ExternalUnreachable,
        Code::MissingTitle,
        Code::ReviewOverdue,
    ];
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            snippet: None,
            snippet_col: 0,
            hint: None,
            code: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line:col` (1-based) and keeps that line of `source` as snippet.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line.max(1);
        self.col = col.max(1);
        self.snippet = source.lines().nth(self.line - 1).map(|l| {
            if l.chars().nth(SNIPPET_MAX).is_none() {
                return l.to_owned();
            }
            // A very long line is cut to the stretch around the column (shifted left at the
            // line's end), read only that far: many findings on one huge line stay cheap.
            let want = self.col.saturating_sub(SNIPPET_MAX / 2);
            let after = l.char_indices().skip(want).take(SNIPPET_MAX + 1).count();
            let start = if after > SNIPPET_MAX {
                want
            } else {
                (want + after).saturating_sub(SNIPPET_MAX)
            };
            let mut chars = l.char_indices().skip(start);
            let from = chars.next().map_or(l.len(), |(i, _)| i);
            let to = chars
                .nth(SNIPPET_MAX - 2)
                .map_or(l.len(), |(i, c)| i + c.len_utf8());
            self.snippet_col = u32::try_from(self.col - start).unwrap_or(0);
            l[from..to].to_owned()
        });
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Makes `path` relative to `root` for display.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.display();
        match (self.line, self.col) {
            (0, _) => write!(f, "{path}: {kind}: {}", self.message)?,
            (l, 0) => write!(f, "{path}:{l}: {kind}: {}", self.message)?,
            (l, c) => write!(f, "{path}:{l}:{c}: {kind}: {}", self.message)?,
        }
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n{pad} |\n{gutter} | {snippet}")?;
            let caret_col = if self.snippet_col > 0 {
                self.snippet_col as usize
            } else {
                self.col
            };
            if caret_col > 0 {
                let caret_pad: String = snippet
                    .chars()
                    .take(caret_col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {caret_pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", hint.replace('\n', "\n          "))?;
        }
        Ok(())
    }
}

/// A failed operation: one or more error diagnostics (warnings travel separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn one(d: Diagnostic) -> Self {
        Errors(vec![d])
    }
}

impl From<Diagnostic> for Errors {
    fn from(d: Diagnostic) -> Self {
        Errors(vec![d])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// An I/O failure on `path`, as a diagnostic.
pub fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{err}"))
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Case, `_` and `-` do not count: Hugo's `baseURL` is `base_url`.
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let word = fold(word);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &fold(c)), c))
        .filter(|(d, c)| *d <= c.len().max(word.len()).div_ceil(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Replaces Rust type names in serde messages with words.
pub fn friendly_types(message: &str) -> String {
    let mut m = message.to_string();
    for (rust, words) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
    ] {
        m = m.replace(rust, words);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_chars() {
        let src = "a: 1\nbé: [\n  x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 5), (2, 1));
        assert_eq!(line_col(src, 9), (2, 4)); // after "bé:" (é is two bytes)
        assert_eq!(line_col(src, 1000), (3, 4));
    }

    #[test]
    fn display_has_position_snippet_and_hint() {
        let d = Diagnostic::error("content/a.md", "bad value")
            .at("title: x\ndate: nope\n", 2, 7)
            .with_hint("use YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:7: error: bad value\n  |\n2 | date: nope\n  |       ^\n  = hint: use YYYY-MM-DD"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("a.md", "m").at(&line, 1, 5001);
        let text = d.to_string();
        assert!(text.starts_with("a.md:1:5001: error: m"), "{text}");
        assert!(text.len() < 600, "{}", text.len());
        let snippet_line = text.lines().nth(2).unwrap();
        let caret_line = text.lines().nth(3).unwrap();
        assert_eq!(snippet_line.find('X'), caret_line.find('^'), "{text}");
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "base_url", "taxonomies"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("baseurl", keys), Some("base_url"));
        assert_eq!(suggest("zzz", keys), None);
    }
}
