//! Work spread over every core: many small files read and parsed at once.

use std::num::NonZeroUsize;
use std::thread;

/// `f` of every item, in the items' order, the items split into one run
/// per core (one run, on this thread, when there is a single core or item).
pub fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let run = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(run)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<usize> = (0..1001).collect();
        let squares = map_parallel(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_parallel(&[] as &[usize], |n| *n).is_empty());
        assert_eq!(map_parallel(&[7], |n| n + 1), vec![8]);
    }
}
