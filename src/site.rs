//! One site, loaded: its config, theme, templates and content graph. The build renders it;
//! `waymark serve` keeps it between rebuilds; feeds and the search index read it.

use std::path::PathBuf;

use crate::config::Config;
use crate::content::{Library, LoadOptions};
use crate::error::Result;
use crate::render::{Renderer, Theme};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Building for `waymark serve`.
    pub serve: bool,
}

/// Everything loaded for one build.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub renderer: Renderer,
    pub theme: Theme,
}

impl Site {
    /// Loads config, theme, templates and content; the first half of a build.
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        let root = opts.root.clone();
        let mut config = Config::load(&root)?;
        if let Some(url) = &opts.base_url {
            config.set_base_url(url)?;
        }
        let theme = Theme::load(&root, &config.theme)?;
        let renderer = Renderer::new(&config, theme.clone(), opts.serve)?;
        let library = Library::load(
            &root,
            &config,
            &LoadOptions {
                drafts: opts.drafts,
            },
        )?;
        Ok(Site {
            root,
            config,
            library,
            renderer,
            theme,
        })
    }
}
