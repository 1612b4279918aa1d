//! Typed indexes into the site graph: a `PageId` cannot be used where a section is meant.
//! `library.pages[id]` and `library.sections[id]` index with them directly.

use std::ops::{Index, IndexMut};

use super::{Page, Section};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub usize);

        impl $name {
            /// Every id of a list of `len` items, in order.
            pub fn all(len: usize) -> impl Iterator<Item = $name> {
                (0..len).map($name)
            }
        }

        impl Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$name> for [$item] {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }

        impl Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

id!(
    /// A page: its place in `Library::pages`.
    PageId,
    Page
);
id!(
    /// A section: its place in `Library::sections` (the root is `SectionId(0)`).
    SectionId,
    Section
);
