//! `waymark check --external`: the links that leave the site, fetched concurrently with at
//! most `per_host` requests in flight to one host, a timeout, retries when a host says it is
//! busy (429, 503), and a cache file so a rerun asks only about what it has not seen lately.
//! A redirect is a warning (the link still works, but should name the new address); a page
//! that is gone is an error.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{ExternalLink, Finding};
use crate::config::CheckConfig;
use crate::error::{Code, Diagnostic};

/// Where the answers are kept between runs: `.waymark/external-links.json` in the site folder.
const CACHE_DIR: &str = ".waymark";
const CACHE_NAME: &str = "external-links.json";

/// Requests in flight at once, over all hosts.
const WORKERS: usize = 16;
/// Redirects followed before giving up.
const MAX_HOPS: usize = 5;
/// Tries of a URL whose host answers 429 or 503.
const TRIES: usize = 3;
/// The longest `Retry-After` honoured; a host asking for more is reported as busy.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// What a URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    /// Works, through redirects, at `to`.
    Redirect {
        to: String,
    },
    /// Gone or failing (the final status).
    Broken {
        status: u16,
        to: Option<String>,
    },
    /// The server would not answer a checker (401, 403, 429 after retries).
    Refused {
        status: u16,
    },
    /// No answer: DNS, connection, TLS, timeout.
    Unreachable {
        reason: String,
    },
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// URL → (seconds since the epoch when it was checked, what it answered).
    urls: BTreeMap<String, (u64, Outcome)>,
}

/// Fetches every http(s) link once and reports those that do not simply work.
pub fn check(root: &Path, links: &[ExternalLink], config: &CheckConfig) -> Vec<Finding> {
    let cache_path = root.join(CACHE_DIR).join(CACHE_NAME);
    let mut cache: Cache = std::fs::read(&cache_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let now = now();
    let max_age = config.cache_hours * 3600;
    let urls: HashSet<String> = links.iter().filter_map(|l| fetchable(&l.url)).collect();
    let stale: Vec<String> = urls
        .iter()
        .filter(|u| {
            cache
                .urls
                .get(*u)
                .is_none_or(|(at, o)| now.saturating_sub(*at) >= max_age || !cacheable(o))
        })
        .cloned()
        .collect();
    for (url, outcome) in fetch_all(stale, config) {
        cache.urls.insert(url, (now, outcome));
    }
    save(root, &cache);
    let mut texts: HashMap<std::path::PathBuf, String> = HashMap::new();
    links
        .iter()
        .filter_map(|l| {
            let url = fetchable(&l.url)?;
            let (_, outcome) = cache.urls.get(&url)?;
            // Each file is read once, for the lines its findings quote.
            let text = texts.entry(l.source.clone()).or_insert_with(|| {
                std::fs::read_to_string(root.join(&l.source)).unwrap_or_default()
            });
            finding(text, l, outcome)
        })
        .collect()
}

/// The URL to fetch for a link: http(s) only, without its `#fragment`.
fn fetchable(url: &str) -> Option<String> {
    let lower = url.get(..8)?.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    Some(url.split('#').next().unwrap_or(url).to_string())
}

/// Only a link that works is taken on trust for `cache_hours`: one that failed is asked
/// again on every run, so a fix (or the checker's own network coming back) shows at once.
fn cacheable(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Ok | Outcome::Redirect { .. })
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn save(root: &Path, cache: &Cache) {
    // A cache that cannot be written only makes the next run slower.
    let dir = root.join(CACHE_DIR);
    if let (Ok(()), Ok(json)) = (
        std::fs::create_dir_all(&dir),
        serde_json::to_vec_pretty(cache),
    ) {
        let _ = crate::output::write_atomic(&dir, CACHE_NAME, &json);
    }
}

fn finding(text: &str, link: &ExternalLink, outcome: &Outcome) -> Option<Finding> {
    let (code, warning, message) = match outcome {
        Outcome::Ok => return None,
        Outcome::Redirect { to } => (
            Code::ExternalRedirect,
            true,
            format!("`{}` redirects to {to}", link.target),
        ),
        Outcome::Broken { status, to: None } => (
            Code::ExternalBroken,
            false,
            format!("`{}` answers {status}{}", link.target, fetched(link)),
        ),
        Outcome::Broken {
            status,
            to: Some(to),
        } => (
            Code::ExternalBroken,
            false,
            format!(
                "`{}` redirects to {to}, which answers {status}",
                link.target
            ),
        ),
        Outcome::Refused { status } => (
            Code::ExternalUnreachable,
            true,
            format!(
                "`{}` answers {status} to the link checker; check it in a browser",
                link.target
            ),
        ),
        Outcome::Unreachable { reason } => (
            Code::ExternalUnreachable,
            false,
            format!(
                "`{}` cannot be reached{}: {reason}",
                link.target,
                fetched(link)
            ),
        ),
    };
    let d = if warning {
        Diagnostic::warning(link.source.clone(), message)
    } else {
        Diagnostic::error(link.source.clone(), message)
    };
    let d = d.at(text, link.line, link.col).with_code(code);
    let d = match outcome {
        Outcome::Redirect { to } => d.with_hint(format!("link to {to} instead")),
        _ => d,
    };
    Some(Finding {
        diagnostic: d,
        link: Some(link.target.clone()),
        count: 1,
    })
}

/// ` (fetched as URL)` for a link under `external_prefixes`, whose address is not as written.
fn fetched(link: &ExternalLink) -> String {
    if link.url == link.target {
        String::new()
    } else {
        format!(" (fetched as {})", link.url)
    }
}

/// Work waiting per host and requests in flight per host, shared by the workers.
#[derive(Default)]
struct Queue {
    waiting: HashMap<String, VecDeque<String>>,
    in_flight: HashMap<String, usize>,
    left: usize,
}

impl Queue {
    /// A URL whose host has a free slot, taking the slot.
    fn take(&mut self, per_host: usize) -> Option<String> {
        let (host, urls) = self.waiting.iter_mut().find(|(h, urls)| {
            !urls.is_empty() && self.in_flight.get(*h).copied().unwrap_or(0) < per_host
        })?;
        let url = urls.pop_front()?;
        *self.in_flight.entry(host.clone()).or_default() += 1;
        Some(url)
    }

    fn done(&mut self, url: &str) {
        if let Some(n) = self.in_flight.get_mut(&host_of(url)) {
            *n -= 1;
        }
        self.left -= 1;
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Fetches every URL, at most `per_host` at a time per host and `WORKERS` in all.
fn fetch_all(urls: Vec<String>, config: &CheckConfig) -> Vec<(String, Outcome)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let mut queue = Queue {
        left: urls.len(),
        ..Queue::default()
    };
    for url in urls {
        queue
            .waiting
            .entry(host_of(&url))
            .or_default()
            .push_back(url);
    }
    let workers = WORKERS.min(queue.left);
    let shared = (Mutex::new(queue), Condvar::new());
    let results = Mutex::new(Vec::new());
    let agent = agent(config);
    let per_host = config.per_host.max(1);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| worker(&shared, &results, &agent, per_host));
        }
    });
    results.into_inner().unwrap_or_default()
}

fn worker(
    (queue, wake): &(Mutex<Queue>, Condvar),
    results: &Mutex<Vec<(String, Outcome)>>,
    agent: &ureq::Agent,
    per_host: usize,
) {
    loop {
        let url = {
            let Ok(mut q) = queue.lock() else { return };
            loop {
                if let Some(url) = q.take(per_host) {
                    break url;
                }
                if q.waiting.values().all(VecDeque::is_empty) {
                    return;
                }
                // Everything left belongs to hosts already at their limit.
                let Ok(next) = wake.wait(q) else { return };
                q = next;
            }
        };
        let outcome = fetch(agent, &url);
        if let Ok(mut r) = results.lock() {
            r.push((url.clone(), outcome));
        }
        if let Ok(mut q) = queue.lock() {
            q.done(&url);
        }
        wake.notify_all();
    }
}

fn agent(config: &CheckConfig) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(config.timeout.max(1))))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("waymark-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// One URL, following redirects by hand so they can be reported.
fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let mut current = url.to_string();
    for _ in 0..=MAX_HOPS {
        let (status, location) = match ask(agent, &current) {
            Ok(answer) => answer,
            Err(reason) => return Outcome::Unreachable { reason },
        };
        let moved = (current != url).then(|| current.clone());
        match (status, location) {
            (200..=299, _) => {
                return match moved {
                    Some(to) => Outcome::Redirect { to },
                    None => Outcome::Ok,
                };
            }
            (300..=399, Some(location)) => current = join(&current, &location),
            (401 | 403 | 429, _) => return Outcome::Refused { status },
            (status, _) => return Outcome::Broken { status, to: moved },
        }
    }
    Outcome::Unreachable {
        reason: format!("more than {MAX_HOPS} redirects"),
    }
}

/// The status and `Location` of one URL: HEAD, or GET where HEAD is not allowed, tried again
/// when the host says it is busy.
fn ask(agent: &ureq::Agent, url: &str) -> Result<(u16, Option<String>), String> {
    let mut tries = 0;
    loop {
        tries += 1;
        let mut response = agent.head(url).call().map_err(|e| e.to_string())?;
        if matches!(response.status().as_u16(), 405 | 501) {
            response = agent.get(url).call().map_err(|e| e.to_string())?;
        }
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if matches!(status, 429 | 503) && tries < TRIES {
            let wait = header("retry-after")
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(tries as u64), Duration::from_secs);
            if wait <= MAX_RETRY_AFTER {
                std::thread::sleep(wait);
                continue;
            }
        }
        return Ok((status, header("location")));
    }
}

/// A `Location` against the URL that sent it.
fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = rest[host_end..].split(['?', '#']).next().unwrap_or("");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_join_like_a_browser() {
        assert_eq!(join("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(join("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(join("https://a.org", "z"), "https://a.org/z");
        assert_eq!(join("http://a.org/x", "//b.org/q"), "http://b.org/q");
        assert_eq!(join("http://a.org/x", "https://c.org/"), "https://c.org/");
    }

    #[test]
    fn only_http_urls_are_fetched_without_fragments() {
        assert_eq!(
            fetchable("https://a.org/x#y").as_deref(),
            Some("https://a.org/x")
        );
        assert_eq!(fetchable("HTTP://a.org").as_deref(), Some("HTTP://a.org"));
        assert_eq!(fetchable("mailto:x@a.org"), None);
        assert_eq!(host_of("https://A.org:8080/x"), "a.org:8080");
    }
}
