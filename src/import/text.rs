//! The converter behind `waymark import --from text`: a guide saved as plain text from another
//! site (a browser's "save as text", an article copied out of a blog) made into a Markdown page.
//!
//! Such text has lost its markup but not its shape: a heading is a short line standing alone,
//! a list is lines starting with `•`, the author and the date share a line at the top, and the
//! site around the article (sign-in links, "Recommended from Medium", app-store buttons,
//! follower counts) was saved with it. The shape is read back conservatively, because a wrong
//! guess costs more than a missed one: a line becomes a heading only when it looks like one and
//! a paragraph follows it; a site's footer is only cut near the end of the file, so a guide's
//! own text is never lost; and every line dropped is returned, so the import report can say so.

/// A plain-text guide as a Markdown page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPage {
    pub title: String,
    pub author: Option<String>,
    /// YYYY-MM-DD
    pub date: Option<String>,
    /// Markdown, ending with one newline.
    pub body: String,
    /// Lines dropped as site chrome (for the import report), in order.
    pub removed: Vec<String>,
}

/// `file_stem` is the file's name without extension, the title's last resort.
pub fn convert(text: &str, file_stem: &str) -> TextPage {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut roles = vec![Role::Keep; lines.len()];
    let mut meta = Byline::default();
    let head_end = find_head_end(&lines);
    mark_chrome(&lines, head_end, &mut roles, &mut meta);
    read_bylines(&lines, head_end, &mut roles, &mut meta);
    let title = take_title(&lines, head_end, &mut roles).unwrap_or_else(|| stem_title(file_stem));
    let body = render(&lines, &roles);
    let removed = lines
        .iter()
        .zip(&roles)
        .filter(|&(line, &role)| role == Role::Chrome && !line.trim().is_empty())
        .map(|(line, _)| line.trim().to_string())
        .collect();
    TextPage {
        title,
        author: meta.author,
        date: meta.date,
        body,
        removed,
    }
}

/// What becomes of a line of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Body text.
    Keep,
    /// The site around the article: dropped, and reported.
    Chrome,
    /// The title or the byline: moved to the page's fields.
    Meta,
}

/// An author and a date read from a byline.
#[derive(Debug, Default, PartialEq, Eq)]
struct Byline {
    author: Option<String>,
    date: Option<String>,
}

/// Fills what `meta` lacks from `found`; whether anything was used.
fn fill(meta: &mut Byline, found: Byline) -> bool {
    let mut used = false;
    if meta.author.is_none() && found.author.is_some() {
        meta.author = found.author;
        used = true;
    }
    if meta.date.is_none() && found.date.is_some() {
        meta.date = found.date;
        used = true;
    }
    used
}

// ---------------------------------------------------------------------------------------------
// The head: title, byline and the site's header, before the article's first paragraph.

/// The first line of the first block (lines between blank lines) that is the article's own
/// text: a paragraph, a list, or three lines or more. Before it only short lines stand (the
/// title, a byline, the site's header), and that is where they are looked for.
fn find_head_end(lines: &[&str]) -> usize {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        let (mut plain, mut prose) = (0, false);
        while i < lines.len() && !lines[i].trim().is_empty() {
            let t = lines[i].trim();
            if !is_chrome(t) {
                plain += 1;
                prose |= !heading_like(t) && byline(t).is_none();
            }
            i += 1;
        }
        if prose || plain >= 3 {
            return start;
        }
    }
    lines.len()
}

/// Marks image credits anywhere, the site's footer and the site's header as chrome. A name
/// just above a header's "Follow" is the author's (that is where Medium puts it).
fn mark_chrome(lines: &[&str], head_end: usize, roles: &mut [Role], meta: &mut Byline) {
    for (line, role) in lines.iter().zip(roles.iter_mut()) {
        if image_credit(line.trim()) {
            *role = Role::Chrome;
        }
    }
    if let Some(start) = footer_start(lines, head_end) {
        roles[start..].fill(Role::Chrome);
    }
    mark_header(lines, head_end, roles, meta);
}

/// Where the site's footer starts: at a line like "More from …" or "Written by" in the last
/// 30% of the lines (after the article has begun), or wherever a run of nothing but chrome
/// lines reaching the end of the file starts.
fn footer_start(lines: &[&str], head_end: usize) -> Option<usize> {
    let total = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let tail = (total * 3).div_ceil(10);
    let marked = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .enumerate()
        .find(|&(p, (i, l))| i > head_end && p + tail >= total && opens_footer(l.trim()))
        .map(|(_, (i, _))| i);
    let mut start = lines.len();
    while start > 0 && blank_or_chrome(lines[start - 1]) {
        start -= 1;
    }
    while start < lines.len() && lines[start].trim().is_empty() {
        start += 1;
    }
    let suffix = (start < lines.len()).then_some(start);
    marked.into_iter().chain(suffix).min()
}

fn blank_or_chrome(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || is_chrome(t)
}

/// Marks the header's chrome lines among the first lines: always the unmistakable ones
/// ("Member-only story", "5 min read"); "Listen", "Share" and "Follow" before the article
/// starts, or later only next to another header line, as a heading of that name stays.
fn mark_header(lines: &[&str], head_end: usize, roles: &mut [Role], meta: &mut Byline) {
    let top_end = head_end.max(after_nonblank(lines, 12));
    let nonblank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let chrome_at = |k: usize| {
        nonblank
            .get(k)
            .is_some_and(|&i| header_chrome(lines[i].trim()))
    };
    // The last line kept, and whether a kept line came before it (the title).
    let mut previous: Option<(usize, bool)> = None;
    let mut kept = 0;
    for (k, &i) in nonblank.iter().enumerate() {
        if i >= top_end {
            break;
        }
        if roles[i] != Role::Keep {
            continue;
        }
        let t = lines[i].trim();
        let near = i < head_end || (k > 0 && chrome_at(k - 1)) || chrome_at(k + 1);
        let chrome = strong_header(t) || (weak_header(t) && near);
        if !chrome {
            previous = Some((i, kept > 0));
            kept += 1;
            continue;
        }
        roles[i] = Role::Chrome;
        if let Some(found) = byline(t) {
            fill(meta, found);
        }
        if t.eq_ignore_ascii_case("follow")
            && meta.author.is_none()
            && let Some((p, after_title)) = previous
            && after_title
        {
            let words: Vec<&str> = lines[p].split_whitespace().collect();
            if name_like(&words, 2) {
                meta.author = Some(words.join(" "));
                roles[p] = Role::Meta;
            }
        }
    }
}

/// The index just after the `n`th non-blank line (the end when there are fewer).
fn after_nonblank(lines: &[&str], n: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .nth(n.saturating_sub(1))
        .map_or(lines.len(), |(i, _)| i + 1)
}

/// Takes the first byline in the head (and a second, for what the first lacked).
fn read_bylines(lines: &[&str], head_end: usize, roles: &mut [Role], meta: &mut Byline) {
    for (line, role) in lines.iter().zip(roles.iter_mut()).take(head_end) {
        if *role == Role::Keep
            && let Some(found) = byline(line.trim())
            && fill(meta, found)
        {
            *role = Role::Meta;
        }
    }
}

/// The first heading-like line of the head, joined with the next when the title was broken
/// over two lines ("The Essential Guide to" / "Team Workspaces"); none when a chapter comes
/// first.
fn take_title(lines: &[&str], head_end: usize, roles: &mut [Role]) -> Option<String> {
    let end = head_end.min(lines.len());
    let view: &[Role] = roles;
    let first = (0..end).find(|&i| {
        let t = lines[i].trim();
        !is_gap(lines, view, i) && (chapter(t).is_some() || title_line(t))
    })?;
    let t = lines[first].trim();
    if chapter(t).is_some() {
        return None;
    }
    let mut title = strip_hashes(t);
    let next = first + 1;
    let starts_block = first == 0 || is_gap(lines, roles, first - 1);
    if starts_block
        && !is_gap(lines, roles, next)
        && title_line(lines[next].trim())
        && is_gap(lines, roles, next + 1)
    {
        title.push(' ');
        title.push_str(lines[next].trim());
        roles[next] = Role::Meta;
    }
    roles[first] = Role::Meta;
    (!title.is_empty()).then_some(title)
}

/// Whether line `i` is blank, dropped, or past the end.
fn is_gap(lines: &[&str], roles: &[Role], i: usize) -> bool {
    match (lines.get(i), roles.get(i)) {
        (Some(line), Some(&role)) => role != Role::Keep || line.trim().is_empty(),
        _ => true,
    }
}

fn title_line(t: &str) -> bool {
    heading_like(t) && chapter(t).is_none() && byline(t).is_none() && !is_chrome(t)
}

/// `# Title` saved from Markdown loses its `#`.
fn strip_hashes(t: &str) -> String {
    let rest = t.trim_start_matches('#');
    if rest.len() < t.len() && rest.starts_with(char::is_whitespace) {
        rest.trim().to_string()
    } else {
        t.to_string()
    }
}

/// The file stem with `-` and `_` as spaces, capitalised.
fn stem_title(stem: &str) -> String {
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Chrome: lines of the site, not of the article.

fn is_chrome(t: &str) -> bool {
    header_chrome(t) || opens_footer(t) || image_credit(t)
}

fn header_chrome(t: &str) -> bool {
    strong_header(t) || weak_header(t)
}

/// Header lines that are never an article's words.
fn strong_header(t: &str) -> bool {
    const LINES: &[&str] = &[
        "Published in",
        "Sign in",
        "Sign up",
        "Member-only story",
        "Open in app",
        "Top highlight",
    ];
    LINES.iter().any(|l| t.eq_ignore_ascii_case(l))
        || (starts_ci(t, "Published in ") && short(t, 80) && !t.ends_with('.'))
        || (short(t, 80) && read_time(t))
        || count_line(t)
}

/// Header lines that could also be a heading of that name.
fn weak_header(t: &str) -> bool {
    const LINES: &[&str] = &["Listen", "Share", "Follow", "--", "·"];
    LINES.iter().any(|l| t.eq_ignore_ascii_case(l))
}

/// A line that starts a site's footer.
fn opens_footer(t: &str) -> bool {
    const LINES: &[&str] = &[
        "Follow",
        "Sign up",
        "Sign up for free",
        "Get the app",
        "Open in app",
        "Written by",
        "About the author",
        "More from Medium",
        "Responses",
        "See all responses",
        "No responses yet",
    ];
    const PREFIXES: &[&str] = &["More from ", "Recommended from ", "Written by "];
    let bare = t.trim_end_matches([':', '.']);
    LINES.iter().any(|l| bare.eq_ignore_ascii_case(l))
        || (short(t, 80) && !t.ends_with('.') && PREFIXES.iter().any(|p| starts_ci(t, p)))
        || (short(t, 40) && starts_ci(t, "Get the ") && ends_ci(t, " app"))
        || store_button(t)
        || footer_links(t)
        || count_line(t)
}

/// "Get it on Google Play", "Download on the App Store" (or a description of such a button).
fn store_button(t: &str) -> bool {
    if !short(t, 200) {
        return false;
    }
    let lower = t.to_lowercase();
    (lower.contains("google play") || lower.contains("app store"))
        && [
            "get it on",
            "download on",
            "a button that says",
            "available on",
        ]
        .iter()
        .copied()
        .any(|p| lower.starts_with(p))
}

/// "Help Status About Careers Blog Privacy Terms".
fn footer_links(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "help", "status", "about", "careers", "press", "blog", "privacy", "terms", "text", "to",
        "speech", "teams", "jobs", "contact", "legal", "cookies", "rules", "writers", "sitemap",
    ];
    if !short(t, 120) {
        return false;
    }
    let words: Vec<String> = t.split_whitespace().map(str::to_ascii_lowercase).collect();
    words.len() >= 3
        && words.iter().all(|w| WORDS.contains(&w.as_str()))
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "privacy" | "terms" | "careers" | "status"))
}

/// "1.2K Followers", "125 claps", "3 responses".
fn count_line(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let (Some(number), Some(what)) = (words.next(), words.next()) else {
        return false;
    };
    let what = what.trim_end_matches([',', '.']).to_ascii_lowercase();
    is_count(number)
        && matches!(
            what.as_str(),
            "followers" | "follower" | "following" | "claps" | "clap" | "responses" | "response"
        )
        && words.next().is_none_or(|w| w == "·")
}

/// `125`, `1.2K`, `3,400`.
fn is_count(w: &str) -> bool {
    let digits = w.strip_suffix(['K', 'k', 'M', 'm']).unwrap_or(w).as_bytes();
    digits.first().is_some_and(u8::is_ascii_digit)
        && digits.last().is_some_and(u8::is_ascii_digit)
        && digits
            .iter()
            .all(|&c| c.is_ascii_digit() || c == b'.' || c == b',')
}

/// "5 min read", alone or before a date.
fn read_time(t: &str) -> bool {
    let toks = tokens(t);
    let end = toks
        .iter()
        .position(|k| *k == Tok::Sep)
        .unwrap_or(toks.len());
    read_time_words(&clean_segment(&toks[..end]).1)
}

fn read_time_words(words: &[&str]) -> bool {
    let (number, unit, rest) = match words {
        [number, unit] => (number, unit, None),
        [number, unit, rest] => (number, unit, Some(rest)),
        _ => return false,
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && ["min", "mins", "minute", "minutes"]
            .iter()
            .any(|u| unit.eq_ignore_ascii_case(u))
        && rest.is_none_or(|r| r.eq_ignore_ascii_case("read"))
}

/// "Photo by X on Unsplash" and the like.
fn image_credit(t: &str) -> bool {
    const STARTS: &[&str] = &[
        "photo by ",
        "image by ",
        "photo credit",
        "image credit",
        "photograph by ",
        "photo courtesy",
        "image courtesy",
        "image source:",
        "photo source:",
    ];
    const ENDS: &[&str] = &[
        " on unsplash",
        " on pexels",
        " on pixabay",
        " via unsplash",
        " via pexels",
    ];
    short(t, 150) && (STARTS.iter().any(|s| starts_ci(t, s)) || ENDS.iter().any(|e| ends_ci(t, e)))
}

// ---------------------------------------------------------------------------------------------
// Bylines: "Jane Doe November 6, 2019", "By Jane Doe · Mar 3, 2021", "Jane Doe — 2021-03-03".

/// A word of a byline, or one of the marks that separate its parts (`·`, `|`, `—`, `–`, `-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Sep,
}

fn is_sep(c: char) -> bool {
    matches!(c, '·' | '|' | '—' | '–' | '•')
}

fn tokens(line: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    for word in line.split_whitespace() {
        if word == "-" {
            out.push(Tok::Sep);
            continue;
        }
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if is_sep(c) {
                if start < i {
                    out.push(Tok::Word(&word[start..i]));
                }
                out.push(Tok::Sep);
                start = i + c.len_utf8();
            }
        }
        if start < word.len() {
            out.push(Tok::Word(&word[start..]));
        }
    }
    out
}

/// A byline: an optional date at the end (`November 6, 2019`, `6 Nov 2019`, `2019-11-06`)
/// after at most one other part: a name (`By` may open it, `on` close it), a word like
/// "Updated", or a reading time. A name without `By` needs a date and two words or more.
fn byline(t: &str) -> Option<Byline> {
    if !short(t, 120) {
        return None;
    }
    let toks = tokens(t);
    let (date, used) = match tail_date(&toks) {
        Some((date, used)) => (Some(date), used),
        None => (None, 0),
    };
    let segments: Vec<(bool, Vec<&str>)> = toks[..toks.len() - used]
        .split(|k| *k == Tok::Sep)
        .map(clean_segment)
        .filter(|(_, words)| !words.is_empty() && !read_time_words(words))
        .collect();
    let author = match segments.as_slice() {
        [] => None,
        [(false, words)] if date.is_some() && date_prefix(words) => None,
        [(by, words)] if (*by || date.is_some()) && name_like(words, if *by { 1 } else { 2 }) => {
            Some(words.join(" "))
        }
        _ => return None,
    };
    if author.is_none() && date.is_none() {
        return None;
    }
    Some(Byline { author, date })
}

/// A part's words without punctuation around them, a leading "By" (whether there was one)
/// and a trailing "on".
fn clean_segment<'a>(segment: &[Tok<'a>]) -> (bool, Vec<&'a str>) {
    let words: Vec<&'a str> = segment
        .iter()
        .filter_map(|k| match *k {
            Tok::Word(w) => Some(w.trim_matches([',', ';', ':'])),
            Tok::Sep => None,
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (by, start) = match words.as_slice() {
        [first, ..] if first.eq_ignore_ascii_case("by") => (true, 1),
        [first, second, ..]
            if second.eq_ignore_ascii_case("by")
                && ["written", "posted", "authored"]
                    .iter()
                    .any(|p| first.eq_ignore_ascii_case(p)) =>
        {
            (true, 2)
        }
        _ => (false, 0),
    };
    let mut end = words.len();
    if end > start && words[end - 1].eq_ignore_ascii_case("on") {
        end -= 1;
    }
    (by, words[start..end].to_vec())
}

/// "Posted", "Last updated", "Wednesday": words that come before a date, not a name.
fn date_prefix(words: &[&str]) -> bool {
    const WORDS: &[&str] = &[
        "posted",
        "published",
        "updated",
        "last updated",
        "modified",
        "last modified",
        "date",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let phrase = words.join(" ").to_lowercase();
    WORDS.contains(&phrase.as_str())
}

/// Capitalised words (`Jane`, `O'Neil`, `Mary-Ann`, `J.`), with `van`, `de`, `and` between.
fn name_like(words: &[&str], min: usize) -> bool {
    const JOINERS: &[&str] = &[
        "de", "da", "del", "der", "van", "von", "la", "le", "di", "du", "bin", "al", "and", "&",
    ];
    let last = words.len().saturating_sub(1);
    (min..=5).contains(&words.len())
        && words
            .iter()
            .enumerate()
            .all(|(i, w)| name_word(w) || ((1..last).contains(&i) && JOINERS.contains(w)))
}

fn name_word(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
}

/// The date the tokens end with, as YYYY-MM-DD, and how many tokens it took.
fn tail_date(toks: &[Tok<'_>]) -> Option<(String, usize)> {
    let n = toks.len();
    let last = word_at(toks, n.checked_sub(1)?)?;
    if let Some(date) = iso_date(last) {
        return Some((date, 1));
    }
    let a = word_at(toks, n.checked_sub(3)?)?;
    let b = word_at(toks, n - 2)?;
    let y = year(last)?;
    let (m, d) = match (month(a), day(b)) {
        (Some(m), Some(d)) => (m, d),
        _ => (month(b)?, day(a)?),
    };
    ymd(y, m, d).map(|date| (date, 3))
}

fn word_at<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(&Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// `2021-03-03` or `2021/03/03`.
fn iso_date(w: &str) -> Option<String> {
    let w = w.trim_end_matches([',', '.']);
    let b = w.as_bytes();
    if b.len() != 10 || b[4] != b[7] || !matches!(b[4], b'-' | b'/') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        w.get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    ymd(number(0..4)?, number(5..7)?, number(8..10)?)
}

/// `November`, `Nov`, `Nov.`, `Sept`: the month's number.
fn month(w: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.trim_end_matches([',', '.']).to_ascii_lowercase();
    (1u32..)
        .zip(NAMES)
        .find(|(_, name)| {
            *name == w
                || (w.len() == 3 && name.starts_with(w.as_str()))
                || (w == "sept" && *name == "september")
        })
        .map(|(number, _)| number)
}

/// `6`, `06`, `6,`, `6th`.
fn day(w: &str) -> Option<u32> {
    let w = w.trim_end_matches([',', '.']);
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(*s))
        .unwrap_or(w);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(w: &str) -> Option<u32> {
    let w = w.trim_end_matches([',', '.']);
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        w.parse().ok()
    } else {
        None
    }
}

/// A real day of the calendar as YYYY-MM-DD.
fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y > 0 && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

// ---------------------------------------------------------------------------------------------
// Lines as Markdown.

/// Whether a line reads as a heading: at most 80 characters, no final punctuation (a question
/// mark is fine), not starting in lower case, not a list item or an address.
fn heading_like(t: &str) -> bool {
    let t = t.trim();
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    short(t, 80)
        && !matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '…' | '"' | '”' | '-' | '–' | '—'
        )
        && !t.starts_with(char::is_lowercase)
        && t.chars().any(char::is_alphabetic)
        && bullet(t).is_none()
        && ordered(t).is_none()
        && !t.contains("://")
        && !starts_ci(t, "www.")
}

/// `Chapter 1`, `Chapter 2: Name`, `Part II`, `PART THREE — Name`: whether `t` opens a chapter,
/// and if so whether it is bare (`Some(true)`), its name left to the next line.
fn chapter(t: &str) -> Option<bool> {
    const MARKS: [char; 6] = [':', '.', '-', '–', '—', '|'];
    if !short(t, 80) {
        return None;
    }
    let (keyword, rest) = t.split_once(char::is_whitespace)?;
    if !keyword.eq_ignore_ascii_case("chapter") && !keyword.eq_ignore_ascii_case("part") {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| c.is_whitespace() || MARKS.contains(&c))
        .unwrap_or(rest.len());
    let (numeral, after) = rest.split_at(end);
    if !is_numeral(numeral) {
        return None;
    }
    let after = after.trim_start();
    let name = after.trim_start_matches(|c: char| c.is_whitespace() || MARKS.contains(&c));
    if name.is_empty() {
        return Some(true);
    }
    let marked = after.starts_with(MARKS);
    let capital = name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    (heading_like(t) && (marked || capital)).then_some(false)
}

/// `3`, `IV`, `B`, `Three`.
fn is_numeral(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let b = w.as_bytes();
    (!b.is_empty() && b.len() <= 4 && b.iter().all(u8::is_ascii_digit))
        || (!b.is_empty() && b.len() <= 8 && b.iter().all(|c| b"IVXLCDM".contains(c)))
        || (b.len() == 1 && b[0].is_ascii_uppercase())
        || WORDS.iter().any(|n| w.eq_ignore_ascii_case(n))
}

/// The text of a bullet line (`•`, `◦`, `▪`, `–`, `- `, `* `), empty for a bare marker.
fn bullet(t: &str) -> Option<&str> {
    let mut chars = t.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    match first {
        '•' | '◦' | '▪' | '▫' | '●' | '○' | '■' | '□' | '‣' | '⁃' => {
            Some(rest.trim_start())
        }
        '–' | '-' | '*' if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
            Some(rest.trim_start())
        }
        _ => None,
    }
}

/// The marker (`1.`, `2)`) and text of a numbered line.
fn ordered(t: &str) -> Option<(&str, &str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || !matches!(t.as_bytes().get(digits).copied(), Some(b'.' | b')'))
    {
        return None;
    }
    let (marker, rest) = t.split_at(digits + 1);
    let text = rest.trim_start();
    (rest.starts_with(char::is_whitespace) && !text.is_empty()).then_some((marker, text))
}

/// `---`, `===`, `* * *`: kept in a block of its own, so it never underlines a heading.
fn is_rule(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '_' | '*') || c.is_whitespace())
}

/// A kept line, read for its Markdown meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    /// A blank or dropped line: blocks end here.
    Gap,
    Text {
        indent: usize,
        text: &'a str,
    },
    Bullet {
        indent: usize,
        text: &'a str,
    },
    Ordered {
        indent: usize,
        marker: &'a str,
        text: &'a str,
    },
    /// `Chapter 1`, with the chapter's name when it stood on the next line.
    Chapter {
        line: &'a str,
        title: Option<&'a str>,
    },
    Rule(&'a str),
}

/// The kept lines as items; a bare chapter line takes the heading-like line after it as its
/// name.
fn items<'a>(lines: &[&'a str], roles: &[Role]) -> Vec<Item<'a>> {
    let mut out: Vec<Item<'a>> = Vec::with_capacity(lines.len());
    let mut bare_chapter: Option<usize> = None;
    for (&line, &role) in lines.iter().zip(roles) {
        if role != Role::Keep || line.trim().is_empty() {
            push_gap(&mut out);
            continue;
        }
        let after_gap = matches!(out.last(), None | Some(Item::Gap));
        let Some(item) = read_item(line, after_gap) else {
            continue;
        };
        if let Some(at) = bare_chapter.take()
            && let Item::Text { text, .. } = item
            && heading_like(text)
            && chapter(text).is_none()
        {
            if let Some(Item::Chapter { title, .. }) = out.get_mut(at) {
                *title = Some(text);
            }
            push_gap(&mut out);
            continue;
        }
        if let Item::Chapter { line, .. } = item
            && chapter(line) == Some(true)
        {
            bare_chapter = Some(out.len());
        }
        out.push(item);
    }
    out
}

fn push_gap(out: &mut Vec<Item<'_>>) {
    if !matches!(out.last(), Some(Item::Gap)) {
        out.push(Item::Gap);
    }
}

/// One kept line as an item; none for a bullet marker with nothing after it.
fn read_item(line: &str, after_gap: bool) -> Option<Item<'_>> {
    let t = line.trim();
    let indent: usize = line
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    if after_gap && chapter(t).is_some() {
        return Some(Item::Chapter {
            line: t,
            title: None,
        });
    }
    if bullet(t) == Some("") {
        return None;
    }
    if is_rule(t) {
        return Some(Item::Rule(t));
    }
    if let Some(text) = bullet(t) {
        return Some(Item::Bullet { indent, text });
    }
    if let Some((marker, text)) = ordered(t) {
        return Some(Item::Ordered {
            indent,
            marker,
            text,
        });
    }
    Some(Item::Text { indent, text: t })
}

/// The items between gaps; a chapter line or a rule is always a block of its own.
fn split_blocks<'a>(items: &[Item<'a>]) -> Vec<Vec<Item<'a>>> {
    let mut blocks: Vec<Vec<Item<'a>>> = Vec::new();
    let mut current: Vec<Item<'a>> = Vec::new();
    for &item in items {
        let alone = matches!(item, Item::Chapter { .. } | Item::Rule(_));
        if (alone || item == Item::Gap) && !current.is_empty() {
            blocks.push(std::mem::take(&mut current));
        }
        if alone {
            blocks.push(vec![item]);
        } else if item != Item::Gap {
            current.push(item);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Chapter,
    Rule,
    /// One heading-like line standing alone.
    Short,
    List,
    Prose,
}

fn kind_of(block: &[Item<'_>]) -> Kind {
    match block {
        [Item::Chapter { .. }] => Kind::Chapter,
        [Item::Rule(_)] => Kind::Rule,
        [Item::Text { text, .. }] if heading_like(text) => Kind::Short,
        [Item::Bullet { .. } | Item::Ordered { .. }, ..] => Kind::List,
        _ => Kind::Prose,
    }
}

/// Which short blocks become headings: those followed by a paragraph or a list, one or two
/// in a row (a section and its first subsection). Of three or more short lines in a row only
/// the last is taken, as the others are more likely a list written as lines.
fn pick_headings(kinds: &[Kind]) -> Vec<bool> {
    let mut heading = vec![false; kinds.len()];
    let mut i = 0;
    while i < kinds.len() {
        let start = i;
        while i < kinds.len() && kinds[i] == Kind::Short {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        if matches!(kinds.get(i), Some(Kind::Prose | Kind::List)) {
            let first = if i - start <= 2 { start } else { i - 1 };
            heading[first..i].fill(true);
        }
    }
    heading
}

fn render(lines: &[&str], roles: &[Role]) -> String {
    let blocks = split_blocks(&items(lines, roles));
    let kinds: Vec<Kind> = blocks.iter().map(|b| kind_of(b.as_slice())).collect();
    let headings = pick_headings(&kinds);
    let mut out = String::new();
    for (block, &heading) in blocks.iter().zip(&headings) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        render_block(&mut out, block, heading);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn render_block(out: &mut String, block: &[Item<'_>], heading: bool) {
    match block {
        [
            Item::Chapter {
                line,
                title: Some(title),
            },
        ] => {
            let number = line.trim_end_matches([':', '.']);
            out.push_str("## ");
            push_heading(out, &format!("{number}: {title}"));
        }
        [Item::Chapter { line, title: None }] => {
            out.push_str("## ");
            push_heading(out, line);
        }
        [Item::Rule(rule)] => out.push_str(rule),
        [Item::Text { text, .. }] if heading => {
            out.push_str("### ");
            push_heading(out, text);
        }
        _ if is_quotation(block) => {
            let lines: Vec<&str> = block
                .iter()
                .filter_map(|i| match i {
                    Item::Text { text, .. } => Some(*text),
                    _ => None,
                })
                .collect();
            for (n, line) in lines.iter().enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                out.push_str("> ");
                out.push_str(line.trim());
            }
        }
        _ => {
            let mut writer = BlockWriter {
                out,
                levels: Vec::new(),
                started: false,
            };
            for &item in block {
                writer.write(item);
            }
        }
    }
}

/// A paragraph that is all one quotation (`“...”`, `"..."`, perhaps with `— Who` after it)
/// reads as a quote.
fn is_quotation(block: &[Item<'_>]) -> bool {
    let mut text = String::new();
    for item in block {
        match item {
            Item::Text { text: t, .. } => {
                text.push_str(t.trim());
                text.push(' ');
            }
            _ => return false,
        }
    }
    let text = text.trim();
    let Some(rest) = text.strip_prefix(['“', '"']) else {
        return false;
    };
    let end = rest.rfind(['”', '"']);
    // Only an attribution may follow the closing quote; no other quote may open inside.
    end.is_some_and(|e| {
        let after = rest[e..].trim_start_matches(['”', '"']).trim();
        let inner = &rest[..e];
        !inner.contains(['“', '"']) && (after.is_empty() || after.starts_with(['—', '–', '-']))
    })
}

/// Deeper bullets are written at this depth.
const MAX_DEPTH: usize = 6;

/// Writes a block's lines: paragraph lines as they are, list items nested by their indent.
struct BlockWriter<'o> {
    out: &'o mut String,
    /// The open list items, outermost first: each one's indent in the text and the column its
    /// own text starts at in the output.
    levels: Vec<(usize, usize)>,
    started: bool,
}

impl BlockWriter<'_> {
    fn write(&mut self, item: Item<'_>) {
        match item {
            Item::Bullet { indent, text } => self.item(indent, "-", text),
            Item::Ordered {
                indent,
                marker,
                text,
            } => self.item(indent, marker, text),
            Item::Text { indent, text } => self.text(indent, text),
            Item::Gap | Item::Chapter { .. } | Item::Rule(_) => {}
        }
    }

    fn item(&mut self, indent: usize, marker: &str, text: &str) {
        if self.started {
            self.out
                .push_str(if self.levels.is_empty() { "\n\n" } else { "\n" });
        }
        // The items indented less are this one's parents.
        let parents = self
            .levels
            .iter()
            .take_while(|&&(from, _)| from < indent)
            .count()
            .min(MAX_DEPTH - 1);
        self.levels.truncate(parents);
        let column = self.levels.last().map_or(0, |&(_, column)| column);
        self.out.extend(std::iter::repeat_n(' ', column));
        self.out.push_str(marker);
        self.out.push(' ');
        push_text(self.out, text);
        self.levels
            .push((indent, column + marker.chars().count() + 1));
        self.started = true;
    }

    /// A line indented under an open item continues it; any other line is a paragraph's.
    fn text(&mut self, indent: usize, text: &str) {
        let column = self
            .levels
            .last()
            .filter(|&&(from, _)| indent > from)
            .map(|&(_, column)| column);
        if self.started {
            let same_paragraph = column.is_some() || self.levels.is_empty();
            self.out
                .push_str(if same_paragraph { "\n" } else { "\n\n" });
        }
        match column {
            Some(column) => self.out.extend(std::iter::repeat_n(' ', column)),
            None => self.levels.clear(),
        }
        push_text(self.out, text);
        self.started = true;
    }
}

/// Text as it is, but a line must not open a heading or a code fence by accident.
fn push_text(out: &mut String, text: &str) {
    if text.starts_with('#') || text.starts_with("```") || text.starts_with("~~~") {
        out.push('\\');
    }
    out.push_str(text);
}

/// A heading's text; `#` at its end would be read as a closing sequence, so it is escaped.
fn push_heading(out: &mut String, text: &str) {
    let body = text.trim_end_matches('#');
    out.push_str(body);
    if body.len() < text.len() {
        out.push('\\');
        out.push_str(&text[body.len()..]);
    }
}

// ---------------------------------------------------------------------------------------------
// Small string helpers.

/// At most `max` characters (looks at no more than that).
fn short(t: &str, max: usize) -> bool {
    t.chars().nth(max).is_none()
}

fn starts_ci(t: &str, prefix: &str) -> bool {
    t.as_bytes()
        .get(..prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn ends_ci(t: &str, suffix: &str) -> bool {
    t.len()
        .checked_sub(suffix.len())
        .and_then(|at| t.as_bytes().get(at..))
        .is_some_and(|b| b.eq_ignore_ascii_case(suffix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_is_one_quotation_is_a_quote() {
        let page = convert(
            "A Title Here\n\nSome text first.\n\n“The value of a customer is the whole relationship.”\n\nA \"quoted\" word stays in prose.\n",
            "x",
        );
        assert!(
            page.body
                .contains("\n> “The value of a customer is the whole relationship.”\n"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("\nA \"quoted\" word stays in prose.\n"),
            "{}",
            page.body
        );
    }

    #[test]
    fn a_title_broken_over_two_lines_is_joined() {
        let page = convert(
            "Getting Started With\nTeam Workspaces\n\nThis guide walks through your first day.\n",
            "ignored",
        );
        assert_eq!(page.title, "Getting Started With Team Workspaces");
        assert_eq!(page.body, "This guide walks through your first day.\n");
        assert!(page.removed.is_empty());
    }

    #[test]
    fn a_byline_at_the_top_sets_author_and_date() {
        for (line, author, date) in [
            ("Maria Lopez March 4, 2022", "Maria Lopez", "2022-03-04"),
            ("By Sam Okafor · Sep 9, 2020", "Sam Okafor", "2020-09-09"),
            ("Lena Park — 2021-11-30", "Lena Park", "2021-11-30"),
        ] {
            let text = format!(
                "{line}\n\nRotating API Keys\n\nKeys can be rotated from the security tab.\n"
            );
            let page = convert(&text, "keys");
            assert_eq!(page.author.as_deref(), Some(author), "{line}");
            assert_eq!(page.date.as_deref(), Some(date), "{line}");
            assert_eq!(page.title, "Rotating API Keys", "{line}");
            assert_eq!(
                page.body, "Keys can be rotated from the security tab.\n",
                "{line}"
            );
            assert!(page.removed.is_empty(), "{line}");
        }
    }

    #[test]
    fn dates_are_read_in_several_spellings() {
        let date = |line: &str| byline(line).and_then(|b| b.date);
        assert_eq!(date("Posted on 7 Jan 2023").as_deref(), Some("2023-01-07"));
        assert_eq!(date("Sept. 12th, 2019").as_deref(), Some("2019-09-12"));
        assert_eq!(date("Updated: 2024/02/29").as_deref(), Some("2024-02-29"));
        assert_eq!(date("February 30, 2021"), None);
        assert_eq!(byline("Release Notes For Teams"), None);
        assert_eq!(byline("Posted on 7 Jan 2023").and_then(|b| b.author), None);
    }

    #[test]
    fn chapter_lines_become_second_level_headings() {
        let text = concat!(
            "Admin Handbook\n\n",
            "An overview paragraph for admins.\n\n",
            "Chapter 1\n\n",
            "What Are Roles?\n\n",
            "Roles decide what people can do.\n\n",
            "Chapter 2: Billing Basics\n\n",
            "Invoices arrive monthly.\n\n",
            "Part II\n\n",
            "Every admin should read this part.\n",
        );
        let page = convert(text, "handbook");
        assert_eq!(page.title, "Admin Handbook");
        assert_eq!(
            page.body,
            concat!(
                "An overview paragraph for admins.\n\n",
                "## Chapter 1: What Are Roles?\n\n",
                "Roles decide what people can do.\n\n",
                "## Chapter 2: Billing Basics\n\n",
                "Invoices arrive monthly.\n\n",
                "## Part II\n\n",
                "Every admin should read this part.\n",
            )
        );
    }

    #[test]
    fn bullets_of_every_kind_become_list_items_and_numbers_stay() {
        let text = concat!(
            "Before you start:\n\n",
            "• Bullet dot\n",
            "◦ Hollow dot\n",
            "▪ Small square\n",
            "– En dash\n",
            "- Hyphen\n",
            "* Star\n",
            "    • Indented deeper\n",
            "\n",
            "1. First step\n",
            "2) Second step\n",
        );
        let page = convert(text, "list-test");
        assert_eq!(page.title, "List test");
        assert_eq!(
            page.body,
            concat!(
                "Before you start:\n\n",
                "- Bullet dot\n",
                "- Hollow dot\n",
                "- Small square\n",
                "- En dash\n",
                "- Hyphen\n",
                "- Star\n",
                "  - Indented deeper\n",
                "\n",
                "1. First step\n",
                "2) Second step\n",
            )
        );
    }

    #[test]
    fn a_list_after_a_line_of_text_is_set_apart_and_continuations_stay_in_the_item() {
        let text =
            "Pick a plan:\n• Starter\n• Growth\n  for teams of ten or more\nPrices are monthly.\n";
        let page = convert(text, "plans");
        assert_eq!(
            page.body,
            "Pick a plan:\n\n- Starter\n- Growth\n  for teams of ten or more\n\nPrices are monthly.\n"
        );
    }

    #[test]
    fn short_lines_before_paragraphs_become_third_level_headings() {
        let text = concat!(
            "Working With Reports\n\n",
            "Reports collect numbers for you.\n\n",
            "Exporting Data\n\n",
            "Choose a format and press export.\n\n",
            "Can I schedule exports?\n\n",
            "Yes, from the settings page.\n\n",
            "Sections\n\n",
            "Daily Reports\n\n",
            "Daily reports arrive at nine.\n\n",
            "One\n\n",
            "Two\n\n",
            "Three\n\n",
            "This paragraph follows three short lines.\n\n",
            "This line ends with a period.\n\n",
            "Closing words here\n",
        );
        let page = convert(text, "reports");
        assert_eq!(page.title, "Working With Reports");
        assert_eq!(
            page.body,
            concat!(
                "Reports collect numbers for you.\n\n",
                "### Exporting Data\n\n",
                "Choose a format and press export.\n\n",
                "### Can I schedule exports?\n\n",
                "Yes, from the settings page.\n\n",
                "### Sections\n\n",
                "### Daily Reports\n\n",
                "Daily reports arrive at nine.\n\n",
                "One\n\n",
                "Two\n\n",
                "### Three\n\n",
                "This paragraph follows three short lines.\n\n",
                "This line ends with a period.\n\n",
                "Closing words here\n",
            )
        );
    }

    #[test]
    fn paragraphs_are_kept_with_blank_runs_collapsed_and_hashes_escaped() {
        let text = concat!(
            "Notes Page\r\n\r\n",
            "First line of a paragraph   \r\n",
            "second line of it.\r\n\r\n\r\n\r\n",
            "#hashtag starts this line.\n\n",
            "  Indented text stays text.\n",
        );
        let page = convert(text, "notes");
        assert_eq!(page.title, "Notes Page");
        assert_eq!(
            page.body,
            concat!(
                "First line of a paragraph\n",
                "second line of it.\n\n",
                "\\#hashtag starts this line.\n\n",
                "Indented text stays text.\n",
            )
        );
    }

    #[test]
    fn header_chrome_and_image_credits_are_removed_and_reported() {
        let text = concat!(
            "Sign in\n\n",
            "Member-only story\n\n",
            "Published in\n\n",
            "Field Notes on Support\n\n",
            "Listen\n\n",
            "Share\n\n",
            "A short opening paragraph about support queues.\n\n",
            "Photo by Someone Nice on Unsplash\n\n",
            "Another paragraph with more detail.\n",
        );
        let page = convert(text, "notes");
        assert_eq!(page.title, "Field Notes on Support");
        assert_eq!(
            page.body,
            "A short opening paragraph about support queues.\n\nAnother paragraph with more detail.\n"
        );
        assert_eq!(
            page.removed,
            [
                "Sign in",
                "Member-only story",
                "Published in",
                "Listen",
                "Share",
                "Photo by Someone Nice on Unsplash",
            ]
        );
    }

    #[test]
    fn a_medium_header_gives_the_author_and_the_date() {
        let text = concat!(
            "How We Triage Tickets\n\n",
            "A look at the queue from the inside, with examples from last year.\n\n",
            "Rae Min\n\n",
            "Follow\n\n",
            "4 min read · Jun 2, 2023\n\n",
            "Listen\n\n",
            "Share\n\n",
            "Every morning starts with the overnight queue.\n",
        );
        let page = convert(text, "triage");
        assert_eq!(page.title, "How We Triage Tickets");
        assert_eq!(page.author.as_deref(), Some("Rae Min"));
        assert_eq!(page.date.as_deref(), Some("2023-06-02"));
        assert_eq!(
            page.body,
            concat!(
                "A look at the queue from the inside, with examples from last year.\n\n",
                "Every morning starts with the overnight queue.\n",
            )
        );
        assert_eq!(
            page.removed,
            ["Follow", "4 min read · Jun 2, 2023", "Listen", "Share"]
        );
    }

    #[test]
    fn a_footer_near_the_end_is_removed_and_reported() {
        let paragraphs: Vec<String> = (1..=20)
            .map(|i| format!("Paragraph number {i} explains one more habit."))
            .collect();
        let mut text = format!(
            "Keeping Customers Informed\n\n{}\n\n",
            paragraphs.join("\n\n")
        );
        let footer = [
            "Written by Ada Quill",
            "1.2K Followers",
            "More from Ada Quill",
            "Some Other Story Title",
            "Recommended from Medium",
            "Get it on Google Play",
            "Download on the App Store",
            "Help Status About Careers Blog Privacy Terms",
            "125 claps",
        ];
        for line in footer {
            text.push_str(line);
            text.push_str("\n\n");
        }
        let page = convert(&text, "informed");
        assert_eq!(page.title, "Keeping Customers Informed");
        assert_eq!(page.body, format!("{}\n", paragraphs.join("\n\n")));
        assert_eq!(page.removed, footer);
    }

    #[test]
    fn footer_words_early_in_the_text_are_kept() {
        let text = concat!(
            "Sharing Boards\n\n",
            "Boards can be shared with a link.\n\n",
            "More from the sharing menu\n\n",
            "Follow\n\n",
            "When you follow a board you get updates.\n\n",
            "Unfollow any time from the menu.\n\n",
            "Owners see who follows.\n\n",
            "Links expire after a week.\n\n",
            "Ask an admin to extend them.\n\n",
            "Expired links show a notice.\n",
        );
        let page = convert(text, "boards");
        assert!(page.removed.is_empty(), "{:?}", page.removed);
        assert!(
            page.body.contains(
                "### More from the sharing menu\n\n### Follow\n\nWhen you follow a board"
            ),
            "{}",
            page.body
        );
    }

    #[test]
    fn without_a_heading_like_line_the_title_comes_from_the_file_stem() {
        let text = "just some lowercase words without a heading\n\nand another paragraph here.\n";
        let page = convert(text, "my-first_guide");
        assert_eq!(page.title, "My first guide");
        assert_eq!(
            page.body,
            "just some lowercase words without a heading\n\nand another paragraph here.\n"
        );
    }

    #[test]
    fn empty_input_gives_an_empty_page() {
        for text in ["", "   \n\n\t\n", "\u{feff}"] {
            let page = convert(text, "release-notes");
            assert_eq!(page.title, "Release notes");
            assert!(page.body.is_empty());
            assert!(page.removed.is_empty());
            assert_eq!(page.author, None);
            assert_eq!(page.date, None);
        }
    }

    #[test]
    fn a_text_of_only_chrome_is_all_removed() {
        let lines = [
            "Sign in",
            "Member-only story",
            "Listen",
            "Share",
            "Written by Pat Lee",
            "340 Followers",
            "Help Status About Careers Blog Privacy Terms",
        ];
        let page = convert(&lines.join("\n\n"), "saved-page");
        assert_eq!(page.title, "Saved page");
        assert!(page.body.is_empty());
        assert_eq!(page.removed, lines);
    }
}
