//! Stable hashes for content-hashed file names and ids in the output: the same bytes give the
//! same name on every build and platform, so browsers and CDNs can cache them forever.

use std::hash::Hasher;

/// 64-bit FNV-1a of `bytes` (content-hashed file names).
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish()
}

/// One hash of several files: FNV-1a's step over each file's [`fnv`] as one 64-bit word.
pub fn fnv_of_hashes(hashes: impl IntoIterator<Item = u64>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    hashes
        .into_iter()
        .fold(OFFSET, |all, h| (all ^ h).wrapping_mul(PRIME))
}

/// 32-bit FNV-1a, for the short ids readers' browsers store (checklist steps). The `fnv` crate
/// has only the 64-bit variant, and these ids must stay as they are so saved ticks survive.
pub fn fnv32(bytes: impl IntoIterator<Item = u8>) -> u32 {
    bytes.into_iter().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The FNV reference values for "" and "a".
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv32(*b"a"), 0xe40c_292c);
        assert_eq!(fnv_of_hashes([]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv_of_hashes([1, 2]), fnv_of_hashes([2, 1]));
    }
}
