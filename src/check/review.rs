//! Pages overdue for review (see `content::review` for how a due date is found): a warning
//! each at the field that set the date, and the list `waymark check --stale` prints, oldest
//! first, with the pages' authors so a team can share the work.

use jiff::civil::Date;
use serde::Serialize;

use crate::content::review::{self, Due};
use crate::content::{Page, front_matter};
use crate::error::{Code, Diagnostic};
use crate::site::Site;

/// A page past its review date.
#[derive(Debug, Clone, Serialize)]
pub struct StalePage {
    pub file: String,
    pub title: String,
    pub url: String,
    pub due: String,
    pub days_overdue: i32,
    pub reviewed: Option<String>,
    pub rule: String,
    pub authors: Vec<String>,
}

/// Every page whose review date is before `today`, the longest overdue first.
pub fn stale(site: &Site, today: Date) -> Vec<(&Page, Due)> {
    let lib = &site.library;
    let mut out: Vec<(&Page, Due)> = lib
        .pages
        .iter()
        .filter_map(|p| {
            let dir = &lib.sections[p.section].dir;
            let due = review::due(&p.front, dir, &site.config.review)?;
            (due.date < today).then_some((p, due))
        })
        .collect();
    out.sort_by(|(a, x), (b, y)| x.date.cmp(&y.date).then_with(|| a.source.cmp(&b.source)));
    out
}

/// The list for `--stale`.
pub fn stale_pages(site: &Site, today: Date) -> Vec<StalePage> {
    stale(site, today)
        .into_iter()
        .map(|(p, due)| StalePage {
            file: p.source.display().to_string(),
            title: p.title.clone(),
            url: format!("{}{}", site.config.base_path(), p.path),
            due: due.date.to_string(),
            days_overdue: days_between(due.date, today),
            reviewed: due.reviewed.map(|d| d.to_string()),
            rule: due.rule,
            authors: p.front.authors.0.clone(),
        })
        .collect()
}

/// A warning for each overdue page, at the line of `reviewed` or `review_by`.
pub fn findings(site: &Site, today: Date) -> Vec<Diagnostic> {
    stale(site, today)
        .into_iter()
        .map(|(p, due)| {
            let days = days_between(due.date, today);
            let since = match due.reviewed {
                Some(r) => format!("reviewed {r}, {}", due.rule),
                None => due.rule.clone(),
            };
            let d = Diagnostic::warning(
                p.source.clone(),
                format!(
                    "review overdue: due {} ({since}), {days} day{} ago",
                    due.date,
                    if days == 1 { "" } else { "s" }
                ),
            )
            .with_hint(format!(
                "check the page is still right, then set `reviewed: {today}`"
            ))
            .with_code(Code::ReviewOverdue);
            match std::fs::read_to_string(site.root.join(&p.source)) {
                Ok(text) => match front_matter::field_position(&text, due.field) {
                    Some(o) => d.at_offset(&text, o),
                    None => d,
                },
                Err(_) => d,
            }
        })
        .collect()
}

fn days_between(from: Date, to: Date) -> i32 {
    // A date span's largest unit is days.
    from.until(to).map_or(0, |s| s.get_days())
}
