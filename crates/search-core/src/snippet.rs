//! What a hit shows: its title with the matched words marked, the best-matching window of its
//! stored excerpt, and the headings whose sections match (sub-results). Shared by both engines,
//! so the browser and the CLI cut the same snippets. The excerpt separates blocks (paragraphs,
//! list items, table cells) with newlines; a snippet shows them as " · " rather than running
//! "Add seats" and "Immediately" together.

use std::ops::Range;

use crate::expand::{Expanded, Lexicon};
use crate::fields::{self, SEARCHED};
use crate::request::{Hit, Segments, SubHit};
use crate::text::{Cursor, LEAD_EXCEPTIONS, english, lead, stem_in_place};

/// The longest snippet, in bytes of the excerpt.
const SNIPPET_CHARS: usize = 180;
/// Sub-results shown under a hit at most.
const SUB_HITS: usize = 3;

/// The stored fields of a hit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub kind: String,
    pub section: String,
    pub excerpt: String,
    /// The excerpt's headings: `offset id` lines.
    pub anchors: String,
}

impl Stored {
    /// Sets stored field number `field` (see [`crate::fields`]); other fields are ignored.
    pub fn set(&mut self, field: u32, text: String) {
        match field {
            fields::TITLE => self.title = text,
            fields::URL => self.url = text,
            fields::SUMMARY => self.summary = text,
            fields::KIND => self.kind = text,
            fields::SECTION => self.section = text,
            fields::EXCERPT => self.excerpt = text,
            fields::ANCHORS => self.anchors = text,
            _ => {}
        }
    }
}

/// Terms to mark, each with a weight (rarer terms and the word itself count more), sorted by
/// term: a handful, looked up by binary search rather than through a hash map the browser
/// would link for them alone.
pub type Marks = Vec<(String, f32)>;

/// Where `term` is in `marks`, or where it would go.
fn mark_at(marks: &[(String, f32)], term: &str) -> Result<usize, usize> {
    marks.binary_search_by(|(m, _)| m.as_str().cmp(term))
}

/// The terms of every alternative found in some searched field, weighted by rarity.
pub fn marks<L: Lexicon>(expanded: &Expanded<L::Info>) -> Marks {
    let mut out = Marks::new();
    for alt in expanded.words.iter().flatten() {
        for (field, _) in SEARCHED {
            let mut found: Vec<(&String, &L::Info)> = Vec::with_capacity(alt.also.len() + 1);
            for t in alt.terms() {
                let Some(info) = expanded.info(field, t) else {
                    break;
                };
                found.push((t, info));
            }
            if found.len() != alt.also.len() + 1 {
                continue;
            }
            for (term, info) in found {
                let weight = alt.weight / (1.0 + L::doc_freq(info) as f32).ln_1p();
                match mark_at(&out, term) {
                    Ok(at) => out[at].1 = out[at].1.max(weight),
                    Err(at) => out.insert(at, (term.clone(), weight)),
                }
            }
        }
    }
    out
}

/// Marked tokens of a text, found without stemming words that cannot match: a word is stemmed
/// only when its first two letters start some mark (stemming keeps them, see [`lead`]).
pub struct Marker<'a> {
    marks: &'a Marks,
    /// The marks' leads, sorted: the leads of sorted terms are in order already (a prefix of
    /// a string sorts no later than a prefix of any later string).
    leads: Vec<&'a str>,
    stemmer: frostem::Stemmer,
}

impl<'a> Marker<'a> {
    pub fn new(marks: &'a Marks) -> Self {
        let mut leads = Vec::with_capacity(marks.len());
        for (mark, _) in marks {
            leads.push(lead(mark));
        }
        leads.dedup();
        Marker {
            marks,
            leads,
            stemmer: english(),
        }
    }

    /// Every token of `text` as (byte range, weight if marked).
    fn tokens(&mut self, text: &str, mut each: impl FnMut(Range<usize>, Option<f32>)) {
        let mut cursor = Cursor::new(text);
        let mut word = String::new();
        while let Some((range, _)) = cursor.next_word(&mut word) {
            let mut weight = None;
            if self.leads.binary_search(&lead(&word)).is_ok()
                || LEAD_EXCEPTIONS.contains(&word.as_str())
            {
                stem_in_place(&self.stemmer, &mut word);
                weight = mark_at(self.marks, &word).ok().map(|at| self.marks[at].1);
            }
            each(range, weight);
        }
    }
}

/// A hit from its stored fields.
pub fn hit(stored: Stored, score: f32, marker: &mut Marker, snippets: bool) -> Hit {
    let (snippet, sub) = if snippets && !stored.excerpt.is_empty() {
        (
            snippet(marker, &stored.excerpt),
            sub_hits(marker, &stored.excerpt, &stored.anchors, &stored.url),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Hit {
        title: highlight(marker, &stored.title),
        url: stored.url,
        snippet,
        summary: stored.summary,
        kind: stored.kind,
        section: stored.section,
        score,
        sub,
    }
}

/// The window of `text` with the most marked weight and the marked ranges in it.
type Window = (f32, Range<usize>, Vec<Range<usize>>);

/// The window of `text` of at most `SNIPPET_CHARS` bytes whose marked words weigh most (the
/// first on ties), with `…` where it cuts the text; empty when nothing is marked.
fn snippet(marker: &mut Marker, text: &str) -> Segments {
    match best_window(marker, text) {
        Some(window) => cut(text, window),
        None => Vec::new(),
    }
}

/// The heaviest window of `text`, if any word in it is marked.
fn best_window(marker: &mut Marker, text: &str) -> Option<Window> {
    let mut best: Option<Window> = None;
    let mut window: Window = (0.0, 0..0, Vec::new());
    let mut consider = |w: &Window| {
        if w.0 > 0.0 && best.as_ref().is_none_or(|b| w.0 > b.0) {
            best = Some(w.clone());
        }
    };
    marker.tokens(text, |range, weight| {
        if range.end - window.1.start > SNIPPET_CHARS {
            consider(&window);
            window = (0.0, range.start..range.start, Vec::new());
        }
        window.1.end = range.end;
        if let Some(weight) = weight {
            window.0 += weight;
            window.2.push(range);
        }
    });
    consider(&window);
    best
}

/// The segments of `window` of `text`, with `…` where it cuts the text.
fn cut(text: &str, (_, range, mut marked): Window) -> Segments {
    for r in &mut marked {
        *r = r.start - range.start..r.end - range.start;
    }
    let mut segments = split(&text[range.clone()], &marked);
    for (run, is_match) in &mut segments {
        if !*is_match && run.contains('\n') {
            *run = separated(run);
        }
    }
    if range.start > 0 {
        segments.insert(0, ("…".to_string(), false));
    }
    if range.end < text.trim_end().len() {
        segments.push(("…".to_string(), false));
    }
    segments
}

/// `run` with each line break (a block boundary) shown as " · ", or as a space after the end of
/// a sentence.
fn separated(run: &str) -> String {
    let mut out = String::with_capacity(run.len() + 8);
    let lines: Vec<&str> = run.split('\n').collect();
    let last = lines.len() - 1;
    let mut pending = false;
    for (i, line) in lines.into_iter().enumerate() {
        let mut line = line;
        if i > 0 {
            line = line.trim_start();
            pending = true;
        }
        if i < last {
            line = line.trim_end();
        }
        if line.is_empty() {
            continue;
        }
        if pending {
            block_break(&mut out);
            pending = false;
        }
        out.push_str(line);
    }
    if pending {
        block_break(&mut out);
    }
    out
}

fn block_break(out: &mut String) {
    let sentence = out.ends_with(['.', '!', '?', ':']);
    out.push_str(if sentence { " " } else { " · " });
}

/// The excerpt's sections whose heading or text match, heaviest first: each as its heading,
/// marked, and the best window of the text under it.
fn sub_hits(marker: &mut Marker, text: &str, anchors: &str, url: &str) -> Vec<SubHit> {
    let mut starts: Vec<(usize, &str)> = Vec::new();
    for line in anchors.lines() {
        if let Some((at, id)) = line.split_once(' ')
            && let Ok(at) = at.parse::<usize>()
            && at < text.len()
            && text.is_char_boundary(at)
            && starts.last().is_none_or(|(last, _)| *last < at)
        {
            starts.push((at, id));
        }
    }
    let mut found: Vec<(f32, SubHit)> = Vec::new();
    for (i, &(at, id)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |s| s.0);
        let section = &text[at..end];
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        let title = highlight(marker, heading);
        let heading_weight = if title.iter().any(|(_, m)| *m) {
            1.0
        } else {
            0.0
        };
        let window = best_window(marker, body);
        let weight = heading_weight + window.as_ref().map_or(0.0, |w| w.0);
        if weight <= 0.0 {
            continue;
        }
        let snippet = match window {
            Some(w) => cut(body, w),
            None => cut(body, (0.0, 0..first_window(body), Vec::new())),
        };
        found.push((
            weight,
            SubHit {
                url: format!("{url}#{id}"),
                title,
                snippet,
            },
        ));
    }
    crate::order::sort_by(&mut found, |a, b| b.0.total_cmp(&a.0));
    found.truncate(SUB_HITS);
    found.into_iter().map(|(_, s)| s).collect()
}

/// The end of the first `SNIPPET_CHARS` bytes of `text`, at a word's end.
fn first_window(text: &str) -> usize {
    let whole = text.trim_end().len();
    if whole <= SNIPPET_CHARS {
        return whole;
    }
    let mut end = 0;
    let mut cursor = Cursor::new(text);
    let mut word = String::new();
    while let Some((range, _)) = cursor.next_word(&mut word) {
        if range.end > SNIPPET_CHARS {
            break;
        }
        end = range.end;
    }
    end
}

/// `text` with every word whose analyzed term is marked.
fn highlight(marker: &mut Marker, text: &str) -> Segments {
    let mut ranges = Vec::new();
    marker.tokens(text, |range, weight| {
        if weight.is_some() {
            ranges.push(range);
        }
    });
    split(text, &ranges)
}

/// `text` cut into runs, the runs at `ranges` marked.
fn split(text: &str, ranges: &[Range<usize>]) -> Segments {
    let mut out: Segments = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        if r.start > at {
            out.push((text[at..r.start].to_string(), false));
        }
        out.push((text[r.clone()].to_string(), true));
        at = r.end;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analyzer;

    #[test]
    fn split_marks_ranges_and_keeps_all_text() {
        let s = split("reset your password", &[0..5, 11..19]);
        assert_eq!(
            s,
            vec![
                ("reset".to_string(), true),
                (" your ".to_string(), false),
                ("password".to_string(), true)
            ]
        );
        let inside_a_letter = vec![Range { start: 1, end: 2 }];
        assert_eq!(
            split("héllo", &inside_a_letter),
            vec![("héllo".to_string(), false)]
        );
    }

    #[test]
    fn the_marker_marks_what_stemming_every_word_would() {
        let text = "Dying batteries: lying tying ties cries skies skiing generously ran running \
            Résumés naïve happily relational communication arsenal news only early idly ugly \
            customers customised onboarding reset resetting passwords ÉCOLE écoles 2fa ok";
        let all = crate::text::terms(text);
        for mark in &all {
            let marks: Marks = [(mark.clone(), 1.0)].into();
            let mut marked = Vec::new();
            Marker::new(&marks).tokens(text, |r, w| {
                if w.is_some() {
                    marked.push(r);
                }
            });
            let expected: Vec<Range<usize>> = Analyzer::default()
                .tokens(text)
                .into_iter()
                .filter(|t| &t.text == mark)
                .map(|t| t.range)
                .collect();
            assert_eq!(marked, expected, "{mark}");
        }
    }

    #[test]
    fn block_boundaries_show_between_cells_and_items() {
        let marks: Marks = [("seat".to_string(), 1.0)].into();
        let text =
            "Change\nWhen\n\nAdd seats\nImmediately\nA prorated charge\n\nDone.\nNext step\n";
        let s = snippet(&mut Marker::new(&marks), text);
        let shown: String = s.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            shown,
            "Change · When · Add seats · Immediately · A prorated charge · Done. Next step"
        );
    }

    #[test]
    fn sections_that_match_are_sub_hits_with_their_anchor() {
        let marks: Marks = [("refund".to_string(), 1.0)].into();
        let text = "Intro about plans.\nRefunds\nA refund takes five days.\nInvoices\nNothing here.\nLate refunds\nCall us.\n";
        let at = |h: &str| text.find(h).unwrap();
        let anchors = format!(
            "{} refunds\n{} invoices\n{} late\n",
            at("Refunds"),
            at("Invoices"),
            at("Late")
        );
        let subs = sub_hits(&mut Marker::new(&marks), text, &anchors, "/help/billing/");
        let urls: Vec<&str> = subs.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls, ["/help/billing/#refunds", "/help/billing/#late"]);
        assert_eq!(subs[0].title, [("Refunds".to_string(), true)]);
        assert!(subs[0].snippet.iter().any(|(t, m)| *m && t == "refund"));
        // A heading that matches with no match under it shows its first words.
        let shown: String = subs[1].snippet.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(shown, "Call us.");
        // Broken anchors are ignored, never a panic.
        assert!(sub_hits(&mut Marker::new(&marks), text, "999 x\nnope\n3 y\n", "/").len() <= 1);
    }

    #[test]
    fn snippet_picks_the_heaviest_window_and_marks_cuts() {
        let filler = "lorem ipsum dolor sit amet ".repeat(10);
        let text = format!("{filler}the refund arrives in five days. {filler}");
        let marks: Marks = [("refund".to_string(), 1.0)].into();
        let s = snippet(&mut Marker::new(&marks), &text);
        assert_eq!(s.first().map(|x| x.0.as_str()), Some("…"));
        assert_eq!(s.last().map(|x| x.0.as_str()), Some("…"));
        assert!(s.iter().any(|(t, m)| *m && t == "refund"));
        let len: usize = s.iter().map(|(t, _)| t.len()).sum();
        assert!(len <= SNIPPET_CHARS + 2 * "…".len());
        assert!(snippet(&mut Marker::new(&marks), "nothing here").is_empty());
    }
}
