//! A small builder for end-to-end site tests: copy a fixture (or start empty) into a temp
//! folder, change files, build, and read what came out.

use std::path::{Path, PathBuf};

use waymark::{BuildOptions, BuildSummary, Errors};

pub struct SiteTest {
    dir: tempfile::TempDir,
    pub drafts: bool,
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl SiteTest {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> SiteTest {
        let t = SiteTest::empty();
        copy_tree(&fixture_dir(name), t.root());
        t
    }

    /// A copy of any folder (the sample site, a corpus).
    pub fn copy_of(path: &Path) -> SiteTest {
        let t = SiteTest::empty();
        copy_tree(path, t.root());
        t
    }

    /// The public handbook corpus (`../shared/corpora`) as a site's content, when present.
    pub fn handbook() -> Option<SiteTest> {
        let corpus =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/gitlab-cs-handbook");
        if !corpus.is_dir() {
            eprintln!("skipped: {} is not present", corpus.display());
            return None;
        }
        let t = SiteTest::empty();
        t.write(
            "waymark.toml",
            "title = \"Handbook\"\nbase_url = \"https://example.com\"\n",
        );
        copy_tree(&corpus, &t.root().join("content"));
        Some(t)
    }

    pub fn empty() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().unwrap(),
            drafts: false,
        }
    }

    /// A site with a config and the given files.
    pub fn with_files(files: &[(&str, &str)]) -> SiteTest {
        let t = SiteTest::empty();
        t.write(
            "waymark.toml",
            "title = \"T\"\nbase_url = \"https://example.com\"\n",
        );
        for (p, c) in files {
            t.write(p, c);
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            drafts: self.drafts,
            ..Default::default()
        }
    }

    pub fn build(&self) -> Result<BuildSummary, Errors> {
        waymark::build(&self.options())
    }

    /// Builds and panics with the diagnostics if it fails.
    pub fn build_ok(&self) -> BuildSummary {
        match self.build() {
            Ok(s) => s,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    /// Builds, expects failure, returns the printed diagnostics.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("build unexpectedly succeeded"),
            Err(e) => e.to_string(),
        }
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.output().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.output().join(rel).exists()
    }

    /// Every output file with its bytes, sorted.
    pub fn snapshot_tree(&self) -> Vec<(String, Vec<u8>)> {
        let out = self.output();
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }
}

/// The parity contract between the browser reader and native tantivy: the same hits in the
/// same order with the same fields, scores within 1e-4, the same total, flags and counts.
/// Hits whose scores are within 1e-4 of each other may trade places (sums of the same f32
/// numbers in another order); they must still be the same set.
/// The repository's sample site built into a temporary folder; returns the folder (kept while
/// it lives) and the built index's `search/` folder.
pub fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    waymark::build(&BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.path().join("public")),
        ..Default::default()
    })
    .unwrap();
    let search = out.path().join("public/search");
    (out, search)
}

pub fn assert_same(lean: &search_core::Response, native: &search_core::Response, q: &str) {
    assert_eq!(
        (lean.total, lean.fuzzy, lean.some_words, &lean.facets),
        (
            native.total,
            native.fuzzy,
            native.some_words,
            &native.facets
        ),
        "{q}: totals, flags or counts differ"
    );
    assert_eq!(lean.hits.len(), native.hits.len(), "{q}: number of hits");
    for (i, (l, n)) in lean.hits.iter().zip(&native.hits).enumerate() {
        assert!(
            (l.score - n.score).abs() <= 1e-4,
            "{q}: hit {i} scores {} (lean) vs {} (native)",
            l.score,
            n.score
        );
        if l.url != n.url {
            let tied = |url: &str| {
                native
                    .hits
                    .iter()
                    .any(|h| h.url == url && (h.score - n.score).abs() <= 1e-4)
            };
            assert!(
                tied(&l.url),
                "{q}: hit {i} is {} (lean) vs {} (native)",
                l.url,
                n.url
            );
            continue;
        }
        let mut l = l.clone();
        l.score = n.score;
        assert_eq!(&l, n, "{q}: hit {i}");
    }
    assert_eq!(
        (&lean.suggestion, &lean.near_sections),
        (&native.suggestion, &native.near_sections),
        "{q}: what a query that found nothing offers"
    );
}
