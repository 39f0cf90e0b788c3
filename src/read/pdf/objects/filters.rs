//! Stream filters (PDF 32000-1:2008 §7.4): a stream's bytes decoded, and whether the decoding
//! reached the end of the data.
//!
//! lopdf decodes leniently, as a viewer should: a FlateDecode stream whose data is cut short
//! or corrupt gives the bytes inflated so far, an ASCII85 stream stops at the first stray byte,
//! LZW errors are logged, all without an error. Read that way, a damaged page loses table rows
//! and nobody is told (issue 10). This module decodes the filters that text streams use —
//! FlateDecode, LZWDecode, ASCIIHexDecode, ASCII85Decode, RunLengthDecode — itself and reports
//! data that ends before its end-of-data mark, or that is corrupt, as [`Decoded::Partial`].
//! Predictors (§7.4.4.4) and any other filter are left to lopdf once the data is known to be
//! complete. Image filters (DCT, JPX, CCITT, JBIG2) are never decoded here: no stream this
//! reader reads uses them, and a stream that does is reported as not decodable.
//!
//! Input: a stream and a limit on each filter's output. Output: the decoded bytes, complete or
//! partial with the reason. It charges nothing and decides nothing: the caller's budget and
//! damage policy do (`super::Budget`).

use lopdf::{Dictionary, Object, Stream};

/// A stream's bytes after its filters.
#[derive(Debug, PartialEq)]
pub(crate) enum Decoded {
    Complete(Vec<u8>),
    /// The data decoded as far as it goes; `reason` reads after "cannot be decoded (…)".
    Partial {
        data: Vec<u8>,
        reason: String,
    },
}

/// A filter's output would exceed the limit.
#[derive(Debug, PartialEq)]
pub(crate) struct OverLimit;

/// The most filters one stream may name (lopdf's bound, `Stream::MAX_FILTERS`): each may
/// produce as much output as the limit allows.
const MAX_FILTERS: usize = 16;

/// Decodes `stream` through its `/Filter` chain; no filter's output may exceed `limit` bytes.
/// After a filter that stops short, the rest of the chain runs on what it gave, and the
/// result is partial with the first reason.
pub(crate) fn decode(stream: &Stream, limit: usize) -> Result<Decoded, OverLimit> {
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter") {
        Err(_) => Vec::new(),
        Ok(Object::Name(n)) => vec![n.as_slice()],
        Ok(Object::Array(a)) => match a.iter().map(|o| o.as_name().ok()).collect() {
            Some(names) => names,
            None => {
                return Ok(unreadable(
                    "its /Filter array holds something other than names",
                ))
            }
        },
        Ok(_) => return Ok(unreadable("its /Filter is neither a name nor an array")),
    };
    if filters.len() > MAX_FILTERS {
        return Ok(unreadable(&format!(
            "it names {} filters, more than {MAX_FILTERS}",
            filters.len()
        )));
    }
    if stream.content.len() > limit {
        return Err(OverLimit);
    }
    let params = stream.dict.get(b"DecodeParms").ok();
    let mut data = std::borrow::Cow::Borrowed(stream.content.as_slice());
    let mut first_reason = None;
    for (i, &name) in filters.iter().enumerate() {
        let params = match params {
            Some(Object::Array(a)) => a.get(i).and_then(|p| p.as_dict().ok()),
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let out = filter(name, &data, params, limit)?;
        let bytes = match out {
            Decoded::Complete(bytes) => bytes,
            Decoded::Partial { data, reason } => {
                first_reason.get_or_insert(reason);
                data
            }
        };
        data = std::borrow::Cow::Owned(bytes);
    }
    let data = data.into_owned();
    Ok(match first_reason {
        None => Decoded::Complete(data),
        Some(reason) => Decoded::Partial { data, reason },
    })
}

fn unreadable(reason: &str) -> Decoded {
    Decoded::Partial {
        data: Vec::new(),
        reason: reason.to_string(),
    }
}

fn filter(
    name: &[u8],
    input: &[u8],
    params: Option<&Dictionary>,
    limit: usize,
) -> Result<Decoded, OverLimit> {
    let decoded = match name {
        // §7.4.4; the abbreviations are those of inline images (§8.9.7, Table 94).
        b"FlateDecode" | b"Fl" => flate(input, limit)?,
        b"LZWDecode" | b"LZW" => lzw(input, params, limit)?,
        b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
        b"ASCII85Decode" | b"A85" => ascii85(input)?,
        b"RunLengthDecode" | b"RL" => run_length(input, limit)?,
        other => return by_lopdf(other, input, params, limit),
    };
    let (Decoded::Complete(data) | Decoded::Partial { data, .. }) = &decoded;
    if data.len() > limit {
        return Err(OverLimit);
    }
    match decoded {
        Decoded::Complete(_) if has_predictor(name, params) => by_lopdf(name, input, params, limit),
        other => Ok(other),
    }
}

/// A predictor (§7.4.4.4, Table 8) applies to FlateDecode and LZWDecode only.
fn has_predictor(name: &[u8], params: Option<&Dictionary>) -> bool {
    matches!(name, b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW")
        && params
            .and_then(|p| p.get(b"Predictor").ok())
            .and_then(|p| p.as_i64().ok())
            .is_some_and(|p| p > 1)
}

/// One filter decoded by lopdf: predictors once the data is known to be complete, and
/// filters this module does not decode itself.
fn by_lopdf(
    name: &[u8],
    input: &[u8],
    params: Option<&Dictionary>,
    limit: usize,
) -> Result<Decoded, OverLimit> {
    let mut dict = Dictionary::new();
    dict.set("Filter", Object::Name(name.to_vec()));
    if let Some(p) = params {
        dict.set("DecodeParms", Object::Dictionary(p.clone()));
    }
    let single = Stream::new(dict, input.to_vec());
    match single.get_plain_content_with_limit(limit) {
        Ok(data) => Ok(Decoded::Complete(data)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(OverLimit)
        }
        Err(lopdf::Error::Unimplemented(_)) => Ok(unreadable(&format!(
            "its filter /{} is not one this reader decodes",
            String::from_utf8_lossy(name)
        ))),
        Err(_) => Ok(unreadable(&format!(
            "its /{} data is corrupt",
            String::from_utf8_lossy(name)
        ))),
    }
}

const ENDS_EARLY: &str = "the data ends before its end-of-data mark";

/// FlateDecode (§7.4.4): zlib (RFC 1950) around deflate (RFC 1951). Complete only when the
/// deflate data reaches its final block's end.
fn flate(input: &[u8], limit: usize) -> Result<Decoded, OverLimit> {
    // lopdf reads an empty stream as empty; so do viewers.
    if input.is_empty() {
        return Ok(Decoded::Complete(Vec::new()));
    }
    let zlib = inflate(input, true, limit)?;
    // A stream whose zlib header is wrong (written as raw deflate after two stray bytes) is
    // retried as raw deflate, as lopdf does.
    if let Decoded::Partial { data, .. } = &zlib {
        if data.is_empty() && input.len() > 2 {
            if let Decoded::Complete(raw) = inflate(&input[2..], false, limit)? {
                return Ok(Decoded::Complete(raw));
            }
        }
    }
    Ok(zlib)
}

fn inflate(input: &[u8], zlib: bool, limit: usize) -> Result<Decoded, OverLimit> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;

    // The Adler-32 checksum of zlib data is verified: bytes overwritten inside a stream often
    // still inflate to its end, as garbage (tests/it/pdf_hostile.rs, the corrupt page).
    let mut flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    if zlib {
        flags |= inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER;
    }
    let mut out = vec![0u8; input.len().saturating_mul(4).clamp(64, limit.max(64))];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut read, mut written) = (0, 0);
    loop {
        let (status, consumed, produced) =
            decompress(&mut state, &input[read..], &mut out, written, flags);
        read += consumed;
        written += produced;
        match status {
            TINFLStatus::Done => {
                out.truncate(written);
                return if written > limit {
                    Err(OverLimit)
                } else {
                    Ok(Decoded::Complete(out))
                };
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() > limit {
                    return Err(OverLimit);
                }
                let grown = out.len().saturating_mul(2).min(limit.saturating_add(1));
                out.resize(grown, 0);
            }
            TINFLStatus::Adler32Mismatch => {
                out.truncate(written);
                return Ok(Decoded::Partial {
                    data: out,
                    reason: "its compressed data fails its checksum".into(),
                });
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                out.truncate(written);
                return Ok(Decoded::Partial {
                    data: out,
                    reason: "its compressed data ends before the end of the stream".into(),
                });
            }
            _ => {
                out.truncate(written);
                return Ok(Decoded::Partial {
                    data: out,
                    reason: "its compressed data is corrupt".into(),
                });
            }
        }
    }
}

/// LZWDecode (§7.4.4.2): complete when the end-of-data code (257) is read.
fn lzw(input: &[u8], params: Option<&Dictionary>, limit: usize) -> Result<Decoded, OverLimit> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};

    // /EarlyChange 1 (the default) is the code-size switch TIFF uses, one code early.
    let early = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|v| v.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = [0u8; 1 << 14];
    let mut rest = input;
    loop {
        let r = decoder.decode_bytes(rest, &mut buf);
        rest = &rest[r.consumed_in..];
        out.extend_from_slice(&buf[..r.consumed_out]);
        if out.len() > limit {
            return Err(OverLimit);
        }
        match r.status {
            Ok(LzwStatus::Done) => return Ok(Decoded::Complete(out)),
            Ok(LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            Ok(_) => {
                return Ok(Decoded::Partial {
                    data: out,
                    reason: ENDS_EARLY.into(),
                })
            }
            Err(_) => {
                return Ok(Decoded::Partial {
                    data: out,
                    reason: "its LZW data is corrupt".into(),
                })
            }
        }
    }
}

/// ASCIIHexDecode (§7.4.2): pairs of hex digits, white space ignored, `>` ends the data; an
/// odd last digit is followed by an implied 0.
fn ascii_hex(input: &[u8]) -> Decoded {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    let mut ended = false;
    for &c in input {
        if c == b'>' {
            ended = true;
            break;
        }
        if is_white(c) {
            continue;
        }
        let Some(nibble) = (c as char).to_digit(16) else {
            return Decoded::Partial {
                data: out,
                reason: "its hexadecimal data holds a byte that is not a hex digit".into(),
            };
        };
        match high.take() {
            Some(h) => out.push((h << 4) | nibble as u8),
            None => high = Some(nibble as u8),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    if ended {
        Decoded::Complete(out)
    } else {
        Decoded::Partial {
            data: out,
            reason: ENDS_EARLY.into(),
        }
    }
}

/// White space of §7.2.2, Table 1.
fn is_white(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// ASCII85Decode (§7.4.3): groups of five characters `!`..`u` for four bytes, `z` for four
/// zero bytes, white space ignored, `~>` ends the data; a last group of n characters gives
/// n − 1 bytes.
fn ascii85(input: &[u8]) -> Result<Decoded, OverLimit> {
    let mut out = Vec::with_capacity(input.len() / 5 * 4 + 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    let corrupt = |out: Vec<u8>, what: &str| Decoded::Partial {
        data: out,
        reason: format!("its ASCII85 data {what}"),
    };
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        i += 1;
        match c {
            b'~' => {
                if input.get(i) != Some(&b'>') {
                    return Ok(corrupt(out, "has `~` without `>`"));
                }
                if n == 1 {
                    return Ok(corrupt(out, "ends with a group of one character"));
                }
                if n > 0 {
                    group[n..].fill(b'u');
                    let Some(value) = base85(&group) else {
                        return Ok(corrupt(out, "has a group beyond 2^32"));
                    };
                    out.extend_from_slice(&value.to_be_bytes()[..n - 1]);
                }
                return Ok(Decoded::Complete(out));
            }
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = c;
                n += 1;
                if n == 5 {
                    let Some(value) = base85(&group) else {
                        return Ok(corrupt(out, "has a group beyond 2^32"));
                    };
                    out.extend_from_slice(&value.to_be_bytes());
                    n = 0;
                }
            }
            c if is_white(c) => {}
            _ => return Ok(corrupt(out, "holds a byte outside its alphabet")),
        }
    }
    Ok(Decoded::Partial {
        data: out,
        reason: ENDS_EARLY.into(),
    })
}

fn base85(group: &[u8; 5]) -> Option<u32> {
    group.iter().try_fold(0u32, |acc, &c| {
        acc.checked_mul(85)?.checked_add(u32::from(c - b'!'))
    })
}

/// RunLengthDecode (§7.4.5): a length byte 0–127 copies the next 1–128 bytes, 129–255
/// repeats the next byte 257 − length times, 128 ends the data.
fn run_length(input: &[u8], limit: usize) -> Result<Decoded, OverLimit> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        if out.len() > limit {
            return Err(OverLimit);
        }
        match len {
            128 => return Ok(Decoded::Complete(out)),
            0..=127 => {
                let end = i + len as usize + 1;
                let Some(run) = input.get(i..end) else {
                    out.extend_from_slice(&input[i..]);
                    break;
                };
                out.extend_from_slice(run);
                i = end;
            }
            _ => {
                let Some(&b) = input.get(i) else { break };
                out.resize(out.len() + (257 - len as usize), b);
                i += 1;
            }
        }
    }
    Ok(Decoded::Partial {
        data: out,
        reason: ENDS_EARLY.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn stream(filter: Object, content: &[u8]) -> Stream {
        Stream::new(dictionary! { "Filter" => filter }, content.to_vec())
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
    }

    fn flate_stream(content: &[u8]) -> Stream {
        stream(Object::Name(b"FlateDecode".to_vec()), content)
    }

    const TEXT: &[u8] = b"BT /F1 10 Tf 20 45 Td (A line of text that compresses) Tj ET\n";

    #[test]
    fn complete_flate_data_decodes() {
        let s = flate_stream(&zlib(&TEXT.repeat(50)));
        assert_eq!(decode(&s, 1 << 20), Ok(Decoded::Complete(TEXT.repeat(50))));
    }

    #[test]
    fn flate_data_cut_short_is_partial() {
        let data = zlib(&TEXT.repeat(200));
        let s = flate_stream(&data[..data.len() / 2]);
        let Ok(Decoded::Partial { data: got, reason }) = decode(&s, 1 << 20) else {
            panic!("a cut stream must be partial");
        };
        assert!(reason.contains("ends before the end"), "{reason}");
        assert!(TEXT.repeat(200).starts_with(&got));
        assert!(got.len() < TEXT.len() * 200);
    }

    #[test]
    fn corrupt_flate_data_is_partial() {
        let mut data = zlib(&TEXT.repeat(200));
        let n = data.len();
        for b in &mut data[n / 3..n / 3 + 8] {
            *b = 0xFF;
        }
        let got = decode(&flate_stream(&data), 1 << 20);
        assert!(matches!(got, Ok(Decoded::Partial { .. })), "{got:?}");
    }

    #[test]
    fn a_wrong_checksum_is_damage() {
        let mut data = zlib(TEXT);
        let n = data.len();
        data[n - 1] ^= 0xFF;
        let Ok(Decoded::Partial { data, reason }) = decode(&flate_stream(&data), 1 << 20) else {
            panic!("a wrong checksum is damage");
        };
        assert_eq!(data, TEXT);
        assert!(reason.contains("checksum"), "{reason}");
    }

    #[test]
    fn raw_deflate_behind_a_bad_header_is_read() {
        let raw = miniz_oxide::deflate::compress_to_vec(TEXT, 6);
        let mut data = vec![0xAB, 0xCD];
        data.extend_from_slice(&raw);
        assert_eq!(
            decode(&flate_stream(&data), 1 << 20),
            Ok(Decoded::Complete(TEXT.to_vec()))
        );
    }

    #[test]
    fn output_beyond_the_limit_is_refused() {
        let s = flate_stream(&zlib(&vec![b' '; 1 << 20]));
        assert_eq!(decode(&s, 1000), Err(OverLimit));
        let plain = Stream::new(dictionary! {}, vec![b' '; 2000]);
        assert_eq!(decode(&plain, 1000), Err(OverLimit));
    }

    #[test]
    fn ascii_filters_need_their_end_marks() {
        let hex = |c: &[u8]| decode(&stream(Object::Name(b"ASCIIHexDecode".to_vec()), c), 99);
        assert_eq!(hex(b"41 42 4>"), Ok(Decoded::Complete(b"AB@".to_vec())));
        assert!(matches!(hex(b"41 42"), Ok(Decoded::Partial { .. })));
        assert!(matches!(hex(b"41 4G>"), Ok(Decoded::Partial { .. })));
        let a85 = |c: &[u8]| decode(&stream(Object::Name(b"ASCII85Decode".to_vec()), c), 99);
        // "Man " and "sure" from the usual examples, then a 3-character tail.
        assert_eq!(
            a85(b"9jqo^ F*2M7 z/c~>"),
            Ok(Decoded::Complete(b"Man sure\0\0\0\0.".to_vec()))
        );
        assert!(matches!(a85(b"9jqo^F*2M7"), Ok(Decoded::Partial { .. })));
        assert!(matches!(a85(b"9jqo^{~>"), Ok(Decoded::Partial { .. })));
        let rl = |c: &[u8]| decode(&stream(Object::Name(b"RunLengthDecode".to_vec()), c), 99);
        assert_eq!(
            rl(&[1, b'a', b'b', 253, b'c', 128]),
            Ok(Decoded::Complete(b"abcccc".to_vec()))
        );
        assert!(matches!(
            rl(&[1, b'a', b'b', 253, b'c']),
            Ok(Decoded::Partial { .. })
        ));
        assert!(matches!(rl(&[5, b'a']), Ok(Decoded::Partial { .. })));
    }

    #[test]
    fn lzw_needs_its_end_code() {
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let data = enc.encode(&TEXT.repeat(20)).expect("encodes");
        let s = stream(Object::Name(b"LZWDecode".to_vec()), &data);
        assert_eq!(decode(&s, 1 << 20), Ok(Decoded::Complete(TEXT.repeat(20))));
        let cut = stream(Object::Name(b"LZWDecode".to_vec()), &data[..data.len() / 2]);
        assert!(matches!(decode(&cut, 1 << 20), Ok(Decoded::Partial { .. })));
    }

    #[test]
    fn chains_run_in_order_and_stay_partial() {
        let inner = zlib(TEXT);
        let mut hex: Vec<u8> = inner
            .iter()
            .flat_map(|b| format!("{b:02X}").into_bytes())
            .collect();
        hex.push(b'>');
        let chain = Object::Array(vec![
            Object::Name(b"ASCIIHexDecode".to_vec()),
            Object::Name(b"FlateDecode".to_vec()),
        ]);
        assert_eq!(
            decode(&stream(chain.clone(), &hex), 1 << 20),
            Ok(Decoded::Complete(TEXT.to_vec()))
        );
        hex.pop();
        assert!(matches!(
            decode(&stream(chain, &hex), 1 << 20),
            Ok(Decoded::Partial { .. })
        ));
    }

    #[test]
    fn image_filters_are_not_decoded() {
        let s = stream(Object::Name(b"DCTDecode".to_vec()), b"\xFF\xD8");
        let Ok(Decoded::Partial { reason, .. }) = decode(&s, 1 << 20) else {
            panic!("not decodable");
        };
        assert!(reason.contains("/DCTDecode"), "{reason}");
        let bad = Stream::new(dictionary! { "Filter" => 3 }, b"x".to_vec());
        assert!(matches!(decode(&bad, 9), Ok(Decoded::Partial { .. })));
    }
}
