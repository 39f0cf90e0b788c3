//! What the interpreter decodes once and reuses on every page that names it: fonts, form
//! XObjects and colour spaces given as objects, each kept with what decoding it cost.
//!
//! Input: an object's id and a way to decode it within a budget. Output: the decoded value,
//! shared (`Rc`, so a cache belongs to one thread), and the page's use of it recorded in the
//! budget (`objects::budget::Use`). It does not decide who pays: the page loop
//! (`read::pdf::pages`) charges each object to the first page, in page order, that used it,
//! as a reader of one thread would, whichever thread decoded it first.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use lopdf::ObjectId;

use super::colour::Space;
use super::Program;
use crate::read::pdf::fonts::Font;
use crate::read::pdf::objects::{Budget, Cost, Key, Usage};

/// Objects of one kind, decoded once per cache.
pub(crate) struct Table<T> {
    /// What the objects are, as [`Key`]s name them.
    kind: &'static str,
    entries: HashMap<ObjectId, (Rc<T>, Arc<Cost>)>,
    /// Objects that pages before the first one read with this cache decoded and paid for:
    /// decoded again here without charge or damage, as the reader of one thread would find
    /// them in its cache.
    prepaid: HashSet<ObjectId>,
}

impl<T> Table<T> {
    fn new(kind: &'static str) -> Table<T> {
        Table {
            kind,
            entries: HashMap::new(),
            prepaid: HashSet::new(),
        }
    }

    /// The object `id`, when decoded already; its use is recorded for the page.
    pub fn get(&self, id: Option<ObjectId>, budget: &mut Budget) -> Option<Rc<T>> {
        let id = id?;
        let (value, cost) = self.entries.get(&id)?;
        budget.reuse(Key(self.kind, id), cost);
        Some(value.clone())
    }

    /// The object `id` decoded by `load` and kept when it is an object (a direct one is
    /// decoded on every use, and counted as the page's own work).
    pub fn load<E>(
        &mut self,
        id: Option<ObjectId>,
        budget: &mut Budget,
        load: impl FnOnce(&mut Budget) -> Result<T, E>,
    ) -> Result<Rc<T>, E> {
        let Some(id) = id else {
            return load(budget).map(Rc::new);
        };
        if self.prepaid.contains(&id) {
            // It decoded within what was left of the file's allowances on an earlier page, so
            // it decodes alike within the whole of them (a decode's result does not depend on
            // its allowance, only whether it fits).
            let value = Rc::new(load(&mut budget.resumed(Usage::default()))?);
            self.entries.insert(id, (value.clone(), Arc::default()));
            return Ok(value);
        }
        let start = budget.start_load();
        let value = Rc::new(load(budget)?);
        let cost = budget.finish_load(Key(self.kind, id), start);
        self.entries.insert(id, (value.clone(), cost));
        Ok(value)
    }
}

/// The fonts, forms and colour spaces decoded by the pages read so far on one thread.
pub(crate) struct Cache {
    pub(super) fonts: Table<Font>,
    pub(super) forms: Table<Program>,
    pub(super) spaces: Table<Space>,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            fonts: Table::new("font"),
            forms: Table::new("form XObject"),
            spaces: Table::new("colour space"),
        }
    }
}

impl Cache {
    /// A cache for reading on after pages that used the objects `paid` (see
    /// [`Table::prepaid`]).
    pub fn prepaid<'k>(paid: impl IntoIterator<Item = &'k Key>) -> Cache {
        let mut cache = Cache::default();
        for &Key(kind, id) in paid {
            let table = if kind == cache.fonts.kind {
                &mut cache.fonts.prepaid
            } else if kind == cache.forms.kind {
                &mut cache.forms.prepaid
            } else {
                &mut cache.spaces.prepaid
            };
            table.insert(id);
        }
        cache
    }
}
