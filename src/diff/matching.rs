//! Matching the entries of one code between two revisions: by message ID first, then by the
//! similarity of their text ([`super::text::similarity`]). Pure: entries in, index pairs out.

use super::text;
use crate::model::Entry;

/// Two entries whose error type, cause and action are less alike than this are not one
/// edited row.
const SIMILAR_ENOUGH: f32 = 0.6;

/// Pairs the entries of one code: same message ID first (the most similar when an ID repeats),
/// then the most similar text among the rest. Returns (old index, new index) pairs.
pub fn match_entries(old: &[Entry], new: &[Entry]) -> Vec<(usize, usize)> {
    let keys_old: Vec<String> = old.iter().map(match_text).collect();
    let keys_new: Vec<String> = new.iter().map(match_text).collect();
    let mut used_old = vec![false; old.len()];
    let mut used_new = vec![false; new.len()];
    let mut pairs = Vec::new();
    for by_id in [true, false] {
        let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
        for (i, o) in old.iter().enumerate() {
            if used_old[i] {
                continue;
            }
            for (j, n) in new.iter().enumerate() {
                if used_new[j] {
                    continue;
                }
                let same_id = o.message_id.is_some() && o.message_id == n.message_id;
                if by_id && !same_id {
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
