//! Message IDs: one 32-bit value or an inclusive range, written `0x` + eight upper-case hex
//! digits (DESIGN §3), and the parser for what a source prints in the メッセージID column.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// A message ID or an inclusive range of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageId {
    Single(u32),
    Range { first: u32, last: u32 },
}

impl MessageId {
    pub fn contains(self, id: u32) -> bool {
        match self {
            MessageId::Single(v) => v == id,
            MessageId::Range { first, last } => first <= id && id <= last,
        }
    }

    pub fn first(self) -> u32 {
        match self {
            MessageId::Single(v) => v,
            MessageId::Range { first, .. } => first,
        }
    }

    pub fn last(self) -> u32 {
        match self {
            MessageId::Single(v) => v,
            MessageId::Range { last, .. } => last,
        }
    }
}

/// `0x` + eight upper-case hex digits.
pub fn hex(value: u32) -> String {
    format!("0x{value:08X}")
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageId::Single(v) => f.write_str(&hex(*v)),
            MessageId::Range { first, last } => write!(f, "{}~{}", hex(*first), hex(*last)),
        }
    }
}

/// What a メッセージID cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedMessageId {
    /// Blank, or a dash meaning "no message ID".
    None,
    Valid(MessageId),
    /// Not a valid ID; the string says why.
    Malformed(String),
}

/// Parses one printed message ID: `0x03000001`, `0xF0000000~ 0xF7FFFFFF` (any of `~ 〜 ～ -`
/// between the ends, spaces allowed), or `-` / blank for none. Full-width digits and `０ｘ`
/// are accepted (compared after NFKC), the printed text is kept by the caller.
pub fn parse(text: &str) -> ParsedMessageId {
    use unicode_normalization::UnicodeNormalization;
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || matches!(t.as_str(), "-" | "−" | "ー" | "―" | "‐" | "–" | "—") {
        return ParsedMessageId::None;
    }
    // No message ID holds a hyphen, so it separates like the tildes (dash-only cells are
    // handled above).
    let parts: Vec<&str> = t.split(['~', '〜', '～', '-']).collect();
    match parts.as_slice() {
        [one] => match parse_one(one) {
            Ok(v) => ParsedMessageId::Valid(MessageId::Single(v)),
            Err(why) => ParsedMessageId::Malformed(why),
        },
        [a, b] => match (parse_one(a), parse_one(b)) {
            (Ok(first), Ok(last)) if first <= last => {
                ParsedMessageId::Valid(MessageId::Range { first, last })
            }
            (Ok(first), Ok(last)) => ParsedMessageId::Malformed(format!(
                "range ends below its start ({} > {})",
                hex(first),
                hex(last)
            )),
            (Err(why), _) | (_, Err(why)) => ParsedMessageId::Malformed(why),
        },
        _ => ParsedMessageId::Malformed("more than one range separator".to_string()),
    }
}

fn parse_one(s: &str) -> Result<u32, String> {
    let digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .ok_or_else(|| format!("`{s}` does not start with 0x"))?;
    if let Some(value) = eight_hex_digits(digits) {
        return Ok(value);
    }
    if digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Err(format!(
            "`{s}` has {} hex digits instead of 8",
            digits.len()
        ))
    } else {
        Err(format!("`{s}` is not hexadecimal"))
    }
}

/// Parses a message ID as a person types it (`lookup ID`): exactly eight hex digits, `0x` or
/// `0X` optional, either case, surrounding whitespace ignored. Fewer or more digits are an
/// error, not a shorter number: `0x0400001` is a typo of an eight-digit ID, never 0x00400001
/// (issue 15). The error says what is wrong, without the text itself.
pub fn parse_typed(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let digits = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if let Some(value) = eight_hex_digits(digits) {
        return Ok(value);
    }
    if digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Err(format!("{} hex digits instead of 8", digits.len()))
    } else {
        Err("not hexadecimal".to_string())
    }
}

/// The value of exactly eight ASCII hex digits, either case. Not `u32::from_str_radix`, which
/// also takes a leading `+` (`0x+3000001` would read as 0x03000001).
fn eight_hex_digits(digits: &str) -> Option<u32> {
    if digits.len() != 8 {
        return None;
    }
    digits
        .chars()
        .try_fold(0u32, |value, c| Some(value * 16 + c.to_digit(16)?))
}

impl Serialize for MessageId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            MessageId::Single(v) => serializer.serialize_str(&hex(*v)),
            MessageId::Range { first, last } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("first", &hex(*first))?;
                map.serialize_entry("last", &hex(*last))?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for MessageId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Range { first: String, last: String },
        }
        // Only the canonical spelling, the one `hex` writes.
        let strict = |s: &str| -> Result<u32, D::Error> {
            s.strip_prefix("0x")
                .and_then(eight_hex_digits)
                .filter(|&value| hex(value) == s)
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "message ID `{s}` is not 0x followed by eight upper-case hex digits"
                    ))
                })
        };
        match Raw::deserialize(deserializer)? {
            Raw::One(s) => Ok(MessageId::Single(strict(&s)?)),
            Raw::Range { first, last } => {
                let (first, last) = (strict(&first)?, strict(&last)?);
                if first > last {
                    return Err(de::Error::custom("message ID range ends below its start"));
                }
                Ok(MessageId::Range { first, last })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_range_and_none() {
        assert_eq!(
            parse("0x03000001"),
            ParsedMessageId::Valid(MessageId::Single(0x0300_0001))
        );
        assert_eq!(
            parse(" 0x8100000b "),
            ParsedMessageId::Valid(MessageId::Single(0x8100_000B))
        );
        assert_eq!(
            parse("0xF0000000~ 0xF7FFFFFF"),
            ParsedMessageId::Valid(MessageId::Range {
                first: 0xF000_0000,
                last: 0xF7FF_FFFF
            })
        );
        assert_eq!(
            parse("０ｘ０３０００００１"),
            ParsedMessageId::Valid(MessageId::Single(0x0300_0001))
        );
        assert_eq!(parse("-"), ParsedMessageId::None);
        assert_eq!(parse(""), ParsedMessageId::None);
    }

    #[test]
    fn malformed_ids_say_why() {
        let ParsedMessageId::Malformed(why) = parse("0xF0000000~ 0xF7FFFFF") else {
            panic!("the 1.20 range of 901 must be malformed")
        };
        assert!(why.contains("7 hex digits"), "{why}");
        let ParsedMessageId::Malformed(why) = parse("0xF7FFFFFF~0xF0000000") else {
            panic!("a reversed range must be malformed")
        };
        assert!(why.contains("below its start"), "{why}");
        assert!(matches!(parse("abc"), ParsedMessageId::Malformed(_)));
    }

    fn why(text: &str) -> String {
        match parse(text) {
            ParsedMessageId::Malformed(why) => why,
            other => panic!("`{text}` must be malformed, parsed as {other:?}"),
        }
    }

    #[test]
    fn every_documented_separator_makes_a_range() {
        let block = ParsedMessageId::Valid(MessageId::Range {
            first: 0xF000_0000,
            last: 0xF7FF_FFFF,
        });
        for text in [
            "0xF0000000-0xF7FFFFFF",
            "0xF0000000 - 0xF7FFFFFF",
            "0xF0000000－0xF7FFFFFF",
            "0xF0000000〜0xF7FFFFFF",
            "0xF0000000～0xF7FFFFFF",
        ] {
            assert_eq!(parse(text), block, "{text}");
        }
        assert!(why("0xF0000000-0xF7FFFFFF-0xF8000000").contains("more than one range separator"));
        assert!(why("0xF0000000~0xF7FFFFFF-").contains("more than one range separator"));
        assert!(why("0xF7FFFFFF-0xF0000000").contains("below its start"));
    }

    #[test]
    fn a_one_value_range_is_a_range() {
        let one = MessageId::Range {
            first: 0x0400_0011,
            last: 0x0400_0011,
        };
        assert_eq!(parse("0x04000011~0x04000011"), ParsedMessageId::Valid(one));
        assert_eq!(one.to_string(), "0x04000011~0x04000011");
        assert!(one.contains(0x0400_0011));
        assert!(!one.contains(0x0400_0010) && !one.contains(0x0400_0012));
    }

    #[test]
    fn digits_are_exactly_eight_hex_digits() {
        assert_eq!(
            parse("0X0000000a"),
            ParsedMessageId::Valid(MessageId::Single(0xA))
        );
        assert_eq!(
            parse("0xFFFFFFFF"),
            ParsedMessageId::Valid(MessageId::Single(u32::MAX))
        );
        assert_eq!(
            parse("0x00000000"),
            ParsedMessageId::Valid(MessageId::Single(0))
        );
        // u32::from_str_radix takes a leading sign; a printed ID must not.
        assert_eq!(why("0x+3000001"), "`0x+3000001` is not hexadecimal");
        assert_eq!(why("0x-3000001"), "`0x` has 0 hex digits instead of 8");
        assert_eq!(why("0x0300000G"), "`0x0300000G` is not hexadecimal");
        assert_eq!(
            why("0x030000001"),
            "`0x030000001` has 9 hex digits instead of 8"
        );
        assert_eq!(why("0x"), "`0x` has 0 hex digits instead of 8");
        assert_eq!(why("03000001"), "`03000001` does not start with 0x");
    }

    #[test]
    fn typed_ids_are_eight_hex_digits_with_0x_optional() {
        for text in [
            "0x04000011",
            "0X04000011",
            "04000011",
            "0x04000011 ",
            "0x0400001a",
        ] {
            assert!(parse_typed(text).is_ok(), "{text}");
        }
        assert_eq!(parse_typed("0XabCDef01"), Ok(0xABCD_EF01));
        assert_eq!(parse_typed("67108881"), Ok(0x6710_8881));
        assert_eq!(
            parse_typed("0x0400001"),
            Err("7 hex digits instead of 8".to_string())
        );
        assert_eq!(
            parse_typed("0x040000011"),
            Err("9 hex digits instead of 8".to_string())
        );
        assert_eq!(
            parse_typed("0x"),
            Err("0 hex digits instead of 8".to_string())
        );
        assert_eq!(
            parse_typed(""),
            Err("0 hex digits instead of 8".to_string())
        );
        for text in [
            "0x+4000011",
            "0x-4000011",
            "0x0400001G",
            "0x０4000011",
            "x04000011",
        ] {
            assert_eq!(
                parse_typed(text),
                Err("not hexadecimal".to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn first_last_and_contains_of_a_single_id() {
        let one = MessageId::Single(0x0400_0001);
        assert!(one.contains(0x0400_0001) && !one.contains(0x0400_0002));
        assert_eq!((one.first(), one.last()), (0x0400_0001, 0x0400_0001));
        let range = MessageId::Range {
            first: 0xF000_0000,
            last: 0xF7FF_FFFF,
        };
        assert_eq!((range.first(), range.last()), (0xF000_0000, 0xF7FF_FFFF));
        assert!(range.contains(0xF000_0000) && range.contains(0xF7FF_FFFF));
        assert!(!range.contains(0xEFFF_FFFF));
    }

    fn load(yaml: &str) -> Result<MessageId, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn yaml_round_trips_singles_and_ranges() {
        for id in [
            MessageId::Single(0x8100_000B),
            MessageId::Range {
                first: 0xF000_0000,
                last: 0xF7FF_FFFF,
            },
            MessageId::Range {
                first: 0x0400_0011,
                last: 0x0400_0011,
            },
        ] {
            let yaml = serde_yaml::to_string(&id).expect("serialize");
            assert_eq!(load(&yaml), Ok(id), "{yaml}");
        }
        assert_eq!(
            serde_yaml::to_string(&MessageId::Range {
                first: 0x0400_0011,
                last: 0x0400_0011
            })
            .expect("serialize"),
            "first: '0x04000011'\nlast: '0x04000011'\n"
        );
    }

    #[test]
    fn yaml_loads_only_the_canonical_spelling() {
        let err = load("{first: '0xF7FFFFFF', last: '0xF0000000'}").unwrap_err();
        assert!(
            err.contains("message ID range ends below its start"),
            "{err}"
        );
        for text in [
            "'0x0300000a'",
            "'0X03000001'",
            "'0x3000001'",
            "'0x+3000001'",
            "'0x030000001'",
            "'03000001'",
            "'０x03000001'",
        ] {
            let err = load(text).unwrap_err();
            assert!(
                err.contains("is not 0x followed by eight upper-case hex digits"),
                "{text}: {err}"
            );
        }
        let err = load("{first: '0xF0000000', last: '0xf7ffffff'}").unwrap_err();
        assert!(err.contains("`0xf7ffffff`"), "{err}");
    }

    #[test]
    fn display_and_contains() {
        let r = MessageId::Range {
            first: 0xF000_0000,
            last: 0xF7FF_FFFF,
        };
        assert_eq!(r.to_string(), "0xF0000000~0xF7FFFFFF");
        assert!(r.contains(0xF030_1D00));
        assert!(!r.contains(0xF800_0000));
        assert_eq!(MessageId::Single(0x0400_0001).to_string(), "0x04000001");
    }
}
