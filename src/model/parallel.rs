//! Work on many items (a project's documents) shared out between the
//! cores in contiguous parts, results kept in order.

/// Items below which a part is not worth a thread.
const MIN_PART: usize = 16;

/// The number of parts to cut `len` items into: one per core, fewer for
/// few items.
fn parts(len: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(len / MIN_PART)
        .max(1)
}

/// `f` of every item of `items`, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let parts = parts(items.len());
    if parts == 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(parts))
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker thread panicked"))
            .collect()
    })
}

/// Calls `f` on every item of `items`.
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    let parts = parts(items.len());
    if parts == 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let f = &f;
    let size = items.len().div_ceil(parts);
    std::thread::scope(|scope| {
        for part in items.chunks_mut(size) {
            scope.spawn(move || part.iter_mut().for_each(f));
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            (0..2000).step_by(2).collect::<Vec<_>>()
        );
        let mut items = items;
        super::for_each_mut(&mut items, |x| *x += 1);
        assert_eq!(items, (1..1001).collect::<Vec<_>>());
    }
}
