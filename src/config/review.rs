//! `[review]`: how often pages are due for review, for the whole site and per section.
//! A page's own `review_every` or `review_by` wins over both.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[review]` in `waymark.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// The interval for every page that has a `reviewed` date, e.g. `"1 year"`.
    pub every: Option<String>,
    /// Intervals per section folder (`"help/billing" = "3 months"`); the longest match wins.
    pub sections: BTreeMap<String, String>,
}

impl ReviewConfig {
    /// The interval text for a page in section folder `dir` (`help/billing`, `""` for the
    /// root), with the `[review.sections]` key it comes from (`None`: `[review] every`).
    pub fn every_for(&self, dir: &str) -> Option<(&str, Option<&str>)> {
        self.sections
            .iter()
            .filter(|(prefix, _)| {
                let prefix = prefix.trim_matches('/');
                prefix.is_empty()
                    || dir == prefix
                    || dir.strip_prefix(prefix).is_some_and(|r| r.starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.trim_matches('/').len())
            .map(|(prefix, every)| (every.as_str(), Some(prefix.as_str())))
            .or(self.every.as_deref().map(|e| (e, None)))
    }

    /// The first interval that does not parse, with the key it is under.
    pub fn invalid(&self) -> Option<(&str, &str)> {
        let all = self.every.iter().map(|e| ("every", e.as_str()));
        let sections = self.sections.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        all.chain(sections)
            .find(|(_, every)| parse_interval(every).is_none())
    }
}

/// Parses `"6 months"`, `"90 days"`, `"1 year"`, `"2w"` or ISO 8601 (`P6M`): a positive span
/// of calendar units.
pub fn parse_interval(text: &str) -> Option<jiff::Span> {
    let span: jiff::Span = text.trim().parse().ok()?;
    let has_time = span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0;
    (span.is_positive() && !has_time).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_in_words_and_iso() {
        assert!(parse_interval("6 months").is_some());
        assert!(parse_interval("1 year").is_some());
        assert!(parse_interval("90 days").is_some());
        assert!(parse_interval("P6M").is_some());
        assert!(parse_interval("-3 days").is_none());
        assert!(parse_interval("0 days").is_none());
        assert!(parse_interval("soon").is_none());
        assert!(parse_interval("3 hours").is_none());
    }

    #[test]
    fn the_longest_section_prefix_wins() {
        let c = ReviewConfig {
            every: Some("1 year".into()),
            sections: [("help", "6 months"), ("help/billing", "3 months")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .into(),
        };
        let every = |dir| c.every_for(dir).map(|(e, _)| e);
        assert_eq!(every("help/billing/plans"), Some("3 months"));
        assert_eq!(every("help/account"), Some("6 months"));
        assert_eq!(every("helpful"), Some("1 year"));
        assert_eq!(every(""), Some("1 year"));
        assert_eq!(c.every_for("help/x"), Some(("6 months", Some("help"))));
        assert_eq!(c.every_for("guides"), Some(("1 year", None)));
    }
}
