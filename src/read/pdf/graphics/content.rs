//! A content stream's decoded bytes as a program to run (PDF 32000-1:2008 §7.8.2), with a mark
//! that tells a stream read to its end from one whose parsing broke off.

use super::Exceeded;

/// Decoded bytes of one content stream program (a page's streams together, or one form).
/// The lexer holds an operator's operands as lopdf objects of about 100 bytes each, so a stream of
/// nothing but numbers ahead of one operator takes fifty times its size; this bounds that.
/// The largest page of the 1.20 PDF has 38 KB of content, of the Chromium variant 66 KB.
const CONTENT_BYTES: usize = 8 << 20;

/// A content stream's decoded bytes, ready to run.
///
/// The lexer (`objects::lexer`, lopdf's grammar) ends silently at the first token it cannot parse, exactly as
/// it ends at the end of the data; the rest of the stream would be lost unnoticed. So an
/// operator that the data does not contain is appended as an end mark: the stream was read to
/// its end only when the mark is the last operation yielded, with no operands before it.
pub(crate) struct Program {
    pub(super) bytes: Vec<u8>,
    pub(super) end: String,
    /// The stream(s) it was decoded from, for messages.
    pub(super) name: String,
    /// Its bytes are only what could be decoded (already reported): a syntax error at
    /// their end is no news.
    pub(super) partial: bool,
}

impl Program {
    pub fn new(mut bytes: Vec<u8>, name: String, partial: bool) -> Result<Program, Exceeded> {
        if bytes.len() > CONTENT_BYTES {
            return Err(Exceeded {
                what: "MiB of decoded content in one stream",
                max: CONTENT_BYTES >> 20,
            });
        }
        let end = end_mark(&bytes);
        bytes.push(b'\n');
        bytes.extend_from_slice(end.as_bytes());
        Ok(Program {
            bytes,
            end,
            name,
            partial,
        })
    }
}

/// An operator `OQSend<k>` that `bytes` cannot hold as a token: `k` differs from every
/// number that follows `OQSend` in them (one pass, however often they name it).
fn end_mark(bytes: &[u8]) -> String {
    const STEM: &[u8] = b"OQSend";
    let mut taken = std::collections::HashSet::new();
    let mut rest = bytes;
    // Each `O` is a candidate: one comparison of a byte per byte, not of a window.
    while let Some(at) = rest.iter().position(|&b| b == STEM[0]) {
        rest = &rest[at..];
        if !rest.starts_with(STEM) {
            rest = &rest[1..];
            continue;
        }
        rest = &rest[STEM.len()..];
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if let Some(k) = std::str::from_utf8(&rest[..digits])
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
        {
            taken.insert(k);
        }
    }
    let k = (0u64..).find(|k| !taken.contains(k)).unwrap_or_default();
    format!("OQSend{k}")
}

#[cfg(test)]
mod tests {
    use super::end_mark;

    #[test]
    fn the_end_mark_is_never_a_token_of_the_content() {
        assert_eq!(end_mark(b"q Q"), "OQSend0");
        assert_eq!(end_mark(b"OQSend0 OQSend2 OQSend"), "OQSend1");
        // Content that names ten thousand marks costs one pass, not one per mark.
        let many: String = (0..10_000).map(|k| format!("OQSend{k} ")).collect();
        assert_eq!(end_mark(many.as_bytes()), "OQSend10000");
        // A longer token that starts like a mark is another token.
        assert_eq!(end_mark(b"OQSend12"), "OQSend0");
    }
}
