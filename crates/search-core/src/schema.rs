//! The index schema. Three searched text fields (each extra searched field costs the browser one
//! more dictionary block per query word), stored fields for what a result shows, and raw-token
//! fields for the filters (not `Facet`: its `Display` pulls the regex engine into the wasm).

use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};

use crate::analyzer::ANALYZER;

/// Bumped whenever the schema or the analyzer changes meaning; the runtime refuses other versions.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub title: Field,
    pub headings: Field,
    pub body: Field,
    pub url: Field,
    pub summary: Field,
    /// The start of the page's text, stored (not searched): what snippets are cut from. Kept
    /// in the same doc store as the other stored fields, so a hit costs one read.
    pub excerpt: Field,
    pub kind: Field,
    pub section: Field,
    pub category: Field,
    pub tag: Field,
}

impl Fields {
    /// The searched fields with their boosts.
    pub fn searched(&self) -> [(Field, f32); 3] {
        [(self.title, 3.0), (self.headings, 1.5), (self.body, 1.0)]
    }
    /// The filter fields and their names in requests.
    pub fn facets(&self) -> [(&'static str, Field); 4] {
        [
            ("type", self.kind),
            ("section", self.section),
            ("category", self.category),
            ("tag", self.tag),
        ]
    }
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            title: f("title")?,
            headings: f("headings")?,
            body: f("body")?,
            url: f("url")?,
            summary: f("summary")?,
            excerpt: f("excerpt")?,
            kind: f("type")?,
            section: f("section")?,
            category: f("category")?,
            tag: f("tag")?,
        })
    }
}

pub fn schema() -> (Schema, Fields) {
    let text = |option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(option),
        )
    };
    let raw = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let mut b = Schema::builder();
    b.add_text_field("title", text(IndexRecordOption::WithFreqs).set_stored());
    b.add_text_field("headings", text(IndexRecordOption::WithFreqs));
    b.add_text_field("body", text(IndexRecordOption::WithFreqs));
    b.add_text_field("url", STORED);
    b.add_text_field("summary", STORED);
    b.add_text_field("excerpt", STORED);
    b.add_text_field("type", raw.clone().set_stored());
    b.add_text_field("section", raw.clone().set_stored());
    b.add_text_field("category", raw.clone());
    b.add_text_field("tag", raw);
    let schema = b.build();
    let fields = Fields::from_schema(&schema).expect("fields just added");
    (schema, fields)
}
