//! Front matter: split a Markdown file into its metadata block and body, parse the block
//! (YAML between `---` lines, TOML between `+++` lines) and map it onto [`FrontMatter`].
//!
//! This is the only module that touches the YAML and TOML parsers for content, so both formats
//! behave the same way and every error points at the file, line and column it came from.

use std::fmt;

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::compat;
use crate::error::{Code, Diagnostic, line_col};

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A source file cut into front matter and body. Offsets are byte offsets into the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Option<Format>,
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Cuts `source` into front matter and body.
///
/// The block must start on the first line (after an optional byte-order mark) with `---` or
/// `+++` and end with the same fence on a line of its own (YAML may also end with `...`).
/// A file that does not start with a fence has no front matter.
pub fn split(source: &str) -> Result<Split<'_>, (usize, String)> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[start..];
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_line_end].trim_end();
    let format = match fence {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                format: None,
                front: "",
                front_offset: start,
                body: text,
                body_offset: start,
            });
        }
    };
    let front_offset = start + first_line_end;
    let mut pos = front_offset;
    while pos < source.len() {
        let line_end = source[pos..]
            .find('\n')
            .map_or(source.len(), |i| pos + i + 1);
        let line = source[pos..line_end].trim_end();
        let closes = line == fence || (format == Format::Yaml && line == "...");
        if closes {
            return Ok(Split {
                format: Some(format),
                front: &source[front_offset..pos],
                front_offset,
                body: &source[line_end..],
                body_offset: line_end,
            });
        }
        pos = line_end;
    }
    Err((
        start,
        format!("front matter starts with `{fence}` but no closing `{fence}` line follows"),
    ))
}

/// Parses a front-matter block into a JSON-like map (TOML dates become `YYYY-MM-DD...` strings).
///
/// Errors are `(byte offset into the block, message)`.
pub fn parse_block(format: Format, front: &str) -> Result<Map<String, Value>, (usize, String)> {
    parse_block_inner(format, front)
}

/// A hint for the syntax mistakes people make most in front matter.
pub fn syntax_hint(format: Format, front: &str, offset: usize, message: &str) -> Option<String> {
    let line_start = front[..offset.min(front.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = front[line_start..].lines().next().unwrap_or("");
    let prev_line = front[..line_start.saturating_sub(1)]
        .lines()
        .last()
        .unwrap_or("");
    match format {
        Format::Yaml if line.contains('\t') || prev_line.contains('\t') || message.contains("tab") => {
            Some("YAML is indented with spaces; this line has a tab".into())
        }
        Format::Yaml if message.contains("mapping values are not allowed") => {
            Some(match over_indented(line, prev_line) {
                Some(key) => format!(
                    "this line is indented more than `{key}:` above it, so YAML reads it as part of that value; start keys of the same level in the same column"
                ),
                None => "a value that contains `: ` must be quoted, e.g. description: \"Phase 1: setup\"".into(),
            })
        }
        Format::Yaml if message.contains("did not find expected ',' or ']'") => {
            Some("a list written as [a, b] needs its closing `]` (and quotes around values with commas)".into())
        }
        Format::Yaml if message.contains("cannot start any token") => {
            Some("quote values that start with `@`, a backtick, `%` or `|`".into())
        }
        Format::Toml if line.contains(':') && !line.contains('=') => Some(
            "front matter between +++ lines is TOML: write key = \"value\" (YAML goes between --- lines)".into(),
        ),
        _ => None,
    }
}

/// The key of `prev_line` when `line` is a `key: value` line indented further than it, under a
/// key that already has a value on its own line (`title: A` then `  description: x`).
fn over_indented<'a>(line: &str, prev_line: &'a str) -> Option<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let (key, value) = prev_line.trim().split_once(':')?;
    let has_value = !value.trim().is_empty();
    let keyed = line.trim_start().split_once(": ").is_some();
    (has_value && keyed && indent(line) > indent(prev_line)).then_some(key.trim())
}

fn parse_block_inner(format: Format, front: &str) -> Result<Map<String, Value>, (usize, String)> {
    let value = match format {
        Format::Yaml => {
            if front.trim().is_empty() {
                return Ok(Map::new());
            }
            flow_depth_within(front, MAX_FLOW_DEPTH)?;
            let value: Value = serde_yaml::from_str(front).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index());
                (offset, yaml_message(&e))
            })?;
            value
        }
        Format::Toml => {
            let table: toml::Table = toml::from_str(front).map_err(|e| {
                let offset = e.span().map_or(0, |s| s.start);
                (offset, e.message().trim().to_string())
            })?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err((
            0,
            format!(
                "front matter must be a mapping of keys to values, found {}",
                kind_of(&other)
            ),
        )),
    }
}

/// How deep `[...]` and `{...}` may nest in YAML front matter. libyaml's scanner does work in
/// proportion to the nesting depth for every token, so deep nesting costs time quadratic in
/// its size (a 160 KB line of brackets took 18 s); real front matter nests two or three deep.
const MAX_FLOW_DEPTH: usize = 64;

/// Refuses YAML whose flow collections (`[...]`, `{...}`) nest deeper than `max`, in one
/// linear pass that skips quoted scalars and comments. Returns the offset of the first
/// bracket too deep.
fn flow_depth_within(yaml: &str, max: usize) -> Result<(), (usize, String)> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    // The last byte that was not a space on this line (quotes open a scalar only after one
    // of `:-[{,?` or at the start of a line; `don't` is a plain scalar).
    let mut last: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => last = None,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i = memchr_newline(bytes, i);
                continue;
            }
            b'"' | b'\'' if last.is_none_or(|c| b":-[{,?".contains(&c)) => {
                i = quoted_end(bytes, i);
                last = Some(b);
                continue;
            }
            // Outside a collection, a bracket inside a plain scalar (`title: Step [1`) is text.
            b'[' | b'{' if depth > 0 || last.is_none_or(|c| b":-?".contains(&c)) => {
                depth += 1;
                if depth > max {
                    return Err((
                        i,
                        format!("lists and maps nest more than {max} deep (a limit of waymark's)"),
                    ));
                }
                last = Some(b);
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                last = Some(b);
            }
            _ => last = Some(b),
        }
        i += 1;
    }
    Ok(())
}

/// The offset of the newline that ends the line holding `from` (or the end).
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The offset just past the quoted scalar that starts at `start` (`"..."` with backslash
/// escapes, `'...'` with `''`), or the end when it is not closed.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    // yaml_serde appends " at line L column C" to its messages; we print the position ourselves.
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The type of a page, which picks its template and (later) its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    #[default]
    Page,
    Role,
    Story,
    Playbook,
    Article,
}

impl PageType {
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Page => "page",
            PageType::Role => "role",
            PageType::Story => "story",
            PageType::Playbook => "playbook",
            PageType::Article => "article",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight` (lower first), then title.
    #[default]
    Weight,
    /// Newest first; undated pages last.
    Date,
    /// Alphabetically.
    Title,
}

/// A date or date-time from front matter: `2024-05-02`, `2024-05-02T10:00:00`, or RFC 3339
/// with an offset (normalised to UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateValue(pub DateTime);

impl DateValue {
    /// Every form Jekyll and Hugo accept in front matter: `2024-03-01`, RFC 3339
    /// (`2024-03-01T10:15:00+02:00`), Jekyll's `2024-03-01 10:15:00 +0200`, without seconds
    /// or zone, RFC 2822 (`Fri, 01 Mar 2024 10:15:00 +0200`) and `1 Mar 2024` / `March 1,
    /// 2024`. A time with a zone is kept in UTC.
    pub fn parse(s: &str) -> Option<DateValue> {
        let s = s.trim();
        if s.len() <= 10
            && let Ok(d) = s.parse::<Date>()
        {
            return Some(DateValue(d.to_datetime(jiff::civil::Time::midnight())));
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            return Some(DateValue(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime()));
        }
        if let Ok(dt) = s.replace(' ', "T").parse::<DateTime>() {
            return Some(DateValue(dt));
        }
        parse_other_forms(s).map(DateValue)
    }

    pub fn date(&self) -> Date {
        self.0.date()
    }

    /// RFC 3339 in UTC, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!("{}Z", self.0.strftime("%Y-%m-%dT%H:%M:%S"))
    }
}

/// The date forms beyond ISO 8601 that Jekyll (Ruby's Time.parse) and Hugo (cast.ToTime)
/// read, tried in turn with jiff's strptime.
fn parse_other_forms(s: &str) -> Option<DateTime> {
    use jiff::fmt::strtime;
    const ZONED: &[&str] = &[
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%a, %d %b %Y %H:%M:%S %z",
        "%d %b %Y %H:%M:%S %z",
    ];
    const PLAIN: &[&str] = &[
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ];
    const DAYS: &[&str] = &[
        "%Y/%m/%d",
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%Y-%m-%e",
    ];
    // ` UTC` / ` GMT` after a time is a zone of +00:00.
    let s = match s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT")) {
        Some(rest) => std::borrow::Cow::Owned(format!("{rest} +0000")),
        None => std::borrow::Cow::Borrowed(s),
    };
    for f in ZONED {
        if let Ok(ts) = strtime::parse(f, &*s).and_then(|t| t.to_timestamp()) {
            return Some(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime());
        }
    }
    for f in PLAIN {
        if let Ok(dt) = strtime::parse(f, &*s).and_then(|t| t.to_datetime()) {
            return Some(dt);
        }
    }
    DAYS.iter().find_map(|f| {
        let d = strtime::parse(f, &*s).and_then(|t| t.to_date()).ok()?;
        Some(d.to_datetime(jiff::civil::Time::midnight()))
    })
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.date())
    }
}

impl serde::Serialize for DateValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateValue::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a date; write YYYY-MM-DD, YYYY-MM-DD HH:MM:SS +ZZZZ or an RFC 3339 date-time"
            ))
        })
    }
}

/// A string that may also be written as a number or boolean (`title: 2024`).
fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(serde::de::Error::custom("expected text")),
    }
}

/// A list of strings that may also be written as a single string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        match Option::<OneOrMany>::deserialize(d) {
            Ok(None) => Ok(StringList(Vec::new())),
            Ok(Some(OneOrMany::One(s))) => Ok(StringList(vec![s])),
            Ok(Some(OneOrMany::Many(v))) => Ok(StringList(v)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a string or a list of strings",
            )),
        }
    }
}

/// The common front-matter fields of pages and sections. Everything else a file declares is
/// kept in `params` for typed pages and templates.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default, deserialize_with = "scalar_string")]
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<DateValue>,
    pub updated: Option<DateValue>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: StringList,
    pub weight: Option<i64>,
    #[serde(default)]
    pub categories: StringList,
    #[serde(default)]
    pub tags: StringList,
    /// Search terms the author adds: words visitors use that the page may not.
    #[serde(default)]
    pub keywords: StringList,
    #[serde(default)]
    pub authors: StringList,
    #[serde(rename = "type")]
    pub page_type_field: Option<PageType>,
    pub template: Option<String>,
    pub search: Option<bool>,
    #[serde(default)]
    pub featured: bool,
    /// Built and reachable by URL, but in no list, feed, sitemap or search.
    #[serde(default)]
    pub unlisted: bool,
    /// When someone last checked the page is still right.
    pub reviewed: Option<DateValue>,
    /// How often it is due for review (`"6 months"`), over `[review]` in the config.
    pub review_every: Option<String>,
    /// The date it is due for review, over any interval.
    pub review_by: Option<DateValue>,
    /// `false`: no "Was this page helpful?" on this page.
    pub feedback: Option<bool>,
    /// `false`: no Markdown twin and no `llms.txt` entry.
    pub llms: Option<bool>,
    #[serde(default)]
    pub extra: Map<String, Value>,
    // Section-only fields.
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    pub page_type: Option<PageType>,
    /// Every other key.
    #[serde(flatten)]
    pub params: Map<String, Value>,
}

/// The front matter and body of one content file.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    pub front: FrontMatter,
    pub format: Option<Format>,
    /// The Markdown body (with Jekyll's `excerpt_separator` replaced by `<!--more-->`).
    pub body: std::borrow::Cow<'a, str>,
    /// 1-based line on which the body starts, for positions inside Markdown.
    pub body_line: usize,
    /// Lines that parse but surely do not mean what they say (a list item indented too far).
    pub warnings: Vec<Diagnostic>,
}

/// Splits and parses a content file. `path` is only used in messages.
pub fn parse<'a>(path: &std::path::Path, source: &'a str) -> Result<Parsed<'a>, Diagnostic> {
    let split = split(source).map_err(|(offset, msg)| {
        Diagnostic::error(path, msg)
            .at_offset(source, offset)
            .with_hint("close the block with the same fence on its own line")
    })?;
    let mut map = match split.format {
        None => Map::new(),
        Some(format) => parse_block(format, split.front).map_err(|(offset, msg)| {
            let d = Diagnostic::error(path, format!("invalid front matter: {msg}"))
                .with_code(Code::FrontMatter)
                .at_offset(source, split.front_offset + offset);
            match syntax_hint(format, split.front, offset, &msg) {
                Some(h) => d.with_hint(h),
                None => d,
            }
        })?,
    };
    let normalized = match split.format {
        Some(format) => compat::normalize(&mut map, format),
        None => compat::Normalized::default(),
    };
    let front: FrontMatter = serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| {
        let field = e.path().to_string();
        let offset = field_offset(split.front, &field)
            .map_or(split.front_offset, |o| split.front_offset + o);
        let inner = crate::error::friendly_types(&e.into_inner().to_string());
        let mut d = Diagnostic::error(path, format!("front matter field `{field}`: {inner}"))
            .with_code(Code::FrontMatter)
            .at_offset(source, offset);
        if field == "type" || field == "page_type" {
            d = d.with_hint("types are role, story, playbook, article and page");
        } else if field == "sort_by" {
            d = d.with_hint("sort_by is one of weight, date, title");
        }
        d
    })?;
    let (body_line, _) = line_col(source, split.body_offset);
    let mut warnings: Vec<Diagnostic> = match split.format {
        Some(Format::Yaml) => list_items_indented_too_far(split.front)
            .into_iter()
            .map(|(offset, item)| {
                Diagnostic::warning(
                    path,
                    format!("this list item is indented more than `- {item}` above it, so YAML reads it as more text of that item"),
                )
                .at_offset(source, split.front_offset + offset)
                .with_hint("indent every item of a list by the same number of spaces")
                .with_code(Code::YamlIndent)
            })
            .collect(),
        _ => Vec::new(),
    };
    for note in normalized.notes {
        let d = Diagnostic::warning(path, note.message).with_code(Code::UnknownField);
        let d = match field_offset(split.front, &note.key) {
            Some(o) => d.at_offset(source, split.front_offset + o),
            None => d,
        };
        warnings.push(match note.hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    }
    let body = match normalized.excerpt_separator {
        Some(sep) => with_summary_marker(split.body, &sep),
        None => std::borrow::Cow::Borrowed(split.body),
    };
    Ok(Parsed {
        front,
        format: split.format,
        body,
        body_line,
        warnings,
    })
}

/// A body whose summary ends at Jekyll's `excerpt_separator` (on a line of its own), with
/// waymark's `<!--more-->` there instead; the line count stays the same.
fn with_summary_marker<'a>(body: &'a str, separator: &str) -> std::borrow::Cow<'a, str> {
    let sep = separator.trim();
    if sep.is_empty() || sep == "<!--more-->" || sep == "<!-- more -->" {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.trim() == sep {
            let end = line.trim_end_matches(['\n', '\r']).len();
            let mut out = String::with_capacity(body.len());
            out.push_str(&body[..offset]);
            out.push_str("<!--more-->");
            out.push_str(&body[offset + end..]);
            return std::borrow::Cow::Owned(out);
        }
        offset += line.len();
    }
    std::borrow::Cow::Borrowed(body)
}

/// YAML list items (`   - b`) indented further than a plain-text item just above them
/// (`  - a`): YAML folds them into that item (`a - b`) without a word. Offsets of the lines
/// and the text of the item they fold into.
fn list_items_indented_too_far(yaml: &str) -> Vec<(usize, &str)> {
    fn item(line: &str) -> Option<(usize, &str)> {
        let text = line.trim_start();
        let value = text.strip_prefix("- ")?;
        Some((line.len() - text.len(), value.trim()))
    }
    let mut out = Vec::new();
    let mut above: Option<(usize, &str)> = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        match item(content) {
            Some((indent, value)) => {
                if let Some((prev, text)) = above
                    && indent > prev
                {
                    out.push((offset + indent, text));
                } else {
                    // A plain scalar is what YAML would fold into; `key: x`, quotes and
                    // collections start something else.
                    let plain = !value.is_empty()
                        && !value.contains(": ")
                        && !value.ends_with(':')
                        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']);
                    above = plain.then_some((indent, value));
                }
            }
            None if content.trim().is_empty() => {}
            None => above = None,
        }
        offset += line.len();
    }
    out
}

/// Byte offset in a whole file's `text` of the line that declares front-matter `field`.
pub fn field_position(text: &str, field: &str) -> Option<usize> {
    let split = split(text).ok()?;
    field_offset(split.front, field).map(|o| split.front_offset + o)
}

/// Byte offset of the line that declares `field` (a dotted path such as `salary.low` or
/// `tags[2]`) in a front-matter block, found by looking for each key in turn.
pub fn field_offset(front: &str, field: &str) -> Option<usize> {
    let mut from = 0;
    let mut found = None;
    for key in field.split('.') {
        let key = key.split('[').next().unwrap_or(key);
        if key.is_empty() || key == "?" {
            continue;
        }
        let mut pos = from;
        let mut hit = None;
        for line in front[from..].split_inclusive('\n') {
            let t = line.trim_start().trim_start_matches("- ");
            let t = t.trim_start_matches(['"', '\'']);
            if let Some(rest) = t.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                if rest.starts_with(':') || rest.starts_with('=') {
                    hit = Some(pos + (line.len() - line.trim_start().len()));
                    break;
                }
            }
            pos += line.len();
        }
        match hit {
            Some(h) => {
                found = Some(h);
                from = h;
            }
            None => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_over_indented_key_gets_its_own_hint() {
        let front = "title: A\n  description: x\n";
        let (offset, message) = parse_block(Format::Yaml, front).unwrap_err();
        let hint = syntax_hint(Format::Yaml, front, offset, &message).unwrap();
        assert!(
            hint.starts_with("this line is indented more than `title:`"),
            "{hint}"
        );
        let front = "description: Phase 1: setup\n";
        let (offset, message) = parse_block(Format::Yaml, front).unwrap_err();
        let hint = syntax_hint(Format::Yaml, front, offset, &message).unwrap();
        assert!(
            hint.starts_with("a value that contains `: ` must be quoted"),
            "{hint}"
        );
    }

    #[test]
    fn list_items_indented_too_far_are_found() {
        let yaml = "tags:\n  - a\n   - b\nsteps:\n  - one\n  - two\nroles:\n  - name: x\n    - y\nq:\n  - \"a\"\n   - b\n";
        assert_eq!(list_items_indented_too_far(yaml), [(15, "a")]);
        // The YAML really does fold it: one tag, `a - b`.
        let map = parse_block(Format::Yaml, "tags:\n  - a\n   - b\n").unwrap();
        assert_eq!(map["tags"], serde_json::json!(["a - b"]));
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly_and_quotes_do_not_count() {
        let deep = format!("x: {}{}", "[".repeat(200_000), "]".repeat(200_000));
        let started = std::time::Instant::now();
        let (offset, message) = parse_block(Format::Yaml, &deep).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(offset, 3 + MAX_FLOW_DEPTH);
        assert!(message.contains("nest more than 64 deep"), "{message}");
        let maps = format!("x: {}1{}", "{a: ".repeat(100), "}".repeat(100));
        assert!(parse_block(Format::Yaml, &maps).is_err());
        // Brackets inside quoted scalars and comments, and apostrophes in plain scalars.
        let fine = format!(
            "a: \"{0}\"\nb: '{0}'\nc: don't [x, y] # {0}\nd: [[1, 2], ['it''s', \"\\\"[\"]]\n{1}",
            "[".repeat(100),
            (0..100)
                .map(|i| format!("s{i}: Step [1\n"))
                .collect::<String>()
        );
        let map = parse_block(Format::Yaml, &fine).unwrap();
        assert_eq!(map["d"][1][0], "it's");
        assert_eq!(map["d"][1][1], "\"[");
    }

    use super::*;
    use std::path::Path;

    #[test]
    fn splits_yaml_toml_and_none() {
        let s = split("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "body\n");
        let s = split("+++\ntitle = \"A\"\n+++\n\nbody").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "\nbody");
        let s = split("# Just markdown\n---\n").unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.body, "# Just markdown\n---\n");
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(s.front, "title: A\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_block_is_an_error() {
        assert!(split("---\ntitle: A\n").is_err());
        assert!(split("+++\ntitle = 1\n---\n").is_err());
    }

    #[test]
    fn parses_common_fields_and_keeps_the_rest() {
        let src = "---\ntitle: Hello\ndate: 2024-05-02\ntags: onboarding\ncategories: [A, B]\ntype: role\nsalary:\n  low: 1\n---\nBody";
        let p = parse(Path::new("a.md"), src).unwrap();
        assert_eq!(p.front.title.as_deref(), Some("Hello"));
        assert_eq!(p.front.date.unwrap().to_string(), "2024-05-02");
        assert_eq!(p.front.tags.0, ["onboarding"]);
        assert_eq!(p.front.categories.0, ["A", "B"]);
        assert_eq!(p.front.page_type_field, Some(PageType::Role));
        assert_eq!(p.front.params["salary"]["low"], 1);
        assert_eq!(p.body, "Body");
        assert_eq!(p.body_line, 10);
    }

    #[test]
    fn toml_dates_become_dates() {
        let src = "+++\ntitle = \"T\"\ndate = 2024-03-02\nupdated = 2024-03-05T10:00:00Z\n+++\n";
        let p = parse(Path::new("a.md"), src).unwrap();
        assert_eq!(p.front.date.unwrap().to_string(), "2024-03-02");
        assert_eq!(p.front.updated.unwrap().rfc3339(), "2024-03-05T10:00:00Z");
    }

    #[test]
    fn yaml_syntax_error_points_at_the_line() {
        let src = "---\ntitle: A\ntags: [a, b\n---\n";
        let d = parse(Path::new("content/a.md"), src).unwrap_err();
        assert_eq!(d.path, Path::new("content/a.md"));
        assert!(d.line >= 3, "{d}");
        assert!(d.message.starts_with("invalid front matter"), "{d}");
    }

    #[test]
    fn wrong_type_names_the_field_and_its_line() {
        let src = "---\ntitle: A\ndraft: maybe\n---\n";
        let d = parse(Path::new("a.md"), src).unwrap_err();
        assert_eq!((d.line, d.col), (3, 1), "{d}");
        assert!(d.message.contains("`draft`"), "{d}");
        let src = "---\ntitle: A\ndate: last tuesday\n---\n";
        let d = parse(Path::new("a.md"), src).unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("not a date"), "{d}");
        let src = "---\ntitle: A\ntype: rol\n---\n";
        let d = parse(Path::new("a.md"), src).unwrap_err();
        assert_eq!(d.line, 3);
        assert!(d.hint.unwrap().contains("role, story"));
    }

    #[test]
    fn common_mistakes_get_hints() {
        let hint = |src: &str| {
            parse(Path::new("a.md"), src)
                .unwrap_err()
                .hint
                .unwrap_or_default()
        };
        assert!(
            hint("---\ntitle: A\ndescription: Phase 1: setup\n---\n").contains("must be quoted")
        );
        assert!(hint("---\ntitle: A\nextra:\n\tx: 1\n---\n").contains("tab"));
        assert!(hint("+++\ntitle: \"A\"\n+++\n").contains("is TOML"));
        let d = parse(Path::new("a.md"), "---\ntitle: A\nweight: heavy\n---\n").unwrap_err();
        assert!(d.message.contains("expected a whole number"), "{d}");
        let p = parse(Path::new("a.md"), "---\ntitle: 2024\n---\n").unwrap();
        assert_eq!(p.front.title.as_deref(), Some("2024"));
    }

    #[test]
    fn yaml_alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from(
            "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let name = ["b", "c", "d", "e", "f", "g", "h", "i"][i];
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        bomb.push_str("---\n");
        assert!(parse(Path::new("a.md"), &bomb).is_err());
        let deep = format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse(Path::new("a.md"), &deep).is_err());
    }

    #[test]
    fn field_offset_finds_nested_keys() {
        let front = "title: A\nsalary:\n  currency: USD\n  low: x\n";
        assert_eq!(
            field_offset(front, "salary.low"),
            Some(front.find("low").unwrap())
        );
        assert_eq!(field_offset(front, "title"), Some(0));
        assert_eq!(field_offset(front, "nope"), None);
    }
}
