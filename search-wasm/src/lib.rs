//! waymark's search runtime for the browser: [`search_core::Lean`], the lean reader of the
//! tantivy index, compiled to `wasm32-unknown-unknown` (tantivy itself is not linked), reading
//! the index through a page cache the worker fills with HTTP range requests.
//!
//! No wasm-bindgen: a handful of plain exports (see `worker.js`, which drives them). A query
//! runs synchronously; when it needs bytes that are not cached it fails, the cache records the
//! missing pages ([`Cache`]), the worker fetches them (merged into as few ranges as possible)
//! and runs the query again. Everything read at open time comes in one "hot" bundle.

pub mod cache;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod exports;

pub use cache::{Cache, PAGE};
