//! The analyzer used for every searched text field: split on non-alphanumerics, drop very long
//! tokens, lower-case, English (Porter2) stemming. Tokenizers are not stored in the index, only
//! their name, so the writer, the CLI and the browser all register this same one.

use std::collections::HashMap;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// The name the text fields refer to.
pub const ANALYZER: &str = "wm_en";

/// A fresh analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(EnglishStem)
        .build()
}

/// English-only stemming (tantivy's own stemmer filter links all eighteen languages), with a
/// memo of the words already stemmed: a site repeats its vocabulary, and stemming is the
/// costliest step of indexing.
#[derive(Clone, Copy, Default)]
pub struct EnglishStem;

impl TokenFilter for EnglishStem {
    type Tokenizer<T: Tokenizer> = EnglishStemFilter<T>;
    fn transform<T: Tokenizer>(self, inner: T) -> EnglishStemFilter<T> {
        EnglishStemFilter {
            inner,
            memo: HashMap::new(),
        }
    }
}

/// Entries kept in one analyzer's memo before it starts over.
const MEMO_LIMIT: usize = 200_000;

#[derive(Clone)]
pub struct EnglishStemFilter<T> {
    inner: T,
    memo: HashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for EnglishStemFilter<T> {
    type TokenStream<'a> = EnglishStemStream<'a, T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() > MEMO_LIMIT {
            self.memo.clear();
        }
        EnglishStemStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            memo: &mut self.memo,
        }
    }
}

pub struct EnglishStemStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    /// word -> its stem, `None` when the stem is the word itself
    memo: &'a mut HashMap<String, Option<String>>,
}

impl<T: TokenStream> TokenStream for EnglishStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Numbers and short words are left as they are.
        if token.text.len() > 2 && !token.text.as_bytes()[0].is_ascii_digit() {
            let stemmed = match self.memo.get(token.text.as_str()) {
                Some(known) => known.clone(),
                None => {
                    let stem = self.stemmer.stem(&token.text);
                    let stem = (stem != token.text.as_str()).then(|| stem.into_owned());
                    self.memo.insert(token.text.clone(), stem.clone());
                    stem
                }
            };
            if let Some(stem) = stemmed {
                token.text.clear();
                token.text.push_str(&stem);
            }
        }
        true
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The analyzed terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The stem of one lower-cased word, by the same rule as the analyzer.
pub fn stem(word: &str) -> String {
    if word.len() > 2 && !word.as_bytes()[0].is_ascii_digit() {
        frostem::Stemmer::new(frostem::Algorithm::English)
            .stem(word)
            .into_owned()
    } else {
        word.to_string()
    }
}

/// The words of `text` as typed (lower-cased, not stemmed) with their byte offsets.
pub fn words(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
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
    fn drops_overlong_tokens() {
        let long = "x".repeat(60);
        assert_eq!(terms(&format!("a {long} b")), ["a", "b"]);
    }
}
