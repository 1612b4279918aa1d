//! The byte cache behind the browser's index files: everything fetched (and the hot bundle),
//! merged into ranges per file. A read that is not inside held bytes records what to fetch and
//! fails with `WouldBlock`: small reads (dictionary blocks, field lengths, skip-index blocks)
//! rounded out to 512-byte pages, so neighbouring reads share what one fetch brought; reads of
//! a kilobyte or more (postings, doc-store blocks) exactly, since rounding them out costs up to
//! a page each for nothing.

use std::io;
use std::ops::Range;
use std::sync::Mutex;

use search_core::OwnedBytes;
use search_core::Store;

/// Page size. Measured: 4 KB pages doubled the bytes a query fetches compared to 512 B.
pub const PAGE: usize = 512;
/// Reads at least this long are fetched as they are, not as pages. Measured at 10,000 pages:
/// doc-store blocks of ~1.6 KB cost 2.2 KB each as pages.
const EXACT: usize = 1024;
/// Wanted ranges of a file this close are fetched as one, the bytes between included: a reply's
/// headers alone are ~370 B on the bench's server (more on hosts that add their own), so a
/// second request would cost more than the gap, which is often bytes already held (why the
/// reads were cut there). Measured on the 10,000-page bench index: 202 ranges for ten queries
/// became 198.
const JOIN_GAP: usize = 384;

#[derive(Debug)]
pub struct Cache {
    lens: Vec<usize>,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// What is held of each file, by file number: sorted ranges that neither overlap nor
    /// touch (a reply that meets or overlaps held bytes is merged with them, so any read inside
    /// fetched bytes is answered, however the replies were cut).
    ranges: Vec<Vec<(usize, OwnedBytes)>>,
    wanted: Vec<(usize, Range<usize>)>,
}

impl Inner {
    fn hold(&mut self, file: usize, start: usize, bytes: &[u8]) {
        let Some(held) = self.ranges.get_mut(file) else {
            return;
        };
        let end = start + bytes.len();
        // The held ranges that overlap or touch [start, end).
        let first = held.partition_point(|(s, b)| s + b.len() < start);
        let last = held.partition_point(|(s, _)| *s <= end);
        if first >= last {
            held.insert(first, (start, OwnedBytes::new(bytes.to_vec())));
            return;
        }
        let from = start.min(held[first].0);
        let to = end.max(held[last - 1].0 + held[last - 1].1.len());
        let mut merged = vec![0u8; to - from];
        for (s, b) in &held[first..last] {
            merged[s - from..s - from + b.len()].copy_from_slice(b.as_slice());
        }
        merged[start - from..end - from].copy_from_slice(bytes);
        held[first] = (from, OwnedBytes::new(merged));
        held.drain(first + 1..last);
    }

    /// What to fetch for a read of `range` that held bytes do not cover: its gaps, each (for
    /// a small read) widened to page boundaries as far as no held byte is fetched again.
    fn missing(&self, file: usize, range: &Range<usize>, len: usize) -> Vec<Range<usize>> {
        let held = self.ranges.get(file).map_or(&[][..], Vec::as_slice);
        let mut gaps = Vec::new();
        let mut at = range.start;
        let first = held.partition_point(|(s, b)| s + b.len() <= range.start);
        for (s, b) in &held[first..] {
            if *s >= range.end {
                break;
            }
            if *s > at {
                gaps.push(at..*s);
            }
            at = at.max(s + b.len());
        }
        if at < range.end {
            gaps.push(at..range.end);
        }
        if range.len() >= EXACT {
            return gaps;
        }
        for g in &mut gaps {
            let before = held.partition_point(|(s, b)| s + b.len() <= g.start);
            let floor = before
                .checked_sub(1)
                .map_or(0, |i| held[i].0 + held[i].1.len());
            let ceiling = held.get(before).map_or(len, |(s, _)| *s);
            *g = (g.start / PAGE * PAGE).max(floor)..(g.end.div_ceil(PAGE) * PAGE).min(ceiling);
        }
        gaps
    }

    fn held(&self, file: usize, range: &Range<usize>) -> Option<OwnedBytes> {
        let held = self.ranges.get(file)?;
        let at = held
            .partition_point(|(s, _)| *s <= range.start)
            .checked_sub(1)?;
        let (s, b) = &held[at];
        (range.end <= s + b.len()).then(|| b.slice(range.start - s..range.end - s))
    }
}

impl Cache {
    /// A cache for files of the given lengths, seeded with the hot bundle's ranges (of those
    /// files: no read asks for another).
    pub fn new(lens: Vec<usize>, hot: Vec<(usize, usize, OwnedBytes)>) -> Cache {
        let mut inner = Inner::default();
        inner.ranges.resize_with(lens.len(), Vec::new);
        for (file, start, bytes) in hot {
            inner.hold(file, start, bytes.as_slice());
        }
        Cache {
            lens,
            inner: Mutex::new(inner),
        }
    }

    /// The missing byte ranges recorded since the last call, as `(file, start..end)`, sorted,
    /// those that overlap or lie within [`JOIN_GAP`] of each other merged.
    pub fn take_wanted(&self) -> Vec<(usize, Range<usize>)> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut wanted = std::mem::take(&mut inner.wanted);
        search_core::order::sort_by(&mut wanted, |a, b| {
            (a.0, a.1.start, a.1.end).cmp(&(b.0, b.1.start, b.1.end))
        });
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for (file, range) in wanted {
            match out.last_mut() {
                Some((f, r)) if *f == file && range.start <= r.end + JOIN_GAP => {
                    r.end = r.end.max(range.end)
                }
                _ => out.push((file, range)),
            }
        }
        out
    }

    /// Bytes of `file` starting at `start`: a range reply, or the whole file when the server
    /// ignored the range.
    pub fn supply(&self, file: usize, start: usize, data: &[u8]) {
        let Some(&len) = self.lens.get(file) else {
            return;
        };
        if start.checked_add(data.len()).is_none_or(|end| end > len) {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.hold(file, start, data);
    }
}

/// A cache over a built index on disk, seeded with its hot bundle as the browser's is, and the
/// files themselves to answer what it asks for (the tests and the `search_rounds` example).
#[cfg(not(target_arch = "wasm32"))]
pub fn from_disk(
    dir: &std::path::Path,
    entry: &search_core::Entry,
) -> io::Result<(Cache, Vec<OwnedBytes>)> {
    let mut files = Vec::with_capacity(entry.files.len());
    for f in &entry.files {
        files.push(OwnedBytes::new(std::fs::read(dir.join(&f.url))?));
    }
    let hot = OwnedBytes::new(std::fs::read(dir.join(&entry.hot.url))?);
    let hot = search_core::decode_hot(&hot)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a damaged hot bundle"))?;
    Ok((
        Cache::new(files.iter().map(|f| f.len()).collect(), hot),
        files,
    ))
}

impl Store for Cache {
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = inner.held(file, &range) {
            return Ok(bytes);
        }
        let len = self.lens.get(file).copied().unwrap_or(range.end);
        for r in inner.missing(file, &range, len) {
            inner.wanted.push((file, r));
        }
        Err(io::Error::new(io::ErrorKind::WouldBlock, "not fetched yet"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_are_recorded_merged_and_then_served() {
        let cache = Cache::new(
            vec![2000, 100],
            vec![(1, 10, OwnedBytes::new(vec![7u8; 20]))],
        );
        assert_eq!(cache.read(1, 12..20).unwrap().as_slice(), &[7u8; 8]);
        assert_eq!(
            cache.read(0, 600..1100).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        assert!(cache.read(0, 1900..2000).is_err());
        assert!(cache.read(1, 0..50).is_err());
        // The two misses of file 1 come as one range: fetching the held hot bytes 10..30 again
        // costs less than a second reply's headers.
        assert_eq!(cache.take_wanted(), vec![(0, 512..2000), (1, 0..100)]);
        let file: Vec<u8> = (0..2000u32).map(|i| (i % 251) as u8).collect();
        cache.supply(0, 512, &file[512..2000]);
        assert_eq!(
            cache.read(0, 600..1100).unwrap().as_slice(),
            &file[600..1100]
        );
        assert_eq!(
            cache.read(0, 1900..2000).unwrap().as_slice(),
            &file[1900..2000]
        );
        assert!(cache.take_wanted().is_empty());
        // A whole-file reply (server without Range support) fills every page.
        cache.supply(0, 0, &file);
        assert_eq!(cache.read(0, 0..2000).unwrap().as_slice(), &file[..]);
    }

    #[test]
    fn long_reads_are_fetched_exactly_and_serve_reads_inside_them() {
        let file: Vec<u8> = (0..5000u32).map(|i| (i % 241) as u8).collect();
        let cache = Cache::new(vec![5000], Vec::new());
        assert!(cache.read(0, 1100..2900).is_err());
        assert!(cache.read(0, 3600..3610).is_err());
        assert_eq!(cache.take_wanted(), vec![(0, 1100..2900), (0, 3584..4096)]);
        cache.supply(0, 1100, &file[1100..2900]);
        cache.supply(0, 3584, &file[3584..4096]);
        assert_eq!(
            cache.read(0, 1100..2900).unwrap().as_slice(),
            &file[1100..2900]
        );
        assert_eq!(
            cache.read(0, 1500..1600).unwrap().as_slice(),
            &file[1500..1600]
        );
        // Whole pages inside an unaligned reply serve reads that straddle two replies.
        assert_eq!(
            cache.read(0, 2040..2060).unwrap().as_slice(),
            &file[2040..2060]
        );
        assert!(cache.take_wanted().is_empty());
        // Replies that meet are merged: a read across both is answered.
        cache.supply(0, 2900, &file[2900..3584]);
        assert_eq!(
            cache.read(0, 2800..3700).unwrap().as_slice(),
            &file[2800..3700]
        );
        // However many small replies fall inside a large one, a read inside it is answered
        // (the case that once sent the browser asking for the same range round after round).
        for i in 0..40 {
            cache.supply(0, 1200 + i * 10, &file[1200 + i * 10..1205 + i * 10]);
        }
        assert_eq!(
            cache.read(0, 1700..2800).unwrap().as_slice(),
            &file[1700..2800]
        );
        assert!(cache.take_wanted().is_empty());
        // Replies past the end of the file are ignored.
        cache.supply(0, 4990, &[0u8; 20]);
        assert!(cache.read(0, 4990..5000).is_err());
    }
}
