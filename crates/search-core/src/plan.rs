//! From the text a visitor typed to the words the engine looks up: lower-cased, stemmed,
//! function words set aside, the last word marked as a prefix while it is still being typed;
//! and the typo-tolerant comparison used when a word matches nothing.

use crate::text::{stem, words};

/// English function and question words: they carry little meaning in a help-center query
/// ("how do I reset my password"), so they are dropped unless nothing else is left.
const STOPWORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does",
    "for", "from", "get", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "my", "of", "on", "or", "our", "should", "so", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "to", "us", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// As typed, lower-cased.
    pub raw: String,
    /// The analyzed term.
    pub stem: String,
    /// Still being typed: also match terms that start with `raw`.
    pub prefix: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub words: Vec<Word>,
}

impl Plan {
    pub fn parse(query: &str) -> Plan {
        let found = words(query);
        let typing = query.len()
            == found
                .last()
                .map(|(_, range)| range.end)
                .unwrap_or(usize::MAX);
        let count = found.len();
        let mut all: Vec<Word> = Vec::with_capacity(count);
        for (i, (raw, _)) in found.into_iter().enumerate() {
            all.push(Word {
                stem: stem(&raw),
                prefix: typing && i + 1 == count && raw.chars().count() >= 2,
                raw,
            });
        }
        let mut kept: Vec<Word> = Vec::new();
        for word in &all {
            if word.prefix || !STOPWORDS.contains(&word.raw.as_str()) {
                kept.push(word.clone());
            }
        }
        // A prefix that is itself a function word ("how do i") says little either.
        if kept.len() > 1
            && kept
                .last()
                .is_some_and(|w| w.prefix && STOPWORDS.contains(&w.raw.as_str()))
        {
            kept.pop();
        }
        if kept.is_empty() {
            kept = all;
        }
        // A word given twice counts once (a query has a few words: no hash set for them).
        let mut unique: Vec<Word> = Vec::with_capacity(kept.len());
        for word in kept {
            if !unique
                .iter()
                .any(|w| w.stem == word.stem && w.prefix == word.prefix)
            {
                unique.push(word);
            }
        }
        Plan { words: unique }
    }
}

/// How far a dictionary term is from a misspelt word: the smaller of its edit distance
/// (transpositions count once) to the word's stem, and one more than its distance to the word
/// with up to four trailing letters ignored (the dictionary holds stems: "escalaton" is one
/// letter from "escalation", whose stem is "escal"). `None` when it is further than the word's
/// allowance: one edit up to six letters, two above.
pub fn typo_distance(raw: &str, stem: &str, term: &str) -> Option<u32> {
    let word: Vec<char> = raw.chars().collect();
    let term_chars: Vec<char> = term.chars().collect();
    let allowed = if word.len() <= 6 { 1 } else { 2 };
    if word.len() < 4 || term_chars.len() < 3 || term_chars.len() + 4 < word.len() {
        return None;
    }
    let stem_chars: Vec<char> = stem.chars().collect();
    let full = osa(&term_chars, &stem_chars, 0);
    let trimmed = osa(&term_chars, &word, 4.min(word.len().saturating_sub(4))).saturating_add(1);
    let best = full.min(trimmed);
    (best <= allowed).then_some(best)
}

/// Optimal-string-alignment distance from `a` to `b`, where up to `free_tail` trailing
/// characters of `b` may be left unmatched at no cost.
fn osa(a: &[char], b: &[char], free_tail: usize) -> u32 {
    let (m, n) = (a.len(), b.len());
    let mut d = vec![vec![0u32; n + 1]; m + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=m {
        for j in 1..=n {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    (n.saturating_sub(free_tail)..=n)
        .map(|j| d[m][j])
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
    fn typos_are_measured_against_stems_and_words() {
        // A letter dropped inside the suffix the stemmer would have removed.
        assert_eq!(typo_distance("escalaton", "escalaton", "escal"), Some(1));
        assert_eq!(typo_distance("custmer", "custmer", "custom"), Some(2));
        // A shorter word that only resembles the start is worse than a one-letter slip.
        assert_eq!(typo_distance("pasword", "pasword", "password"), Some(1));
        assert_eq!(typo_distance("pasword", "pasword", "past"), Some(2));
        assert_eq!(typo_distance("onbaording", "onbaord", "onboard"), Some(1));
        assert_eq!(typo_distance("sucess", "sucess", "success"), Some(1));
        assert_eq!(typo_distance("timline", "timlin", "timelin"), Some(1));
        assert_eq!(typo_distance("refund", "refund", "rebate"), None);
        // Too short to guess.
        assert_eq!(typo_distance("cst", "cst", "cat"), None);
    }
}
