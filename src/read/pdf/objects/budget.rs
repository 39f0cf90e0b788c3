//! What reading one file may ask for (DESIGN §7), and what becomes of a stream that cannot
//! be decoded completely.
//!
//! Input: each stream the reader decodes, and each unit of work it is about to do (an
//! operator run, a glyph shown, a CMap code mapped …). Output: the decoded bytes, or a [`Stop`]
//! when an allowance runs out or when damage is refused. The allowances themselves are
//! declared beside the work they bound (`graphics`, `fonts`); this module only counts. It
//! does not know pages: the caller adds the page to what it reports.
//!
//! Pages may be read on several threads, each page against a budget of its own
//! (`read::pdf::pages`), and then accounted in page order. For that a budget tells what it
//! counted ([`Usage`]), can be set to resume where the pages before left off
//! ([`Budget::resumed`]), and records which objects decoded once per file (fonts, forms,
//! colour spaces) the page used, with what decoding each cost ([`Use`]): the file pays for
//! such an object on the first page that uses it.

use std::collections::HashSet;
use std::sync::Arc;

use lopdf::{ObjectId, Stream};

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

/// What a budget counted, allowance by allowance: decompressed bytes first, then the
/// [`Allowance`]s in the order [`Budget`] declares them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Usage([usize; 10]);

impl Usage {
    /// `bytes` decompressed bytes and nothing else.
    pub fn bytes(bytes: usize) -> Usage {
        let mut u = Usage::default();
        u.0[0] = bytes;
        u
    }

    pub fn plus(self, other: Usage) -> Usage {
        Usage(std::array::from_fn(|i| {
            self.0[i].saturating_add(other.0[i])
        }))
    }

    pub fn minus(self, other: Usage) -> Usage {
        Usage(std::array::from_fn(|i| {
            self.0[i].saturating_sub(other.0[i])
        }))
    }

    /// Decompressed bytes counted.
    pub fn decoded(&self) -> usize {
        self.0[0]
    }
}

/// An object that is decoded once per file and reused by every page that names it: which
/// cache holds it ("font", "form XObject", …) and its object number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key(pub &'static str, pub ObjectId);

/// What decoding a cached object cost: the work counted and the damage found (which the
/// sequential reader reports on the first page that uses the object, and never again).
#[derive(Debug, Default)]
pub(crate) struct Cost {
    pub used: Usage,
    pub damage: Vec<String>,
}

/// A page's first use of a cached object.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    pub key: Key,
    pub cost: Arc<Cost>,
    /// This page decoded the object (and its budget counted `cost`); else it was decoded
    /// by an earlier page read with the same cache.
    pub decoded: bool,
    /// How many of the page's own damage findings came before the use: where the
    /// object's damage goes when this page is the first to use it.
    pub after: usize,
}

/// A decode of a cached object under way: what the budget had counted when it began.
pub(crate) struct Loading {
    used: Usage,
    damaged: usize,
}

/// What a page recorded besides its work: its own damage findings and its uses of cached
/// objects, in order.
#[derive(Debug, Default)]
pub(crate) struct PageLog {
    pub damage: Vec<String>,
    pub uses: Vec<Use>,
}

/// The allowances of one file, its damage policy and the damage found on the current page.
pub(crate) struct Budget {
    bytes_left: usize,
    /// What `bytes_left` started from, for messages.
    bytes_max: usize,
    on_damage: OnDamage,
    damaged: Vec<String>,
    /// The current page's first uses of cached objects, and their keys.
    uses: Vec<Use>,
    used_keys: HashSet<Key>,
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
            uses: Vec::new(),
            used_keys: HashSet::new(),
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

    /// What the current page recorded (see [`PageLog`]), taken.
    pub fn take_log(&mut self) -> PageLog {
        self.used_keys.clear();
        PageLog {
            damage: std::mem::take(&mut self.damaged),
            uses: std::mem::take(&mut self.uses),
        }
    }

    fn allowances(&self) -> [&Allowance; 9] {
        [
            &self.operators,
            &self.glyphs,
            &self.path_parts,
            &self.form_uses,
            &self.widths,
            &self.mapped_codes,
            &self.mapped_bytes,
            &self.layout_steps,
            &self.table_slots,
        ]
    }

    /// What a budget has counted that leaves each allowance only a `parts`-th of its
    /// maximum.
    pub fn all_but(&self, parts: usize) -> Usage {
        let parts = parts.max(1);
        let mut used = Usage::bytes(self.bytes_max - self.bytes_max / parts);
        for (slot, a) in used.0[1..].iter_mut().zip(self.allowances()) {
            *slot = a.max - a.max / parts;
        }
        used
    }

    /// What this budget has counted so far.
    pub fn usage(&self) -> Usage {
        let mut used = Usage::bytes(self.bytes_max - self.bytes_left);
        for (slot, a) in used.0[1..].iter_mut().zip(self.allowances()) {
            *slot = a.used;
        }
        used
    }

    /// Whether a file that counted `used` in all stays within every allowance (each
    /// allowance fails only once its count passes its maximum).
    pub fn allows(&self, used: Usage) -> bool {
        used.0[0] <= self.bytes_max
            && used.0[1..]
                .iter()
                .zip(self.allowances())
                .all(|(&n, a)| n <= a.max)
    }

    /// A budget of the same allowances and policy that has counted `used` already and
    /// recorded nothing.
    pub fn resumed(&self, used: Usage) -> Budget {
        let mut b = Budget::new(self.bytes_max).with_policy(self.on_damage);
        b.bytes_left = self.bytes_max.saturating_sub(used.0[0]);
        let counts = used.0[1..].iter();
        let fields = [
            &mut b.operators,
            &mut b.glyphs,
            &mut b.path_parts,
            &mut b.form_uses,
            &mut b.widths,
            &mut b.mapped_codes,
            &mut b.mapped_bytes,
            &mut b.layout_steps,
            &mut b.table_slots,
        ];
        for ((field, mine), &n) in fields.into_iter().zip(self.allowances()).zip(counts) {
            *field = Allowance { used: n, ..*mine };
        }
        b
    }

    /// Marks the start of decoding a cached object.
    pub fn start_load(&self) -> Loading {
        Loading {
            used: self.usage(),
            damaged: self.damaged.len(),
        }
    }

    /// Ends the decoding of the cached object `key` begun at `start`: what it counted and
    /// the damage it found become its [`Cost`], and the page's first use of it.
    pub fn finish_load(&mut self, key: Key, start: Loading) -> Arc<Cost> {
        let cost = Arc::new(Cost {
            used: self.usage().minus(start.used),
            damage: self.damaged.split_off(start.damaged),
        });
        self.record_use(key, &cost, true);
        cost
    }

    /// The page uses the cached object `key`, decoded before at `cost`.
    pub fn reuse(&mut self, key: Key, cost: &Arc<Cost>) {
        self.record_use(key, cost, false);
    }

    fn record_use(&mut self, key: Key, cost: &Arc<Cost>, decoded: bool) {
        if self.used_keys.insert(key) {
            self.uses.push(Use {
                key,
                cost: cost.clone(),
                decoded,
                after: self.damaged.len(),
            });
        }
    }
}
