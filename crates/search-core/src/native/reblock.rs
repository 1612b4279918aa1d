//! The term dictionaries rewritten with smaller sstable blocks. tantivy writes 4 KB blocks and
//! has no setting for it; every word a browser looks up costs one block per field, so that
//! size is most of what a query fetches. The rewrite uses `tantivy-sstable`'s own writer and
//! tantivy's value layout: the file stays tantivy's format (tantivy reads any block length;
//! the parity tests open it with tantivy), only the block boundaries move. Measured at 10,000
//! pages: see docs/search.md.

use std::sync::Arc;

use common::VInt;
use common::file_slice::FileSlice;
use tantivy_sstable::{Dictionary, Writer};

use crate::lean::format::{File, dictionary_range, sections};
use crate::lean::{TermInfoWriter, TermTable};
use crate::manifest::{Entry, FileEntry, Memory, OwnedBytes, Store};
use crate::request::SearchError;

/// The dictionary type tantivy writes after each field's sstable (2 = sstable).
const SSTABLE_DICTIONARY: u32 = 2;
/// tantivy's file footer magic.
const FOOTER_MAGIC: u32 = 1337;

/// `.term` file `bytes` with every field's dictionary rewritten in blocks of about `block_len`
/// bytes.
pub fn term_file(bytes: &[u8], block_len: usize) -> Result<Vec<u8>, SearchError> {
    let owned = OwnedBytes::new(bytes.to_vec());
    let store: Arc<dyn Store> = Arc::new(Memory(vec![owned.clone()]));
    let entry = Entry {
        files: vec![FileEntry {
            name: "segment.term".into(),
            url: String::new(),
            len: bytes.len() as u64,
        }],
        ..Entry::default()
    };
    let file = File::open(&entry, &store, "term")?;
    let footer_json = &bytes[file.len..bytes.len() - 8];
    let mut out = Vec::with_capacity(bytes.len());
    let mut placed: Vec<(usize, u32)> = Vec::new();
    for (field, section) in sections(&file)?.into_iter().enumerate() {
        let Some(section) = section else { continue };
        let dict = Dictionary::<TermTable>::open(
            FileSlice::new(Arc::new(owned.clone())).slice(dictionary_range(&file, section)?),
        )?;
        placed.push((out.len(), field as u32));
        let mut writer: Writer<&mut Vec<u8>, TermInfoWriter> = Writer::new(&mut out);
        writer.set_block_len(block_len);
        let mut stream = dict.stream()?;
        while stream.advance() {
            writer.insert(stream.key(), stream.value())?;
        }
        writer.finish()?;
        out.extend_from_slice(&SSTABLE_DICTIONARY.to_le_bytes());
    }
    let mut footer = Vec::new();
    VInt(placed.len() as u64).serialize_into_vec(&mut footer);
    let mut previous = 0;
    for (start, field) in placed {
        VInt((start - previous) as u64).serialize_into_vec(&mut footer);
        footer.extend_from_slice(&field.to_le_bytes());
        VInt(0).serialize_into_vec(&mut footer);
        previous = start;
    }
    out.extend_from_slice(&footer);
    out.extend_from_slice(&(footer.len() as u32).to_le_bytes());
    let json = with_crc(footer_json, crc32fast::hash(&out))?;
    out.extend_from_slice(&json);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&FOOTER_MAGIC.to_le_bytes());
    Ok(out)
}

/// tantivy's footer JSON (`{"version":{...},"crc":N}`) with another checksum of the body.
fn with_crc(json: &[u8], crc: u32) -> Result<Vec<u8>, SearchError> {
    let text =
        std::str::from_utf8(json).map_err(|_| SearchError("a footer is not UTF-8".into()))?;
    let at = text
        .rfind("\"crc\":")
        .ok_or_else(|| SearchError("a footer without a checksum".into()))?;
    let head = &text[..at + "\"crc\":".len()];
    let tail = text[head.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    Ok(format!("{head}{crc}{tail}").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_replaced_in_place() {
        let json = br#"{"version":{"major":0,"minor":27,"patch":0,"index_format_version":7},"crc":1212595746}"#;
        assert_eq!(
            with_crc(json, 7).unwrap(),
            br#"{"version":{"major":0,"minor":27,"patch":0,"index_format_version":7},"crc":7}"#
        );
    }
}
