//! A term's postings as tantivy 0.27 writes them (`postings/serializer.rs`, `skip.rs`): when
//! the term is in 128 documents or more, a VInt length and the skip data (per full block: last
//! doc, bit widths, block-max data); then per full block of 128 the doc ids bitpacked as strict
//! deltas and, with frequencies, the frequencies minus one bitpacked; then the remaining docs as
//! VInt deltas and their frequencies as VInts.

use bitpacking::{BitPacker, BitPacker4x};
use common::VInt;

use crate::lean::format::{broken, u32_at};
use crate::request::SearchError;

const BLOCK: usize = BitPacker4x::BLOCK_LEN;

/// Doc ids and term frequencies (1 when the field has no frequencies).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postings {
    pub docs: Vec<u32>,
    pub freqs: Vec<u32>,
}

/// Decodes the postings of a term in `doc_freq` documents.
pub fn decode(mut data: &[u8], doc_freq: u32, with_freqs: bool) -> Result<Postings, SearchError> {
    let doc_freq = doc_freq as usize;
    let full_blocks = doc_freq / BLOCK;
    let mut skip: &[u8] = &[];
    if full_blocks > 0 {
        let len = VInt::deserialize_u64(&mut data)? as usize;
        if len > data.len() {
            return Err(broken("postings skip data past the end"));
        }
        (skip, data) = data.split_at(len);
    }
    let entry = if with_freqs { 8 } else { 5 };
    if skip.len() < full_blocks * entry {
        return Err(broken("short postings skip data"));
    }
    let packer = BitPacker4x::new();
    let mut out = Postings {
        docs: Vec::with_capacity(doc_freq),
        freqs: Vec::with_capacity(doc_freq),
    };
    let mut last = 0u32;
    let mut block = [0u32; BLOCK];
    for b in 0..full_blocks {
        let info = &skip[b * entry..(b + 1) * entry];
        let doc_bits = info[4] & 0x1f;
        let strict = info[4] & 0x40 != 0;
        data = unpack(&packer, data, doc_bits, &mut block, |p, d, o, n| {
            let initial = (last != 0).then_some(last);
            if strict {
                p.decompress_strictly_sorted(initial, d, o, n)
            } else {
                p.decompress_sorted(last, d, o, n)
            }
        })?;
        out.docs.extend_from_slice(&block);
        if with_freqs {
            data = unpack(&packer, data, info[5], &mut block, |p, d, o, n| {
                p.decompress(d, o, n)
            })?;
            out.freqs.extend(block.iter().map(|f| f + 1));
        } else {
            out.freqs.extend(std::iter::repeat_n(1, BLOCK));
        }
        last = u32_at(info, 0)?;
    }
    let rest = doc_freq - full_blocks * BLOCK;
    let mut doc = last;
    for _ in 0..rest {
        doc = doc
            .checked_add(vint(&mut data)?)
            .ok_or_else(|| broken("a doc id overflows"))?;
        out.docs.push(doc);
    }
    for _ in 0..rest {
        out.freqs
            .push(if with_freqs { vint(&mut data)? } else { 1 });
    }
    Ok(out)
}

/// Unpacks one bitpacked block of `bits` bits per value, returning what follows it.
fn unpack<'a>(
    packer: &BitPacker4x,
    data: &'a [u8],
    bits: u8,
    out: &mut [u32; BLOCK],
    run: impl FnOnce(&BitPacker4x, &[u8], &mut [u32], u8) -> usize,
) -> Result<&'a [u8], SearchError> {
    if bits > 32 {
        return Err(broken("a postings block is wider than 32 bits"));
    }
    let len = BitPacker4x::compressed_block_size(bits);
    if data.len() < len {
        return Err(broken("a postings block past the end"));
    }
    run(packer, &data[..len], out, bits);
    Ok(&data[len..])
}

/// tantivy's postings VInt: 7 bits a byte, the high bit set on the last byte.
fn vint(data: &mut &[u8]) -> Result<u32, SearchError> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = data
            .split_first()
            .ok_or_else(|| broken("postings end inside a number"))?;
        *data = rest;
        value |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        if byte & 0x80 != 0 {
            return Ok(value);
        }
    }
    Err(broken("a postings number is too long"))
}
