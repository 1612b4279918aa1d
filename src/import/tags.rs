//! Hugo shortcodes and Jekyll Liquid tags turned into Markdown when a site is imported.
//!
//! waymark runs neither template language, so an imported page keeps only what Markdown can say
//! itself. The common tags have exact Markdown forms: highlighted code becomes a fenced block,
//! notes and warnings become GitHub alerts, figures become images, page references and includes
//! are filled in by the importer, and `{{ site.baseurl }}` goes (waymark links are site-absolute).
//! Every other tag stays byte for byte as written and is listed with its line, so the import can
//! say what is left to do by hand. Code (fenced blocks, inline spans) is never touched: a tag
//! there is an example being shown, not a call.
//!
//! One forward pass. Every search remembers where it stopped, so no stretch of the body is
//! scanned twice and hostile input (thousands of unclosed openers) stays linear.

use std::collections::HashMap;

use super::Untranslated;

/// Reads a file an include names (Hugo: path relative to the site root; Jekyll: relative to _includes/).
pub trait Includes {
    fn read(&self, name: &str) -> Option<String>;
}

/// The Markdown link target for a page reference (Hugo ref/relref argument, Jekyll {% link path %} or {% post_url name %}), relative to the page being converted; None when unknown.
pub trait Refs {
    fn resolve(&self, target: &str) -> Option<String>;
}

/// Translates the Hugo shortcodes it can into Markdown; every other shortcode is left exactly as written and listed.
pub fn hugo_shortcodes(
    body: &str,
    includes: &dyn Includes,
    refs: &dyn Refs,
) -> (String, Vec<Untranslated>) {
    let mut scan = Scan::new(body, includes, refs, Dialect::Hugo);
    while let Some(at) = scan.next_tag() {
        scan.shortcode(at);
    }
    scan.finish()
}

/// Translates the Liquid tags it can into Markdown; every other tag or object is left exactly as written and listed.
pub fn liquid(body: &str, includes: &dyn Includes, refs: &dyn Refs) -> (String, Vec<Untranslated>) {
    let mut scan = Scan::new(body, includes, refs, Dialect::Liquid);
    while let Some(at) = scan.next_tag() {
        scan.liquid(at);
    }
    scan.finish()
}

/// Notes nested deeper than this are left as written: each level copies its text once more.
const MAX_DEPTH: usize = 16;

/// The longest tag text in a listing, in characters.
const WHAT_CHARS: usize = 80;

#[derive(Clone, Copy)]
enum Dialect {
    Hugo,
    Liquid,
}

/// A Hugo note (`{{< warning >}}`) whose closer has not come yet, with its text so far.
struct Frame {
    name: String,
    /// `NOTE`, `TIP`, `WARNING`, `CAUTION` or `IMPORTANT`.
    kind: &'static str,
    title: Option<String>,
    /// The opener's byte range in the body, to put it back if it never closes.
    open: (usize, usize),
    text: String,
}

/// The translated text: the page, and the notes still open inside it.
struct Out {
    root: String,
    frames: Vec<Frame>,
}

impl Out {
    /// Where text goes now: the innermost open note, or the page.
    fn buf(&mut self) -> &mut String {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.text,
            None => &mut self.root,
        }
    }
}

/// One pass over a body. Text between translated tags is copied in stretches: `copied` is where
/// the stretch not yet written starts, `pos` where reading goes on.
struct Scan<'a> {
    body: &'a str,
    includes: &'a dyn Includes,
    refs: &'a dyn Refs,
    dialect: Dialect,
    pos: usize,
    copied: usize,
    out: Out,
    /// Tags left as written: body offset and the tag text.
    found: Vec<(usize, String)>,
    runs: Runs,
    blank: Next,
    next: HashMap<&'static str, Next>,
    /// Closers (`endraw`, `/highlight`) known to appear nowhere further on.
    unclosed: Vec<&'static str>,
}

impl<'a> Scan<'a> {
    fn new(
        body: &'a str,
        includes: &'a dyn Includes,
        refs: &'a dyn Refs,
        dialect: Dialect,
    ) -> Self {
        Scan {
            body,
            includes,
            refs,
            dialect,
            pos: 0,
            copied: 0,
            out: Out {
                root: String::with_capacity(body.len()),
                frames: Vec::new(),
            },
            found: Vec::new(),
            runs: Runs::new(body.as_bytes()),
            blank: Next::default(),
            next: HashMap::new(),
            unclosed: Vec::new(),
        }
    }

    /// The next `{{` or `{%` outside code, reading past text, fenced blocks and code spans.
    fn next_tag(&mut self) -> Option<usize> {
        let body: &'a str = self.body;
        let bytes = body.as_bytes();
        while let Some(&byte) = bytes.get(self.pos) {
            let at = self.pos;
            if (at == 0 || bytes[at - 1] == b'\n')
                && let Some(end) = fence_end(bytes, at)
            {
                self.pos = end;
                continue;
            }
            match byte {
                b'`' => self.pos = self.code_span(at),
                b'{' if matches!(bytes.get(at + 1), Some(b'{' | b'%')) => return Some(at),
                _ => self.pos = at + 1,
            }
        }
        None
    }

    /// Where the code span opening at `at` ends (past its closing backticks), or the end of the
    /// backtick run when nothing in its paragraph closes it.
    fn code_span(&mut self, at: usize) -> usize {
        let body: &'a str = self.body;
        let bytes = body.as_bytes();
        let run = run_len(bytes, at, b'`');
        let after = at + run;
        // `\`` is a literal backtick; the rest of the run can still open a span.
        let open = if escaped(bytes, at) {
            run.saturating_sub(1)
        } else {
            run
        };
        if open == 0 {
            return after;
        }
        let limit = self
            .blank
            .get(after, |from| blank_line(bytes, from))
            .unwrap_or(bytes.len());
        match self.runs.next(open, after, limit) {
            Some(close) => close + open,
            None => after,
        }
    }

    /// A Hugo shortcode (`{{< … >}}` or `{{% … %}}`) starting at `at`, if it is one.
    fn shortcode(&mut self, at: usize) {
        self.pos = at + 1;
        let body: &'a str = self.body;
        let rest = &body[at..];
        let delim = if rest.starts_with("{{<") {
            ">}}"
        } else if rest.starts_with("{{%") {
            "%}}"
        } else {
            return;
        };
        let Some(end) = self.tag_end(at, 3, delim, &["{{<", "{{%"]) else {
            return self.unterminated(at, 3);
        };
        let inner = body[at + 3..end - 3].trim();
        if let Some(closing) = inner.strip_prefix('/') {
            let name = closing.trim();
            return if is_name(name) {
                self.close_note(at, end, name)
            } else {
                self.other(at, end)
            };
        }
        let (inner, self_closing) = match inner.strip_suffix('/') {
            Some(open) => (open.trim_end(), true),
            None => (inner, false),
        };
        let (name, args) = split_name(inner);
        let args = Args::parse(args);
        match name {
            "highlight" => match self.closer(end, "highlight") {
                Some((close, after)) => {
                    let lang = args.first().or(args.named("lang")).unwrap_or("");
                    self.code_block(at, end, close, after, lang);
                }
                None => self.other(at, end),
            },
            "figure" => self.replace(at, end, figure(&args)),
            "ref" | "relref" => {
                let target = args.named("path").or(args.first());
                let url = target.and_then(|target| self.refs.resolve(target));
                self.replace(at, end, url);
            }
            "include" | "readfile" => {
                let file = args.named("file").or(args.named("path")).or(args.first());
                let text = file.and_then(|file| self.includes.read(file));
                self.replace(at, end, text);
            }
            _ => match note_kind(name, &args) {
                Some(kind) if !self_closing => {
                    self.open_note(at, end, name, kind, args.named("title"));
                }
                _ => self.other(at, end),
            },
        }
    }

    /// A Liquid tag (`{% … %}`) or object (`{{ … }}`) starting at `at`, if it is one.
    fn liquid(&mut self, at: usize) {
        self.pos = at + 1;
        let body: &'a str = self.body;
        if body[at..].starts_with("{%") {
            self.liquid_tag(at);
        } else if body[at..].starts_with("{{") {
            self.liquid_object(at);
        }
    }

    fn liquid_tag(&mut self, at: usize) {
        let body: &'a str = self.body;
        let Some(end) = self.tag_end(at, 2, "%}", &["{%"]) else {
            return self.unterminated(at, 2);
        };
        let (name, args) = split_name(strip_dashes(&body[at + 2..end - 2]));
        let args = args.trim();
        match name {
            "raw" => match self.closer(end, "endraw") {
                Some((close, after)) => {
                    self.flush(at);
                    self.out.buf().push_str(&body[end..close]);
                    self.skip(after);
                }
                None => self.other(at, end),
            },
            "comment" => match self.closer(end, "endcomment") {
                Some((_, after)) => {
                    self.flush(at);
                    self.skip(after);
                }
                None => self.other(at, end),
            },
            "highlight" => match self.closer(end, "endhighlight") {
                Some((close, after)) => self.code_block(at, end, close, after, split_name(args).0),
                None => self.other(at, end),
            },
            "include" => {
                let file = args
                    .split_whitespace()
                    .next()
                    .map(unquote)
                    .filter(|file| !file.is_empty() && !file.contains("{{"));
                let text = file.and_then(|file| self.includes.read(file));
                self.replace(at, end, text);
            }
            "link" | "post_url" => {
                let target = unquote(args);
                let url = if target.is_empty() || target.contains("{{") {
                    None
                } else {
                    self.refs.resolve(target)
                };
                self.replace(at, end, url);
            }
            // `{% endif %}`, `{% else %}`: part of a block whose opener is listed already.
            _ if is_block_part(name) => self.pos = end,
            _ => self.other(at, end),
        }
    }

    fn liquid_object(&mut self, at: usize) {
        let body: &'a str = self.body;
        let Some(end) = self.tag_end(at, 2, "}}", &["{{", "{%"]) else {
            return self.unterminated(at, 2);
        };
        let inner = strip_dashes(&body[at + 2..end - 2]);
        let name = inner
            .split(|c: char| c.is_whitespace() || c == '|')
            .next()
            .unwrap_or("");
        if matches!(name, "site.baseurl" | "site.url") {
            self.replace(at, end, Some(String::new()));
        } else {
            self.other(at, end);
        }
    }

    /// The end of the tag opening at `at` (`open` bytes long), just past `close`; None when it
    /// is unterminated: no `close`, or a blank line or another opener comes first.
    fn tag_end(
        &mut self,
        at: usize,
        open: usize,
        close: &'static str,
        openers: &[&'static str],
    ) -> Option<usize> {
        let body: &'a str = self.body;
        let bytes = body.as_bytes();
        let from = at + open;
        let end = self.find(close, from)? + close.len();
        if self
            .blank
            .get(at, |p| blank_line(bytes, p))
            .is_some_and(|blank| blank < end)
        {
            return None;
        }
        for &opener in openers {
            if self.find(opener, from).is_some_and(|next| next < end) {
                return None;
            }
        }
        Some(end)
    }

    /// The first `needle` at or after `from`, remembered per needle.
    fn find(&mut self, needle: &'static str, from: usize) -> Option<usize> {
        let body: &'a str = self.body;
        self.next
            .entry(needle)
            .or_default()
            .get(from, |p| find_from(body, p, needle))
    }

    /// The closing tag `name` (`highlight` as `{{< /highlight >}}`, `endraw` as
    /// `{% endraw %}`) at or after `from`: its start and end.
    fn closer(&mut self, from: usize, name: &'static str) -> Option<(usize, usize)> {
        if self.unclosed.contains(&name) {
            return None;
        }
        let body: &'a str = self.body;
        let needle = match self.dialect {
            Dialect::Hugo => "{{",
            Dialect::Liquid => "{%",
        };
        let mut from = from;
        while let Some(at) = find_from(body, from, needle) {
            let end = match self.dialect {
                Dialect::Hugo => hugo_closer_at(body, at, name),
                Dialect::Liquid => liquid_closer_at(body, at, name),
            };
            if let Some(end) = end {
                return Some((at, end));
            }
            from = at + 1;
        }
        self.unclosed.push(name);
        None
    }

    /// Writes the text read so far (up to `to`) where text goes now.
    fn flush(&mut self, to: usize) {
        let body: &'a str = self.body;
        if let Some(text) = body.get(self.copied..to) {
            self.out.buf().push_str(text);
        }
        self.copied = self.copied.max(to);
    }

    /// Goes on after a translated stretch that ends at `to`.
    fn skip(&mut self, to: usize) {
        self.copied = to;
        self.pos = to;
    }

    /// The tag `at..end` becomes `text`, or stays as written (and listed) when there is none.
    fn replace(&mut self, at: usize, end: usize, text: Option<String>) {
        match text {
            Some(text) => {
                self.flush(at);
                self.out.buf().push_str(&text);
                self.skip(end);
            }
            None => self.other(at, end),
        }
    }

    /// The tag `at..end` stays as written and is listed.
    fn other(&mut self, at: usize, end: usize) {
        let body: &'a str = self.body;
        self.found.push((at, what(&body[at..end])));
        self.pos = end;
    }

    /// An opener with no end stays as written and is listed with the rest of its line.
    fn unterminated(&mut self, at: usize, open: usize) {
        let body: &'a str = self.body;
        let line: String = body[at..]
            .chars()
            .take_while(|&c| c != '\n')
            .take(WHAT_CHARS)
            .collect();
        self.found.push((at, line.trim().to_string()));
        self.pos = at + open;
    }

    /// A fenced block of the code in `start..close`; the tags around it end at `at` and `after`.
    fn code_block(&mut self, at: usize, start: usize, close: usize, after: usize, lang: &str) {
        let body: &'a str = self.body;
        self.flush(at);
        let buf = self.out.buf();
        put_fence(
            buf,
            info_string(lang),
            trim_outer_lines(&body[start..close]),
        );
        if !line_ends_at(body, after) {
            buf.push('\n');
        }
        self.skip(after);
    }

    fn open_note(
        &mut self,
        at: usize,
        end: usize,
        name: &str,
        kind: &'static str,
        title: Option<&str>,
    ) {
        if self.out.frames.len() >= MAX_DEPTH {
            return self.other(at, end);
        }
        self.flush(at);
        self.out.frames.push(Frame {
            name: name.to_string(),
            kind,
            title: title.map(one_line).filter(|title| !title.is_empty()),
            open: (at, end),
            text: String::new(),
        });
        self.skip(end);
    }

    /// `{{< /name >}}` at `at..end`: closes the innermost open note of that name (notes opened
    /// inside it and never closed are put back as written). A closer with no opener is left.
    fn close_note(&mut self, at: usize, end: usize, name: &str) {
        let Some(index) = self.out.frames.iter().rposition(|frame| frame.name == name) else {
            self.pos = end;
            return;
        };
        self.flush(at);
        while self.out.frames.len() > index + 1 {
            self.unwind();
        }
        let Some(frame) = self.out.frames.pop() else {
            return;
        };
        let body: &'a str = self.body;
        let buf = self.out.buf();
        put_note(buf, frame.kind, frame.title.as_deref(), &frame.text);
        if !line_ends_at(body, end) {
            buf.push_str("\n\n");
        }
        self.skip(end);
    }

    /// Puts back the innermost open note, which never closed: its opener as written, then its
    /// text, and lists the opener.
    fn unwind(&mut self) {
        let Some(frame) = self.out.frames.pop() else {
            return;
        };
        let body: &'a str = self.body;
        let opener = body.get(frame.open.0..frame.open.1).unwrap_or("");
        let buf = self.out.buf();
        buf.push_str(opener);
        buf.push_str(&frame.text);
        self.found.push((frame.open.0, what(opener)));
    }

    fn finish(mut self) -> (String, Vec<Untranslated>) {
        let body: &'a str = self.body;
        self.flush(body.len());
        while !self.out.frames.is_empty() {
            self.unwind();
        }
        self.found.sort_by_key(|&(at, _)| at);
        let bytes = body.as_bytes();
        let (mut line, mut counted) = (1, 0);
        let listed: Vec<Untranslated> = self
            .found
            .into_iter()
            .map(|(at, what)| {
                line += bytes
                    .get(counted..at)
                    .map_or(0, |gap| gap.iter().filter(|&&b| b == b'\n').count());
                counted = counted.max(at);
                Untranslated { line, what }
            })
            .collect();
        (self.out.root, listed)
    }
}

/// The next place a search finds at or after a position, remembered: it stays the answer for
/// every later position up to it, so each stretch is searched once.
#[derive(Default)]
struct Next {
    from: usize,
    at: Option<usize>,
    known: bool,
}

impl Next {
    fn get(&mut self, p: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        let fresh = self.known && self.from <= p && self.at.is_none_or(|at| at >= p);
        if !fresh {
            self.at = search(p);
            self.from = p;
            self.known = true;
        }
        self.at
    }
}

/// Every backtick run in the body by its length, so a code span's closer is found without
/// reading the paragraph again for each opener.
struct Runs {
    /// Run length → (start offsets in order, how many of them lie behind the reader).
    by_len: HashMap<usize, (Vec<usize>, usize)>,
}

impl Runs {
    fn new(bytes: &[u8]) -> Runs {
        let mut by_len: HashMap<usize, (Vec<usize>, usize)> = HashMap::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'`' {
                let len = run_len(bytes, at, b'`');
                by_len.entry(len).or_default().0.push(at);
                at += len;
            } else {
                at += 1;
            }
        }
        Runs { by_len }
    }

    /// The first run of exactly `len` backticks starting in `from..limit` (`from` never goes back).
    fn next(&mut self, len: usize, from: usize, limit: usize) -> Option<usize> {
        let (starts, behind) = self.by_len.get_mut(&len)?;
        while starts.get(*behind).is_some_and(|&start| start < from) {
            *behind += 1;
        }
        starts.get(*behind).copied().filter(|&start| start < limit)
    }
}

fn find_from(body: &str, from: usize, needle: &str) -> Option<usize> {
    body.get(from..)?.find(needle).map(|found| from + found)
}

/// The first blank line at or after `from`: the offset of the newline before it.
fn blank_line(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let newline = at + bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
        let mut next = newline + 1;
        while matches!(bytes.get(next), Some(b' ' | b'\t' | b'\r')) {
            next += 1;
        }
        if bytes.get(next) == Some(&b'\n') {
            return Some(newline);
        }
        at = next;
    }
}

fn run_len(bytes: &[u8], at: usize, mark: u8) -> usize {
    bytes
        .get(at..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| b == mark).count())
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(bytes: &[u8], at: usize) -> bool {
    bytes.get(..at).map_or(0, |before| {
        before.iter().rev().take_while(|&&b| b == b'\\').count()
    }) % 2
        == 1
}

/// The offset of the newline ending the line that `from` is on, or the body's length.
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |newline| from + newline)
}

/// A fence-like run on the line at `start`, after any indent or `>` markers (lists and quotes
/// are not tracked, so any indent counts): its mark, length and end.
fn fence_run(bytes: &[u8], start: usize) -> Option<(u8, usize, usize)> {
    let mut at = start;
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'>')) {
        at += 1;
    }
    let mark = *bytes.get(at)?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let len = run_len(bytes, at, mark);
    Some((mark, len, at + len))
}

/// Where the fenced code block opening on the line at `start` ends: past its closing fence's
/// line, or the end of the body when it never closes. None when the line opens no fence.
fn fence_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (mark, len, after) = fence_run(bytes, start)?;
    let mut end = line_end(bytes, after);
    let info = bytes.get(after..end).unwrap_or(&[]);
    if len < 3 || (mark == b'`' && info.contains(&b'`')) {
        return None;
    }
    while end < bytes.len() {
        let line = end + 1;
        end = line_end(bytes, line);
        if let Some((m, n, a)) = fence_run(bytes, line) {
            let rest = bytes.get(a..end).unwrap_or(&[]);
            if m == mark && n >= len && rest.iter().all(u8::is_ascii_whitespace) {
                return Some((end + 1).min(bytes.len()));
            }
        }
    }
    Some(bytes.len())
}

/// `{{< /name >}}` or `{{% /name %}}` at `at`: where it ends.
fn hugo_closer_at(body: &str, at: usize, name: &str) -> Option<usize> {
    let rest = body.get(at..)?;
    let (close, rest) = match rest.strip_prefix("{{<") {
        Some(rest) => (">}}", rest),
        None => ("%}}", rest.strip_prefix("{{%")?),
    };
    let rest = rest.trim_start().strip_prefix('/')?.trim_start();
    let rest = rest.strip_prefix(name)?.trim_start().strip_prefix(close)?;
    Some(body.len() - rest.len())
}

/// `{% name %}` (dashes allowed) at `at`: where it ends.
fn liquid_closer_at(body: &str, at: usize, name: &str) -> Option<usize> {
    let rest = body.get(at..)?.strip_prefix("{%")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix(name)?.trim_start();
    let rest = rest.strip_prefix('-').unwrap_or(rest).strip_prefix("%}")?;
    Some(body.len() - rest.len())
}

/// Whether the text after `at` ends its line (only spaces before the newline or the end).
fn line_ends_at(body: &str, at: usize) -> bool {
    let rest = body.get(at..).unwrap_or("").trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('\n') || rest.starts_with('\r')
}

/// Ends `buf` at the start of a line (adding a newline unless only spaces follow the last one)
/// and returns that line's indent, for the other lines of a block put there.
fn line_start(buf: &mut String) -> String {
    let kept = buf.trim_end_matches([' ', '\t']).len();
    if kept == 0 || buf.as_bytes()[kept - 1] == b'\n' {
        return buf[kept..].to_string();
    }
    buf.push('\n');
    String::new()
}

/// A fenced code block, its fence longer than any backtick run in the code.
fn put_fence(buf: &mut String, lang: &str, code: &str) {
    let indent = line_start(buf);
    let fence = "`".repeat(longest_run(code, b'`').max(2) + 1);
    buf.push_str(&fence);
    buf.push_str(lang);
    buf.push('\n');
    if !code.is_empty() {
        buf.push_str(code);
        buf.push('\n');
    }
    buf.push_str(&indent);
    buf.push_str(&fence);
}

/// A GitHub alert: `> [!KIND]`, then every line of `text` quoted (blank ones as `>`).
fn put_note(buf: &mut String, kind: &str, title: Option<&str>, text: &str) {
    let indent = line_start(buf);
    buf.push_str("> [!");
    buf.push_str(kind);
    buf.push(']');
    if let Some(title) = title {
        buf.push('\n');
        buf.push_str(&indent);
        buf.push_str("> **");
        buf.push_str(title);
        buf.push_str("**");
    }
    let text = trim_blank_lines(text);
    if text.is_empty() {
        return;
    }
    for line in text.split('\n') {
        buf.push('\n');
        buf.push_str(&indent);
        let line = line.strip_prefix(indent.as_str()).unwrap_or(line);
        if line.trim().is_empty() {
            buf.push('>');
        } else {
            buf.push_str("> ");
            buf.push_str(line);
        }
    }
}

fn longest_run(text: &str, mark: u8) -> usize {
    let (mut longest, mut current) = (0, 0);
    for &b in text.as_bytes() {
        if b == mark {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// A language name fit for a fence's info string, or none.
fn info_string(lang: &str) -> &str {
    if lang.contains(|c: char| c.is_whitespace() || c == '`') {
        ""
    } else {
        lang
    }
}

/// Code between tags without the rest of the opener's line and the closer's indent: one
/// leading and one trailing newline go.
fn trim_outer_lines(code: &str) -> &str {
    let code = match code.find('\n') {
        Some(newline) if code[..newline].trim().is_empty() => &code[newline + 1..],
        _ => code,
    };
    let code = match code.rfind('\n') {
        Some(newline) if code[newline + 1..].trim().is_empty() => &code[..newline],
        _ => code,
    };
    if code.trim().is_empty() { "" } else { code }
}

/// A note's text without its leading and trailing blank lines.
fn trim_blank_lines(text: &str) -> &str {
    let mut text = text;
    while let Some(newline) = text.find('\n') {
        if !text[..newline].trim().is_empty() {
            break;
        }
        text = &text[newline + 1..];
    }
    while let Some(newline) = text.rfind('\n') {
        if !text[newline + 1..].trim().is_empty() {
            break;
        }
        text = &text[..newline];
    }
    if text.trim().is_empty() { "" } else { text }
}

/// `![alt](src "title")`, linked when `link` is given, and `*caption*` on the next line.
fn figure(args: &Args) -> Option<String> {
    let src = args
        .named("src")
        .map(str::trim)
        .filter(|src| !src.is_empty())?;
    let text = |key: &str| {
        args.named(key)
            .map(one_line)
            .filter(|text| !text.is_empty())
    };
    let (alt, caption, title) = (text("alt"), text("caption"), text("title"));
    let alt = alt
        .or_else(|| caption.clone())
        .or_else(|| title.clone())
        .unwrap_or_default();
    let mut image = format!("![{}]({}", escape_alt(&alt), destination(src));
    if let Some(title) = &title {
        image.push_str(" \"");
        image.push_str(&title.replace('\\', "\\\\").replace('"', "\\\""));
        image.push('"');
    }
    image.push(')');
    if let Some(link) = args
        .named("link")
        .map(str::trim)
        .filter(|link| !link.is_empty())
    {
        image = format!("[{image}]({})", destination(link));
    }
    if let Some(caption) = caption {
        image.push_str("\n*");
        image.push_str(&caption);
        image.push('*');
    }
    Some(image)
}

fn escape_alt(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination: in angle brackets when it has spaces or brackets of its own.
fn destination(url: &str) -> String {
    if !url.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>')) {
        return url.to_string();
    }
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('>');
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A tag as listed: trimmed, at most [`WHAT_CHARS`] characters.
fn what(tag: &str) -> String {
    let cut: String = tag.trim().chars().take(WHAT_CHARS).collect();
    cut.trim_end().to_string()
}

/// The alert kind of a Hugo note-like shortcode, or None when it is not one.
fn note_kind(name: &str, args: &Args) -> Option<&'static str> {
    Some(match name {
        "note" | "info" => "NOTE",
        "tip" => "TIP",
        "warning" => "WARNING",
        "caution" => "CAUTION",
        "important" => "IMPORTANT",
        "alert" | "callout" | "notice" => {
            let word = args
                .named("type")
                .or(args.named("theme"))
                .or(args.named("color"))
                .or(args.first());
            word.map_or("NOTE", kind_of)
        }
        _ => return None,
    })
}

/// The alert kind a theme's word for it names (`warning`, `danger`, `success`); NOTE otherwise.
fn kind_of(word: &str) -> &'static str {
    match word.trim().to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" => "TIP",
        "warning" | "warn" => "WARNING",
        "caution" | "danger" | "error" => "CAUTION",
        "important" => "IMPORTANT",
        _ => "NOTE",
    }
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// `{% endif %}`, `{% else %}`, `{% when %}`: the middle or end of a block tag.
fn is_block_part(name: &str) -> bool {
    name.starts_with("end") || matches!(name, "else" | "elsif" | "when")
}

/// A tag's name and the rest after it.
fn split_name(tag: &str) -> (&str, &str) {
    match tag.find(char::is_whitespace) {
        Some(space) => (&tag[..space], &tag[space..]),
        None => (tag, ""),
    }
}

/// A Liquid tag's text without its whitespace-control dashes.
fn strip_dashes(inner: &str) -> &str {
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    inner.strip_suffix('-').unwrap_or(inner).trim()
}

fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

/// A Hugo shortcode's arguments: positional (`"a.md"`, `go`) and named (`src="x"`, `src=x`,
/// `src='x'`).
struct Args {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Args {
    fn parse(text: &str) -> Args {
        let mut args = Args {
            positional: Vec::new(),
            named: Vec::new(),
        };
        let mut rest = text.trim_start();
        while let Some(first) = rest.chars().next() {
            if matches!(first, '"' | '\'' | '`') {
                let (value, after) = quoted(rest);
                args.positional.push(value);
                rest = after.trim_start();
                continue;
            }
            let stop = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(stop);
            match after.strip_prefix('=') {
                Some(value) => {
                    let (value, after) = match value.chars().next() {
                        Some('"' | '\'' | '`') => quoted(value),
                        _ => {
                            let stop = value.find(char::is_whitespace).unwrap_or(value.len());
                            let (bare, after) = value.split_at(stop);
                            (bare.to_string(), after)
                        }
                    };
                    args.named.push((word.to_string(), value));
                    rest = after.trim_start();
                }
                None => {
                    args.positional.push(word.to_string());
                    rest = after.trim_start();
                }
            }
        }
        args
    }

    fn first(&self) -> Option<&str> {
        self.positional.first().map(String::as_str)
    }

    fn named(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(name, _)| name.as_str() == key)
            .map(|(_, value)| value.as_str())
    }
}

/// A quoted value at the start of `text` (`"…"` with `\"` escapes, `'…'`, or `` `…` ``) and the
/// text after it; an unclosed quote runs to the end.
fn quoted(text: &str) -> (String, &str) {
    let mut chars = text.char_indices();
    let Some((_, quote)) = chars.next() else {
        return (String::new(), text);
    };
    let mut value = String::new();
    let mut escaped = false;
    for (at, c) in chars {
        if escaped {
            value.push(c);
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return (value, &text[at + c.len_utf8()..]);
        } else {
            value.push(c);
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    struct Files(HashMap<&'static str, &'static str>);

    impl Includes for Files {
        fn read(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|text| text.to_string())
        }
    }

    struct Links(HashMap<&'static str, &'static str>);

    impl Refs for Links {
        fn resolve(&self, target: &str) -> Option<String> {
            self.0.get(target).map(|url| url.to_string())
        }
    }

    fn doubles() -> (Files, Links) {
        let files = Files(HashMap::from([
            ("snippet.md", "Shared *text*."),
            ("note.html", "<aside>Included</aside>"),
            ("x.html", "X"),
        ]));
        let links = Links(HashMap::from([
            ("a.md", "/a/"),
            ("docs/b.md", "../b/"),
            ("_posts/2020-01-01-a.md", "/2020/a/"),
            ("2020-01-02-b", "/2020/b/"),
            ("日本.md", "/ja/"),
        ]));
        (files, links)
    }

    /// The Hugo output and what was listed, as (line, tag).
    fn hugo(body: &str) -> (String, Vec<(usize, String)>) {
        let (files, links) = doubles();
        let (out, listed) = hugo_shortcodes(body, &files, &links);
        (out, listed.into_iter().map(|u| (u.line, u.what)).collect())
    }

    /// The Liquid output and what was listed, as (line, tag).
    fn jekyll(body: &str) -> (String, Vec<(usize, String)>) {
        let (files, links) = doubles();
        let (out, listed) = liquid(body, &files, &links);
        (out, listed.into_iter().map(|u| (u.line, u.what)).collect())
    }

    fn listed(pairs: &[(usize, &str)]) -> Vec<(usize, String)> {
        pairs
            .iter()
            .map(|&(line, what)| (line, what.to_string()))
            .collect()
    }

    #[test]
    fn hugo_highlight_is_a_fence_and_shortcodes_inside_stay_verbatim() {
        let body = "{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< note >}}x{{< /note >}}\n{{< /highlight >}}\n";
        let (out, found) = hugo(body);
        assert_eq!(
            out,
            "```go\nfunc main() {}\n{{< note >}}x{{< /note >}}\n```\n"
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn hugo_highlight_with_fences_inside_gets_a_longer_fence() {
        let (out, found) = hugo("{{% highlight md %}}\n```\nx\n```\n{{% /highlight %}}");
        assert_eq!(out, "````md\n```\nx\n```\n````");
        assert!(found.is_empty());
    }

    #[test]
    fn note_with_nested_markdown_becomes_an_alert() {
        let body = "Intro\n\n{{< warning >}}\n**Careful**: see [docs](/d).\n\n- one\n- two\n{{< /warning >}}\n\nAfter\n";
        let (out, found) = hugo(body);
        assert_eq!(
            out,
            "Intro\n\n> [!WARNING]\n> **Careful**: see [docs](/d).\n>\n> - one\n> - two\n\nAfter\n"
        );
        assert!(found.is_empty());
    }

    #[test]
    fn note_kinds_map_to_alert_kinds() {
        let cases = [
            ("{{< info >}}\nFYI\n{{< /info >}}", "> [!NOTE]\n> FYI"),
            ("{{< tip >}}t{{< /tip >}}", "> [!TIP]\n> t"),
            ("{{< caution >}}c{{< /caution >}}", "> [!CAUTION]\n> c"),
            (
                "{{< important >}}i{{< /important >}}",
                "> [!IMPORTANT]\n> i",
            ),
            (
                "{{< notice warning >}}\nHot\n{{< /notice >}}",
                "> [!WARNING]\n> Hot",
            ),
            (
                "{{% alert type=\"danger\" %}}\nNo\n{{% /alert %}}",
                "> [!CAUTION]\n> No",
            ),
            (
                "{{< callout theme='tip' >}}x{{< /callout >}}",
                "> [!TIP]\n> x",
            ),
            ("{{< alert >}}plain{{< /alert >}}", "> [!NOTE]\n> plain"),
            (
                "{{% alert title=\"Heads up\" color=\"warning\" %}}\nText\n{{% /alert %}}",
                "> [!WARNING]\n> **Heads up**\n> Text",
            ),
        ];
        for (body, expected) in cases {
            let (out, found) = hugo(body);
            assert_eq!(out, expected, "{body}");
            assert!(found.is_empty(), "{body}: {found:?}");
        }
    }

    #[test]
    fn nested_notes_quote_twice() {
        let body = "{{< note >}}\nA\n{{< tip >}}\nB\n{{< /tip >}}\n{{< /note >}}\n";
        let (out, found) = hugo(body);
        assert_eq!(out, "> [!NOTE]\n> A\n> > [!TIP]\n> > B\n");
        assert!(found.is_empty());
    }

    #[test]
    fn indented_note_keeps_its_indent() {
        let body = "- item\n\n  {{< tip >}}\n  Indented\n  {{< /tip >}}\n";
        let (out, _) = hugo(body);
        assert_eq!(out, "- item\n\n  > [!TIP]\n  > Indented\n");
    }

    #[test]
    fn note_with_a_fence_inside_quotes_the_fence_untouched() {
        let body = "{{< note >}}\n```sh\n{{< ref \"a.md\" >}}\n```\n{{< /note >}}";
        let (out, found) = hugo(body);
        assert_eq!(out, "> [!NOTE]\n> ```sh\n> {{< ref \"a.md\" >}}\n> ```");
        assert!(found.is_empty());
    }

    #[test]
    fn unclosed_note_is_put_back_and_listed() {
        let (out, found) = hugo("{{< note >}}\nText [a]({{< ref \"a.md\" >}})\n");
        assert_eq!(out, "{{< note >}}\nText [a](/a/)\n");
        assert_eq!(found, listed(&[(1, "{{< note >}}")]));
    }

    #[test]
    fn figures_become_images_with_captions() {
        let body = concat!(
            "A\n",
            r#"{{< figure src="/img/cat.png" alt="A [cat]" caption="Our cat" title="The \"cat\"" >}}"#,
            "\n",
            r#"{{< figure src="my cat.png" caption="Cap" />}}"#,
            "\n",
            r#"{{< figure caption="no source" >}}"#,
            "\n",
        );
        let (out, found) = hugo(body);
        assert_eq!(
            out,
            concat!(
                "A\n",
                r#"![A \[cat\]](/img/cat.png "The \"cat\"")"#,
                "\n*Our cat*\n",
                "![Cap](<my cat.png>)\n*Cap*\n",
                r#"{{< figure caption="no source" >}}"#,
                "\n",
            )
        );
        assert_eq!(
            found,
            listed(&[(4, r#"{{< figure caption="no source" >}}"#)])
        );
    }

    #[test]
    fn refs_become_link_targets_or_are_listed() {
        let body = r#"[x]({{< ref "a.md" >}}) [y]({{< relref path="docs/b.md" >}}) [z]({{% ref "gone.md" %}})"#;
        let (out, found) = hugo(body);
        assert_eq!(out, r#"[x](/a/) [y](../b/) [z]({{% ref "gone.md" %}})"#);
        assert_eq!(found, listed(&[(1, r#"{{% ref "gone.md" %}}"#)]));
    }

    #[test]
    fn hugo_includes_are_read() {
        let body = "{{< include \"snippet.md\" >}}\n\n{{% readfile file=\"note.html\" %}}\n\n{{< include \"missing.md\" >}}\n";
        let (out, found) = hugo(body);
        assert_eq!(
            out,
            "Shared *text*.\n\n<aside>Included</aside>\n\n{{< include \"missing.md\" >}}\n"
        );
        assert_eq!(found, listed(&[(5, "{{< include \"missing.md\" >}}")]));
    }

    #[test]
    fn unknown_shortcodes_are_kept_and_listed_with_their_lines() {
        let body = "Intro\n\n{{< youtube id=\"abc\" >}}\n{{< tabs >}}\n{{< tab \"One\" >}}x{{< /tab >}}\n{{< /tabs >}}\n";
        let (out, found) = hugo(body);
        assert_eq!(out, body);
        assert_eq!(
            found,
            listed(&[
                (3, "{{< youtube id=\"abc\" >}}"),
                (4, "{{< tabs >}}"),
                (5, "{{< tab \"One\" >}}"),
            ])
        );
    }

    #[test]
    fn shortcodes_in_code_are_left_and_not_listed() {
        let body = "`{{< youtube x >}}` and ``{{< ref \"a.md\" >}}``\n\n```go\n{{< note >}}\n```\n~~~\n{{< ref \"a.md\" >}}\n~~~\n";
        let (out, found) = hugo(body);
        assert_eq!(out, body);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn unterminated_shortcodes_are_left_as_they_are() {
        let body = "a {{< note\n\nb {{< youtube\n{{<";
        let (out, found) = hugo(body);
        assert_eq!(out, body);
        assert_eq!(
            found,
            listed(&[(1, "{{< note"), (3, "{{< youtube"), (4, "{{<")])
        );
        for body in ["{{", "{{%", "{{< x >", "{{< x >}", "`", "```"] {
            assert_eq!(hugo(body).0, body);
        }
    }

    #[test]
    fn unicode_text_passes_through() {
        let body = "Ünïcödé — 日本語 [リンク]({{< ref \"日本.md\" >}}) 🎉 {{< youtube \"🎉\" >}}\n{{< note >}}\nÄpfel 🍎\n{{< /note >}}\n";
        let (out, found) = hugo(body);
        assert_eq!(
            out,
            "Ünïcödé — 日本語 [リンク](/ja/) 🎉 {{< youtube \"🎉\" >}}\n> [!NOTE]\n> Äpfel 🍎\n"
        );
        assert_eq!(found, listed(&[(1, "{{< youtube \"🎉\" >}}")]));

        let long = format!("{{{{< x {} >}}}}", "é".repeat(100));
        let (out, found) = hugo(&long);
        assert_eq!(out, long);
        assert_eq!(found[0].1.chars().count(), 80);
        assert!(found[0].1.starts_with("{{< x é"));
    }

    #[test]
    fn liquid_highlight_is_a_fence() {
        let body = "{% highlight ruby linenos %}\ndef hi = puts(\"{{ x }}\")\n{% endhighlight %}\n";
        let (out, found) = jekyll(body);
        assert_eq!(out, "```ruby\ndef hi = puts(\"{{ x }}\")\n```\n");
        assert!(found.is_empty());
        let (out, _) = jekyll("{%- highlight js -%}\nx\n{%- endhighlight -%}");
        assert_eq!(out, "```js\nx\n```");
    }

    #[test]
    fn raw_blocks_protect_their_content() {
        let body = "{% raw %}{{ page.title }} {% if x %}{% endraw %} and {{ page.title }}\n";
        let (out, found) = jekyll(body);
        assert_eq!(out, "{{ page.title }} {% if x %} and {{ page.title }}\n");
        assert_eq!(found, listed(&[(1, "{{ page.title }}")]));
    }

    #[test]
    fn liquid_includes_are_read_and_their_arguments_ignored() {
        let body = "{% include note.html param=\"x\" %}\n{%- include x.html -%}\n{% include missing.html %}\n{% include {{ page.inc }} %}\n";
        let (out, found) = jekyll(body);
        assert_eq!(
            out,
            "<aside>Included</aside>\nX\n{% include missing.html %}\n{% include {{ page.inc }} %}\n"
        );
        assert_eq!(
            found,
            listed(&[
                (3, "{% include missing.html %}"),
                (4, "{% include {{ page.inc }} %}")
            ])
        );
    }

    #[test]
    fn link_and_post_url_become_link_targets() {
        let body = "[a]({% link _posts/2020-01-01-a.md %}) [b]({% post_url 2020-01-02-b %}) [c]({% post_url nope %})";
        let (out, found) = jekyll(body);
        assert_eq!(out, "[a](/2020/a/) [b](/2020/b/) [c]({% post_url nope %})");
        assert_eq!(found, listed(&[(1, "{% post_url nope %}")]));
    }

    #[test]
    fn site_baseurl_and_url_are_removed() {
        let body = "[x]({{ site.baseurl }}/docs/x)\n![i]({{- site.url -}}{{ site.baseurl | append: '' }}/i.png)\n{{ site.title }}\n";
        let (out, found) = jekyll(body);
        assert_eq!(out, "[x](/docs/x)\n![i](/i.png)\n{{ site.title }}\n");
        assert_eq!(found, listed(&[(3, "{{ site.title }}")]));
    }

    #[test]
    fn comments_are_removed() {
        let (out, found) = jekyll("a{% comment %}\nsecret {{ x }} {% if %}\n{% endcomment %}b\n");
        assert_eq!(out, "ab\n");
        assert!(found.is_empty());
    }

    #[test]
    fn other_liquid_is_kept_and_listed_once_per_block() {
        let body = "{% if page.x %}\nHi {{ page.title }}\n{% else %}\nBye\n{% endif %}\n";
        let (out, found) = jekyll(body);
        assert_eq!(out, body);
        assert_eq!(
            found,
            listed(&[(1, "{% if page.x %}"), (2, "{{ page.title }}")])
        );
    }

    #[test]
    fn liquid_in_code_is_left_and_not_listed() {
        let body = "```liquid\n{% include x.html %}\n```\n\nUse `{{ site.baseurl }}` and ~~~ inline.\n\n~~~\n{{ page.title }}\n~~~\n";
        let (out, found) = jekyll(body);
        assert_eq!(out, body);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn unterminated_liquid_is_left_as_it_is() {
        let body = "{% if x\n{{ page";
        let (out, found) = jekyll(body);
        assert_eq!(out, body);
        assert_eq!(found, listed(&[(1, "{% if x"), (2, "{{ page")]));
        for body in ["{", "{%", "{{", "{% raw %}{{ x }}", "{% comment %}x"] {
            assert_eq!(jekyll(body).0, body);
        }
    }

    #[test]
    fn hostile_input_is_read_once() {
        let mut body = "{{< ".repeat(20_000);
        body.push_str(&"{% {{ ".repeat(20_000));
        for n in 1..200 {
            body.push_str(&"`".repeat(n));
            body.push_str(" a ");
        }
        body.push_str(&"{{< highlight >}}{% raw %}".repeat(5_000));
        let (out, found) = hugo(&body);
        assert_eq!(out, body);
        assert_eq!(found.len(), 25_000);
        let (out, _) = jekyll(&body);
        assert_eq!(out, body);
    }
}
