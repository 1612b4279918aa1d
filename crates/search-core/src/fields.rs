//! The index's fields by number, as both engines address them. The tantivy schema
//! (`native::schema`) is built from this list in this order, so a field's number here is its
//! tantivy `Field` id; the browser reader checks the names against the index's `meta.json`.

/// Bumped whenever the schema or the analyzer changes meaning; the runtime refuses other versions.
pub const SCHEMA_VERSION: u32 = 2;

/// Field names in schema order.
pub const NAMES: [&str; 10] = [
    "title", "headings", "body", "url", "summary", "excerpt", "type", "section", "category", "tag",
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

/// The searched fields with their boosts. Each extra searched field costs the browser one more
/// dictionary block per query word.
pub const SEARCHED: [(u32, f32); 3] = [(TITLE, 3.0), (HEADINGS, 1.5), (BODY, 1.0)];

/// The filter fields and their names in requests.
pub const FACETS: [(&str, u32); 4] = [
    ("type", KIND),
    ("section", SECTION),
    ("category", CATEGORY),
    ("tag", TAG),
];
