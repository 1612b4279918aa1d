//! The index's fields by number, as both engines address them. The tantivy schema
//! (`native::schema`) is built from this list in this order, so a field's number here is its
//! tantivy `Field` id; the browser reader checks the names against the index's `meta.json`.

/// Bumped whenever the schema or the analyzer changes meaning; the runtime refuses other versions.
pub const SCHEMA_VERSION: u32 = 5;

/// Field names in schema order.
pub const NAMES: [&str; 15] = [
    "title",
    "headings",
    "body",
    "url",
    "summary",
    "excerpt",
    "type",
    "section",
    "category",
    "tag",
    "labels",
    "anchors",
    "pairs",
    "body_pairs",
    "accented",
];

pub const TITLE: u32 = 0;
pub const HEADINGS: u32 = 1;
pub const BODY: u32 = 2;
pub const URL: u32 = 3;
pub const SUMMARY: u32 = 4;
/// The start of the page's text, stored (not searched): what snippets are cut from. Kept in the
/// same doc store as the other stored fields, so a hit costs one read.
pub const EXCERPT: u32 = 5;
pub const KIND: u32 = 6;
pub const SECTION: u32 = 7;
pub const CATEGORY: u32 = 8;
pub const TAG: u32 = 9;
/// What a page is filed under, in words: its `keywords` (search terms the author adds, as
/// Zendesk's labels), tags, categories and its section's title. Searched between the title and
/// the headings (Zendesk weighs title 3, labels 2.8, section title 1.5, body 1).
pub const LABELS: u32 = 10;
/// Stored: where the excerpt's headings start and their ids, one `offset id` per line, so a
/// match under a heading links to it (sub-results).
pub const ANCHORS: u32 = 11;
/// Neighbouring words of the title and headings as one term each (`text::pairs`): a page
/// whose title or heading has the query's words together ranks above one where they are
/// scattered. Not scored by BM25: a match adds a bonus (`score::PAIR_BONUS`).
pub const PAIRS: u32 = 12;
/// Neighbouring words of the body, as [`PAIRS`]: with those, where a quoted phrase is (a
/// biword index; positions would cost the browser a positions reader and bytes per query).
/// Read for quoted phrases only.
pub const BODY_PAIRS: u32 = 13;
/// The accented spellings of the searched text's words (`text::accented`: "résumé" beside the
/// folded "resume" every field has): a query typed with accents ranks the pages spelt that way
/// above the others. Not scored by BM25: a match adds a bonus (`score::ACCENT_BONUS`). Read
/// for queries with accents only; a site written in plain ASCII has none.
pub const ACCENTED: u32 = 14;

/// The searched fields with their boosts. Each extra searched field costs the browser one more
/// dictionary block per query word.
pub const SEARCHED: [(u32, f32); 4] = [(TITLE, 3.0), (LABELS, 2.5), (HEADINGS, 1.5), (BODY, 1.0)];

/// The filter fields and their names in requests.
pub const FACETS: [(&str, u32); 4] = [
    ("type", KIND),
    ("section", SECTION),
    ("category", CATEGORY),
    ("tag", TAG),
];

/// How much more titles and headings count when the query is a question.
pub const QUESTION_BOOST: f32 = 1.5;

/// The boost of searched field `field` (whose own boost is `base`) for a query.
pub fn boost(field: u32, base: f32, question: bool) -> f32 {
    if question && (field == TITLE || field == HEADINGS) {
        base * QUESTION_BOOST
    } else {
        base
    }
}
