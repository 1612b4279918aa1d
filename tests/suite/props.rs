//! Property tests of the parsers: no input makes them panic or run long, and their
//! guarantees hold. `FUZZ_CASES=N` runs N cases of each property instead of the defaults (a
//! longer fuzzing run); every case also has a time budget.

use std::path::Path;

use proptest::prelude::*;
use waymark::content::front_matter::{self, Format};
use waymark::content::{normalize_alias, slug_segment};
use waymark::markdown::{self, LinkResolver};

/// How many cases each property runs: `FUZZ_CASES`, or the property's default.
fn fuzz_cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one generated input may take, in the debug build, however odd it is (they are at most
/// a few KB; the hostile-input suite checks time per MB on large ones).
const CASE_BUDGET: std::time::Duration = std::time::Duration::from_secs(2);

struct NoLinks;
impl LinkResolver for NoLinks {
    fn resolve_md(&self, target: &str) -> Option<String> {
        target
            .len()
            .is_multiple_of(2)
            .then(|| format!("/{}/", target.trim_end_matches(".md")))
    }
    fn resolve_asset(&self, target: &str) -> String {
        format!("/assets/{target}")
    }
}

/// Markdown-ish text built from the constructs the renderer transforms.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z <>&\"']{0,20}",
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("## Same heading\n".to_string()),
        Just("### ".to_string()),
        Just("- [ ] ".to_string()),
        Just("- [x] ".to_string()),
        Just("> [!NOTE]\n> ".to_string()),
        Just("> [!WARNING]\n> > nested\n".to_string()),
        Just("```rust\nfn x() {}\n".to_string()),
        Just("```\n".to_string()),
        Just("[l](a.md#x)".to_string()),
        Just("[l](ab.md)".to_string()),
        Just("![i](../img.png)".to_string()),
        Just("<!--more-->\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("{#custom}".to_string()),
        Just("<script>x</script>".to_string()),
        Just("{{< shortcode >}}".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(512), ..ProptestConfig::default() })]

    #[test]
    fn split_never_panics_and_keeps_the_body(front in "[a-z: \\n\\[\\]\"'-]{0,80}", body in "\\PC{0,200}") {
        let _ = front_matter::split(&front);
        let source = format!("---\n{front}\n---\n{body}");
        if !front.lines().any(|l| l.trim_end() == "---" || l.trim_end() == "...") {
            let split = front_matter::split(&source).unwrap();
            prop_assert_eq!(split.format, Some(Format::Yaml));
            prop_assert_eq!(split.body, body.as_str());
        }
    }

    #[test]
    fn parse_never_panics(source in "\\PC{0,300}") {
        let _ = front_matter::parse(Path::new("a.md"), &source);
        let _ = front_matter::parse(Path::new("a.md"), &format!("---\n{source}\n---\n"));
        let _ = front_matter::parse(Path::new("a.md"), &format!("+++\n{source}\n+++\n"));
    }

    #[test]
    fn errors_point_inside_the_file(source in "[a-z: \\n\\[\\]{}\"'-]{0,120}") {
        let text = format!("---\n{source}\n---\nbody\n");
        if let Err(d) = front_matter::parse(Path::new("a.md"), &text) {
            prop_assert!(d.line >= 1 && d.line <= text.lines().count(), "{}", d);
        }
    }

    #[test]
    fn markdown_never_panics_and_heading_ids_are_unique(body in markdownish()) {
        let r = markdown::render(&body, &NoLinks);
        let mut ids = r.anchors.clone();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), n);
        if let Some(summary) = &r.summary {
            prop_assert!(r.html.starts_with(summary.as_str()) || summary.is_empty() || r.html.len() >= summary.len());
        }
    }

    #[test]
    fn arbitrary_markdown_never_panics(body in "\\PC{0,400}") {
        let _ = markdown::render(&body, &NoLinks);
    }

    #[test]
    fn markdown_of_many_constructs_renders_within_budget(pieces in prop::collection::vec(markdownish(), 1..60)) {
        let body = pieces.concat();
        let start = std::time::Instant::now();
        let _ = markdown::render(&body, &NoLinks);
        prop_assert!(start.elapsed() < CASE_BUDGET, "{} bytes took {:?}", body.len(), start.elapsed());
    }

    #[test]
    fn config_never_panics(source in "\\PC{0,300}", table in "[a-z_]{1,12}") {
        let start = std::time::Instant::now();
        let _ = waymark::Config::parse(&source, Path::new("waymark.toml"));
        let with_base = format!("base_url = \"https://e.com\"\n[{table}]\n{source}");
        let _ = waymark::Config::parse(&with_base, Path::new("waymark.toml"));
        prop_assert!(start.elapsed() < CASE_BUDGET);
    }

    #[test]
    fn slugs_are_single_safe_segments(name in "\\PC{0,40}") {
        let s = slug_segment(&name);
        prop_assert!(!s.is_empty());
        prop_assert!(!s.contains('/') && !s.contains('\\') && s != "." && s != "..");
    }

    #[test]
    fn aliases_never_climb_out(alias in "[a-z./ %-]{0,40}") {
        if let Some(a) = normalize_alias(&alias) {
            prop_assert!(!a.starts_with('/'));
            prop_assert!(a.split('/').all(|seg| seg != ".." && seg != "."), "{}", a);
        }
    }
}

/// A random little site: odd file names, nesting, bundles, slugs, aliases, bad front matter.
fn site_files() -> impl Strategy<Value = Vec<(String, String)>> {
    let dir = prop_oneof![
        Just(String::new()),
        Just("help/".to_string()),
        Just("help/deep/".to_string()),
        Just("Ünïcode dir/".to_string()),
        Just("bundle/".to_string()),
        Just("..weird/".to_string()),
    ];
    let name = prop_oneof![
        Just("_index.md".to_string()),
        Just("index.md".to_string()),
        Just("a.md".to_string()),
        Just("B c.md".to_string()),
        Just("...md".to_string()),
        Just("img.png".to_string()),
        "[a-z]{1,6}\\.md",
    ];
    let front = prop_oneof![
        Just("title: T\n".to_string()),
        Just("title: T\nslug: ../../x\n".to_string()),
        Just("title: T\nslug: \"\"\n".to_string()),
        Just("title: T\naliases: [\"/a/\", \"../b\", \"/help/a/\"]\n".to_string()),
        Just("title: T\ndraft: true\n".to_string()),
        Just("title: T\ntype: role\nsalary: {low: 1}\n".to_string()),
        Just("title: T\ndate: 2024-02-30\n".to_string()),
        Just("title: [unclosed\n".to_string()),
        Just("tags: [x, y]\ncategories: Q\n".to_string()),
        Just("title: T\ntemplate: nope.html\n".to_string()),
        Just("title: T\npaginate_by: 1\nsort_by: date\n".to_string()),
    ];
    let body = prop_oneof![
        Just(String::new()),
        Just("[l](a.md) [m](../_index.md#x) ![i](img.png)\n".to_string()),
        Just("## H\n\n<!--more-->\n\n```rust\nfn x() {}\n```\n".to_string()),
        "\\PC{0,60}",
    ];
    prop::collection::vec((dir, name, front, body), 0..10).prop_map(|files| {
        files
            .into_iter()
            .map(|(d, n, f, b)| {
                let text = if n.ends_with(".md") {
                    format!("---\n{f}---\n{b}")
                } else {
                    b
                };
                (format!("content/{d}{n}"), text)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(96), ..ProptestConfig::default() })]

    /// Any site either builds or fails with diagnostics; nothing panics, and nothing is
    /// written outside the output folder.
    #[test]
    fn any_site_builds_or_reports_without_panicking(files in site_files()) {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("waymark.toml"), "title = \"T\"\nbase_url = \"https://e.com/x/\"\n").unwrap();
        for (path, text) in &files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let result = waymark::build(&waymark::BuildOptions { root: root.clone(), ..Default::default() });
        match result {
            Ok(summary) => prop_assert!(root.join("public/index.html").is_file(), "{summary}"),
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                prop_assert!(!root.join("public").exists(), "a failed first build writes no output");
            }
        }
        let mut outside: Vec<String> = std::fs::read_dir(outer.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "site")
            .collect();
        outside.sort();
        prop_assert!(outside.is_empty(), "{:?}", outside);
    }
}

/// Front matter of a typed page: its type's fields (and others') with values of every shape.
fn typed_front() -> impl Strategy<Value = String> {
    let page_type = prop_oneof![
        Just("role"),
        Just("story"),
        Just("playbook"),
        Just("article"),
        Just("page")
    ];
    let key = prop_oneof![
        Just("salary"),
        Just("duties"),
        Just("skills"),
        Just("growth_paths"),
        Just("related_titles"),
        Just("day_in_the_life"),
        Just("how_to_get_hired"),
        Just("role"),
        Just("person"),
        Just("person_title"),
        Just("format"),
        Just("stages"),
        Just("audience"),
        Just("duration"),
        Just("owners"),
        Just("product_area"),
        Just("symptoms"),
        Just("cause"),
        Just("related"),
        Just("faq"),
        Just("weight"),
        Just("date"),
        Just("tags"),
        Just("extra"),
    ];
    let value = prop_oneof![
        Just("x".to_string()),
        Just("1".to_string()),
        Just("-3.5e300".to_string()),
        Just("[a, b]".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("null".to_string()),
        Just("2024-02-30".to_string()),
        Just("interview".to_string()),
        Just("{currency: USD, period: year, low: 9, median: 5, high: 1, source: s, as_of: 2024-01-01}".to_string()),
        Just("[{name: S, goal: g, steps: [a, '[x](../x.md)'], owner: o}]".to_string()),
        Just("[{name: S}]".to_string()),
        Just("roles/csm.md".to_string()),
        Just("[help/a.md, help/a.md]".to_string()),
        "\"[^\"\\\\]{0,20}\"",
    ];
    (page_type, prop::collection::vec((key, value), 0..8)).prop_map(|(t, fields)| {
        let mut seen = std::collections::HashSet::new();
        let body: String = fields
            .into_iter()
            .filter(|(k, _)| seen.insert(*k))
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect();
        format!("title: T\ntype: {t}\n{body}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(64), ..ProptestConfig::default() })]

    /// Typed pages with any mix of fields and values build or fail with diagnostics that name
    /// the file; the schemas, references, charts and templates never panic.
    #[test]
    fn typed_pages_build_or_report_the_file(fronts in prop::collection::vec(typed_front(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/help")).unwrap();
        std::fs::write(root.join("waymark.toml"), "title = \"T\"\nbase_url = \"https://e.com/\"\n").unwrap();
        std::fs::write(root.join("content/help/a.md"), "---\ntitle: A\n---\n").unwrap();
        for (i, front) in fronts.iter().enumerate() {
            std::fs::write(root.join(format!("content/p{i}.md")), format!("---\n{front}---\nBody\n")).unwrap();
        }
        let start = std::time::Instant::now();
        let result = waymark::build(&waymark::BuildOptions { root: root.to_path_buf(), ..Default::default() });
        prop_assert!(start.elapsed() < CASE_BUDGET * 5);
        if let Err(errors) = result {
            for e in &errors.0 {
                prop_assert!(e.path.starts_with("content"), "{}", e);
            }
        }
    }
}

/// The sample site's search index, built once for the query properties below, opened by
/// native tantivy and by the browser's reader.
fn sample_index() -> &'static (search_core::Engine, search_core::Lean) {
    static ENGINE: std::sync::OnceLock<(
        tempfile::TempDir,
        (search_core::Engine, search_core::Lean),
    )> = std::sync::OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            let out = dir.path().join("public");
            waymark::build::build(&waymark::BuildOptions {
                root: repo.to_path_buf(),
                output: Some(out.clone()),
                ..Default::default()
            })
            .unwrap();
            let engine = waymark::search::cli::open(&out.join("search")).unwrap();
            let lean = waymark::search::cli::open_lean(&out.join("search")).unwrap();
            (dir, (engine, lean))
        })
        .1
}

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[a-z ]{0,30}",
        proptest::collection::vec(
            prop_oneof![
                Just("reset"),
                Just("passw"),
                Just("salary"),
                Just("how"),
                Just("the"),
                Just("onbaording"),
                Just("ünïcode"),
                Just("José"),
                Just("ß"),
                Just("<img>"),
                Just("\u{ff}\u{ff}"),
                Just("renewal"),
            ],
            0..6
        )
        .prop_map(|w| w.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(256), ..ProptestConfig::default() })]

    /// Any query, with any filters, is answered without panicking; every hit is a real page of
    /// the site with the asked type, and the total is at least the hits shown; the browser's
    /// reader gives the same answer as native tantivy.
    #[test]
    fn search_answers_any_query(
        q in query_text(),
        kind in proptest::option::of(prop_oneof![Just("article"), Just("role"), Just("ARTICLE"), Just("nope")]),
        limit in 0usize..200,
    ) {
        let (engine, lean) = sample_index();
        let mut request = search_core::Request { q: q.clone(), limit, ..Default::default() };
        if let Some(k) = kind {
            request.filters.kind = vec![k.to_string()];
        }
        let answer = engine.search(&request).unwrap();
        crate::common::assert_same(&lean.search(&request).unwrap(), &answer, &q);
        prop_assert!(answer.hits.len() <= limit.clamp(1, 100));
        prop_assert!(answer.total >= answer.hits.len());
        for hit in &answer.hits {
            prop_assert!(hit.url.starts_with('/') && hit.url.ends_with('/'), "{}", hit.url);
            if let Some(k) = kind {
                prop_assert!(hit.kind.eq_ignore_ascii_case(k));
            }
            // Segments put back together are the stored text: nothing added, nothing lost.
            prop_assert!(!hit.title_text().is_empty());
        }
    }

    /// Plans and hot bundles from arbitrary input never panic.
    #[test]
    fn plans_and_hot_bundles_never_panic(q in "\\PC{0,80}", bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let plan = search_core::Plan::parse(&q);
        prop_assert!(plan.words.iter().filter(|w| w.prefix).count() <= 1);
        let _ = search_core::decode_hot(&search_core::OwnedBytes::new(bytes));
    }
}
