//! URL path rules. Every output path is built from these, so nothing a slug, file name or
//! alias says can point outside the output directory.

use crate::markdown::slugify;

/// One URL segment from a file or folder name or a `slug`: lowercase letters, digits, `-`,
/// `_`; never empty, never `.` or `..`.
pub fn slug_segment(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "page".to_string() } else { s }
}

/// Normalises an alias (`/old/path/`, `old.html`, `/a b/`) to a safe output-relative path of
/// a directory (`old/path/`) or an `.html` file. `None` for aliases that are empty or try to
/// climb out (`..`).
pub fn normalize_alias(alias: &str) -> Option<String> {
    if alias.contains("://") || alias.starts_with("//") {
        return None; // a URL on another site, not a path on this one
    }
    let alias = alias.split(['#', '?']).next().unwrap_or("");
    let mut segments = Vec::new();
    for seg in alias.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => {
                let clean: String = s
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || "-_.~".contains(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                if clean.chars().all(|c| c == '.') {
                    return None;
                }
                segments.push(clean);
            }
        }
    }
    if segments.is_empty() {
        return None;
    }
    let joined = segments.join("/");
    if joined.ends_with(".html") || joined.ends_with(".htm") {
        Some(joined)
    } else {
        Some(joined + "/")
    }
}

/// Joins a relative link onto a folder (both `/`-separated, relative to `content/`), resolving
/// `.` and `..`. `None` if it climbs above the content root.
pub fn join_relative(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside() {
        assert_eq!(
            normalize_alias("/careers/csm/").as_deref(),
            Some("careers/csm/")
        );
        assert_eq!(normalize_alias("old.html").as_deref(), Some("old.html"));
        assert_eq!(normalize_alias("/a b/<x>").as_deref(), Some("a-b/-x-/"));
        assert_eq!(normalize_alias("../../etc/passwd"), None);
        assert_eq!(normalize_alias("/a/../../b"), None);
        assert_eq!(normalize_alias("/"), None);
        assert_eq!(normalize_alias("/.../"), None);
        assert_eq!(normalize_alias("https://evil.example.com/x"), None);
    }

    #[test]
    fn relative_joins() {
        assert_eq!(
            join_relative("help", "../roles/csm.md").as_deref(),
            Some("roles/csm.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("help", "../../x.md"), None);
    }

    #[test]
    fn segments_are_never_empty_or_dots() {
        assert_eq!(slug_segment("..."), "page");
        assert_eq!(slug_segment("My Page"), "my-page");
    }
}
