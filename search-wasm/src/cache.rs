//! The byte cache behind the browser's index files: exact ranges from the hot bundle, plus
//! 512-byte pages fetched on demand. A read that is not covered records the missing pages and
//! fails with `WouldBlock`.

use std::collections::{HashMap, HashSet};
use std::io;
use std::ops::Range;
use std::sync::Mutex;

use search_core::OwnedBytes;
use search_core::Store;

/// Page size. Measured: 4 KB pages doubled the bytes a query fetches compared to 512 B.
pub const PAGE: usize = 512;

#[derive(Debug)]
pub struct Cache {
    lens: Vec<usize>,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    hot: Vec<(usize, usize, OwnedBytes)>,
    pages: HashMap<(usize, usize), Box<[u8]>>,
    wanted: HashSet<(usize, usize)>,
}

impl Cache {
    /// A cache for files of the given lengths, seeded with the hot bundle's ranges.
    pub fn new(lens: Vec<usize>, hot: Vec<(usize, usize, OwnedBytes)>) -> Cache {
        Cache {
            lens,
            inner: Mutex::new(Inner {
                hot,
                ..Inner::default()
            }),
        }
    }

    /// The missing byte ranges recorded since the last call, as `(file, start..end)`, adjacent
    /// pages merged.
    pub fn take_wanted(&self) -> Vec<(usize, Range<usize>)> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut wanted: Vec<(usize, usize)> =
            std::mem::take(&mut inner.wanted).into_iter().collect();
        search_core::order::sort_by(&mut wanted, |a, b| a.cmp(b));
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for (file, page) in wanted {
            let start = page * PAGE;
            let end = (start + PAGE).min(self.lens[file]);
            match out.last_mut() {
                Some((f, r)) if *f == file && r.end == start => r.end = end,
                _ => out.push((file, start..end)),
            }
        }
        out
    }

    /// Bytes of `file` starting at `start` (a page boundary): a range reply, or the whole file
    /// when the server ignored the range.
    pub fn supply(&self, file: usize, start: usize, data: &[u8]) {
        let Some(&len) = self.lens.get(file) else {
            return;
        };
        if !start.is_multiple_of(PAGE) {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = 0;
        while at < data.len() {
            let offset = start + at;
            let page_end = (offset + PAGE).min(len);
            let take = page_end.saturating_sub(offset);
            if take == 0 || at + take > data.len() {
                break;
            }
            inner
                .pages
                .insert((file, offset / PAGE), data[at..at + take].into());
            at += take;
        }
    }
}

impl Store for Cache {
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for (f, start, bytes) in &inner.hot {
            if *f == file && range.start >= *start && range.end <= start + bytes.len() {
                return Ok(bytes.slice(range.start - start..range.end - start));
            }
        }
        let first = range.start / PAGE;
        let last = (range.end - 1) / PAGE;
        let missing: Vec<usize> = (first..=last)
            .filter(|p| !inner.pages.contains_key(&(file, *p)))
            .collect();
        if !missing.is_empty() {
            inner.wanted.extend(missing.into_iter().map(|p| (file, p)));
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
}
