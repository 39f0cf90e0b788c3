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
    let parts: Vec<&str> = t.split(['~', '〜', '～']).collect();
    let parts = if parts.len() == 1 && t.matches('-').count() == 1 && t.len() > 3 {
        t.split('-').collect()
    } else {
        parts
    };
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
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("`{s}` is not hexadecimal"));
    }
    if digits.len() != 8 {
        return Err(format!(
            "`{s}` has {} hex digits instead of 8",
            digits.len()
        ));
    }
    u32::from_str_radix(digits, 16).map_err(|e| format!("`{s}`: {e}"))
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
        let strict = |s: &str| -> Result<u32, D::Error> {
            let digits = s
                .strip_prefix("0x")
                .filter(|d| d.len() == 8 && d.chars().all(|c| matches!(c, '0'..='9' | 'A'..='F')))
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "message ID `{s}` is not 0x followed by eight upper-case hex digits"
                    ))
                })?;
            u32::from_str_radix(digits, 16).map_err(de::Error::custom)
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
