//! The index as the browser sees it: `entry.json` lists the files (tantivy's names, the hashed
//! names they are served under, their lengths) and inlines `meta.json`; a `Store` answers byte
//! ranges of those files; the hot bundle holds the ranges every query reads first.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;

use std::sync::Arc;

use common::HasLen;
pub use common::OwnedBytes;
use common::file_slice::FileHandle;
use serde::{Deserialize, Serialize};

/// `search/entry.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// Format version of this file.
    pub v: u32,
    /// `SCHEMA_VERSION` of the index.
    pub schema: u32,
    /// File name of the wasm runtime (next to this file).
    pub wasm: String,
    /// Number of documents.
    pub docs: u64,
    /// tantivy's `meta.json`, inline.
    pub meta: String,
    pub files: Vec<FileEntry>,
    /// The bundle of ranges every query reads first (footers, dictionary indexes, fieldnorms).
    pub hot: FileEntry,
    /// Section path -> title, for filter labels.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    /// Query-time synonym groups from the site's config.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// tantivy's file name.
    pub name: String,
    /// The hashed name it is served under, relative to `entry.json`.
    pub url: String,
    pub len: u64,
}

impl Entry {
    pub fn file_index(&self, name: &str) -> Option<usize> {
        self.files.iter().position(|f| f.name == name)
    }
}

/// Byte ranges of the index files. Not `Debug`: every store's `Debug` would be compiled into
/// the browser runtime for the trait object's table, and nothing prints a store.
pub trait Store: Send + Sync + 'static {
    /// Bytes `range` of file number `file` (its index in `Entry::files`). A store that does not
    /// have them yet fails with `ErrorKind::WouldBlock` and remembers what was wanted.
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes>;
}

/// Index files held whole in memory (read from disk by the CLI, just written by the build).
#[derive(Debug)]
pub struct Memory(pub Vec<OwnedBytes>);

impl Store for Memory {
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        match self.0.get(file) {
            Some(bytes) if range.start <= range.end && range.end <= bytes.len() => {
                Ok(bytes.slice(range))
            }
            _ => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "index file shorter than entry.json says",
            )),
        }
    }
}

/// One index file read through a [`Store`], as tantivy's file handle (for `FileSlice`).
pub struct StoreFile {
    file: usize,
    len: usize,
    store: Arc<dyn Store>,
}

impl fmt::Debug for StoreFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreFile")
    }
}

impl HasLen for StoreFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for StoreFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "range {}..{} outside a file of {} bytes",
                    range.start, range.end, self.len
                ),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        self.store.read(self.file, range)
    }
}

impl StoreFile {
    pub fn new(store: Arc<dyn Store>, file: usize, len: usize) -> StoreFile {
        StoreFile { file, len, store }
    }
}

/// One recorded range of the hot bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotRange {
    pub file: usize,
    pub start: usize,
    pub bytes: Vec<u8>,
}

/// `u32 count, (u32 file, u32 start, u32 len)*, data*`, little-endian.
pub fn encode_hot(ranges: &[HotRange]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(ranges.len() as u32).to_le_bytes());
    for r in ranges {
        for n in [r.file, r.start, r.bytes.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
    }
    for r in ranges {
        out.extend_from_slice(&r.bytes);
    }
    out
}

/// The ranges of a hot bundle as `(file, start, slice of data)`; `None` if it is malformed.
pub fn decode_hot(data: &OwnedBytes) -> Option<Vec<(usize, usize, OwnedBytes)>> {
    let bytes = data.as_slice();
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let count = u32_at(0)?;
    let mut offset = 4usize.checked_add(count.checked_mul(12)?)?;
    if offset > bytes.len() {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let at = 4 + i * 12;
        let (file, start, len) = (u32_at(at)?, u32_at(at + 4)?, u32_at(at + 8)?);
        let end = offset.checked_add(len)?;
        if end > bytes.len() {
            return None;
        }
        out.push((file, start, data.slice(offset..end)));
        offset = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_bundle_round_trips_and_rejects_truncation() {
        let ranges = vec![
            HotRange {
                file: 0,
                start: 10,
                bytes: b"abc".to_vec(),
            },
            HotRange {
                file: 3,
                start: 0,
                bytes: b"defgh".to_vec(),
            },
        ];
        let encoded = OwnedBytes::new(encode_hot(&ranges));
        let decoded = decode_hot(&encoded).unwrap();
        assert_eq!(decoded.len(), 2);
        assert_eq!((decoded[1].0, decoded[1].1), (3, 0));
        assert_eq!(decoded[1].2.as_slice(), b"defgh");
        let cut = OwnedBytes::new(encoded.as_slice()[..encoded.len() - 1].to_vec());
        assert!(decode_hot(&cut).is_none());
        assert!(decode_hot(&OwnedBytes::new(vec![255, 255, 255, 255])).is_none());
    }
}
