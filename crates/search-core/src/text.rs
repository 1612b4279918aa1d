//! The one text pipeline of every searched field: split on non-alphanumerics, drop tokens of 40
//! bytes or more, lower-case, English (Porter2) stemming. It has no tantivy in it, so the
//! browser reader links it too; the index writer wraps it as a tantivy tokenizer
//! (`native::analyzer`), so the terms written and the terms looked up come from the same code.

use std::collections::HashMap;
use std::ops::Range;

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
    let mut out = Vec::new();
    each_word(text, |word, range, _| out.push((word, range)));
    out
}

/// Calls `each(lower-cased word, byte range, position)` for every kept alphanumeric run.
fn each_word(text: &str, mut each: impl FnMut(String, Range<usize>, usize)) {
    let mut position = 0;
    let mut start = None;
    let mut emit = |from: usize, to: usize, position: &mut usize| {
        if to - from < MAX_TOKEN_BYTES {
            each(lowercase(&text[from..to]), from..to, *position);
        }
        *position += 1;
    };
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                emit(from, i, &mut position);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        emit(from, text.len(), &mut position);
    }
}

/// Lower case, char by char (no final-sigma rule), as tantivy's `LowerCaser`.
fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.chars().flat_map(char::to_lowercase).collect()
    }
}

/// Whether the stemmer applies: numbers and words of one or two letters stay as they are.
fn stemmable(word: &str) -> bool {
    word.len() > 2 && !word.as_bytes()[0].is_ascii_digit()
}

/// The stem of one lower-cased word, by the same rule as the analyzer.
pub fn stem(word: &str) -> String {
    if stemmable(word) {
        frostem::Stemmer::new(frostem::Algorithm::English)
            .stem(word)
            .into_owned()
    } else {
        word.to_string()
    }
}

/// An analyzer with a memo of the words already stemmed: a site repeats its vocabulary, and
/// stemming is the costliest step of indexing.
pub struct Analyzer {
    stemmer: frostem::Stemmer,
    /// word -> its stem, `None` when the stem is the word itself
    memo: HashMap<String, Option<String>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
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
    /// The analyzed tokens of `text`, in order.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        let mut out = Vec::new();
        each_word(text, |word, range, position| {
            let text = self.stem_memo(word);
            out.push(Token {
                text,
                range,
                position,
            });
        });
        out
    }

    fn stem_memo(&mut self, word: String) -> String {
        if !stemmable(&word) {
            return word;
        }
        let known = match self.memo.get(word.as_str()) {
            Some(known) => known.clone(),
            None => {
                let stem = self.stemmer.stem(&word);
                let stem = (stem != word.as_str()).then(|| stem.into_owned());
                self.memo.insert(word.clone(), stem.clone());
                stem
            }
        };
        known.unwrap_or(word)
    }
}

/// The analyzed terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    Analyzer::default()
        .tokens(text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(w[0].0, "résumé");
        assert_eq!(&text[w[1].1.clone()], "ÉCOLE");
        assert_eq!(w[1].0, "école");
    }
}
