//! What a visitor is offered when a query finds nothing: its words respelt with the site's own
//! ("did you mean"; function words are left out), and the sections to browse, those whose
//! names resemble the query first. Shared by both engines. A word the site has is kept as
//! typed; only words that matched nothing are looked up again, in the dictionary ranges the
//! typo phase read for them already.

use std::collections::BTreeMap;

use crate::expand::{Lexicon, prefix_end};
use crate::fields::{BODY, SEARCHED};
use crate::plan::{Plan, Word, respell, typo_distance_within};
use crate::request::{Phase, Response, SearchError};
use crate::text::words;

/// Edits beyond a word's typo allowance that a suggestion may make.
const SUGGESTION_SLACK: u32 = 1;
/// Sections offered at most.
const NEAR_SECTIONS: usize = 6;

/// Fills in what a response that found nothing offers instead.
pub fn offer<L: Lexicon>(
    lex: &L,
    sections: &BTreeMap<String, String>,
    response: &mut Response,
) -> Result<(), SearchError> {
    let plan = Plan::parse(&response.q);
    if !response.hits.is_empty() || plan.words.is_empty() {
        return Ok(());
    }
    response.suggestion = suggestion(lex, &plan)?.filter(|s| *s != plan_text(&plan));
    response.near_sections = near_sections(&plan, sections);
    Ok(())
}

/// The query with each word that has a close dictionary term respelt, if any was.
pub fn suggestion<L: Lexicon>(lex: &L, plan: &Plan) -> Result<Option<String>, SearchError> {
    let mut phase = Phase::default();
    let mut respelt: Vec<(String, String)> = Vec::new();
    // A quoted word is taken as written.
    for word in plan.words.iter().filter(|w| !w.exact) {
        if known(lex, &mut phase, word) {
            continue;
        }
        if let Some(term) = closest(lex, &mut phase, word) {
            respelt.push((word.raw.clone(), respell(word, &term)));
        }
    }
    phase.end()?;
    if respelt.is_empty() {
        return Ok(None);
    }
    let mut out = String::new();
    for (raw, _) in words(&plan_text(plan)) {
        let replaced = respelt.iter().find(|(r, _)| *r == raw);
        spaced(&mut out, replaced.map_or(&raw, |(_, to)| to));
    }
    Ok(Some(out))
}

/// Whether the site has `word`: its term in a searched field or, while it is typed, a term
/// that starts with it.
fn known<L: Lexicon>(lex: &L, phase: &mut Phase, word: &Word) -> bool {
    let end = prefix_end(word.raw.as_bytes());
    let mut found = false;
    for &(field, _) in &SEARCHED {
        found |= matches!(phase.attempt(lex.lookup(field, &word.stem)), Some(Some(_)));
        if word.prefix && !found {
            let scan = lex.scan(field, word.raw.as_bytes(), end.as_deref(), &mut |_, _| {
                found = true;
            });
            phase.attempt(scan);
        }
    }
    found
}

/// The planned words as text (the words a suggestion is made of).
fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    for word in &plan.words {
        spaced(&mut out, &word.raw);
    }
    out
}

/// Appends `word` to `out`, a space between words (no `join`: its generic code is kilobytes of
/// the browser's wasm per element type).
fn spaced(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The body term closest to `word` within its allowance and the slack, the most frequent on
/// ties. The word is compared whole even while it is typed: a query that found nothing is a
/// finished word more likely than a start ("rfnd" is "refund", not the start of "renew").
fn closest<L: Lexicon>(lex: &L, phase: &mut Phase, word: &Word) -> Option<String> {
    let word = &Word {
        prefix: false,
        ..word.clone()
    };
    let first = word.raw.chars().next()?;
    let mut low = [0u8; 4];
    let low = first.encode_utf8(&mut low).as_bytes().to_vec();
    let high = prefix_end(&low);
    let mut best: Option<(u32, u32, String)> = None;
    phase.attempt(lex.scan(BODY, &low, high.as_deref(), &mut |term, info| {
        let Some(distance) = typo_distance_within(word, term, SUGGESTION_SLACK) else {
            return;
        };
        let df = L::doc_freq(info);
        let better = best
            .as_ref()
            .is_none_or(|(d, f, _)| distance < *d || (distance == *d && df > *f));
        if better {
            best = Some((distance, df, term.to_string()));
        }
    }));
    best.map(|(_, _, term)| term)
}

/// Sections whose title or folder shares a word's start with the query, the most alike
/// first; when none does, the top-level sections.
pub fn near_sections(plan: &Plan, sections: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut alike: Vec<(usize, &String, &String)> = Vec::new();
    for (path, title) in sections {
        let text = format!("{title} {}", path.replace(['/', '-', '_'], " "));
        let names = words(&text);
        let shared = plan
            .words
            .iter()
            .filter(|w| names.iter().any(|(n, _)| resembles(w, n)))
            .count();
        if shared > 0 {
            alike.push((shared, path, title));
        }
    }
    if alike.is_empty() {
        for (path, title) in sections {
            if !path.is_empty() && path.trim_end_matches('/').find('/').is_none() {
                alike.push((0, path, title));
            }
        }
    }
    crate::order::sort_by(&mut alike, |a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    alike
        .into_iter()
        .take(NEAR_SECTIONS)
        .map(|(_, path, title)| (path.clone(), title.clone()))
        .collect()
}

/// Whether a section's word `name` is like the query's `word`: one starts the other (at three
/// letters or more), or it is a typo of it.
fn resembles(word: &Word, name: &str) -> bool {
    let starts = |a: &str, b: &str| a.len() >= 3 && b.starts_with(a);
    starts(&word.raw, name)
        || starts(name, &word.raw)
        || typo_distance_within(word, name, 0).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_like_the_query_come_first_else_the_top_level_ones() {
        let sections: BTreeMap<String, String> = [
            ("help/".to_string(), "Help center".to_string()),
            (
                "help/billing/".to_string(),
                "Billing and invoices".to_string(),
            ),
            ("guides/".to_string(), "Guides".to_string()),
        ]
        .into();
        let near = near_sections(&Plan::parse("biling qxz"), &sections);
        assert_eq!(
            near,
            [(
                "help/billing/".to_string(),
                "Billing and invoices".to_string()
            )]
        );
        let none = near_sections(&Plan::parse("zzzz"), &sections);
        let paths: Vec<&str> = none.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["guides/", "help/"]);
    }
}
