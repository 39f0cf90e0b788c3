{% for line in header -%}
// {{ line }}
{% endfor -%}
#![no_std]
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

use core::fmt;
use core::str::FromStr;

/// The catalog revision this crate was generated from.
pub const VERSION: &str = "{{ version }}";

/// A message ID: one value or an inclusive range of values.
///
/// `Display` and `Debug` write hexadecimal, as the catalog prints IDs; `FromStr` reads what
/// `Display` writes, and eight hex digits without `0x` or in lower case too:
///
/// ```
/// use oqs_messages::MessageId;
///
/// let id: MessageId = "0x04000011".parse().unwrap();
/// assert_eq!(id, MessageId::Single(0x0400_0011));
/// assert_eq!("04000011".parse::<MessageId>(), Ok(id));
/// assert_eq!(id.to_string(), "0x04000011");
/// assert_eq!(format!("{id:?}"), "Single(0x04000011)");
///
/// let range: MessageId = "0xF0000000~0xF7FFFFFF".parse().unwrap();
/// assert!(range.contains(0xF030_1D00));
/// assert_eq!(format!("{range:?}"), "Range { first: 0xF0000000, last: 0xF7FFFFFF }");
/// assert!("0x0400001".parse::<MessageId>().is_err()); // seven digits
/// ```
///
/// With the `serde` feature it serializes as the JSON target does: `"0x04000011"`, or
/// `{"first": "0xF0000000", "last": "0xF7FFFFFF"}` for a range, and reads either back.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageId {
    /// One message ID.
    Single(u32),
    /// Every message ID from `first` to `last`, both included.
    Range {
        /// The lowest ID of the range.
        first: u32,
        /// The highest ID of the range.
        last: u32,
    },
}

impl MessageId {
    /// Whether `id` is this ID or lies in this range.
    pub const fn contains(self, id: u32) -> bool {
        match self {
            MessageId::Single(v) => v == id,
            MessageId::Range { first, last } => first <= id && id <= last,
        }
    }

    /// The ID, or the first ID of the range.
    pub const fn first(self) -> u32 {
        match self {
            MessageId::Single(v) | MessageId::Range { first: v, .. } => v,
        }
    }

    /// The ID, or the last ID of the range.
    pub const fn last(self) -> u32 {
        match self {
            MessageId::Single(v) | MessageId::Range { last: v, .. } => v,
        }
    }
}

/// `0x03000001`, or `0xF0000000~0xF7FFFFFF` for a range.
impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageId::Single(v) => write!(f, "0x{v:08X}"),
            MessageId::Range { first, last } => write!(f, "0x{first:08X}~0x{last:08X}"),
        }
    }
}

/// An ID as `Debug` shows it: `0x04000011`.
struct Hex(u32);

impl fmt::Debug for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08X}", self.0)
    }
}

/// `Single(0x04000011)`, `Range { first: 0xF0000000, last: 0xF7FFFFFF }`.
impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MessageId::Single(v) => f.debug_tuple("Single").field(&Hex(v)).finish(),
            MessageId::Range { first, last } => f
                .debug_struct("Range")
                .field("first", &Hex(first))
                .field("last", &Hex(last))
                .finish(),
        }
    }
}

/// A string that is no message ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseMessageIdError {
    backwards: bool,
}

impl fmt::Display for ParseMessageIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.backwards {
            "a message-ID range must not end below its start"
        } else {
            "a message ID is eight hex digits (0x optional), or two joined by ~"
        })
    }
}

impl core::error::Error for ParseMessageIdError {}

/// Eight hex digits, `0x` or `0X` optional, any case.
fn parse_hex_id(s: &str) -> Option<u32> {
    let digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// Reads `0x04000011`, `04000011`, `0x0400001a` and ranges `0xF0000000~0xF7FFFFFF` (spaces
/// around `~` allowed). Exactly eight digits: a seven-digit ID is a typo, not a shorter number.
impl FromStr for MessageId {
    type Err = ParseMessageIdError;

    fn from_str(s: &str) -> Result<MessageId, ParseMessageIdError> {
        let bad = ParseMessageIdError { backwards: false };
        match s.split_once('~') {
            None => parse_hex_id(s).map(MessageId::Single).ok_or(bad),
            Some((a, b)) => {
                let first = parse_hex_id(a.trim_end_matches(' ')).ok_or(bad)?;
                let last = parse_hex_id(b.trim_start_matches(' ')).ok_or(bad)?;
                if last < first {
                    return Err(ParseMessageIdError { backwards: true });
                }
                Ok(MessageId::Range { first, last })
            }
        }
    }
}
{% for id in ids %}
#[doc = "{{ id.doc }}"]
{%- if let Some(v) = id.removed_in %}
#[deprecated(note = "removed in {{ v }}")]
{%- endif %}
{%- if let Some(v) = id.single %}
pub const {{ id.ident }}: MessageId = MessageId::Single({{ v }});
{%- else %}
pub const {{ id.ident }}: MessageId = MessageId::Range {
    first: {{ id.first }},
    last: {{ id.last }},
};
{%- endif %}
{% endfor %}
/// Whom to contact (問い合わせ先). Each variant's identifier comes from the project's
/// `names.yaml` and never changes meaning in a later revision.
///
/// With the `serde` feature it serializes as its name, as the JSON target writes contacts,
/// and reads back from the name or the identifier.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Contact {
{%- for c in contacts %}
    #[doc = "{{ c.doc }}"]
    {{ c.ident }},
{%- endfor %}
}

impl Contact {
    /// Every contact, in identifier order.
    pub const ALL: &'static [Contact] = &[
{%- for c in contacts %}
        Contact::{{ c.ident }},
{%- endfor %}
    ];

    /// The name as the catalog prints it.
    pub const fn name(self) -> &'static str {
        match self {
{%- for c in contacts %}
            Contact::{{ c.ident }} => "{{ c.name }}",
{%- endfor %}
        }
    }

    /// The identifier: the variant's name, as the JSON target's `identifiers` list spells it.
    pub const fn ident(self) -> &'static str {
        match self {
{%- for c in contacts %}
            Contact::{{ c.ident }} => "{{ c.ident }}",
{%- endfor %}
        }
    }

    /// The contact the catalog calls `name`.
    pub fn from_name(name: &str) -> Option<Contact> {
        Contact::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A category of a display code: the 【…】 groups of its heading. Each variant's identifier
/// comes from the project's `names.yaml` and never changes meaning in a later revision.
///
/// With the `serde` feature it serializes as its name, as the JSON target writes tags, and
/// reads back from the name or the identifier.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
{%- for t in tags %}
    #[doc = "{{ t.doc }}"]
    {{ t.ident }},
{%- endfor %}
}

impl Tag {
    /// Every tag, in identifier order.
    pub const ALL: &'static [Tag] = &[
{%- for t in tags %}
        Tag::{{ t.ident }},
{%- endfor %}
    ];

    /// The tag as the catalog prints it, without brackets.
    pub const fn name(self) -> &'static str {
        match self {
{%- for t in tags %}
            Tag::{{ t.ident }} => "{{ t.name }}",
{%- endfor %}
        }
    }

    /// The identifier: the variant's name, as the JSON target's `identifiers` list spells it.
    pub const fn ident(self) -> &'static str {
        match self {
{%- for t in tags %}
            Tag::{{ t.ident }} => "{{ t.ident }}",
{%- endfor %}
        }
    }

    /// The tag the catalog prints as `【name】`.
    pub fn from_name(name: &str) -> Option<Tag> {
        Tag::ALL.iter().copied().find(|t| t.name() == name)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A contact of an entry, with the note printed under it (`※…`), if any.
///
/// With the `serde` feature: `{"name": "…", "note": "…"}` as in the JSON target (`note` left
/// out when there is none).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryContact {
    /// Whom to contact.
    pub contact: Contact,
    /// The lines printed after the name that start with ※, mark included, e.g. a hint to
    /// whom the contact passes the case on; `None` when the cell holds the name only.
    pub note: Option<&'static str>,
}

/// One row of the catalog: what a display code's message ID means, what to do about it and
/// whom to call. Texts are the catalog's own (Japanese, UTF-8); a cell of several items keeps
/// one line per item (`\n` before each `・`, `①`, `※` …), wrapped lines joined; a merged cell
/// is repeated in every row it spans.
///
/// With the `serde` feature an entry serializes as the JSON target writes it (plus its code):
/// `{"code": "003", "error_type": "…", "message_id": "0x04000011", "cause": "…", "action":
/// "…", "contacts": [{"name": "…"}]}`, leaving out what is `None` or empty.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The display code this row belongs to.
    pub code: DisplayCode,
    /// The error type (エラー種別, "the cause of the error"): what went wrong, in a few
    /// words; `None` where the cell is empty.
    pub error_type: Option<&'static str>,
    /// The message ID (メッセージID) the software reports; `None` where the catalog prints
    /// none (a dash or an empty cell). Several entries, also under different codes, may share
    /// one ID; [`lookup`] returns all of them.
    pub message_id: Option<MessageId>,
    /// The cause (原因): why it happens; `None` where the cell is empty.
    pub cause: Option<&'static str>,
    /// The action (対処) for the medical office's vendor or system staff: what to check
    /// and do, often as numbered steps; `None` where the cell is empty.
    pub action: Option<&'static str>,
    /// Whom to contact (問い合わせ先) when the action does not help, in the catalog's
    /// order; empty where the catalog names no one.
    pub contacts: &'static [EntryContact],
}

/// A code a face-recognition card reader shows (`001`, `101`, `900` …); the discriminant is
/// its number. `Display` writes it as printed (`001`), `FromStr` reads `"001"` or `"1"`.
///
/// With the `serde` feature it serializes as printed, `"001"`, as the JSON target does, and
/// reads that back.
#[non_exhaustive]
#[repr(u16)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DisplayCode {
{%- for c in codes %}
{%- for d in c.docs %}
    #[doc = "{{ d }}"]
{%- endfor %}
{%- if let Some(v) = c.removed_in %}
    #[deprecated(note = "removed in {{ v }}")]
{%- endif %}
    {{ c.ident }} = {{ c.number }},
{%- endfor %}
}

#[allow(deprecated)]
impl DisplayCode {
    /// Every code of this revision, in document order (removed codes left out).
    pub const ALL: &'static [DisplayCode] = &[
{%- for c in current_codes %}
        DisplayCode::{{ c }},
{%- endfor %}
    ];

    /// The number, e.g. `1` for `001`.
    pub const fn code(self) -> u16 {
        self as u16
    }

    /// The code with this number, removed ones included.
    pub const fn from_code(code: u16) -> Option<DisplayCode> {
        match code {
{%- for c in codes %}
            {{ c.number }} => Some(DisplayCode::{{ c.ident }}),
{%- endfor %}
            _ => None,
        }
    }

    /// The code as printed, e.g. `"001"`.
    pub const fn as_str(self) -> &'static str {
        match self {
{%- for c in codes %}
            DisplayCode::{{ c.ident }} => "{{ c.text }}",
{%- endfor %}
        }
    }

    /// The heading without its 【…】 tags.
    pub const fn title(self) -> &'static str {
        match self {
{%- for c in codes %}
            DisplayCode::{{ c.ident }} => "{{ c.title }}",
{%- endfor %}
        }
    }

    /// The message the reader's screen shows.
    pub const fn message(self) -> Option<&'static str> {
        match self {
{%- for c in codes %}
{%- if let Some(m) = c.message %}
            DisplayCode::{{ c.ident }} => Some("{{ m }}"),
{%- else %}
            DisplayCode::{{ c.ident }} => None,
{%- endif %}
{%- endfor %}
        }
    }

    /// The 【…】 groups of the heading.
    pub const fn tags(self) -> &'static [Tag] {
        match self {
{%- for c in codes %}
            DisplayCode::{{ c.ident }} => &[{% for t in c.tags %}Tag::{{ t }}{% if !loop.last %}, {% endif %}{% endfor %}],
{%- endfor %}
        }
    }

    /// The code's rows in document order (none for a removed code).
    pub fn entries(self) -> &'static [Entry] {
        match self {
{%- for c in codes %}
{%- if let Some((a, b)) = c.entries %}
            DisplayCode::{{ c.ident }} => &ENTRIES[{{ a }}..{{ b }}],
{%- else %}
            DisplayCode::{{ c.ident }} => &[],
{%- endif %}
{%- endfor %}
        }
    }

    /// The first revision without this code, for a code kept only for compatibility.
    pub const fn removed_in(self) -> Option<&'static str> {
        match self {
{%- for c in codes %}
{%- if let Some(v) = c.removed_in %}
            DisplayCode::{{ c.ident }} => Some("{{ v }}"),
{%- else %}
            DisplayCode::{{ c.ident }} => None,
{%- endif %}
{%- endfor %}
        }
    }
}

/// `001`: the code as printed.
impl fmt::Display for DisplayCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is no display code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseCodeError;

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a display code of the catalog")
    }
}

impl core::error::Error for ParseCodeError {}

/// Parses the decimal number of a code, as printed (`"001"`) or not (`"1"`).
impl FromStr for DisplayCode {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<DisplayCode, ParseCodeError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseCodeError);
        }
        s.parse::<u16>()
            .ok()
            .and_then(DisplayCode::from_code)
            .ok_or(ParseCodeError)
    }
}

{%- macro entry_literal(e) %}
    Entry {
        code: DisplayCode::{{ e.code }},
{%- if let Some(t) = e.error_type %}
        error_type: Some("{{ t }}"),
{%- else %}
        error_type: None,
{%- endif %}
{%- if let Some((a, b)) = e.message_id %}
{%- if a == b %}
        message_id: Some(MessageId::Single({{ a }})),
{%- else %}
        message_id: Some(MessageId::Range {
            first: {{ a }},
            last: {{ b }},
        }),
{%- endif %}
{%- else %}
        message_id: None,
{%- endif %}
{%- if let Some(t) = e.cause %}
        cause: Some("{{ t }}"),
{%- else %}
        cause: None,
{%- endif %}
{%- if let Some(t) = e.action %}
        action: Some("{{ t }}"),
{%- else %}
        action: None,
{%- endif %}
        contacts: &[
{%- for (c, note) in e.contacts %}
            EntryContact {
                contact: Contact::{{ c }},
{%- if let Some(n) = note %}
                note: Some("{{ n }}"),
{%- else %}
                note: None,
{%- endif %}
            },
{%- endfor %}
        ],
    },
{%- endmacro %}

static ENTRIES: [Entry; {{ entries.len() }}] = [
{%- for e in entries %}
{%- call entry_literal(e) %}{% endcall %}
{%- endfor %}
];

/// Every entry of this revision, in document order.
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// Every entry whose message ID is `id` or whose range contains it, in document order. One
/// ID may stand under several codes (and twice under one), and a range such as
/// `0xF0000000~0xF7FFFFFF` stands for every ID inside it, so expect more than one entry.
///
/// ```
/// use oqs_messages::{lookup, DisplayCode, MessageId};
///
/// let hits: Vec<_> = lookup({{ example.id }}).collect();
/// let codes: Vec<&str> = hits.iter().map(|e| e.code.as_str()).collect();
/// assert_eq!(codes, [{% for c in example.codes %}"{{ c }}"{% if !loop.last %}, {% endif %}{% endfor %}] as [&str; {{ example.codes.len() }}]);
///
/// let first = hits[0];
/// assert_eq!(first.code, DisplayCode::{{ example.first_code }});
/// assert_eq!(first.message_id, Some({{ example.first_id }}));
/// println!("{} {}", first.code, first.code.title());
/// if let Some(action) = first.action {
///     println!("対処: {action}");
/// }
/// for c in first.contacts {
///     println!("問い合わせ先: {} {}", c.contact, c.note.unwrap_or(""));
/// }
{%- if let Some((inside, code, n)) = example.range %}
///
/// // An ID inside a range finds the range's entries.
/// assert_eq!(lookup({{ inside }}).count(), {{ n }});
/// assert_eq!(lookup({{ inside }}).next().map(|e| e.code), Some(DisplayCode::{{ code }}));
{%- endif %}
///
/// // An ID the catalog does not list finds nothing.
/// assert_eq!(lookup({{ example.missing }}).next(), None);
/// ```
pub fn lookup(id: u32) -> impl Iterator<Item = &'static Entry> {
    ENTRIES
        .iter()
        .filter(move |e| matches!(e.message_id, Some(m) if m.contains(id)))
}

/// A message ID that an earlier revision listed and this one does not: the entry as it stood
/// in the last revision that listed it, and the revision that removed it. A card reader with
/// older software may still show such an ID; [`lookup`] finds nothing for it,
/// [`lookup_removed`] finds its tombstones (one per entry it had in that revision).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tombstone {
    /// The entry as it stood in [`Tombstone::last_seen`]; its code may itself be removed
    /// (see [`DisplayCode::removed_in`]).
    pub entry: Entry,
    /// The last revision that listed the message ID.
    pub last_seen: &'static str,
    /// The first revision without it.
    pub removed_in: &'static str,
}

#[allow(deprecated)]
static TOMBSTONES: [Tombstone; {{ tombstones.len() }}] = [
{%- for t in tombstones %}
    Tombstone {
        entry:
{%- call entry_literal(t.entry) %}{% endcall %}
        last_seen: "{{ t.last_seen }}",
        removed_in: "{{ t.removed_in }}",
    },
{%- endfor %}
];

/// Every message ID an earlier revision under the generator's `input/` listed and this one
/// does not, by ID (empty when the crate was made from one revision).
pub fn tombstones() -> &'static [Tombstone] {
    &TOMBSTONES
}

/// The tombstones of `id`: its last entries when an earlier revision listed it (or a range
/// containing it) and this one does not. Empty when [`lookup`] finds it now, or when no
/// revision ever listed it.
///
/// ```
/// use oqs_messages::{lookup, lookup_removed{% if tombstone_example.is_some() %}, DisplayCode{% endif %}};
///
/// // An ID of this revision has no tombstone.
/// assert_eq!(lookup_removed({{ example.id }}).count(), 0);
{%- if let Some((id, code, last_seen, removed_in)) = tombstone_example %}
///
/// // An ID a revision removed: lookup finds nothing, lookup_removed its last entry.
/// assert_eq!(lookup({{ id }}).count(), 0);
/// let gone = lookup_removed({{ id }}).next().unwrap();
/// #[allow(deprecated)]
/// let code = DisplayCode::{{ code }};
/// assert_eq!(gone.entry.code, code);
/// assert_eq!((gone.last_seen, gone.removed_in), ("{{ last_seen }}", "{{ removed_in }}"));
/// println!("removed in {}; last in {} under {}: {:?}", gone.removed_in, gone.last_seen, gone.entry.code, gone.entry.error_type);
{%- else %}
///
/// // This crate was made from one revision: nothing was removed yet.
/// assert!(oqs_messages::tombstones().is_empty());
/// assert_eq!(lookup({{ example.missing }}).count() + lookup_removed({{ example.missing }}).count(), 0);
{%- endif %}
/// ```
pub fn lookup_removed(id: u32) -> impl Iterator<Item = &'static Tombstone> {
    TOMBSTONES
        .iter()
        .filter(move |t| matches!(t.entry.message_id, Some(m) if m.contains(id)))
}

/// The `serde` feature: the JSON target's form (`generated/json/oqs-messages.json`), written by
/// hand so that the crate needs neither `serde_derive` nor an allocator.
#[cfg(feature = "serde")]
mod serde_impls {
    use core::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, Unexpected, Visitor};
    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use super::{Contact, DisplayCode, Entry, EntryContact, MessageId, Tag, Tombstone};

    /// One ID of a range: `"0xF0000000"`.
    struct HexId(u32);

    impl Serialize for HexId {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&MessageId::Single(self.0))
        }
    }

    impl<'de> Deserialize<'de> for HexId {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<HexId, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = HexId;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a message ID such as \"0xF0000000\"")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<HexId, E> {
                    super::parse_hex_id(v)
                        .map(HexId)
                        .ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
                }
            }
            d.deserialize_str(V)
        }
    }

    /// `"0x04000011"`, or `{"first": "0xF0000000", "last": "0xF7FFFFFF"}`.
    impl Serialize for MessageId {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match *self {
                MessageId::Single(_) => s.collect_str(self),
                MessageId::Range { first, last } => {
                    let mut st = s.serialize_struct("MessageId", 2)?;
                    st.serialize_field("first", &HexId(first))?;
                    st.serialize_field("last", &HexId(last))?;
                    st.end()
                }
            }
        }
    }

    enum RangeField {
        First,
        Last,
    }

    impl<'de> Deserialize<'de> for RangeField {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RangeField, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = RangeField;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("`first` or `last`")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<RangeField, E> {
                    match v {
                        "first" => Ok(RangeField::First),
                        "last" => Ok(RangeField::Last),
                        _ => Err(E::unknown_field(v, &["first", "last"])),
                    }
                }
            }
            d.deserialize_identifier(V)
        }
    }

    /// Reads what [`Serialize`] writes, and every string `FromStr` takes. The string-or-map
    /// choice needs a self-describing format (JSON, YAML, TOML …).
    impl<'de> Deserialize<'de> for MessageId {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MessageId, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = MessageId;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a message ID such as \"0x04000011\" or {\"first\": …, \"last\": …}")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<MessageId, E> {
                    v.parse()
                        .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MessageId, A::Error> {
                    let (mut first, mut last) = (None, None);
                    while let Some(key) = map.next_key::<RangeField>()? {
                        let (slot, name) = match key {
                            RangeField::First => (&mut first, "first"),
                            RangeField::Last => (&mut last, "last"),
                        };
                        if slot.is_some() {
                            return Err(de::Error::duplicate_field(name));
                        }
                        *slot = Some(map.next_value::<HexId>()?.0);
                    }
                    let first = first.ok_or_else(|| de::Error::missing_field("first"))?;
                    let last = last.ok_or_else(|| de::Error::missing_field("last"))?;
                    if last < first {
                        return Err(de::Error::custom(
                            "a message-ID range must not end below its start",
                        ));
                    }
                    Ok(MessageId::Range { first, last })
                }
            }
            d.deserialize_any(V)
        }
    }

    /// A string-valued type read through a function that knows its values.
    fn from_str<'de, D, T>(d: D, expecting: &'static str, parse: fn(&str) -> Option<T>) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct V<T> {
            expecting: &'static str,
            parse: fn(&str) -> Option<T>,
        }
        impl<T> Visitor<'_> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.expecting)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
                (self.parse)(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V { expecting, parse })
    }

    /// `"001"`: the code as printed.
    impl Serialize for DisplayCode {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for DisplayCode {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DisplayCode, D::Error> {
            from_str(d, "a display code of the catalog, such as \"001\"", |s| s.parse().ok())
        }
    }

    /// The name, as the catalog prints it.
    impl Serialize for Contact {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.name())
        }
    }

    /// From the name or the identifier.
    impl<'de> Deserialize<'de> for Contact {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Contact, D::Error> {
            from_str(d, "a contact's name or identifier", |s| {
                Contact::ALL.iter().copied().find(|c| c.name() == s || c.ident() == s)
            })
        }
    }

    /// The name, without brackets.
    impl Serialize for Tag {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.name())
        }
    }

    /// From the name or the identifier.
    impl<'de> Deserialize<'de> for Tag {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
            from_str(d, "a tag's name or identifier", |s| {
                Tag::ALL.iter().copied().find(|t| t.name() == s || t.ident() == s)
            })
        }
    }

    impl Serialize for EntryContact {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("EntryContact", 1 + usize::from(self.note.is_some()))?;
            st.serialize_field("name", &self.contact)?;
            match self.note {
                Some(note) => st.serialize_field("note", note)?,
                None => st.skip_field("note")?,
            }
            st.end()
        }
    }

    /// Writes `value` under `key`, or skips the field when there is none.
    fn optional<S: SerializeStruct, T: Serialize>(
        st: &mut S,
        key: &'static str,
        value: Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(v) => st.serialize_field(key, &v),
            None => st.skip_field(key),
        }
    }

    impl Serialize for Entry {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let len = 1
                + usize::from(self.error_type.is_some())
                + usize::from(self.message_id.is_some())
                + usize::from(self.cause.is_some())
                + usize::from(self.action.is_some())
                + usize::from(!self.contacts.is_empty());
            let mut st = s.serialize_struct("Entry", len)?;
            st.serialize_field("code", &self.code)?;
            optional(&mut st, "error_type", self.error_type)?;
            optional(&mut st, "message_id", self.message_id)?;
            optional(&mut st, "cause", self.cause)?;
            optional(&mut st, "action", self.action)?;
            optional(&mut st, "contacts", Some(self.contacts).filter(|c| !c.is_empty()))?;
            st.end()
        }
    }

    /// `{"entry": {…}, "last_seen": "1.21", "removed_in": "1.22"}`: the entry in its own form,
    /// the revisions as the JSON target's `removed` list names them.
    impl Serialize for Tombstone {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Tombstone", 3)?;
            st.serialize_field("entry", &self.entry)?;
            st.serialize_field("last_seen", self.last_seen)?;
            st.serialize_field("removed_in", self.removed_in)?;
            st.end()
        }
    }
}
