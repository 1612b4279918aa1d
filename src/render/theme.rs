//! Themes: the embedded default theme, overridden file by file by a site's `themes/NAME/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Result};

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Compiled into the binary (path inside the default theme).
    Embedded(&'static [u8]),
    /// A file on disk.
    File(PathBuf),
}

/// A theme file with the path it is shown under in messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub origin: Origin,
    /// `themes/default/templates/page.html` (relative to the site root, or the embedded path).
    pub display: PathBuf,
}

impl ThemeFile {
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match &self.origin {
            Origin::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Origin::File(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// The merged theme: templates by name, and static files by output path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The embedded default theme with `ROOT/themes/NAME/` laid over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, bytes) in EMBEDDED_THEME {
            let file = ThemeFile {
                origin: Origin::Embedded(bytes),
                display: PathBuf::from("themes/default").join(path),
            };
            theme.insert(path, file);
        }
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Diagnostic::error(dir.clone(), format!("cannot read theme: {e}"))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::content::rel_slash(&dir, entry.path());
                if rel.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                let display = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                theme.insert(
                    &rel,
                    ThemeFile {
                        origin: Origin::File(entry.path().to_path_buf()),
                        display,
                    },
                );
            }
        } else if name != "default" {
            return Err(Diagnostic::error(
                "waymark.toml",
                format!("theme `{name}` not found: there is no themes/{name}/ folder"),
            )
            .with_hint("remove `theme` to use the built-in default theme")
            .into());
        }
        Ok(theme)
    }

    fn insert(&mut self, rel: &str, file: ThemeFile) {
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), file);
        } else if let Some(out) = rel.strip_prefix("static/") {
            self.statics.insert(out.to_string(), file);
        }
    }
}
