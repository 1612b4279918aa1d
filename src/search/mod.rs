//! The offline search index: written at build time from the parsed content (never from the
//! rendered HTML) into `public/search/`, read by `waymark search` and by the browser runtime.
//! The schema, analyzer and query engine live in `crates/search-core`, shared with the wasm.

mod acronyms;
pub mod cli;
mod excerpt;
mod index;

pub use index::{IndexFiles, SearchDoc, build_index, search_docs};

mod runtime {
    include!(concat!(env!("OUT_DIR"), "/search_runtime.rs"));
}

/// The browser runtime's files, as `(path under the output, bytes)`.
pub fn runtime_files() -> [(String, &'static [u8]); 2] {
    [
        (format!("search/{}", runtime::WASM_NAME), runtime::WASM),
        (
            format!("search/{}", runtime::WORKER_NAME),
            runtime::WORKER_JS,
        ),
    ]
}

/// The worker script's path under the output (what the theme starts).
pub fn worker_path() -> String {
    format!("search/{}", runtime::WORKER_NAME)
}

pub fn wasm_name() -> &'static str {
    runtime::WASM_NAME
}
