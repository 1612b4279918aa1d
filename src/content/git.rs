//! Last-commit dates of content files, for pages that do not set `updated` themselves.
//!
//! One `git log` over `content/` gives every file's newest commit date at once; outside a
//! git checkout (or without git) the map is simply empty.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::front_matter::DateValue;

/// Paths relative to `content/` (`help/a.md`) → date of the last commit that touched them.
pub fn last_commit_dates(root: &Path) -> HashMap<String, DateValue> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--relative",
            "--no-renames",
            "--format=%x00%cI",
            "--name-only",
            "--",
            "content",
        ])
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(o) if o.status.success() => parse_log(&String::from_utf8_lossy(&o.stdout)),
        _ => HashMap::new(),
    }
}

/// Parses `git log --format=%x00%cI --name-only` output (newest commit first).
fn parse_log(log: &str) -> HashMap<String, DateValue> {
    let mut dates = HashMap::new();
    let mut current: Option<DateValue> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = DateValue::parse(date);
        } else if let (Some(date), Some(path)) = (current, line.strip_prefix("content/")) {
            dates.entry(path.to_string()).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log = "\0 2025-03-02T10:00:00+01:00\n\ncontent/help/a.md\n\0 2024-01-01T00:00:00Z\n\ncontent/help/a.md\ncontent/help/b.md\n";
        let log = log.replace("\0 ", "\0");
        let d = parse_log(&log);
        assert_eq!(d["help/a.md"].rfc3339(), "2025-03-02T09:00:00Z");
        assert_eq!(d["help/b.md"].to_string(), "2024-01-01");
    }
}
