//! Front matter written for Jekyll or Hugo, read the way those tools read it: where they mean
//! what a waymark field means, the key is folded into that field before the front matter is
//! typed (`lastmod` → `updated`, `redirect_from` → `aliases`, `published: false` → `draft`),
//! so a team's existing files build unchanged. A key that means something else there (Hugo's
//! `type = "docs"` picks a layout) is mapped with a warning, never refused.

use serde_json::{Map, Value};

use super::front_matter::Format;

/// A front-matter key that was read differently from how it is written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The key as written (for the position of the warning).
    pub key: String,
    pub message: String,
    pub hint: Option<String>,
}

/// What the front matter said beyond its fields: Jekyll's `excerpt_separator`.
#[derive(Debug, Default)]
pub struct Normalized {
    pub notes: Vec<Note>,
    pub excerpt_separator: Option<String>,
}

/// Keys Jekyll and Hugo use for the date a page last changed.
const UPDATED: &[&str] = &["lastmod", "last_modified_at", "last_modified", "modified"];
/// Keys whose value is an address the page used to have (or should answer at).
const OLD_URLS: &[&str] = &["redirect_from", "permalink", "url"];
/// Keys with a meaning in Jekyll or Hugo that waymark does not share: kept for templates.
const FOREIGN: &[(&str, &str)] = &[
    (
        "layout",
        "Jekyll's template choice; waymark picks the template from the page type or `template`",
    ),
    ("linkTitle", "Hugo's short title for menus"),
    ("menu", "Hugo's menu entry"),
    ("toc", "a theme switch for the table of contents"),
    ("hidden", "a theme switch"),
];

/// Whether a key is one this module keeps for templates (and warns about once).
pub fn is_foreign(key: &str) -> bool {
    key == "layout_type" || key == "published" || FOREIGN.iter().any(|(k, _)| *k == key)
}

/// Folds Jekyll and Hugo keys into waymark's in place.
pub fn normalize(map: &mut Map<String, Value>, format: Format) -> Normalized {
    let mut out = Normalized::default();
    drop_empty_dates(map);
    for key in UPDATED {
        if let Some(v) = map.remove(*key)
            && !is_empty(&v)
        {
            map.entry("updated").or_insert(v);
        }
    }
    old_urls(map, &mut out.notes);
    if let Some(Value::String(s)) = map.remove("summary") {
        map.entry("description").or_insert(Value::String(s));
    }
    match map.remove("published") {
        Some(Value::Bool(false)) => {
            map.insert("draft".into(), Value::Bool(true));
        }
        Some(other) if other != Value::Bool(true) => {
            map.insert("published".into(), other);
        }
        _ => {}
    }
    if let Some(author) = map.remove("author") {
        map.entry("authors").or_insert(author);
    }
    singular_taxonomy(map, "category", "categories");
    singular_taxonomy(map, "tag", "tags");
    if format == Format::Yaml {
        // Jekyll reads `categories: news update` as two categories.
        for key in ["categories", "tags"] {
            if let Some(Value::String(s)) = map.get(key) {
                let words = s
                    .split_whitespace()
                    .map(|w| Value::String(w.into()))
                    .collect();
                map.insert(key.into(), Value::Array(words));
            }
        }
    }
    layout_type(map, &mut out.notes);
    if let Some(Value::String(sep)) = map.remove("excerpt_separator") {
        out.excerpt_separator = Some(sep);
    }
    for (key, meaning) in FOREIGN {
        if map.contains_key(*key) {
            out.notes.push(Note {
                key: key.to_string(),
                message: format!("`{key}` ({meaning}) has no meaning in waymark"),
                hint: Some(format!("it is kept for templates as `page.params.{key}`")),
            });
        }
    }
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// `date:` with nothing after it (Jekyll's starters have `last_modified_at:`) means no date.
fn drop_empty_dates(map: &mut Map<String, Value>) {
    for key in ["date", "updated"] {
        if map.get(key).is_some_and(is_empty) {
            map.remove(key);
        }
    }
}

/// `redirect_from`, `permalink` and `url` become aliases: the page keeps waymark's URL and
/// its old address redirects to it, so links to it from elsewhere keep working.
fn old_urls(map: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    let mut aliases: Vec<Value> = match map.remove("aliases") {
        Some(Value::Array(a)) => a,
        Some(Value::String(s)) => vec![Value::String(s)],
        Some(other) => {
            map.insert("aliases".into(), other);
            return;
        }
        None => Vec::new(),
    };
    for key in OLD_URLS {
        let values = match map.remove(*key) {
            Some(Value::Array(a)) => a,
            Some(Value::String(s)) => vec![Value::String(s)],
            Some(other) => {
                map.insert(key.to_string(), other);
                continue;
            }
            None => continue,
        };
        for v in values {
            match v.as_str() {
                // A pattern (`/:categories/:title/`) names no one address.
                Some(s) if s.contains("/:") => notes.push(Note {
                    key: key.to_string(),
                    message: format!("`{key}: {s}` is a pattern, not an address; ignored"),
                    hint: Some("write the page's old address, e.g. /blog/my-post/".into()),
                }),
                Some(s) if !s.trim().is_empty() && !aliases.contains(&v) => {
                    aliases.push(Value::String(s.to_string()));
                }
                _ => {}
            }
        }
    }
    if !aliases.is_empty() {
        map.insert("aliases".into(), Value::Array(aliases));
    }
}

fn singular_taxonomy(map: &mut Map<String, Value>, one: &str, many: &str) {
    if let Some(v) = map.remove(one) {
        map.entry(many).or_insert(v);
    }
}

/// Hugo's `type` picks a layout folder (`docs`, `posts`); only waymark's page types are types.
fn layout_type(map: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    const TYPES: &[&str] = &["page", "role", "story", "playbook", "article"];
    let Some(Value::String(t)) = map.get("type") else {
        return;
    };
    // A near miss (`rol`) is a typo of a type, which the type check names; not a layout.
    if TYPES.contains(&t.as_str()) || crate::error::suggest(t, TYPES.iter().copied()).is_some() {
        return;
    }
    let t = t.clone();
    map.remove("type");
    map.insert("layout_type".into(), Value::String(t.clone()));
    notes.push(Note {
        key: "type".into(),
        message: format!("`type` `{t}` is a layout choice (as in Hugo), not a page type: built as a page"),
        hint: Some(
            "page types are role, story, playbook and article; it is kept for templates as `page.params.layout_type`".into(),
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(json: &str, format: Format) -> (Map<String, Value>, Normalized) {
        let mut map: Map<String, Value> = serde_json::from_str(json).unwrap();
        let n = normalize(&mut map, format);
        (map, n)
    }

    #[test]
    fn jekyll_keys_become_waymark_fields() {
        let (m, n) = norm(
            r#"{"title":"T","last_modified_at":null,"redirect_from":["/old/"],"permalink":"/blog/t/",
                "categories":"news update","published":false,"author":"Sam","excerpt_separator":"<!-- cut -->"}"#,
            Format::Yaml,
        );
        assert_eq!(m["aliases"], serde_json::json!(["/old/", "/blog/t/"]));
        assert_eq!(m["categories"], serde_json::json!(["news", "update"]));
        assert_eq!(m["draft"], Value::Bool(true));
        assert_eq!(m["authors"], Value::String("Sam".into()));
        assert!(!m.contains_key("updated") && !m.contains_key("last_modified_at"));
        assert_eq!(n.excerpt_separator.as_deref(), Some("<!-- cut -->"));
        assert!(n.notes.is_empty(), "{:?}", n.notes);
    }

    #[test]
    fn hugo_keys_become_waymark_fields_and_a_layout_type_is_a_page() {
        let (m, n) = norm(
            r#"{"title":"T","type":"docs","lastmod":"2023-05-01","url":"/legacy/","summary":"S",
                "categories":"customer success","linkTitle":"Short"}"#,
            Format::Toml,
        );
        assert_eq!(m["updated"], Value::String("2023-05-01".into()));
        assert_eq!(m["aliases"], serde_json::json!(["/legacy/"]));
        assert_eq!(m["description"], Value::String("S".into()));
        assert_eq!(m["categories"], Value::String("customer success".into()));
        assert!(!m.contains_key("type"));
        assert_eq!(m["layout_type"], Value::String("docs".into()));
        let keys: Vec<&str> = n.notes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["type", "linkTitle"]);
    }
}
