//! `waymark search`: the built site's index, queried from the terminal with the same engine
//! (and so the same ranking) as the browser.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use search_core::OwnedBytes;

use crate::error::{Diagnostic, Errors};
use search_core::{Engine, Entry, Filters, Lean, ManifestDirectory, Memory, Request, Response};

/// Opens the index in `dir` (a built site's `search/` folder).
pub fn open(dir: &Path) -> Result<Engine, Diagnostic> {
    let (entry, files) = load(dir)?;
    Engine::open(ManifestDirectory::new(Arc::new(entry), Arc::new(files)))
        .map_err(|e| Diagnostic::error(dir, format!("cannot open the search index: {e}")))
}

/// Opens the index in `dir` with the browser's reader (for the parity tests and benches).
pub fn open_lean(dir: &Path) -> Result<Lean, Diagnostic> {
    let (entry, files) = load(dir)?;
    Lean::open(Arc::new(entry), Arc::new(files))
        .map_err(|e| Diagnostic::error(dir, format!("cannot open the search index: {e}")))
}

/// `entry.json` and the index files of `dir`.
fn load(dir: &Path) -> Result<(Entry, Memory), Diagnostic> {
    let entry_path = dir.join("entry.json");
    let text = std::fs::read_to_string(&entry_path).map_err(|e| {
        Diagnostic::error(&entry_path, format!("cannot read: {e}")).with_hint(
            "build the site first with `waymark build` (search must not be disabled in waymark.toml); for a site built with --output, pass the same --output",
        )
    })?;
    let entry: Entry = serde_json::from_str(&text)
        .map_err(|e| Diagnostic::error(&entry_path, format!("not a waymark search index: {e}")))?;
    let mut files = Vec::with_capacity(entry.files.len());
    for f in &entry.files {
        let path = dir.join(&f.url);
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(&path, format!("cannot read: {e}")))?;
        files.push(OwnedBytes::new(bytes));
    }
    Ok((entry, Memory(files)))
}

/// Parses `--filter FIELD=VALUE`.
pub fn add_filter(filters: &mut Filters, spec: &str) -> Result<(), Diagnostic> {
    let (field, value) = spec.split_once('=').ok_or_else(|| {
        Diagnostic::error("--filter", format!("filter `{spec}` is not FIELD=VALUE"))
    })?;
    let value = value.trim().to_string();
    match field.trim().to_ascii_lowercase().as_str() {
        "type" => filters.kind.push(value),
        "section" => filters
            .section
            .push(format!("{}/", value.trim_matches('/'))),
        "category" | "categories" => filters.category.push(value),
        "tag" | "tags" => filters.tag.push(value),
        other => {
            return Err(
                Diagnostic::error("--filter", format!("unknown filter field `{other}`"))
                    .with_hint("use type, section, category or tag"),
            );
        }
    }
    Ok(())
}

pub struct SearchOptions {
    pub root: PathBuf,
    /// The built site.
    pub output: PathBuf,
    pub query: String,
    pub limit: usize,
    pub filters: Vec<String>,
    pub json: bool,
}

pub fn run(opts: &SearchOptions) -> ExitCode {
    match search(opts) {
        Ok((response, base_path)) => {
            let text = if opts.json {
                format!("{}\n", json(&response, &base_path))
            } else {
                human(&response, &base_path)
            };
            // A reader that stops early (`| head`) is not an error.
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: cannot print the results: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(errors) => {
            crate::messages::errors(&errors);
            ExitCode::FAILURE
        }
    }
}

fn search(opts: &SearchOptions) -> Result<(Response, String), Errors> {
    let config = crate::config::Config::load(&opts.root)?;
    if opts.limit == 0 {
        return Err(Errors::one(Diagnostic::error(
            "--limit",
            "must be at least 1",
        )));
    }
    if !config.search.enabled {
        return Err(Errors::one(
            Diagnostic::error("waymark.toml", "search is disabled")
                .with_hint("remove `enabled = false` from [search]"),
        ));
    }
    let mut request = Request {
        q: opts.query.clone(),
        limit: opts.limit,
        facets: false,
        ..Request::default()
    };
    for spec in &opts.filters {
        add_filter(&mut request.filters, spec).map_err(Errors::one)?;
    }
    let dir = opts.output.join("search");
    let engine = open(&dir).map_err(Errors::one)?;
    let response = engine
        .search(&request)
        .map_err(|e| Errors::one(Diagnostic::error(&dir, e.to_string())))?;
    Ok((response, config.base_path()))
}

fn url(base_path: &str, path: &str) -> String {
    format!("{}{}", base_path.trim_end_matches('/'), path)
}

/// The DESIGN contract: an array of `{title, url, score, snippet, type}`, with `sections`
/// (`[{title, url, snippet}]`, the matching headings) on hits that have them.
pub fn json(response: &Response, base_path: &str) -> String {
    let hits: Vec<serde_json::Value> = response
        .hits
        .iter()
        .map(|h| {
            let snippet = h.snippet_text();
            let mut hit = serde_json::json!({
                "title": h.title_text(),
                "url": url(base_path, &h.url),
                "score": h.score,
                "snippet": if snippet.is_empty() { h.summary.clone() } else { snippet },
                "type": h.kind,
            });
            if !h.sub.is_empty() {
                let text = |s: &search_core::Segments| -> String {
                    s.iter().map(|(t, _)| t.as_str()).collect()
                };
                hit["sections"] = h
                    .sub
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "title": text(&s.title),
                            "url": url(base_path, &s.url),
                            "snippet": text(&s.snippet),
                        })
                    })
                    .collect();
            }
            hit
        })
        .collect();
    serde_json::to_string_pretty(&hits).unwrap_or_else(|_| "[]".into())
}

/// The query as the results line shows it, as the results page does: in quotation marks,
/// unless the visitor quoted it.
fn as_quoted(q: &str) -> String {
    let t = q.trim();
    let quoted =
        t.chars().count() > 1 && t.starts_with(['"', '\u{201c}']) && t.ends_with(['"', '\u{201d}']);
    if quoted {
        t.to_string()
    } else {
        format!("\u{201c}{t}\u{201d}")
    }
}

fn human(response: &Response, base_path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if response.hits.is_empty() {
        let _ = writeln!(out, "no results for {}", as_quoted(&response.q));
        if let Some(s) = &response.suggestion {
            let _ = writeln!(out, "did you mean \"{s}\"?");
        }
        if !response.near_sections.is_empty() {
            let _ = writeln!(out, "browse:");
            for (path, title) in &response.near_sections {
                let _ = writeln!(out, "  {title}  {}", url(base_path, &format!("/{path}")));
            }
        }
        return out;
    }
    let shown = response.hits.len();
    let _ = writeln!(
        out,
        "{} result{} for {}{}{}",
        response.total,
        if response.total == 1 { "" } else { "s" },
        as_quoted(&response.q),
        if shown < response.total {
            format!(" (top {shown})")
        } else {
            String::new()
        },
        if response.fuzzy {
            " (including similar words)"
        } else {
            ""
        }
    );
    for (i, h) in response.hits.iter().enumerate() {
        let snippet = h.snippet_text();
        let text = if snippet.is_empty() {
            &h.summary
        } else {
            &snippet
        };
        let _ = writeln!(
            out,
            "\n{:>2}. {}  [{}]\n    {}\n    {}",
            i + 1,
            h.title_text(),
            h.kind,
            url(base_path, &h.url),
            one_line(text)
        );
        for sub in &h.sub {
            let title: String = sub.title.iter().map(|(t, _)| t.as_str()).collect();
            let snippet: String = sub.snippet.iter().map(|(t, _)| t.as_str()).collect();
            let _ = writeln!(
                out,
                "    › {}  {}\n      {}",
                one_line(&title),
                url(base_path, &sub.url),
                one_line(&snippet)
            );
        }
    }
    out
}

/// `text` with its runs of white space as single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::as_quoted;

    #[test]
    fn a_quoted_query_is_shown_as_typed_and_others_in_quotation_marks() {
        assert_eq!(
            as_quoted(" reset password "),
            "\u{201c}reset password\u{201d}"
        );
        assert_eq!(as_quoted("\"reset password\""), "\"reset password\"");
        assert_eq!(as_quoted("\u{201c}reset\u{201d}"), "\u{201c}reset\u{201d}");
        // A lone quotation mark is a query of its own, not a quoted one.
        assert_eq!(as_quoted("\""), "\u{201c}\"\u{201d}");
        assert_eq!(as_quoted("\"reset"), "\u{201c}\"reset\u{201d}");
    }
}
