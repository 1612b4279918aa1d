//! waymark's search: the index's fields, the English text pipeline, and two engines that give
//! the same answers.
//!
//! - [`Engine`] (feature `tantivy`, the default): tantivy itself. The build writes the index
//!   with it ([`native::schema`], [`native::analyzer`]) and `waymark search` queries with it.
//! - [`Lean`]: a reader of tantivy's files that links only tantivy's small crates, for the
//!   browser (`search-wasm`, built without the `tantivy` feature).
//!
//! Everything but matching and scoring is shared ([`expand`], [`facets`], [`snippet`]), and
//! both read index files through a [`Store`]: whole files for the CLI, HTTP range requests in
//! the browser, where a read that is not cached yet fails, is recorded by the store, and the
//! caller runs the same query again once the bytes are there.

pub mod expand;
pub mod facets;
mod fallback;
pub mod fields;
mod lean;
mod lower;
mod manifest;
pub mod order;
mod plan;
mod request;
pub mod score;
pub mod snippet;
pub mod text;

#[cfg(feature = "tantivy")]
pub mod native;

pub use fields::SCHEMA_VERSION;
pub use lean::{Lean, Postings, TermInfo};
pub use manifest::{
    Entry, FileEntry, HotRange, Memory, OwnedBytes, Store, StoreFile, decode_hot, encode_hot,
};
pub use plan::{Plan, Word, typo_distance};
pub use request::{Facets, Filters, Hit, Phase, Request, Response, SearchError, Segments, SubHit};

#[cfg(feature = "tantivy")]
pub use native::{Engine, ManifestDirectory};
#[cfg(feature = "tantivy")]
pub use tantivy;
