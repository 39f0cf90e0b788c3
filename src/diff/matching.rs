//! Matching the entries of one code between two revisions: by message ID first, then by the
//! similarity of their text ([`super::text::similarity`]). Pure: entries in, index pairs out.

use super::text;
use crate::model::Entry;

/// Two entries whose error type, cause and action are less alike than this are not one
/// edited row.
const SIMILAR_ENOUGH: f32 = 0.6;

/// Texts shorter than this (in bytes, so in characters too) that differ score below 1 as an
/// `f32`: the ratio is at most 1 - 1/(a + b) characters, which rounds to 1 only from 2^24
/// characters on. Longer texts are matched without the equal-pairs-first shortcut.
const EXACT_FIRST_LIMIT: usize = 1 << 22;

/// Pairs the entries of one code: same message ID first (the most similar when an ID repeats),
/// then the most similar text among the rest. Returns (old index, new index) pairs.
pub fn match_entries(old: &[Entry], new: &[Entry]) -> Vec<(usize, usize)> {
    let keys_old: Vec<String> = old.iter().map(match_text).collect();
    let keys_new: Vec<String> = new.iter().map(match_text).collect();
    let mut used_old = vec![false; old.len()];
    let mut used_new = vec![false; new.len()];
    let mut pairs = Vec::new();
    // Equal texts score exactly 1 and a different text less (see `EXACT_FIRST_LIMIT`), so
    // the equal pairs come first in the greedy order below, in document order: they are paired
    // before any similarity is computed, and the text diff runs only for what is left. The
    // cross-check of two sources of one revision (issue 16) is then nearly free.
    let exact_first = keys_old
        .iter()
        .chain(&keys_new)
        .all(|k| k.len() < EXACT_FIRST_LIMIT);
    for by_id in [true, false] {
        let eligible = |i: usize, j: usize| {
            let same_id = old[i].message_id.is_some() && old[i].message_id == new[j].message_id;
            !by_id || same_id
        };
        if exact_first {
            for i in 0..old.len() {
                if used_old[i] {
                    continue;
                }
                let equal = (0..new.len())
                    .find(|&j| !used_new[j] && eligible(i, j) && keys_old[i] == keys_new[j]);
                if let Some(j) = equal {
                    used_old[i] = true;
                    used_new[j] = true;
                    pairs.push((i, j));
                }
            }
        }
        let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
        for i in 0..old.len() {
            if used_old[i] {
                continue;
            }
            for j in 0..new.len() {
                if used_new[j] || !eligible(i, j) {
                    continue;
                }
                let score = text::similarity(&keys_old[i], &keys_new[j]);
                if by_id || score >= SIMILAR_ENOUGH {
                    candidates.push((score, i, j));
                }
            }
        }
        // Best score first; ties in document order, so equal rows pair up in order.
        candidates.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then((a.1, a.2).cmp(&(b.1, b.2)))
        });
        for (_, i, j) in candidates {
            if !used_old[i] && !used_new[j] {
                used_old[i] = true;
                used_new[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort();
    pairs
}

fn match_text(e: &Entry) -> String {
    [&e.error_type, &e.cause, &e.action]
        .iter()
        .map(|s| s.as_deref().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}
