//! The browser reader's fetch rounds for queries on a built index, run natively: for each
//! query the time and, per round, the number of ranges and bytes the page cache asked for
//! (pages already fetched by earlier queries are reused, as in one browser session).
//!
//!     cargo run --release --example search_rounds -- public/search "password reset" refund
//!     cargo run --release --example search_rounds -- public/search --no-facets refund
//!
//! With no queries it runs a few of the search bench's.

use search_core::{Entry, Lean, Request};
use std::sync::Arc;
use std::time::Instant;
fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: search_rounds SEARCH_DIR [QUERY...]"),
    );
    let e: Entry =
        serde_json::from_str(&std::fs::read_to_string(dir.join("entry.json")).unwrap()).unwrap();
    let (cache, files) = search_wasm::cache::from_disk(&dir, &e).unwrap();
    let cache = Arc::new(cache);
    let e = Arc::new(e);
    let lean = Lean::open(e.clone(), cache.clone()).unwrap();
    let mut queries: Vec<String> = std::env::args().skip(2).collect();
    // `--no-facets`: without the filter counts, to see what they cost.
    let facets = !queries.iter().any(|q| q == "--no-facets");
    // `--ranges`: also print each range read, with its file's name.
    let ranges = queries.iter().any(|q| q == "--ranges");
    queries.retain(|q| q != "--no-facets" && q != "--ranges");
    if queries.is_empty() {
        queries = [
            "password reset",
            "refund",
            "invoice",
            "rate limit",
            "passw",
            "refnd",
        ]
        .map(String::from)
        .to_vec();
    }
    for q in &queries {
        let r = Request {
            q: q.clone(),
            facets,
            ..Default::default()
        };
        let t = Instant::now();
        let mut rounds = Vec::new();
        loop {
            match lean.search(&r) {
                Ok(_) => break,
                Err(_) => {
                    let w = cache.take_wanted();
                    let mut b = 0;
                    let n = w.len();
                    for (f, range) in w {
                        b += range.len();
                        if ranges {
                            println!(
                                "  round {} {} {range:?} ({} B)",
                                rounds.len() + 1,
                                e.files[f].name,
                                range.len()
                            );
                        }
                        cache.supply(f, range.start, &files[f].as_slice()[range]);
                    }
                    rounds.push((n, b));
                }
            }
        }
        println!("{q:22} {:?} rounds {:?}", t.elapsed(), rounds);
    }
}
