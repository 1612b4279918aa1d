//! The bytes exchanged with `worker.js`: the index description (from `entry.json`, which the
//! worker parses), requests in, answers out. A small binary layout instead of JSON because
//! JSON (serde_json and the float formatting and parsing it links) was 47 KB of a 390 KB
//! module; the worker turns answers back into the same objects the page always got.
//!
//! Little-endian; a string is a u32 byte length and UTF-8; a list a u32 count and its items.

use std::collections::BTreeMap;

use search_core::{Entry, FileEntry, Filters, Request, Response, Segments};

/// Reads the worker's bytes; every read is checked, so bad input is an error (a fixed message),
/// not a panic.
pub struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader(bytes)
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        if n > self.0.len() {
            return Err("a message from the worker is cut short");
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, &'static str> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, &'static str> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn string(&mut self) -> Result<String, &'static str> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "a string is not UTF-8")
    }
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, &'static str>,
    ) -> Result<Vec<T>, &'static str> {
        let n = self.u32()? as usize;
        // Each item takes at least one byte: a count larger than what is left is a lie.
        if n > self.0.len() {
            return Err("a list is longer than its message");
        }
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }
}

/// `u32 schema, u32 docs, [str name, u32 len], [str path, str title], [[str]]` (files, section
/// titles, synonym groups).
pub fn entry(bytes: &[u8]) -> Result<Entry, &'static str> {
    let mut r = Reader::new(bytes);
    let schema = r.u32()?;
    let docs = u64::from(r.u32()?);
    let files = r.list(|r| {
        Ok(FileEntry {
            name: r.string()?,
            url: String::new(),
            len: u64::from(r.u32()?),
        })
    })?;
    // Inserted one by one: collecting into the map would compile a whole sort for it.
    let mut sections = BTreeMap::new();
    for (path, title) in r.list(|r| Ok((r.string()?, r.string()?)))? {
        sections.insert(path, title);
    }
    let synonyms = r.list(|r| r.list(Reader::string))?;
    Ok(Entry {
        schema,
        docs,
        files,
        sections,
        synonyms,
        ..Entry::default()
    })
}

/// `str q, u32 limit, u8 facets, u8 snippets, [str] ×4` (type, section, category, tag filters).
pub fn request(bytes: &[u8]) -> Result<Request, &'static str> {
    let mut r = Reader::new(bytes);
    let q = r.string()?;
    let limit = r.u32()? as usize;
    let facets = r.u8()? != 0;
    let snippets = r.u8()? != 0;
    let filters = Filters {
        kind: r.list(Reader::string)?,
        section: r.list(Reader::string)?,
        category: r.list(Reader::string)?,
        tag: r.list(Reader::string)?,
    };
    Ok(Request {
        q,
        limit,
        filters,
        facets,
        snippets,
    })
}

#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: usize) {
        self.0.extend_from_slice(&(v as u32).to_le_bytes());
    }
    fn string(&mut self, s: &str) {
        self.u32(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn segments(&mut self, segments: &Segments) {
        self.u32(segments.len());
        for (text, marked) in segments {
            self.string(text);
            self.u8(u8::from(*marked));
        }
    }
    fn counts(&mut self, counts: &[(String, u32)]) {
        self.u32(counts.len());
        for (value, n) in counts {
            self.string(value);
            self.u32(*n as usize);
        }
    }
}

/// `u32 total, u8 fuzzy, u8 some_words, hits, u8 has_facets, facets`; a hit is `str url,
/// segments title, segments snippet, str summary, str type, str section, f32 score`.
pub fn response(response: &Response) -> Vec<u8> {
    let mut w = Writer::default();
    w.u32(response.total);
    w.u8(u8::from(response.fuzzy));
    w.u8(u8::from(response.some_words));
    w.u32(response.hits.len());
    for hit in &response.hits {
        w.string(&hit.url);
        w.segments(&hit.title);
        w.segments(&hit.snippet);
        w.string(&hit.summary);
        w.string(&hit.kind);
        w.string(&hit.section);
        w.0.extend_from_slice(&hit.score.to_le_bytes());
        w.u32(hit.sub.len());
        for sub in &hit.sub {
            w.string(&sub.url);
            w.segments(&sub.title);
            w.segments(&sub.snippet);
        }
    }
    match &response.facets {
        None => w.u8(0),
        Some(f) => {
            w.u8(1);
            w.counts(&f.kind);
            w.u32(f.section.len());
            for (path, label, n) in &f.section {
                w.string(path);
                w.string(label);
                w.u32(*n as usize);
            }
            w.counts(&f.category);
            w.counts(&f.tag);
        }
    }
    match &response.suggestion {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.string(s);
        }
    }
    w.u32(response.near_sections.len());
    for (path, title) in &response.near_sections {
        w.string(path);
        w.string(title);
    }
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_decode_and_bad_bytes_are_errors() {
        let mut w = Writer::default();
        w.string("reset passw");
        w.u32(10);
        w.u8(1);
        w.u8(0);
        for list in [vec!["article"], vec![], vec![], vec!["billing", "sso"]] {
            w.u32(list.len());
            for s in list {
                w.string(s);
            }
        }
        let r = request(&w.0).unwrap();
        assert_eq!(
            (r.q.as_str(), r.limit, r.facets, r.snippets),
            ("reset passw", 10, true, false)
        );
        assert_eq!(r.filters.kind, ["article"]);
        assert_eq!(r.filters.tag, ["billing", "sso"]);
        for cut in 0..w.0.len() {
            assert!(request(&w.0[..cut]).is_err(), "cut at {cut}");
        }
        assert!(request(&[255, 255, 255, 255]).is_err());
    }
}
