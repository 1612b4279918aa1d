//! waymark: a static-site generator for knowledge bases and career guides.
//!
//! The build is a pipeline of small stages, each in its own module:
//! [`config`] reads `waymark.toml`; [`content`] walks `content/` and builds the site graph;
//! [`markdown`] turns bodies into HTML; [`render`] holds the Tera 2 theme; [`build`] makes the
//! job list and renders it in parallel; [`output`] stages and swaps the output folder.

pub mod build;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod error;
pub mod feeds;
pub mod hash;
pub mod html;
pub mod import;
pub mod init;
pub mod layout;
pub mod llms;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;

pub use build::{BuildSummary, build};
pub use config::Config;
pub use error::{Diagnostic, Errors};
pub use site::{BuildOptions, Site};
