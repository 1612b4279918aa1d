//! Where a site's files are, and what kind of source a changed path is. The watcher watches
//! [`SiteLayout::sources`]; the rebuilder asks [`SiteLayout::classify`] what a change is
//! instead of comparing path strings.

use std::path::{Component, Path, PathBuf};

/// A site's folders and files.
#[derive(Debug, Clone)]
pub struct SiteLayout {
    pub root: PathBuf,
    pub content: PathBuf,
    pub static_dir: PathBuf,
    pub themes: PathBuf,
    pub config: PathBuf,
    pub output: PathBuf,
}

/// What a path of the site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// `waymark.toml`.
    Config,
    /// A file or folder under `content/`, `/`-separated relative to it (`help/a.md`).
    Content(String),
    /// A path inside `themes/THEME/`, `/`-separated relative to it (`templates/page.html`,
    /// `static/style.css`; empty for the theme folder itself).
    Theme { theme: String, rel: String },
    /// A file under `static/`, relative to it.
    Static(String),
    /// `content/`, `themes/` or `static/` itself.
    SourceFolder,
    /// Anything else (the output, the site's other files).
    Other,
}

impl SiteLayout {
    /// The standard layout of the site at `root`, building into `output`.
    pub fn new(root: &Path, output: &Path) -> SiteLayout {
        SiteLayout {
            root: root.to_path_buf(),
            content: root.join("content"),
            static_dir: root.join("static"),
            themes: root.join("themes"),
            config: root.join("waymark.toml"),
            output: output.to_path_buf(),
        }
    }

    /// The folders a change to which can change the site.
    pub fn sources(&self) -> [&Path; 3] {
        [&self.content, &self.themes, &self.static_dir]
    }

    pub fn classify(&self, path: &Path) -> SourceKind {
        if path == self.config {
            return SourceKind::Config;
        }
        if [&self.content, &self.themes, &self.static_dir].contains(&&path.to_path_buf()) {
            return SourceKind::SourceFolder;
        }
        if let Some(rel) = inside(path, &self.content) {
            return SourceKind::Content(rel);
        }
        if let Some(rel) = inside(path, &self.static_dir) {
            return SourceKind::Static(rel);
        }
        if let Some(rel) = inside(path, &self.themes) {
            let (theme, rel) = rel.split_once('/').unwrap_or((&rel, ""));
            return SourceKind::Theme {
                theme: theme.to_string(),
                rel: rel.to_string(),
            };
        }
        SourceKind::Other
    }
}

/// `path` below `dir`, `/`-separated, if it is below it.
fn inside(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `p` as an absolute path that names the same place whether or not it exists yet: the
/// longest part that exists is made canonical (symlinks, `..`), the rest kept as written.
/// Used to tell whether one folder is inside another before either is written.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_kind_of_source() {
        let l = SiteLayout::new(Path::new("/site"), Path::new("/site/public"));
        let kind = |p: &str| l.classify(Path::new(p));
        assert_eq!(kind("/site/waymark.toml"), SourceKind::Config);
        assert_eq!(
            kind("/site/content/help/a.md"),
            SourceKind::Content("help/a.md".into())
        );
        assert_eq!(kind("/site/content"), SourceKind::SourceFolder);
        assert_eq!(kind("/site/static"), SourceKind::SourceFolder);
        assert_eq!(
            kind("/site/static/css/x.css"),
            SourceKind::Static("css/x.css".into())
        );
        assert_eq!(
            kind("/site/themes/default/templates/page.html"),
            SourceKind::Theme {
                theme: "default".into(),
                rel: "templates/page.html".into()
            }
        );
        assert_eq!(
            kind("/site/themes/default"),
            SourceKind::Theme {
                theme: "default".into(),
                rel: String::new()
            }
        );
        assert_eq!(kind("/site/public/index.html"), SourceKind::Other);
        assert_eq!(kind("/site/contentx/a.md"), SourceKind::Other);
        assert_eq!(kind("/elsewhere/a.md"), SourceKind::Other);
    }
}
