//! The preview server: serves only files inside the output folder (no `..`, no symlinks out),
//! with correct content types and `Range` support; streams build events to browsers over
//! Server-Sent Events; injects the live-reload script into HTML responses.
//!
//! One thread per connection (capped), on the standard library: a preview server for one
//! author does not need more, and it keeps the event stream simple.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// URL prefix of the server's own endpoints (never a site path: sites cannot have `__` dirs
/// from slugs).
pub const PREFIX: &str = "/__waymark/";
/// More simultaneous connections than this get `503`.
const MAX_CONNECTIONS: usize = 512;

const LIVE_JS: &str = include_str!("live.js");

/// Build events for connected browsers.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<TcpStream>>,
    /// The current build error, shown to browsers that connect while it stands.
    error: Mutex<Option<String>>,
}

impl Hub {
    /// Sends one event to every browser; drops the ones that went away. Returns how many got it.
    pub fn send(&self, event: &str, data: &str) -> usize {
        let mut message = format!("event: {event}\n");
        for line in data.lines() {
            message.push_str("data: ");
            message.push_str(line);
            message.push('\n');
        }
        if data.is_empty() {
            message.push_str("data: \n");
        }
        message.push('\n');
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|c| {
            c.write_all(message.as_bytes())
                .and_then(|()| c.flush())
                .is_ok()
        });
        clients.len()
    }

    pub fn reload(&self) -> usize {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.send("reload", "")
    }

    pub fn css(&self, paths: &[String]) -> usize {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.send("css", &serde_json::to_string(paths).unwrap_or_default())
    }

    pub fn build_error(&self, text: &str) -> usize {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(text.to_string());
        self.send(
            "build-error",
            &serde_json::to_string(text).unwrap_or_default(),
        )
    }

    fn subscribe(&self, mut stream: TcpStream) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        if let Some(err) = self
            .error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            let data = serde_json::to_string(err).unwrap_or_default();
            let _ = stream.write_all(format!("event: build-error\ndata: {data}\n\n").as_bytes());
        }
        let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(stream);
    }
}

/// Accepts connections forever, serving `root`.
pub fn serve(listener: TcpListener, root: PathBuf, hub: Arc<Hub>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming().flatten() {
        if active.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            let mut s = stream;
            let _ = respond(
                &mut s,
                "503 Service Unavailable",
                "text/plain",
                b"busy",
                false,
                &[],
            );
            continue;
        }
        active.fetch_add(1, Ordering::Relaxed);
        let (root, hub, active) = (root.clone(), hub.clone(), active.clone());
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = handle(stream, &root, &hub);
            active.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

/// Resolves a request path to a file inside `root`, or `None`.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut out = root.to_path_buf();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') => return None,
            s => out.push(s),
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    let real = std::fs::canonicalize(&out).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A POST (an `[analytics] endpoint` on this server, e.g. `/api/events`): printed in the
/// terminal and answered 204, so feedback and search events can be watched while writing.
fn print_event(
    stream: &mut TcpStream,
    reader: &mut impl Read,
    target: &str,
    length: usize,
) -> std::io::Result<()> {
    const MAX_EVENT: usize = 16 * 1024;
    let mut body = vec![0; length.min(MAX_EVENT)];
    reader.read_exact(&mut body)?;
    let text: String = String::from_utf8_lossy(&body)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(500)
        .collect();
    println!(
        "event {}: {text}",
        target.chars().take(200).collect::<String>()
    );
    respond(stream, "204 No Content", "text/plain", b"", false, &[])
}

fn handle(mut stream: TcpStream, root: &Path, hub: &Hub) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    let mut range = None;
    let mut gzip_ok = false;
    let mut length = 0;
    for _ in 0..100 {
        let mut line = String::new();
        if reader.by_ref().take(8192).read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("range") {
                range = Some(v.trim().to_string());
            } else if k.eq_ignore_ascii_case("accept-encoding") {
                gzip_ok = accepts_gzip(v);
            } else if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let head = method == "HEAD";
    if method == "POST" {
        return print_event(&mut stream, &mut reader, target, length);
    }
    if method != "GET" && !head {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            head,
            &[],
        );
    }
    if !target.starts_with('/') {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            b"bad request",
            head,
            &[],
        );
    }
    match target.strip_prefix(PREFIX) {
        Some("events") => {
            hub.subscribe(stream);
            return Ok(());
        }
        Some("live.js") => {
            return respond(
                &mut stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                head,
                &[],
            );
        }
        _ => {}
    }
    match resolve(root, target) {
        Some(file) => {
            let mut body = std::fs::read(&file)?;
            let ctype = content_type(&file);
            if ctype.starts_with("text/html") {
                body = inject(&body);
            }
            if let Some((start, end)) = range.as_deref().and_then(|r| parse_range(r, body.len())) {
                let header = format!("Content-Range: bytes {start}-{end}/{}", body.len());
                respond(
                    &mut stream,
                    "206 Partial Content",
                    ctype,
                    &body[start..=end],
                    head,
                    &[&header],
                )
            } else if gzip_ok && compressible(ctype) {
                // As static hosts do: whole replies of text and wasm compressed, ranges not.
                let body = gzip(&body)?;
                respond(
                    &mut stream,
                    "200 OK",
                    ctype,
                    &body,
                    head,
                    &["Content-Encoding: gzip", "Vary: Accept-Encoding"],
                )
            } else {
                respond(&mut stream, "200 OK", ctype, &body, head, &[])
            }
        }
        None => {
            let body = std::fs::read(root.join("404.html"))
                .map(|b| inject(&b))
                .unwrap_or_else(|_| b"not found".to_vec());
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                head,
                &[],
            )
        }
    }
}

/// Whether an `Accept-Encoding` value allows gzip (and does not refuse it with `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|part| {
        let mut bits = part.split(';').map(str::trim);
        let name = bits.next().unwrap_or("");
        let refused = bits.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// Content types worth compressing: text of every kind, scripts, JSON, SVG, wasm.
fn compressible(ctype: &str) -> bool {
    ctype.starts_with("text/")
        || ctype.starts_with("application/javascript")
        || ctype.starts_with("application/json")
        || ctype.starts_with("application/wasm")
        || ctype.starts_with("application/xml")
        || ctype.starts_with("application/atom+xml")
        || ctype.starts_with("image/svg+xml")
}

fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(6),
    );
    encoder.write_all(body)?;
    encoder.finish()
}

/// Parses a single `bytes=a-b` range into inclusive bounds.
pub fn parse_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = if a.is_empty() {
        let n: usize = b.parse().ok()?;
        (len.saturating_sub(n), len - 1)
    } else {
        let start: usize = a.parse().ok()?;
        let end = if b.is_empty() {
            len - 1
        } else {
            b.parse::<usize>().ok()?.min(len - 1)
        };
        (start, end)
    };
    (start <= end && start < len).then_some((start, end))
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    ctype: &str,
    body: &[u8],
    head: bool,
    extra: &[&str],
) -> std::io::Result<()> {
    let mut header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nAccept-Ranges: bytes\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for h in extra {
        header.push_str(h);
        header.push_str("\r\n");
    }
    header.push_str("\r\n");
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_root_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt")).unwrap();
        assert_eq!(resolve(&root, "/a/"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/a/?q=1"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/../secret.txt"), None);
        assert_eq!(resolve(&root, "/a/%2e%2e/%2e%2e/secret.txt"), None);
        assert_eq!(
            resolve(&root, "/link.txt"),
            None,
            "symlinks out of the root are refused"
        );
        assert_eq!(resolve(&root, "/nope"), None);
    }

    #[test]
    fn gzip_is_offered_where_accepted_and_worth_it() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0, br"));
        assert!(!accepts_gzip("identity"));
        assert!(compressible("text/html; charset=utf-8"));
        assert!(compressible("application/wasm"));
        assert!(!compressible("image/png"));
        let text = b"<p>the same words again and again</p>".repeat(40);
        let packed = gzip(&text).unwrap();
        assert!(packed.len() < text.len() / 5);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=0-1,4-5", 100), None);
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            String::from_utf8(inject(b"<html><body>x</body></html>")).unwrap(),
            "<html><body>x<script src=\"/__waymark/live.js\" defer></script></body></html>"
        );
    }
}
