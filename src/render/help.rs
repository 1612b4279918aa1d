//! What templates get for the help-center blocks: the analytics settings `insights.js` reads,
//! the "Still need help?" block and, per page, "Was this page helpful?" with its no-JS links.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::{Config, Provider};
use crate::content::Page;

/// `insights` for templates: what `insights.js` needs, or `false` when no provider is set.
pub fn insights(config: &Config) -> Value {
    let a = &config.analytics;
    let Some(provider) = a.provider else {
        return Value::Bool(false);
    };
    let domain = a.domain.clone().unwrap_or_else(|| host(&config.base_url));
    json!({
        "provider": provider,
        "domain": (provider == Provider::Plausible).then_some(domain),
        "website_id": a.website_id,
        "measurement_id": a.measurement_id,
        "endpoint": a.endpoint,
        "script": a.script_url(),
        "search_events": a.search_events.unwrap_or(true),
    })
}

/// `support` for templates: the contact block, or `false` without a `url` or `email`.
pub fn support(config: &Config) -> Value {
    let s = &config.support;
    match s.href() {
        Some(href) => json!({ "title": s.title, "text": s.text, "label": s.label, "href": href }),
        None => Value::Bool(false),
    }
}

/// "Was this page helpful?" on one page.
#[derive(Serialize)]
pub struct FeedbackView<'a> {
    pub question: &'a str,
    pub reasons: &'a [String],
    /// Where "Yes" and "No" go without JavaScript; `None` when the question needs it.
    pub yes_url: Option<String>,
    pub no_url: Option<String>,
}

/// The page's feedback question, if it asks one: its type is in `[feedback] types` (or it
/// says `feedback: true`), it does not say `feedback: false`, and the answer has somewhere
/// to go (a provider, or a no-JS link).
pub fn feedback<'a>(config: &'a Config, page: &Page, permalink: &str) -> Option<FeedbackView<'a>> {
    let f = &config.feedback;
    let wanted = page
        .front
        .feedback
        .unwrap_or_else(|| f.types.iter().any(|t| t == page.page_type.as_str()));
    if !f.enabled || !wanted {
        return None;
    }
    let target = f.url.clone().or_else(|| {
        let email = config.support.email.as_ref()?;
        Some(format!("mailto:{email}"))
    });
    if target.is_none() && config.analytics.provider.is_none() {
        return None;
    }
    let link = |answer: &str| {
        target
            .as_deref()
            .map(|t| answer_url(t, &f.question, &page.title, permalink, answer))
    };
    Some(FeedbackView {
        question: &f.question,
        reasons: &f.reasons,
        yes_url: link("yes"),
        no_url: link("no"),
    })
}

/// `target` with the answer added: a mail's subject and body, or query parameters.
fn answer_url(target: &str, question: &str, title: &str, permalink: &str, answer: &str) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let sep = if target.contains('?') { '&' } else { '?' };
    if target.starts_with("mailto:") {
        let subject = format!("Feedback: {title}");
        let body = format!("{question} {answer}\n{permalink}\n");
        format!("{target}{sep}subject={}&body={}", enc(&subject), enc(&body))
    } else {
        format!(
            "{target}{sep}page={}&title={}&helpful={answer}",
            enc(permalink),
            enc(title)
        )
    }
}

/// The host of an absolute URL (`help.example.com`).
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_js_links_carry_the_answer() {
        let q = "Was this page helpful?";
        let u = answer_url(
            "https://f.example/form",
            q,
            "Reset & go",
            "https://h/x/",
            "no",
        );
        assert_eq!(
            u,
            "https://f.example/form?page=https%3A%2F%2Fh%2Fx%2F&title=Reset%20%26%20go&helpful=no"
        );
        let m = answer_url("mailto:help@example.com", q, "A", "https://h/a/", "yes");
        assert!(m.starts_with("mailto:help@example.com?subject=Feedback%3A%20A&body="));
        assert!(m.contains("helpful%3F%20yes"), "{m}");
        assert!(answer_url("/f?x=1", q, "A", "p", "yes").starts_with("/f?x=1&page="));
    }

    #[test]
    fn plausible_domain_defaults_to_the_site_host() {
        let mut c = Config::parse(
            "base_url = \"https://help.example.com:8443/docs/\"\n[analytics]\nprovider = \"plausible\"\n",
            std::path::Path::new("waymark.toml"),
        )
        .unwrap();
        let v = insights(&c);
        assert_eq!(v["domain"], "help.example.com");
        assert_eq!(v["script"], "https://plausible.io/js/script.js");
        c.analytics.provider = None;
        assert_eq!(insights(&c), Value::Bool(false));
    }
}
