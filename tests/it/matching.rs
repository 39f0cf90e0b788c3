//! Entry matching (`diff::match_entries`): equal texts are paired before any text diff runs
//! (issue 16), and the pairs are exactly those of the plain rule: every candidate scored by
//! similarity, best first, ties in document order, taken greedily (same message ID first, then
//! similar text). Drawn from a fixed seed (`common::proptest_config`) over few message IDs and
//! short texts from a small alphabet, so repeated IDs, equal texts and near misses are common.

use crate::common;

use oqs_catalog::diff::{match_entries, text};
use oqs_catalog::model::{At, Entry, MessageId};
use proptest::prelude::*;

fn entry(id: Option<u32>, error_type: Option<String>, cause: String, action: String) -> Entry {
    Entry {
        error_type,
        message_id: id.map(MessageId::Single),
        cause: Some(cause),
        action: Some(action),
        contacts: Vec::new(),
        extra: Default::default(),
        source_text: Default::default(),
        errata: Vec::new(),
        at: At {
            page: None,
            sheet: None,
            row: None,
        },
    }
}

/// The rule as it reads, with no shortcut: every eligible pair scored.
fn reference(old: &[Entry], new: &[Entry]) -> Vec<(usize, usize)> {
    let key = |e: &Entry| {
        [&e.error_type, &e.cause, &e.action]
            .iter()
            .map(|s| s.as_deref().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (ko, kn): (Vec<String>, Vec<String>) =
        (old.iter().map(key).collect(), new.iter().map(key).collect());
    let (mut uo, mut un) = (vec![false; old.len()], vec![false; new.len()]);
    let mut pairs = Vec::new();
    for by_id in [true, false] {
        let mut cand: Vec<(f32, usize, usize)> = Vec::new();
        for i in (0..old.len()).filter(|&i| !uo[i]) {
            for j in (0..new.len()).filter(|&j| !un[j]) {
                let same = old[i].message_id.is_some() && old[i].message_id == new[j].message_id;
                if by_id && !same {
                    continue;
                }
                let score = text::similarity(&ko[i], &kn[j]);
                if by_id || score >= 0.6 {
                    cand.push((score, i, j));
                }
            }
        }
        cand.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then((a.1, a.2).cmp(&(b.1, b.2)))
        });
        for (_, i, j) in cand {
            if !uo[i] && !un[j] {
                (uo[i], un[j]) = (true, true);
                pairs.push((i, j));
            }
        }
    }
    pairs.sort();
    pairs
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(
        (
            prop::option::of(0u32..3),
            prop::option::of("[ab]{0,2}"),
            "[abc]{0,4}",
            "[ab]{0,3}",
        )
            .prop_map(|(id, e, c, a)| entry(id, e, c, a)),
        0..8,
    )
}

proptest! {
    #![proptest_config(common::proptest_config(512))]

    #[test]
    fn pairs_are_those_of_the_plain_rule(old in entries(), new in entries()) {
        prop_assert_eq!(match_entries(&old, &new), reference(&old, &new));
    }
}

#[test]
fn equal_rows_pair_in_document_order_and_edited_ones_by_similarity() {
    let e = |id, cause: &str| entry(id, None, cause.to_string(), "a".to_string());
    let old = [
        e(Some(1), "x"),
        e(Some(1), "x"),
        e(Some(1), "abcdef"),
        e(None, "hello"),
    ];
    let new = [
        e(Some(1), "abcdeg"),
        e(Some(1), "x"),
        e(None, "hellp"),
        e(Some(1), "x"),
    ];
    assert_eq!(
        match_entries(&old, &new),
        vec![(0, 1), (1, 3), (2, 0), (3, 2)]
    );
}
