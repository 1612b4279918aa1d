//! The native engine: tantivy itself answers the query (its BM25, disjunction-max and boolean
//! scorers, its top-k collector). It is what `waymark search` runs and the reference the
//! browser reader ([`crate::lean`]) is tested against. Everything around the scoring (words,
//! completions, typos, synonyms, filters, counts, snippets) is the shared code both use.

use std::sync::Arc;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::postings::TermInfo;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer,
};
use tantivy::{DocSet, Index, ReloadPolicy, Searcher, SegmentReader, TERMINATED, Term};

use crate::expand::{Expanded, FacetTerms, Lexicon, Synonyms, expand, scan_range, synonyms};
use crate::facets::{self, FacetDocs};
use crate::fallback;
use crate::fields::{self, SCHEMA_VERSION, SEARCHED};
use crate::manifest::Entry;
use crate::native::analyzer;
use crate::native::directory::ManifestDirectory;
use crate::native::schema::{check, field};
use crate::plan::Plan;
use crate::request::{Request, Response, SearchError};
use crate::score::{TIE_BREAKER, accent_share, cover_share, pair_share};
use crate::snippet::{self, Stored};

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

pub struct Engine {
    searcher: Searcher,
    entry: Arc<Entry>,
    synonyms: Synonyms,
}

/// The dictionaries of one segment.
struct Dictionaries<'a>(&'a SegmentReader);

impl Lexicon for Dictionaries<'_> {
    type Info = TermInfo;
    fn doc_freq(info: &TermInfo) -> u32 {
        info.doc_freq
    }
    fn lookup(&self, f: u32, term: &str) -> Result<Option<TermInfo>, SearchError> {
        let inv = self.0.inverted_index(field(f))?;
        Ok(inv.get_term_info(&Term::from_field_text(field(f), term))?)
    }
    fn scan(
        &self,
        f: u32,
        low: &[u8],
        high: Option<&[u8]>,
        each: &mut dyn FnMut(&str, &TermInfo),
    ) -> Result<(), SearchError> {
        let inv = self.0.inverted_index(field(f))?;
        scan_range(inv.terms().range(), low, high, each)
    }
}

impl Engine {
    /// Opens the index published in `dir`.
    pub fn open(dir: ManifestDirectory) -> Result<Engine, SearchError> {
        let entry = Arc::new(dir.entry().clone());
        if entry.schema != SCHEMA_VERSION {
            return Err(SearchError(format!(
                "the search index has schema version {}, this program reads {SCHEMA_VERSION}: rebuild the site",
                entry.schema
            )));
        }
        let index = Index::open(dir)?;
        analyzer::register(index.tokenizers());
        check(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .num_warming_threads(0)
            .try_into()?;
        let synonyms = synonyms(&entry.synonyms);
        Ok(Engine {
            searcher: reader.searcher(),
            entry,
            synonyms,
        })
    }

    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Answers `request`.
    pub fn search(&self, request: &Request) -> Result<Response, SearchError> {
        let mut response = self.answer(request)?;
        if let Some(seg) = self.searcher.segment_readers().first() {
            fallback::offer(&Dictionaries(seg), &self.entry.sections, &mut response)?;
        }
        Ok(response)
    }

    fn answer(&self, request: &Request) -> Result<Response, SearchError> {
        let mut response = Response {
            q: request.q.clone(),
            ..Response::default()
        };
        let Some(seg) = self.searcher.segment_readers().first() else {
            return Ok(response);
        };
        let plan = Plan::parse(&request.q);
        let want_facets = request.facets || !request.filters.is_empty();
        let lex = Dictionaries(seg);
        let (expanded, facet_terms) = expand(&lex, &plan, &self.synonyms, want_facets)?;
        response.fuzzy = expanded.fuzzy;
        let facet_docs = facet_docs(seg, &facet_terms)?;

        let (word_queries, mut bonuses) = word_queries(&expanded);
        bonuses.extend(pair_queries(&expanded));
        bonuses.extend(accent_queries(&expanded, word_queries.len()));
        let phrases = phrase_clauses(&expanded);
        if word_queries.is_empty() {
            response.facets = want_facets.then(Default::default);
            return Ok(response);
        }
        // Pages must have every word (through any of its alternatives); when no page does,
        // any word will do, ranked by how many match and how well. Either way titles that
        // cover the query and titles or headings with its words together add their bonus.
        let with_cover = |occur: Occur| -> BooleanQuery {
            let words = BooleanQuery::new(
                word_queries
                    .iter()
                    .map(|q| (occur, q.box_clone()))
                    .collect(),
            );
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(occur, Box::new(words))];
            clauses.extend(phrases.iter().map(|q| (Occur::Must, q.box_clone())));
            if !bonuses.is_empty() {
                let union = BooleanQuery::new(
                    bonuses
                        .iter()
                        .map(|q| (Occur::Should, q.box_clone()))
                        .collect(),
                );
                clauses.push((Occur::Should, Box::new(union)));
            }
            BooleanQuery::new(clauses)
        };
        let every_word = with_cover(Occur::Must);
        let any_word = with_cover(Occur::Should);
        let filter_clauses = filter_clauses(request, &facet_docs);
        let with_filters = |text: &BooleanQuery| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, Box::new(text.clone()))];
            clauses.extend(filter_clauses.iter().map(|q| (Occur::Must, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        let collector = (TopDocs::with_limit(request.top()).order_by_score(), Count);
        let mut text_query = every_word;
        let stats = Stats {
            searcher: &self.searcher,
            expanded: &expanded,
        };
        let (mut top, mut total) = self.searcher.search_with_statistics_provider(
            &*with_filters(&text_query),
            &collector,
            &stats,
        )?;
        if total == 0 {
            (top, total) = self.searcher.search_with_statistics_provider(
                &*with_filters(&any_word),
                &collector,
                &stats,
            )?;
            text_query = any_word;
            response.some_words = true;
        }
        response.total = total;

        if request.facets {
            let num_docs = seg.max_doc() as usize;
            let mut in_text = vec![false; num_docs];
            for addr in self.searcher.search(&text_query, &DocSetCollector)? {
                if let Some(slot) = in_text.get_mut(addr.doc_id as usize) {
                    *slot = true;
                }
            }
            let selected = facets::selected(&request.filters, &facet_docs, num_docs);
            response.facets = Some(facets::counts(
                &in_text,
                &facet_docs,
                &selected,
                &self.entry.sections,
            ));
        }

        let marks = snippet::marks::<Dictionaries>(&expanded);
        let mut marker = snippet::Marker::new(&marks);
        for (score, addr) in top {
            let doc: StoredDoc = self.searcher.doc(addr)?;
            response
                .hits
                .push(snippet::hit(doc.0, score, &mut marker, request.snippets));
        }
        Ok(response)
    }
}

type Queries = Vec<Box<dyn Query>>;

/// One query per word: the best of its alternatives in any searched field, the others adding
/// `TIE_BREAKER` of theirs (a disjunction-max of BM25 per field, each boosted); and per word
/// whose own term, a completion or a respelling is in titles, its title-coverage bonus.
fn word_queries(expanded: &Expanded<TermInfo>) -> (Queries, Queries) {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    let mut titles: Vec<Vec<Box<dyn Query>>> = Vec::new();
    for (alts, &exact) in expanded.words.iter().zip(&expanded.exact) {
        let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
        let mut in_title: Vec<Box<dyn Query>> = Vec::new();
        for alt in alts {
            for (f, boost) in SEARCHED {
                let terms: Vec<&String> = alt
                    .terms()
                    .filter(|t| expanded.find(f, t).is_some())
                    .collect();
                if terms.len() != alt.also.len() + 1 {
                    continue;
                }
                if f == fields::TITLE && Expanded::<TermInfo>::covers(alt) {
                    in_title.push(Box::new(TermQuery::new(
                        Term::from_field_text(field(f), &alt.stem),
                        IndexRecordOption::Basic,
                    )));
                }
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
                    .iter()
                    .map(|t| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(field(f), t),
                            IndexRecordOption::WithFreqs,
                        ));
                        (Occur::Must, q)
                    })
                    .collect();
                // Several words count as one: their mean score.
                let share = 1.0 / clauses.len() as f32;
                let query: Box<dyn Query> = if clauses.len() == 1 {
                    clauses.remove(0).1
                } else {
                    Box::new(BooleanQuery::new(clauses))
                };
                let boost = fields::boost(f, boost, expanded.question) * alt.weight * share;
                disjuncts.push(Box::new(BoostQuery::new(query, boost)));
            }
        }
        if !disjuncts.is_empty() {
            out.push(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                disjuncts,
                TIE_BREAKER,
            )));
            titles.push(in_title);
        } else if exact {
            // A quoted word the site lacks: no page has every word.
            out.push(Box::new(EmptyQuery));
            titles.push(in_title);
        }
    }
    let share = cover_share(out.len());
    let covers = titles
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(|terms| {
            let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::union(terms)),
                share,
            ));
            q
        })
        .collect();
    (out, covers)
}

/// Per pair of neighbouring words found in titles or headings, its bonus.
fn pair_queries(expanded: &Expanded<TermInfo>) -> Vec<Box<dyn Query>> {
    let share = pair_share(expanded.pairs.len());
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for found in &expanded.pairs {
        if found.is_empty() {
            continue;
        }
        let terms: Vec<Box<dyn Query>> = found
            .iter()
            .map(|(term, _)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field(fields::PAIRS), term),
                    IndexRecordOption::Basic,
                ));
                q
            })
            .collect();
        out.push(Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::union(terms)),
            share,
        )));
    }
    out
}

/// Per accented word of the query some page has spelt so, its bonus for those pages.
fn accent_queries(expanded: &Expanded<TermInfo>, words: usize) -> Vec<Box<dyn Query>> {
    let share = accent_share(words);
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for (term, _) in &expanded.accented {
        let q = TermQuery::new(
            Term::from_field_text(field(fields::ACCENTED), term),
            IndexRecordOption::Basic,
        );
        out.push(Box::new(ConstScoreQuery::new(Box::new(q), share)));
    }
    out
}

/// Per pair of neighbouring words of a quoted phrase, a clause that scores nothing and matches
/// the pages that have the pair in a title, heading or the body.
fn phrase_clauses(expanded: &Expanded<TermInfo>) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for found in &expanded.phrase_pairs {
        let q: Box<dyn Query> = if found.is_empty() {
            Box::new(EmptyQuery)
        } else {
            let terms = found
                .iter()
                .map(|(f, term, _)| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field(*f), term),
                        IndexRecordOption::Basic,
                    ));
                    q
                })
                .collect();
            Box::new(BooleanQuery::union(terms))
        };
        out.push(Box::new(ConstScoreQuery::new(q, 0.0)));
    }
    out
}

/// BM25's statistics with one document frequency per term across the searched fields
/// ([`Expanded::doc_freq`]), as the browser reader scores.
struct Stats<'a> {
    searcher: &'a Searcher,
    expanded: &'a Expanded<TermInfo>,
}

impl tantivy::query::Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }
    fn total_num_docs(&self) -> tantivy::Result<u64> {
        tantivy::query::Bm25StatisticsProvider::total_num_docs(self.searcher)
    }
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let across = term
            .value()
            .as_str()
            .map_or(0, |text| self.expanded.doc_freq(text, |i| i.doc_freq));
        if across > 0 {
            Ok(u64::from(across))
        } else {
            self.searcher.doc_freq(term)
        }
    }
}

/// The documents of every filter value.
fn facet_docs(
    seg: &SegmentReader,
    facet_terms: &[FacetTerms<TermInfo>],
) -> Result<Vec<FacetDocs>, SearchError> {
    let mut out = Vec::new();
    for facet in facet_terms {
        let inv = seg.inverted_index(field(facet.field))?;
        let mut values = Vec::new();
        for (value, info) in &facet.values {
            let mut postings = inv.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            let mut docs = Vec::with_capacity(info.doc_freq as usize);
            let mut doc = postings.doc();
            while doc != TERMINATED {
                docs.push(doc);
                doc = postings.advance();
            }
            values.push((value.clone(), docs));
        }
        out.push(FacetDocs {
            name: facet.name,
            values,
        });
    }
    Ok(out)
}

/// Filters as queries that score nothing: OR within a field, AND across fields.
fn filter_clauses(request: &Request, facet_docs: &[FacetDocs]) -> Vec<Box<dyn Query>> {
    facets::wanted_values(&request.filters, facet_docs)
        .into_iter()
        .map(|(name, values)| {
            let f = fields::FACETS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(fields::TAG, |(_, f)| *f);
            let terms: Vec<Box<dyn Query>> = values
                .iter()
                .map(|(value, _)| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field(f), value),
                        IndexRecordOption::Basic,
                    ));
                    q
                })
                .collect();
            let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::union(terms)),
                0.0,
            ));
            q
        })
        .collect()
}

/// The stored fields of a hit. All of them are text, so this reads strings only, instead of
/// tantivy's general document type, whose value types drag in the regex engine.
struct StoredDoc(Stored);

struct StoredText(String);

impl ValueDeserialize for StoredText {
    fn deserialize<'de, D: ValueDeserializer<'de>>(d: D) -> Result<Self, DeserializeError> {
        d.deserialize_string().map(StoredText)
    }
}

impl DocumentDeserialize for StoredDoc {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut d: D) -> Result<Self, DeserializeError> {
        let mut stored = Stored::default();
        while let Some((f, StoredText(text))) = d.next_field()? {
            stored.set(f.field_id(), text);
        }
        Ok(StoredDoc(stored))
    }
}
