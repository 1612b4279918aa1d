//! From the text a visitor typed to the words the engine looks up: lower-cased, stemmed,
//! function words set aside, the last word marked as a prefix while it is still being typed,
//! quoted text kept as a phrase; and the typo-tolerant comparison used when a word matches
//! nothing.

use crate::text::{accented, is_stopword, stem, words};

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// As typed, lower-cased.
    pub raw: String,
    /// The analyzed term.
    pub stem: String,
    /// Still being typed: also match terms that start with `raw`.
    pub prefix: bool,
    /// In quotes: this stem only (no completions, typo matches or synonyms; "passwords" still
    /// finds "password").
    pub exact: bool,
    /// Typed with accents: its spelling as such (`text::accented`), which ranks the pages spelt
    /// that way above those with the folded word only.
    pub accented: Option<String>,
}

/// Words that open a question ("how do I…", "why is my…", "can I…").
const QUESTION_OPENERS: &[&str] = &[
    "how", "why", "what", "where", "when", "which", "who", "can", "could", "do", "does", "is",
    "are", "should", "will", "would",
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub words: Vec<Word>,
    /// The query is a question: its framing is dropped and what remains counts more in titles
    /// and headings, where help centers put the question a page answers.
    pub question: bool,
    /// Each quoted text of two or more words, as its words' stems in order, function words
    /// skipped as the index's word pairs skip them (`text::pairs`): a page must have each two
    /// neighbours together.
    pub phrases: Vec<Vec<String>>,
}

/// Quotation marks that open and close a phrase: straight and typographic.
const QUOTES: [char; 3] = ['"', '\u{201c}', '\u{201d}'];

/// The byte ranges inside each closed pair of quotation marks (an unclosed quote is still being
/// typed: no phrase yet). A quote opens only at the start or after a character that is not a
/// letter or digit: `15" laptop` is an inch mark.
fn quoted(query: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in query.char_indices() {
        if QUOTES.contains(&c) {
            let opens = !query[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            match open.take() {
                Some(start) => spans.push(start..at),
                None if opens => open = Some(at + c.len_utf8()),
                None => {}
            }
        }
    }
    spans
}

impl Plan {
    pub fn parse(query: &str) -> Plan {
        let found = words(query);
        let typing = query.len()
            == found
                .last()
                .map(|(_, range)| range.end)
                .unwrap_or(usize::MAX);
        let spans = quoted(query);
        let count = found.len();
        let mut all: Vec<Word> = Vec::with_capacity(count);
        // Per word, the quoted span it is in.
        let mut span_of: Vec<Option<usize>> = Vec::with_capacity(count);
        for (i, (raw, range)) in found.into_iter().enumerate() {
            let span = spans.iter().position(|s| s.contains(&range.start));
            span_of.push(span);
            all.push(Word {
                stem: stem(&raw),
                // (A word in closed quotes is never the last one still being typed.)
                prefix: typing && i + 1 == count && raw.chars().count() >= 2,
                exact: span.is_some(),
                accented: accented(&query[range]),
                raw,
            });
        }
        let phrases = phrases(&all, &span_of, spans.len());
        let mut kept: Vec<Word> = Vec::new();
        for word in &all {
            if word.prefix || !is_stopword(&word.raw) {
                kept.push(word.clone());
            }
        }
        // A prefix that is itself a function word ("how do i") says little either.
        if kept.len() > 1 && kept.last().is_some_and(|w| w.prefix && is_stopword(&w.raw)) {
            kept.pop();
        }
        let question = all
            .first()
            .is_some_and(|w| !w.prefix && QUESTION_OPENERS.contains(&w.raw.as_str()))
            && !kept.is_empty();
        if kept.is_empty() {
            kept = all;
        }
        // A word given twice counts once (a query has a few words: no hash set for them); quoted
        // once, it is exact everywhere (`password "reset password"`).
        let mut unique: Vec<Word> = Vec::with_capacity(kept.len());
        for word in kept {
            match unique
                .iter_mut()
                .find(|w| w.stem == word.stem && w.prefix == word.prefix)
            {
                Some(w) => w.exact |= word.exact,
                None => unique.push(word),
            }
        }
        Plan {
            words: unique,
            question,
            phrases,
        }
    }
}

/// The stems of each quoted span's words, function words skipped, for spans of two or more.
fn phrases(all: &[Word], span_of: &[Option<usize>], spans: usize) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); spans];
    for (word, span) in all.iter().zip(span_of) {
        if let Some(s) = span
            && !is_stopword(&word.raw)
        {
            out[*s].push(word.stem.clone());
        }
    }
    out.retain(|p| p.len() >= 2);
    out
}

/// Endings the English stemmer takes off, and none: a dictionary stem with one of them is a
/// word as it may have been written ("renew" + "al"), which a misspelling is compared with
/// ("renwal" is one letter from "renewal", three from "renew"; "biling" is one from "billing",
/// though its own stem is "bile").
const ENDINGS: &[&str] = &[
    "", "ications", "ication", "izations", "ization", "ations", "ation", "ments", "ment", "ness",
    "ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "e", "s", "als", "al", "ally", "ly",
    "ity", "ies", "y", "ive", "ous", "ful", "able", "ible", "ance", "ence", "ant", "ent", "ize",
    "ise", "ic", "ical", "ist", "ism",
];

/// How far a dictionary term is from a word that matched nothing, in edits (a transposition
/// counts once), when it is within the word's allowance: one edit up to six letters, two above.
/// The closest of: the term and the word's stem; the term with a stemmer's ending and the word
/// as written; and, for a word still being typed, the word and the start of the term ("pasw"
/// is one letter from "pass…" of "password").
pub fn typo_distance(word: &Word, term: &str) -> Option<u32> {
    typo_distance_within(word, term, 0)
}

/// [`typo_distance`] with `slack` more edits allowed (for "did you mean").
pub fn typo_distance_within(word: &Word, term: &str, slack: u32) -> Option<u32> {
    let raw: Vec<char> = word.raw.chars().collect();
    let term_chars: Vec<char> = term.chars().collect();
    if raw.len() < 4 || term_chars.len() < 3 {
        return None;
    }
    let allowed = if raw.len() <= 6 { 1 } else { 2 } + slack;
    let mut best = u32::MAX;
    if term_chars.len() + 4 >= raw.len() {
        let stem: Vec<char> = word.stem.chars().collect();
        best = osa(&term_chars, &stem, 0);
        let trimmed = osa(&term_chars, &raw, 4.min(raw.len().saturating_sub(4)));
        best = best.min(trimmed.saturating_add(1));
    }
    if best > 0 {
        best = best.min(written_distance(&raw, &term_chars, allowed));
    }
    if word.prefix && best > 0 {
        // Every ending of the term is free: the word is its start, maybe misspelt.
        best = best.min(osa(&raw, &term_chars, term_chars.len()));
    }
    (best <= allowed).then_some(best)
}

/// The way `term` (a stem) is most likely written, given the misspelt `word`: the stem with
/// the ending that brings it closest ("notif" for "notifcation" is "notification"), trying
/// also the stem's `i` as the `y` it was ("compani": "company").
pub fn respell(word: &Word, term: &str) -> String {
    let raw: Vec<char> = word.raw.chars().collect();
    let stem: Vec<char> = term.chars().collect();
    let mut bases = vec![stem.clone()];
    if let Some((&'i', head)) = stem.split_last() {
        bases.push(head.iter().copied().chain(['y']).collect());
    }
    let mut best = (u32::MAX, term.to_string());
    for base in &bases {
        for ending in ENDINGS {
            let form: Vec<char> = base.iter().copied().chain(ending.chars()).collect();
            let distance = osa(&form, &raw, 0);
            if distance < best.0 {
                best = (distance, form.into_iter().collect());
            }
        }
    }
    best.1
}

/// The distance from `raw` to the closest of `term` + an ending, only counting those whose
/// length is within `allowed` of the word's (the others cannot be close).
fn written_distance(raw: &[char], term: &[char], allowed: u32) -> u32 {
    let mut best = u32::MAX;
    let mut form: Vec<char> = Vec::with_capacity(term.len() + 8);
    for ending in ENDINGS {
        let len = term.len() + ending.len();
        if len.abs_diff(raw.len()) > allowed as usize {
            continue;
        }
        form.clear();
        form.extend_from_slice(term);
        form.extend(ending.chars());
        best = best.min(osa(&form, raw, 0));
    }
    best
}

/// Optimal-string-alignment distance from `a` to `b`, where up to `free_tail` trailing
/// characters of `b` may be left unmatched at no cost.
fn osa(a: &[char], b: &[char], free_tail: usize) -> u32 {
    let (m, n) = (a.len(), b.len());
    // One allocation for the whole table (it runs for many dictionary terms per query).
    let w = n + 1;
    let mut d = vec![0u32; (m + 1) * w];
    for i in 0..=m {
        d[i * w] = i as u32;
    }
    for (j, cell) in d[..w].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=m {
        for j in 1..=n {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    (n.saturating_sub(free_tail)..=n)
        .map(|j| d[m * w + j])
        .min()
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<(String, bool)> {
        Plan::parse(q)
            .words
            .into_iter()
            .map(|w| (w.stem, w.prefix))
            .collect()
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        assert_eq!(
            stems("reset passw"),
            [("reset".into(), false), ("passw".into(), true)]
        );
        assert_eq!(
            stems("reset password "),
            [("reset".into(), false), ("password".into(), false)]
        );
        assert_eq!(stems("refunds?"), [("refund".into(), false)]);
    }

    #[test]
    fn words_typed_with_accents_keep_their_spelling() {
        let plan = Plan::parse("Résumé TIPS for a café");
        let accented: Vec<_> = plan.words.iter().map(|w| w.accented.as_deref()).collect();
        assert_eq!(accented, [Some("résumé"), None, Some("café")]);
        assert_eq!(plan.words[0].stem, "resum");
    }

    #[test]
    fn function_words_are_dropped_unless_alone() {
        assert_eq!(
            stems("how do I reset my password"),
            [("reset".into(), false), ("password".into(), true)]
        );
        assert_eq!(
            stems("how do i"),
            [
                ("how".into(), false),
                ("do".into(), false),
                ("i".into(), false)
            ]
        );
        assert_eq!(
            stems("how to "),
            [("how".into(), false), ("to".into(), false)]
        );
    }

    #[test]
    fn quoted_words_are_exact_and_make_a_phrase() {
        let plan = Plan::parse("\"reset your password\" email");
        let exact: Vec<(&str, bool, bool)> = plan
            .words
            .iter()
            .map(|w| (w.stem.as_str(), w.exact, w.prefix))
            .collect();
        assert_eq!(
            exact,
            [
                ("reset", true, false),
                ("password", true, false),
                ("email", false, true)
            ]
        );
        assert_eq!(plan.phrases, [["reset", "password"]]);
        // Typographic quotes; a one-word quote is exact without a phrase.
        let plan = Plan::parse("\u{201c}csv import\u{201d} \"refunds\"");
        assert_eq!(plan.phrases, [["csv", "import"]]);
        assert!(plan.words.iter().all(|w| w.exact && !w.prefix));
        // An inch mark opens nothing.
        let plan = Plan::parse("15\" laptop 13\" screen");
        assert!(plan.phrases.is_empty() && plan.words.iter().all(|w| !w.exact));
        // An unclosed quote is still being typed.
        let plan = Plan::parse("\"reset pass");
        assert!(plan.phrases.is_empty());
        assert!(plan.words.iter().all(|w| !w.exact));
        assert!(plan.words[1].prefix);
    }

    fn word(raw: &str, prefix: bool) -> Word {
        Word {
            raw: raw.into(),
            stem: crate::text::stem(raw),
            prefix,
            exact: false,
            accented: None,
        }
    }

    fn typo(raw: &str, term: &str) -> Option<u32> {
        typo_distance(&word(raw, false), term)
    }

    fn typing(raw: &str, term: &str) -> Option<u32> {
        typo_distance(&word(raw, true), term)
    }

    #[test]
    fn typos_are_measured_against_stems_and_words() {
        // A letter dropped inside the suffix the stemmer would have removed.
        assert_eq!(typo("escalaton", "escal"), Some(1));
        assert_eq!(typo("custmer", "custom"), Some(1));
        // A shorter word that only resembles the start is worse than a one-letter slip.
        assert_eq!(typo("pasword", "password"), Some(1));
        assert_eq!(typo("pasword", "past"), Some(2));
        assert_eq!(typo("onbaording", "onboard"), Some(1));
        assert_eq!(typo("sucess", "success"), Some(1));
        assert_eq!(typo("timline", "timelin"), Some(1));
        assert_eq!(typo("refund", "rebate"), None);
        // Too short to guess.
        assert_eq!(typo("cst", "cat"), None);
    }

    #[test]
    fn typos_are_measured_against_the_words_as_written() {
        // The stems are "renew", "notif", "authent": the written words are one or two away.
        assert_eq!(typo("renwal", "renew"), Some(1));
        assert_eq!(typo("rnewal", "renew"), Some(1));
        assert_eq!(typo("notifcation", "notif"), Some(1));
        assert_eq!(typo("authentification", "authent"), Some(2));
        assert_eq!(typo("renwal", "remov"), None);
    }

    #[test]
    fn a_word_being_typed_may_be_a_misspelt_start() {
        assert_eq!(typing("pasw", "password"), Some(1));
        assert_eq!(typing("paswo", "password"), Some(1));
        assert_eq!(typing("paswor", "password"), Some(1));
        assert_eq!(typo("paswo", "password"), None);
        assert_eq!(typing("pasw", "refund"), None);
    }

    #[test]
    fn respelling_finds_the_written_word() {
        let word = |raw: &str| word(raw, false);
        assert_eq!(respell(&word("notifcation"), "notif"), "notification");
        assert_eq!(respell(&word("pasword"), "password"), "password");
        assert_eq!(respell(&word("renwals"), "renew"), "renewals");
        assert_eq!(respell(&word("cmpny"), "compani"), "company");
    }

    #[test]
    fn questions_are_recognised_by_their_opening() {
        assert!(Plan::parse("how do I cancel my plan").question);
        assert!(Plan::parse("can i export invoices").question);
        assert!(!Plan::parse("cancel plan").question);
        assert!(!Plan::parse("how").question);
    }
}
