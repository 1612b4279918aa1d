//! Markdown links inside front-matter values (a role's duties, a playbook step's text): a
//! template renders those values as Markdown, so their `.md` links are rewritten to URLs as
//! the body's are, and kept with their place in the file for `check` and the build's warnings.

use serde_json::{Map, Value};

use crate::markdown::{LinkRef, LinkResolver, rewrite_text_links};

/// The values with their links rewritten, and the links with lines and columns in the file.
pub(super) fn rewrite(
    params: &Map<String, Value>,
    resolver: &dyn LinkResolver,
    read: &dyn Fn() -> String,
) -> (Map<String, Value>, Vec<LinkRef>) {
    let mut found: Vec<(&str, LinkRef)> = Vec::new();
    let mut params = params.clone();
    for (key, value) in params.iter_mut() {
        each_string(value, &mut |s| {
            if s.contains("](") {
                let (text, links) = rewrite_text_links(s, resolver);
                *s = text;
                found.extend(links.into_iter().map(|l| (key.as_str(), l)));
            }
        });
    }
    if found.is_empty() {
        return (params, Vec::new());
    }
    let text = read();
    let links = found
        .into_iter()
        .map(|(key, link)| place(&text, key, link))
        .collect();
    (params, links)
}

fn each_string(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| each_string(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| each_string(v, f)),
        _ => {}
    }
}

/// The link's line and column in the file: where its target is written after its field.
fn place(text: &str, key: &str, mut link: LinkRef) -> LinkRef {
    let from = crate::content::front_matter::field_position(text, key).unwrap_or(0);
    let written = format!("]({}", link.target);
    let at = text[from..].find(&written).map_or(from, |i| from + i + 2);
    link.line = text[..at].matches('\n').count() + 1;
    link.col = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    link
}
