//! waymark's search: the index schema, the English analyzer, and the query engine.
//!
//! One crate shared by the three places that touch the index, so they cannot drift apart:
//! the build writes the index with [`schema`] and [`analyzer`]; `waymark search` and the
//! browser runtime (`search-wasm`) both answer queries with [`Engine`]. The engine reads
//! index files through a [`Store`]: whole files on disk for the CLI, HTTP range requests
//! in the browser. It is written so that a read the store cannot answer yet simply fails,
//! is recorded by the store, and the caller runs the same query again once the bytes are
//! there (see [`Engine::search`]).

mod analyzer;
mod engine;
mod manifest;
mod plan;
mod schema;

pub use analyzer::{ANALYZER, analyzer};
pub use engine::{Engine, Facets, Filters, Hit, Request, Response, SearchError, Segments};
pub use manifest::{Entry, FileEntry, HotRange, ManifestDirectory, Store, decode_hot, encode_hot};
pub use plan::{Plan, Word};
pub use schema::{Fields, SCHEMA_VERSION, schema};
pub use tantivy;
