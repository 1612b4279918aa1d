//! The command line: parse arguments, run the command, pick the exit code. What is printed
//! lives in [`crate::messages`], so `waymark serve` reports a failed rebuild in the same words.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::build;
use crate::error::Severity;
use crate::messages;
use crate::site::BuildOptions;

#[derive(Debug, Parser)]
#[command(
    name = "waymark",
    version,
    about = "Static sites for knowledge bases and career guides"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (ROOT/public by default).
    Build {
        /// The site folder (holding waymark.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from waymark.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build, then serve the site on a local address.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to bind (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Poll for file changes instead of using native file events (network or container
        /// file systems).
        #[arg(long)]
        poll: bool,
    },
    /// Check front matter, templates and every internal link and #anchor (exit 1 on problems).
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// How to report: for people, JSON Lines (one object per finding), or GitHub Actions
        /// annotations.
        #[arg(long, value_enum, default_value_t = messages::Format::Human)]
        format: messages::Format,
        /// Also fetch the links that leave the site (answers are cached for `[check]
        /// cache_hours` in .waymark/external-links.json).
        #[arg(long)]
        external: bool,
        /// List the pages overdue for review, the longest overdue first, with their authors.
        #[arg(long)]
        stale: bool,
        /// Pages overdue for review are errors (exit 1), not warnings.
        #[arg(long)]
        stale_is_error: bool,
        /// The day review dates are compared with (default: today), e.g. 2026-12-01.
        #[arg(long, value_name = "DATE")]
        today: Option<jiff::civil::Date>,
    },
    /// Create a new site in DIR that builds and serves as it is.
    Init { dir: PathBuf },
    /// Turn a Jekyll or Hugo site, or plain-text guides, into waymark content in DIR.
    Import {
        /// What SRC is.
        #[arg(long, value_enum)]
        from: crate::import::From,
        /// The old site's folder (or, for text, a folder of .txt files or one file).
        src: PathBuf,
        /// Where the waymark site is written (made if missing).
        #[arg(long, default_value = ".")]
        into: PathBuf,
        /// Overwrite files that exist with other content.
        #[arg(long)]
        force: bool,
        /// The report as one JSON object (counts, and each thing left or unresolved).
        #[arg(long)]
        json: bool,
    },
    /// Query the search index of a built site.
    Search {
        /// What to look for; the last word also matches as a prefix unless it ends in a space.
        query: String,
        /// The site folder (holding waymark.toml); its public/ must have been built.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site, when it was built with `--output` (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Keep results whose FIELD (type, section, category, tag) is VALUE; repeatable.
        #[arg(long = "filter", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
        /// Print results as JSON: [{title, url, score, snippet, type}].
        #[arg(long)]
        json: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                serve: false,
            };
            run_build(&opts)
        }
        Command::Serve {
            root,
            interface,
            port,
            open,
            drafts,
            poll,
        } => crate::serve::run(&crate::serve::ServeOptions {
            root,
            interface,
            port,
            open,
            drafts,
            poll,
        }),
        Command::Check {
            root,
            drafts,
            format,
            external,
            stale,
            stale_is_error,
            today,
        } => {
            let opts = BuildOptions {
                root: root.clone(),
                drafts,
                ..Default::default()
            };
            let how = crate::check::CheckOptions {
                external,
                today: today.unwrap_or_else(|| jiff::Zoned::now().date()),
                stale_is_error,
            };
            let report = crate::check::check(&opts, &how);
            if stale && let Ok(r) = &report {
                messages::stale_list(format, &r.stale);
                let failed = stale_is_error && !r.stale.is_empty();
                return if failed {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                };
            }
            let (mut findings, counts) = match report {
                Ok(r) => (r.findings, Some((r.pages, r.links))),
                Err(errors) => (errors.0.into_iter().map(Into::into).collect(), None),
            };
            // `--root docs` from a repository's top: name files as the repository does, so
            // CI annotations land on them.
            if root.is_relative() && root != std::path::Path::new(".") {
                for f in &mut findings {
                    f.diagnostic.path = root.join(&f.diagnostic.path);
                }
            }
            messages::check_report(format, &findings, counts);
            let failed = findings
                .iter()
                .any(|f| f.diagnostic.severity == Severity::Error);
            if !failed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Search {
            query,
            root,
            output,
            limit,
            filters,
            json,
        } => crate::search::cli::run(&crate::search::cli::SearchOptions {
            output: output.unwrap_or_else(|| root.join("public")),
            root,
            query,
            limit,
            filters,
            json,
        }),
        Command::Import {
            from,
            src,
            into,
            force,
            json,
        } => {
            let opts = crate::import::ImportOptions {
                from,
                src,
                into,
                force,
            };
            match crate::import::run(&opts) {
                Ok(report) => {
                    messages::imported(&opts.into, &report, json);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    messages::init_failed(&e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                messages::created(&dir);
                ExitCode::SUCCESS
            }
            Err(e) => {
                messages::init_failed(&e);
                ExitCode::FAILURE
            }
        },
    }
}

/// Builds and reports; exit code 1 on content errors.
pub fn run_build(opts: &BuildOptions) -> ExitCode {
    match build(opts) {
        Ok(summary) => {
            messages::warnings(&summary.warnings);
            messages::built(&summary);
            ExitCode::SUCCESS
        }
        Err(errors) => {
            messages::build_failed(&errors);
            ExitCode::FAILURE
        }
    }
}
