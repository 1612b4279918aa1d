//! tantivy itself: the schema and analyzer the index is written with, a `Directory` over a
//! published index, and the engine behind `waymark search`.

pub mod analyzer;
mod directory;
mod engine;
pub mod reblock;
pub mod schema;

pub use directory::ManifestDirectory;
pub use engine::Engine;
