//! `[analytics]`, `[feedback]` and `[support]`: what a hosted help center sells beyond pages,
//! done without a server of our own. Events go to the analytics the team already runs; the
//! theme's `insights.js` is the only code that talks to it, and nothing is sent or loaded
//! unless `[analytics]` names a provider.

use serde::{Deserialize, Serialize};

/// Where feedback and search events go.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// `plausible('event', {props})`; loads Plausible's script.
    Plausible,
    /// `umami.track('event', data)`; loads Umami's script.
    Umami,
    /// `gtag('event', name, params)`; loads Google's gtag.js.
    Ga4,
    /// A JSON POST (`navigator.sendBeacon`) to `endpoint`; loads nothing.
    Endpoint,
}

/// `[analytics]` in `waymark.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AnalyticsConfig {
    pub provider: Option<Provider>,
    /// Plausible's site name (`data-domain`); the host of `base_url` when not given.
    pub domain: Option<String>,
    /// Umami's website ID (`data-website-id`).
    pub website_id: Option<String>,
    /// GA4's measurement ID (`G-…`).
    pub measurement_id: Option<String>,
    /// Where the `endpoint` provider posts events.
    pub endpoint: Option<String>,
    /// The provider's script URL, for self-hosted Plausible or Umami.
    pub script: Option<String>,
    /// Send search insights (searches, searches without results, clicked positions).
    pub search_events: Option<bool>,
}

impl AnalyticsConfig {
    /// The script a provider loads, unless `script` overrides it.
    pub fn script_url(&self) -> Option<String> {
        if let Some(s) = &self.script {
            return Some(s.clone());
        }
        match self.provider? {
            Provider::Plausible => Some("https://plausible.io/js/script.js".into()),
            Provider::Umami => Some("https://cloud.umami.is/script.js".into()),
            Provider::Ga4 => Some(format!(
                "https://www.googletagmanager.com/gtag/js?id={}",
                self.measurement_id.as_deref().unwrap_or_default()
            )),
            Provider::Endpoint => None,
        }
    }

    /// The key a provider cannot do without, and whether it is missing.
    pub fn missing_key(&self) -> Option<&'static str> {
        match self.provider? {
            Provider::Plausible => None,
            Provider::Umami => self.website_id.is_none().then_some("website_id"),
            Provider::Ga4 => self.measurement_id.is_none().then_some("measurement_id"),
            Provider::Endpoint => self.endpoint.is_none().then_some("endpoint"),
        }
    }
}

/// `[feedback]`: "Was this helpful?" under pages.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackConfig {
    /// Show the question (when there is somewhere to send the answer).
    pub enabled: bool,
    /// The page types that ask.
    pub types: Vec<String>,
    /// The question.
    pub question: String,
    /// The reasons offered after "No".
    pub reasons: Vec<String>,
    /// Where the yes / no links go without JavaScript (a form, or a `mailto:`); the page's
    /// URL, title and answer are added as query parameters. Defaults to a `mailto:` of
    /// `[support] email`; with neither, the question is shown only with JavaScript.
    pub url: Option<String>,
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            enabled: true,
            types: ["article", "playbook", "page"].map(String::from).to_vec(),
            question: "Was this page helpful?".into(),
            reasons: [
                "It didn't answer my question",
                "The steps didn't work",
                "It was hard to follow",
                "It's out of date",
            ]
            .map(String::from)
            .to_vec(),
            url: None,
        }
    }
}

/// `[support]`: the "Still need help?" block under articles and on the no-results page.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SupportConfig {
    /// A contact page or form.
    pub url: Option<String>,
    /// A support address (used when `url` is not given).
    pub email: Option<String>,
    pub title: String,
    pub text: String,
    /// The link's text.
    pub label: String,
}

impl Default for SupportConfig {
    fn default() -> Self {
        SupportConfig {
            url: None,
            email: None,
            title: "Still need help?".into(),
            text: "Our support team answers every message.".into(),
            label: "Contact support".into(),
        }
    }
}

impl SupportConfig {
    /// The contact link: `url`, else `mailto:email`.
    pub fn href(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| self.email.as_ref().map(|e| format!("mailto:{e}")))
    }
}
