//! Adding fields to a file's front matter as text, so everything else in it (comments, key
//! order, the author's quoting) stays as the author wrote it.

/// A string as a YAML (and TOML) double-quoted scalar.
pub fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A YAML front-matter block of `fields` (values already in YAML syntax).
pub fn new_yaml(fields: &[(&str, String)]) -> String {
    let mut out = String::from("---\n");
    for (k, v) in fields {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push_str("---\n");
    out
}

/// `text` with each of `fields` its front matter does not have yet (`key: value` in YAML,
/// `key = value` in TOML); a file without front matter gets a YAML block.
pub fn add_fields(text: &str, fields: &[(&str, String)]) -> String {
    let fence = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        "---"
    } else if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        "+++"
    } else {
        return format!("{}{text}", new_yaml(fields));
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let block_end = text[first_line_end..]
        .find(&format!("\n{fence}"))
        .map_or(text.len(), |i| first_line_end + i + 1);
    let block = &text[first_line_end..block_end];
    let mut added = String::new();
    for (k, v) in fields {
        if !has_key(block, k) {
            let line = if fence == "+++" {
                format!("{k} = {v}\n")
            } else {
                format!("{k}: {v}\n")
            };
            added.push_str(&line);
        }
    }
    format!(
        "{}{added}{}",
        &text[..first_line_end],
        &text[first_line_end..]
    )
}

/// Whether a front-matter block declares `key` at its top level.
pub fn has_key(block: &str, key: &str) -> bool {
    block.lines().any(|l| {
        let rest = match l.strip_prefix(key) {
            Some(r) => r.trim_start(),
            None => return false,
        };
        rest.starts_with(':') || rest.starts_with('=')
    })
}

/// The value of a top-level `key: value` / `key = "value"` line, unquoted.
pub fn value_of(text: &str, key: &str) -> Option<String> {
    let fence = text.get(..3)?;
    if fence != "---" && fence != "+++" {
        return None;
    }
    let body = &text[3..];
    let end = body.find(&format!("\n{fence}")).unwrap_or(body.len());
    body[..end].lines().find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start();
        let v = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('='))?
            .trim();
        let v = v.trim_matches('"').trim_matches('\'');
        (!v.is_empty()).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_added_only_where_missing_in_either_syntax() {
        let yaml = "---\ntitle: A # kept\n---\nBody\n";
        let out = add_fields(
            yaml,
            &[("title", "\"B\"".into()), ("date", "2024-01-02".into())],
        );
        assert_eq!(out, "---\ndate: 2024-01-02\ntitle: A # kept\n---\nBody\n");
        let toml = "+++\ntitle = \"A\"\n+++\nBody\n";
        let out = add_fields(toml, &[("draft", "true".into())]);
        assert_eq!(out, "+++\ndraft = true\ntitle = \"A\"\n+++\nBody\n");
        assert_eq!(
            add_fields("Body\n", &[("title", "\"T\"".into())]),
            "---\ntitle: \"T\"\n---\nBody\n"
        );
        assert_eq!(value_of(yaml, "title").as_deref(), Some("A # kept"));
        assert!(!has_key("titles: x\n", "title"));
    }
}
