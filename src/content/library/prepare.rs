//! Checking and rendering one page: its typed fields against its type's schema, its Markdown
//! with every link resolved, an interview's dialogue, and warnings for links to no content
//! file. [`prepare_page`] is the one path both a full load and an edit of one file take.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::claims::output_dir_for;
use super::field_links;
use super::{Page, Section, split_rel};
use crate::config::Config;
use crate::content::front_matter::{FrontMatter, PageType};
use crate::content::paths::join_relative;
use crate::content::types::{self, StoryFormat, Typed};
use crate::error::{Code, Diagnostic, MAX_PER_FILE};
use crate::markdown::{self, LinkKind, LinkResolver, Rendered};

/// What links resolve against: every content file's and folder's output path.
pub(super) struct Links<'a> {
    pub by_rel: &'a HashMap<String, String>,
    pub dir_outputs: &'a HashMap<String, String>,
    pub base_path: &'a str,
}

/// A page's text and what it was declared as.
pub(super) struct PageText<'a> {
    pub source: &'a Path,
    pub rel: &'a str,
    pub page_type: PageType,
    pub front: &'a FrontMatter,
    pub body: &'a str,
    pub body_line: usize,
}

/// A checked and rendered page.
pub(super) struct Prepared {
    pub typed: Typed,
    /// Warnings about the typed fields.
    pub field_warnings: Vec<Diagnostic>,
    pub rendered: Rendered,
    /// Links to no content file.
    pub link_warnings: Vec<Diagnostic>,
}

/// Checks and renders one page. `read` gives the file's text, only to place a message.
pub(super) fn prepare_page(
    page: &PageText<'_>,
    links: &Links<'_>,
    config: &Config,
    read: &dyn Fn() -> String,
) -> Result<Prepared, Diagnostic> {
    let resolver = Resolver {
        dir: split_rel(page.rel).0,
        links,
    };
    if let Some(message) = crate::content::review::invalid_interval(page.front) {
        let text = read();
        let d = Diagnostic::error(page.source, message)
            .with_hint("write a span such as \"6 months\", \"90 days\" or \"1 year\"")
            .with_code(Code::FrontMatter);
        return Err(
            match crate::content::front_matter::field_position(&text, "review_every") {
                Some(o) => d.at_offset(&text, o),
                None => d,
            },
        );
    }
    let (params, field_links) = field_links::rewrite(&page.front.params, &resolver, read);
    let (typed, field_warnings) = types::check(
        page.source,
        read,
        page.page_type,
        &params,
        &config.taxonomies,
    )
    .map_err(|d| match d.code {
        Some(_) => d,
        None => d.with_code(Code::FrontMatter),
    })?;
    let (mut rendered, link_warnings) = prepare_text(
        page.source,
        split_rel(page.rel).0,
        page.body,
        page.body_line,
        links,
    );
    if let Typed::Story(st) = &typed
        && st.format == StoryFormat::Interview
    {
        rendered.html = markdown::dialogue(&rendered.html, &st.person);
    }
    let mut field_warnings = field_warnings;
    field_warnings.extend(broken_link_warnings(page.source, &field_links, read));
    rendered.field_links = field_links;
    if let Typed::Article(a) = &typed
        && a.faq
        && rendered.questions.is_empty()
    {
        let d = Diagnostic::warning(page.source, "`faq: true`, but no heading ends in `?`")
            .with_hint(
                "FAQ structured data is made of headings that end in `?` and the text under them",
            )
            .with_code(Code::Faq);
        let text = read();
        field_warnings.push(
            match crate::content::front_matter::field_position(&text, "faq") {
                Some(o) => d.at_offset(&text, o),
                None => d,
            },
        );
    }
    Ok(Prepared {
        typed,
        field_warnings,
        rendered,
        link_warnings,
    })
}

/// A warning for each link (placed in the file) to no content file.
fn broken_link_warnings(
    source: &Path,
    links: &[markdown::LinkRef],
    read: &dyn Fn() -> String,
) -> Vec<Diagnostic> {
    let broken: Vec<_> = links
        .iter()
        .filter(|l| l.kind == LinkKind::Broken)
        .collect();
    if broken.is_empty() {
        return Vec::new();
    }
    let text = read();
    broken
        .into_iter()
        .map(|link| {
            Diagnostic::warning(source, link.no_file_message())
                .with_code(Code::BrokenLink)
                .at(&text, link.line, link.col)
        })
        .collect()
}

/// Renders a page's or section's Markdown, with a warning for each link to no content file.
fn prepare_text(
    source: &Path,
    rel_dir: &str,
    body: &str,
    body_line: usize,
    links: &Links<'_>,
) -> (Rendered, Vec<Diagnostic>) {
    let resolver = Resolver {
        dir: rel_dir,
        links,
    };
    let rendered = markdown::render(body, &resolver);
    let broken: Vec<_> = rendered
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Broken)
        .collect();
    let mut warnings: Vec<Diagnostic> = broken
        .iter()
        .take(MAX_PER_FILE)
        .map(|link| {
            Diagnostic::warning(source, link.no_file_message())
                .with_code(Code::BrokenLink)
                .at(&read_line(body, link.line), 1, link.col)
                .with_line(body_line + link.line - 1)
        })
        .collect();
    if broken.len() > MAX_PER_FILE {
        let more = broken.len() - MAX_PER_FILE;
        let message = format!("{more} more links to no content file in this file are not shown");
        warnings.push(Diagnostic::warning(source, message).with_code(Code::BrokenLink));
    }
    (rendered, warnings)
}

/// Prepares every page and section in parallel; field warnings come first, then link
/// warnings (pages, then sections), as a reader of the output would fix them.
pub(super) fn prepare_all(
    root: &Path,
    config: &Config,
    links: &Links<'_>,
    pages: &mut [Page],
    sections: &mut [Section],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let prepared: Vec<Result<Prepared, Diagnostic>> = pages
        .par_iter()
        .map(|p| {
            let read = || std::fs::read_to_string(root.join(&p.source)).unwrap_or_default();
            prepare_page(&p.text(), links, config, &read)
        })
        .collect();
    let mut link_warnings = Vec::new();
    for (p, result) in pages.iter_mut().zip(prepared) {
        match result {
            Ok(done) => {
                p.typed = done.typed;
                p.rendered = done.rendered;
                warnings.extend(done.field_warnings);
                link_warnings.extend(done.link_warnings);
            }
            Err(d) => errors.push(d),
        }
    }
    let rendered: Vec<(Rendered, Vec<Diagnostic>)> = sections
        .par_iter()
        .map(|s| prepare_text(&s.source, &s.dir, &s.body, s.body_line, links))
        .collect();
    for (s, (r, w)) in sections.iter_mut().zip(rendered) {
        s.rendered = r;
        link_warnings.extend(w);
    }
    warnings.extend(link_warnings);
}

impl Page {
    pub(super) fn text(&self) -> PageText<'_> {
        PageText {
            source: &self.source,
            rel: &self.rel,
            page_type: self.page_type,
            front: &self.front,
            body: &self.body,
            body_line: self.body_line,
        }
    }
}

/// Shortcodes and Liquid tags left as text: one warning per name, at its first use, naming
/// the files that use it.
pub(super) fn shortcode_warnings(pages: &[Page], sections: &[Section]) -> Vec<Diagnostic> {
    // (kind, name) → the files using it, each with the line of its first use.
    let mut uses: BTreeMap<(markdown::TagKind, String), Vec<(PathBuf, usize)>> = BTreeMap::new();
    for (source, body, body_line) in pages
        .iter()
        .map(|p| (&p.source, &p.body, p.body_line))
        .chain(sections.iter().map(|s| (&s.source, &s.body, s.body_line)))
    {
        // The tags come in order of offset: lines are counted on from the last one.
        let (mut counted, mut line) = (0, body_line);
        for tag in markdown::foreign_tags(body) {
            line += body[counted..tag.offset].matches('\n').count();
            counted = tag.offset;
            uses.entry((tag.kind, tag.name))
                .or_default()
                .push((source.clone(), line));
        }
    }
    uses.into_iter()
        .map(|((kind, name), files)| foreign_tag_warning(kind, &name, &files))
        .collect()
}

fn foreign_tag_warning(
    kind: markdown::TagKind,
    name: &str,
    files: &[(PathBuf, usize)],
) -> Diagnostic {
    let (first, line) = &files[0];
    let mut listed: Vec<String> = files
        .iter()
        .take(3)
        .map(|(f, _)| f.display().to_string())
        .collect();
    if files.len() > 3 {
        listed.push(format!("{} more", files.len() - 3));
    }
    let used_in = format!(
        "{} file{}: {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        listed.join(", ")
    );
    let (what, hint) = match kind {
        markdown::TagKind::Shortcode => (
            format!("shortcode `{name}`"),
            "rewrite it as Markdown or HTML".to_string(),
        ),
        markdown::TagKind::Liquid if name.contains('.') => (
            format!("Liquid `{{{{ {name} }}}}`"),
            "waymark does not run Liquid; site-absolute links need no `site.baseurl`, and page values belong in the theme".to_string(),
        ),
        markdown::TagKind::Liquid => (
            format!("Liquid `{{% {name} %}}`"),
            "waymark does not run Liquid: a `highlight` block is a fenced code block, an `include` is Markdown pasted in, `raw` is not needed".to_string(),
        ),
    };
    Diagnostic::warning(
        first,
        format!("{what} is not supported and is left as text ({used_in})"),
    )
    .with_line(*line)
    .with_hint(hint)
    .with_code(Code::Shortcode)
}

/// Bodies have been rendered and checked; the HTML and plain text are what later stages
/// read, so the Markdown itself is freed (a tenth of the peak memory at 10k pages).
pub(super) fn free_bodies(pages: &mut [Page], sections: &mut [Section]) {
    for body in pages
        .iter_mut()
        .map(|p| &mut p.body)
        .chain(sections.iter_mut().map(|s| &mut s.body))
    {
        *body = String::new();
    }
}

/// Resolves links for one page or section.
struct Resolver<'a> {
    dir: &'a str,
    links: &'a Links<'a>,
}

impl LinkResolver for Resolver<'_> {
    fn resolve_md(&self, target: &str) -> Option<String> {
        let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
        let rel = join_relative(self.dir, &target)?;
        self.links
            .by_rel
            .get(&rel)
            .map(|p| format!("{}{p}", self.links.base_path))
    }

    fn resolve_asset(&self, target: &str) -> String {
        match join_relative(self.dir, target) {
            Some(rel) => {
                let (dir, name) = split_rel(&rel);
                format!(
                    "{}{}{name}",
                    self.links.base_path,
                    output_dir_for(self.links.dir_outputs, dir)
                )
            }
            None => target.to_string(),
        }
    }
}

impl Diagnostic {
    /// Moves a diagnostic made against one line onto its real line number in the file.
    fn with_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }
}

fn read_line(body: &str, line: usize) -> String {
    body.lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .to_string()
}
