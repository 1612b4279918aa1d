//! The offline search index: written at build time from the parsed content (never from the
//! rendered HTML) into `public/search/`, read by `waymark search` and by the browser runtime.
//! The schema, analyzer and query engine live in `crates/search-core`, shared with the wasm.

pub mod cli;
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

/// 64-bit FNV-1a, for content-hashed file names.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
