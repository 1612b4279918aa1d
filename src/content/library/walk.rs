//! Finding and parsing the files of `content/`: Markdown files are read and cut into front
//! matter and body in parallel; huge, binary and non-UTF-8 files are refused.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{rel_slash, rel_to};
use crate::content::front_matter::{self, FrontMatter};
use crate::error::Diagnostic;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub(super) struct RawFile {
    pub source: PathBuf,
    pub rel: String,
    pub text: String,
}

/// A content file cut into front matter and body.
pub(super) struct ParsedFile {
    pub source: PathBuf,
    pub rel: String,
    pub front: FrontMatter,
    pub body: String,
    pub body_line: usize,
    /// Front-matter lint (list items indented too far).
    pub warnings: Vec<Diagnostic>,
}

/// What the walk found: parsed Markdown files (or why each could not be read), other files
/// and folders, all relative to `content/`.
pub(super) struct Files {
    pub markdown: Vec<std::result::Result<ParsedFile, Diagnostic>>,
    /// Every Markdown file's path relative to `content/`, parsed or not.
    pub markdown_rels: Vec<String>,
    pub other: Vec<(PathBuf, String)>,
    pub dirs: Vec<String>,
    pub errors: Vec<Diagnostic>,
}

/// Walks `content` (hidden files and folders skipped) and parses every Markdown file.
pub(super) fn walk(root: &Path, content: &Path) -> Files {
    let mut errors = Vec::new();
    let mut md_files = Vec::new();
    let mut other = Vec::new();
    let mut dirs = Vec::new();
    let walker = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_else(|| content.to_path_buf());
                errors.push(Diagnostic::error(
                    rel_to(root, &path),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let rel = rel_slash(content, entry.path());
        if entry.file_type().is_dir() {
            dirs.push(rel);
        } else if entry.file_type().is_file() {
            if rel.ends_with(".md") {
                md_files.push((entry.path().to_path_buf(), rel));
            } else {
                other.push((entry.path().to_path_buf(), rel));
            }
        }
    }
    // Read and parse every Markdown file in parallel. Each file's text is dropped as soon as
    // its body has been cut out of it.
    let markdown = md_files
        .par_iter()
        .map(|(path, rel)| parse_file(root, path, rel))
        .collect();
    Files {
        markdown,
        markdown_rels: md_files.into_iter().map(|(_, rel)| rel).collect(),
        other,
        dirs,
        errors,
    }
}

fn parse_file(root: &Path, path: &Path, rel: &str) -> std::result::Result<ParsedFile, Diagnostic> {
    let raw = read_text(root, path, rel)?;
    let p = front_matter::parse(&raw.source, &raw.text)?;
    Ok(ParsedFile {
        front: p.front,
        body: p.body.into_owned(),
        body_line: p.body_line,
        warnings: p.warnings,
        source: raw.source,
        rel: raw.rel,
    })
}

pub(super) fn read_text(
    root: &Path,
    path: &Path,
    rel: &str,
) -> std::result::Result<RawFile, Diagnostic> {
    let source = rel_to(root, path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&source, format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &source,
            format!(
                "file is {} MB; content files over {} MB are refused",
                meta.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(&source, format!("cannot read: {e}")))?;
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            &source,
            "looks like a binary file (it contains NUL bytes), not Markdown",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(&source, "file is not valid UTF-8").at_offset(&text, offset)
    })?;
    Ok(RawFile {
        source,
        rel: rel.to_string(),
        text,
    })
}
