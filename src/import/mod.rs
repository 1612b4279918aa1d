//! `waymark import --from jekyll|hugo|text SRC --into DIR`: a site from another tool turned
//! into waymark content. Each importer ([`jekyll`], [`hugo`], [`text`]) makes a plan (the
//! files to write, with what it could not translate); the plan's links are then checked
//! against the new site and the files written inside DIR only, never over a different file
//! unless `--force`. The same input gives the same files, so running it twice changes
//! nothing. What could not be translated stays visible in the output and is listed with its
//! file and line.

mod front;
mod hugo;
mod jekyll;
mod links;
mod tags;
mod text;

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// Where a site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    Jekyll,
    Hugo,
    /// Plain-text guides (`.txt`), one page each.
    Text,
}

pub struct ImportOptions {
    pub from: From,
    pub src: PathBuf,
    pub into: PathBuf,
    pub force: bool,
}

/// A tag or construct left as written, with its 1-based line in the body it was found in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Untranslated {
    pub line: usize,
    pub what: String,
}

/// One file of the new site.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Relative to DIR, `/`-separated (`content/posts/x.md`).
    pub rel: String,
    pub bytes: Vec<u8>,
    /// The file it was made from, for the report.
    pub from: PathBuf,
}

/// What an importer made of a site.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<OutFile>,
    /// Shortcodes and Liquid tags turned into Markdown.
    pub translated: usize,
    /// (new file, line in it, what was left as written)
    pub untranslated: Vec<(String, Untranslated)>,
    /// Things the report should say (settings carried over, files skipped).
    pub notes: Vec<String>,
    /// Old site-absolute URL → new content file (`content/...md`), for link rewriting.
    pub old_urls: Vec<(String, String)>,
    /// The old site's base path (`/docs/` for `baseurl: /docs`), stripped from links.
    pub base_path: String,
}

/// What an import did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub written: usize,
    pub unchanged: usize,
    /// Markdown pages among the files.
    pub pages: usize,
    pub translated: usize,
    pub untranslated: Vec<(String, Untranslated)>,
    /// (file, line, link as written)
    pub dead_links: Vec<(String, usize, String)>,
    pub rewritten_links: usize,
    pub notes: Vec<String>,
}

pub fn run(opts: &ImportOptions) -> Result<Report, Diagnostic> {
    if !opts.src.exists() {
        return Err(Diagnostic::error(
            &opts.src,
            "nothing to import here: it does not exist",
        ));
    }
    if inside(&opts.into, &opts.src) {
        return Err(Diagnostic::error(
            &opts.into,
            "refused: the folder to import into is inside the site being imported",
        )
        .with_hint("import into a folder outside it, e.g. --into ../new-site"));
    }
    let mut plan = match opts.from {
        From::Jekyll => jekyll::plan(&opts.src)?,
        From::Hugo => hugo::plan(&opts.src)?,
        From::Text => text_plan(&opts.src)?,
    };
    if let Some((a, b)) = same_target(&plan.files) {
        return Err(Diagnostic::error(
            &b.from,
            format!(
                "refused: it would be written to {} like {}",
                b.rel,
                a.from.display()
            ),
        )
        .with_hint("rename one of them in the old site"));
    }
    let linked = links::rewrite(&mut plan);
    place_untranslated(&mut plan);
    let (written, unchanged) = write(&opts.into, &plan.files, opts.force)?;
    let pages = plan
        .files
        .iter()
        .filter(|f| {
            f.rel.starts_with("content/") && f.rel.ends_with(".md") && !f.rel.ends_with("_index.md")
        })
        .count();
    Ok(Report {
        written,
        unchanged,
        pages,
        translated: plan.translated,
        untranslated: plan.untranslated,
        dead_links: linked.dead,
        rewritten_links: linked.rewritten,
        notes: plan.notes,
    })
}

/// Two files of the plan that would be written to one path, if any.
fn same_target(files: &[OutFile]) -> Option<(&OutFile, &OutFile)> {
    let mut seen: std::collections::HashMap<&str, &OutFile> = Default::default();
    files
        .iter()
        .find_map(|f| seen.insert(f.rel.as_str(), f).map(|earlier| (earlier, f)))
}

/// Whether `inner` is `outer` or inside it (both may not exist yet).
fn inside(inner: &Path, outer: &Path) -> bool {
    use crate::layout::absolute;
    absolute(inner).starts_with(absolute(outer))
}

/// Each thing left as written, at its line in the file as written out: includes pasted in
/// and fields added above it move it down.
fn place_untranslated(plan: &mut Plan) {
    let texts: std::collections::HashMap<&str, &str> = plan
        .files
        .iter()
        .filter_map(|f| Some((f.rel.as_str(), std::str::from_utf8(&f.bytes).ok()?)))
        .collect();
    // Per file: where the last search ended, and its line (the tags come in order).
    let mut cursor: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for (file, u) in &mut plan.untranslated {
        let Some(text) = texts.get(file.as_str()) else {
            continue;
        };
        let needle = u.what.lines().next().unwrap_or("");
        let (from, line) = cursor.get(file.as_str()).copied().unwrap_or((0, 1));
        if needle.is_empty() {
            continue;
        }
        if let Some(i) = text[from.min(text.len())..].find(needle) {
            let at = from + i;
            u.line = line + text[from..at].matches('\n').count();
            cursor.insert(file.clone(), (at, u.line));
        }
    }
}

/// Plain-text guides: each `.txt` file (or the one file given) becomes a page of
/// `content/guides/`.
fn text_plan(src: &Path) -> Result<Plan, Diagnostic> {
    let files: Vec<PathBuf> = if src.is_file() {
        vec![src.to_path_buf()]
    } else {
        walk_files(src)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "text"))
            .collect()
    };
    let mut plan = Plan {
        base_path: "/".into(),
        ..Plan::default()
    };
    for path in files {
        let text = read(&path)?;
        let stem = path
            .file_stem()
            .map_or("page".into(), |s| s.to_string_lossy().into_owned());
        // A "text" file with front matter is Markdown already (saved from Jekyll or Hugo).
        if crate::content::front_matter::split(&text).is_ok_and(|s| s.format.is_some()) {
            let slug = crate::content::slug_segment(&stem);
            plan.notes.push(format!(
                "content/guides/{slug}.md: {} has front matter; kept as Markdown",
                path.display()
            ));
            plan.files.push(OutFile {
                rel: format!("content/guides/{slug}.md"),
                bytes: text.into_bytes(),
                from: path,
            });
            continue;
        }
        let page = text::convert(&text, &stem);
        let slug = crate::content::slug_segment(&stem);
        let mut fields = vec![("title", front::yaml_string(&page.title))];
        if let Some(a) = &page.author {
            fields.push(("authors", format!("[{}]", front::yaml_string(a))));
        }
        if let Some(d) = &page.date {
            fields.push(("date", d.clone()));
        }
        let rel = format!("content/guides/{slug}.md");
        if !page.removed.is_empty() {
            plan.notes.push(format!(
                "{rel}: dropped {} line(s) of site chrome: {}",
                page.removed.len(),
                page.removed
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        let body = format!("{}{}", front::new_yaml(&fields), page.body);
        plan.files.push(OutFile {
            rel,
            bytes: body.into_bytes(),
            from: path,
        });
    }
    if !plan.files.is_empty() {
        plan.files
            .push(section_index("content/guides/_index.md", "Guides", src));
        plan.files
            .push(section_index("content/_index.md", "Home", src));
        plan.files.push(OutFile {
            rel: "waymark.toml".into(),
            bytes: b"title = \"Guides\"\nbase_url = \"https://example.com/\"\n".to_vec(),
            from: src.to_path_buf(),
        });
        plan.notes
            .push("waymark.toml: set base_url to where the site will live".into());
    }
    Ok(plan)
}

fn section_index(rel: &str, title: &str, from: &Path) -> OutFile {
    OutFile {
        rel: rel.into(),
        bytes: front::new_yaml(&[("title", front::yaml_string(title))]).into_bytes(),
        from: from.to_path_buf(),
    }
}

/// Every file below `dir`, sorted, without following symlinks or entering hidden folders.
pub(crate) fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

pub(crate) fn read(path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))
}

/// Shortcode and Liquid openers in a text (closing tags not counted), to count how many a
/// translation turned into Markdown.
pub(crate) fn tag_count(text: &str) -> usize {
    let opener = |rest: &str| {
        let rest = rest.trim_start_matches('-').trim_start();
        !rest.starts_with('/') && !rest.starts_with("end")
    };
    let shortcodes = ["{{<", "{{%"]
        .iter()
        .flat_map(|o| text.match_indices(o).map(|(i, _)| &text[i + 3..]))
        .filter(|r| opener(r))
        .count();
    let liquid = text
        .match_indices("{%")
        .filter(|(i, _)| !text[..*i].ends_with('{') && opener(&text[i + 2..]))
        .count();
    let objects = text.matches("{{ site.").count();
    shortcodes + liquid + objects
}

/// `path` relative to `base`, `/`-separated.
pub(crate) fn rel_of(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes the plan into `into`. A file that exists with other content is refused (all of
/// them are named, nothing is written) unless `force`; one with the same content is left.
fn write(into: &Path, files: &[OutFile], force: bool) -> Result<(usize, usize), Diagnostic> {
    let mut clashes = Vec::new();
    let mut unchanged = 0;
    for f in files {
        let target = target(into, &f.rel)?;
        match std::fs::read(&target) {
            Ok(existing) if existing == f.bytes => unchanged += 1,
            Ok(_) => clashes.push(f.rel.clone()),
            Err(_) => {}
        }
    }
    if !clashes.is_empty() && !force {
        let shown: Vec<&str> = clashes.iter().take(5).map(String::as_str).collect();
        return Err(Diagnostic::error(
            into,
            format!(
                "{} file(s) exist with other content, e.g. {}; nothing was written",
                clashes.len(),
                shown.join(", ")
            ),
        )
        .with_hint("pass --force to overwrite them, or import into an empty folder"));
    }
    let mut written = 0;
    for f in files {
        let target = target(into, &f.rel)?;
        if std::fs::read(&target).is_ok_and(|b| b == f.bytes) {
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(dir, format!("cannot create: {e}")))?;
        }
        std::fs::write(&target, &f.bytes)
            .map_err(|e| Diagnostic::error(&target, format!("cannot write: {e}")))?;
        written += 1;
    }
    Ok((written, unchanged))
}

/// Whether a relative `/`-separated path stays inside the folder it is joined to.
pub(crate) fn is_inside_path(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
        && !rel.contains(['\\', ':'])
}

/// `into/rel`, refusing any path that would leave `into`.
fn target(into: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    if !is_inside_path(rel) {
        return Err(Diagnostic::error(
            rel,
            "refused: this path would leave the import folder",
        ));
    }
    Ok(into.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_would_leave_the_folder_are_refused() {
        let into = Path::new("/tmp/x");
        assert!(target(into, "content/a.md").is_ok());
        for bad in [
            "../a.md",
            "/etc/x",
            "content/../../a",
            "a//b",
            "",
            "C:/x",
            "a\\..\\b",
        ] {
            assert!(target(into, bad).is_err(), "{bad}");
            assert!(!is_inside_path(bad), "an include may not name {bad}");
        }
        assert!(is_inside_path("note.html") && is_inside_path("partials/note.md"));
    }
}
