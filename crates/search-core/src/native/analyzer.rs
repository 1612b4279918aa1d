//! The text pipeline of [`crate::text`] as a tantivy tokenizer, registered under [`ANALYZER`]
//! by the writer and the native engine. Tokenizers are not stored in the index, only their
//! name, so whatever opens the index registers this same one.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

use crate::text::{AccentedWords, Analyzer, Cursor, Pairs};

/// The name the text fields refer to.
pub const ANALYZER: &str = "wm_en";
/// The name the word-pair fields refer to.
pub const PAIRS_ANALYZER: &str = "wm_pairs";
/// The name the accented-spellings field refers to.
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

/// A fresh analyzer of accented spellings: a token for each word folding changes, as written
/// (`text::AccentedWords`).
pub fn accented_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(AccentedTokenizer)
}

#[derive(Clone, Default)]
pub struct AccentedTokenizer;

pub struct AccentedTokenStream<'a> {
    words: AccentedWords<'a>,
    token: Token,
}

impl Tokenizer for AccentedTokenizer {
    type TokenStream<'a> = AccentedTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> AccentedTokenStream<'a> {
        AccentedTokenStream {
            words: AccentedWords::new(text),
            token: Token::default(),
        }
    }
}

impl TokenStream for AccentedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.words.next_accented(&mut self.token.text) {
            Some(range) => {
                self.token.offset_from = range.start;
                self.token.offset_to = range.end;
                self.token.position = self.token.position.wrapping_add(1);
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

#[derive(Clone, Default)]
pub struct PairsTokenizer {
    analyzer: Analyzer,
}

pub struct PairsTokenStream<'a> {
    analyzer: &'a mut Analyzer,
    pairs: Pairs<'a>,
    token: Token,
}

impl Tokenizer for PairsTokenizer {
    type TokenStream<'a> = PairsTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairsTokenStream<'a> {
        PairsTokenStream {
            analyzer: &mut self.analyzer,
            pairs: Pairs::new(text),
            token: Token::default(),
        }
    }
}

impl TokenStream for PairsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.pairs.next_pair(self.analyzer, &mut self.token.text) {
            Some(range) => {
                self.token.offset_from = range.start;
                self.token.offset_to = range.end;
                self.token.position = self.token.position.wrapping_add(1);
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

#[derive(Clone, Default)]
pub struct WmTokenizer {
    analyzer: Analyzer,
}

pub struct WmTokenStream<'a> {
    analyzer: &'a mut Analyzer,
    cursor: Cursor<'a>,
    token: Token,
}

impl Tokenizer for WmTokenizer {
    type TokenStream<'a> = WmTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WmTokenStream<'a> {
        WmTokenStream {
            analyzer: &mut self.analyzer,
            cursor: Cursor::new(text),
            token: Token::default(),
        }
    }
}

impl TokenStream for WmTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self
            .analyzer
            .next_token(&mut self.cursor, &mut self.token.text)
        {
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
