//! `[check]` in `waymark.toml`: what `waymark check` leaves alone and how loud each kind of
//! finding is. A site in the middle of a migration links to pages that still live on the old
//! site; without these settings every such link is an error and the check can never pass.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Code, Severity};

/// `[check]` in `waymark.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Links that start with one of these, as written (`/images/`, `https://intranet.example/`),
    /// are not checked at all.
    pub ignore_prefixes: Vec<String>,
    /// Site-absolute links that start with one of these (`/handbook/`) are served by another
    /// site on the same host: not looked for in this build; `--external` fetches them from
    /// `external_origin`.
    pub external_prefixes: Vec<String>,
    /// Where `--external` fetches `external_prefixes` links from (default: `base_url`'s
    /// scheme and host).
    pub external_origin: Option<String>,
    /// How loud each kind of finding is: `"error"`, `"warning"` or `"off"`, by its code
    /// (`missing-target = "warning"`).
    pub levels: BTreeMap<String, Level>,
    /// `--external`: seconds before a request gives up.
    pub timeout: u64,
    /// `--external`: requests in flight to one host at a time.
    pub per_host: usize,
    /// `--external`: how long a checked URL's answer is reused from the cache file, in hours.
    pub cache_hours: u64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            ignore_prefixes: Vec::new(),
            external_prefixes: Vec::new(),
            external_origin: None,
            levels: BTreeMap::new(),
            timeout: 10,
            per_host: 2,
            cache_hours: 24,
        }
    }
}

/// A level set for one kind of finding.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl CheckConfig {
    /// The severity a finding of kind `code` gets: `None` when it is turned off.
    pub fn severity(&self, code: Option<Code>, default: Severity) -> Option<Severity> {
        let Some(level) = code.and_then(|c| self.levels.get(c.as_str())) else {
            return Some(default);
        };
        match level {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }

    /// Whether check leaves a link (as written) alone.
    pub fn ignores(&self, target: &str) -> bool {
        self.ignore_prefixes.iter().any(|p| target.starts_with(p))
    }

    /// Whether a site-absolute link (as written) lives on the other site.
    pub fn is_external(&self, target: &str) -> bool {
        self.external_prefixes.iter().any(|p| target.starts_with(p))
    }

    /// The first key of `levels` that names no adjustable kind of finding.
    pub fn unknown_level(&self) -> Option<&str> {
        self.levels
            .keys()
            .map(String::as_str)
            .find(|k| !Code::ADJUSTABLE.iter().any(|c| c.as_str() == *k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_change_or_silence_a_kind() {
        let mut c = CheckConfig::default();
        c.levels.insert("missing-target".into(), Level::Warning);
        c.levels.insert("shortcode".into(), Level::Off);
        let s = |code| c.severity(Some(code), Severity::Error);
        assert_eq!(s(Code::MissingTarget), Some(Severity::Warning));
        assert_eq!(s(Code::Shortcode), None);
        assert_eq!(s(Code::BrokenAnchor), Some(Severity::Error));
        assert_eq!(c.severity(None, Severity::Warning), Some(Severity::Warning));
        assert_eq!(c.unknown_level(), None);
        c.levels.insert("missing_targets".into(), Level::Off);
        assert_eq!(c.unknown_level(), Some("missing_targets"));
    }
}
