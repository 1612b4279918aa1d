//! A Hugo site as waymark content: `content/` keeps its paths (Hugo's and waymark's URLs are
//! made the same way, so site-absolute links keep working), shortcodes are translated where
//! Markdown can say the same, files beside pages and `static/` are copied, and the config
//! (`hugo.toml`, `config.toml`, `.yaml`, `config/_default/`) becomes `waymark.toml`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::front::yaml_string;
use super::tags::{Includes, Refs, hugo_shortcodes};
use super::{OutFile, Plan, read, rel_of, walk_files};
use crate::error::Diagnostic;

const CONFIG_NAMES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let (config, config_path) = read_config(src)?;
    let base_url = config
        .get("baseURL")
        .or_else(|| config.get("baseurl"))
        .and_then(Value::as_str);
    let base_path = base_url
        .and_then(|u| u.split_once("://").map(|(_, r)| r))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .map_or("/".to_string(), |p| {
            format!("/{}/", p.trim_matches('/')).replace("//", "/")
        });
    let mut plan = Plan {
        base_path,
        ..Plan::default()
    };
    let content = src.join("content");
    let pages: Vec<PathBuf> = walk_files(&content);
    let rels: Vec<String> = pages
        .iter()
        .map(|p| format!("content/{}", rel_of(&content, p)))
        .collect();
    let mut site = Site {
        src,
        rels: &rels,
        by_name: by_name(&rels),
        dir: String::new(),
    };
    for (path, rel) in pages.iter().zip(&rels) {
        if rel.ends_with(".md") || rel.ends_with(".markdown") {
            let new_rel = format!(
                "{}.md",
                rel.trim_end_matches(".markdown").trim_end_matches(".md")
            );
            site.dir = new_rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            let text = read(path)?;
            old_addresses(&text, &new_rel, &mut plan.old_urls);
            let before = super::tag_count(&text);
            let (text, untranslated) = hugo_shortcodes(&text, &site, &site);
            plan.translated += before.saturating_sub(super::tag_count(&text));
            plan.untranslated
                .extend(untranslated.into_iter().map(|u| (new_rel.clone(), u)));
            plan.files.push(OutFile {
                rel: new_rel,
                bytes: text.into_bytes(),
                from: path.clone(),
            });
        } else {
            let bytes = std::fs::read(path)
                .map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?;
            plan.files.push(OutFile {
                rel: rel.clone(),
                bytes,
                from: path.clone(),
            });
        }
    }
    for path in walk_files(&src.join("static")) {
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::error(&path, format!("cannot read: {e}")))?;
        let rel = format!("static/{}", rel_of(&src.join("static"), &path));
        plan.files.push(OutFile {
            rel,
            bytes,
            from: path,
        });
    }
    for dir in ["layouts", "themes"] {
        if src.join(dir).is_dir() {
            plan.notes.push(format!("{dir}/: Hugo templates are not converted; the site uses waymark's theme (override it in themes/default/templates/)"));
        }
    }
    plan.files.push(OutFile {
        rel: "waymark.toml".into(),
        bytes: waymark_toml(&config, &config_path, &mut plan.notes).into_bytes(),
        from: config_path,
    });
    if !plan.files.iter().any(|f| f.rel == "content/_index.md") {
        let title = config
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("Home");
        plan.files.push(OutFile {
            rel: "content/_index.md".into(),
            bytes: super::front::new_yaml(&[("title", yaml_string(title))]).into_bytes(),
            from: src.to_path_buf(),
        });
    }
    Ok(plan)
}

fn read_config(src: &Path) -> Result<(serde_json::Map<String, Value>, PathBuf), Diagnostic> {
    for name in CONFIG_NAMES {
        let path = src.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let value: Result<Value, String> = if name.ends_with(".toml") {
            toml::from_str(&text).map_err(|e| e.to_string())
        } else {
            serde_yaml::from_str(&text).map_err(|e| e.to_string())
        };
        let value = value
            .map_err(|e| Diagnostic::error(&path, format!("cannot read the Hugo config: {e}")))?;
        if let Value::Object(m) = value {
            return Ok((m, path));
        }
    }
    Ok((serde_json::Map::new(), src.join("hugo.toml")))
}

fn waymark_toml(
    config: &serde_json::Map<String, Value>,
    from: &Path,
    notes: &mut Vec<String>,
) -> String {
    let text = |k: &str| config.get(k).and_then(Value::as_str).map(str::to_string);
    let title = text("title").unwrap_or_else(|| "Imported site".into());
    let base = match text("baseURL").or_else(|| text("baseurl")) {
        Some(u) if u.starts_with("http") => u,
        _ => {
            notes.push("waymark.toml: the Hugo config has no absolute baseURL; set base_url to where the site will live".into());
            "https://example.com/".into()
        }
    };
    let mut out = format!(
        "title = {}\nbase_url = {}\n",
        yaml_string(&title),
        yaml_string(&base)
    );
    if let Some(lang) = text("languageCode").or_else(|| text("defaultContentLanguage")) {
        out.push_str(&format!("language = {}\n", yaml_string(&lang)));
    }
    let description = config
        .get("params")
        .and_then(|p| p.get("description"))
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(d) = description {
        out.push_str(&format!("description = {}\n", yaml_string(&d)));
    }
    // Hugo's `[taxonomies] tag = "tags"`: the plural names are the taxonomies.
    let taxonomies: Vec<String> = match config.get("taxonomies") {
        Some(Value::Object(m)) => m
            .values()
            .filter_map(|v| v.as_str().map(yaml_string))
            .collect(),
        _ => vec![yaml_string("categories"), yaml_string("tags")],
    };
    out.push_str(&format!("taxonomies = [{}]\n", taxonomies.join(", ")));
    notes.push(format!(
        "waymark.toml: title, base_url, language and taxonomies taken from {}",
        from.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    out
}

/// The addresses a page's `url` or `slug` gave it in Hugo, which links may use.
fn old_addresses(text: &str, rel: &str, old: &mut Vec<(String, String)>) {
    if let Some(url) = super::front::value_of(text, "url") {
        old.push((url, rel.to_string()));
    }
    if let Some(slug) = super::front::value_of(text, "slug") {
        let dir = rel
            .trim_start_matches("content/")
            .rsplit_once('/')
            .map_or("", |(d, _)| d);
        let at = if dir.is_empty() {
            String::new()
        } else {
            format!("/{dir}")
        };
        old.push((format!("{at}/{slug}/"), rel.to_string()));
    }
}

/// File name → the content files with that name, for `ref` targets written without a path.
fn by_name(rels: &[String]) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for rel in rels {
        let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
        map.entry(name).or_default().push(rel.clone());
    }
    map
}

struct Site<'a> {
    src: &'a Path,
    rels: &'a [String],
    by_name: HashMap<String, Vec<String>>,
    dir: String,
}

impl Includes for Site<'_> {
    fn read(&self, name: &str) -> Option<String> {
        let name = name
            .trim()
            .trim_matches(['"', '\''])
            .trim_start_matches('/');
        // An include names a file of the old site, never one outside it.
        if !super::is_inside_path(name) {
            return None;
        }
        std::fs::read_to_string(self.src.join(name)).ok()
    }
}

impl Refs for Site<'_> {
    /// Hugo resolves `ref "x.md"` against the page's folder, then content/, then by name.
    fn resolve(&self, target: &str) -> Option<String> {
        let t = target.trim().trim_matches(['"', '\'']);
        let (path, fragment) = t.split_once('#').map_or((t, None), |(p, f)| (p, Some(f)));
        let path = if path.ends_with(".md") || path.is_empty() {
            path.to_string()
        } else {
            format!("{path}.md")
        };
        let candidates = [
            crate::content::join_relative(&self.dir, &path),
            Some(format!("content/{}", path.trim_start_matches('/'))),
        ];
        let found = candidates
            .into_iter()
            .flatten()
            .find(|c| self.rels.contains(c))
            .or_else(|| {
                let name = path.rsplit('/').next()?;
                match self.by_name.get(name).map(Vec::as_slice) {
                    Some([only]) => Some(only.clone()),
                    _ => None,
                }
            })?;
        let mut link = super::links::relative(&self.dir, &found);
        if let Some(f) = fragment {
            link.push('#');
            link.push_str(f);
        }
        Some(link)
    }
}
