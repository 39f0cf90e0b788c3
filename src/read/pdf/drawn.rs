//! What the content-stream interpreter (`graphics`) yields and page layout (`layout`) reads:
//! positioned glyphs and line segments in display space (points, origin at the top left of
//! the visible page, y down), and counts of what was not drawn as text.
//!
//! Plain data: no behaviour beyond the fields, so layout depends on these types and never on
//! the interpreter itself.

use lopdf::ObjectId;

use super::geom::Rect;

/// One glyph as shown on the page, in display space.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub text: String,
    pub bbox: Rect,
    /// Display-space y of the glyph origin: glyphs of one line share it.
    pub baseline: f64,
    /// Display-space x of the glyph origin.
    pub origin_x: f64,
    /// Writing direction: the direction of the advance in display space, in degrees
    /// counter-clockwise as seen on the page, quantized to 0, 90 (bottom to top), 180 or 270.
    pub dir: u16,
    /// Rendered font size (points).
    pub size: f64,
    /// The glyph is white space (drawn space glyphs matter for joining lines).
    pub space: bool,
    /// The structure element (tagged PDF) whose marked content shows the glyph.
    pub element: Option<ObjectId>,
}

/// A straight line segment that was stroked, or a thin filled shape read as one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Everything a page's content drew.
#[derive(Debug, Default)]
pub(crate) struct Drawn {
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    /// Non-space glyphs outside the clipping path (never visible).
    pub clipped: usize,
    pub images: usize,
    /// Character codes no mapping gives text for, read as U+FFFD (only when damage is not
    /// refused): (font, code, code length in bytes) → how many glyphs.
    pub unmapped: UnmappedCodes,
}

/// What [`Drawn::unmapped`] counts.
pub(crate) type UnmappedCodes = std::collections::BTreeMap<(String, u32, u8), usize>;
