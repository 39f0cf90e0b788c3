//! Independent work spread over the machine's cores (issue 16): the sources of the revisions
//! read side by side, the targets rendered side by side, two steps of `build` run at once. Input: items and a function of one
//! item; output: the results in the items' order, so a caller that looks for the first error
//! finds the one a run in order would have stopped at. It knows nothing of what the work is.
//!
//! Each worker takes the next item not yet taken, so a long item (a PDF) does not hold up the
//! short ones behind it. A panic in a worker is a panic of the caller, as it would be in order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// `f` of every item, in the items' order, computed on up to as many threads as the machine
/// has cores (in the calling thread alone when it has one, or there is one item).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = cores().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        let r = f(item);
        // A worker that panicked while holding the lock has already failed the whole map.
        if let Ok(mut done) = done.lock() {
            done[i] = Some(r);
        }
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        // The calling thread is one of the workers.
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    done.into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

/// `a` and `b`, `a` on a thread of its own when the process may use more than one (else
/// `a` first, then `b`, on the calling thread); their results as a pair. A panic in either
/// is the caller's.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if cores() <= 1 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|s| {
        let a = s.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// The threads this process may use, asked once (the answer reads the cgroup's files):
/// `OQS_THREADS` when it is set to a positive number (a hidden knob for benchmarks and
/// tests: 1 runs everything in order on the calling thread), else the machine's cores.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| {
        std::env::var("OQS_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_in_the_items_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..40).collect();
        // Early items take longest, so later ones finish first on another thread.
        let out = map(&items, |&i| {
            std::thread::sleep(std::time::Duration::from_micros((40 - i) * 50));
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_and_one_item() {
        assert_eq!(map(&[] as &[u8], |&b| b), Vec::<u8>::new());
        assert_eq!(map(&[7u8], |&b| b + 1), vec![8]);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<u32> = (0..8).collect();
        map(&items, |&i| {
            if i == 3 {
                panic!("item 3");
            }
            i
        });
    }

    #[test]
    fn join_gives_both_results_in_place() {
        let (a, b) = join(|| "a".repeat(3), || 2 + 2);
        assert_eq!((a.as_str(), b), ("aaa", 4));
    }

    #[test]
    #[should_panic(expected = "first")]
    fn a_panic_in_join_reaches_the_caller() {
        join(|| panic!("first"), || 1);
    }
}
