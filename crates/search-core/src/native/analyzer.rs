//! The text pipeline of [`crate::text`] as tantivy tokenizers, registered under [`ANALYZER`],
//! [`PAIRS_ANALYZER`] and [`ACCENTED_ANALYZER`] by the writer and the native engine.
//! Tokenizers are not stored in the index, only their names, so whatever opens the index
//! registers these same ones ([`register`]).

use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

use crate::text::{AccentedWords, Analyzer, Cursor, Pairs};

/// The name the text fields refer to.
pub const ANALYZER: &str = "wm_en";
/// The name the word-pair fields refer to.
pub const PAIRS_ANALYZER: &str = "wm_pairs";
/// The name the accented-words field refers to.
pub const ACCENTED_ANALYZER: &str = "wm_accented";

/// Registers the three analyzers under the names the schema gives: the writer and every
/// reader of the index call this.
pub fn register(tokenizers: &TokenizerManager) {
    tokenizers.register(ANALYZER, analyzer());
    tokenizers.register(PAIRS_ANALYZER, pairs_analyzer());
    tokenizers.register(ACCENTED_ANALYZER, accented_analyzer());
}

/// A fresh analyzer.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WmTokenizer::default())
}

/// A fresh word-pair analyzer: each token is a pair of neighbouring words (`text::Pairs`).
/// Tokens straight from the text, rather than a value per pair, cost the build no string per
/// pair (measured: a third of the time the body's pairs took as values).
pub fn pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairsTokenizer::default())
}

/// A fresh analyzer of accented words: a token for each word folding changes, as written
/// (`text::AccentedWords`).
pub fn accented_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(AccentedTokenizer)
}

/// Where a token stream's tokens come from: each writes the next token's text and gives its
/// byte range and position.
pub trait Source {
    fn next_token(&mut self, text: &mut String) -> Option<(Range<usize>, usize)>;
}

/// A token stream over a [`Source`].
pub struct Stream<S> {
    source: S,
    token: Token,
}

impl<S> Stream<S> {
    fn new(source: S) -> Self {
        Stream {
            source,
            token: Token::default(),
        }
    }
}

impl<S: Source> TokenStream for Stream<S> {
    fn advance(&mut self) -> bool {
        match self.source.next_token(&mut self.token.text) {
            Some((range, position)) => {
                self.token.offset_from = range.start;
                self.token.offset_to = range.end;
                self.token.position = position;
                self.token.position_length = 1;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The analyzed words of a text, at their positions.
pub struct Words<'a> {
    analyzer: &'a mut Analyzer,
    cursor: Cursor<'a>,
}

impl Source for Words<'_> {
    fn next_token(&mut self, text: &mut String) -> Option<(Range<usize>, usize)> {
        self.analyzer.next_token(&mut self.cursor, text)
    }
}

/// The word pairs of a text, numbered in order.
pub struct WordPairs<'a> {
    analyzer: &'a mut Analyzer,
    pairs: Pairs<'a>,
    count: usize,
}

impl Source for WordPairs<'_> {
    fn next_token(&mut self, text: &mut String) -> Option<(Range<usize>, usize)> {
        let range = self.pairs.next_pair(self.analyzer, text)?;
        self.count += 1;
        Some((range, self.count - 1))
    }
}

/// The accented words of a text, numbered in order.
pub struct Accented<'a> {
    words: AccentedWords<'a>,
    count: usize,
}

impl Source for Accented<'_> {
    fn next_token(&mut self, text: &mut String) -> Option<(Range<usize>, usize)> {
        let range = self.words.next_accented(text)?;
        self.count += 1;
        Some((range, self.count - 1))
    }
}

#[derive(Clone, Default)]
pub struct WmTokenizer {
    analyzer: Analyzer,
}

impl Tokenizer for WmTokenizer {
    type TokenStream<'a> = Stream<Words<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        Stream::new(Words {
            analyzer: &mut self.analyzer,
            cursor: Cursor::new(text),
        })
    }
}

#[derive(Clone, Default)]
pub struct PairsTokenizer {
    analyzer: Analyzer,
}

impl Tokenizer for PairsTokenizer {
    type TokenStream<'a> = Stream<WordPairs<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        Stream::new(WordPairs {
            analyzer: &mut self.analyzer,
            pairs: Pairs::new(text),
            count: 0,
        })
    }
}

#[derive(Clone, Default)]
pub struct AccentedTokenizer;

impl Tokenizer for AccentedTokenizer {
    type TokenStream<'a> = Stream<Accented<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        Stream::new(Accented {
            words: AccentedWords::new(text),
            count: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wrapper gives what tantivy's own chain (simple tokenizer, long-token filter,
    /// lower-caser, ASCII folding) gives on Latin text, stems aside: the index format does not
    /// depend on our rewrite.
    #[test]
    fn matches_tantivys_own_chain_before_stemming() {
        use tantivy::tokenizer::{
            AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer,
        };
        let text = format!(
            "Résumé: ÉCOLE, naïve 2FA—x{} ok; Straße Łódź Øre cœur ΣΑΣ",
            "y".repeat(45)
        );
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut stream = theirs.token_stream(&text);
        let mut expected = Vec::new();
        while stream.advance() {
            let t = stream.token();
            expected.push((crate::text::stem(&t.text), t.offset_from, t.position));
        }
        let mut ours = analyzer();
        let mut stream = ours.token_stream(&text);
        let mut got = Vec::new();
        while stream.advance() {
            let t = stream.token();
            got.push((t.text.clone(), t.offset_from, t.position));
        }
        assert_eq!(got, expected);
    }
}
