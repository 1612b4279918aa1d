//! Every integration test in one binary (one link, one process to start), as mdBook and
//! ripgrep do. See tests/README.md for which test lives where.

mod common;

mod build;
mod check;
mod check_cases;
mod cli;
mod help_center;
mod hostile;
mod import;
mod kill;
mod props;
mod relevance;
mod search;
mod serve;
mod sites;
mod snapshots;
mod types;
