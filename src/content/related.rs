//! "Related articles": for each help article, the articles that share its tags and its most
//! distinctive words (TF-IDF), after the ones its front matter names.
//!
//! Each article keeps only its top terms, and candidates come from an inverted index of
//! those terms, skipping terms too common to tell articles apart; so the cost grows with the
//! number of articles, not its square.

use std::collections::HashMap;

/// Distinctive terms kept per article.
const TOP_TERMS: usize = 24;
/// A term in more than this share of articles says nothing about relatedness.
const MAX_DF_SHARE: f64 = 0.2;
/// Weight of one shared tag, against a cosine similarity in 0..1.
const TAG_WEIGHT: f64 = 0.15;

const STOP: &[&str] = &[
    "the", "and", "for", "that", "this", "with", "you", "your", "are", "not", "but", "can", "from",
    "have", "has", "was", "were", "will", "what", "when", "which", "they", "them", "their",
    "there", "then", "than", "into", "out", "about", "more", "its", "our", "all", "any", "one",
    "how", "why", "use", "using", "also", "each", "only", "other", "some", "such", "may", "might",
    "should", "would", "could", "does", "did", "done", "been", "being", "who", "where", "after",
    "before", "again", "just", "still", "very", "most", "much", "many", "over", "under", "here",
    "same", "make", "sure", "need", "needs", "way", "get", "gets", "set", "see", "step", "steps",
    "page", "pages",
];

/// One document to compare: its words and its tags.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tags: Vec<String>,
}

/// For each document, up to `n` others, most related first.
pub fn related(docs: &[Doc], n: usize) -> Vec<Vec<usize>> {
    let count = docs.len();
    if count < 2 {
        return vec![Vec::new(); count];
    }
    let tfs: Vec<HashMap<String, f64>> = docs.iter().map(|d| term_counts(d.text)).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for tf in &tfs {
        for t in tf.keys() {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let max_df = ((count as f64 * MAX_DF_SHARE).ceil() as usize).max(2);
    // Top TF-IDF terms per document, as normalised sparse vectors.
    let vectors: Vec<Vec<(String, f64)>> = tfs
        .iter()
        .map(|tf| {
            let mut v: Vec<(String, f64)> = tf
                .iter()
                .filter(|(t, _)| df[t.as_str()] <= max_df && df[t.as_str()] > 1)
                .map(|(t, c)| {
                    (
                        t.clone(),
                        (1.0 + c.ln()) * ((count as f64) / df[t.as_str()] as f64).ln(),
                    )
                })
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(TOP_TERMS);
            let norm = v
                .iter()
                .map(|(_, w)| w * w)
                .sum::<f64>()
                .sqrt()
                .max(f64::EPSILON);
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v
        })
        .collect();
    let mut index: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
    for (i, v) in vectors.iter().enumerate() {
        for (t, w) in v {
            index.entry(t.as_str()).or_default().push((i, *w));
        }
    }
    let mut tag_index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for t in &d.tags {
            tag_index.entry(t.as_str()).or_default().push(i);
        }
    }
    (0..count)
        .map(|i| {
            let mut scores: HashMap<usize, f64> = HashMap::new();
            for (t, w) in &vectors[i] {
                for &(j, wj) in &index[t.as_str()] {
                    if j != i {
                        *scores.entry(j).or_default() += w * wj;
                    }
                }
            }
            for t in &docs[i].tags {
                let with = &tag_index[t.as_str()];
                if with.len() as f64 <= (count as f64 * MAX_DF_SHARE).max(8.0) {
                    for &j in with {
                        if j != i {
                            *scores.entry(j).or_default() += TAG_WEIGHT;
                        }
                    }
                }
            }
            let mut ranked: Vec<(usize, f64)> =
                scores.into_iter().filter(|(_, s)| *s > 0.05).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ranked.into_iter().take(n).map(|(j, _)| j).collect()
        })
        .collect()
}

fn term_counts(text: &str) -> HashMap<String, f64> {
    let mut counts = HashMap::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.len() < 3 || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let w = word.to_lowercase();
        if STOP.contains(&w.as_str()) {
            continue;
        }
        // A light stem: plural and -ing forms meet their base word.
        let w = w
            .strip_suffix("ing")
            .filter(|s| s.len() > 3)
            .map(str::to_string)
            .unwrap_or(w);
        let w = w
            .strip_suffix('s')
            .filter(|s| s.len() > 3 && !s.ends_with('s'))
            .map(str::to_string)
            .unwrap_or(w);
        *counts.entry(w).or_default() += 1.0;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_text_and_shared_tags_rank_first() {
        let docs = [
            Doc {
                text: "password reset email never arrives check spam filter reset link",
                tags: vec!["sign-in".into()],
            },
            Doc {
                text: "two factor authentication locked out recovery codes reset password",
                tags: vec!["sign-in".into()],
            },
            Doc {
                text: "invoice billing plan change prorated charges credit card",
                tags: vec!["billing".into()],
            },
            Doc {
                text: "webhook delivery failing retries signature endpoint timeout",
                tags: vec!["api".into()],
            },
            Doc {
                text: "spam filter blocks notification email delivery domain allowlist",
                tags: vec!["email".into()],
            },
            Doc {
                text: "billing invoice download tax receipt plan",
                tags: vec!["billing".into()],
            },
        ];
        let r = related(&docs, 2);
        assert_eq!(r[0][0], 1, "{r:?}");
        assert!(r[0].contains(&4), "{r:?}");
        assert_eq!(r[2], [5]);
        assert!(r.iter().enumerate().all(|(i, v)| !v.contains(&i)));
    }
}
