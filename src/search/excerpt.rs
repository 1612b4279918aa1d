//! The text a search hit's snippets are cut from. Every hit fetches it, so it is bounded
//! (`EXCERPT_CHARS`); on a long page the budget is shared among its parts (the text before the
//! first heading, then each heading with the text under it) instead of spent on the opening,
//! so a match under a late heading still gets a snippet and links to that heading. Each part
//! gets at least `MIN_PART` characters: a page with more parts than that allows keeps its first
//! ones (a glossary of 2,500 headings must not cost every hit kilobytes of anchors). The
//! excerpt's headings are listed with their ids, one `offset id` per line (the `anchors` field).

/// Characters of page text kept for snippets (about 300 words). Each shown hit fetches its
/// excerpt: 4,000 characters cost 46.6 KB per query at 10k pages, 2,000 cost 39 KB (measured
/// before the anchors were stored).
pub const EXCERPT_CHARS: usize = 2000;

/// The fewest characters a part is given: a heading and the start of its answer.
const MIN_PART: usize = 160;

/// The excerpt and its anchors.
#[derive(Debug, Default, PartialEq)]
pub struct Excerpt {
    pub text: String,
    pub anchors: String,
}

/// The excerpt of `text` (a page's plain text) whose headings start at `headings` (byte
/// offsets into `text`, in order, with their ids).
pub fn excerpt(text: &str, headings: &[(usize, String)], budget: usize) -> Excerpt {
    let mut starts: Vec<usize> = vec![0];
    let mut ids: Vec<Option<&str>> = vec![None];
    for (at, id) in headings {
        if *at == 0 {
            ids[0] = Some(id);
        } else if *at < text.len() && *at > *starts.last().unwrap_or(&0) {
            starts.push(*at);
            ids.push(Some(id));
        }
    }
    let kept = starts.len().min((budget / MIN_PART).max(1));
    let parts: Vec<&str> = (0..kept)
        .map(|i| &text[starts[i]..starts.get(i + 1).copied().unwrap_or(text.len())])
        .collect();
    ids.truncate(kept);
    let lengths: Vec<usize> = parts.iter().map(|p| p.chars().count()).collect();
    let shares = shares(&lengths, budget);
    let mut out = Excerpt::default();
    for ((part, id), share) in parts.iter().zip(ids).zip(shares) {
        if share == 0 {
            continue;
        }
        if let Some(id) = id {
            out.anchors.push_str(&format!("{} {id}\n", out.text.len()));
        }
        let cut = cut_words(part, share);
        out.text.push_str(cut);
        if cut.len() < part.trim_end().len() {
            out.text.push('…');
        }
        if !out.text.ends_with('\n') {
            out.text.push('\n');
        }
    }
    out
}

/// Characters for each part: an equal share of `budget`, what a short part does not use going
/// to the longer ones.
fn shares(lengths: &[usize], budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| lengths[i]);
    let mut out = vec![0; lengths.len()];
    let mut left = budget;
    for (done, &i) in order.iter().enumerate() {
        let share = left / (lengths.len() - done);
        out[i] = lengths[i].min(share);
        left -= out[i];
    }
    out
}

/// At most `max_chars` characters of `text`, ending at a word's end when it is cut and has a
/// space to cut at.
fn cut_words(text: &str, max_chars: usize) -> &str {
    let Some((at, _)) = text.char_indices().nth(max_chars) else {
        return text;
    };
    let head = &text[..at];
    match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_page_is_kept_whole() {
        let text = "Intro text.\nSet up\nDo this.\n";
        let e = excerpt(text, &[(12, "set-up".into())], 2000);
        assert_eq!(e.text, text);
        assert_eq!(e.anchors, "12 set-up\n");
    }

    #[test]
    fn a_long_page_shares_the_budget_among_its_headings() {
        let long = "word ".repeat(400);
        let text = format!("{long}\nBilling\n{long}\nRefunds\nshort part\n");
        let billing = long.len() + 1;
        let refunds = billing + "Billing\n".len() + long.len() + 1;
        let heads = [
            (billing, "billing".to_string()),
            (refunds, "refunds".to_string()),
        ];
        let e = excerpt(&text, &heads, 600);
        assert!(e.text.chars().count() <= 600 + 6, "{}", e.text.len());
        assert!(e.text.contains("word…\nBilling\n"), "{}", e.text);
        let lines: Vec<&str> = e.anchors.lines().collect();
        assert_eq!(lines.len(), 2);
        for (line, id, heading) in [
            (lines[0], "billing", "Billing"),
            (lines[1], "refunds", "Refunds"),
        ] {
            let (offset, name) = line.split_once(' ').unwrap();
            assert_eq!(name, id);
            let offset: usize = offset.parse().unwrap();
            assert!(e.text[offset..].starts_with(heading), "{line}");
        }
        // The short last part is whole; the two long ones share the rest equally.
        assert!(e.text.ends_with("Refunds\nshort part\n"));
    }

    #[test]
    fn a_page_of_many_headings_keeps_its_first_parts() {
        let text: String = (0..2500)
            .map(|i| format!("Term {i}\nIts meaning, in a few words.\n"))
            .collect();
        let mut heads = Vec::new();
        let mut at = 0;
        for i in 0..2500 {
            heads.push((at, format!("term-{i}")));
            at += format!("Term {i}\nIts meaning, in a few words.\n").len();
        }
        let e = excerpt(&text, &heads, 2000);
        assert!(e.text.chars().count() <= 2000 + 2 * 12, "{}", e.text.len());
        assert_eq!(e.anchors.lines().count(), 2000 / MIN_PART);
        assert!(e.text.contains("Term 11\nIts meaning, in a few words.\n"));
    }

    #[test]
    fn shares_are_fair_and_within_budget() {
        assert_eq!(shares(&[10, 1000, 1000], 310), [10, 150, 150]);
        assert_eq!(shares(&[10, 20], 310), [10, 20]);
        assert_eq!(shares(&[], 310), Vec::<usize>::new());
    }

    #[test]
    fn cuts_fall_between_words_and_inside_letters_never() {
        assert_eq!(cut_words("héllo wörld again", 9), "héllo");
        assert_eq!(cut_words("ab", 9), "ab");
        assert_eq!(cut_words("abcdefghij", 4), "abcd");
    }
}
