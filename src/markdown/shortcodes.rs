//! Template tags of other generators left in Markdown: Hugo shortcodes (`{{< note >}}`,
//! `{{% panel %}}`) and Jekyll's Liquid (`{% include x.html %}`, `{{ site.baseurl }}`).
//! waymark runs neither; they are found so the build can say so instead of printing them raw
//! without a word.

/// Which generator's syntax a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TagKind {
    Shortcode,
    Liquid,
}

/// One kind of foreign tag in a body: its name and the byte offset of its first use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignTag {
    pub kind: TagKind,
    /// `youtube`, `include`, `site.baseurl`.
    pub name: String,
    pub offset: usize,
}

/// Every foreign tag name in a body, once each, in order of first use.
pub fn foreign_tags(body: &str) -> Vec<ForeignTag> {
    let mut tags: Vec<ForeignTag> = Vec::new();
    let mut seen: std::collections::HashSet<(TagKind, String)> = Default::default();
    let mut add = |kind, name: String, offset| {
        if !name.is_empty() && seen.insert((kind, name.clone())) {
            tags.push(ForeignTag { kind, name, offset });
        }
    };
    for opener in ["{{<", "{{%"] {
        for (i, _) in body.match_indices(opener) {
            let rest = body[i + 3..]
                .trim_start()
                .trim_start_matches('/')
                .trim_start();
            add(TagKind::Shortcode, word(rest, false), i);
        }
    }
    for (i, _) in body.match_indices("{%") {
        // `{{%` is a shortcode; `{%-` trims whitespace in Liquid.
        if body[..i].ends_with('{') {
            continue;
        }
        let name = word(body[i + 2..].trim_start_matches('-').trim_start(), false);
        if !name.starts_with("end") {
            add(TagKind::Liquid, name, i);
        }
    }
    for (i, _) in body.match_indices("{{") {
        let rest = body[i + 2..].trim_start_matches('-').trim_start();
        let name = word(rest, true);
        let object = name.split('.').next().unwrap_or("");
        if name.contains('.')
            && ["site", "page", "include", "layout", "paginator"].contains(&object)
        {
            add(TagKind::Liquid, name, i);
        }
    }
    tags.sort_by_key(|t| t.offset);
    tags
}

/// The name at the start of `s`: letters, digits, `-`, `_` (and `.` in a dotted name).
fn word(s: &str, dotted: bool) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || (dotted && *c == '.'))
        .collect()
}

/// The names of the Hugo shortcodes in a body, once each.
pub fn shortcode_names(body: &str) -> Vec<String> {
    foreign_tags(body)
        .into_iter()
        .filter(|t| t.kind == TagKind::Shortcode)
        .map(|t| t.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_tags_and_objects_are_found_once_per_name() {
        let body = "{% include note.html %}\n{% raw %}{{ x }}{% endraw %} {{ site.baseurl }}/a \
                    {%- highlight ruby -%}\n{% include b.html %} {{< note >}} {{ page.title | x }}";
        let tags = foreign_tags(body);
        let found: Vec<(TagKind, &str)> = tags.iter().map(|t| (t.kind, t.name.as_str())).collect();
        assert_eq!(
            found,
            [
                (TagKind::Liquid, "include"),
                (TagKind::Liquid, "raw"),
                (TagKind::Liquid, "site.baseurl"),
                (TagKind::Liquid, "highlight"),
                (TagKind::Shortcode, "note"),
                (TagKind::Liquid, "page.title"),
            ]
        );
    }
}
