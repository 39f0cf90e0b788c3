//! What the YAML text says that deserializing would not show: explicit tags, the size of what
//! aliases repeat, and how deep it nests. It runs libyaml's parser, the one yaml_serde
//! deserializes with, over the same text, so both see the same document.
//!
//! Input: the text. Output: the first finding with its position, or none. yaml_serde drops a
//! tag such as `!!binary` or `!custom` on a string without a word, and expands aliases as
//! often as they are used: a few hundred bytes of nested aliases (the "billion laughs") stand
//! for gigabytes. libyaml's scanner checks every open level for a stale simple key on each
//! token, so its time grows with the depth times the length: 40,000 nested `[` (80 KB) took
//! 30 s in a debug build, 20,000 took 7 s (fuzzing found it,
//! `tests/regressions/yaml-deep-flow-nesting.yaml`); the scan stops
//! at [`MAX_DEPTH`] and at [`MAX_NODES`], before the deserializer runs. Syntax errors are
//! left to the deserializer, which reports them.

use std::collections::HashMap;
use std::ffi::CStr;
use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// What aliases may add to a document, beyond as much as the document holds itself, in
/// bytes of scalar text and nodes (one unit per node).
pub const ALIAS_SLACK: u64 = 64 * 1024;

/// The deepest nesting accepted: the files read here nest about eight levels (a model's
/// contact: codes, code, entries, entry, contacts, contact).
pub const MAX_DEPTH: usize = 64;

/// The most nodes (scalars, sequences, mappings, aliases) accepted: the 1.20 model has about
/// 3,000. yaml_serde holds every event of a document in memory at once, about 150 bytes each:
/// 3.9 million one-letter items (7.8 MB of text) took 713 MB and 1.9 s before this limit.
pub const MAX_NODES: u64 = 500_000;

/// A finding, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An explicit tag, as written after resolution (`tag:yaml.org,2002:binary`, `!custom`).
    Tag(String),
    /// Aliases repeat more than the document holds; the size it reached.
    Expansion { plain: u64, repeated: u64 },
    /// Sequences and mappings nested deeper than [`MAX_DEPTH`].
    Depth,
    /// More than [`MAX_NODES`] nodes.
    Nodes,
}

/// The first tag, or the alias use that makes aliases repeat more than the document holds
/// (plus [`ALIAS_SLACK`]).
pub fn scan(text: &str) -> Option<Finding> {
    let mut parser = Parser::new(text)?;
    // Size of each anchored node, counting what its own aliases repeat.
    let mut anchors: HashMap<Vec<u8>, u64> = HashMap::new();
    // Open sequences and mappings: their anchor and the size before they started.
    let mut open: Vec<(Option<Vec<u8>>, u64)> = Vec::new();
    let (mut plain, mut repeated, mut nodes) = (0u64, 0u64, 0u64);
    loop {
        let event = parser.next()?;
        let at = |problem| Finding {
            line: event.line,
            column: event.column,
            problem,
        };
        if let Some(tag) = event.tag {
            return Some(at(Problem::Tag(tag)));
        }
        if matches!(event.kind, Kind::Scalar(_) | Kind::Start | Kind::Alias(_)) {
            nodes += 1;
            if nodes > MAX_NODES {
                return Some(at(Problem::Nodes));
            }
        }
        match event.kind {
            Kind::End => return None,
            Kind::Scalar(len) => {
                plain += 1 + len;
                if let Some(anchor) = event.anchor {
                    anchors.insert(anchor, 1 + len);
                }
            }
            Kind::Start => {
                plain += 1;
                open.push((event.anchor, plain + repeated - 1));
                if open.len() > MAX_DEPTH {
                    return Some(at(Problem::Depth));
                }
            }
            Kind::Close => {
                if let Some((Some(anchor), start)) = open.pop() {
                    anchors.insert(anchor, plain + repeated - start);
                }
            }
            // An unknown anchor is the deserializer's error to report.
            Kind::Alias(anchor) => repeated += anchors.get(&anchor).copied().unwrap_or(1),
            Kind::Other => {}
        }
        if repeated > plain + ALIAS_SLACK {
            return Some(at(Problem::Expansion { plain, repeated }));
        }
    }
}

enum Kind {
    End,
    /// A scalar of this many bytes.
    Scalar(u64),
    /// A sequence or mapping starts.
    Start,
    /// A sequence or mapping ends.
    Close,
    Alias(Vec<u8>),
    Other,
}

struct Event {
    kind: Kind,
    anchor: Option<Vec<u8>>,
    tag: Option<String>,
    line: usize,
    column: usize,
}

/// libyaml's parser over a borrowed text; deleted on drop.
struct Parser<'a> {
    // Boxed: libyaml keeps pointers into its own struct, so it must not move once initialized.
    sys: Box<MaybeUninit<sys::yaml_parser_t>>,
    _text: &'a str,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Option<Parser<'a>> {
        let mut raw = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: `raw` points to writable memory for a parser; initialize fills all of it.
        if unsafe { sys::yaml_parser_initialize(raw.as_mut_ptr()) }.fail {
            return None;
        }
        let mut parser = Parser {
            sys: raw,
            _text: text,
        };
        let p = parser.sys.as_mut_ptr();
        // SAFETY: the parser is initialized; `text` outlives it (the lifetime 'a ties them),
        // and libyaml only reads `text.len()` bytes from its start.
        unsafe {
            sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
            sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        }
        Some(parser)
    }

    /// The next event, or `None` after a syntax error.
    fn next(&mut self) -> Option<Event> {
        let mut raw = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser is initialized and its input set; `raw` is writable memory for
        // one event, which `yaml_parser_parse` fills on success.
        if unsafe { sys::yaml_parser_parse(self.sys.as_mut_ptr(), raw.as_mut_ptr()) }.fail {
            return None;
        }
        // SAFETY: parse succeeded, so the event is initialized; its pointers are valid until
        // `yaml_event_delete`, which runs after they were copied out.
        unsafe {
            let e = raw.assume_init_mut();
            let event = convert(e);
            sys::yaml_event_delete(e);
            Some(event)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: the parser was initialized in `new` and is deleted once, here.
        unsafe { sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

/// Copies what [`scan`] needs out of an event.
///
/// # Safety
/// `e` must be an event filled by a successful `yaml_parser_parse`, not yet deleted.
unsafe fn convert(e: &sys::yaml_event_t) -> Event {
    // SAFETY (for the union reads): each arm reads the member that libyaml fills for that
    // event type (yaml.h, `yaml_event_s`).
    let (kind, anchor, tag) = match e.type_ {
        sys::YAML_STREAM_END_EVENT => (Kind::End, std::ptr::null_mut(), std::ptr::null_mut()),
        sys::YAML_SCALAR_EVENT => {
            let s = unsafe { e.data.scalar };
            (Kind::Scalar(s.length), s.anchor, s.tag)
        }
        sys::YAML_SEQUENCE_START_EVENT => {
            let s = unsafe { e.data.sequence_start };
            (Kind::Start, s.anchor, s.tag)
        }
        sys::YAML_MAPPING_START_EVENT => {
            let m = unsafe { e.data.mapping_start };
            (Kind::Start, m.anchor, m.tag)
        }
        sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => {
            (Kind::Close, std::ptr::null_mut(), std::ptr::null_mut())
        }
        sys::YAML_ALIAS_EVENT => {
            let a = unsafe { e.data.alias };
            let name = unsafe { bytes(a.anchor) }.unwrap_or_default();
            (
                Kind::Alias(name),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
        _ => (Kind::Other, std::ptr::null_mut(), std::ptr::null_mut()),
    };
    Event {
        kind,
        anchor: unsafe { bytes(anchor) },
        tag: unsafe { bytes(tag) }.map(|t| String::from_utf8_lossy(&t).into_owned()),
        line: usize::try_from(e.start_mark.line)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
        column: usize::try_from(e.start_mark.column)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
    }
}

/// The bytes of a NUL-terminated libyaml string, `None` for a null pointer.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string that lives through the call.
unsafe fn bytes(p: *mut u8) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    Some(unsafe { CStr::from_ptr(p.cast()) }.to_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(usize, usize, Problem)> {
        scan(text).map(|f| (f.line, f.column, f.problem))
    }

    #[test]
    fn tags_are_found_where_they_are() {
        assert_eq!(
            problem("a: 1\nb: !!binary aGVsbG8=\n"),
            Some((2, 4, Problem::Tag("tag:yaml.org,2002:binary".into())))
        );
        assert_eq!(
            problem("codes:\n  - !custom {code: '001'}\n"),
            Some((2, 5, Problem::Tag("!custom".into())))
        );
        assert_eq!(problem("title: 'a !!binary b' # !x\n"), None);
    }

    #[test]
    fn billion_laughs_stop_early_and_modest_reuse_passes() {
        let mut text = String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let f = scan(&text).expect("expansion found");
        assert!(matches!(f.problem, Problem::Expansion { .. }), "{f:?}");
        assert!(f.line <= 7, "found late: {f:?}");

        let reuse = "reason: &r 'same reason'\nerrata:\n  - {reason: *r}\n  - {reason: *r}\n";
        assert_eq!(scan(reuse), None);
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(problem(&deep), Some((1, 3 + MAX_DEPTH, Problem::Depth)),);
        let block: String = (0..100)
            .map(|i| format!("{}- x\n{}-\n", " ".repeat(2 * i), " ".repeat(2 * i)))
            .collect();
        assert!(matches!(problem(&block), Some((_, _, Problem::Depth))));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(problem(&ok), None);
    }

    #[test]
    fn the_number_of_nodes_is_bounded() {
        let many = format!("[{}]\n", "a,".repeat(MAX_NODES as usize));
        assert_eq!(
            problem(&many),
            Some((1, 2 * MAX_NODES as usize, Problem::Nodes))
        );
        let enough = format!("[{}a]\n", "a,".repeat(MAX_NODES as usize - 2));
        assert_eq!(problem(&enough), None);
    }

    #[test]
    fn syntax_errors_are_left_to_the_deserializer() {
        assert_eq!(scan("a: [1, 2\n"), None);
        assert_eq!(scan("a: *nowhere\n"), None);
    }
}
