//! Everything the commands print about a build or check, in one place: the same words for
//! `waymark build`, `waymark check` and a rebuild under `waymark serve`. Diagnostics and
//! warnings go to stderr, the one-line summary of a success to stdout.

use std::path::Path;

use crate::build::BuildSummary;
use crate::check::CheckReport;
use crate::error::{Diagnostic, Errors};

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

pub fn checked(report: &CheckReport) {
    warnings(&report.warnings);
    println!(
        "checked {} pages and {} links: no problems found",
        report.pages, report.links
    );
}

pub fn check_failed(errors: &Errors) {
    self::errors(errors);
    let n = errors.0.len();
    eprintln!("check failed: {n} problem{}", plural(n));
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
