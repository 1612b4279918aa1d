//! From the planned words to the terms searched: each word's own stem, its completions while it
//! is being typed, its synonyms, and for a word that matches nothing the closest dictionary
//! terms. Shared by both engines; all they supply is dictionary access ([`Lexicon`]).

use crate::fields::{ACCENTED, BODY, BODY_PAIRS, FACETS, PAIRS, SEARCHED};
use crate::plan::{Plan, Word, typo_distance};
use crate::request::{Phase, SearchError};
use crate::text::{pair, terms as analyze};

/// Weights of the alternatives of one word, relative to the word itself.
pub const PREFIX_WEIGHT: f32 = 0.85;
pub const SYNONYM_WEIGHT: f32 = 0.8;
pub const FUZZY_WEIGHT: f32 = 0.6;
/// Expansions kept for a word still being typed / a misspelt word.
const PREFIX_EXPANSIONS: usize = 5;
const FUZZY_EXPANSIONS: usize = 3;

/// Term dictionaries by field number: what both engines' dictionaries can do.
pub trait Lexicon {
    /// What the dictionary holds for a term (where its postings are).
    type Info: Clone;
    fn doc_freq(info: &Self::Info) -> u32;
    /// The entry of `term` in `field`, if the field has it.
    fn lookup(&self, field: u32, term: &str) -> Result<Option<Self::Info>, SearchError>;
    /// Every term of `field` from `low` (inclusive) to `high` (exclusive, `None`: the end).
    fn scan(
        &self,
        field: u32,
        low: &[u8],
        high: Option<&[u8]>,
        each: &mut dyn FnMut(&str, &Self::Info),
    ) -> Result<(), SearchError>;
}

/// Every key of an sstable dictionary from `low` (inclusive) to `high` (exclusive): tantivy's
/// term dictionary and the browser reader's are both `tantivy-sstable` dictionaries.
pub fn scan_range<T: tantivy_sstable::SSTable>(
    range: tantivy_sstable::StreamerBuilder<'_, T>,
    low: &[u8],
    high: Option<&[u8]>,
    each: &mut dyn FnMut(&str, &T::Value),
) -> Result<(), SearchError> {
    let mut range = range.ge(low);
    if let Some(high) = high {
        range = range.lt(high);
    }
    let mut stream = range.into_stream()?;
    while stream.advance() {
        if let Ok(key) = std::str::from_utf8(stream.key()) {
            each(key, stream.value());
        }
    }
    Ok(())
}

/// One searched term with its weight relative to the word it stands for.
#[derive(Debug, Clone)]
pub struct Alternative {
    pub stem: String,
    /// More terms that must match in the same field (a synonym of several words).
    pub also: Vec<String>,
    pub weight: f32,
    /// The word as typed, a completion of it or its respelling (not a synonym): what counts
    /// for title coverage.
    pub spelling: bool,
}

impl Alternative {
    pub fn terms(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.stem).chain(&self.also)
    }
    fn own(stem: String, weight: f32) -> Alternative {
        Alternative {
            stem,
            also: Vec::new(),
            weight,
            spelling: true,
        }
    }
}

/// Synonym groups by the stem of each one-word member: the other members, each as its terms;
/// sorted by stem, so a word's synonyms are found by binary search.
pub type Synonyms = Vec<(String, Vec<Vec<String>>)>;

/// Where `stem` is in `synonyms`, or where it would go.
fn synonyms_at(synonyms: &[(String, Vec<Vec<String>>)], stem: &str) -> Result<usize, usize> {
    synonyms.binary_search_by(|(s, _)| s.as_str().cmp(stem))
}

/// Only one-word members are looked up from the query; a member of several words ("time off")
/// is found as all of its words, never one of them alone.
pub fn synonyms(groups: &[Vec<String>]) -> Synonyms {
    let mut out: Synonyms = Vec::new();
    for group in groups {
        let mut members: Vec<Vec<String>> = Vec::new();
        for member in group {
            let terms = analyze(member);
            if !terms.is_empty() {
                members.push(terms);
            }
        }
        for member in members.iter().filter(|m| m.len() == 1) {
            let at = synonyms_at(&out, &member[0]).unwrap_or_else(|at| {
                out.insert(at, (member[0].clone(), Vec::new()));
                at
            });
            let others = &mut out[at].1;
            for other in &members {
                if other != member {
                    others.push(other.clone());
                }
            }
            crate::order::sort_by(others, |a, b| a.cmp(b));
            others.dedup();
        }
    }
    out
}

/// The searched terms of a query.
pub struct Expanded<I> {
    /// Per planned word, its alternatives (the word itself first).
    pub words: Vec<Vec<Alternative>>,
    /// Dictionary entries of every alternative's terms as (field, term, entry), sorted by
    /// field and term.
    pub infos: Vec<(u32, String, I)>,
    /// Per two neighbouring words, the pair terms found in titles and headings, with their
    /// entries ([`crate::fields::PAIRS`]).
    pub pairs: Vec<Vec<(String, I)>>,
    /// Per two neighbouring words of a quoted phrase, where they stand together: the pair's
    /// entries in titles and headings and in the body ([`crate::fields::BODY_PAIRS`]) as
    /// (field, term, entry). A page must have every one of these pairs; one found nowhere
    /// matches no page.
    pub phrase_pairs: Vec<Vec<(u32, String, I)>>,
    /// The accented words of the query as typed that some page has spelt so
    /// ([`crate::fields::ACCENTED`]), with their entries: those pages get a bonus.
    pub accented: Vec<(String, I)>,
    /// Per planned word, whether it was quoted: such a word that matches nothing still counts
    /// as a word (no page has every word), rather than being left out as other unknown words are.
    pub exact: Vec<bool>,
    /// Some word matched nothing and similar words were used instead.
    pub fuzzy: bool,
    /// The query is a question ([`Plan::question`]).
    pub question: bool,
}

impl<I> Expanded<I> {
    /// The index in `infos` of `term` in `field`, if the query found it there.
    pub fn find(&self, field: u32, term: &str) -> Option<usize> {
        info_at(&self.infos, field, term).ok()
    }

    /// The dictionary entry of `term` in `field`, if the query found it there.
    pub fn info(&self, field: u32, term: &str) -> Option<&I> {
        self.find(field, term).map(|at| &self.infos[at].2)
    }

    /// The document frequency both engines score `term` with: its largest in any searched
    /// field (see [`crate::score`]).
    pub fn doc_freq(&self, term: &str, of: impl Fn(&I) -> u32) -> u32 {
        let mut most = 0;
        for (field, _) in SEARCHED {
            if let Some(info) = self.info(field, term) {
                most = most.max(of(info));
            }
        }
        most
    }

    /// Whether alternative `alt` of a word counts for title coverage: the word itself, a
    /// completion or a respelling (not a synonym).
    pub fn covers(alt: &Alternative) -> bool {
        alt.spelling
    }
}

/// Where (`field`, `term`) is in `infos`, or where it would go.
fn info_at<I>(infos: &[(u32, String, I)], field: u32, term: &str) -> Result<usize, usize> {
    infos.binary_search_by(|(f, t, _)| (*f, t.as_str()).cmp(&(field, term)))
}

/// A filter field's values with their dictionary entries.
pub struct FacetTerms<I> {
    pub name: &'static str,
    pub field: u32,
    pub values: Vec<(String, I)>,
}

/// What the dictionary phases find: the searched terms and the filter values.
pub type Found<I> = (Expanded<I>, Vec<FacetTerms<I>>);

/// Runs the dictionary phases of a query: the words and their completions (with the filter
/// values when `facets`), then similar terms for words that matched nothing, then the entries
/// of every term in every searched field.
pub fn expand<L: Lexicon>(
    lex: &L,
    plan: &Plan,
    synonyms: &Synonyms,
    facets: bool,
) -> Result<Found<L::Info>, SearchError> {
    let mut phase = Phase::default();
    let mut matched = Vec::new();
    let mut words = Vec::new();
    for word in &plan.words {
        let mut df = 0;
        for (field, _) in SEARCHED {
            if let Some(Some(info)) = phase.attempt(lex.lookup(field, &word.stem)) {
                df = df.max(L::doc_freq(&info));
            }
        }
        let mut alts = vec![Alternative::own(word.stem.clone(), 1.0)];
        if word.prefix {
            alts.extend(completions(lex, &mut phase, &word.raw, &word.stem));
        }
        let mut synonym_alts = Vec::new();
        for alt in alts.iter().filter(|a| a.weight == 1.0 && !word.exact) {
            let Ok(at) = synonyms_at(synonyms, &alt.stem) else {
                continue;
            };
            for terms in &synonyms[at].1 {
                synonym_alts.push(Alternative {
                    stem: terms[0].clone(),
                    also: terms[1..].to_vec(),
                    weight: SYNONYM_WEIGHT,
                    spelling: false,
                });
            }
        }
        // A quoted word is not respelt.
        matched.push(df > 0 || word.exact || alts.iter().any(|a| a.weight == PREFIX_WEIGHT));
        alts.extend(synonym_alts);
        words.push(alts);
    }
    // Pairs are looked up with the words, in the same round; a pair with a word that is
    // respelt below is looked up again then.
    let mut pairs = pair_terms(lex, &mut phase, &words, &[]);
    let phrase_pairs = phrase_pairs(lex, &mut phase, &plan.phrases);
    let mut accented = Vec::new();
    for term in plan.words.iter().filter_map(|w| w.accented.as_ref()) {
        if let Some(Some(info)) = phase.attempt(lex.lookup(ACCENTED, term)) {
            accented.push((term.clone(), info));
        }
    }
    let facet_terms = if facets {
        facet_values(lex, &mut phase)
    } else {
        Vec::new()
    };
    phase.end()?;

    let mut phase = Phase::default();
    let mut fuzzy = false;
    let mut respelt = vec![false; words.len()];
    for (((word, alts), matched), respelt) in plan
        .words
        .iter()
        .zip(words.iter_mut())
        .zip(matched)
        .zip(respelt.iter_mut())
    {
        if matched {
            continue;
        }
        let similar = similar_terms(lex, &mut phase, word);
        *respelt = !similar.is_empty();
        fuzzy |= *respelt;
        for stem in similar {
            alts.push(Alternative::own(stem, FUZZY_WEIGHT));
        }
    }
    if fuzzy {
        let again = pair_terms(lex, &mut phase, &words, &respelt);
        for (p, found) in again.into_iter().enumerate() {
            if respelt[p] || respelt[p + 1] {
                pairs[p] = found;
            }
        }
    }
    let mut infos: Vec<(u32, String, L::Info)> = Vec::new();
    for alt in words.iter().flatten() {
        for term in alt.terms() {
            for (field, _) in SEARCHED {
                // A term of several alternatives is looked up once.
                let Err(at) = info_at(&infos, field, term) else {
                    continue;
                };
                if let Some(Some(info)) = phase.attempt(lex.lookup(field, term)) {
                    infos.insert(at, (field, term.clone(), info));
                }
            }
        }
    }
    phase.end()?;
    Ok((
        Expanded {
            words,
            infos,
            pairs,
            phrase_pairs,
            accented,
            exact: plan.words.iter().map(|w| w.exact).collect(),
            fuzzy,
            question: plan.question,
        },
        facet_terms,
    ))
}

/// Spellings tried per word of a pair (the word, its completions or respellings).
const PAIR_SPELLINGS: usize = 3;

/// For each two neighbouring words, the pair terms titles and headings have, from the words'
/// spellings (not synonyms); when `only` is given, for the pairs with a word it marks (the
/// others are left empty).
fn pair_terms<L: Lexicon>(
    lex: &L,
    phase: &mut Phase,
    words: &[Vec<Alternative>],
    only: &[bool],
) -> Vec<Vec<(String, L::Info)>> {
    let spellings = |alts: &[Alternative]| -> Vec<String> {
        let mut out = Vec::with_capacity(PAIR_SPELLINGS);
        for alt in alts.iter().filter(|a| a.spelling) {
            if out.len() < PAIR_SPELLINGS {
                out.push(alt.stem.clone());
            }
        }
        out
    };
    let mut out = Vec::with_capacity(words.len().saturating_sub(1));
    for (p, two) in words.windows(2).enumerate() {
        let mut found = Vec::new();
        if !only.is_empty() && !only[p] && !only[p + 1] {
            out.push(found);
            continue;
        }
        for first in spellings(&two[0]) {
            for second in spellings(&two[1]) {
                let term = pair(&first, &second);
                if let Some(Some(info)) = phase.attempt(lex.lookup(PAIRS, &term)) {
                    found.push((term, info));
                }
            }
        }
        out.push(found);
    }
    out
}

/// For each two neighbouring words of each phrase, the entries of their pair in titles and
/// headings and in the body.
fn phrase_pairs<L: Lexicon>(
    lex: &L,
    phase: &mut Phase,
    phrases: &[Vec<String>],
) -> Vec<Vec<(u32, String, L::Info)>> {
    let mut out = Vec::new();
    for two in phrases.iter().flat_map(|p| p.windows(2)) {
        let term = pair(&two[0], &two[1]);
        let mut found = Vec::with_capacity(2);
        for field in [PAIRS, BODY_PAIRS] {
            if let Some(Some(info)) = phase.attempt(lex.lookup(field, &term)) {
                found.push((field, term.clone(), info));
            }
        }
        out.push(found);
    }
    out
}

/// The most frequent terms that start with the word as typed, in any searched field.
fn completions<L: Lexicon>(lex: &L, phase: &mut Phase, raw: &str, stem: &str) -> Vec<Alternative> {
    // Every (term, document count) of every field; a term in several fields counts with the
    // largest, which sorts first.
    let mut found: Vec<(String, u32)> = Vec::new();
    let end = prefix_end(raw.as_bytes());
    for (field, _) in SEARCHED {
        phase.attempt(
            lex.scan(field, raw.as_bytes(), end.as_deref(), &mut |key, info| {
                if key != stem {
                    found.push((key.to_string(), L::doc_freq(info)));
                }
            }),
        );
    }
    crate::order::sort_by(&mut found, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<Alternative> = Vec::with_capacity(PREFIX_EXPANSIONS);
    for (term, _) in found {
        if out.len() == PREFIX_EXPANSIONS {
            break;
        }
        if out.iter().all(|a| a.stem != term) {
            out.push(Alternative::own(term, PREFIX_WEIGHT));
        }
    }
    out
}

/// The closest tier of body terms that start with the word's first letter.
fn similar_terms<L: Lexicon>(lex: &L, phase: &mut Phase, word: &Word) -> Vec<String> {
    let (raw, stem) = (word.raw.as_str(), word.stem.as_str());
    let Some(first) = raw.chars().next() else {
        return Vec::new();
    };
    let mut low = [0u8; 4];
    let low = first.encode_utf8(&mut low).as_bytes().to_vec();
    let high = prefix_end(&low);
    let mut candidates: Vec<(u32, usize, u32, String)> = Vec::new();
    phase.attempt(lex.scan(BODY, &low, high.as_deref(), &mut |term, info| {
        if let Some(distance) = typo_distance(word, term) {
            // A word being typed may be the start of a long term: only frequency tells.
            let closeness = if word.prefix {
                0
            } else {
                term.len().abs_diff(stem.len())
            };
            candidates.push((distance, closeness, L::doc_freq(info), term.to_string()));
        }
    }));
    crate::order::sort_by(&mut candidates, |a, b| {
        (a.0, a.1, b.2, &a.3).cmp(&(b.0, b.1, a.2, &b.3))
    });
    // Only the closest tier: a one-letter slip beats every looser resemblance.
    let best = candidates.first().map(|c| c.0);
    let mut out = Vec::with_capacity(FUZZY_EXPANSIONS);
    for (distance, _, _, term) in candidates {
        if Some(distance) != best || out.len() == FUZZY_EXPANSIONS {
            break;
        }
        out.push(term);
    }
    out
}

/// Every value of every filter field.
fn facet_values<L: Lexicon>(lex: &L, phase: &mut Phase) -> Vec<FacetTerms<L::Info>> {
    let mut out = Vec::with_capacity(FACETS.len());
    for &(name, field) in &FACETS {
        let mut values = Vec::new();
        phase.attempt(lex.scan(field, b"", None, &mut |key, info| {
            values.push((key.to_string(), info.clone()));
        }));
        out.push(FacetTerms {
            name,
            field,
            values,
        });
    }
    out
}

/// The smallest byte string greater than every string starting with `prefix`.
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_is_the_next_string() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(b"a\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_end(b"\xff"), None);
    }
}
