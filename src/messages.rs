//! Everything the commands print about a build or check, in one place: the same words for
//! `waymark build`, `waymark check` and a rebuild under `waymark serve`. Diagnostics and
//! warnings go to stderr, the one-line summary of a success to stdout.

use std::path::Path;

use crate::build::BuildSummary;
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

/// What `waymark check` found: warnings and errors, and for a site that built, how many pages
/// and links were checked.
pub fn check_report(
    format: Format,
    warnings: &[Diagnostic],
    errors: &[Diagnostic],
    checked: Option<(usize, usize)>,
) {
    let all = warnings.iter().chain(errors);
    match format {
        Format::Human => {
            all.for_each(|d| eprintln!("{d}"));
            match (errors.len(), checked) {
                (0, Some((pages, links))) => {
                    println!("checked {pages} pages and {links} links: no problems found");
                }
                (n, _) => eprintln!("check failed: {n} problem{}", plural(n)),
            }
        }
        Format::Json => all.for_each(|d| println!("{}", json(d))),
        Format::Github => all.for_each(|d| println!("{}", github(d))),
    }
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

pub fn init_failed(error: &Diagnostic) {
    eprintln!("{error}");
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
