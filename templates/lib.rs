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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
/// Whom to contact (問い合わせ先).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Contact {
{%- for c in contacts %}
    #[doc = "{{ c.doc }}"]
    {{ c.ident }},
{%- endfor %}
}

impl Contact {
    /// The name as the catalog prints it.
    pub const fn name(self) -> &'static str {
        match self {
{%- for c in contacts %}
            Contact::{{ c.ident }} => "{{ c.name }}",
{%- endfor %}
        }
    }

    /// The contact the catalog calls `name`.
    pub fn from_name(name: &str) -> Option<Contact> {
        match name {
{%- for c in contacts %}
            "{{ c.name }}" => Some(Contact::{{ c.ident }}),
{%- endfor %}
            _ => None,
        }
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A category of a display code: the 【…】 groups of its heading.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Tag {
{%- for t in tags %}
    #[doc = "{{ t.doc }}"]
    {{ t.ident }},
{%- endfor %}
}

impl Tag {
    /// The tag as the catalog prints it, without brackets.
    pub const fn name(self) -> &'static str {
        match self {
{%- for t in tags %}
            Tag::{{ t.ident }} => "{{ t.name }}",
{%- endfor %}
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A contact of an entry, with the note printed under it (`※…`), if any.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EntryContact {
    /// Whom to contact.
    pub contact: Contact,
    /// The lines after the name that start with ※, mark included.
    pub note: Option<&'static str>,
}

/// One row of the catalog: a display code's error type, message ID, cause, action and contacts.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Entry {
    /// The display code this row belongs to.
    pub code: DisplayCode,
    /// エラー種別.
    pub error_type: Option<&'static str>,
    /// メッセージID; `None` where the catalog prints none.
    pub message_id: Option<MessageId>,
    /// 原因.
    pub cause: Option<&'static str>,
    /// 対処.
    pub action: Option<&'static str>,
    /// 問い合わせ先.
    pub contacts: &'static [EntryContact],
}

/// A code a face-recognition card reader shows (`001`, `101`, `900` …); the discriminant is
/// its number.
#[non_exhaustive]
#[repr(u16)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

static ENTRIES: [Entry; {{ entries.len() }}] = [
{%- for e in entries %}
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
{%- endfor %}
];

/// Every entry of this revision, in document order.
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// Every entry whose message ID is `id` or whose range contains it, in document order.
///
/// ```
/// let codes: Vec<&str> = oqs_messages::lookup({{ example_id }}).map(|e| e.code.as_str()).collect();
/// assert_eq!(codes, [{% for c in example_codes %}"{{ c }}"{% if !loop.last %}, {% endif %}{% endfor %}] as [&str; {{ example_codes.len() }}]);
/// ```
pub fn lookup(id: u32) -> impl Iterator<Item = &'static Entry> {
    ENTRIES
        .iter()
        .filter(move |e| matches!(e.message_id, Some(m) if m.contains(id)))
}
