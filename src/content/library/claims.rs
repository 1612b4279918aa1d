//! Every output path gets one owner: sections, pages, aliases and the taxonomies' folders.
//! Also where each content folder's files land (sections and bundles), which places assets
//! and resolves links to files beside pages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Alias, Asset, Page, Section, split_rel};
use crate::config::Config;
use crate::content::front_matter;
use crate::content::paths::{normalize_alias, slug_segment};
use crate::error::{Code, Diagnostic};

/// The output side of the site: what each content file and folder becomes.
pub(super) struct Claims {
    /// Content path (`help/a.md`, `help/_index.md`) → output path.
    pub by_rel: HashMap<String, String>,
    /// Content folder → output folder (sections and bundles).
    pub dir_outputs: HashMap<String, String>,
    pub assets: Vec<Asset>,
    pub aliases: Vec<Alias>,
}

/// Files the build itself writes, which no page, section or alias may claim.
const GENERATED: &[(&str, &str)] = &[
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("llms.txt", "llms.txt"),
    ("atom.xml", "the feed"),
    ("404.html", "the not-found page"),
    ("search/", "the search page"),
    ("syntax.css", "the code stylesheet"),
];

/// Places assets and aliases and reports every output path claimed twice.
pub(super) fn claim(
    root: &Path,
    config: &Config,
    sections: &[Section],
    pages: &[Page],
    other_files: Vec<(PathBuf, String)>,
    errors: &mut Vec<Diagnostic>,
) -> Claims {
    let dir_outputs = dir_outputs(sections, pages);
    let assets = other_files
        .into_iter()
        .map(|(path, rel)| {
            let (dir, name) = split_rel(&rel);
            Asset {
                source: path,
                path: format!("{}{name}", output_dir_for(&dir_outputs, dir)),
            }
        })
        .collect();
    let mut owners = Owners::default();
    for (path, what) in GENERATED {
        let owner = PathBuf::from(format!("waymark ({what})"));
        // An alias `/sitemap.xml` is a folder `sitemap.xml/`: it cannot sit beside the file.
        if !path.ends_with('/') {
            owners.0.insert(format!("{path}/"), owner.clone());
        }
        owners.0.insert(path.to_string(), owner);
    }
    let mut by_rel = HashMap::new();
    for s in sections {
        owners.claim(&s.path, &s.source, errors);
        let rel = if s.dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", s.dir)
        };
        by_rel.insert(rel, s.path.clone());
    }
    for p in pages {
        let before = errors.len();
        owners.claim(&p.path, &p.source, errors);
        if p.front.slug.is_some() {
            point_at(root, &p.source, "slug", errors, before);
        }
        by_rel.insert(p.rel.clone(), p.path.clone());
    }
    let aliases = aliases(root, sections, pages, &mut owners, errors);
    for t in &config.taxonomies {
        let reserved = format!("{t}/");
        if let Some(src) = owners.0.get(&reserved) {
            errors.push(Diagnostic::error(
                src,
                format!("output path /{reserved} is reserved for the `{t}` taxonomy"),
            ));
        }
    }
    Claims {
        by_rel,
        dir_outputs,
        assets,
        aliases,
    }
}

/// Output path → the file that claimed it first.
#[derive(Default)]
struct Owners(HashMap<String, PathBuf>);

impl Owners {
    fn claim(&mut self, path: &str, source: &Path, errors: &mut Vec<Diagnostic>) {
        if let Some(first) = self.0.get(path) {
            errors.push(
                Diagnostic::error(
                    source,
                    format!(
                        "output path /{path} is also produced by {}",
                        first.display()
                    ),
                )
                .with_hint("give one of them another `slug`, or remove the duplicate alias")
                .with_code(Code::DuplicateOutput),
            );
        } else {
            self.0.insert(path.to_string(), source.to_path_buf());
        }
    }
}

fn aliases(
    root: &Path,
    sections: &[Section],
    pages: &[Page],
    owners: &mut Owners,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (target, front, source) in pages
        .iter()
        .map(|p| (&p.path, &p.front, &p.source))
        .chain(sections.iter().map(|s| (&s.path, &s.front, &s.source)))
    {
        for alias in &front.aliases.0 {
            match normalize_alias(alias) {
                // Jekyll's `permalink: /about/` on the page that is /about/ anyway.
                Some(a) if a.trim_end_matches('/') == target.trim_end_matches('/') => {}
                Some(a) => {
                    let before = errors.len();
                    owners.claim(&a, source, errors);
                    point_at(root, source, "aliases", errors, before);
                    aliases.push(Alias {
                        from: a,
                        to: target.clone(),
                        source: source.clone(),
                    });
                }
                None => errors.push(Diagnostic::error(
                    source,
                    format!("alias `{alias}` is not a path inside the site"),
                )),
            }
        }
    }
    aliases
}

/// Places the error just added (if `errors` grew past `before`) on the `field` line of the
/// file, which is read again only then.
fn point_at(root: &Path, source: &Path, field: &str, errors: &mut [Diagnostic], before: usize) {
    if let Some(d) = errors.get_mut(before) {
        let text = std::fs::read_to_string(root.join(source)).unwrap_or_default();
        if let Some(o) = front_matter::field_position(&text, field) {
            *d = d.clone().at_offset(&text, o);
        }
    }
}

/// Content folder → output folder, for sections and bundles.
fn dir_outputs(sections: &[Section], pages: &[Page]) -> HashMap<String, String> {
    let mut dir_outputs: HashMap<String, String> = sections
        .iter()
        .map(|s| (s.dir.clone(), s.path.clone()))
        .collect();
    for p in pages {
        if let Some(dir) = p.rel.strip_suffix("/index.md") {
            dir_outputs.insert(dir.to_string(), p.path.clone());
        }
    }
    dir_outputs
}

/// Output folder for files that sit in content folder `dir` (a section or a bundle).
pub(super) fn output_dir_for(dir_outputs: &HashMap<String, String>, dir: &str) -> String {
    if let Some(out) = dir_outputs.get(dir) {
        return out.clone();
    }
    // Inside a bundle's subfolder, or a folder we do not know: keep the path, made safe.
    let mut out = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        out.push_str(&slug_segment(seg));
        out.push('/');
    }
    out
}
