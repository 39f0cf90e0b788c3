//! A read-only map from character codes (or CIDs) to what a font gives for them, looked up once
//! per glyph shown.
//!
//! Input: (key, value) pairs with distinct keys. Output: lookups that cost the same whatever
//! the keys are: codes that lie close together (a subset font numbers its glyphs from 1 up) are
//! found by indexing a table over their span; scattered codes by binary search over the sorted
//! keys, with the values kept apart so that the search walks 8-byte keys only. A hash map
//! costs a hash per glyph and, with a fixed hash, can be made slow by the file's keys.

/// A span of codes is indexed directly when it is at most this many times the number of
/// codes, plus [`SPAN_SLACK`]: the table then costs at most a few bytes per code mapped, so
/// memory stays bounded by what the file's allowances let it map.
const SPAN_PER_CODE: u64 = 4;
const SPAN_SLACK: u64 = 256;

#[derive(Debug, Clone)]
pub(super) struct CodeMap<V> {
    keys: Vec<u64>,
    values: Vec<V>,
    /// The first key, and for each key from it on, 1 + the index of its value (0: none).
    table: Option<(u64, Vec<u32>)>,
}

impl<V> Default for CodeMap<V> {
    fn default() -> CodeMap<V> {
        CodeMap {
            keys: Vec::new(),
            values: Vec::new(),
            table: None,
        }
    }
}

impl<V> CodeMap<V> {
    /// The map of `pairs`, whose keys are distinct.
    pub fn new(mut pairs: Vec<(u64, V)>) -> CodeMap<V> {
        pairs.sort_unstable_by_key(|&(key, _)| key);
        let (keys, values): (Vec<u64>, Vec<V>) = pairs.into_iter().unzip();
        let table = match (keys.first(), keys.last()) {
            (Some(&first), Some(&last))
                if last - first < SPAN_PER_CODE * keys.len() as u64 + SPAN_SLACK
                    && keys.len() < u32::MAX as usize =>
            {
                let mut slots = vec![0u32; (last - first + 1) as usize];
                for (i, &key) in keys.iter().enumerate() {
                    slots[(key - first) as usize] = i as u32 + 1;
                }
                Some((first, slots))
            }
            _ => None,
        };
        CodeMap {
            keys,
            values,
            table,
        }
    }

    pub fn get(&self, key: u64) -> Option<&V> {
        let index = match &self.table {
            Some((first, slots)) => {
                let slot = *slots.get(usize::try_from(key.checked_sub(*first)?).ok()?)?;
                usize::try_from(slot).ok()?.checked_sub(1)?
            }
            None => self.keys.binary_search(&key).ok()?,
        };
        self.values.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::CodeMap;

    #[test]
    fn close_and_scattered_codes_are_found_alike() {
        let close = CodeMap::new((3..300u64).step_by(2).map(|k| (k, k * 10)).collect());
        assert!(close.table.is_some());
        let scattered = CodeMap::new(vec![(5u64, 1), (1 << 40, 2), (70_000, 3)]);
        assert!(scattered.table.is_none());
        for (map, present, absent) in [
            (
                &close,
                vec![(3, 30), (299, 2990)],
                vec![0, 2, 4, 300, 301, u64::MAX],
            ),
            (
                &scattered,
                vec![(5, 1), (1 << 40, 2), (70_000, 3)],
                vec![0, 6, u64::MAX],
            ),
        ] {
            for (key, value) in present {
                assert_eq!(map.get(key), Some(&value));
            }
            for key in absent {
                assert_eq!(map.get(key), None);
            }
        }
        assert_eq!(CodeMap::<u8>::default().get(0), None);
    }
}
