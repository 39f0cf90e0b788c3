//! Content-stream lexer (PDF 32000-1:2008 §7.2 lexical conventions, §7.3 objects, §7.8.2
//! content streams, §8.9.7 inline images): decoded content bytes → one operation at a time.
//!
//! Input: a content stream's decoded bytes. Output: each operation's operator, borrowed from
//! the bytes, and its operands as lopdf objects, written into a vector the caller reuses; a
//! page's operations are never all held at once, and nothing is allocated per operation
//! beyond what a name, string, array or dictionary operand owns.
//!
//! It accepts exactly what lopdf 0.47's content parser (`Content::decode_iter`) accepts,
//! operation for operation, and stops where that parser stops: the interpreter tells a
//! stream read to its end from one broken off by its end mark (`graphics::content::Program`), so
//! "where the syntax ends" must not move. That grammar is narrower than §7.2 in places, kept
//! here on purpose: comments only between operations, not between operands; `null`, `true`
//! and `false` are read wherever they start a token (`nullx` is `null` and the operator `x`);
//! a minus sign inside a real's fraction is dropped (`0.00-41` is 0.0041, as pdf.js and
//! Poppler read it); reals are `f32`. Unit tests compare the two on every stream of every
//! PDF in the repository and on hostile bytes; the `content_lexer` fuzz target compares them
//! on arbitrary bytes (`check_against_lopdf`).
//!
//! Bounded on any input: every step consumes bytes, strings are read without recursion,
//! arrays and dictionaries nest at most `MAX_NESTING` deep, inline image data is taken only
//! as far as the bytes go. It does not interpret operators, decode filters or resolve
//! references.
//!
//! Size: one grammar, lopdf's, mirrored rule by rule so that the two can be compared; its
//! rules call one another and belong together.

use lopdf::{Dictionary, Object, Stream, StringFormat};

/// Arrays and dictionaries nested deeper than this are not syntax (lopdf's
/// `MAX_NESTING_DEPTH`; the recursion depth of this lexer).
const MAX_NESTING: usize = 100;
/// Parentheses nested inside a literal string's own pair beyond this make it not syntax
/// (lopdf's `MAX_BRACKET`).
const MAX_PARENS: usize = 100;

/// §7.2.2 Table 1: white-space characters.
fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

/// §7.2.2 Table 2: delimiter characters.
fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

/// Operators are letters, digits (not first: `d0`, `d1`) and `*`, `'`, `"` (Annex A).
fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

/// The value of a run of ASCII digits, or `None` beyond `u64`.
fn digits_value(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |value, &d| {
        value.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// An integer of `i64` from its sign and magnitude.
fn signed(negative: bool, magnitude: u64) -> Option<i64> {
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Powers of ten that `f64` holds exactly (5^22 < 2^53).
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The `f32` nearest to the decimal `±whole.fraction`, computed without parsing text, or
/// `None` where this shortcut cannot vouch for it (then `str::parse` decides).
///
/// The digits as an integer `m < 2^53` and `10^k` with `k <= 22` are exact in `f64`, so
/// `m / 10^k` is the `f64` nearest to the exact value (IEEE 754 division is correctly
/// rounded: Clinger's fast path). Rounding that `f64` to `f32` gives the `f32` nearest to
/// the exact value unless the `f64` lies exactly halfway between two `f32`s: a halfway
/// point is itself an `f64`, so were one strictly between the exact value and its nearest
/// `f64`, it would be nearer still. That case is left to `str::parse`. The value lies
/// between `10^-22` and `2^53`, inside `f32`'s normal range, where halfway points are the
/// `f64`s whose 29 low mantissa bits are `1` and 28 zeros.
fn decimal_f32(negative: bool, whole: &[u8], fraction: &[u8]) -> Option<f32> {
    const MAX_MANTISSA: u64 = 1 << 53;
    const HALF_BITS: u64 = (1 << 29) - 1;
    let power = *EXACT_POWERS.get(fraction.len())?;
    let mut mantissa = 0u64;
    for &d in whole.iter().chain(fraction) {
        mantissa = mantissa * 10 + u64::from(d - b'0');
        if mantissa >= MAX_MANTISSA {
            return None;
        }
    }
    let nearest = mantissa as f64 / power;
    if nearest.to_bits() & HALF_BITS == 1 << 28 {
        return None;
    }
    let value = nearest as f32;
    Some(if negative { -value } else { value })
}

/// A real's token (ASCII: sign, digits and one point) as `str::parse` reads it.
fn parse_f32(token: &[u8]) -> Option<f32> {
    std::str::from_utf8(token).ok()?.parse::<f32>().ok()
}

/// The operations of a content stream, one at a time.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    stopped: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        let mut lexer = Lexer {
            data,
            pos: 0,
            stopped: false,
        };
        lexer.skip_white();
        lexer
    }

    /// The next operation: its operands in `operands` (replacing what was there) and its
    /// operator, which is ASCII (letters, digits, `*`, `'`, `"`). `None` at the end of the
    /// data and at the first bytes that are not content-stream syntax, and ever after; the
    /// caller's end mark tells the two apart.
    pub fn next_into(&mut self, operands: &mut Vec<Object>) -> Option<&'a [u8]> {
        operands.clear();
        if self.stopped {
            return None;
        }
        let op = self.operation(operands);
        if op.is_none() {
            self.stopped = true;
            operands.clear();
        }
        op
    }

    fn rest(&self) -> &'a [u8] {
        &self.data[self.pos..]
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
    }

    /// A `%` comment with its end-of-line marker (§7.2.3); one that the data ends inside is
    /// not taken.
    fn comment(&mut self) -> bool {
        let rest = self.rest();
        if rest.first() != Some(&b'%') {
            return false;
        }
        let Some(eol) = rest.iter().position(|&c| c == b'\r' || c == b'\n') else {
            return false;
        };
        self.pos += eol
            + if rest[eol..].starts_with(b"\r\n") {
                2
            } else {
                1
            };
        true
    }

    /// White space and comments, as many as there are (between the parts of an object).
    fn space(&mut self) {
        loop {
            self.skip_white();
            if !self.comment() {
                return;
            }
        }
    }

    /// Runs `parse`; where it fails, the position is left where it was.
    fn attempt<T>(&mut self, parse: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let at = self.pos;
        let found = parse(self);
        if found.is_none() {
            self.pos = at;
        }
        found
    }

    fn operation(&mut self, operands: &mut Vec<Object>) -> Option<&'a [u8]> {
        // Comments come between operations, each followed by white space.
        while self.comment() {
            self.skip_white();
        }
        if self.rest().starts_with(b"BI") {
            self.pos += 2;
            self.skip_white();
            self.inline_image(operands)?;
            return Some(b"BI");
        }
        while let Some(operand) = self.attempt(Self::operand) {
            operands.push(operand);
            self.skip_white();
        }
        let rest = self.rest();
        let len = rest.iter().take_while(|&&c| is_operator_char(c)).count();
        if len == 0 || rest[0].is_ascii_digit() {
            return None;
        }
        self.pos += len;
        self.skip_white();
        Some(&rest[..len])
    }

    /// An operand, which is any direct object but a reference.
    fn operand(&mut self) -> Option<Object> {
        self.object(MAX_NESTING, false)
    }

    /// An object inside an array or dictionary at `depth` levels left: references allowed.
    fn direct(&mut self, depth: usize) -> Option<Object> {
        self.object(depth, true)
    }

    /// A direct object (§7.3) whose arrays and dictionaries may nest `depth` levels; a
    /// reference only where `references` allows one.
    fn object(&mut self, depth: usize, references: bool) -> Option<Object> {
        let rest = self.rest();
        // `null`, `true` and `false` wherever they start a token, whatever follows.
        let word =
            |word: &[u8], object: Object| rest.starts_with(word).then_some((word.len(), object));
        let keyword = match *rest.first()? {
            b'n' => word(b"null", Object::Null),
            b't' => word(b"true", Object::Boolean(true)),
            b'f' => word(b"false", Object::Boolean(false)),
            b'0'..=b'9' if references => {
                return self.attempt(Self::reference).or_else(|| self.number())
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => return self.number(),
            b'/' => return Some(Object::Name(self.name())),
            b'(' => return self.literal().map(Object::string_literal),
            b'<' => {
                return self
                    .attempt(Self::hex)
                    .or_else(|| self.dictionary(depth).map(Object::Dictionary))
            }
            b'[' => return self.array(depth).map(Object::Array),
            _ => None,
        };
        let (len, object) = keyword?;
        self.pos += len;
        Some(object)
    }

    /// §7.3.10: `12 0 R`, with white space or comments between the parts.
    fn reference(&mut self) -> Option<Object> {
        let id = u32::try_from(self.unsigned()?).ok()?;
        self.space();
        let generation = u16::try_from(self.unsigned()?).ok()?;
        self.space();
        (self.peek() == Some(b'R')).then(|| {
            self.pos += 1;
            Object::Reference((id, generation))
        })
    }

    fn unsigned(&mut self) -> Option<u64> {
        let digits = self.digits();
        if digits.is_empty() {
            return None;
        }
        digits_value(digits)
    }

    fn digits(&mut self) -> &'a [u8] {
        let rest = self.rest();
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        self.pos += n;
        &rest[..n]
    }

    /// An optional sign; whether it was `-`.
    fn sign(&mut self) -> bool {
        match self.peek() {
            Some(b'+') => {
                self.pos += 1;
                false
            }
            Some(b'-') => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// §7.3.3: a real where the token has a point, else an integer. Where it is neither (no
    /// digit, or an integer beyond `i64`), the position is left where it was.
    fn number(&mut self) -> Option<Object> {
        let start = self.pos;
        let negative = self.sign();
        let whole = self.digits();
        if self.peek() != Some(b'.') {
            let value = (!whole.is_empty())
                .then(|| signed(negative, digits_value(whole)?))
                .flatten();
            if value.is_none() {
                self.pos = start;
            }
            return value.map(Object::Integer);
        }
        self.pos += 1;
        let fraction = self.digits();
        if whole.is_empty() && fraction.is_empty() {
            self.pos = start;
            return None;
        }
        // A minus sign inside the fraction (`0.00-4142502`) is ignored, as pdf.js and
        // Poppler do.
        let tail = self.pos;
        let n = self
            .rest()
            .iter()
            .take_while(|&&c| c == b'-' || c.is_ascii_digit())
            .count();
        self.pos += n;
        let more = &self.data[tail..self.pos];
        let fast = if more.is_empty() {
            decimal_f32(negative, whole, fraction)
        } else {
            None
        };
        let token = &self.data[start..self.pos];
        let parsed = match fast {
            Some(value) => Some(value),
            None if more.contains(&b'-') => {
                let mut kept = vec![token[0]];
                kept.extend(token[1..].iter().filter(|&&c| c != b'-'));
                parse_f32(&kept)
            }
            None => parse_f32(token),
        };
        match parsed {
            Some(value) => Some(Object::Real(value)),
            // Not a real after all: what an integer reading makes of it.
            None => {
                self.pos = start;
                self.attempt(Self::integer).map(Object::Integer)
            }
        }
    }

    fn integer(&mut self) -> Option<i64> {
        let negative = self.sign();
        signed(negative, self.unsigned()?)
    }

    /// §7.3.5: the bytes of a name after its `/`, `#xx` read as one byte. A `#` without two
    /// hexadecimal digits ends the name (and what follows is no token).
    fn name(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut bytes = Vec::new();
        loop {
            let rest = self.rest();
            let run = rest
                .iter()
                .position(|&c| c == b'#' || !is_regular(c))
                .unwrap_or(rest.len());
            bytes.extend_from_slice(&rest[..run]);
            self.pos += run;
            let rest = self.rest();
            match rest {
                [b'#', h, l, ..] => match (hex_value(*h), hex_value(*l)) {
                    (Some(h), Some(l)) => {
                        bytes.push(h << 4 | l);
                        self.pos += 3;
                    }
                    _ => return bytes,
                },
                _ => return bytes,
            }
        }
    }

    /// §7.3.4.2: a literal string's bytes, escapes read, each end of line as `\n`, balanced
    /// parentheses kept.
    fn literal(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        loop {
            match self.peek()? {
                b')' => {
                    self.pos += 1;
                    if open == 0 {
                        return Some(out);
                    }
                    open -= 1;
                    out.push(b')');
                }
                b'(' => {
                    if open == MAX_PARENS {
                        return None;
                    }
                    open += 1;
                    self.pos += 1;
                    out.push(b'(');
                }
                b'\\' => {
                    self.pos += 1;
                    let c = self.peek()?;
                    let octal = self
                        .rest()
                        .iter()
                        .take(3)
                        .take_while(|c| (b'0'..=b'7').contains(c))
                        .count();
                    if octal > 0 {
                        // §7.3.4.2: high-order overflow is ignored.
                        let value = self.rest()[..octal]
                            .iter()
                            .fold(0u16, |v, &d| v * 8 + u16::from(d - b'0'));
                        out.push(value as u8);
                        self.pos += octal;
                        continue;
                    }
                    self.pos += 1;
                    match c {
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        other => out.push(other),
                    }
                }
                b'\r' => {
                    self.pos += 1;
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                b'\n' => {
                    self.pos += 1;
                    out.push(b'\n');
                }
                _ => {
                    let rest = self.rest();
                    let run = rest
                        .iter()
                        .position(|c| b"()\\\r\n".contains(c))
                        .unwrap_or(rest.len());
                    out.extend_from_slice(&rest[..run]);
                    self.pos += run;
                }
            }
        }
    }

    /// §7.3.4.3: a hexadecimal string, white space ignored, an odd last digit followed by 0.
    fn hex(&mut self) -> Option<Object> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            self.skip_white();
            let Some(v) = self.peek().and_then(hex_value) else {
                break;
            };
            self.pos += 1;
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
        }
        (self.peek() == Some(b'>')).then(|| {
            self.pos += 1;
            Object::String(out, StringFormat::Hexadecimal)
        })
    }

    /// §7.3.6, with `depth` levels of nesting left.
    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        self.pos += 1;
        self.space();
        let mut items = Vec::new();
        loop {
            // lopdf refuses an array at no depth left even when it is empty.
            if depth == 0 {
                return None;
            }
            let Some(item) = self.attempt(|l| l.direct(depth - 1)) else {
                break;
            };
            items.push(item);
            self.space();
        }
        (self.peek() == Some(b']')).then(|| {
            self.pos += 1;
            items
        })
    }

    /// §7.3.7, with `depth` levels of nesting left.
    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        if !self.rest().starts_with(b"<<") {
            return None;
        }
        self.pos += 2;
        self.space();
        let dict = self.entries(depth)?;
        self.rest().starts_with(b">>").then(|| {
            self.pos += 2;
            dict
        })
    }

    /// A dictionary's key–value pairs, up to the first byte that starts no key; a later
    /// value of a key replaces an earlier one.
    fn entries(&mut self, depth: usize) -> Option<Dictionary> {
        let mut dict = Dictionary::new();
        while self.peek() == Some(b'/') {
            let key = self.name();
            self.space();
            if depth == 0 {
                return None;
            }
            let value = self.direct(depth - 1)?;
            self.space();
            dict.set(key, value);
        }
        Some(dict)
    }

    /// §8.9.7: after `BI`, the image's dictionary, `ID`, one white-space byte and the data,
    /// which ends at `EI`. Data whose length the dictionary gives (no filter, a device or
    /// indexed colour space) becomes the operand, as lopdf makes it; other data is skipped
    /// to the first `EI` that stands between white space, and the operation has no operand.
    fn inline_image(&mut self, operands: &mut Vec<Object>) -> Option<()> {
        let dict = self.entries(MAX_NESTING)?;
        if !self.rest().starts_with(b"ID") {
            return None;
        }
        self.pos += 2;
        if self.rest().starts_with(b"\r\n") {
            self.pos += 2;
        } else if self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
        match image_length(&dict) {
            Some(len) if len <= self.rest().len() => {
                let data = self.rest()[..len].to_vec();
                self.pos += len;
                self.skip_white();
                if !self.rest().starts_with(b"EI") {
                    return None;
                }
                self.pos += 2;
                self.skip_white();
                operands.push(Object::Stream(Stream::new(dict, data)));
            }
            _ => {
                let rest = self.rest();
                let end = rest.windows(3).enumerate().position(|(i, w)| {
                    is_white(w[0])
                        && &w[1..] == b"EI"
                        && rest.get(i + 3).is_none_or(|&c| is_white(c))
                })?;
                self.pos += end + 3;
                self.skip_white();
            }
        }
        Some(())
    }
}

/// The byte length of an inline image's data as lopdf computes it, or `None` where lopdf
/// skips the image to `EI`: a filter, a missing or unknown colour space, a size that is not
/// a non-negative integer or overflows.
fn image_length(dict: &Dictionary) -> Option<usize> {
    let get = |abbr: &[u8], key: &[u8]| dict.get(abbr).or_else(|_| dict.get(key));
    let size = |abbr: &[u8], key: &[u8]| -> Option<Option<usize>> {
        // Outer None: the key is missing; inner None: present but not a size.
        let value = get(abbr, key).ok()?;
        Some(value.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
    };
    let width = size(b"W", b"Width")??;
    let height = size(b"H", b"Height")??;
    let mask = matches!(get(b"IM", b"ImageMask").and_then(Object::as_bool), Ok(true));
    let bpc = match size(b"BPC", b"BitsPerComponent") {
        // An image mask has one bit per sample, so BitsPerComponent is optional for it.
        None if mask => 1,
        bpc => bpc??,
    };
    let colours = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace").ok()? {
            Object::Array(a)
                if matches!(a.first().map(Object::as_name), Some(Ok(b"Indexed" | b"I"))) =>
            {
                1
            }
            space => match space.as_name().ok()? {
                b"DeviceGray" | b"G" | b"Gray" => 1,
                b"DeviceRGB" | b"RGB" => 3,
                b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                _ => return None,
            },
        }
    };
    if get(b"F", b"Filter").is_ok() {
        return None;
    }
    bpc.checked_mul(colours)
        .and_then(|bits| width.checked_mul(bits))
        .and_then(|row| row.div_ceil(8).checked_mul(height))
}

/// Compares this lexer with lopdf's content parser on `data`: the same operations, operator
/// and operands, up to where both stop. `Err` describes the first difference. For the
/// `content_lexer` fuzz target and the tests.
#[doc(hidden)]
pub fn check_against_lopdf(data: &[u8]) -> Result<usize, String> {
    let mut theirs = lopdf::content::Content::decode_iter(data).map_while(Result::ok);
    let mut lexer = Lexer::new(data);
    let mut operands = Vec::new();
    let mut count = 0;
    loop {
        let ours = lexer.next_into(&mut operands);
        match (ours, theirs.next()) {
            (None, None) => return Ok(count),
            (Some(op), Some(their))
                if op == their.operator.as_bytes() && operands == their.operands =>
            {
                count += 1;
            }
            (ours, their) => {
                return Err(format!(
                    "operation {count}: lexer {:?} {:?}, lopdf {:?}",
                    ours.map(String::from_utf8_lossy),
                    operands,
                    their.map(|o| (o.operator, o.operands))
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut lexer = Lexer::new(data);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lexer.next_into(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    fn agrees(data: &[u8]) -> usize {
        check_against_lopdf(data)
            .unwrap_or_else(|e| panic!("{e} on {:?}", String::from_utf8_lossy(data)))
    }

    #[test]
    fn reads_operators_and_operands() {
        let got = ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)) Tj [<00 4> -3 (c)] TJ ET");
        let names: Vec<&str> = got.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "ET"]);
        assert_eq!(
            got[1].1,
            vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]
        );
        assert_eq!(got[2].1[5], Object::Real(-0.5));
        assert_eq!(got[3].1, vec![Object::string_literal(b"a(b)".to_vec())]);
        assert_eq!(
            got[4].1,
            vec![Object::Array(vec![
                Object::String(vec![0x00, 0x40], StringFormat::Hexadecimal),
                Object::Integer(-3),
                Object::string_literal(b"c".to_vec()),
            ])]
        );
    }

    #[test]
    fn agrees_with_lopdf_on_syntax_and_its_quirks() {
        let cases: &[&[u8]] = &[
            b"",
            b"   \n",
            b"q Q",
            b"/Na#20me#2 x",
            b"/A#4x y",
            b"(a\\101\\7b\\\nc\\\r\nd\re\r\nf\\q) Tj",
            b"(unbalanced ( Tj",
            b"(ends in escape\\",
            b"<48 65 6C 6c 6F 7> Tj <> Tj < 4 > Tj <4g> Tj",
            b"<< /MCID 3 /A [1 0 R 2] /B << /C true >> >> BDC EMC",
            b"/P <</MCID 0>> BDC",
            b"1 2 % comment\n 3 re",
            b"% lead\n  % two\r\n q Q % tail\n",
            b"% no end of line",
            b"nullx truey falsez n t f",
            b"0.00-4142502 -1.-5 1.5.3 +.5 -. 1. .5 +5 --5 Td",
            b"99999999999999999999 x",
            b"-9223372036854775808 9223372036854775807 x",
            b"12abc 3d1 d0 T* ' \" x",
            b"[1 0R] x [1 0 R] y [4294967296 0 R] z [1 65536 R] w",
            b"[1 % c\n 2] x",
            b"{ x",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x01\x02 EI Q",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID\r\n\x01\x02\nEI Q",
            b"BI /W 1 /H 1 /IM true ID \x80 EI Q",
            b"BI /W 1 /H 1 /BPC 8 /CS /Pattern ID xyz EI Q",
            b"BI /W 1 /H 1 /BPC 8 /CS /G /F /AHx ID 00> EI Q",
            b"BI /W 1 /H 1 /BPC 8 /CS [/I /G 1 <00ff>] ID \x05 EI Q",
            b"BI /W 100 /H 100 /BPC 8 /CS /RGB ID short EI Q",
            b"BI /W -1 /H 1 ID x EI Q",
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x01 Q",
            b"BI /W 1 /H 1 ID noend",
            b"BIG x",
            b"1 BI",
            b"<< /K >> x",
            b"<< /K 1 /K 2 >> x",
        ];
        for case in cases {
            agrees(case);
        }
    }

    /// `decimal_f32` gives what `str::parse` gives, bit for bit, wherever it gives anything:
    /// on digits of every length up to past `2^53`, fractions up to past 22 digits, and
    /// values at and around halfway points between two `f32`s (`16777217` lies halfway
    /// between `16777216` and `16777218`).
    #[test]
    fn the_decimal_shortcut_rounds_as_parsing_does() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut cases: Vec<(String, String)> = vec![
            ("16777217".into(), "0".into()),
            ("16777217".into(), "".into()),
            ("33554434".into(), "".into()),
            ("0".into(), "0".into()),
            ("".into(), "5".into()),
            ("9007199254740993".into(), "".into()),
            ("1".into(), "0000000000000000000001".into()),
            ("1".into(), "00000000000000000000001".into()),
        ];
        for _ in 0..400_000 {
            let digits = 1 + next() % 18;
            let mantissa = next() % 10u64.pow(digits as u32);
            let text = mantissa.to_string();
            let point = (next() % (text.len() as u64 + 1)) as usize;
            let zeros = "0".repeat((next() % 4) as usize);
            cases.push((text[..point].into(), format!("{zeros}{}", &text[point..])));
        }
        // Halfway points and their neighbours, written exactly: from 2^12 up, a halfway
        // point has at most 12 fraction digits and fewer than 16 in all, so the shortcut
        // reaches its halfway test.
        for _ in 0..20_000 {
            let v = f32::from_bits(0x4580_0000 + (next() % 0x0900_0000) as u32);
            let half = (f64::from(v) + f64::from(f32::from_bits(v.to_bits() + 1))) / 2.0;
            for x in [half, half.next_up(), half.next_down()] {
                let text = format!("{x:.40}");
                let text = text.trim_end_matches('0');
                let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
                cases.push((whole.into(), fraction.into()));
            }
        }
        let (mut shortcut, mut halfway) = (0, 0);
        for (whole, fraction) in &cases {
            for negative in [false, true] {
                let token = format!("{}{whole}.{fraction}", if negative { "-" } else { "" });
                let parsed: f32 = token.parse().expect("a real's token");
                match decimal_f32(negative, whole.as_bytes(), fraction.as_bytes()) {
                    Some(v) => {
                        assert_eq!(v.to_bits(), parsed.to_bits(), "{token}");
                        shortcut += 1;
                    }
                    None if whole.len() + fraction.len() < 16 && fraction.len() <= 22 => {
                        halfway += 1
                    }
                    None => {}
                }
            }
        }
        // The shortcut must be the common case, or it saves nothing; halfway points reach
        // the parser.
        assert!(shortcut > cases.len(), "{shortcut} of {}", 2 * cases.len());
        assert!(halfway >= 20_000, "{halfway} halfway points");
    }

    #[test]
    fn nesting_stops_where_lopdf_stops() {
        for n in [1, 99, 100, 101, 150, 5000] {
            let arrays = [vec![b'['; n], vec![b']'; n], b" x".to_vec()].concat();
            agrees(&arrays);
            let dicts = [b"<</A ".repeat(n), b">>".repeat(n), b" x".to_vec()].concat();
            agrees(&dicts);
            let mixed = [b"[<</A ".repeat(n), b">>]".repeat(n), b" x".to_vec()].concat();
            agrees(&mixed);
            let parens = [vec![b'('; n], vec![b')'; n], b" Tj".to_vec()].concat();
            agrees(&parens);
        }
    }

    #[test]
    fn hostile_input_takes_linear_time() {
        // Each would make a naive backtracking reader rescan: a million of anything.
        let long: Vec<Vec<u8>> = vec![
            b"[".repeat(1_000_000),
            b"(".repeat(1_000_000),
            b"<<".repeat(500_000),
            b"1 ".repeat(500_000),
            b"BI ID ".repeat(200_000),
            [b"BI /W 1 /H 1 ID ".to_vec(), b"E".repeat(1_000_000)].concat(),
        ];
        let start = std::time::Instant::now();
        for data in &long {
            let mut lexer = Lexer::new(data);
            let mut operands = Vec::new();
            while lexer.next_into(&mut operands).is_some() {}
        }
        // Not a timing test of speed: a quadratic reading would take hours, not seconds.
        assert!(start.elapsed().as_secs() < 60);
    }

    #[test]
    fn agrees_with_lopdf_on_every_stream_of_every_repository_pdf() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("input"), root.join("tests")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("listable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "pdf") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 10, "the repository's PDFs: {}", files.len());
        let (mut streams, mut operations) = (0, 0);
        for path in files {
            // A decompression bomb: its purpose is to inflate beyond every limit.
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("inflates-"))
            {
                continue;
            }
            let Ok(doc) = lopdf::Document::load(&path) else {
                continue;
            };
            for object in doc.objects.values() {
                let Object::Stream(stream) = object else {
                    continue;
                };
                let data = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                operations += check_against_lopdf(&data)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                streams += 1;
            }
        }
        assert!(
            streams > 50 && operations > 100_000,
            "{streams} streams, {operations} operations"
        );
    }
}
