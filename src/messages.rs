//! Everything the commands print about a build or check, in one place: the same words for
//! `waymark build`, `waymark check` and a rebuild under `waymark serve`. Diagnostics and
//! warnings go to stderr, the one-line summary of a success to stdout.

use std::collections::BTreeMap;
use std::path::Path;

use crate::build::BuildSummary;
use crate::check::{Finding, StalePage};
use crate::error::{Code, Diagnostic, Errors, Severity};

pub fn warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

pub fn built(summary: &BuildSummary) {
    println!("{summary}");
}

/// Each error, in order.
pub fn errors(errors: &Errors) {
    for e in &errors.0 {
        eprintln!("{e}");
    }
}

/// Each error, then that the previous output is untouched.
pub fn build_failed(errors: &Errors) {
    self::errors(errors);
    let n = errors.0.len();
    eprintln!(
        "build failed: {n} error{}; the previous output was left as it was",
        plural(n)
    );
}

/// How `waymark check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message` with the source line and a hint, on stderr.
    Human,
    /// One JSON object per finding on stdout: file, line, column, severity, code, message,
    /// hint.
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`) on stdout.
    Github,
}

/// `waymark check --stale`: the pages overdue for review, the longest overdue first. For
/// people, one line each on stdout (due date, days overdue, file, title, authors); JSON
/// Lines otherwise.
pub fn stale_list(format: Format, pages: &[StalePage]) {
    if format != Format::Human {
        for p in pages {
            println!("{}", serde_json::to_string(p).unwrap_or_default());
        }
        return;
    }
    if pages.is_empty() {
        println!("no page is overdue for review");
        return;
    }
    let n = pages.len();
    println!(
        "{n} page{} overdue for review, the longest overdue first:",
        plural(n)
    );
    let width = pages.iter().map(|p| p.file.len()).max().unwrap_or(0);
    for p in pages {
        let authors = if p.authors.is_empty() {
            "no author".to_string()
        } else {
            p.authors.join(", ")
        };
        let days = format!("{} day{}", p.days_overdue, plural(p.days_overdue as usize));
        println!(
            "  due {}  {days:>9}  {:width$}  {}  ({authors})",
            p.due, p.file, p.title
        );
    }
}

/// What `waymark check` found, and for a site that built, how many pages and links were
/// checked.
pub fn check_report(format: Format, findings: &[Finding], checked: Option<(usize, usize)>) {
    let all = findings.iter().map(|f| &f.diagnostic);
    match format {
        Format::Human => {
            all.for_each(|d| eprintln!("{d}"));
            human_summary(findings, checked);
        }
        Format::Json => all.for_each(|d| println!("{}", json(d))),
        Format::Github => all.for_each(|d| println!("{}", github(d))),
    }
}

fn human_summary(findings: &[Finding], checked: Option<(usize, usize)>) {
    let count = |s| {
        let of = findings.iter().filter(|f| f.diagnostic.severity == s);
        of.map(|f| f.count).sum::<usize>()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if findings.len() > 1 {
        eprint!("{}", summary(findings));
    }
    let warned = match warnings {
        0 => String::new(),
        n => format!(", {n} warning{}", plural(n)),
    };
    match (errors, checked) {
        (0, Some((pages, links))) => {
            let found = if warnings == 0 {
                "no problems found".to_string()
            } else {
                format!("no errors{warned}")
            };
            println!("checked {pages} pages and {links} links: {found}");
        }
        (n, _) => eprintln!("check failed: {n} error{}{warned}", plural(n)),
    }
}

/// How many findings of one kind, and how many of those per link prefix.
type KindCount = (usize, BTreeMap<String, usize>);

/// The findings counted by kind and severity, with the link prefixes that account for most
/// of each kind (a site mid-migration sees at once which old sections its links point into).
pub fn summary(findings: &[Finding]) -> String {
    let mut kinds: BTreeMap<(&str, &str), KindCount> = BTreeMap::new();
    for f in findings {
        let d = &f.diagnostic;
        let entry = kinds
            .entry((d.code.map_or("other", Code::as_str), severity(d)))
            .or_default();
        entry.0 += f.count;
        if let Some(link) = &f.link {
            *entry.1.entry(link_prefix(link)).or_default() += f.count;
        }
    }
    let mut rows: Vec<_> = kinds.into_iter().collect();
    rows.sort_by_key(|&((kind, sev), (n, _))| (sev != "error", std::cmp::Reverse(n), kind));
    let mut out = String::from("by kind:\n");
    for ((kind, sev), (n, prefixes)) in rows {
        let mut row = format!("  {n:>6} {sev:<7} {kind}");
        if !prefixes.is_empty() {
            let mut prefixes: Vec<_> = prefixes.into_iter().collect();
            prefixes.sort_by_key(|(p, n)| (std::cmp::Reverse(*n), p.clone()));
            let shown: Vec<String> = prefixes
                .iter()
                .take(4)
                .map(|(p, n)| format!("{p} {n}"))
                .collect();
            row.push_str(&format!("  ({}", shown.join(", ")));
            if prefixes.len() > 4 {
                row.push_str(&format!(", {} more prefixes", prefixes.len() - 4));
            }
            row.push(')');
        }
        out.push_str(&row);
        out.push('\n');
    }
    if let Some(hint) = migration_hint(findings) {
        out.push_str(&hint);
    }
    out
}

/// When many links into one folder lead nowhere, that folder most likely lives on another site.
fn migration_hint(findings: &[Finding]) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        if f.diagnostic.code == Some(Code::MissingTarget)
            && let Some(link) = f.link.as_deref().filter(|l| l.starts_with('/'))
        {
            *counts.entry(link_prefix(link)).or_default() += 1;
        }
    }
    let (prefix, n) = counts
        .into_iter()
        .max_by_key(|(p, n)| (*n, std::cmp::Reverse(p.clone())))?;
    (n >= 10).then(|| {
        format!(
            "hint: {n} links under {prefix} lead nowhere in this build; if another site serves them, \
             add `external_prefixes = [\"{prefix}\"]` under [check] in waymark.toml \
             (or `ignore_prefixes` to leave them unchecked)\n"
        )
    })
}

/// The part of a link that groups it: `/handbook/` for a site-absolute link, the origin for a
/// URL, `relative` for the rest.
fn link_prefix(link: &str) -> String {
    if let Some(rest) = link.strip_prefix('/').filter(|_| !link.starts_with("//")) {
        return match rest.split_once('/') {
            Some((first, _)) => format!("/{first}/"),
            None => "/".to_string(),
        };
    }
    if let Some((scheme, rest)) = link.split_once("://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return format!("{scheme}://{host}/");
    }
    "relative".to_string()
}

/// One finding as a JSON object.
pub fn json(d: &Diagnostic) -> String {
    serde_json::json!({
        "file": d.path.to_string_lossy(),
        "line": d.line,
        "column": d.col,
        "severity": severity(d),
        "code": d.code.map_or("other", Code::as_str),
        "message": d.message,
        "hint": d.hint,
    })
    .to_string()
}

/// One finding as a GitHub Actions annotation.
pub fn github(d: &Diagnostic) -> String {
    // The workflow-command escapes: data escapes %, CR and LF; properties also `:` and `,`.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = vec![format!("file={}", property(&d.path.to_string_lossy()))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
    }
    if d.col > 0 {
        props.push(format!("col={}", d.col));
    }
    if let Some(code) = d.code {
        props.push(format!("title={}", property(code.as_str())));
    }
    let message = match &d.hint {
        Some(h) => format!("{}\nhint: {h}", d.message),
        None => d.message.clone(),
    };
    format!("::{} {}::{}", severity(d), props.join(","), data(&message))
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub fn created(dir: &Path) {
    println!("created a new site in {}", dir.display());
    println!("next: cd {} && waymark serve", dir.display());
}

/// What `waymark import` wrote and what it could not translate, each with file and line; or
/// all of it as one JSON object.
pub fn imported(into: &Path, r: &crate::import::Report, json: bool) {
    if json {
        let report = serde_json::to_value(r).unwrap_or_default();
        println!("{report}");
        return;
    }
    for note in &r.notes {
        println!("note: {note}");
    }
    for (file, u) in &r.untranslated {
        println!("{file}:{}: left as written: {}", u.line, u.what);
    }
    for (file, line, link) in &r.dead_links {
        println!("{file}:{line}: link to `{link}` leads nowhere in the imported site");
    }
    println!(
        "imported into {}: {} file{} written, {} unchanged ({} page{}); {} tag{} translated, {} left as written; {} link{} rewritten to the new pages, {} leading nowhere; {} note{}",
        into.display(),
        r.written,
        plural(r.written),
        r.unchanged,
        r.pages,
        plural(r.pages),
        r.translated,
        plural(r.translated),
        r.untranslated.len(),
        r.rewritten_links,
        plural(r.rewritten_links),
        r.dead_links.len(),
        r.notes.len(),
        plural(r.notes.len())
    );
    println!("next: waymark check --root {}", into.display());
}

pub fn init_failed(error: &Diagnostic) {
    eprintln!("{error}");
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_group_by_their_first_folder_or_host() {
        assert_eq!(link_prefix("/handbook/a/b/"), "/handbook/");
        assert_eq!(link_prefix("/x.png"), "/");
        assert_eq!(link_prefix("https://e.com/a?b"), "https://e.com/");
        assert_eq!(link_prefix("../a.md"), "relative");
    }
}
