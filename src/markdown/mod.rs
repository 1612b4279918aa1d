//! Markdown to HTML with pulldown-cmark: heading ids and anchors, a table of contents,
//! GitHub-style alerts, task lists, build-time syntax highlighting (syntect, CSS classes),
//! relative `.md` links rewritten to page URLs, the `<!--more-->` summary, and the plain text
//! the search index is built from.

mod highlight;
mod interview;
mod links;
mod shortcodes;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

pub use highlight::{highlight, syntax_css};
pub use interview::dialogue;
pub use links::rewrite_text_links;
use links::{record_html_links, record_link};
pub use shortcodes::{ForeignTag, TagKind, foreign_tags, shortcode_names};

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link found in the Markdown, for `waymark check` and the build's warnings.
impl LinkRef {
    /// What the build (a warning) and `waymark check` (an error) say about a link to a
    /// Markdown file that does not exist.
    pub fn no_file_message(&self) -> String {
        format!("link to `{}` points to no content file", self.target)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The link as written.
    pub target: String,
    /// The URL it became in the HTML.
    pub href: String,
    /// 1-based line within the Markdown body.
    pub line: usize,
    pub col: usize,
    /// What became of it.
    pub kind: LinkKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// A link to another content file, rewritten to its URL (kept for anchor checks).
    Internal { url: String, anchor: Option<String> },
    /// A relative link to a `.md` file that does not exist.
    Broken,
    /// `#anchor` on the same page.
    SamePage(String),
    /// http(s), mailto, and anything with a scheme.
    External,
    /// Site-absolute or relative links to non-Markdown files, left as written (after
    /// resolving relative asset paths).
    Other,
}

/// Resolves a link written in a page to the URL it should point at.
pub trait LinkResolver {
    /// `target` is the link without its `#fragment`, relative to the page's source file
    /// (e.g. `../roles/csm.md`). Returns the URL of the content file, or `None` if it does not
    /// exist. Only called for targets ending in `.md`.
    fn resolve_md(&self, target: &str) -> Option<String>;
    /// A relative link to a non-Markdown file (an image next to the page) to its URL.
    fn resolve_asset(&self, target: &str) -> String;
}

/// Everything the site needs from one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// HTML before `<!--more-->`, if the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Text without markup, for search and word counts; blocks separated by newlines.
    pub plain_text: String,
    /// Heading titles in order, for search.
    pub headings: Vec<String>,
    /// Each heading's id and where its text starts in `plain_text`, in order: search links a
    /// match under a heading to it.
    pub heading_starts: Vec<(usize, String)>,
    /// Every heading id on the page (for anchor checks).
    pub anchors: Vec<String>,
    pub links: Vec<LinkRef>,
    /// Links in the page's front-matter values (rendered as Markdown by templates), placed
    /// by line and column in the whole file rather than the body.
    pub field_links: Vec<LinkRef>,
    pub word_count: usize,
    /// Headings that end in `?` with the text under them, for FAQ structured data.
    pub questions: Vec<(String, String)>,
}

/// Words per minute used for reading time.
const WPM: usize = 220;

impl Rendered {
    /// Minutes a reader needs, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WPM).max(1)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

/// A heading's id as GitHub (and GitLab, and Hugo by default) make it: lowercase, every
/// character that is not a letter, digit, `_`, `-` or space dropped, each space a `-`.
pub fn github_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Does this raw HTML block hold the summary marker?
fn is_more_marker(html: &str) -> bool {
    let t = html.trim();
    t == "<!--more-->" || t == "<!-- more -->"
}

/// Renders a Markdown body.
pub fn render(body: &str, links: &dyn LinkResolver) -> Rendered {
    let mut pass = Pass {
        out: Rendered::default(),
        events: Vec::new(),
        more_at: None,
        used_ids: HashSet::new(),
        id_suffixes: HashMap::new(),
        heading_marks: Vec::new(),
        flat_toc: Vec::new(),
        links,
        lines: Lines::of(body),
    };
    let mut parser = Parser::new_ext(body, options())
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = parser.next() {
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => pass.heading(&mut parser, level, id, classes),
            Event::Start(Tag::CodeBlock(kind)) => pass.code_block(&mut parser, kind),
            Event::Start(Tag::BlockQuote(Some(kind))) => pass.alert(&mut parser, kind),
            Event::Start(Tag::Item) => {
                if let Some((Event::TaskListMarker(checked), _)) = parser.peek() {
                    let checked = if *checked { " checked" } else { "" };
                    pass.events.push(Event::Html(
                        format!(
                            "<li class=\"task\"><input type=\"checkbox\" aria-label=\"Task\" disabled{checked}> "
                        )
                            .into(),
                    ));
                    parser.next();
                } else {
                    pass.events.push(Event::Start(Tag::Item));
                }
            }
            Event::Start(Tag::HtmlBlock) => pass.html_block(&mut parser),
            Event::End(TagEnd::Paragraph) => {
                pass.events.push(event);
                pass.out.plain_text.push('\n');
            }
            other => pass.inline(other, range),
        }
    }
    pass.finish(body.len())
}

type Events<'a> = std::iter::Peekable<pulldown_cmark::OffsetIter<'a>>;

/// Line and column (in characters) of byte offsets in a body.
struct Lines<'a> {
    body: &'a str,
    starts: Vec<usize>,
    /// The last offset asked about and its column: links come in order, so counting on from
    /// there keeps a long line of many links linear.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    fn of(body: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            body,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.body.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let (last, last_col) = self.last.get();
        let (from, col) =
            if last >= line_start && last <= offset && self.body.is_char_boundary(last) {
                (last, last_col)
            } else {
                (line_start, 1)
            };
        let col = col + self.body.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((offset, col));
        (line, col)
    }
}

/// One rendering of a body: the events to write and what was learnt on the way.
struct Pass<'a, 'r> {
    out: Rendered,
    events: Vec<Event<'a>>,
    /// Where `<!--more-->` stood (the summary is what comes before).
    more_at: Option<usize>,
    used_ids: HashSet<String>,
    /// The next number to try after each id base.
    id_suffixes: HashMap<String, usize>,
    /// (heading text, where it starts and ends in plain_text)
    heading_marks: Vec<(String, usize, usize)>,
    flat_toc: Vec<(u8, String, String)>,
    links: &'r dyn LinkResolver,
    lines: Lines<'a>,
}

impl<'a> Pass<'a, '_> {
    fn inline(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        let lines = &self.lines;
        push_inline(
            event,
            range,
            &mut self.events,
            &mut self.out,
            self.links,
            &|o| lines.at(o),
        );
    }

    /// A raw HTML block: its links are recorded (and `.md` ones rewritten) like Markdown's;
    /// a block that is only `<!--more-->` marks the end of the summary.
    fn html_block(&mut self, parser: &mut Events<'a>) {
        // The block comes line by line; a tag may span lines, so it is read whole.
        let mut html = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (e, range) in parser.by_ref() {
            match e {
                Event::Html(t) => {
                    starts.push((html.len(), range.start));
                    html.push_str(&t);
                }
                _ => break,
            }
        }
        if self.more_at.is_none() && is_more_marker(&html) {
            self.more_at = Some(self.events.len());
            return;
        }
        let source_at = |i: usize| {
            let k = starts.partition_point(|&(at, _)| at <= i).max(1) - 1;
            starts.get(k).map_or(0, |&(at, src)| src + (i - at))
        };
        let lines = &self.lines;
        let html = record_html_links(&html, &source_at, &mut self.out, self.links, &|o| {
            lines.at(o)
        });
        self.events.push(Event::Start(Tag::HtmlBlock));
        self.events.push(Event::Html(html.into()));
        self.events.push(Event::End(TagEnd::HtmlBlock));
    }

    /// A heading with a unique id and an anchor link; it also feeds the table of contents.
    fn heading(
        &mut self,
        parser: &mut Events<'a>,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
    ) {
        // Buffer the heading's inline events to compute its id and text.
        let mut inner = Vec::new();
        let mut text = String::new();
        for (e, _) in parser.by_ref() {
            match &e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push(e);
        }
        let custom = id.is_some();
        let base = id.map(|s| s.to_string()).unwrap_or_else(|| slugify(&text));
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        // `-1`, `-2`... as needed; counting on from the last number taken for this base keeps
        // a page of thousands of equal headings linear.
        let mut id = base.clone();
        let n = self.id_suffixes.entry(base.clone()).or_insert(1);
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        let lvl = heading_level(level);
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
        };
        self.events.push(Event::Html(
            format!("<h{lvl} id=\"{}\"{class_attr}>", escape_attr(&id)).into(),
        ));
        // Links written for GitHub, GitLab or Hugo name the heading by their id, which keeps
        // every space as a dash (`plan--review` for "Plan & review"): it is an anchor too.
        // (Only where it differs from waymark's own, so no later heading's id changes.)
        let github = github_id(&text);
        if !custom && github != base && !github.is_empty() && self.used_ids.insert(github.clone()) {
            self.events.push(Event::Html(
                format!("<span id=\"{}\"></span>", escape_attr(&github)).into(),
            ));
            self.out.anchors.push(github);
        }
        self.events.extend(inner);
        self.events.push(Event::Html(
            format!(
                " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{lvl}>\n",
                escape_attr(&id)
            )
            .into(),
        ));
        self.heading_marks.push((
            text.clone(),
            self.out.plain_text.len(),
            self.out.plain_text.len() + text.len() + 1,
        ));
        self.out
            .heading_starts
            .push((self.out.plain_text.len(), id.clone()));
        self.out.plain_text.push_str(&text);
        self.out.plain_text.push('\n');
        self.out.headings.push(text.clone());
        self.out.anchors.push(id.clone());
        if lvl >= 2 {
            self.flat_toc.push((lvl, id, text));
        }
    }

    /// A code block, highlighted when its language is known.
    fn code_block(&mut self, parser: &mut Events<'a>, kind: CodeBlockKind<'a>) {
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (e, _) in parser.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        self.out.plain_text.push_str(&code);
        self.out.plain_text.push('\n');
        self.events
            .push(Event::Html(highlight(&code, &lang).into()));
    }

    /// A GitHub-style alert (`> [!NOTE]`).
    fn alert(&mut self, parser: &mut Events<'a>, kind: BlockQuoteKind) {
        let (class, title) = match kind {
            BlockQuoteKind::Note => ("note", "Note"),
            BlockQuoteKind::Tip => ("tip", "Tip"),
            BlockQuoteKind::Important => ("important", "Important"),
            BlockQuoteKind::Warning => ("warning", "Warning"),
            BlockQuoteKind::Caution => ("caution", "Caution"),
        };
        self.events.push(Event::Html(
            format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into(),
        ));
        // Find the matching end: nested block quotes are balanced by depth.
        let mut depth = 0usize;
        let mut inner = Vec::new();
        for (e, r) in parser.by_ref() {
            match &e {
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) if depth == 0 => break,
                Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
                _ => {}
            }
            inner.push((e, r));
        }
        // Alerts rarely hold headings or code; handle their links and text simply.
        for (e, r) in inner {
            self.inline(e, r);
        }
        self.events.push(Event::Html("</div>\n".into()));
    }

    /// Writes the HTML (and the summary before `<!--more-->`), the table of contents and the
    /// questions with their answers.
    fn finish(self, body_len: usize) -> Rendered {
        let Pass {
            mut out,
            events,
            more_at,
            heading_marks,
            flat_toc,
            ..
        } = self;
        let mut html = String::with_capacity(body_len * 3 / 2);
        if let Some(at) = more_at {
            let mut summary = String::new();
            pulldown_cmark::html::push_html(&mut summary, events[..at].iter().cloned());
            out.summary = Some(summary);
        }
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.html = html;
        out.toc = nest_toc(flat_toc);
        out.questions = questions(&heading_marks, &out.plain_text);
        out.word_count = out.plain_text.split_whitespace().count();
        out
    }
}

/// Headings that end in `?`, each with the text under it up to the next heading.
fn questions(heading_marks: &[(String, usize, usize)], plain_text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (title, _, end)) in heading_marks.iter().enumerate() {
        if title.trim_end().ends_with('?') {
            let next = heading_marks.get(i + 1).map_or(plain_text.len(), |h| h.1);
            let answer = plain_text[*end..next]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !answer.is_empty() {
                out.push((title.trim().to_string(), answer));
            }
        }
    }
    out
}

/// Handles one inline (or otherwise untransformed) event: link rewriting and plain text.
fn push_inline<'a>(
    event: Event<'a>,
    range: std::ops::Range<usize>,
    events: &mut Vec<Event<'a>>,
    out: &mut Rendered,
    links: &dyn LinkResolver,
    pos: &dyn Fn(usize) -> (usize, usize),
) {
    match event {
        e @ (Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. })) => {
            events.push(map_dest(e, |dest_url, image, link_type| {
                // `<name@host>`: the HTML writer adds `mailto:`; the address is no path.
                if link_type == pulldown_cmark::LinkType::Email {
                    dest_url
                } else {
                    safe_url(record_link(&dest_url, range.start, out, links, pos), image)
                }
            }));
        }
        Event::InlineHtml(html) => {
            let start = range.start;
            let html = record_html_links(&html, &|i| start + i, out, links, pos);
            events.push(Event::InlineHtml(html.into()));
        }
        Event::Text(ref t) | Event::Code(ref t) => {
            out.plain_text.push_str(t);
            events.push(event);
        }
        Event::SoftBreak | Event::HardBreak => {
            out.plain_text.push(' ');
            events.push(event);
        }
        Event::End(TagEnd::Item) | Event::End(TagEnd::TableCell) | Event::End(TagEnd::TableRow) => {
            out.plain_text.push('\n');
            events.push(event);
        }
        other => events.push(other),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Nests a flat list of headings (level, id, title) by level.
fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in flat {
        insert(
            &mut toc,
            TocEntry {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    toc
}

/// A link or image with its destination replaced by `f(dest, is_image, link_type)`; any
/// other event as it is.
fn map_dest<'a>(
    event: Event<'a>,
    f: impl FnOnce(CowStr<'a>, bool, pulldown_cmark::LinkType) -> CowStr<'a>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: f(dest_url, false, link_type),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: f(dest_url, true, link_type),
            title,
            id,
        }),
        other => other,
    }
}

/// A Markdown link's URL, or nothing when following it would run script.
fn safe_url(url: CowStr<'_>, image: bool) -> CowStr<'_> {
    if links::is_dangerous(&url, image) {
        CowStr::Borrowed("")
    } else {
        url
    }
}

/// Escapes text for an HTML attribute value or text node (`&<>"'`).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// Renders a short Markdown text from front matter (a paragraph or a list). Raw HTML in it is
/// shown as text: front-matter values are data, never markup.
pub fn render_data(text: &str) -> String {
    let events = Parser::new_ext(text, options()).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => map_dest(other, |dest, image, _| safe_url(dest, image)),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl LinkResolver for Links {
        fn resolve_md(&self, target: &str) -> Option<String> {
            (target == "../roles/csm.md").then(|| "/roles/csm/".to_string())
        }
        fn resolve_asset(&self, target: &str) -> String {
            format!("/help/{target}")
        }
    }

    fn md(s: &str) -> Rendered {
        render(s, &Links)
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r = md("# Title\n\n## Set up\n\n### Step one\n\n## Set up\n\n## Custom {#mine}\n");
        assert!(
            r.html
                .contains("<h2 id=\"set-up\">Set up <a class=\"anchor\" href=\"#set-up\"")
        );
        assert!(r.html.contains("<h2 id=\"set-up-1\">"));
        assert!(r.html.contains("<h2 id=\"mine\">"));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "step-one");
        assert_eq!(
            r.anchors,
            ["title", "set-up", "step-one", "set-up-1", "mine"]
        );
    }

    #[test]
    fn links_in_raw_html_are_recorded_and_md_ones_rewritten() {
        let r = md(
            "<div>\n<a\n  href='../roles/csm.md#pay'>CSM</a> <img src=\"x.png\">\n</div>\n\n\
             Text <a href=\"nope.md\">gone</a>.\n\n<!--more-->\n\nAfter.\n",
        );
        assert!(r.html.contains("href='/roles/csm/#pay'"), "{}", r.html);
        assert!(r.html.contains("<img src=\"/help/x.png\">"), "{}", r.html);
        let found: Vec<(&str, usize, usize)> = r
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.line, l.col))
            .collect();
        assert_eq!(
            found,
            [
                ("../roles/csm.md#pay", 3, 9),
                ("x.png", 3, 48),
                ("nope.md", 6, 15)
            ]
        );
        assert_eq!(r.links[2].kind, LinkKind::Broken);
        assert!(r.summary.as_deref().is_some_and(|s| s.contains("gone")));
    }

    #[test]
    fn email_autolinks_stay_addresses() {
        let r = md("Write to <help@example.com>.\n");
        assert!(
            r.html.contains("href=\"mailto:help@example.com\""),
            "{}",
            r.html
        );
        assert!(r.links.is_empty());
    }

    #[test]
    fn links_that_would_run_script_lose_their_url() {
        let body = "[a](javascript:alert(1)) [b](JaVaScRiPt:x) <javascript:y> [c](java\tscript:z)\n\n\
                    [d](vbscript:q) [e](data:text/html,x) ![ok](data:image/png;base64,AA) [f](https://x.org/javascript:)\n\n\
                    [r]\n\n[r]: javascript:ref\n";
        let html = md(body).html;
        let lower = html.to_lowercase();
        assert!(
            !lower.contains("=\"javascript") && !lower.contains("=\"vbscript"),
            "{html}"
        );
        assert!(!html.contains("data:text"), "{html}");
        assert_eq!(html.matches("href=\"\"").count(), 6, "{html}");
        assert!(html.contains("src=\"data:image/png;base64,AA\""), "{html}");
        assert!(
            html.contains("href=\"https://x.org/javascript:\""),
            "{html}"
        );
        let data = render_data("[a](javascript:alert(1)) and <javascript:b>");
        assert!(!data.contains("=\"javascript"), "{data}");
    }

    #[test]
    fn links_in_a_front_matter_value_are_rewritten_in_place() {
        let (text, links) = links::rewrite_text_links(
            "Read the [CSM role](../roles/csm.md) and ![chart](c.png).",
            &Links,
        );
        assert_eq!(
            text,
            "Read the [CSM role](/roles/csm/) and ![chart](/help/c.png)."
        );
        assert_eq!(links.len(), 2);
        assert_eq!((links[0].line, links[0].col), (1, 21));
    }

    #[test]
    fn rewrites_md_links_and_records_broken_ones() {
        let r =
            md("See [CSM](../roles/csm.md#salary) and [gone](nope.md) and [web](https://x.org).\n");
        assert!(r.html.contains("href=\"/roles/csm/#salary\""), "{}", r.html);
        assert!(r.html.contains("href=\"nope.md\""));
        assert_eq!(r.links.len(), 3);
        assert_eq!(r.links[1].kind, LinkKind::Broken);
        assert_eq!((r.links[1].line, r.links[1].col), (1, 39));
        assert_eq!(r.links[2].kind, LinkKind::External);
    }

    #[test]
    fn alerts_tasks_tables_footnotes_strikethrough() {
        let r = md(
            "> [!WARNING]\n> Back up first.\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] ~~old~~\n\n[^1]: A note.\n",
        );
        assert!(r.html.contains("<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"), "{}", r.html);
        assert!(
            r.html.contains(
                "<li class=\"task\"><input type=\"checkbox\" aria-label=\"Task\" disabled checked> done</li>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("<del>old</del>"));
    }

    #[test]
    fn code_is_highlighted_with_classes_and_escaped() {
        let r =
            md("```rust\nfn main() { let x = \"<b>\"; }\n```\n\n```nosuchlang\n<script>\n```\n");
        assert!(r.html.contains(
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code class=\"language-rust\">"
        ));
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(
            !r.html.contains("<b>") && !r.html.contains("<script>"),
            "{}",
            r.html
        );
        assert!(r.plain_text.contains("fn main()"));
    }

    #[test]
    fn summary_at_more_marker() {
        let r = md("First *para*.\n\nSecond.\n\n<!-- more -->\n\nRest.\n");
        assert_eq!(
            r.summary.as_deref(),
            Some("<p>First <em>para</em>.</p>\n<p>Second.</p>\n")
        );
        assert!(r.html.contains("Rest."));
        assert_eq!(r.word_count, 4);
        assert_eq!(md("No marker.\n").summary, None);
    }

    #[test]
    fn questions_and_dialogue() {
        let r = md(
            "## How do I reset it?\n\nClick **Reset**.\n\n## Notes\n\nNone.\n\n### Why?\n\nBecause.\n",
        );
        assert_eq!(
            r.questions,
            [
                ("How do I reset it?".to_string(), "Click Reset.".to_string()),
                ("Why?".to_string(), "Because.".to_string())
            ]
        );
        let html = dialogue(
            &md("**Q:** Why?\n\n**A:** Because.\n").html,
            "Dana \"K\" <b>",
        );
        assert!(
            html.contains("<p class=\"qa qa--q\"><strong class=\"qa__label\">Q:</strong> Why?</p>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"qa qa--a\" data-person=\"Dana &quot;K&quot; &lt;b&gt;\">"),
            "{html}"
        );
    }

    #[test]
    fn data_markdown_escapes_raw_html() {
        assert_eq!(
            render_data("A *b* <script>x</script>"),
            "<p>A <em>b</em> &lt;script&gt;x&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn shortcodes_are_found_once_per_name() {
        let names =
            shortcode_names("{{< youtube id >}} {{% panel %}}x{{% /panel %}} {{< youtube b >}}");
        assert_eq!(names, ["youtube", "panel"]);
    }

    #[test]
    fn github_style_ids_are_anchors_too() {
        assert_eq!(
            github_id("Project Initiate & Plan"),
            "project-initiate--plan"
        );
        assert_eq!(github_id("EM>PS Transition"), "emps-transition");
        let r = md("## Project Initiate & Plan\n\n## Simple\n");
        assert!(
            r.html.contains(
                "<h2 id=\"project-initiate-plan\"><span id=\"project-initiate--plan\"></span>"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<span id=\"simple\">"), "{}", r.html);
        assert!(r.anchors.contains(&"project-initiate--plan".to_string()));
    }

    #[test]
    fn slugify_is_lowercase_dashes() {
        assert_eq!(
            slugify("Day 0: Hand-off & Kickoff!"),
            "day-0-hand-off-kickoff"
        );
        assert_eq!(slugify("Ça va?"), "ça-va");
        assert_eq!(slugify("snake_case"), "snake_case");
    }
}
