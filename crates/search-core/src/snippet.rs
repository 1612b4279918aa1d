//! What a hit shows: its title with the matched words marked, and the best-matching window of
//! its stored excerpt. Shared by both engines, so the browser and the CLI cut the same snippets.

use std::ops::Range;

use crate::expand::{Expanded, Lexicon};
use crate::fields::{self, SEARCHED};
use crate::request::{Hit, Segments};
use crate::text::{Cursor, LEAD_EXCEPTIONS, english, lead, stem_in_place};

/// The longest snippet, in bytes of the excerpt.
const SNIPPET_CHARS: usize = 180;

/// The stored fields of a hit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub kind: String,
    pub section: String,
    pub excerpt: String,
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
    let snippet = if snippets && !stored.excerpt.is_empty() {
        snippet(marker, &stored.excerpt)
    } else {
        Vec::new()
    };
    Hit {
        title: highlight(marker, &stored.title),
        url: stored.url,
        snippet,
        summary: stored.summary,
        kind: stored.kind,
        section: stored.section,
        score,
    }
}

/// The window of `text` of at most `SNIPPET_CHARS` bytes whose marked words weigh most (the
/// first on ties), with `…` where it cuts the text; empty when nothing is marked.
fn snippet(marker: &mut Marker, text: &str) -> Segments {
    let mut best: Option<(f32, Range<usize>, Vec<Range<usize>>)> = None;
    let mut window: (f32, Range<usize>, Vec<Range<usize>>) = (0.0, 0..0, Vec::new());
    let mut consider = |w: &(f32, Range<usize>, Vec<Range<usize>>)| {
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
    let Some((_, range, mut marked)) = best else {
        return Vec::new();
    };
    for r in &mut marked {
        *r = r.start - range.start..r.end - range.start;
    }
    let mut segments = split(&text[range.clone()], &marked);
    if range.start > 0 {
        segments.insert(0, ("…".to_string(), false));
    }
    if range.end < text.len() {
        segments.push(("…".to_string(), false));
    }
    segments
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
