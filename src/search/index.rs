//! Writing the index: which documents, which fields, one segment in memory, then hashed files,
//! the hot bundle and `entry.json`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::error::Diagnostic;
use crate::hash::{fnv, fnv_of_hashes};
use search_core::fields as f;
use search_core::native::analyzer;
use search_core::native::reblock::term_file;
use search_core::native::schema::{field, schema};
use search_core::tantivy::directory::{OwnedBytes, RamDirectory};
use search_core::tantivy::store::Compressor;
use search_core::tantivy::tokenizer::TokenizerManager;
use search_core::tantivy::{Directory, Index, IndexSettings, TantivyDocument};
use search_core::{Entry, FileEntry, HotRange, Lean, SCHEMA_VERSION, Store, encode_hot};

use super::excerpt::{EXCERPT_CHARS, excerpt};
use crate::config::Config;
use crate::content::{Library, SectionId};

const SUMMARY_CHARS: usize = 200;
/// Bytes of a term dictionary block (tantivy writes 4,000): what one word costs a browser per
/// field. Measured at 10,000 pages: see docs/search.md.
const TERM_BLOCK: usize = 512;

/// One document of the index, borrowed from the library.
#[derive(Debug)]
pub struct SearchDoc<'a> {
    pub title: &'a str,
    pub url: String,
    pub headings: Vec<&'a str>,
    /// Where each heading starts in `body`, with its id.
    pub heading_starts: &'a [(usize, String)],
    pub description: Option<&'a str>,
    pub body: &'a str,
    /// Text of the typed data (a role's duties, a playbook's steps...).
    pub extra: String,
    pub kind: &'static str,
    pub section: String,
    pub categories: &'a [String],
    pub tags: &'a [String],
    pub keywords: &'a [String],
    /// The title of the section the page is in (its own, for a section).
    pub section_title: &'a str,
}

/// The files of a written index, as `(path under the output, bytes)`, and its size.
#[derive(Debug)]
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub docs: usize,
}

fn excluded(dir: &str, exclude: &[String]) -> bool {
    exclude.iter().any(|e| {
        let e = e.trim_matches('/');
        !e.is_empty() && (dir == e || dir.starts_with(&format!("{e}/")))
    })
}

/// Every page and section that goes into the index, in a stable order: pages as the sections
/// list them, then sections. Drafts are not in the library unless asked for; pages with
/// `search: false` and sections excluded in the config are left out.
pub fn search_docs<'a>(lib: &'a Library, config: &Config) -> Vec<SearchDoc<'a>> {
    let exclude = &config.search.exclude_sections;
    let section_key = |i: SectionId| {
        let dir = &lib.sections[i].dir;
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        }
    };
    let mut docs = Vec::new();
    for i in lib.page_order() {
        let p = &lib.pages[i];
        if p.front.search == Some(false) || excluded(&lib.sections[p.section].dir, exclude) {
            continue;
        }
        docs.push(SearchDoc {
            title: &p.title,
            url: format!("/{}", p.path),
            headings: p.rendered.headings.iter().map(String::as_str).collect(),
            heading_starts: &p.rendered.heading_starts,
            description: p.front.description.as_deref(),
            body: &p.rendered.plain_text,
            extra: p.typed.search_text(),
            kind: p.page_type.as_str(),
            section: section_key(p.section),
            categories: &p.front.categories.0,
            tags: &p.front.tags.0,
            keywords: &p.front.keywords.0,
            section_title: section_title(lib, p.section),
        });
    }
    for (i, s) in lib.sections.iter().enumerate() {
        if i == 0
            || s.front.search == Some(false)
            || excluded(&s.dir, exclude)
            || (s.rendered.plain_text.trim().is_empty() && s.front.description.is_none())
        {
            continue;
        }
        docs.push(SearchDoc {
            title: &s.title,
            url: format!("/{}", s.path),
            headings: s.rendered.headings.iter().map(String::as_str).collect(),
            heading_starts: &s.rendered.heading_starts,
            description: s.front.description.as_deref(),
            body: &s.rendered.plain_text,
            extra: String::new(),
            kind: "section",
            section: section_key(SectionId(i)),
            categories: &s.front.categories.0,
            tags: &s.front.tags.0,
            keywords: &s.front.keywords.0,
            section_title: section_title(lib, SectionId(i)),
        });
    }
    docs
}

/// The title of section `i`, none for the home page's (it files nothing under a name).
fn section_title(lib: &Library, i: SectionId) -> &str {
    if i.0 == 0 { "" } else { &lib.sections[i].title }
}

fn summary(doc: &SearchDoc) -> String {
    if let Some(d) = doc.description.filter(|d| !d.trim().is_empty()) {
        return d.trim().to_string();
    }
    // The first words of the text, whole, up to about SUMMARY_CHARS.
    let mut out = String::new();
    for word in doc.body.split_whitespace() {
        if out.len() + word.len() >= SUMMARY_CHARS {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A `Store` over files in memory that logs every range read: opening the index through it
/// records exactly what the browser reads at open time (the hot bundle).
#[derive(Debug)]
struct Recorder {
    files: Vec<OwnedBytes>,
    log: Mutex<Vec<(usize, Range<usize>)>>,
}

impl Store for Recorder {
    fn read(&self, file: usize, range: Range<usize>) -> std::io::Result<OwnedBytes> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file, range.clone()));
        Ok(self.files[file].slice(range))
    }
}

fn tantivy_error(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "public/search",
        format!("cannot write the search index: {e}"),
    )
}

/// Writes the index of `docs`; returns its files under `search/`.
pub fn build_index(
    docs: &[SearchDoc],
    sections: BTreeMap<String, String>,
    config: &Config,
) -> Result<IndexFiles, Diagnostic> {
    let (dir, index) = write_segment(docs)?;
    let segment = segment_files(&dir, &index)?;
    let (mut files, entries) = named_files(&segment);
    let mut entry = Entry {
        v: 1,
        schema: SCHEMA_VERSION,
        wasm: super::wasm_name().to_string(),
        docs: docs.len() as u64,
        meta: segment.meta,
        files: entries,
        hot: FileEntry {
            name: "hot".into(),
            url: String::new(),
            len: 0,
        },
        sections,
        synonyms: synonyms(docs, config),
    };
    let hot = hot_bundle(&entry, segment.contents)?;
    let hot_url = format!("hot.{:016x}.bin", fnv(&hot));
    entry.hot = FileEntry {
        name: "hot".into(),
        url: hot_url.clone(),
        len: hot.len() as u64,
    };
    files.push((format!("search/{hot_url}"), hot));
    let mut json = serde_json::to_vec(&entry).map_err(tantivy_error)?;
    json.write_all(b"\n").map_err(tantivy_error)?;
    files.push(("search/entry.json".into(), json));
    Ok(IndexFiles {
        files,
        docs: docs.len(),
    })
}

/// The configured synonyms, then (unless `[search] acronyms = false`) the acronyms the pages
/// define.
fn synonyms(docs: &[SearchDoc], config: &Config) -> Vec<Vec<String>> {
    let mut out = config.search.synonyms.clone();
    if config.search.acronyms {
        out.extend(super::acronyms::acronyms(docs.iter().map(|d| d.body)));
    }
    out
}

/// One tantivy segment of every document, in memory.
fn write_segment(docs: &[SearchDoc]) -> Result<(RamDirectory, Index), Diagnostic> {
    let dir = RamDirectory::create();
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: 1024,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let tokenizers = TokenizerManager::default();
    analyzer::register(&tokenizers);
    let mut writer = Index::builder()
        .schema(schema())
        .settings(settings)
        .tokenizers(tokenizers)
        .single_segment_index_writer(dir.clone(), 64 << 20)
        .map_err(tantivy_error)?;
    for d in docs {
        writer.add_document(tantivy_doc(d)).map_err(tantivy_error)?;
    }
    let index = writer.finalize().map_err(tantivy_error)?;
    Ok((dir, index))
}

fn add_accented(doc: &mut TantivyDocument, text: &str) {
    if !text.is_ascii() {
        doc.add_text(field(f::ACCENTED), text);
    }
}

fn tantivy_doc(d: &SearchDoc) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(field(f::TITLE), d.title);
    let mut headings = d.headings.join("\n");
    if let Some(desc) = d.description {
        headings.push('\n');
        headings.push_str(desc);
    }
    doc.add_text(field(f::HEADINGS), &headings);
    // The pairs analyzer makes the word pairs of these (`text::Pairs`).
    doc.add_text(field(f::PAIRS), d.title);
    doc.add_text(field(f::PAIRS), &headings);
    doc.add_text(field(f::BODY), d.body);
    if !d.extra.is_empty() {
        doc.add_text(field(f::BODY), &d.extra);
    }
    doc.add_text(field(f::BODY_PAIRS), d.body);
    if !d.extra.is_empty() {
        doc.add_text(field(f::BODY_PAIRS), &d.extra);
    }
    // The accented analyzer keeps the accented words of these and of the labels
    // (`text::AccentedWords`); plain ASCII, most text, has none and is not copied into the doc.
    for text in [d.title, headings.as_str(), d.body, d.extra.as_str()] {
        add_accented(&mut doc, text);
    }
    doc.add_text(field(f::URL), &d.url);
    doc.add_text(field(f::SUMMARY), summary(d));
    doc.add_text(field(f::KIND), d.kind);
    if !d.section.is_empty() {
        doc.add_text(field(f::SECTION), &d.section);
    }
    for c in d.categories {
        doc.add_text(field(f::CATEGORY), c);
    }
    for t in d.tags {
        doc.add_text(field(f::TAG), t);
    }
    let labels = d.keywords.iter().chain(d.tags).chain(d.categories);
    for label in labels.map(String::as_str).chain([d.section_title]) {
        if !label.is_empty() {
            doc.add_text(field(f::LABELS), label);
            add_accented(&mut doc, label);
        }
    }
    let excerpt = excerpt(d.body, d.heading_starts, EXCERPT_CHARS);
    doc.add_text(field(f::EXCERPT), &excerpt.text);
    if !excerpt.anchors.is_empty() {
        doc.add_text(field(f::ANCHORS), &excerpt.anchors);
    }
    doc
}

/// A segment's files in a stable order under names derived from their content (tantivy
/// names them after a random id), with `meta.json` saying the same.
struct SegmentFiles {
    names: Vec<String>,
    contents: Vec<OwnedBytes>,
    meta: String,
}

fn segment_files(dir: &RamDirectory, index: &Index) -> Result<SegmentFiles, Diagnostic> {
    let metas = index.searchable_segment_metas().map_err(tantivy_error)?;
    let mut names: Vec<String> = Vec::new();
    for meta in &metas {
        for ext in ["fast", "fieldnorm", "idx", "pos", "store", "term"] {
            let Ok(component) = search_core::tantivy::index::SegmentComponent::try_from(ext) else {
                continue;
            };
            let path = meta.relative_path(component);
            if dir.exists(&path).unwrap_or(false) {
                names.push(path.to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    let mut contents = Vec::new();
    for name in &names {
        let bytes = dir
            .open_read(Path::new(name))
            .map_err(tantivy_error)?
            .read_bytes()
            .map_err(tantivy_error)?;
        let bytes = if name.ends_with(".term") {
            OwnedBytes::new(term_file(bytes.as_slice(), TERM_BLOCK).map_err(tantivy_error)?)
        } else {
            bytes
        };
        contents.push(bytes);
    }
    let mut meta = String::from_utf8(
        dir.atomic_read(Path::new("meta.json"))
            .map_err(tantivy_error)?,
    )
    .map_err(tantivy_error)?;
    let all = fnv_of_hashes(contents.iter().map(|c| fnv(c.as_slice())));
    let segment_id = format!("{all:016x}{:016x}", fnv(&all.to_le_bytes()));
    for old in metas.iter().map(|m| m.id().uuid_string()) {
        meta = meta
            .replace(old.as_str(), &segment_id)
            .replace(&hyphenated(&old), &hyphenated(&segment_id));
        for name in &mut names {
            *name = name.replace(old.as_str(), &segment_id);
        }
    }
    Ok(SegmentFiles {
        names,
        contents,
        meta,
    })
}

/// Each file under its content-hashed URL, and the manifest's entry for it.
fn named_files(segment: &SegmentFiles) -> (Vec<(String, Vec<u8>)>, Vec<FileEntry>) {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for (name, bytes) in segment.names.iter().zip(&segment.contents) {
        let ext = name.rsplit('.').next().unwrap_or("bin");
        let url = format!("{:016x}.{ext}", fnv(bytes.as_slice()));
        entries.push(FileEntry {
            name: name.clone(),
            url: url.clone(),
            len: bytes.len() as u64,
        });
        files.push((format!("search/{url}"), bytes.as_slice().to_vec()));
    }
    (files, entries)
}

/// The hot bundle: opens the index exactly as the browser will and keeps what was read.
fn hot_bundle(entry: &Entry, contents: Vec<OwnedBytes>) -> Result<Vec<u8>, Diagnostic> {
    let recorder = Arc::new(Recorder {
        files: contents,
        log: Mutex::new(Vec::new()),
    });
    Lean::open(Arc::new(entry.clone()), recorder.clone()).map_err(tantivy_error)?;
    let log = std::mem::take(&mut *recorder.log.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(encode_hot(&merge_ranges(log, &recorder.files)))
}

/// Overlapping and touching ranges of one file merged.
fn merge_ranges(mut log: Vec<(usize, Range<usize>)>, files: &[OwnedBytes]) -> Vec<HotRange> {
    log.sort_by_key(|(f, r)| (*f, r.start, r.end));
    let mut merged: Vec<(usize, Range<usize>)> = Vec::new();
    for (file, range) in log {
        match merged.last_mut() {
            Some((f, r)) if *f == file && range.start <= r.end => r.end = r.end.max(range.end),
            _ => merged.push((file, range)),
        }
    }
    merged
        .into_iter()
        .map(|(file, r)| HotRange {
            file,
            start: r.start,
            bytes: files[file].as_slice()[r].to_vec(),
        })
        .collect()
}

/// `0123…` as `01234567-89ab-cdef-0123-456789abcdef`.
fn hyphenated(simple: &str) -> String {
    if simple.len() != 32 {
        return simple.to_string();
    }
    format!(
        "{}-{}-{}-{}-{}",
        &simple[..8],
        &simple[8..12],
        &simple[12..16],
        &simple[16..20],
        &simple[20..]
    )
}
