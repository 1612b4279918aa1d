//! The tantivy schema, built from [`crate::fields`] in its order: four searched text fields,
//! stored fields for what a result shows, word-pair and accented-word fields, and raw-token fields for the
//! filters (not `Facet`,
//! whose `Display` pulls in the regex engine).

use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};

use crate::fields::{self, NAMES};
use crate::native::analyzer::{ACCENTED_ANALYZER, ANALYZER, PAIRS_ANALYZER};

/// The tantivy field of a field number of [`crate::fields`].
pub fn field(number: u32) -> Field {
    Field::from_field_id(number)
}

/// The schema; field `n` is `fields::NAMES[n]`.
pub fn schema() -> Schema {
    let text = |norms: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(norms),
        )
    };
    let raw = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    // Word pairs and accented spellings: a term each, no counts or lengths needed.
    let terms_only = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
    };
    let mut b = Schema::builder();
    for (n, name) in NAMES.iter().enumerate() {
        let options = match n as u32 {
            fields::TITLE => text(true).set_stored(),
            fields::HEADINGS | fields::BODY => text(true),
            // A page's labels are a short list: their count says nothing, and lengths would
            // cost the browser a byte a page per query.
            fields::LABELS => text(false),
            fields::URL | fields::SUMMARY | fields::EXCERPT | fields::ANCHORS => {
                TextOptions::from(STORED)
            }
            fields::KIND | fields::SECTION => raw.clone().set_stored(),
            fields::PAIRS | fields::BODY_PAIRS => terms_only(PAIRS_ANALYZER),
            fields::ACCENTED => terms_only(ACCENTED_ANALYZER),
            _ => raw.clone(),
        };
        b.add_text_field(name, options);
    }
    b.build()
}

/// Checks that an index was written with this schema's field numbering.
pub fn check(schema: &Schema) -> tantivy::Result<()> {
    for (n, name) in NAMES.iter().enumerate() {
        if schema.get_field(name)? != field(n as u32) {
            return Err(tantivy::TantivyError::SchemaError(format!(
                "field {name} is not number {n}"
            )));
        }
    }
    Ok(())
}
