//! Review dates: when a page was last checked (`reviewed`) and when it is due again
//! (`review_by`, or `reviewed` plus the page's `review_every`, its section's interval in
//! `[review.sections]` or the site's `[review] every`). Pages show "Last reviewed";
//! `waymark check` reports the overdue ones.

use jiff::civil::Date;

use super::front_matter::FrontMatter;
use crate::config::{ReviewConfig, parse_interval};

/// When a page is due for review, and the rule that says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub date: Date,
    /// The `reviewed` date the interval counts from (none for `review_by`).
    pub reviewed: Option<Date>,
    /// `review_by`, or `every 6 months` with where the interval comes from.
    pub rule: String,
    /// The front-matter field a message points at.
    pub field: &'static str,
}

/// The page's due date, if it has one. `dir` is the page's section folder (`help/billing`).
pub fn due(front: &FrontMatter, dir: &str, config: &ReviewConfig) -> Option<Due> {
    let reviewed = front.reviewed.map(|d| d.date());
    if let Some(by) = front.review_by {
        return Some(Due {
            date: by.date(),
            reviewed,
            rule: "review_by".into(),
            field: "review_by",
        });
    }
    let reviewed = reviewed?;
    let (every, from) = match &front.review_every {
        Some(every) => (every.as_str(), "the page's review_every".to_string()),
        None => match config.every_for(dir)? {
            (every, Some(section)) => (every, format!("[review.sections] \"{section}\"")),
            (every, None) => (every, "[review] every".to_string()),
        },
    };
    let span = parse_interval(every)?;
    Some(Due {
        date: reviewed.checked_add(span).ok()?,
        reviewed: Some(reviewed),
        rule: format!("every {}, from {from}", every.trim()),
        field: "reviewed",
    })
}

/// An invalid `review_every` on a page: the message for the field.
pub fn invalid_interval(front: &FrontMatter) -> Option<String> {
    let every = front.review_every.as_deref()?;
    parse_interval(every)
        .is_none()
        .then(|| format!("`review_every: {every}` is no review interval"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::DateValue;

    fn front(reviewed: Option<&str>, every: Option<&str>, by: Option<&str>) -> FrontMatter {
        FrontMatter {
            reviewed: reviewed.and_then(DateValue::parse),
            review_every: every.map(String::from),
            review_by: by.and_then(DateValue::parse),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn review_by_wins_then_the_page_then_the_section() {
        let config = ReviewConfig {
            every: Some("1 year".into()),
            sections: [("help".to_string(), "6 months".to_string())].into(),
        };
        let d = |f: FrontMatter, dir: &str| due(&f, dir, &config).map(|d| d.date.to_string());
        let by = front(Some("2026-01-10"), Some("1 month"), Some("2026-03-01"));
        assert_eq!(d(by, "help").as_deref(), Some("2026-03-01"));
        let own = front(Some("2026-01-10"), Some("1 month"), None);
        assert_eq!(d(own, "help").as_deref(), Some("2026-02-10"));
        let section = front(Some("2026-01-10"), None, None);
        assert_eq!(d(section.clone(), "help").as_deref(), Some("2026-07-10"));
        assert_eq!(d(section, "guides").as_deref(), Some("2027-01-10"));
        assert_eq!(d(front(None, Some("1 month"), None), "help"), None);
        let none = ReviewConfig::default();
        assert_eq!(due(&front(Some("2026-01-10"), None, None), "", &none), None);
    }

    #[test]
    fn a_bad_interval_is_named() {
        let f = front(Some("2026-01-10"), Some("whenever"), None);
        assert!(invalid_interval(&f).unwrap().contains("whenever"));
        assert_eq!(invalid_interval(&front(None, Some("2 weeks"), None)), None);
    }
}
