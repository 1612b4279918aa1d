//! BM25 exactly as tantivy 0.27 computes it (`tantivy::query::Bm25Weight`): the same constants,
//! the same f32 operations in the same order, so the browser reader's scores equal the native
//! engine's. The parity tests hold the two together; tantivy's version is pinned.
//!
//! On top of it, in both engines:
//! - A term's document frequency is its largest over the searched fields (as BM25F's one
//!   frequency across fields): a word in few titles but many bodies is a common word, and a
//!   title with it must not outrank a page with a rare word in its text.
//! - Titles that cover the query get a bonus ([`TITLE_COVER`]), and so do titles and headings
//!   with the query's words side by side ([`PAIR_BONUS`]) and pages spelt with the accents the
//!   query is typed with ([`ACCENT_BONUS`]).

/// How much a field other than the best-matching one adds to a word's score (disjunction-max).
pub const TIE_BREAKER: f32 = 0.3;

/// What a title that has every word of the query adds to a page's score; a title with some of
/// them adds that share (Pagefind 1.5 boosts titles the same way). A word counts when the title
/// has it, one of its completions while it is typed, or its respelling when it is misspelt.
pub const TITLE_COVER: f32 = 2.0;

/// What a title or heading with every neighbouring pair of the query's words adds; one with
/// some of the pairs adds that share.
pub const PAIR_BONUS: f32 = 2.0;

/// What a page spelt as the query is typed, accents and all, adds for each such word: a share
/// of this, as titles' coverage. As much as a title's coverage: a visitor who types the accents
/// means that word ("résumé", not "resume"), as engines that sort by exactness (Meilisearch)
/// rank it above pages matching as well otherwise.
pub const ACCENT_BONUS: f32 = 2.0;

/// The bonus of one accented word spelt as typed, for a query of `words` words.
pub fn accent_share(words: usize) -> f32 {
    ACCENT_BONUS / words as f32
}

/// The bonus of one pair, for a query of `pairs` pairs.
pub fn pair_share(pairs: usize) -> f32 {
    PAIR_BONUS / pairs as f32
}

/// The coverage bonus of one word, for a query of `words` words.
pub fn cover_share(words: usize) -> f32 {
    TITLE_COVER / words as f32
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Field lengths by their one-byte code in the `.fieldnorm` file (tantivy's
/// `FIELD_NORMS_TABLE`, part of the on-disk format).
pub const FIELD_NORMS: [u32; 256] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 44, 46, 48, 50, 52, 54, 56, 60,
    64, 68, 72, 76, 80, 84, 88, 96, 104, 112, 120, 128, 136, 144, 152, 168, 184, 200, 216, 232,
    248, 264, 280, 312, 344, 376, 408, 440, 472, 504, 536, 600, 664, 728, 792, 856, 920, 984, 1048,
    1176, 1304, 1432, 1560, 1688, 1816, 1944, 2072, 2328, 2584, 2840, 3096, 3352, 3608, 3864, 4120,
    4632, 5144, 5656, 6168, 6680, 7192, 7704, 8216, 9240, 10264, 11288, 12312, 13336, 14360, 15384,
    16408, 18456, 20504, 22552, 24600, 26648, 28696, 30744, 32792, 36888, 40984, 45080, 49176,
    53272, 57368, 61464, 65560, 73752, 81944, 90136, 98328, 106520, 114712, 122904, 131096, 147480,
    163864, 180248, 196632, 213016, 229400, 245784, 262168, 294936, 327704, 360472, 393240, 426008,
    458776, 491544, 524312, 589848, 655384, 720920, 786456, 851992, 917528, 983064, 1048600,
    1179672, 1310744, 1441816, 1572888, 1703960, 1835032, 1966104, 2097176, 2359320, 2621464,
    2883608, 3145752, 3407896, 3670040, 3932184, 4194328, 4718616, 5242904, 5767192, 6291480,
    6815768, 7340056, 7864344, 8388632, 9437208, 10485784, 11534360, 12582936, 13631512, 14680088,
    15728664, 16777240, 18874392, 20971544, 23068696, 25165848, 27263000, 29360152, 31457304,
    33554456, 37748760, 41943064, 46137368, 50331672, 54525976, 58720280, 62914584, 67108888,
    75497496, 83886104, 92274712, 100663320, 109051928, 117440536, 125829144, 134217752, 150994968,
    167772184, 184549400, 201326616, 218103832, 234881048, 251658264, 268435480, 301989912,
    335544344, 369098776, 402653208, 436207640, 469762072, 503316504, 536870936, 603979800,
    671088664, 738197528, 805306392, 872415256, 939524120, 1006632984, 1073741848, 1207959576,
    1342177304, 1476395032, 1610612760, 1744830488, 1879048216, 2013265944,
];

/// The scoring of one term in one field, boosted.
#[derive(Debug, Clone)]
pub struct Bm25 {
    weight: f32,
    cache: [f32; 256],
}

impl Bm25 {
    /// `doc_freq` of the term, `num_docs` in the index, `total_tokens` of the field.
    pub fn new(doc_freq: u64, num_docs: u64, total_tokens: u64, boost: f32) -> Bm25 {
        let average = total_tokens as f32 / num_docs as f32;
        let x = (num_docs.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
        let idf = (1.0 + x).ln();
        let mut weight = idf * (1.0 + K1);
        if boost != 1.0 {
            weight *= boost;
        }
        let mut cache = [0f32; 256];
        for (id, slot) in cache.iter_mut().enumerate() {
            *slot = K1 * (1.0 - B + B * FIELD_NORMS[id] as f32 / average);
        }
        Bm25 { weight, cache }
    }

    pub fn score(&self, fieldnorm_id: u8, term_freq: u32) -> f32 {
        let tf = term_freq as f32;
        self.weight * (tf / (tf + self.cache[fieldnorm_id as usize]))
    }
}

#[cfg(all(test, feature = "tantivy"))]
mod tests {
    use super::*;
    use tantivy::fieldnorm::FieldNormReader;
    use tantivy::query::Bm25Weight;

    /// The table and the formula are tantivy's, bit for bit: a new tantivy that changed either
    /// fails here before the parity tests do.
    #[test]
    fn bm25_is_tantivys_to_the_bit() {
        for id in 0..=255u8 {
            assert_eq!(
                FIELD_NORMS[id as usize],
                FieldNormReader::id_to_fieldnorm(id)
            );
        }
        for (doc_freq, num_docs, total_tokens) in
            [(1, 10, 57), (3, 1000, 570_000), (9_000, 10_000, 12_345)]
        {
            for boost in [1.0f32, 0.85 * 3.0, 1.5 * 0.6, 0.8 * 0.5] {
                let ours = Bm25::new(doc_freq, num_docs, total_tokens, boost);
                let theirs = Bm25Weight::for_one_term(
                    doc_freq,
                    num_docs,
                    total_tokens as f32 / num_docs as f32,
                )
                .boost_by(boost);
                for id in [0u8, 1, 17, 40, 99, 200, 255] {
                    for tf in [1u32, 2, 7, 300] {
                        assert_eq!(
                            ours.score(id, tf).to_bits(),
                            theirs.score(id, tf).to_bits(),
                            "df {doc_freq} n {num_docs} boost {boost} id {id} tf {tf}"
                        );
                    }
                }
            }
        }
    }
}
