//! Whether a page's structure links tell anything about line ends (tagged PDF, PDF
//! 32000-1:2008 §14.8): the interpreter links each glyph to the structure element of its
//! marked content (`structure`); this rule, over the glyphs' geometry, keeps those links only
//! where the elements follow the text's logical runs.

use std::collections::HashMap;

use lopdf::ObjectId;

use crate::read::pdf::drawn::Glyph;

/// Whether some structure element on this page holds glyphs on two lines: the test that
/// tells a document whose elements follow the text's logical runs (see [`keep_if_informative`]).
pub(crate) fn spans_lines(glyphs: &[Glyph]) -> bool {
    // The first line position seen for each element: the baseline, or for text that runs up
    // or down the page the origin's x.
    let mut first: HashMap<ObjectId, f64> = HashMap::new();
    glyphs.iter().filter(|g| !g.space).any(|g| {
        let Some(element) = g.element else {
            return false;
        };
        let at = if g.dir % 180 == 0 {
            g.baseline
        } else {
            g.origin_x
        };
        let line = *first.entry(element).or_insert(at);
        (at - line).abs() > 0.5 * g.size
    })
}

/// Drops the glyphs' structure links unless the document's elements follow the text's
/// logical runs: some element on this page or an earlier one holds glyphs on two lines
/// (`seen`: [`spans_lines`] of this page or of one before it). Structure tells a break from a
/// wrap only where its elements are such runs (a browser's text nodes, an office suite's
/// paragraphs or cells), which span the lines they wrap over; a producer that tags each
/// visual line says nothing about wraps, and its element boundaries would read as breaks at
/// every line end. Once seen, the structure is trusted on later pages too (a last page may
/// hold no wrapped run but a break on a full line).
pub(crate) fn keep_if_informative(glyphs: &mut [Glyph], seen: bool) {
    if !seen {
        for g in glyphs {
            g.element = None;
        }
    }
}
