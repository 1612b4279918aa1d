//! A Jekyll site as waymark content: `_posts/YYYY-MM-DD-slug.md` become `content/posts/`
//! pages with that date (and their old addresses, from the site's `permalink` style, as
//! aliases), `_drafts` drafts, collections (`_recipes/`) sections, other pages keep their
//! paths; Liquid is translated where Markdown can say the same; `_config.yml` becomes
//! `waymark.toml`; assets go to `static/`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::front::{add_fields, value_of, yaml_string};
use super::tags::{Includes, Refs, liquid};
use super::{OutFile, Plan, read, rel_of, walk_files};
use crate::error::Diagnostic;

/// One Markdown file of the old site and where it goes.
struct Source {
    path: std::path::PathBuf,
    /// `content/posts/renewals.md`
    new_rel: String,
    /// Its address on the old site.
    old_url: String,
    /// The date a post's file name carries.
    date: Option<String>,
    draft: bool,
    /// The name `{% post_url %}` uses (`2023-04-01-renewals`).
    post_name: Option<String>,
    /// Its path in the old site, as `{% link %}` names it.
    old_rel: String,
}

pub fn plan(src: &Path) -> Result<Plan, Diagnostic> {
    let config = read_config(src)?;
    let text = |k: &str| config.get(k).and_then(Value::as_str).map(str::to_string);
    let base_path = format!(
        "/{}/",
        text("baseurl").unwrap_or_default().trim_matches('/')
    )
    .replace("//", "/");
    let permalink = text("permalink").unwrap_or_else(|| "date".into());
    let collections = collection_names(&config);
    let mut plan = Plan {
        base_path: base_path.clone(),
        ..Plan::default()
    };
    let mut sources = Vec::new();
    for path in walk_files(src) {
        let rel = rel_of(src, &path);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let first = rel.split('/').next().unwrap_or("");
        if skipped(first, &rel) {
            continue;
        }
        if matches!(
            first,
            "_layouts" | "_includes" | "_sass" | "_data" | "_plugins"
        ) && !plan
            .notes
            .iter()
            .any(|n| n.starts_with(&format!("{first}/")))
        {
            plan.notes.push(format!(
                "{first}/: the old theme's files are not converted (includes are pasted where pages use them)"
            ));
        }
        let markdown = ext == "md" || ext == "markdown";
        if markdown && let Some(s) = source(&path, &rel, &permalink, &collections) {
            sources.push(s);
        } else if first.starts_with('_') {
            // _layouts, _includes, _sass, _data: the old theme's, not content.
        } else if ext == "html"
            && std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with("---"))
        {
            plan.notes.push(format!(
                "{rel}: an HTML page with front matter is not converted"
            ));
        } else {
            let bytes = std::fs::read(&path)
                .map_err(|e| Diagnostic::error(&path, format!("cannot read: {e}")))?;
            plan.files.push(OutFile {
                rel: format!("static/{rel}"),
                bytes,
                from: path,
            });
        }
    }
    disambiguate(&mut sources);
    convert_all(src, &sources, &mut plan)?;
    plan.files.push(OutFile {
        rel: "waymark.toml".into(),
        bytes: waymark_toml(&config, &base_path, &mut plan.notes).into_bytes(),
        from: src.join("_config.yml"),
    });
    add_missing_indexes(
        &mut plan,
        &text("title").unwrap_or_else(|| "Home".into()),
        src,
    );
    Ok(plan)
}

fn read_config(src: &Path) -> Result<serde_json::Map<String, Value>, Diagnostic> {
    let path = src.join("_config.yml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(serde_json::Map::new());
    };
    let value: Value = serde_yaml::from_str(&text)
        .map_err(|e| Diagnostic::error(&path, format!("cannot read the Jekyll config: {e}")))?;
    Ok(match value {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    })
}

/// The collections and each one's `permalink` pattern, if it has one.
fn collection_names(config: &serde_json::Map<String, Value>) -> Vec<(String, Option<String>)> {
    match config.get("collections") {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                let permalink = v
                    .get("permalink")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                (k.clone(), permalink)
            })
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| Some((v.as_str()?.to_string(), None)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Files of the old site that are its machinery, not its content.
fn skipped(first: &str, rel: &str) -> bool {
    matches!(first, "_site" | "vendor" | "node_modules" | ".jekyll-cache")
        || matches!(
            rel,
            "_config.yml" | "Gemfile" | "Gemfile.lock" | "README.md" | "LICENSE"
        )
}

/// Where a Markdown file goes, or `None` for one under a folder of the old theme.
fn source(
    path: &Path,
    rel: &str,
    permalink: &str,
    collections: &[(String, Option<String>)],
) -> Option<Source> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let top = rel.split('/').next().unwrap_or("");
    let mut s = Source {
        path: path.to_path_buf(),
        new_rel: String::new(),
        old_url: String::new(),
        date: None,
        draft: false,
        post_name: None,
        old_rel: rel.to_string(),
    };
    if top == "_posts" || top == "_drafts" {
        let (date, slug) = dated_name(stem);
        s.draft = top == "_drafts";
        s.new_rel = format!("content/posts/{}.md", slug);
        // A draft was never published: it had no address.
        if !s.draft {
            s.old_url = post_url(permalink, date.as_deref(), slug, path);
        }
        s.date = date;
        s.post_name = Some(stem.to_string());
    } else if let Some(name) = top.strip_prefix('_') {
        let pattern = collections.iter().find(|(c, _)| c == name)?.1.clone();
        let rest = rel.strip_prefix(top).unwrap_or(rel).trim_start_matches('/');
        let rest_stem = rest.rsplit_once('.').map_or(rest, |(s, _)| s);
        s.new_rel = format!("content/{name}/{rest_stem}.md");
        let file = rest_stem.rsplit('/').next().unwrap_or(rest_stem);
        s.old_url = match pattern {
            Some(p) => p
                .replace(":collection", name)
                .replace(":path", rest_stem)
                .replace(":name", file)
                .replace(":title", file)
                .replace(":output_ext", ".html"),
            None => format!("/{name}/{rest_stem}.html"),
        };
    } else if stem == "index" {
        s.new_rel = if dir.is_empty() {
            "content/_index.md".into()
        } else {
            format!("content/{dir}/index.md")
        };
        s.old_url = if dir.is_empty() {
            "/".into()
        } else {
            format!("/{dir}/")
        };
    } else {
        let at = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        s.new_rel = format!("content/{at}{stem}.md");
        s.old_url = if permalink == "pretty" {
            format!("/{at}{stem}/")
        } else {
            format!("/{at}{stem}.html")
        };
    }
    // The page's own `permalink` was its address.
    if let Some(p) = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| value_of(&t, "permalink"))
    {
        s.old_url = p;
    }
    Some(s)
}

/// `2023-04-01-renewal-season` → (`2023-04-01`, `renewal-season`).
fn dated_name(stem: &str) -> (Option<String>, &str) {
    let bytes = stem.as_bytes();
    let dated = stem.len() > 11
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'-'
        && stem[..10]
            .split('-')
            .all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if dated {
        (Some(stem[..10].to_string()), &stem[11..])
    } else {
        (None, stem)
    }
}

/// A post's address on the old site, from the `permalink` style or pattern.
fn post_url(permalink: &str, date: Option<&str>, slug: &str, path: &Path) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        p => p,
    };
    let categories = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| value_of(&t, "categories").or_else(|| value_of(&t, "category")))
        .map(|c| {
            c.trim_matches(['[', ']'])
                .split([',', ' '])
                .map(|w| crate::markdown::slugify(w.trim().trim_matches(['"', '\''])))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    let d = date.unwrap_or("1970-01-01");
    let (year, month, day) = (&d[..4], &d[5..7], &d[8..10]);
    let url = pattern
        .replace(":categories", &categories)
        .replace(":year", year)
        .replace(":short_year", &year[2..])
        .replace(":i_month", month.trim_start_matches('0'))
        .replace(":month", month)
        .replace(":i_day", day.trim_start_matches('0'))
        .replace(":day", day)
        .replace(":title", slug)
        .replace(":slug", slug)
        .replace(":output_ext", ".html");
    let mut clean = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}

/// Two posts with one slug (different dates) keep their dates in the file name.
fn disambiguate(sources: &mut [Source]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for s in sources.iter() {
        *count.entry(s.new_rel.clone()).or_default() += 1;
    }
    for s in sources.iter_mut() {
        if count[&s.new_rel] > 1
            && let Some(name) = &s.post_name
        {
            s.new_rel = format!("content/posts/{name}.md");
        }
    }
}

struct Site<'a> {
    src: &'a Path,
    by_old_rel: HashMap<&'a str, &'a str>,
    by_post: HashMap<&'a str, &'a str>,
    /// The folder of the page being converted (`content/posts`).
    dir: String,
}

impl Includes for Site<'_> {
    fn read(&self, name: &str) -> Option<String> {
        let name = name.trim();
        // An include names a file of the old site, never one outside it.
        if !super::is_inside_path(name) {
            return None;
        }
        std::fs::read_to_string(self.src.join("_includes").join(name)).ok()
    }
}

impl Refs for Site<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        let t = target
            .trim()
            .trim_matches(['"', '\''])
            .trim_start_matches('/');
        let rel = self.by_old_rel.get(t).or_else(|| self.by_post.get(t))?;
        Some(super::links::relative(&self.dir, rel))
    }
}

fn convert_all(src: &Path, sources: &[Source], plan: &mut Plan) -> Result<(), Diagnostic> {
    let mut site = Site {
        src,
        by_old_rel: sources
            .iter()
            .map(|s| (s.old_rel.as_str(), s.new_rel.as_str()))
            .collect(),
        by_post: sources
            .iter()
            .filter_map(|s| Some((s.post_name.as_deref()?, s.new_rel.as_str())))
            .collect(),
        dir: String::new(),
    };
    for s in sources {
        site.dir = s
            .new_rel
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        // `{{ site.baseurl }}/x` means the site's own /x: the base path is kept, so links to
        // assets still point under it (links to pages become relative links later).
        let text = with_base_path(&read(&s.path)?, &plan.base_path);
        let before = super::tag_count(&text);
        let (text, untranslated) = liquid(&text, &site, &site);
        plan.translated += before.saturating_sub(super::tag_count(&text));
        let mut fields: Vec<(&str, String)> = Vec::new();
        if value_of(&text, "title").is_none() {
            fields.push(("title", yaml_string(&title_of(&text, &s.new_rel))));
        }
        if let Some(d) = &s.date {
            fields.push(("date", d.clone()));
        }
        if s.draft {
            fields.push(("draft", "true".into()));
        }
        // The old address redirects to the new one (unless it is the same).
        let new_url = new_url(&s.new_rel);
        if !s.old_url.is_empty() && s.old_url != new_url && s.old_url != "/" {
            let key = if value_of(&text, "aliases").is_none() {
                "aliases"
            } else {
                "redirect_from"
            };
            fields.push((key, format!("[{}]", yaml_string(&s.old_url))));
        }
        let before = text.lines().count();
        let text = add_fields(&text, &fields);
        // Lines were added to the front matter, above everything the translation listed.
        let added = text.lines().count() - before;
        plan.untranslated
            .extend(untranslated.into_iter().map(|mut u| {
                u.line += added;
                (s.new_rel.clone(), u)
            }));
        if !s.old_url.is_empty() {
            plan.old_urls.push((s.old_url.clone(), s.new_rel.clone()));
        }
        plan.files.push(OutFile {
            rel: s.new_rel.clone(),
            bytes: text.into_bytes(),
            from: s.path.clone(),
        });
    }
    Ok(())
}

/// `{{ site.baseurl }}` (with any spacing) written as the base path without its last slash.
fn with_base_path(text: &str, base_path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let inner_end = after.find("}}");
        match inner_end {
            Some(e) if after[..e].trim() == "site.baseurl" => {
                out.push_str(&rest[..i]);
                out.push_str(base);
                rest = &after[e + 2..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The URL waymark gives a content file (`content/posts/a.md` → `/posts/a/`).
fn new_url(rel: &str) -> String {
    let p = rel.trim_start_matches("content/").trim_end_matches(".md");
    // Only a whole `index` / `_index` file name is the folder's page.
    let p = match p.rsplit_once('/') {
        Some((dir, "index" | "_index")) => dir,
        None if p == "index" || p == "_index" => "",
        _ => p,
    };
    if p.is_empty() {
        "/".into()
    } else {
        format!("/{p}/")
    }
}

/// A page without a title is named by its first heading, else its file name.
fn title_of(text: &str, rel: &str) -> String {
    let body = crate::content::front_matter::split(text).map_or(text, |s| s.body);
    let name = rel.rsplit('/').next().unwrap_or(rel);
    crate::content::fallback_title(body, name).0
}

fn waymark_toml(
    config: &serde_json::Map<String, Value>,
    base_path: &str,
    notes: &mut Vec<String>,
) -> String {
    let text = |k: &str| config.get(k).and_then(Value::as_str).map(str::to_string);
    let title = text("title").unwrap_or_else(|| "Imported site".into());
    let url = match text("url") {
        Some(u) => format!("{}{}", u.trim_end_matches('/'), base_path),
        None => {
            notes.push(
                "waymark.toml: _config.yml has no `url`; set base_url to where the site will live"
                    .into(),
            );
            format!("https://example.com{base_path}")
        }
    };
    let mut out = format!(
        "title = {}\nbase_url = {}\n",
        yaml_string(&title),
        yaml_string(&url)
    );
    if let Some(d) = text("description") {
        out.push_str(&format!("description = {}\n", yaml_string(&d)));
    }
    out.push_str("taxonomies = [\"categories\", \"tags\"]\n");
    notes.push("waymark.toml: title, description and url/baseurl taken from _config.yml".into());
    out
}

/// A home page, and a list page for posts, when the old site had none.
fn add_missing_indexes(plan: &mut Plan, title: &str, src: &Path) {
    let has = |plan: &Plan, rel: &str| plan.files.iter().any(|f| f.rel == rel);
    let add = |plan: &mut Plan, rel: &str, title: &str| {
        if !has(plan, rel) {
            plan.files.push(OutFile {
                rel: rel.into(),
                bytes: super::front::new_yaml(&[("title", yaml_string(title))]).into_bytes(),
                from: src.to_path_buf(),
            });
        }
    };
    add(plan, "content/_index.md", title);
    if plan
        .files
        .iter()
        .any(|f| f.rel.starts_with("content/posts/"))
    {
        add(plan, "content/posts/_index.md", "Posts");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_names_and_permalink_styles() {
        assert_eq!(
            dated_name("2023-04-01-renewal-season"),
            (Some("2023-04-01".into()), "renewal-season")
        );
        assert_eq!(dated_name("about"), (None, "about"));
        let p = Path::new("/nonexistent");
        assert_eq!(
            post_url("date", Some("2023-04-01"), "x", p),
            "/2023/04/01/x.html"
        );
        assert_eq!(
            post_url("pretty", Some("2023-04-01"), "x", p),
            "/2023/04/01/x/"
        );
        assert_eq!(
            post_url("/blog/:year/:title/", Some("2023-04-01"), "x", p),
            "/blog/2023/x/"
        );
        assert_eq!(new_url("content/posts/x.md"), "/posts/x/");
        assert_eq!(new_url("content/docs/index.md"), "/docs/");
        assert_eq!(new_url("content/_index.md"), "/");
        assert_eq!(new_url("content/docs/reindex.md"), "/docs/reindex/");
    }
}
