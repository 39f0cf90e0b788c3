//! The content-stream operators the interpreter runs (PDF 32000-1:2008 Annex A, Table A.1),
//! told apart once per operation from the operator's bytes, so that running one is a jump on
//! an enum rather than a string compared against each operator in turn.
//!
//! Input: an operator as the lexer yields it. Output: an [`Op`]. Operators that differ only in
//! what this reader ignores (the fill rule of `f*`, the control points of `v` and `y`, the
//! obsolete `F`) are one variant; operators the interpreter does not run are [`Op::Other`].

/// A content-stream operator, by what the interpreter does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    // §8.4.4 graphics state.
    /// `q`
    Save,
    /// `Q`
    Restore,
    /// `cm`
    Concat,
    // §8.6.8 colour; `fill` tells the non-stroking form (lower case) from the stroking one.
    /// `g`, `G`
    Gray { fill: bool },
    /// `rg`, `RG`
    Rgb { fill: bool },
    /// `k`, `K`
    Cmyk { fill: bool },
    /// `cs`, `CS`
    ColourSpace { fill: bool },
    /// `sc`, `scn`, `SC`, `SCN`
    Colour { fill: bool },
    // §8.5.2 path construction.
    /// `m`
    MoveTo,
    /// `l`
    LineTo,
    /// `c`, `v`, `y`
    CurveTo,
    /// `h`
    ClosePath,
    /// `re`
    Rectangle,
    // §8.5.3 path painting, §8.5.4 clipping.
    /// `S`
    Stroke,
    /// `s`
    CloseStroke,
    /// `f`, `F`, `f*`
    Fill,
    /// `B`, `B*`
    FillStroke,
    /// `b`, `b*`
    CloseFillStroke,
    /// `n`
    EndPath,
    /// `W`, `W*`
    Clip,
    // §9.4 text objects, §9.3 text state.
    /// `BT`
    BeginText,
    /// `ET`
    EndText,
    /// `Tc`
    CharSpacing,
    /// `Tw`
    WordSpacing,
    /// `Tz`
    Scale,
    /// `TL`
    Leading,
    /// `Ts`
    Rise,
    /// `Tf`
    Font,
    // §9.4.2 text positioning.
    /// `Td`
    NextLineAt,
    /// `TD`
    NextLineAtLeading,
    /// `Tm`
    TextMatrix,
    /// `T*`
    NextLine,
    // §9.4.3 text showing.
    /// `Tj`
    Show,
    /// `'`
    NextLineShow,
    /// `"`
    SpacingNextLineShow,
    /// `TJ`
    ShowPositioned,
    // §8.8 external objects, §8.9.7 inline images.
    /// `Do`
    XObject,
    /// `BI`, `EI`
    InlineImage,
    // §14.6 marked content.
    /// `BMC`, `BDC`
    BeginMarked,
    /// `EMC`
    EndMarked,
    /// Any other operator: run as doing nothing.
    Other,
}

impl Op {
    pub fn of(operator: &[u8]) -> Op {
        match operator {
            b"q" => Op::Save,
            b"Q" => Op::Restore,
            b"cm" => Op::Concat,
            b"g" => Op::Gray { fill: true },
            b"G" => Op::Gray { fill: false },
            b"rg" => Op::Rgb { fill: true },
            b"RG" => Op::Rgb { fill: false },
            b"k" => Op::Cmyk { fill: true },
            b"K" => Op::Cmyk { fill: false },
            b"cs" => Op::ColourSpace { fill: true },
            b"CS" => Op::ColourSpace { fill: false },
            b"sc" | b"scn" => Op::Colour { fill: true },
            b"SC" | b"SCN" => Op::Colour { fill: false },
            b"m" => Op::MoveTo,
            b"l" => Op::LineTo,
            b"c" | b"v" | b"y" => Op::CurveTo,
            b"h" => Op::ClosePath,
            b"re" => Op::Rectangle,
            b"S" => Op::Stroke,
            b"s" => Op::CloseStroke,
            b"f" | b"F" | b"f*" => Op::Fill,
            b"B" | b"B*" => Op::FillStroke,
            b"b" | b"b*" => Op::CloseFillStroke,
            b"n" => Op::EndPath,
            b"W" | b"W*" => Op::Clip,
            b"BT" => Op::BeginText,
            b"ET" => Op::EndText,
            b"Tc" => Op::CharSpacing,
            b"Tw" => Op::WordSpacing,
            b"Tz" => Op::Scale,
            b"TL" => Op::Leading,
            b"Ts" => Op::Rise,
            b"Tf" => Op::Font,
            b"Td" => Op::NextLineAt,
            b"TD" => Op::NextLineAtLeading,
            b"Tm" => Op::TextMatrix,
            b"T*" => Op::NextLine,
            b"Tj" => Op::Show,
            b"'" => Op::NextLineShow,
            b"\"" => Op::SpacingNextLineShow,
            b"TJ" => Op::ShowPositioned,
            b"Do" => Op::XObject,
            b"BI" | b"EI" => Op::InlineImage,
            b"BMC" | b"BDC" => Op::BeginMarked,
            b"EMC" => Op::EndMarked,
            _ => Op::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Op;

    #[test]
    fn operators_are_told_apart_by_all_their_bytes() {
        assert_eq!(Op::of(b"Tj"), Op::Show);
        assert_eq!(Op::of(b"TJ"), Op::ShowPositioned);
        assert_eq!(Op::of(b"scn"), Op::Colour { fill: true });
        assert_eq!(Op::of(b"SCN"), Op::Colour { fill: false });
        assert_eq!(Op::of(b"f*"), Op::Fill);
        for other in [
            &b""[..],
            b"Tjx",
            b"T",
            b"sh",
            b"gs",
            b"d0",
            b"BX",
            b"OQSend0",
        ] {
            assert_eq!(
                Op::of(other),
                Op::Other,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }
}
