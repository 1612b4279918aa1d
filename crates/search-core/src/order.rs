//! Sorting through one shared instantiation of the standard sort. Every distinct `sort_by`
//! call compiles its own copy of the sort (about 4 KB of wasm each; six of them were 25 KB of
//! the browser runtime), so the browser's code paths sort indices with a dynamic comparator and
//! then move the items into place by swaps: per element type only the comparator and a swap
//! are compiled.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order = sorted_indices(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(&mut order, &mut |a, b| items.swap(a, b));
}

/// `0..len`, sorted stably by `cmp`.
fn sorted_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|a, b| cmp(*a as usize, *b as usize));
    order
}

/// Moves, by `swap`, what is at `order[k]` to `k` for every `k`: each cycle of the permutation
/// is followed once, and `order` is left as the identity.
fn permute(order: &mut [u32], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_stably() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
        super::sort_by(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn sorts_as_the_standard_sort() {
        for len in [0u32, 1, 2, 7, 200] {
            let mut v: Vec<(u32, String)> = (0..len)
                .map(|i| ((i * 7919) % 13, ((i * 31) % 17).to_string()))
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|a| a.0);
            super::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            assert_eq!(v, expected);
        }
    }
}
