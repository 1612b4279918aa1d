//! Where things are in a tantivy 0.27 segment: the file footer every file ends with, the
//! per-field sections of composite files (`.idx`, `.term`, `.fieldnorm`), the doc store's
//! footer and skip-index layers. Everything here is read once at open; the build records those
//! reads into the hot bundle.

use std::ops::Range;
use std::sync::Arc;

use common::{BinarySerializable, VInt};

use crate::manifest::{Entry, OwnedBytes, Store};
use crate::request::SearchError;

/// tantivy's file footer magic (`directory/footer.rs`).
const FOOTER_MAGIC: u32 = 1337;
/// The doc store's footer: version u32, skip-index offset u64, compressor u8, 15 spare bytes.
const STORE_FOOTER: usize = 28;
/// The doc store's lz4 compressor id.
const LZ4: u8 = 1;
/// The term dictionary type written after each field's sstable (2 = sstable).
const SSTABLE_DICTIONARY: u32 = 2;
/// Skip-index layers up to this many bytes (from the top, the smallest) are read at open; the
/// rest is read per hit. A constant, so opening costs the same at any site size.
pub const OPEN_SKIP_BYTES: usize = 8192;

pub fn broken(what: &str) -> SearchError {
    SearchError(format!("the search index is damaged: {what}"))
}

/// One index file read through the store.
#[derive(Clone)]
pub struct File {
    pub number: usize,
    pub store: Arc<dyn Store>,
    /// The file's length without tantivy's footer.
    pub len: usize,
}

impl File {
    pub fn read(&self, range: Range<usize>) -> Result<OwnedBytes, SearchError> {
        if range.start > range.end || range.end > self.len {
            return Err(broken(&format!(
                "a read past the end of file {}",
                self.number
            )));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        Ok(self.store.read(self.number, range)?)
    }

    /// Opens file `name` of the entry, without its footer.
    pub fn open(entry: &Entry, store: &Arc<dyn Store>, ext: &str) -> Result<File, SearchError> {
        let number = entry
            .files
            .iter()
            .position(|f| {
                f.name
                    .strip_suffix(ext)
                    .is_some_and(|name| name.ends_with('.'))
            })
            .ok_or_else(|| broken(&format!("no .{ext} file")))?;
        let total = entry.files[number].len as usize;
        let whole = File {
            number,
            store: store.clone(),
            len: total,
        };
        if total < 8 {
            return Err(broken(&format!("the .{ext} file is too short")));
        }
        let tail = whole.read(total - 8..total)?;
        let (footer_len, magic) = (u32_at(&tail, 0)? as usize, u32_at(&tail, 4)?);
        if magic != FOOTER_MAGIC || footer_len + 8 > total {
            return Err(broken(&format!("the .{ext} file has no tantivy footer")));
        }
        Ok(File {
            len: total - 8 - footer_len,
            ..whole
        })
    }
}

pub fn u32_at(bytes: &[u8], at: usize) -> Result<u32, SearchError> {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| broken("a short read"))
}

pub fn u64_at(bytes: &[u8], at: usize) -> Result<u64, SearchError> {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| broken("a short read"))
}

/// The byte range of each field's section (index 0) in a composite file, by field number.
pub fn sections(file: &File) -> Result<Vec<Option<Range<usize>>>, SearchError> {
    if file.len < 4 {
        return Err(broken("a composite file is too short"));
    }
    let footer_len = u32_at(&file.read(file.len - 4..file.len)?, 0)? as usize;
    let footer_start = file
        .len
        .checked_sub(4 + footer_len)
        .ok_or_else(|| broken("a composite footer is too long"))?;
    let footer = file.read(footer_start..footer_start + footer_len)?;
    let mut data = footer.as_slice();
    let count = VInt::deserialize_u64(&mut data)? as usize;
    let mut starts = Vec::with_capacity(count);
    let mut offset = 0usize;
    for _ in 0..count.min(footer_len) {
        offset += VInt::deserialize_u64(&mut data)? as usize;
        let field = u32::deserialize(&mut data)?;
        let idx = VInt::deserialize_u64(&mut data)?;
        starts.push((offset, field, idx));
    }
    let mut out: Vec<Option<Range<usize>>> = Vec::new();
    for (i, &(start, field, idx)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(footer_start, |s| s.0);
        if idx != 0 || start > end || end > footer_start {
            continue;
        }
        let slot = field as usize;
        if slot >= 64 {
            return Err(broken("a composite file names too many fields"));
        }
        if out.len() <= slot {
            out.resize(slot + 1, None);
        }
        out[slot] = Some(start..end);
    }
    Ok(out)
}

/// A field's term dictionary section without the dictionary-type word at its end.
pub fn dictionary_range(file: &File, section: Range<usize>) -> Result<Range<usize>, SearchError> {
    if section.len() < 4 {
        return Err(broken("a term dictionary is too short"));
    }
    let kind = u32_at(&file.read(section.end - 4..section.end)?, 0)?;
    if kind != SSTABLE_DICTIONARY {
        return Err(broken("the term dictionary is not an sstable"));
    }
    Ok(section.start..section.end - 4)
}

/// The doc store: compressed blocks, then the skip index over them.
pub struct StoreLayout {
    pub blocks: Range<usize>,
    /// Skip-index layers, top (smallest) first, as ranges of the store file.
    pub layers: Vec<Range<usize>>,
}

pub fn store_layout(file: &File) -> Result<StoreLayout, SearchError> {
    if file.len < STORE_FOOTER {
        return Err(broken("the doc store is too short"));
    }
    let footer = file.read(file.len - STORE_FOOTER..file.len)?;
    let offset = u64_at(&footer, 4)? as usize;
    if footer.as_slice()[12] != LZ4 {
        return Err(broken("the doc store is not lz4-compressed"));
    }
    let skip_end = file.len - STORE_FOOTER;
    if offset > skip_end {
        return Err(broken("the doc store's skip index is out of place"));
    }
    // The layer sizes: a VInt count and as many VInt end offsets (at most 10 bytes each).
    let head_len = (skip_end - offset).min(1 + 10 * 16);
    let head = file.read(offset..offset + head_len)?;
    let mut data = head.as_slice();
    let count = VInt::deserialize_u64(&mut data)? as usize;
    if count > 16 {
        return Err(broken("the doc store's skip index has too many layers"));
    }
    let mut ends = Vec::with_capacity(count);
    for _ in 0..count {
        ends.push(VInt::deserialize_u64(&mut data)? as usize);
    }
    let body = offset + (head_len - data.len());
    let mut layers = Vec::with_capacity(count);
    let mut start = 0;
    for end in ends {
        if end < start || body + end > skip_end {
            return Err(broken("a skip-index layer is out of place"));
        }
        layers.push(body + start..body + end);
        start = end;
    }
    Ok(StoreLayout {
        blocks: 0..offset,
        layers,
    })
}
