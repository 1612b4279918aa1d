//! The content model: walking `content/`, reading and parsing files, and the site graph
//! (sections, pages, URLs, taxonomies, neighbours) that every later stage borrows from.

pub(crate) mod compat;
pub mod front_matter;
mod git;
mod ids;
mod library;
mod paths;
mod related;
pub mod review;
pub mod types;

pub use front_matter::{DateValue, FrontMatter, PageType, SortBy};
pub use ids::{PageId, SectionId};
pub use library::{
    Alias, Asset, Library, LoadOptions, Page, PageChange, Section, Taxonomy, Term, fallback_title,
    rel_slash,
};
pub use paths::{join_relative, normalize_alias, slug_segment};
