//! A1-style cell references as a workbook spells them (`E17`, `A3:C4`, a row number `17`),
//! parsed into 0-based positions inside the sheet's limits.
//!
//! Input: the text of a reference attribute (ECMA-376 Part 1 §18.18.7 ST_CellRef, §18.18.62
//! ST_Ref, the row's `r`). Output: a position, or why it is not one. Arithmetic stops as soon
//! as a value passes the limit, so no spelling can overflow (issue 17: calamine's
//! `get_row_and_optional_column` multiplied `GINLINESTR` into a panic). It does not know
//! sheets or files: the caller names them in its error.

use crate::grid::cell_ref;

/// Rows of a sheet: Excel's limit, which LibreOffice also keeps (2^20).
pub const MAX_ROWS: u64 = 1_048_576;
/// Columns of a sheet: Excel's limit (`XFD`, 2^14), also LibreOffice's since 7.4.
pub const MAX_COLS: u64 = 16_384;

/// A 0-based (row, column) inside the limits.
pub type Pos = (u32, u32);

/// Why a reference is not a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Not letters then digits (or not digits, for a row).
    Malformed,
    /// Well formed, but past the last row or column.
    Beyond,
}

impl RefError {
    /// The reason, for a message that names the reference itself.
    pub fn reason(&self) -> String {
        match self {
            RefError::Malformed => "not a cell reference".to_string(),
            RefError::Beyond => beyond(),
        }
    }
}

/// The reason given for any position past the limits.
pub fn beyond() -> String {
    format!("beyond the sheet's limits ({MAX_COLS} columns, {MAX_ROWS} rows)")
}

/// Whether a 0-based position lies inside the limits.
pub fn inside(row: u64, col: u64) -> bool {
    row < MAX_ROWS && col < MAX_COLS
}

/// The reference of a 0-based position that may lie past the limits, for messages.
pub fn name(row: u64, col: u64) -> String {
    let clamp = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    match (usize::try_from(row), usize::try_from(col)) {
        (Ok(r), Ok(c)) if r < usize::MAX => cell_ref(r, c),
        _ => format!(
            "R{}C{}",
            row.saturating_add(1),
            clamp(col).saturating_add(1)
        ),
    }
}

/// `E17` → (16, 4).
pub fn parse_cell(text: &str) -> Result<Pos, RefError> {
    let bytes = text.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 {
        return Err(RefError::Malformed);
    }
    let col = parse_letters(&bytes[..letters])?;
    let row = parse_number(&bytes[letters..])?;
    Ok((row, col))
}

/// `A3:C4` (or a single cell `A3`) → its first and last positions, first ≤ last.
pub fn parse_range(text: &str) -> Result<(Pos, Pos), RefError> {
    let (first, last) = match text.split_once(':') {
        Some((a, b)) => (parse_cell(a)?, parse_cell(b)?),
        None => {
            let p = parse_cell(text)?;
            (p, p)
        }
    };
    if last.0 < first.0 || last.1 < first.1 {
        return Err(RefError::Malformed);
    }
    Ok((first, last))
}

/// A 1-based row number (`17`) → its 0-based index.
pub fn parse_row(text: &str) -> Result<u32, RefError> {
    parse_number(text.as_bytes())
}

/// Base-26 column letters, `A` = 0; upper or lower case.
fn parse_letters(letters: &[u8]) -> Result<u32, RefError> {
    let mut col: u64 = 0;
    for b in letters {
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        if col > MAX_COLS {
            return Err(RefError::Beyond);
        }
    }
    // `col` is 1..=MAX_COLS here, so it fits.
    u32::try_from(col - 1).map_err(|_| RefError::Beyond)
}

/// A 1-based decimal number of at least one digit → 0-based, at most `MAX_ROWS`.
fn parse_number(digits: &[u8]) -> Result<u32, RefError> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(RefError::Malformed);
    }
    let mut row: u64 = 0;
    for b in digits {
        row = row * 10 + u64::from(b - b'0');
        if row > MAX_ROWS {
            return Err(RefError::Beyond);
        }
    }
    match row {
        0 => Err(RefError::Malformed),
        // 1..=MAX_ROWS fits.
        _ => u32::try_from(row - 1).map_err(|_| RefError::Beyond),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_the_limits() {
        assert_eq!(parse_cell("A1"), Ok((0, 0)));
        assert_eq!(parse_cell("E17"), Ok((16, 4)));
        assert_eq!(parse_cell("e17"), Ok((16, 4)));
        assert_eq!(parse_cell("XFD1048576"), Ok((1_048_575, 16_383)));
        assert_eq!(parse_cell("A0001"), Ok((0, 0)));
        assert_eq!(parse_row("1048576"), Ok(1_048_575));
        assert_eq!(parse_range("A3:C4"), Ok(((2, 0), (3, 2))));
        assert_eq!(parse_range("B2"), Ok(((1, 1), (1, 1))));
    }

    #[test]
    fn references_past_the_limits_are_beyond_not_overflows() {
        assert_eq!(parse_cell("XFE1"), Err(RefError::Beyond));
        assert_eq!(parse_cell("A1048577"), Err(RefError::Beyond));
        // The flipped byte of issue 17: ten letters would overflow u32 arithmetic.
        assert_eq!(parse_cell("GINLINESTR1"), Err(RefError::Beyond));
        assert_eq!(
            parse_cell("A99999999999999999999999"),
            Err(RefError::Beyond)
        );
        assert_eq!(parse_row("4294967297"), Err(RefError::Beyond));
    }

    #[test]
    fn malformed_references() {
        for bad in [
            "", "A", "1", "A0", "A1B", "A-1", "Ａ1", "A1 ", "$A$1", "A+1",
        ] {
            assert_eq!(parse_cell(bad), Err(RefError::Malformed), "{bad:?}");
        }
        assert_eq!(parse_row("0"), Err(RefError::Malformed));
        assert_eq!(parse_row("+1"), Err(RefError::Malformed));
        // A reversed range (the other flip of issue 17, `A83:A46`) is not a range.
        assert_eq!(parse_range("A83:A46"), Err(RefError::Malformed));
        assert_eq!(parse_range("B1:A1"), Err(RefError::Malformed));
        assert_eq!(parse_range("A1:B2:C3"), Err(RefError::Malformed));
    }

    #[test]
    fn names_past_the_limits() {
        assert_eq!(name(0, MAX_COLS), "XFE1");
        assert_eq!(name(MAX_ROWS, 0), "A1048577");
        assert_eq!(name(u64::MAX, 0), "R18446744073709551615C1");
    }
}
