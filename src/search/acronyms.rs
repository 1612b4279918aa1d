//! Synonyms the site's own text defines: "Executive Business Review (EBR)" and "EBR (Executive
//! Business Review)" make `ebr` a synonym of "executive business review", so a visitor who
//! types the short form finds pages that only spell it out, and the other way round through the
//! acronym. Help centers and handbooks define their abbreviations this way; no per-site list
//! is needed. The groups are added to `[search] synonyms` in the index's `entry.json`.

use std::collections::BTreeSet;

/// Groups kept at most (each costs `entry.json` some 40 bytes).
const MAX_GROUPS: usize = 400;
/// Letters of an acronym.
const LETTERS: std::ops::RangeInclusive<usize> = 2..=6;
/// Small words a long form may hold without an initial of their own ("Statement of Work").
const LINKS: &[&str] = &["of", "and", "the", "to", "for", "on", "in"];

/// The `(acronym, long form)` pairs defined in `texts`, lower-cased, first definitions first;
/// a long form that searches the same as one before it ("reviews" for "review") is left out.
pub fn acronyms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Vec<String>> {
    let mut seen: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    let mut out = Vec::new();
    for text in texts {
        for line in text.lines() {
            for (short, long) in definitions(line) {
                if out.len() == MAX_GROUPS {
                    return out;
                }
                if seen.insert((short.clone(), search_core::text::terms(&long))) {
                    out.push(vec![short, long]);
                }
            }
        }
    }
    out
}

/// Bytes looked at inside a parenthesis and before it: a definition is short, and bounded
/// looks keep a line of a thousand parentheses linear.
const INSIDE: usize = 80;
const BEFORE: usize = 200;

/// Every definition in one line of text.
fn definitions(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in line.char_indices() {
        match c {
            '(' => open = Some(at),
            ')' => {
                if let Some(start) = open.take()
                    && at - start <= INSIDE
                    && let Some(found) = definition(&line[..start], &line[start + 1..at])
                {
                    out.push(found);
                }
            }
            _ => {}
        }
    }
    out
}

/// The definition made by `inside` a parenthesis and the text `before` it, if any.
fn definition(before: &str, inside: &str) -> Option<(String, String)> {
    let mut from = before.len().saturating_sub(BEFORE);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = &before[from..];
    if let Some(short) = acronym(inside) {
        let long = long_form(before, &short, true)?;
        return Some((short.to_lowercase(), long));
    }
    let short = before.split_whitespace().last().and_then(acronym)?;
    let long = long_form(inside, &short, false)?;
    Some((short.to_lowercase(), long))
}

/// `text` as an acronym: 2 to 6 capitals (digits after the first allowed), with an optional
/// plural `s` dropped ("SAs").
fn acronym(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_suffix('s').unwrap_or(text);
    let mut chars = text.chars();
    let first = chars.next()?;
    let ok = first.is_ascii_uppercase()
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && LETTERS.contains(&text.len())
        && text.chars().filter(char::is_ascii_uppercase).count() >= 2;
    ok.then(|| text.to_string())
}

/// The words of `text` whose initials spell `short`: the last words of `text` when the long
/// form comes before the acronym (`ending`), else all of them. Small linking words may be
/// skipped; every other word must give the next letter.
fn long_form(text: &str, short: &str, ending: bool) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let letters: Vec<char> = short
        .chars()
        .filter(char::is_ascii_uppercase)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut need = letters.len();
    let order: Box<dyn Iterator<Item = &&str>> = if ending {
        Box::new(words.iter().rev())
    } else {
        Box::new(words.iter())
    };
    for word in order {
        if need == 0 {
            break;
        }
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
        let initial = clean.chars().next()?.to_ascii_lowercase();
        let wanted = if ending {
            letters[need - 1]
        } else {
            letters[letters.len() - need]
        };
        if initial == wanted {
            taken.push(clean);
            need -= 1;
        } else if LINKS.contains(&clean.to_lowercase().as_str()) && !taken.is_empty() {
            taken.push(clean);
        } else {
            return None;
        }
    }
    if need > 0 || (!ending && taken.len() != words.len()) {
        return None;
    }
    if ending {
        taken.reverse();
    }
    Some(taken.join(" ").to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str) -> Vec<(String, String)> {
        acronyms([text])
            .into_iter()
            .map(|g| (g[0].clone(), g[1].clone()))
            .collect()
    }

    #[test]
    fn long_forms_before_or_after_the_acronym() {
        assert_eq!(
            groups("Book an Executive Business Review (EBR) each quarter."),
            [("ebr".into(), "executive business review".into())]
        );
        assert_eq!(
            groups("Ask your CSM (Customer Success Manager) first."),
            [("csm".into(), "customer success manager".into())]
        );
        assert_eq!(
            groups("Sign the Statement of Work (SOW) and the Available to Renew (ATR) report."),
            [
                ("sow".into(), "statement of work".into()),
                ("atr".into(), "available to renew".into())
            ]
        );
        assert_eq!(
            groups("Our Solutions Architects (SAs) and on-call (OC) staff"),
            [
                ("sa".into(), "solutions architects".into()),
                ("oc".into(), "on call".into())
            ]
        );
    }

    #[test]
    fn a_line_of_many_parentheses_is_read_once() {
        // Each parenthesis looks at a bounded stretch of the line before it (no panic, no hang).
        let line = "(AB) ".repeat(100_000);
        assert!(groups(&line).is_empty());
        let nested = format!("{})", "(".repeat(100_000));
        assert!(groups(&nested).is_empty());
        let defined = format!("{}Executive Business Review (EBR)", "word ".repeat(100_000));
        assert_eq!(groups(&defined).len(), 1);
    }

    #[test]
    fn other_parentheses_are_not_definitions() {
        assert!(groups("Open Settings (the gear icon) first.").is_empty());
        assert!(groups("Plans (EU) cost more.").is_empty());
        assert!(groups("A (B").is_empty());
        assert!(groups("(CSM)").is_empty());
        assert!(groups("Total Cost (TCOX)").is_empty());
        // The same definition twice is one group.
        assert_eq!(
            groups("Customer Success Manager (CSM)\nCustomer Success Manager (CSM)").len(),
            1
        );
    }
}
