//! The doc store as tantivy 0.27 writes it (`store/`): lz4 blocks (a u32 length, then the lz4
//! block of the documents followed by their u32 start offsets and a u32 count), and a skip
//! index of checkpoint blocks in layers, each checkpoint naming a doc range and a byte range in
//! the layer below (the last layer: in the blocks). A document's stored values are a VInt count
//! and per value a u32 field, a type byte (0 = text), a VInt length and the bytes.

use std::ops::Range;

use common::{BinarySerializable, VInt};

use crate::lean::format::{File, StoreLayout, broken, u32_at};
use crate::request::SearchError;
use crate::snippet::Stored;

/// The most bytes one checkpoint block can take: a count, a first doc and offset, and up to
/// nine (doc count, byte count) pairs, VInts of at most 5 and 10 bytes.
const CHECKPOINT_BLOCK_MAX: usize = 5 + 5 + 10 + 9 * 15;
/// Text values are type 0 in tantivy's binary document format.
const TEXT: u8 = 0;

/// A checkpoint: documents `docs` are in bytes `bytes` of the layer below.
#[derive(Debug, Clone, PartialEq)]
struct Checkpoint {
    docs: Range<u32>,
    bytes: Range<usize>,
}

/// The checkpoints of the block at the start of `data`, and the block's length.
fn checkpoint_block(bytes: &[u8]) -> Result<(Vec<Checkpoint>, usize), SearchError> {
    let mut data = bytes;
    let count = VInt::deserialize_u64(&mut data)? as usize;
    if count == 0 || count > 64 {
        return Err(broken("an empty or oversized skip-index block"));
    }
    let mut doc = VInt::deserialize_u64(&mut data)? as u32;
    let mut offset = VInt::deserialize_u64(&mut data)? as usize;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let docs = VInt::deserialize_u64(&mut data)? as u32;
        let size = VInt::deserialize_u64(&mut data)? as usize;
        out.push(Checkpoint {
            docs: doc..doc.saturating_add(docs),
            bytes: offset..offset.saturating_add(size),
        });
        doc = doc.saturating_add(docs);
        offset = offset.saturating_add(size);
    }
    Ok((out, bytes.len() - data.len()))
}

/// The byte range, in the store file, of the compressed block holding `doc`, and the doc's
/// position in it. Reads one checkpoint block per layer.
pub fn locate(
    file: &File,
    layout: &StoreLayout,
    doc: u32,
) -> Result<(Range<usize>, u32), SearchError> {
    let Some(first) = layout.layers.first() else {
        return Err(broken("the doc store has no skip index"));
    };
    let mut within = 0..first.len();
    let mut found = None;
    for layer in &layout.layers {
        let mut at = layer.start + within.start;
        let checkpoint = loop {
            if at >= layer.end {
                return Err(broken(&format!("document {doc} is not in the doc store")));
            }
            let end = (at + CHECKPOINT_BLOCK_MAX).min(layer.end);
            let bytes = file.read(at..end)?;
            let (block, len) = checkpoint_block(&bytes)?;
            if let Some(c) = block.iter().find(|c| c.docs.end > doc) {
                break c.clone();
            }
            // The doc lies past this block: go on with the next one.
            at += len;
        };
        within = checkpoint.bytes.clone();
        found = Some(checkpoint);
    }
    let checkpoint = found.ok_or_else(|| broken("an empty skip index"))?;
    if checkpoint.docs.start > doc || checkpoint.bytes.end > layout.blocks.end {
        return Err(broken(&format!("document {doc} is not in the doc store")));
    }
    Ok((checkpoint.bytes, doc - checkpoint.docs.start))
}

/// The stored fields of the document at `position` of the compressed block `block`.
pub fn document(block: &[u8], position: u32) -> Result<Stored, SearchError> {
    let size = u32_at(block, 0)? as usize;
    if size > 64 << 20 {
        return Err(broken("an oversized doc store block"));
    }
    let data = lz4_flex::block::decompress(&block[4..], size)
        .map_err(|_| broken("a doc store block does not decompress"))?;
    let count = u32_at(&data, data.len().saturating_sub(4))? as usize;
    let index_start = data
        .len()
        .checked_sub(4 * (count + 1))
        .ok_or_else(|| broken("a doc store block's index"))?;
    let p = position as usize;
    if p >= count {
        return Err(broken("a document past its block"));
    }
    let start = u32_at(&data, index_start + 4 * p)? as usize;
    let end = if p + 1 < count {
        u32_at(&data, index_start + 4 * (p + 1))? as usize
    } else {
        index_start
    };
    let mut doc = data
        .get(start..end)
        .ok_or_else(|| broken("a document outside its block"))?;
    let values = VInt::deserialize_u64(&mut doc)? as usize;
    let mut stored = Stored::default();
    for _ in 0..values.min(end - start) {
        let field = u32::deserialize(&mut doc)?;
        let kind = u8::deserialize(&mut doc)?;
        if kind != TEXT {
            return Err(broken("a stored value that is not text"));
        }
        let len = VInt::deserialize_u64(&mut doc)? as usize;
        if len > doc.len() {
            return Err(broken("a stored text past its document"));
        }
        let (text, rest) = doc.split_at(len);
        doc = rest;
        let text = std::str::from_utf8(text).map_err(|_| broken("stored text is not UTF-8"))?;
        stored.set(field, text.to_string());
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_blocks_decode_cumulatively() {
        // 2 checkpoints from doc 5 at byte 100: (3 docs, 40 bytes), (2 docs, 7 bytes).
        let block = [
            2 | 0x80,
            5 | 0x80,
            100 | 0x80,
            3 | 0x80,
            40 | 0x80,
            2 | 0x80,
            7 | 0x80,
        ];
        assert_eq!(
            checkpoint_block(&block).unwrap().0,
            vec![
                Checkpoint {
                    docs: 5..8,
                    bytes: 100..140
                },
                Checkpoint {
                    docs: 8..10,
                    bytes: 140..147
                }
            ]
        );
        assert!(checkpoint_block(&[0x80]).is_err());
        assert!(checkpoint_block(&[]).is_err());
    }

    #[test]
    fn damaged_blocks_are_errors_not_panics() {
        assert!(document(&[], 0).is_err());
        assert!(document(&[255, 255, 255, 255, 1, 2], 0).is_err());
        assert!(document(&[4, 0, 0, 0, 0x40, 1, 2, 3, 4], 0).is_err());
    }
}
