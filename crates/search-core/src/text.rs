//! The one text pipeline of every searched field: split on non-alphanumerics, drop tokens of 40
//! bytes or more, lower-case, fold Latin accents ("résumé" is "resume"), English (Porter2)
//! stemming. It has no tantivy in it, so the
//! browser reader links it too; the index writer wraps it as a tantivy tokenizer
//! (`native::analyzer`), so the terms written and the terms looked up come from the same code.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use crate::lower::lower_each;

/// Tokens of this many bytes or more are dropped (tantivy's `RemoveLongFilter::limit(40)`).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Entries kept in one memo before it starts over.
const MEMO_LIMIT: usize = 200_000;

/// One analyzed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Byte offsets in the analyzed text.
    pub range: Range<usize>,
    /// The token's number among all alphanumeric runs (dropped long ones included).
    pub position: usize,
}

/// The alphanumeric runs of `text` with their byte ranges, long ones left out, lower-cased.
pub fn words(text: &str) -> Vec<(String, Range<usize>)> {
    let mut cursor = Cursor::new(text);
    let mut out = Vec::new();
    let mut word = String::new();
    while let Some((range, _)) = cursor.next_word(&mut word) {
        out.push((word.clone(), range));
    }
    out
}

/// A position in a text being split into words.
pub struct Cursor<'a> {
    text: &'a str,
    at: usize,
    position: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor {
            text,
            at: 0,
            position: 0,
        }
    }

    /// Writes the next kept alphanumeric run, lower-cased, into `word` and returns its byte
    /// range and its position (runs dropped for length count too).
    pub fn next_word(&mut self, word: &mut String) -> Option<(Range<usize>, usize)> {
        loop {
            let rest = &self.text[self.at..];
            let from = self.at + rest.find(char::is_alphanumeric)?;
            let run = &self.text[from..];
            let len = run
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(run.len());
            let to = from + len;
            self.at = to;
            let position = self.position;
            self.position += 1;
            if len < MAX_TOKEN_BYTES {
                lowercase_into(&self.text[from..to], word);
                return Some((from..to, position));
            }
        }
    }
}

/// Lower case, char by char (no final-sigma rule), as tantivy's `LowerCaser`, then accents
/// folded.
fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            lower_each(c, |lower| fold_into(lower, out));
        }
    }
}

/// A lower-case letter of Latin-1 and most of Latin Extended-A without its accent (`é` → `e`,
/// `ß` → `ss`); any other character as it is. A visitor types "resume" for "résumé" and "cafe"
/// for "café". A table of these ~100 letters rather than tantivy's `AsciiFoldingFilter` or
/// Unicode decomposition: those cover every script and would add their tables to the browser's
/// wasm, which this covers with one small `match` for the languages a Latin-script help center
/// is written in.
fn fold_into(c: char, out: &mut String) {
    let folded = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ð' => "d",
        'þ' => "th",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(folded);
}

/// Whether the stemmer applies: numbers and words of one or two letters stay as they are.
fn stemmable(word: &str) -> bool {
    word.len() > 2 && !word.as_bytes()[0].is_ascii_digit()
}

/// The stem of one lower-cased word, by the same rule as the analyzer.
pub fn stem(word: &str) -> String {
    let mut stem = word.to_string();
    stem_in_place(&english(), &mut stem);
    stem
}

/// The English stemmer.
pub fn english() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::English)
}

/// Replaces a lower-cased word by its stem, by the same rule as the analyzer but without its
/// memo: for the few words of a query or a hit (the browser links no hash map for it).
pub fn stem_in_place(stemmer: &frostem::Stemmer, word: &mut String) {
    if !stemmable(word) {
        return;
    }
    let stem = match stemmer.stem(word) {
        Cow::Owned(stem) => stem,
        Cow::Borrowed(_) => return,
    };
    *word = stem;
}

/// An analyzer with a memo of the words already stemmed: a site repeats its vocabulary, and
/// stemming is the costliest step of indexing.
pub struct Analyzer {
    stemmer: frostem::Stemmer,
    /// word -> its stem, `None` when the stem is the word itself
    memo: HashMap<Box<str>, Option<Box<str>>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: english(),
            memo: HashMap::new(),
        }
    }
}

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        Analyzer::default()
    }
}

impl Analyzer {
    /// Writes the next token of `cursor` into `term` (its analyzed text) and returns its byte
    /// range and position.
    pub fn next_token(
        &mut self,
        cursor: &mut Cursor,
        term: &mut String,
    ) -> Option<(Range<usize>, usize)> {
        let found = cursor.next_word(term)?;
        self.stem_in_place(term);
        Some(found)
    }

    /// Replaces a lower-cased word by its stem.
    pub fn stem_in_place(&mut self, term: &mut String) {
        if !stemmable(term) {
            return;
        }
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        match self.memo.get(term.as_str()) {
            Some(Some(stem)) => {
                term.clear();
                term.push_str(stem);
            }
            Some(None) => {}
            None => {
                let stem = self.stemmer.stem(term);
                let stem = (stem != term.as_str()).then(|| Box::<str>::from(stem.as_ref()));
                self.memo.insert(term.as_str().into(), stem.clone());
                if let Some(stem) = stem {
                    term.clear();
                    term.push_str(&stem);
                }
            }
        }
    }

    /// The analyzed tokens of `text`, in order.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut cursor = Cursor::new(text);
        let mut out = Vec::new();
        let mut term = String::new();
        while let Some((range, position)) = self.next_token(&mut cursor, &mut term) {
            out.push(Token {
                text: term.clone(),
                range,
                position,
            });
        }
        out
    }
}

/// The analyzed terms of `text`, in order (as [`Analyzer::tokens`], without the memo).
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = english();
    let mut cursor = Cursor::new(text);
    let mut out = Vec::new();
    let mut word = String::new();
    while cursor.next_word(&mut word).is_some() {
        stem_in_place(&stemmer, &mut word);
        out.push(word.clone());
    }
    out
}

/// English function and question words: they carry little meaning in a help-center query
/// ("how do I reset my password"), so queries drop them unless nothing else is left, and word
/// pairs skip them.
const STOPWORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does",
    "for", "from", "get", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "my", "of", "on", "or", "our", "should", "so", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "to", "us", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
];

/// Whether a lower-cased word is a function word.
pub fn is_stopword(word: &str) -> bool {
    // The index asks for every word of every page: most are longer than any function word.
    word.len() <= 6 && STOPWORDS.contains(&word)
}

/// The term of a pair of words: both stems, a space between.
pub fn pair(first: &str, second: &str) -> String {
    let mut out = String::with_capacity(first.len() + second.len() + 1);
    out.push_str(first);
    out.push(' ');
    out.push_str(second);
    out
}

/// The pairs of neighbouring words of each line of a text, one at a time, function words
/// skipped ("Reset your password" has "reset password"): where a title, heading or paragraph
/// has the query's words together. The index writes them as tokens (`native::analyzer`).
pub struct Pairs<'a> {
    text: &'a str,
    cursor: Cursor<'a>,
    /// The previous kept word's stem (empty at the start of a line) and where it started and
    /// ended.
    last: String,
    last_start: usize,
    last_end: usize,
    word: String,
}

impl<'a> Pairs<'a> {
    pub fn new(text: &'a str) -> Self {
        Pairs {
            text,
            cursor: Cursor::new(text),
            last: String::new(),
            last_start: 0,
            last_end: 0,
            word: String::new(),
        }
    }

    /// Writes the next pair's term into `out` and returns the byte range of its two words.
    pub fn next_pair(&mut self, analyzer: &mut Analyzer, out: &mut String) -> Option<Range<usize>> {
        loop {
            let (range, _) = self.cursor.next_word(&mut self.word)?;
            if is_stopword(&self.word) {
                continue;
            }
            analyzer.stem_in_place(&mut self.word);
            let gap = &self.text[self.last_end.min(range.start)..range.start];
            let start = self.last_start;
            let joined = !self.last.is_empty() && !gap.contains('\n');
            if joined {
                out.clear();
                out.push_str(&self.last);
                out.push(' ');
                out.push_str(&self.word);
            }
            std::mem::swap(&mut self.last, &mut self.word);
            self.last_start = range.start;
            self.last_end = range.end;
            if joined {
                return Some(start..range.end);
            }
        }
    }
}

/// The first two characters of a lower-cased word: stemming keeps them (English Snowball
/// changes endings only) except in three exceptional forms, so any other word can only stem to
/// a term that starts the same way.
pub fn lead(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// The words whose stem does not keep their [`lead`] (`dying` → `die`).
pub const LEAD_EXCEPTIONS: [&str; 3] = ["dying", "lying", "tying"];

/// The accented spelling of one word as a term: its lower case with accents kept, stemmed by
/// the same rule as other terms; `None` when folding leaves the word as it is (every ASCII
/// word). The index keeps these beside the folded terms ([`crate::fields::ACCENTED`]), so a
/// query typed with accents ranks the pages spelt that way first.
pub fn accented(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut lower = String::with_capacity(word.len());
    for c in word.chars() {
        lower_each(c, |l| lower.push(l));
    }
    let mut folded = String::new();
    lowercase_into(word, &mut folded);
    if lower == folded {
        return None;
    }
    stem_in_place(&english(), &mut lower);
    Some(lower)
}

/// The accented spellings of a text's words, one at a time ([`accented`]); a text in plain
/// ASCII, as most are, has none and costs one pass to tell.
pub struct AccentedWords<'a> {
    text: &'a str,
    cursor: Option<Cursor<'a>>,
    word: String,
}

impl<'a> AccentedWords<'a> {
    pub fn new(text: &'a str) -> Self {
        AccentedWords {
            text,
            cursor: (!text.is_ascii()).then(|| Cursor::new(text)),
            word: String::new(),
        }
    }

    /// Writes the next accented spelling into `out` and returns its word's byte range.
    pub fn next_accented(&mut self, out: &mut String) -> Option<Range<usize>> {
        let cursor = self.cursor.as_mut()?;
        loop {
            let (range, _) = cursor.next_word(&mut self.word)?;
            if let Some(spelt) = accented(&self.text[range.clone()]) {
                *out = spelt;
                return Some(range);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_keep_the_first_two_letters() {
        let text = "skis skies dying lying tying idly gently ugly early only singly news \
            generously communication arsenal running happily relational conditional \
            yelling ayes ycleped Résumés naïvety 2fa ok ab abc";
        for (word, _) in words(text) {
            let stemmed = stem(&word);
            if !LEAD_EXCEPTIONS.contains(&word.as_str()) {
                assert_eq!(lead(&stemmed), lead(&word), "{word} -> {stemmed}");
            }
        }
    }

    #[test]
    fn stems_and_lowercases() {
        assert_eq!(
            terms("Resetting Passwords, configuration; SSO 2FA"),
            ["reset", "password", "configur", "sso", "2fa"]
        );
    }

    #[test]
    fn drops_overlong_tokens_but_counts_their_position() {
        let long = "x".repeat(60);
        let tokens = Analyzer::default().tokens(&format!("a {long} b"));
        let seen: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        assert_eq!(seen, [("a", 0), ("b", 2)]);
    }

    #[test]
    fn offsets_are_bytes_of_the_original() {
        let text = "Résumé — ÉCOLE";
        let w = words(text);
        assert_eq!(w[0].0, "resume");
        assert_eq!(&text[w[1].1.clone()], "ÉCOLE");
        assert_eq!(w[1].0, "ecole");
    }

    fn pairs(text: &str) -> Vec<String> {
        let mut analyzer = Analyzer::default();
        let mut pairs = Pairs::new(text);
        let mut out = Vec::new();
        let mut term = String::new();
        while pairs.next_pair(&mut analyzer, &mut term).is_some() {
            out.push(term.clone());
        }
        out
    }

    #[test]
    fn no_function_word_is_longer_than_is_stopword_looks() {
        assert!(STOPWORDS.iter().all(|w| w.len() <= 6));
        assert!(is_stopword("should") && !is_stopword("shoulder"));
    }

    #[test]
    fn pairs_skip_function_words_and_stay_in_their_line() {
        assert_eq!(
            pairs("How to reset your Password\nEmail never arrives"),
            ["reset password", "email never", "never arriv"]
        );
        assert!(pairs("the a\nword").is_empty());
        // Words of one or two letters are not stemmed, and a word is never empty.
        assert_eq!(pairs("go 2fa now"), ["go 2fa", "2fa now"]);
        // Each pair's range spans its two words.
        let text = "reset your password now";
        let mut pairs = Pairs::new(text);
        let mut term = String::new();
        let first = pairs
            .next_pair(&mut Analyzer::default(), &mut term)
            .unwrap();
        assert_eq!(&text[first], "reset your password");
    }

    #[test]
    fn accented_spellings_are_kept_beside_the_folded_terms() {
        assert_eq!(accented("Résumés").as_deref(), Some("résumé"));
        assert_eq!(accented("resume"), None);
        // Letters folding leaves alone (other scripts) have no second spelling.
        assert_eq!(accented("Привет"), None);
        let text = "Your résumé, a CAFÉ menu and a plain resume";
        let mut accented_words = AccentedWords::new(text);
        let mut out = String::new();
        let mut found = Vec::new();
        while let Some(range) = accented_words.next_accented(&mut out) {
            found.push((out.clone(), &text[range]));
        }
        assert_eq!(
            found,
            [
                ("résumé".to_string(), "résumé"),
                ("café".to_string(), "CAFÉ")
            ]
        );
        assert!(
            AccentedWords::new("plain text")
                .next_accented(&mut out)
                .is_none()
        );
    }

    #[test]
    fn accents_fold_and_other_scripts_stay() {
        assert_eq!(
            terms("Résumé café NAÏVE Straße Øre Łódź"),
            ["resum", "cafe", "naiv", "strass", "ore", "lodz"]
        );
        assert_eq!(terms("Résumé"), terms("resume"));
        assert_eq!(terms("привет 東京"), ["привет", "東京"]);
    }
}
