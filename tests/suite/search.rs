//! The offline search index end to end: what a build writes into `public/search/`, what
//! `waymark search` answers, and that the browser's lazy page cache reaches the same answers
//! with every byte fetched in a few rounds (the wasm runs this same engine code).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use crate::common::{SiteTest, assert_same, built_sample};
use search_core::{Entry, Lean, OwnedBytes, Request};
use search_wasm::Cache;

fn waymark() -> Command {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
}

fn search_json(root: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = waymark()
        .arg("search")
        .args(args)
        .arg("--json")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn urls(hits: &[serde_json::Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["url"].as_str().unwrap().to_string())
        .collect()
}

fn entry(site: &SiteTest) -> Entry {
    serde_json::from_str(&site.read("search/entry.json")).unwrap()
}

#[test]
fn the_build_writes_a_hashed_index_and_the_runtime() {
    let site = SiteTest::fixture("search");
    let summary = site.build_ok();
    assert_eq!(summary.search_docs, Some(11), "{summary}");
    assert!(summary.to_string().contains("11 search docs"), "{summary}");
    let e = entry(&site);
    assert_eq!(e.docs, 11);
    assert!(site.exists(&format!("search/{}", e.wasm)));
    assert!(site.exists(&format!("search/{}", e.hot.url)));
    // Every index file is named after its content.
    for f in &e.files {
        let bytes = std::fs::read(site.output().join("search").join(&f.url)).unwrap();
        assert_eq!(bytes.len() as u64, f.len, "{}", f.name);
        assert!(
            f.url
                .starts_with(&format!("{:016x}.", waymark::hash::fnv(&bytes))),
            "{}",
            f.url
        );
    }
    assert!(e.files.iter().any(|f| f.name.ends_with(".store")));
    let workers: Vec<_> = std::fs::read_dir(site.output().join("search"))
        .unwrap()
        .filter_map(|d| d.ok())
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("worker.") && n.ends_with(".js"))
        .collect();
    assert_eq!(workers.len(), 1);
    // Pages point the theme at that worker.
    assert!(site.read("index.html").contains(&workers[0]));
    assert_eq!(
        e.sections.get("help/").map(String::as_str),
        Some("Help center")
    );
}

#[test]
fn identical_builds_write_identical_indexes_and_old_files_go() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let first = site.snapshot_tree();
    site.build_ok();
    assert_eq!(first, site.snapshot_tree());
    site.write(
        "content/help/request-a-refund.md",
        "---\ntitle: Request a refund\nproduct_area: Billing\n---\nNew words: quixotic.\n",
    );
    site.build_ok();
    let files: Vec<String> = std::fs::read_dir(site.output().join("search"))
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let e = entry(&site);
    for name in &files {
        let known = name == "entry.json"
            || name == "index.html"
            || name.starts_with("worker.")
            || *name == e.wasm
            || *name == e.hot.url
            || e.files.iter().any(|f| f.url == *name);
        assert!(known, "stale file {name} left in search/");
    }
    assert_eq!(
        urls(&search_json(site.root(), &["quixotic"])),
        ["/help/request-a-refund/"]
    );
}

#[test]
fn opted_out_pages_and_excluded_sections_are_not_indexed() {
    let site = SiteTest::fixture("search");
    site.write(
        "content/guides/secret.md",
        "---\ntitle: Internal escalation roster\nsearch: false\n---\nZanzibar roster.\n",
    );
    site.write(
        "content/internal/_index.md",
        "---\ntitle: Internal\n---\nZanzibar notes.\n",
    );
    site.write(
        "content/internal/plan.md",
        "---\ntitle: Zanzibar plan\n---\nZanzibar.\n",
    );
    site.write(
        "content/guides/public.md",
        "---\ntitle: Public page\n---\nZanzibar is public.\n",
    );
    let config = std::fs::read_to_string(site.root().join("waymark.toml")).unwrap();
    site.write(
        "waymark.toml",
        &format!("{config}\n[search]\nexclude_sections = [\"internal\"]\n"),
    );
    site.build_ok();
    assert_eq!(
        urls(&search_json(site.root(), &["zanzibar"])),
        ["/guides/public/"]
    );
    // The pages themselves are still built.
    assert!(site.exists("internal/plan/index.html"));
    assert!(site.exists("guides/secret/index.html"));
}

#[test]
fn search_can_be_turned_off() {
    let site = SiteTest::fixture("search");
    let config = std::fs::read_to_string(site.root().join("waymark.toml")).unwrap();
    site.write(
        "waymark.toml",
        &format!("{config}\n[search]\nenabled = false\n"),
    );
    let summary = site.build_ok();
    assert_eq!(summary.search_docs, None);
    assert!(!site.exists("search/entry.json"));
    assert!(!site.read("index.html").contains("search.js"));
    let out = waymark()
        .args(["search", "refund", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("disabled"));
}

#[test]
fn cli_answers_with_prefix_typo_filters_and_the_json_contract() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let root = site.root();
    let hits = search_json(root, &["refund"]);
    assert_eq!(hits[0]["url"], "/help/request-a-refund/");
    let keys: Vec<&str> = hits[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys[..5], ["title", "url", "score", "snippet", "type"]);
    assert!(keys.len() == 5 || keys[5..] == ["sections"], "{keys:?}");
    assert_eq!(hits[0]["type"], "article");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Refund"));
    // The last word is a prefix while typing; a trailing space ends it.
    assert_eq!(
        search_json(root, &["refu"])[0]["url"],
        "/help/request-a-refund/"
    );
    assert!(search_json(root, &["refu "]).is_empty());
    // One letter wrong.
    assert_eq!(
        search_json(root, &["pasword"])[0]["url"],
        "/help/reset-your-password/"
    );
    // Filters: by type, by tag (any case), by section; AND across fields.
    for hit in search_json(root, &["the", "--filter", "type=article"]) {
        assert_eq!(hit["type"], "article");
    }
    assert_eq!(
        urls(&search_json(root, &["refund", "--filter", "tag=PAYMENTS"])),
        ["/help/request-a-refund/"]
    );
    assert!(search_json(root, &["refund", "--filter", "section=guides"]).is_empty());
    let limited = search_json(root, &["the", "--limit", "2"]);
    assert!(limited.len() <= 2);
    // Bad filter and unbuilt site: clear errors.
    let out = waymark()
        .args(["search", "x", "--filter", "colour=red", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown filter field `colour`"));
    let fresh = SiteTest::fixture("search");
    let out = waymark()
        .args(["search", "x", "--root"])
        .arg(fresh.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("waymark build"));
}

#[test]
fn markup_in_content_stays_text_in_results() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let hits = search_json(site.root(), &["onerror"]);
    let hit = hits
        .iter()
        .find(|h| h["url"] == "/guides/markup-in-titles/")
        .expect("the markup page is found");
    assert!(
        hit["title"]
            .as_str()
            .unwrap()
            .contains("<img src=x onerror=alert(1)>")
    );
}

/// Opens the built index the way the browser does (the lean reader over the page cache): only
/// `entry.json` and the hot bundle at first, then byte ranges on demand.
fn open_lazily(site: &SiteTest) -> (Lean, Arc<Cache>, Vec<OwnedBytes>) {
    open_lazily_in(&site.output().join("search"))
}

pub(crate) fn open_lazily_in(dir: &Path) -> (Lean, Arc<Cache>, Vec<OwnedBytes>) {
    let e: Entry =
        serde_json::from_str(&std::fs::read_to_string(dir.join("entry.json")).unwrap()).unwrap();
    let (cache, files) = search_wasm::cache::from_disk(dir, &e).unwrap();
    let cache = Arc::new(cache);
    let engine = Lean::open(Arc::new(e), cache.clone())
        .expect("the hot bundle holds everything opening reads");
    assert!(cache.take_wanted().is_empty());
    (engine, cache, files)
}

#[test]
fn the_lazy_cache_reaches_the_native_answers_in_few_rounds() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let (lazy, cache, files) = open_lazily(&site);
    let native = open_native(&site.output().join("search"));
    let mut fetched = 0usize;
    for q in [
        "refund",
        "reset passw",
        "pasword",
        "single sign",
        "invoice download",
        "help",
    ] {
        let request = Request {
            q: q.into(),
            ..Request::default()
        };
        let mut rounds = 0;
        let answer = loop {
            match lazy.search(&request) {
                Ok(a) => break a,
                Err(e) => {
                    let wanted = cache.take_wanted();
                    assert!(!wanted.is_empty(), "{q}: failed without missing bytes: {e}");
                    for (file, range) in wanted {
                        fetched += range.len();
                        cache.supply(file, range.start, &files[file].as_slice()[range]);
                    }
                    rounds += 1;
                    assert!(rounds <= 6, "{q}: too many fetch rounds");
                }
            }
        };
        let expected = native.search(&request).unwrap();
        assert_same(&answer, &expected, q);
        // Dictionary blocks, postings (on a site this small with the field lengths; the first
        // query also fetches the filter values and their postings), stored fields: three rounds
        // of fetches at most for a query without typos.
        if !answer.fuzzy {
            assert!(rounds <= 3, "{q}: {rounds} fetch rounds");
        }
        assert!(!answer.hits.is_empty(), "{q}");
    }
    let total: usize = files.iter().map(|f| f.len()).sum();
    assert!(
        fetched < total,
        "fetched {fetched} of {total} bytes: not lazy"
    );
}

#[test]
fn facet_counts_ignore_their_own_selection() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let engine = open_native(&site.output().join("search"));
    let mut request = Request {
        q: "the".into(),
        ..Request::default()
    };
    let all = engine.search(&request).unwrap();
    let kinds: BTreeMap<String, u32> = all.facets.clone().unwrap().kind.into_iter().collect();
    request.filters.kind = vec!["article".into()];
    let filtered = engine.search(&request).unwrap();
    assert_eq!(filtered.total as u32, kinds["article"]);
    // The type counts still show the other types, so the visitor can widen again.
    let still: BTreeMap<String, u32> = filtered.facets.unwrap().kind.into_iter().collect();
    assert_eq!(still, kinds);
}

/// The native engine over a built site's `search/` folder.
pub(crate) fn open_native(dir: &std::path::Path) -> search_core::Engine {
    waymark::search::cli::open(dir).unwrap()
}

/// Runs `request` through the lazy cache, fetching what it records, and returns the answer
/// and the number of fetch rounds it took.
pub(crate) fn lazily(
    engine: &Lean,
    cache: &Cache,
    files: &[OwnedBytes],
    request: &Request,
) -> (search_core::Response, usize) {
    let mut rounds = 0;
    loop {
        match engine.search(request) {
            Ok(a) => return (a, rounds),
            Err(e) => {
                let wanted = cache.take_wanted();
                assert!(!wanted.is_empty(), "failed without missing bytes: {e}");
                for (file, range) in wanted {
                    cache.supply(file, range.start, &files[file].as_slice()[range]);
                }
                rounds += 1;
                assert!(rounds <= 8, "{}: too many fetch rounds", request.q);
            }
        }
    }
}

#[test]
fn queries_need_few_fetch_rounds_on_a_site_with_a_large_dictionary() {
    // 300 pages over a 6,000-word vocabulary: every dictionary spans many blocks.
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu"];
    let word = |n: usize| -> String {
        let mut n = n + 100;
        let mut w = String::new();
        while n > 0 {
            w.push_str(syllables[n % 10]);
            n /= 10;
        }
        w
    };
    let site = SiteTest::fixture("search");
    for p in 0..300 {
        let title: Vec<String> = (0..3).map(|_| word(next() % 6000)).collect();
        let body: Vec<String> = (0..120).map(|_| word(next() % 6000)).collect();
        site.write(
            &format!("content/guides/g{p}.md"),
            &format!(
                "---\ntitle: {}\n---\n## {}\n\n{}\n",
                title.join(" "),
                word(next() % 6000),
                body.join(" ")
            ),
        );
    }
    site.build_ok();
    let (lazy, cache, files) = open_lazily(&site);
    let term_bytes: u64 = entry(&site)
        .files
        .iter()
        .filter(|f| f.name.ends_with(".term"))
        .map(|f| f.len)
        .sum();
    assert!(term_bytes > 40_000, "dictionary only {term_bytes} bytes");
    let w = |n| word(n);
    let queries = [
        w(10),
        format!("{} {}", w(20), w(30)),
        w(40)[..5].to_string(),               // a prefix, still being typed
        format!("{} {}", w(50), &w(60)[..4]), // a word and a prefix
    ];
    for q in &queries {
        let request = Request {
            q: q.clone(),
            facets: false,
            ..Request::default()
        };
        let (answer, rounds) = lazily(&lazy, &cache, &files, &request);
        assert!(!answer.fuzzy, "{q}");
        assert!(rounds <= 4, "{q}: {rounds} fetch rounds");
    }
    // A misspelt word costs one more round (the dictionary range of its first letter).
    let typo = format!("{}x{}", &w(70)[..3], &w(70)[4..]);
    let request = Request {
        q: format!("{typo} "),
        facets: false,
        ..Request::default()
    };
    let (answer, rounds) = lazily(&lazy, &cache, &files, &request);
    assert!(answer.fuzzy, "{typo}");
    assert!(rounds <= 5, "{typo}: {rounds} fetch rounds");
}

#[test]
fn synonyms_of_several_words_match_as_a_whole() {
    let site = SiteTest::fixture("search");
    let config = std::fs::read_to_string(site.root().join("waymark.toml")).unwrap();
    site.write(
        "waymark.toml",
        &format!("{config}\n[search]\nsynonyms = [[\"pto\", \"vacation\", \"time off\"]]\n"),
    );
    site.write(
        "content/guides/leave.md",
        "---\ntitle: Leave\n---\nBook your vacation early.\n",
    );
    site.write(
        "content/guides/off.md",
        "---\ntitle: Requests\n---\nAsk for time off in the portal.\n",
    );
    site.write(
        "content/guides/slow.md",
        "---\ntitle: Slow pages\n---\nDashboards time out sometimes.\n",
    );
    site.build_ok();
    let mut found = urls(&search_json(site.root(), &["pto "]));
    found.sort();
    assert_eq!(found, ["/guides/leave/", "/guides/off/"]);
    let mut found = urls(&search_json(site.root(), &["vacation "]));
    found.sort();
    assert_eq!(found, ["/guides/leave/", "/guides/off/"]);
    // The word itself ranks above its synonyms.
    assert_eq!(
        urls(&search_json(site.root(), &["vacation "]))[0],
        "/guides/leave/"
    );
}

/// Every request of `queries` (as typed, as a finished word, with a type filter, without
/// counts) answered by the browser's reader, lazily, and by native tantivy.
fn assert_parity(dir: &Path, queries: &[String]) {
    let (lazy, cache, files) = open_lazily_in(dir);
    let native = open_native(dir);
    for q in queries {
        for (text, kind, facets) in [
            (q.clone(), None, true),
            (format!("{q} "), None, true),
            (q.clone(), Some("page"), true),
            (format!("{q} "), None, false),
        ] {
            let mut request = Request {
                q: text.clone(),
                facets,
                ..Request::default()
            };
            if let Some(k) = kind {
                request.filters.kind = vec![k.to_string()];
            }
            let (answer, _) = lazily(&lazy, &cache, &files, &request);
            assert_same(&answer, &native.search(&request).unwrap(), &text);
        }
    }
}

#[test]
fn the_browser_reader_gives_tantivys_answers_to_the_handbook_queries() {
    let Some(site) = SiteTest::handbook() else {
        return;
    };
    site.build_ok();
    let tsv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpora/gitlab-cs-handbook-queries.tsv"),
    )
    .unwrap();
    let queries: Vec<String> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect();
    assert_eq!(queries.len(), 50);
    assert_parity(&site.output().join("search"), &queries);
}

#[test]
fn the_browser_reader_gives_tantivys_answers_on_the_sample_site() {
    let (_out, dir) = built_sample();
    let queries: Vec<String> = [
        "how do i cancel my plan",
        "salary csm",
        "reset password",
        "onbaording",
        "renewal playbook",
        "customer success manager",
        "sso",
        "qbr",
        "escalaton",
        "time off",
        "José encoding",
        "ZOË",
        "a",
        "the of and",
        "x",
        "zzzz",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_parity(&dir, &queries);
}

#[test]
fn the_browser_runtime_stays_small_and_links_no_tantivy() {
    let site = SiteTest::fixture("search");
    site.build_ok();
    let e = entry(&site);
    let wasm = std::fs::metadata(site.output().join("search").join(&e.wasm))
        .unwrap()
        .len();
    // Target 150 KB; measured 221 KB (see docs/search.md). The issue fails it past 250 KB.
    assert!(wasm <= 250 * 1024, "the search runtime is {wasm} bytes");
}

#[test]
fn the_browser_reader_handles_fields_no_page_has() {
    // No headings, categories or tags anywhere: those fields have no dictionary or postings.
    let site = SiteTest::with_files(&[
        (
            "content/a.md",
            "---\ntitle: Refund policy\n---\nRefunds arrive in five days.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: Invoices\n---\nDownload an invoice or a refund note.\n",
        ),
    ]);
    site.build_ok();
    let queries: Vec<String> = ["refund", "invoice", "refnd", "missing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_parity(&site.output().join("search"), &queries);
}

#[test]
fn the_cli_reads_a_site_built_elsewhere_and_stops_quietly_when_its_reader_does() {
    let site = SiteTest::fixture("search");
    let out = tempfile::tempdir().unwrap();
    let built = waymark()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(built.status.success());
    let hits = search_json(
        site.root(),
        &["refund", "--output", out.path().to_str().unwrap()],
    );
    assert_eq!(hits[0]["url"], "/help/request-a-refund/");
    let missing = waymark()
        .args(["search", "refund", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--output"));
    // `waymark search ... | head -0`: the reader is gone before anything is written.
    let mut child = waymark()
        .args(["search", "the", "--limit", "100", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(out.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Ended by the closed pipe (SIGPIPE), as other command-line tools are, or by itself.
    use std::os::unix::process::ExitStatusExt;
    assert!(
        done.status.success() || done.status.signal() == Some(13),
        "{stderr}"
    );
}
