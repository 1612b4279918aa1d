//! What a piece of HTML says about links: the URL attributes of raw HTML in a Markdown body
//! (checked and rewritten like Markdown links), and the ids and links of a built page (for
//! `waymark check`'s anchors and orphan pages). Authors write HTML by hand, with single
//! quotes, no quotes, entities and line breaks inside tags, so this goes through a real
//! tokenizer (html5gum, WHATWG's tokenizer rules) rather than string searches.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// A URL-valued attribute in HTML: where its value starts and ends (byte offsets into the
/// HTML) and the value with entities decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlAttr {
    pub url: String,
    pub start: usize,
    pub end: usize,
}

/// Every `href` and `src` of the start tags in `html`, in order.
pub fn url_attrs(html: &str) -> Vec<UrlAttr> {
    let mut out = Vec::new();
    for_each_start_tag(html, |_, attrs| {
        for name in ["href", "src"] {
            if let Some(v) = attrs.get(name.as_bytes())
                && let Some((start, end)) = value_span(html, v.span.start, v.span.end)
            {
                out.push(UrlAttr {
                    url: String::from_utf8_lossy(&v.value).into_owned(),
                    start,
                    end,
                });
            }
        }
    });
    out
}

/// Where the value of the attribute written at `start..end` (`name = 'value'`) sits,
/// without its quotes.
fn value_span(html: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let attr = html.get(start..end)?;
    let eq = attr.find('=')?;
    let after = &attr[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    let value_at = start + eq + 1 + lead;
    let rest = &html[value_at..end];
    Some(match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = rest[1..].find(q).map_or(end, |i| value_at + 1 + i);
            (value_at + 1, close)
        }
        _ => {
            let len = rest.find(|c: char| c.is_ascii_whitespace() || c == '>');
            (value_at, len.map_or(end, |l| value_at + l))
        }
    })
}

/// What a built page offers and points to: every `id` (and `<a name>`), and the `href` of
/// every `<a>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub ids: Vec<String>,
    pub hrefs: Vec<String>,
}

pub fn page_links(html: &str) -> PageLinks {
    let mut page = PageLinks::default();
    for_each_start_tag(html, |name, attrs| {
        let text = |k: &str| {
            attrs
                .get(k.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        page.ids.extend(text("id"));
        if name == b"a" {
            page.ids.extend(text("name"));
            page.hrefs.extend(text("href"));
        }
    });
    page
}

type Attrs =
    std::collections::BTreeMap<html5gum::HtmlString, html5gum::Spanned<html5gum::HtmlString>>;

fn for_each_start_tag(html: &str, mut f: impl FnMut(&[u8], &Attrs)) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style bodies are text, not tags.
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        if let Token::StartTag(tag) = token {
            f(&tag.name, &tag.attributes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_attributes_in_any_quoting_with_their_spans() {
        let html =
            "<a href='a.md#x' class=y>t</a>\n<img\n  src=pic.png alt=\"\"><a href=\"&amp;q\">";
        let attrs = url_attrs(html);
        let urls: Vec<&str> = attrs.iter().map(|a| a.url.as_str()).collect();
        assert_eq!(urls, ["a.md#x", "pic.png", "&q"]);
        assert_eq!(&html[attrs[0].start..attrs[0].end], "a.md#x");
        assert_eq!(&html[attrs[1].start..attrs[1].end], "pic.png");
    }

    #[test]
    fn ids_names_and_links_of_a_page_but_not_inside_scripts() {
        let html = r#"<h2 id="a-b">x</h2><div class="x" id='c&amp;d'><a name=old href="/x/">
            <script>var s = '<a href="/not/">';</script>"#;
        let page = page_links(html);
        assert_eq!(page.ids, ["a-b", "c&d", "old"]);
        assert_eq!(page.hrefs, ["/x/"]);
    }
}
