//! Filters and their counts, from each filter value's documents. Shared by both engines: they
//! differ only in how they read the postings of the values.

use std::collections::BTreeMap;

use crate::request::{Facets, Filters};

/// A filter field's values with the documents that have them.
pub struct FacetDocs {
    pub name: &'static str,
    pub values: Vec<(String, Vec<u32>)>,
}

/// Whether a requested filter value names an indexed one: case and a section's slashes do not
/// matter (`Help`, `help/`).
pub fn same_value(wanted: &str, value: &str) -> bool {
    wanted
        .trim_matches('/')
        .eq_ignore_ascii_case(value.trim_matches('/'))
}

/// A filter value and its documents.
pub type Value = (String, Vec<u32>);

/// The indexed values each filtered field asks for, by field name.
pub fn wanted_values<'a>(
    filters: &Filters,
    facets: &'a [FacetDocs],
) -> Vec<(&'static str, Vec<&'a Value>)> {
    let mut out = Vec::new();
    for f in facets {
        let wanted = filters.get(f.name);
        if wanted.is_empty() {
            continue;
        }
        let mut values = Vec::new();
        for value in &f.values {
            if wanted.iter().any(|w| same_value(w, &value.0)) {
                values.push(value);
            }
        }
        out.push((f.name, values));
    }
    out
}

/// Per filtered field, the documents it lets through (OR within a field), as a bitmap.
pub fn selected(
    filters: &Filters,
    facets: &[FacetDocs],
    num_docs: usize,
) -> Vec<(&'static str, Vec<bool>)> {
    let mut out = Vec::new();
    for (name, values) in wanted_values(filters, facets) {
        let mut keep = vec![false; num_docs];
        for (_, docs) in values {
            for d in docs {
                if let Some(slot) = keep.get_mut(*d as usize) {
                    *slot = true;
                }
            }
        }
        out.push((name, keep));
    }
    out
}

/// Whether `doc` passes every filter (AND across fields).
pub fn allowed(selected: &[(&'static str, Vec<bool>)], doc: u32) -> bool {
    selected
        .iter()
        .all(|(_, keep)| keep.get(doc as usize).copied().unwrap_or(false))
}

/// Counts per value among the documents that match the text, each field counted with the
/// filters of the *other* fields applied, so a ticked value never hides its siblings.
pub fn counts(
    in_text: &[bool],
    facets: &[FacetDocs],
    selected: &[(&'static str, Vec<bool>)],
    sections: &BTreeMap<String, String>,
) -> Facets {
    let mut out = Facets::default();
    for facet in facets {
        let mut allowed = in_text.to_vec();
        for (other, keep) in selected {
            if *other != facet.name {
                for (a, k) in allowed.iter_mut().zip(keep) {
                    *a &= *k;
                }
            }
        }
        let mut counts: Vec<(String, u32)> = Vec::new();
        for (value, docs) in &facet.values {
            let mut n = 0;
            for d in docs {
                if allowed.get(*d as usize).copied().unwrap_or(false) {
                    n += 1;
                }
            }
            if n > 0 {
                counts.push((value.clone(), n));
            }
        }
        crate::order::sort_by(&mut counts, |a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        });
        match facet.name {
            "type" => out.kind = counts,
            "section" => {
                for (path, n) in counts {
                    let label = sections.get(&path).cloned().unwrap_or_else(|| path.clone());
                    out.section.push((path, label, n));
                }
            }
            "category" => out.category = counts,
            _ => out.tag = counts,
        }
    }
    out
}
