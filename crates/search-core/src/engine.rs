//! The query engine: one code path for `waymark search` and the browser.
//!
//! [`Engine::search`] runs in phases: dictionary lookups for every word and field, then the
//! postings of every term found, then the search itself, then the stored fields of the hits.
//! Inside a phase every read is attempted even when an earlier one failed, so a store that
//! fetches over the network learns all the byte ranges a phase needs at once; the phase then
//! fails with [`SearchError`], the caller fetches what the store recorded and runs the same
//! query again (reads already made are cached, so repeating is cheap and deterministic).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery,
};
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Index, ReloadPolicy, Searcher, TERMINATED, Term};

use crate::analyzer::{ANALYZER, analyzer, terms as analyze};
use crate::manifest::{Entry, ManifestDirectory};
use crate::plan::{Plan, typo_distance};
use crate::schema::{Fields, SCHEMA_VERSION};

/// Weights of the alternatives of one word, relative to the word itself.
const PREFIX_WEIGHT: f32 = 0.85;
const SYNONYM_WEIGHT: f32 = 0.8;
const FUZZY_WEIGHT: f32 = 0.6;
/// Expansions kept for a word still being typed / a misspelt word.
const PREFIX_EXPANSIONS: usize = 5;
const FUZZY_EXPANSIONS: usize = 3;
/// How much a field other than the best-matching one adds (BM25F-like DisMax).
const TIE_BREAKER: f32 = 0.3;
const SNIPPET_CHARS: usize = 180;

/// A failed read or a broken index. For a store that fetches lazily this usually means
/// "bytes missing": fetch what the store recorded and search again.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

impl From<std::io::Error> for SearchError {
    fn from(e: std::io::Error) -> Self {
        SearchError(e.to_string())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Request {
    pub q: String,
    pub limit: usize,
    pub filters: Filters,
    /// Compute filter counts.
    pub facets: bool,
    /// Cut snippets from the page text.
    pub snippets: bool,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            q: String::new(),
            limit: 10,
            filters: Filters::default(),
            facets: true,
            snippets: true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub section: Vec<String>,
    pub category: Vec<String>,
    pub tag: Vec<String>,
}

impl Filters {
    fn get(&self, facet: &str) -> &[String] {
        match facet {
            "type" => &self.kind,
            "section" => &self.section,
            "category" => &self.category,
            _ => &self.tag,
        }
    }
}

/// Text cut into `(text, is_match)` runs, so no one has to splice HTML.
pub type Segments = Vec<(String, bool)>;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub url: String,
    pub title: Segments,
    pub snippet: Segments,
    pub summary: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub section: String,
    pub score: f32,
}

impl Hit {
    pub fn title_text(&self) -> String {
        self.title.iter().map(|(t, _)| t.as_str()).collect()
    }
    pub fn snippet_text(&self) -> String {
        self.snippet.iter().map(|(t, _)| t.as_str()).collect()
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    #[serde(rename = "type")]
    pub kind: Vec<(String, u32)>,
    pub section: Vec<(String, String, u32)>,
    pub category: Vec<(String, u32)>,
    pub tag: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Response {
    pub q: String,
    pub total: usize,
    /// Some word matched nothing and similar words were used instead.
    pub fuzzy: bool,
    /// No page has every word: these pages have some of them.
    pub some_words: bool,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

pub struct Engine {
    searcher: Searcher,
    fields: Fields,
    entry: Arc<Entry>,
    /// stem of a one-word synonym -> the other members of its groups, each as its terms
    synonyms: HashMap<String, Vec<Vec<String>>>,
}

/// Runs every read of a phase, remembering the first failure.
#[derive(Default)]
struct Phase {
    failed: Option<SearchError>,
}

impl Phase {
    fn attempt<T, E: Into<SearchError>>(&mut self, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.failed.get_or_insert(e.into());
                None
            }
        }
    }
    fn end(self) -> Result<(), SearchError> {
        self.failed.map_or(Ok(()), Err)
    }
}

/// A filter field's values with their dictionary entries.
type FacetTerms = (
    &'static str,
    Field,
    Vec<(String, tantivy::postings::TermInfo)>,
);
/// A filter field's values with the documents that have them.
type FacetDocs = (&'static str, Vec<(String, Vec<DocId>)>);

/// One searched term with its weight relative to the word it stands for.
#[derive(Debug, Clone)]
struct Alternative {
    stem: String,
    /// More terms that must match in the same field (a synonym of several words).
    also: Vec<String>,
    weight: f32,
}

impl Alternative {
    fn terms(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.stem).chain(&self.also)
    }
}

impl Engine {
    /// Opens the index; reads only what the hot bundle holds.
    pub fn open(dir: ManifestDirectory) -> Result<Engine, SearchError> {
        let entry = Arc::new(dir.entry().clone());
        if entry.schema != SCHEMA_VERSION {
            return Err(SearchError(format!(
                "the search index has schema version {}, this program reads {SCHEMA_VERSION}: rebuild the site",
                entry.schema
            )));
        }
        let index = Index::open(dir.clone())?;
        index.tokenizers().register(ANALYZER, analyzer());
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .num_warming_threads(0)
            .doc_store_cache_num_blocks(16)
            .try_into()?;
        let searcher = reader.searcher();
        // Only one-word members are looked up from the query; a member of several words
        // ("time off") is found as all of its words, never one of them alone.
        let mut synonyms: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for group in &entry.synonyms {
            let members: Vec<Vec<String>> = group
                .iter()
                .map(|m| analyze(m))
                .filter(|t| !t.is_empty())
                .collect();
            for member in members.iter().filter(|m| m.len() == 1) {
                let others = synonyms.entry(member[0].clone()).or_default();
                others.extend(members.iter().filter(|o| *o != member).cloned());
                others.sort();
                others.dedup();
            }
        }
        let engine = Engine {
            searcher,
            fields,
            entry,
            synonyms,
        };
        engine.warm_open()?;
        Ok(engine)
    }

    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Reads what every query needs: dictionary indexes and field norms of the searched
    /// fields, the dictionary index of the filter fields. The build records these reads
    /// into the hot bundle.
    pub fn warm_open(&self) -> Result<(), SearchError> {
        let mut phase = Phase::default();
        for seg in self.searcher.segment_readers() {
            for (field, _) in self.fields.searched() {
                phase.attempt(seg.inverted_index(field));
                phase.attempt(seg.get_fieldnorms_reader(field));
            }
            for (_, field) in self.fields.facets() {
                phase.attempt(seg.inverted_index(field));
            }
        }
        phase.end()
    }

    /// Answers `request`. See the module comment for what a failure means.
    pub fn search(&self, request: &Request) -> Result<Response, SearchError> {
        let mut response = Response {
            q: request.q.clone(),
            ..Response::default()
        };
        let plan = Plan::parse(&request.q);
        let Some(seg) = self.searcher.segment_readers().first() else {
            return Ok(response);
        };
        let want_facets = request.facets
            || self
                .fields
                .facets()
                .iter()
                .any(|(name, _)| !request.filters.get(name).is_empty());
        let searched = self.fields.searched();
        let inverted = |field: Field| seg.inverted_index(field);

        // Phase 1: the words themselves, prefix ranges, filter dictionaries.
        let mut phase = Phase::default();
        let mut alternatives: Vec<Vec<Alternative>> = Vec::new();
        let mut doc_freq: HashMap<(Field, String), u32> = HashMap::new();
        for word in &plan.words {
            let mut alts = vec![Alternative {
                stem: word.stem.clone(),
                also: Vec::new(),
                weight: 1.0,
            }];
            for (field, _) in searched {
                if let Some(inv) = phase.attempt(inverted(field))
                    && let Some(info) =
                        phase.attempt(inv.get_term_info(&text_term(field, &word.stem)))
                {
                    doc_freq.insert((field, word.stem.clone()), info.map_or(0, |i| i.doc_freq));
                }
            }
            if word.prefix {
                let mut found: BTreeMap<String, u32> = BTreeMap::new();
                for (field, _) in searched {
                    let Some(inv) = phase.attempt(inverted(field)) else {
                        continue;
                    };
                    let end = prefix_end(word.raw.as_bytes());
                    let mut range = inv.terms().range().ge(word.raw.as_bytes());
                    if let Some(end) = &end {
                        range = range.lt(end);
                    }
                    if let Some(mut stream) = phase.attempt(range.into_stream()) {
                        while stream.advance() {
                            if let Ok(key) = std::str::from_utf8(stream.key()) {
                                let df = found.entry(key.to_string()).or_default();
                                *df = (*df).max(stream.value().doc_freq);
                            }
                        }
                    }
                }
                let mut expansions: Vec<(String, u32)> = found
                    .into_iter()
                    .filter(|(term, _)| *term != word.stem)
                    .collect();
                expansions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                alts.extend(
                    expansions
                        .into_iter()
                        .take(PREFIX_EXPANSIONS)
                        .map(|(stem, _)| Alternative {
                            stem,
                            also: Vec::new(),
                            weight: PREFIX_WEIGHT,
                        }),
                );
            }
            let synonyms: Vec<Alternative> = alts
                .iter()
                .filter(|a| a.weight == 1.0)
                .flat_map(|a| self.synonyms.get(&a.stem).into_iter().flatten())
                .map(|terms| Alternative {
                    stem: terms[0].clone(),
                    also: terms[1..].to_vec(),
                    weight: SYNONYM_WEIGHT,
                })
                .collect();
            alts.extend(synonyms);
            alternatives.push(alts);
        }
        let mut facet_terms: Vec<FacetTerms> = Vec::new();
        if want_facets {
            for (name, field) in self.fields.facets() {
                let mut values = Vec::new();
                if let Some(inv) = phase.attempt(inverted(field))
                    && let Some(mut stream) = phase.attempt(inv.terms().stream())
                {
                    while stream.advance() {
                        if let Ok(key) = std::str::from_utf8(stream.key()) {
                            values.push((key.to_string(), stream.value().clone()));
                        }
                    }
                }
                facet_terms.push((name, field, values));
            }
        }
        phase.end()?;

        // Phase 2: words that matched nothing get similar terms; every alternative is looked
        // up in every searched field.
        let mut phase = Phase::default();
        for (word, alts) in plan.words.iter().zip(alternatives.iter_mut()) {
            let matched = alts.iter().any(|a| a.weight == PREFIX_WEIGHT)
                || searched
                    .iter()
                    .any(|(f, _)| doc_freq.get(&(*f, word.stem.clone())).copied().unwrap_or(0) > 0);
            if matched {
                continue;
            }
            let Some(first) = word.raw.chars().next() else {
                continue;
            };
            let Some(inv) = phase.attempt(inverted(self.fields.body)) else {
                continue;
            };
            let mut low = [0u8; 4];
            let low = first.encode_utf8(&mut low).as_bytes().to_vec();
            let high = prefix_end(&low);
            let mut range = inv.terms().range().ge(&low);
            if let Some(high) = &high {
                range = range.lt(high);
            }
            let mut candidates: Vec<(u32, usize, u32, String)> = Vec::new();
            if let Some(mut stream) = phase.attempt(range.into_stream()) {
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if let Some(distance) = typo_distance(&word.raw, &word.stem, term) {
                        let closeness = term.len().abs_diff(word.stem.len());
                        candidates.push((
                            distance,
                            closeness,
                            stream.value().doc_freq,
                            term.to_string(),
                        ));
                    }
                }
            }
            candidates.sort_by(|a, b| (a.0, a.1, b.2, &a.3).cmp(&(b.0, b.1, a.2, &b.3)));
            // Only the closest tier: a one-letter slip beats every looser resemblance.
            if let Some(best) = candidates.first().map(|c| c.0) {
                candidates.retain(|c| c.0 == best);
            }
            if !candidates.is_empty() {
                response.fuzzy = true;
            }
            alts.extend(
                candidates
                    .into_iter()
                    .take(FUZZY_EXPANSIONS)
                    .map(|c| Alternative {
                        stem: c.3,
                        also: Vec::new(),
                        weight: FUZZY_WEIGHT,
                    }),
            );
        }
        let mut infos: HashMap<(Field, String), tantivy::postings::TermInfo> = HashMap::new();
        for alts in &alternatives {
            for term in alts.iter().flat_map(Alternative::terms) {
                for (field, _) in searched {
                    if let Some(inv) = phase.attempt(inverted(field))
                        && let Some(Some(info)) =
                            phase.attempt(inv.get_term_info(&text_term(field, term)))
                    {
                        infos.insert((field, term.clone()), info);
                    }
                }
            }
        }
        phase.end()?;

        // Phase 3: postings of every term found (and of the filter values).
        let mut phase = Phase::default();
        for ((field, _), info) in &infos {
            if let Some(inv) = phase.attempt(inverted(*field)) {
                phase.attempt(inv.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs));
            }
        }
        let mut facet_docs: Vec<FacetDocs> = Vec::new();
        for (name, field, values) in &facet_terms {
            let mut lists = Vec::new();
            if let Some(inv) = phase.attempt(inverted(*field)) {
                for (value, info) in values {
                    if let Some(mut postings) = phase
                        .attempt(inv.read_postings_from_terminfo(info, IndexRecordOption::Basic))
                    {
                        let mut docs = Vec::with_capacity(info.doc_freq as usize);
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            docs.push(doc);
                            doc = postings.advance();
                        }
                        lists.push((value.clone(), docs));
                    }
                }
            }
            facet_docs.push((name, lists));
        }
        phase.end()?;

        // Phase 4: the search.
        let mut word_queries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight: BTreeMap<String, f32> = BTreeMap::new();
        for alts in &alternatives {
            let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
            for alt in alts {
                for (field, boost) in searched {
                    let found: Vec<(&String, &tantivy::postings::TermInfo)> = alt
                        .terms()
                        .filter_map(|t| infos.get(&(field, t.clone())).map(|i| (t, i)))
                        .collect();
                    if found.len() != alt.also.len() + 1 {
                        continue;
                    }
                    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for (term, info) in &found {
                        clauses.push((
                            Occur::Must,
                            Box::new(TermQuery::new(
                                text_term(field, term),
                                IndexRecordOption::WithFreqs,
                            )),
                        ));
                        let weight = alt.weight / (1.0 + info.doc_freq as f32).ln_1p();
                        let entry = highlight.entry((*term).clone()).or_insert(0.0);
                        *entry = entry.max(weight);
                    }
                    // Several words count as one: their mean score.
                    let share = 1.0 / clauses.len() as f32;
                    let query: Box<dyn Query> = if clauses.len() == 1 {
                        clauses.pop().map(|(_, q)| q).expect("one clause")
                    } else {
                        Box::new(BooleanQuery::new(clauses))
                    };
                    disjuncts.push(Box::new(BoostQuery::new(query, boost * alt.weight * share)));
                }
            }
            if !disjuncts.is_empty() {
                word_queries.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::with_tie_breaker(
                        disjuncts,
                        TIE_BREAKER,
                    )),
                ));
            }
        }
        if word_queries.is_empty() {
            response.facets = want_facets.then(Facets::default);
            return Ok(response);
        }
        // Pages must have every word (through any of its alternatives); when no page does,
        // any word will do, ranked by how many match and how well. (Measured on the handbook
        // queries: requiring all but one of three or more words lost more than it gained.)
        let every_word = BooleanQuery::new(
            word_queries
                .iter()
                .map(|(_, q)| (Occur::Must, q.box_clone()))
                .collect(),
        );
        let any_word = BooleanQuery::new(word_queries);

        // Filters: OR within a facet, AND across facets; values match case-insensitively.
        let mut selected: Vec<(&'static str, Vec<DocId>)> = Vec::new();
        let mut filter_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (name, field) in self.fields.facets() {
            let wanted = request.filters.get(name);
            if wanted.is_empty() {
                continue;
            }
            let lists = facet_docs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, l)| l.as_slice())
                .unwrap_or(&[]);
            let mut docs: Vec<DocId> = Vec::new();
            let mut terms: Vec<Box<dyn Query>> = Vec::new();
            for (value, list) in lists {
                // Case and a section's trailing slash do not matter: `Help`, `help/`.
                let same = |w: &String| {
                    w.trim_matches('/')
                        .eq_ignore_ascii_case(value.trim_matches('/'))
                };
                if wanted.iter().any(same) {
                    docs.extend(list);
                    terms.push(Box::new(TermQuery::new(
                        Term::from_field_text(field, value),
                        IndexRecordOption::Basic,
                    )));
                }
            }
            docs.sort_unstable();
            docs.dedup();
            selected.push((name, docs));
            filter_clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(terms)),
                    0.0,
                )),
            ));
        }
        let with_filters = |text: &BooleanQuery| -> Box<dyn Query> {
            if filter_clauses.is_empty() {
                Box::new(text.clone())
            } else {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Must, Box::new(text.clone()))];
                clauses.extend(filter_clauses.iter().map(|(o, q)| (*o, q.box_clone())));
                Box::new(BooleanQuery::new(clauses))
            }
        };
        let limit = request.limit.clamp(1, 100);
        let collector = (TopDocs::with_limit(limit).order_by_score(), Count);
        let mut text_query = every_word;
        let (mut top, mut total) = self
            .searcher
            .search(&*with_filters(&text_query), &collector)?;
        if total == 0 {
            (top, total) = self
                .searcher
                .search(&*with_filters(&any_word), &collector)?;
            text_query = any_word;
            response.some_words = true;
        }
        response.total = total;

        if want_facets && request.facets {
            let matched = self.searcher.search(&text_query, &DocSetCollector)?;
            let num_docs = seg.max_doc() as usize;
            let mut in_text = vec![false; num_docs];
            for addr in matched {
                if let Some(slot) = in_text.get_mut(addr.doc_id as usize) {
                    *slot = true;
                }
            }
            let mut facets = Facets::default();
            for (name, lists) in &facet_docs {
                // Docs allowed by the filters of the other facets.
                let mut allowed = in_text.clone();
                for (other, docs) in &selected {
                    if other == name {
                        continue;
                    }
                    let mut keep = vec![false; num_docs];
                    for d in docs {
                        if let Some(slot) = keep.get_mut(*d as usize) {
                            *slot = true;
                        }
                    }
                    for (a, k) in allowed.iter_mut().zip(keep) {
                        *a &= k;
                    }
                }
                let mut counts: Vec<(String, u32)> = lists
                    .iter()
                    .map(|(value, docs)| {
                        let n = docs
                            .iter()
                            .filter(|d| allowed.get(**d as usize).copied().unwrap_or(false))
                            .count() as u32;
                        (value.clone(), n)
                    })
                    .filter(|(_, n)| *n > 0)
                    .collect();
                counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                match *name {
                    "type" => facets.kind = counts,
                    "section" => {
                        facets.section = counts
                            .into_iter()
                            .map(|(path, n)| {
                                let label = self
                                    .entry
                                    .sections
                                    .get(&path)
                                    .cloned()
                                    .unwrap_or_else(|| path.clone());
                                (path, label, n)
                            })
                            .collect()
                    }
                    "category" => facets.category = counts,
                    _ => facets.tag = counts,
                }
            }
            response.facets = Some(facets);
        }

        // Phase 5: stored fields of the hits (with the text snippets are cut from).
        let mut phase = Phase::default();
        let mut docs = Vec::with_capacity(top.len());
        for (score, addr) in &top {
            let doc = phase.attempt(self.searcher.doc::<StoredDoc>(*addr));
            docs.push((*score, doc));
        }
        phase.end()?;

        let mut snippets = tantivy::snippet::SnippetGenerator::new(
            highlight.clone(),
            analyzer(),
            self.fields.body,
            SNIPPET_CHARS,
        );
        snippets.set_max_num_chars(SNIPPET_CHARS);
        for (score, doc) in docs {
            let Some(doc) = doc else { continue };
            let get = |field: Field| -> String {
                doc.0
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let title = get(self.fields.title);
            let excerpt = get(self.fields.excerpt);
            let snippet = Some(excerpt.as_str())
                .filter(|t| request.snippets && !t.is_empty())
                .map(|text| {
                    let s = snippets.snippet(text);
                    let mut segments = split(s.fragment(), s.highlighted());
                    if !segments.is_empty() {
                        let range = s.fragment_range();
                        if range.start > 0 {
                            segments.insert(0, ("…".to_string(), false));
                        }
                        if range.end < text.len() {
                            segments.push(("…".to_string(), false));
                        }
                    }
                    segments
                })
                .unwrap_or_default();
            response.hits.push(Hit {
                url: get(self.fields.url),
                title: highlight_text(&title, &highlight),
                snippet,
                summary: get(self.fields.summary),
                kind: get(self.fields.kind),
                section: get(self.fields.section),
                score,
            });
        }
        Ok(response)
    }
}

/// The stored fields of a hit. All of them are text, so this reads strings only, instead of
/// tantivy's general document type, whose value types drag the regex engine into the wasm
/// (through `Facet`'s formatting).
struct StoredDoc(Vec<(Field, String)>);

struct StoredText(String);

impl ValueDeserialize for StoredText {
    fn deserialize<'de, D: ValueDeserializer<'de>>(d: D) -> Result<Self, DeserializeError> {
        d.deserialize_string().map(StoredText)
    }
}

impl DocumentDeserialize for StoredDoc {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut d: D) -> Result<Self, DeserializeError> {
        let mut fields = Vec::with_capacity(d.size_hint());
        while let Some((field, StoredText(text))) = d.next_field()? {
            fields.push((field, text));
        }
        Ok(StoredDoc(fields))
    }
}

fn text_term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// `text` cut into runs, the runs at `ranges` marked.
fn split(text: &str, ranges: &[std::ops::Range<usize>]) -> Segments {
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

/// `text` with every word whose analyzed term is in `terms` marked.
fn highlight_text(text: &str, terms: &BTreeMap<String, f32>) -> Segments {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut ranges = Vec::new();
    while stream.advance() {
        let t = stream.token();
        if terms.contains_key(&t.text) {
            ranges.push(t.offset_from..t.offset_to);
        }
    }
    split(text, &ranges)
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
        // Ranges that do not fit are ignored, text is kept.
        let inside_a_letter = vec![std::ops::Range { start: 1, end: 2 }];
        assert_eq!(
            split("héllo", &inside_a_letter),
            vec![("héllo".to_string(), false)]
        );
    }
}
