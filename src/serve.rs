//! `waymark serve`: build, then serve the output folder on loopback.
//!
//! A small static server on the standard library: it serves only files inside the output
//! folder (no `..`, no symlinks out), with correct content types and `Range` support.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::build::BuildOptions;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

pub fn run(opts: &ServeOptions) -> ExitCode {
    // One folder per site, reused across runs (and recycled by the build), so repeated
    // `serve` sessions do not pile up copies of the site.
    let output = std::env::temp_dir().join(format!("waymark-serve-{:016x}", site_key(&opts.root)));
    // The folder is waymark's own (named after the site); one left by an older version without
    // the output marker is simply started afresh.
    if output.is_dir() && !output.join(crate::output::MARKER).exists() {
        let _ = std::fs::remove_dir_all(&output);
    }
    let base_url = format!("http://{}:{}/", opts.interface, opts.port);
    let build = BuildOptions {
        root: opts.root.clone(),
        output: Some(output.clone()),
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        serve: true,
    };
    let code = crate::cli::run_build(&build);
    if code != ExitCode::SUCCESS {
        return code;
    }
    let listener = match TcpListener::bind((opts.interface.as_str(), opts.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e}",
                opts.interface, opts.port
            );
            if e.kind() == std::io::ErrorKind::AddrInUse {
                eprintln!("  = hint: another program uses that port; pass --port N");
            }
            return ExitCode::FAILURE;
        }
    };
    println!(
        "serving {} at {base_url} (Ctrl-C to stop)",
        opts.root.display()
    );
    if opts.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&base_url)
            .spawn();
    }
    let root = std::fs::canonicalize(&output).unwrap_or(output);
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = handle(stream, &root);
        });
    }
    ExitCode::SUCCESS
}

fn site_key(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .hash(&mut h);
    h.finish()
}

/// Resolves a request path to a file inside `root`, or `None`.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
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
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
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

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    let mut range = None;
    loop {
        let mut line = String::new();
        if reader.by_ref().take(8192).read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("range")
        {
            range = Some(v.trim().to_string());
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            method == "HEAD",
            &[],
        );
    }
    match resolve(root, target) {
        Some(file) => {
            let body = std::fs::read(&file)?;
            let ctype = content_type(&file);
            if let Some((start, end)) = range.as_deref().and_then(|r| parse_range(r, body.len())) {
                let header = format!("Content-Range: bytes {start}-{end}/{}", body.len());
                respond(
                    &mut stream,
                    "206 Partial Content",
                    ctype,
                    &body[start..=end],
                    method == "HEAD",
                    &[&header],
                )
            } else {
                respond(&mut stream, "200 OK", ctype, &body, method == "HEAD", &[])
            }
        }
        None => {
            let body =
                std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                method == "HEAD",
                &[],
            )
        }
    }
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
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        assert_eq!(resolve(&root, "/a/"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/a/?q=1"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&root, "/nope"), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=0-1,4-5", 100), None);
    }
}
