//! The browser's reader of the index: tantivy's own files, read with tantivy's small crates
//! (`tantivy-sstable` for the term dictionaries, `bitpacking` for postings blocks, `lz4_flex`
//! for the doc store) and BM25 computed as tantivy computes it, instead of the whole engine.
//! It answers every request exactly as [`crate::Engine`] (native tantivy) does: the same hits in
//! the same order, the same scores, the same counts; the parity tests hold it to that.
//!
//! Reads go through a [`Store`]. In the browser a read that is not cached fails, the store
//! records the missing range, and the query runs again once it is fetched; every phase attempts
//! all of its reads first, so each phase costs one round of fetches. The phases: dictionary
//! blocks of the words and their pairs, similar words for those that matched nothing, postings
//! of every term, pair and filter value, field lengths of the candidate documents, then the doc
//! store (one round per skip-index layer not read at open, then the blocks of the hits); when
//! nothing matched, what to offer instead (`fallback`).

pub(crate) mod format;
mod postings;
mod store;

use std::borrow::Cow;
use std::io;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use common::VInt;
use common::file_slice::FileSlice;
use tantivy_sstable::value::{ValueReader, ValueWriter};
use tantivy_sstable::{Dictionary, SSTable};

use crate::expand::{Expanded, Lexicon, Synonyms, expand, scan_range, synonyms};
use crate::facets::{self, FacetDocs};
use crate::fallback;
use crate::fields::{self, FACETS, NAMES, SCHEMA_VERSION, SEARCHED};
use crate::manifest::{Entry, Store, StoreFile};
use crate::plan::Plan;
use crate::request::{Phase, Request, Response, SearchError};
use crate::score::{Bm25, TIE_BREAKER, accent_share, cover_share, pair_share};
use crate::snippet::{self, Stored};

use self::format::{File, OPEN_SKIP_BYTES, StoreLayout, broken, u64_at};
pub use self::postings::Postings;

/// The bytes that end an sstable dictionary: index offset, term count, version.
const SSTABLE_FOOTER: usize = 20;

/// Field lengths are read a file page at a time (the browser's cache page), one read per page
/// rather than per document.
const NORM_PAGE: usize = 512;
/// Field-length sections this small (a byte a document) are read whole with the postings.
const SMALL_NORMS: usize = 2048;

/// A term's entry in a dictionary: its document count and where its postings are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermInfo {
    pub doc_freq: u32,
    pub postings: Range<usize>,
    /// Unused by the reader (no field has positions), kept so the writer can copy entries.
    pub positions: Range<usize>,
}

/// tantivy's sstable term dictionary values (`termdict/sstable_termdict`): per block a VInt
/// count, the first postings and positions offsets, then per term its doc count and the
/// lengths of its postings and positions.
#[derive(Clone)]
pub struct TermTable;

impl SSTable for TermTable {
    type Value = TermInfo;
    type ValueReader = TermInfoReader;
    type ValueWriter = TermInfoWriter;
}

#[derive(Default)]
pub struct TermInfoReader(Vec<TermInfo>);

impl ValueReader for TermInfoReader {
    type Value = TermInfo;
    fn value(&self, idx: usize) -> &TermInfo {
        &self.0[idx]
    }
    fn load(&mut self, mut data: &[u8]) -> io::Result<usize> {
        let before = data.len();
        self.0.clear();
        let count = VInt::deserialize_u64(&mut data)?;
        if count == 0 {
            return Ok(before - data.len());
        }
        let mut postings = VInt::deserialize_u64(&mut data)? as usize;
        let mut positions = VInt::deserialize_u64(&mut data)? as usize;
        for _ in 0..count.min(before as u64) {
            let doc_freq = VInt::deserialize_u64(&mut data)? as u32;
            let len = VInt::deserialize_u64(&mut data)? as usize;
            let positions_len = VInt::deserialize_u64(&mut data)? as usize;
            self.0.push(TermInfo {
                doc_freq,
                postings: postings..postings + len,
                positions: positions..positions + positions_len,
            });
            postings += len;
            positions += positions_len;
        }
        Ok(before - data.len())
    }
}

/// Writes the same layout, byte for byte as tantivy's `TermInfoValueWriter` (the build uses it
/// to rewrite dictionaries with smaller blocks, `native::reblock`).
#[derive(Default)]
pub struct TermInfoWriter(Vec<TermInfo>);

impl ValueWriter for TermInfoWriter {
    type Value = TermInfo;
    fn write(&mut self, value: &TermInfo) {
        self.0.push(value.clone());
    }
    fn serialize_block(&self, out: &mut Vec<u8>) {
        VInt(self.0.len() as u64).serialize_into_vec(out);
        let Some(first) = self.0.first() else {
            return;
        };
        VInt(first.postings.start as u64).serialize_into_vec(out);
        VInt(first.positions.start as u64).serialize_into_vec(out);
        for t in &self.0 {
            VInt(u64::from(t.doc_freq)).serialize_into_vec(out);
            VInt(t.postings.len() as u64).serialize_into_vec(out);
            VInt(t.positions.len() as u64).serialize_into_vec(out);
        }
    }
    fn clear(&mut self) {
        self.0.clear();
    }
}

/// One searched field's view of the index.
struct Searched {
    field: u32,
    boost: f32,
    total_tokens: u64,
    /// The field's lengths in the `.fieldnorm` file; none when the schema keeps none (the
    /// labels): every document counts as one token long, as tantivy scores such a field.
    fieldnorms: Option<Range<usize>>,
}

/// What the reader has of one field (fields are a handful of small numbers: an array, not a
/// hash map).
#[derive(Default)]
struct FieldFiles {
    /// None for a field no document has.
    dictionary: Option<Arc<Dictionary<TermTable>>>,
    /// The field's postings (after its token count).
    postings: Option<Range<usize>>,
}

/// A dictionary opened when first looked up.
struct LazyDictionary {
    /// The term file whole and as read, and the field's section of it (none when no page has
    /// the field).
    whole: FileSlice,
    terms: File,
    section: Option<Range<usize>>,
    opened: Mutex<Option<Arc<Dictionary<TermTable>>>>,
}

impl LazyDictionary {
    fn get(&self) -> Result<Option<Arc<Dictionary<TermTable>>>, SearchError> {
        let Some(range) = self.section.clone() else {
            return Ok(None);
        };
        let mut opened = self.opened.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dict) = &*opened {
            return Ok(Some(dict.clone()));
        }
        let dict = open_dictionary(&self.whole, &self.terms, range)?;
        *opened = Some(dict.clone());
        Ok(Some(dict))
    }
}

/// Opens the dictionary in `range` of the term file.
fn open_dictionary(
    whole: &FileSlice,
    terms: &File,
    range: Range<usize>,
) -> Result<Arc<Dictionary<TermTable>>, SearchError> {
    let dict = format::dictionary_range(terms, range)?;
    Ok(Arc::new(Dictionary::<TermTable>::open(whole.slice(dict))?))
}

/// Decoded postings of one term: its field, its postings' offset, the list.
type Memo = (u32, usize, Arc<Postings>);

pub struct Lean {
    entry: Arc<Entry>,
    max_doc: u32,
    /// By field number.
    fields: [FieldFiles; NAMES.len()],
    /// Dictionaries opened when first looked up ([`LAZY`]), by field: their indexes grow with
    /// the site, and nothing read at open may.
    lazy: Vec<(u32, LazyDictionary)>,
    postings: File,
    searched: Vec<Searched>,
    fieldnorm: File,
    store: File,
    layout: StoreLayout,
    synonyms: Synonyms,
    /// Decoded postings, sorted by (field, offset): a query runs once per fetch round, and
    /// visitors repeat and refine queries.
    memo: Mutex<Vec<Memo>>,
}

/// Decoded postings kept before the memo starts over.
const MEMO_LISTS: usize = 256;

/// The fields whose dictionaries are opened when a query first needs them: the body's word
/// pairs (quoted phrases) and the accented words (queries typed with accents).
const LAZY: [u32; 2] = [fields::BODY_PAIRS, fields::ACCENTED];

/// One way a word matches: an alternative's terms, all in one field.
struct Disjunct<'a> {
    /// The field, as its index in `Lean::searched`.
    searched: usize,
    /// A title match that counts for title coverage ([`Expanded::covers`]).
    covers: bool,
    terms: Vec<(Bm25, &'a Postings)>,
    /// Documents with every term, in order; borrowed from the postings for a single term.
    docs: Cow<'a, [u32]>,
    /// Each term's frequency in each of `docs` (`terms.len()` per document).
    freqs: Cow<'a, [u32]>,
}

impl Lean {
    /// Opens the index: reads footers, dictionary indexes and the top of the doc store's skip
    /// index (what the build records into the hot bundle).
    pub fn open(entry: Arc<Entry>, store: Arc<dyn Store>) -> Result<Lean, SearchError> {
        if entry.schema != SCHEMA_VERSION {
            return Err(SearchError(format!(
                "the search index has schema version {}, this program reads {SCHEMA_VERSION}: rebuild the site",
                entry.schema
            )));
        }
        // The build writes one segment and names its document count here (checking the
        // schema's field order against `fields::NAMES` with tantivy, `native::schema::check`).
        let max_doc = u32::try_from(entry.docs).map_err(|_| broken("too many documents"))?;
        let mut phase = Phase::default();
        let [terms, postings, fieldnorm, doc_store] = ["term", "idx", "fieldnorm", "store"]
            .map(|ext| phase.attempt(File::open(&entry, &store, ext)));
        phase.end()?;
        let (Some(terms), Some(postings), Some(fieldnorm), Some(doc_store)) =
            (terms, postings, fieldnorm, doc_store)
        else {
            return Err(broken("index files"));
        };
        let mut phase = Phase::default();
        let term_sections = phase.attempt(format::sections(&terms));
        let postings_sections = phase.attempt(format::sections(&postings));
        let norm_sections = phase.attempt(format::sections(&fieldnorm));
        let layout = phase.attempt(format::store_layout(&doc_store));
        phase.end()?;
        let (Some(term_sections), Some(postings_sections), Some(norm_sections), Some(layout)) =
            (term_sections, postings_sections, norm_sections, layout)
        else {
            return Err(broken("index layout"));
        };

        let mut phase = Phase::default();
        let mut fields: [FieldFiles; NAMES.len()] = Default::default();
        let mut searched = Vec::new();
        let whole = FileSlice::new(Arc::new(StoreFile::new(
            store.clone(),
            terms.number,
            entry.files[terms.number].len as usize,
        )));
        for field in SEARCHED
            .iter()
            .map(|s| s.0)
            .chain(FACETS.iter().map(|f| f.1))
            .chain([fields::PAIRS])
        {
            // A field no document has (no page with categories) has no dictionary at all.
            let Some(range) = section(&term_sections, field) else {
                continue;
            };
            let slot = &mut fields[field as usize];
            slot.dictionary = phase.attempt(open_dictionary(&whole, &terms, range));
            if let Some(p) = section(&postings_sections, field) {
                slot.postings = Some(p.start + 8..p.end);
            }
        }
        for (field, boost) in SEARCHED {
            // A field no document has text in has no postings: nothing is ever found in it.
            let Some(p) = section(&postings_sections, field) else {
                continue;
            };
            let fieldnorms = section(&norm_sections, field);
            if let Some(head) = phase.attempt(postings.read(p.start..p.start + 8)) {
                searched.push(Searched {
                    field,
                    boost,
                    total_tokens: u64_at(&head, 0)?,
                    fieldnorms,
                });
            }
        }
        let mut open_skip = 0;
        for layer in &layout.layers {
            open_skip += layer.len();
            if open_skip > OPEN_SKIP_BYTES {
                break;
            }
            phase.attempt(doc_store.read(layer.clone()));
        }
        phase.end()?;
        // The lazy dictionaries' type and footer (24 bytes each) are read now, into the hot
        // bundle, so a first lookup costs one round for the dictionary's index, not three.
        let mut phase = Phase::default();
        let mut lazy = Vec::with_capacity(LAZY.len());
        for field in LAZY {
            let range = section(&term_sections, field);
            if let Some(range) = range.clone()
                && let Some(dict) = phase.attempt(format::dictionary_range(&terms, range))
            {
                phase.attempt(terms.read(dict.end.saturating_sub(SSTABLE_FOOTER)..dict.end));
            }
            let dictionary = LazyDictionary {
                section: range,
                whole: whole.clone(),
                terms: terms.clone(),
                opened: Mutex::new(None),
            };
            lazy.push((field, dictionary));
            if let Some(p) = section(&postings_sections, field) {
                fields[field as usize].postings = Some(p.start + 8..p.end);
            }
        }
        phase.end()?;
        Ok(Lean {
            synonyms: synonyms(&entry.synonyms),
            entry,
            max_doc,
            fields,
            lazy,
            postings,
            searched,
            fieldnorm,
            store: doc_store,
            layout,
            memo: Mutex::new(Vec::new()),
        })
    }

    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    pub fn num_docs(&self) -> u64 {
        u64::from(self.max_doc)
    }

    fn read_postings(
        &self,
        field: u32,
        info: &TermInfo,
        freqs: bool,
    ) -> Result<Arc<Postings>, SearchError> {
        let offset = info.postings.start;
        {
            let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            if let Ok(at) = memo_at(&memo, field, offset) {
                return Ok(memo[at].2.clone());
            }
        }
        let section = self
            .field(field)
            .and_then(|f| f.postings.clone())
            .ok_or_else(|| broken("no postings for a field"))?;
        let range = section.start + info.postings.start..section.start + info.postings.end;
        if range.end > section.end {
            return Err(broken("postings past their field"));
        }
        let bytes = self.postings.read(range)?;
        let decoded = Arc::new(postings::decode(&bytes, info.doc_freq, freqs)?);
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= MEMO_LISTS {
            memo.clear();
        }
        match memo_at(&memo, field, offset) {
            Ok(at) => memo[at].2 = decoded.clone(),
            Err(at) => memo.insert(at, (field, offset, decoded.clone())),
        }
        Ok(decoded)
    }

    /// Answers `request`. See the module comment for what a failure means.
    pub fn search(&self, request: &Request) -> Result<Response, SearchError> {
        let mut response = self.answer(request)?;
        // An index without documents has no dictionaries to offer from (as the native engine,
        // which then has no segment).
        if self.max_doc > 0 {
            fallback::offer(self, &self.entry.sections, &mut response)?;
        }
        Ok(response)
    }

    fn answer(&self, request: &Request) -> Result<Response, SearchError> {
        let mut response = Response {
            q: request.q.clone(),
            ..Response::default()
        };
        if self.max_doc == 0 {
            return Ok(response);
        }
        let plan = Plan::parse(&request.q);
        let want_facets = request.facets || !request.filters.is_empty();
        let (expanded, facet_terms) = expand(self, &plan, &self.synonyms, want_facets)?;
        response.fuzzy = expanded.fuzzy;

        let mut phase = Phase::default();
        // On a small site a field's lengths come whole with the postings: one round fewer.
        if !expanded.infos.is_empty() {
            for s in &self.searched {
                if let Some(norms) = &s.fieldnorms
                    && norms.len() <= SMALL_NORMS
                {
                    phase.attempt(self.fieldnorm.read(norms.clone()));
                }
            }
        }
        // The postings of `expanded.infos`, in its order.
        let mut lists = Vec::with_capacity(expanded.infos.len());
        for (field, _, info) in &expanded.infos {
            lists.push(phase.attempt(self.read_postings(*field, info, true)));
        }
        let mut pair_lists = Vec::with_capacity(expanded.pairs.len());
        for found in &expanded.pairs {
            let mut lists = Vec::with_capacity(found.len());
            for (_, info) in found {
                if let Some(p) = phase.attempt(self.read_postings(fields::PAIRS, info, false)) {
                    lists.push(p);
                }
            }
            pair_lists.push(lists);
        }
        let mut accent_lists = Vec::with_capacity(expanded.accented.len());
        for (_, info) in &expanded.accented {
            if let Some(p) = phase.attempt(self.read_postings(fields::ACCENTED, info, false)) {
                accent_lists.push(p);
            }
        }
        let mut phrase_lists = Vec::with_capacity(expanded.phrase_pairs.len());
        for found in &expanded.phrase_pairs {
            let mut lists = Vec::with_capacity(found.len());
            for (field, _, info) in found {
                if let Some(p) = phase.attempt(self.read_postings(*field, info, false)) {
                    lists.push(p);
                }
            }
            phrase_lists.push(lists);
        }
        let mut facet_docs = Vec::with_capacity(facet_terms.len());
        for f in &facet_terms {
            let mut values = Vec::with_capacity(f.values.len());
            for (value, info) in &f.values {
                if let Some(p) = phase.attempt(self.read_postings(f.field, info, false)) {
                    values.push((value.clone(), p.docs.clone()));
                }
            }
            facet_docs.push(FacetDocs {
                name: f.name,
                values,
            });
        }
        phase.end()?;

        let words = self.disjuncts(&expanded, &lists);
        if words.is_empty() {
            response.facets = want_facets.then(Default::default);
            return Ok(response);
        }
        let num_docs = self.max_doc as usize;
        let selected = facets::selected(&request.filters, &facet_docs, num_docs);
        let matched = matched_words(&words, num_docs);
        let phrases = with_phrases(&phrase_lists, num_docs);
        let mut in_text = at_least(&matched, words.len(), &phrases);
        let mut candidates = passing(&in_text, &selected);
        if candidates.is_empty() {
            in_text = at_least(&matched, 1, &phrases);
            candidates = passing(&in_text, &selected);
            response.some_words = true;
        }
        response.total = candidates.len();
        let bonuses = Bonuses {
            pairs: &pair_lists,
            accented: &accent_lists,
        };
        let mut scored = self.score(&words, &bonuses, &candidates)?;
        crate::order::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(request.top());

        if request.facets {
            response.facets = Some(facets::counts(
                &in_text,
                &facet_docs,
                &selected,
                &self.entry.sections,
            ));
        }
        let stored = self.stored(&scored)?;
        let marks = snippet::marks::<Self>(&expanded);
        let mut marker = snippet::Marker::new(&marks);
        response.hits.reserve(scored.len());
        for ((score, _), doc) in scored.iter().zip(stored) {
            response
                .hits
                .push(snippet::hit(doc, *score, &mut marker, request.snippets));
        }
        Ok(response)
    }

    /// Per word, the ways it matches, as the native engine builds its disjunction-max; `lists`
    /// holds the postings of `expanded.infos`.
    fn disjuncts<'a>(
        &self,
        expanded: &Expanded<TermInfo>,
        lists: &'a [Option<Arc<Postings>>],
    ) -> Vec<Vec<Disjunct<'a>>> {
        let mut words = Vec::new();
        for (alts, &exact) in expanded.words.iter().zip(&expanded.exact) {
            let mut disjuncts = Vec::new();
            for alt in alts {
                // Several words count as one: their mean score.
                let count = alt.also.len() + 1;
                let share = 1.0 / count as f32;
                for (at, s) in self.searched.iter().enumerate() {
                    let boost =
                        fields::boost(s.field, s.boost, expanded.question) * alt.weight * share;
                    let mut terms: Vec<(Bm25, &Postings)> = Vec::with_capacity(count);
                    for t in alt.terms() {
                        let Some(i) = expanded.find(s.field, t) else {
                            break;
                        };
                        let Some(p) = lists[i].as_deref() else {
                            break;
                        };
                        let bm25 = Bm25::new(
                            u64::from(expanded.doc_freq(t, |info| info.doc_freq)),
                            u64::from(self.max_doc),
                            s.total_tokens,
                            boost,
                        );
                        terms.push((bm25, p));
                    }
                    if terms.len() != count {
                        continue;
                    }
                    let (docs, freqs) = intersect(&terms);
                    disjuncts.push(Disjunct {
                        searched: at,
                        covers: s.field == fields::TITLE && Expanded::<TermInfo>::covers(alt),
                        terms,
                        docs,
                        freqs,
                    });
                }
            }
            if !disjuncts.is_empty() || exact {
                words.push(disjuncts);
            }
        }
        words
    }

    /// Scores of the candidates, reading the field lengths they need in one phase.
    fn score(
        &self,
        words: &[Vec<Disjunct>],
        bonuses: &Bonuses,
        candidates: &[u32],
    ) -> Result<Vec<(f32, u32)>, SearchError> {
        let num_docs = self.max_doc as usize;
        let mut is_candidate = vec![false; num_docs];
        for &d in candidates {
            is_candidate[d as usize] = true;
        }
        // Each searched field's lengths laid out by document, from the pages of the file that
        // hold the candidates' (one read a page).
        let mut phase = Phase::default();
        let mut lengths = Vec::with_capacity(self.searched.len());
        for (at, s) in self.searched.iter().enumerate() {
            lengths.push(match &s.fieldnorms {
                Some(norms) => self.lengths(norms, at, words, &is_candidate, &mut phase),
                None => vec![1u8; num_docs],
            });
        }
        phase.end()?;
        // Per word the disjunction-max of its ways, summed over the words.
        let mut total = vec![0f32; num_docs];
        let mut best = vec![0f32; num_docs];
        let mut sum = vec![0f32; num_docs];
        let mut touched: Vec<usize> = Vec::new();
        for disjuncts in words {
            for disjunct in disjuncts {
                let norms = &lengths[disjunct.searched];
                let n = disjunct.terms.len();
                for (i, doc) in disjunct.docs.iter().enumerate() {
                    let freqs = &disjunct.freqs[i * n..(i + 1) * n];
                    let d = *doc as usize;
                    if !is_candidate[d] {
                        continue;
                    }
                    let id = norms[d];
                    let score = disjunct
                        .terms
                        .iter()
                        .zip(freqs)
                        .fold(0f32, |a, ((bm25, _), tf)| a + bm25.score(id, *tf));
                    if sum[d] == 0.0 && best[d] == 0.0 {
                        touched.push(d);
                    }
                    best[d] = best[d].max(score);
                    sum[d] += score;
                }
            }
            for d in touched.drain(..) {
                total[d] += best[d] + (sum[d] - best[d]) * TIE_BREAKER;
                best[d] = 0.0;
                sum[d] = 0.0;
            }
        }
        let cover = bonus(words, bonuses, num_docs);
        let mut scored = Vec::with_capacity(candidates.len());
        for &d in candidates {
            scored.push((total[d as usize] + cover[d as usize], d));
        }
        Ok(scored)
    }

    /// The lengths (fieldnorm ids) of searched field number `at`, whose section of the
    /// `.fieldnorm` file is `norms`, laid out by document: read from the pages of the file that
    /// hold the candidates' (one read a page), zero for other documents.
    fn lengths(
        &self,
        norms: &Range<usize>,
        at: usize,
        words: &[Vec<Disjunct>],
        is_candidate: &[bool],
        phase: &mut Phase,
    ) -> Vec<u8> {
        let num_docs = self.max_doc as usize;
        let first_page = norms.start / NORM_PAGE;
        let last_page = (norms.start + num_docs - 1) / NORM_PAGE;
        let mut wanted = vec![false; last_page + 1 - first_page];
        for disjunct in words.iter().flatten() {
            if disjunct.searched != at {
                continue;
            }
            for &doc in disjunct.docs.iter() {
                if is_candidate[doc as usize] {
                    wanted[(norms.start + doc as usize) / NORM_PAGE - first_page] = true;
                }
            }
        }
        let mut dense = vec![0u8; num_docs];
        for (i, &want) in wanted.iter().enumerate() {
            let page = first_page + i;
            if !want {
                continue;
            }
            let start = (page * NORM_PAGE).max(norms.start);
            let end = ((page + 1) * NORM_PAGE).min(norms.end);
            let Some(bytes) = phase.attempt(self.fieldnorm.read(start..end)) else {
                continue;
            };
            let first_doc = start - norms.start;
            let end = (first_doc + bytes.len()).min(num_docs);
            dense[first_doc..end].copy_from_slice(&bytes.as_slice()[..end - first_doc]);
        }
        dense
    }

    /// The stored fields of the hits: skip-index layers not read at open, then the blocks.
    fn stored(&self, hits: &[(f32, u32)]) -> Result<Vec<Stored>, SearchError> {
        let mut phase = Phase::default();
        let mut out = Vec::with_capacity(hits.len());
        for &(_, doc) in hits {
            let found = phase
                .attempt(store::locate(&self.store, &self.layout, doc))
                .and_then(|(bytes, position)| {
                    let block = phase.attempt(self.store.read(bytes))?;
                    phase.attempt(store::document(&block, position))
                });
            out.push(found.unwrap_or_default());
        }
        phase.end()?;
        Ok(out)
    }

    /// What the reader has of field number `field`.
    fn field(&self, field: u32) -> Option<&FieldFiles> {
        self.fields.get(field as usize)
    }
}

impl Lexicon for Lean {
    type Info = TermInfo;
    fn doc_freq(info: &TermInfo) -> u32 {
        info.doc_freq
    }
    fn lookup(&self, field: u32, term: &str) -> Result<Option<TermInfo>, SearchError> {
        if let Some((_, lazy)) = self.lazy.iter().find(|(f, _)| *f == field) {
            return match lazy.get()? {
                Some(dict) => Ok(dict.get(term.as_bytes())?),
                None => Ok(None),
            };
        }
        match self.field(field).and_then(|f| f.dictionary.as_ref()) {
            Some(dict) => Ok(dict.get(term.as_bytes())?),
            None => Ok(None),
        }
    }
    fn scan(
        &self,
        field: u32,
        low: &[u8],
        high: Option<&[u8]>,
        each: &mut dyn FnMut(&str, &TermInfo),
    ) -> Result<(), SearchError> {
        match self.field(field).and_then(|f| f.dictionary.as_ref()) {
            Some(dict) => scan_range(dict.range(), low, high, each),
            None => Ok(()),
        }
    }
}

/// A field's section of a composite file, if the file has one.
fn section(sections: &[Option<Range<usize>>], field: u32) -> Option<Range<usize>> {
    sections.get(field as usize).cloned().flatten()
}

/// Where the decoded postings of `field` at `offset` are in `memo`, or where they would go.
fn memo_at(memo: &[Memo], field: u32, offset: usize) -> Result<usize, usize> {
    memo.binary_search_by(|(f, o, _)| (*f, *o).cmp(&(field, offset)))
}

/// The documents in every term's postings, with each term's frequency there.
fn intersect<'a>(terms: &[(Bm25, &'a Postings)]) -> (Cow<'a, [u32]>, Cow<'a, [u32]>) {
    match terms {
        [] => (Cow::Borrowed(&[]), Cow::Borrowed(&[])),
        [(_, only)] => (Cow::Borrowed(&only.docs), Cow::Borrowed(&only.freqs)),
        [(_, first), rest @ ..] => {
            let mut docs = Vec::new();
            let mut freqs = Vec::new();
            'doc: for (&doc, &tf) in first.docs.iter().zip(&first.freqs) {
                let row = freqs.len();
                freqs.push(tf);
                for (_, p) in rest {
                    let Ok(at) = p.docs.binary_search(&doc) else {
                        freqs.truncate(row);
                        continue 'doc;
                    };
                    freqs.push(p.freqs[at]);
                }
                docs.push(doc);
            }
            (Cow::Owned(docs), Cow::Owned(freqs))
        }
    }
}

/// Per document, how many words match it (in any of their ways).
fn matched_words(words: &[Vec<Disjunct>], num_docs: usize) -> Vec<u32> {
    let mut count = vec![0u32; num_docs];
    // Per document, the last word that counted it, numbered from 1.
    let mut counted = vec![0u32; num_docs];
    for (w, disjuncts) in (1u32..).zip(words) {
        for d in disjuncts {
            for &doc in d.docs.iter() {
                if let Some(last) = counted.get_mut(doc as usize)
                    && *last != w
                {
                    *last = w;
                    count[doc as usize] += 1;
                }
            }
        }
    }
    count
}

/// What adds a bonus besides titles' coverage: per pair of neighbouring words, its postings in
/// titles and headings; per accented word, its postings.
struct Bonuses<'a> {
    pairs: &'a [Vec<Arc<Postings>>],
    accented: &'a [Arc<Postings>],
}

/// Per document, its bonus: the title-coverage share of each word its title has
/// (`score::cover_share`), then the share of each pair of neighbouring words a title or heading
/// has (`score::pair_share`), then that of each accented word spelt so
/// (`score::accent_share`), added up in that order as the native engine's union does.
fn bonus(words: &[Vec<Disjunct>], bonuses: &Bonuses, num_docs: usize) -> Vec<f32> {
    let mut bonus = vec![0f32; num_docs];
    // Per document, the last word or pair that counted it, numbered from 1.
    let mut counted = vec![0u32; num_docs];
    let mut add = |n: u32, docs: &[u32], share: f32| {
        for &doc in docs {
            if let Some(last) = counted.get_mut(doc as usize)
                && *last != n
            {
                *last = n;
                bonus[doc as usize] += share;
            }
        }
    };
    let share = cover_share(words.len());
    for (n, disjuncts) in (1u32..).zip(words) {
        for d in disjuncts.iter().filter(|d| d.covers) {
            add(n, &d.docs, share);
        }
    }
    let share = pair_share(bonuses.pairs.len());
    let first = words.len() as u32 + 1;
    for (n, lists) in (first..).zip(bonuses.pairs) {
        for list in lists {
            add(n, &list.docs, share);
        }
    }
    let share = accent_share(words.len());
    let first = first + bonuses.pairs.len() as u32;
    for (n, list) in (first..).zip(bonuses.accented) {
        add(n, &list.docs, share);
    }
    bonus
}

/// Which documents at least `words` words match, of those with the quoted phrases.
fn at_least(matched: &[u32], words: usize, phrases: &Option<Vec<bool>>) -> Vec<bool> {
    let mut out: Vec<bool> = matched.iter().map(|&n| n as usize >= words).collect();
    if let Some(phrases) = phrases {
        for (slot, &has) in out.iter_mut().zip(phrases) {
            *slot &= has;
        }
    }
    out
}

/// When the query quotes a phrase, which documents have every pair of its neighbouring words
/// (each pair in a title, heading or the body: any of its `lists`).
fn with_phrases(pairs: &[Vec<Arc<Postings>>], num_docs: usize) -> Option<Vec<bool>> {
    if pairs.is_empty() {
        return None;
    }
    // Per document, how many of the pairs it has.
    let mut count = vec![0usize; num_docs];
    let mut counted = vec![0usize; num_docs];
    for (n, lists) in (1..).zip(pairs) {
        for &doc in lists.iter().flat_map(|l| l.docs.iter()) {
            if let Some(last) = counted.get_mut(doc as usize)
                && *last != n
            {
                *last = n;
                count[doc as usize] += 1;
            }
        }
    }
    Some(count.into_iter().map(|c| c == pairs.len()).collect())
}

/// The matching documents that pass the filters, in doc order.
fn passing(in_text: &[bool], selected: &[(&'static str, Vec<bool>)]) -> Vec<u32> {
    let mut out = Vec::new();
    for (doc, &matched) in (0u32..).zip(in_text) {
        if matched && facets::allowed(selected, doc) {
            out.push(doc);
        }
    }
    out
}
