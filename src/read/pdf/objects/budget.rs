//! What reading one file may ask for (DESIGN §7), and what becomes of a stream that cannot
//! be decoded completely.
//!
//! Input: each stream the reader decodes, and each unit of work it is about to do (an
//! operator run, a glyph shown, a CMap code mapped …). Output: the decoded bytes, or a [`Stop`]
//! when an allowance runs out or when damage is refused. The allowances themselves are
//! declared beside the work they bound (`graphics`, `fonts`); this module only counts. It
//! does not know pages: the caller adds the page to what it reports.

use lopdf::Stream;

use super::filters::{self, Decoded};
use crate::read::OnDamage;

/// A count of one kind of work that a file may ask for at most `max` times.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Allowance {
    /// What is counted, as it reads after "exceeds the limit of {max}".
    what: &'static str,
    max: usize,
    used: usize,
}

impl Allowance {
    pub const fn new(max: usize, what: &'static str) -> Allowance {
        Allowance { what, max, used: 0 }
    }

    /// Counts `n` more; an error once the total passes `max`.
    pub fn take(&mut self, n: usize) -> Result<(), Exceeded> {
        self.used = self.used.saturating_add(n);
        if self.used > self.max {
            return Err(self.exceeded());
        }
        Ok(())
    }

    pub fn exceeded(&self) -> Exceeded {
        Exceeded {
            what: self.what,
            max: self.max,
        }
    }
}

/// An allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exceeded {
    pub what: &'static str,
    pub max: usize,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exceeds the limit of {} {}", self.max, self.what)
    }
}

/// Why reading stops before the end of a page; the caller adds file and page.
#[derive(Debug)]
pub(crate) enum Stop {
    /// An allowance ran out; `subject` names what asked for too much ("the file", "content
    /// stream 12 0 R").
    Limit { subject: String, exceeded: Exceeded },
    /// Damage was found and [`OnDamage::Refuse`] is in force: what is damaged and how
    /// ("content stream 12 0 R cannot be decoded (…)").
    Damaged(String),
}

/// The allowances of one file, its damage policy and the damage found on the current page.
pub(crate) struct Budget {
    bytes_left: usize,
    /// What `bytes_left` started from, for messages.
    bytes_max: usize,
    on_damage: OnDamage,
    damaged: Vec<String>,
    pub operators: Allowance,
    pub glyphs: Allowance,
    pub path_parts: Allowance,
    pub form_uses: Allowance,
    pub widths: Allowance,
    pub mapped_codes: Allowance,
    pub mapped_bytes: Allowance,
    pub layout_steps: Allowance,
    pub table_slots: Allowance,
}

impl Budget {
    /// A budget of `bytes` decompressed bytes that refuses damage.
    pub fn new(bytes: usize) -> Budget {
        use crate::read::pdf::fonts::{MAPPED_BYTES, MAPPED_CODES, WIDTHS};
        use crate::read::pdf::graphics::{FORM_USES, GLYPHS, OPERATORS, PATH_PARTS};
        use crate::read::pdf::layout::lattice::{LAYOUT_STEPS, TABLE_SLOTS};
        Budget {
            bytes_left: bytes,
            bytes_max: bytes,
            on_damage: OnDamage::Refuse,
            damaged: Vec::new(),
            operators: OPERATORS,
            glyphs: GLYPHS,
            path_parts: PATH_PARTS,
            form_uses: FORM_USES,
            widths: WIDTHS,
            mapped_codes: MAPPED_CODES,
            mapped_bytes: MAPPED_BYTES,
            layout_steps: LAYOUT_STEPS,
            table_slots: TABLE_SLOTS,
        }
    }

    pub fn with_policy(mut self, on_damage: OnDamage) -> Budget {
        self.on_damage = on_damage;
        self
    }

    /// A stream's decoded bytes, charged against the decompression allowance. `object` names
    /// the stream ("content stream 12 0 R"). Data that cannot be decoded completely is damage
    /// (see [`Budget::damage`]); under [`OnDamage::Warn`] what could be decoded is returned.
    pub fn decode(
        &mut self,
        stream: &Stream,
        object: &dyn Fn() -> String,
    ) -> Result<Vec<u8>, Stop> {
        let over = |object: String| Stop::Limit {
            subject: object,
            exceeded: Exceeded {
                what: "MiB of decompressed streams",
                max: self.bytes_max >> 20,
            },
        };
        let decoded = filters::decode(stream, self.bytes_left).map_err(|_| over(object()))?;
        let (data, reason) = match decoded {
            Decoded::Complete(data) => (data, None),
            Decoded::Partial { data, reason } => (data, Some(reason)),
        };
        self.bytes_left -= data.len().min(self.bytes_left);
        if let Some(reason) = reason {
            self.damage(format!("{} cannot be decoded ({reason})", object()))?;
        }
        Ok(data)
    }

    /// Content that is damaged or missing: an error under [`OnDamage::Refuse`], else recorded
    /// for the current page. `what` says what and how ("form XObject /Fm1 (7 0 R) is missing").
    pub fn damage(&mut self, what: String) -> Result<(), Stop> {
        match self.on_damage {
            OnDamage::Refuse => Err(Stop::Damaged(what)),
            OnDamage::Warn => {
                self.damaged.push(what);
                Ok(())
            }
        }
    }

    /// Whether damage (and text that cannot be read) is an error.
    pub fn refuses_damage(&self) -> bool {
        self.on_damage == OnDamage::Refuse
    }

    /// How much damage the current page has recorded so far.
    pub fn damage_count(&self) -> usize {
        self.damaged.len()
    }

    /// The damage recorded since the last call (the current page's).
    pub fn take_damage(&mut self) -> Vec<String> {
        std::mem::take(&mut self.damaged)
    }
}
