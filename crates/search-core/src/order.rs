//! Sorting through one shared instantiation of the standard sort. Every distinct `sort_by`
//! call compiles its own copy of the sort (about 4 KB of wasm each; six of them were 25 KB of
//! the browser runtime), so the browser's code paths sort indices with a dynamic comparator.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_indices(&mut order, &|a, b| {
        cmp(&items[a as usize], &items[b as usize])
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

fn sort_indices(order: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_stably() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
        super::sort_by(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
    }
}
