//! The byte cache behind the browser's index files. Small reads (dictionary blocks, field
//! lengths, skip-index blocks) are rounded out to 512-byte pages, so neighbouring reads share
//! what one fetch brought; reads of a kilobyte or more (postings, doc-store blocks) are fetched
//! exactly, since rounding them out costs up to a page each for nothing. A read that is not
//! covered records what is missing and fails with `WouldBlock`.

use std::collections::{HashMap, HashSet};
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

#[derive(Debug)]
pub struct Cache {
    lens: Vec<usize>,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Ranges held as they came (the hot bundle, every reply), per file, by start.
    ranges: HashMap<usize, Vec<(usize, OwnedBytes)>>,
    pages: HashMap<(usize, usize), Box<[u8]>>,
    wanted_pages: HashSet<(usize, usize)>,
    wanted_exact: Vec<(usize, Range<usize>)>,
}

impl Inner {
    fn hold(&mut self, file: usize, start: usize, bytes: OwnedBytes) {
        let held = self.ranges.entry(file).or_default();
        let at = held.partition_point(|(s, _)| *s < start);
        held.insert(at, (start, bytes));
    }

    /// A held range containing `range`: among those starting at or before it, the few nearest.
    fn held(&self, file: usize, range: &Range<usize>) -> Option<OwnedBytes> {
        let held = self.ranges.get(&file)?;
        let before = held.partition_point(|(s, _)| *s <= range.start);
        held[..before].iter().rev().take(16).find_map(|(s, b)| {
            (range.end <= s + b.len()).then(|| b.slice(range.start - s..range.end - s))
        })
    }
}

impl Cache {
    /// A cache for files of the given lengths, seeded with the hot bundle's ranges.
    pub fn new(lens: Vec<usize>, hot: Vec<(usize, usize, OwnedBytes)>) -> Cache {
        let mut inner = Inner::default();
        for (file, start, bytes) in hot {
            inner.hold(file, start, bytes);
        }
        Cache {
            lens,
            inner: Mutex::new(inner),
        }
    }

    /// The missing byte ranges recorded since the last call, as `(file, start..end)`, sorted,
    /// touching and overlapping ones merged.
    pub fn take_wanted(&self) -> Vec<(usize, Range<usize>)> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut wanted: Vec<(usize, Range<usize>)> = std::mem::take(&mut inner.wanted_pages)
            .into_iter()
            .map(|(file, page)| (file, page * PAGE..((page + 1) * PAGE).min(self.lens[file])))
            .collect();
        wanted.append(&mut inner.wanted_exact);
        search_core::order::sort_by(&mut wanted, |a, b| {
            (a.0, a.1.start, a.1.end).cmp(&(b.0, b.1.start, b.1.end))
        });
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for (file, range) in wanted {
            match out.last_mut() {
                Some((f, r)) if *f == file && range.start <= r.end => r.end = r.end.max(range.end),
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
        // Whole pages inside the reply also serve small reads that straddle replies.
        let mut page = start.div_ceil(PAGE);
        while page * PAGE < start + data.len() {
            let from = page * PAGE;
            let to = (from + PAGE).min(len);
            if to > start + data.len() {
                break;
            }
            inner
                .pages
                .insert((file, page), data[from - start..to - start].into());
            page += 1;
        }
        inner.hold(file, start, OwnedBytes::new(data.to_vec()));
    }
}

impl Store for Cache {
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bytes) = inner.held(file, &range) {
            return Ok(bytes);
        }
        let first = range.start / PAGE;
        let last = (range.end - 1) / PAGE;
        let missing: Vec<usize> = (first..=last)
            .filter(|p| !inner.pages.contains_key(&(file, *p)))
            .collect();
        if !missing.is_empty() {
            if range.len() >= EXACT {
                inner.wanted_exact.push((file, range));
            } else {
                inner
                    .wanted_pages
                    .extend(missing.into_iter().map(|p| (file, p)));
            }
            return Err(io::Error::new(io::ErrorKind::WouldBlock, "not fetched yet"));
        }
        let mut out = Vec::with_capacity(range.len());
        for p in first..=last {
            let page = &inner.pages[&(file, p)];
            let page_start = p * PAGE;
            let from = range.start.max(page_start) - page_start;
            let to = range.end.min(page_start + page.len()) - page_start;
            out.extend_from_slice(&page[from..to]);
        }
        Ok(OwnedBytes::new(out))
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
        // Replies past the end of the file are ignored.
        cache.supply(0, 4990, &[0u8; 20]);
        assert!(cache.read(0, 4990..5000).is_err());
    }
}
