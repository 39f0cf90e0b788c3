//! Old/new model → change set and change notes. Revisions are built from 1.20 by editing the
//! spreadsheet (read the 1.20 grid, change cells, write a new workbook with its merges via
//! `rust_xlsxwriter`, ingest it) or by editing the model; each case checks that its change is
//! reported exactly once, with the right kind and class, and that nothing else is.

use crate::common;
use crate::common::book::{base_book, Book};

use std::path::Path;

use oqs_catalog::app::{catalog_yaml, Project};
use oqs_catalog::diff::{diff, Change, ChangeSet, Class, Kind, Remark, Subject};
use oqs_catalog::grid::Cell;
use oqs_catalog::history::History;
use oqs_catalog::model::{At, Catalog, Code, Entry, MessageId};
use oqs_catalog::release::{Bump, Release};
use oqs_catalog::render::anchor::PageAnchors;
use oqs_catalog::render::notes::{self, Lang, Notes};
use oqs_catalog::render::rust_api;

// ---------------------------------------------------------------------------------------------
// Fixtures

/// What `diff OLD NEW` says of the generated crate: the bump of its public API.
fn release(old: &Catalog, new: &Catalog, cs: &ChangeSet) -> Release {
    rust_api::pair_release(old, new, cs).unwrap_or_else(|e| panic!("{e}"))
}

/// The notes `diff OLD NEW` writes.
fn notes_of<'a>(old: &Catalog, new: &'a Catalog, cs: &'a ChangeSet) -> Notes<'a> {
    Notes::new(cs, new, new, release(old, new, cs))
}

/// The 1.20 spreadsheet's model (the edited workbooks below are made from it, so their `at`
/// positions are comparable).
pub(crate) fn base() -> Catalog {
    Project::new(common::root())
        .load_any(&common::root().join(common::XLSX))
        .unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn code_mut<'a>(c: &'a mut Catalog, code: &str) -> &'a mut Code {
    c.codes
        .iter_mut()
        .find(|x| x.code == code)
        .unwrap_or_else(|| panic!("no code {code}"))
}

/// The only change of `cs`, checked for kind, class, code, message ID and field.
#[track_caller]
fn only(
    cs: &ChangeSet,
    kind: Kind,
    class: Class,
    code: Option<&str>,
    id: Option<&str>,
    field: &str,
) -> Change {
    assert_eq!(
        cs.changes.len(),
        1,
        "expected one change: {:#?}",
        cs.changes
    );
    let c = cs.changes[0].clone();
    let ids = c.message_id();
    assert_eq!(
        (
            c.kind,
            c.class,
            c.code.as_deref(),
            ids.as_deref(),
            c.field.as_str()
        ),
        (kind, class, code, id, field),
        "{c:#?}"
    );
    c
}

// ---------------------------------------------------------------------------------------------
// Layout is not content

#[test]
fn rewritten_spreadsheet_is_no_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let again = base_book().ingest(dir.path(), "same.xlsx");
    let cs = diff(&base(), &again);
    assert!(cs.is_empty(), "{:#?}", cs.changes);
}

#[test]
fn page_breaks_and_header_wording_are_no_change() {
    let mut book = base_book();
    let cells = std::mem::take(book.cells());
    // Break inside a group: the first row whose code cell is merged over the next row.
    let split = cells
        .iter()
        .filter(|c| c.col == 0 && c.rowspan > 1 && c.row > 30)
        .map(|c| c.row)
        .min()
        .expect("a merged code cell");
    let header: Vec<Cell> = cells.iter().filter(|c| c.row == 1).cloned().collect();
    let reword = |c: &mut Cell| {
        c.text = match c.text.as_str() {
            "問い合わせ先" => "問合せ先".to_string(),
            "メッセージID" => "メッセージ ID".to_string(),
            t => t.replace('(', "（").replace(')', "）"),
        }
    };
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let mut cut = 0;
    for c in cells {
        if c.row <= split {
            let mut c = c;
            if c.row + c.rowspan - 1 > split {
                c.rowspan = split - c.row + 1;
                cut += 1;
            }
            if c.row == 1 {
                reword(&mut c);
            }
            first.push(c);
        } else {
            let mut c = c;
            // Row 0 of the second sheet is the header again; the rows follow it.
            c.row -= split;
            c.cell_ref = None;
            second.push(c);
        }
    }
    assert!(cut > 0, "the break must cut a merged cell");
    for mut h in header {
        reword(&mut h);
        h.row = 0;
        second.push(h);
    }
    book.sheets = vec![
        ("一覧".to_string(), first),
        ("一覧 (2)".to_string(), second),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let split_book = book.ingest(dir.path(), "two-sheets.xlsx");
    assert_eq!(split_book.document.source.sheets.len(), 2);
    let cs = diff(&base(), &split_book);
    assert!(cs.is_empty(), "{:#?}", cs.changes);
    assert_eq!(cs.impact(), None);
}

// ---------------------------------------------------------------------------------------------
// Edited spreadsheets

#[test]
fn edited_cause_is_one_textual_change() {
    let mut book = base_book();
    book.set(
        "F4",
        "・マイナンバーカードが置かれていない。\n・別のカードリーダーにマイナンバーカードを置いている",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let cs = diff(&base(), &book.ingest(dir.path(), "cause.xlsx"));
    let c = only(
        &cs,
        Kind::Changed,
        Class::Textual,
        Some("001"),
        Some("0x03000002"),
        "cause",
    );
    assert!(!c.normalization_only);
    assert_eq!(
        c.old_at.as_ref().map(|o| o.at.clone()),
        Some(At {
            page: None,
            sheet: Some("一覧".into()),
            row: Some(4)
        })
    );
    assert_eq!(cs.impact(), Some(Class::Textual));
}

#[test]
fn added_row_is_one_additive_entry() {
    let mut book = base_book();
    // After 003's second row (sheet row 8): a third PIN row, code cells left blank.
    book.insert_row(
        7,
        &[
            (3, "PIN認証に失敗し、試行可能回数が3回残っている"),
            (4, "0x04000013"),
            (5, "・マイナンバーカードの暗証番号を誤った"),
            (6, "・暗証番号認証で正しい暗証番号を入力して確認する"),
            (7, "-"),
        ],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let cs = diff(&base(), &book.ingest(dir.path(), "added.xlsx"));
    let c = only(
        &cs,
        Kind::Added,
        Class::Additive,
        Some("003"),
        Some("0x04000013"),
        "entry",
    );
    assert_eq!(c.new_at.map(|o| o.at.row), Some(Some(9)));
    assert_eq!(cs.impact(), Some(Class::Additive));
}

#[test]
fn changed_contact_cell_is_one_change() {
    let mut book = base_book();
    // H3 is merged over both rows of 001.
    book.set("H3", "オンライン資格確認等コールセンター");
    let dir = tempfile::tempdir().expect("temp dir");
    let cs = diff(&base(), &book.ingest(dir.path(), "contact.xlsx"));
    let c = only(
        &cs,
        Kind::Changed,
        Class::Textual,
        Some("001"),
        Some("0x03000001, 0x03000002"),
        "contacts",
    );
    assert_eq!(c.old.as_deref(), Some("顔認証付きカードリーダーベンダー"));
    assert_eq!(c.remarks, [Remark::OneCell(2)]);
}

/// The 1.20 workbook with a 備考 column holding three values (001's first row, a row further
/// down and one near the end).
pub(crate) fn book_with_column() -> Book {
    let mut book = base_book();
    book.put(1, 8, "備考");
    book.put(2, 8, "要確認");
    book.put(19, 8, "1.21で追加");
    book.put(60, 8, "ベンダーへ連絡");
    book
}

/// A new column is one layout fact, and each of its values a change of its entry, with the
/// entry's code, message ID and place, as an edited value is once both revisions have the
/// column; in all three formats. A column that goes is the same the other way round.
#[test]
fn new_column_is_one_fact_and_a_change_per_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with = book_with_column().ingest(dir.path(), "column.xlsx");
    let cs = diff(&base(), &with);
    assert_eq!(cs.changes.len(), 4, "{:#?}", cs.changes);
    let (values, facts): (Vec<&Change>, Vec<&Change>) =
        cs.changes.iter().partition(|c| c.code.is_some());
    assert_eq!(facts.len(), 1, "{facts:#?}");
    let fact = facts[0];
    assert_eq!(
        (
            fact.kind,
            fact.class,
            fact.field.as_str(),
            &fact.old,
            &fact.new
        ),
        (Kind::Added, Class::Additive, "extra.備考", &None, &None)
    );
    assert_eq!(fact.remarks, [Remark::Values(3)]);
    let mut rows = Vec::new();
    for c in &values {
        assert_eq!(
            (c.kind, c.class, c.field.as_str(), c.old.as_deref()),
            (Kind::Changed, Class::Textual, "extra.備考", None),
            "{c:#?}"
        );
        assert_eq!(c.message_ids.len(), 1, "{c:#?}");
        assert!(matches!(c.subject, Some(Subject::Entry { .. })), "{c:#?}");
        let at = c.new_at.as_ref().map(|o| o.at.clone()).expect("where");
        assert_eq!(at.sheet.as_deref(), Some("一覧"));
        rows.push(at.row.expect("row"));
    }
    assert_eq!(rows, [3, 20, 61]);
    let first = values[0];
    assert_eq!(
        (
            first.code.as_deref(),
            first.message_id().as_deref(),
            first.new.as_deref()
        ),
        (Some("001"), Some("0x03000001"), Some("要確認"))
    );

    // The same once both revisions have the column: an edited value is a change of its entry.
    let mut edited = book_with_column();
    edited.put(19, 8, "1.22で変更");
    let later = edited.ingest(dir.path(), "edited.xlsx");
    let c = only(
        &diff(&with, &later),
        Kind::Changed,
        Class::Textual,
        values[1].code.as_deref(),
        values[1].message_id().as_deref(),
        "extra.備考",
    );
    assert_eq!(c.new.as_deref(), Some("1.22で変更"));

    // All three formats: one column line and three entry lines.
    // A column the crate does not carry (the JSON's `extra`) leaves its public API as it was:
    // a patch release, whatever the catalog's users make of the values.
    let release = release(&base(), &with, &cs);
    assert_eq!(release.bump, Bump::Patch);
    let notes = Notes::new(&cs, &with, &with, release);
    let md = notes::markdown(&notes, Lang::En).expect("markdown");
    assert_eq!(md.lines().filter(|l| l.contains("備考")).count(), 4, "{md}");
    assert_eq!(md.matches("](../html/index.html#").count(), 3, "{md}");
    let html = notes::html(&notes, Lang::En).expect("html");
    let rows = html.matches("<tr").count() - html.matches("<thead>").count();
    assert_eq!(rows, 4, "{html}");
    let json: serde_json::Value = serde_json::from_str(&notes::json(&notes)).expect("JSON");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(4));

    // Where: each value names its entry's row, in every format and language; the column
    // itself, a layout fact, names none.
    let ja = notes::markdown(&notes, Lang::Ja).expect("markdown");
    let ja_html = notes::html(&notes, Lang::Ja).expect("html");
    for (row, value) in [(3, "要確認"), (20, "1.21で追加"), (61, "ベンダーへ連絡")] {
        let line = |md: &str| -> String {
            md.lines()
                .find(|l| l.contains(value))
                .unwrap_or_else(|| panic!("{value} in {md}"))
                .to_string()
        };
        assert!(
            line(&md).contains(&format!(" (textual) · 一覧 row {row} · [entry]")),
            "{}",
            line(&md)
        );
        assert!(
            line(&ja).contains(&format!(
                "（文言の変更） · 一覧シート {row}行目 · [該当箇所]"
            )),
            "{}",
            line(&ja)
        );
        assert!(
            html.contains(&format!("<div class=\"at\">一覧 row {row}</div>")),
            "{html}"
        );
        assert!(ja_html.contains(&format!("<div class=\"at\">一覧シート {row}行目</div>")));
        let change = json["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["new"] == value)
            .unwrap_or_else(|| panic!("{value} in {json}"));
        assert_eq!(change["new_at"]["row"], row, "{change}");
        assert_eq!(change["new_at"]["sheet"], "一覧", "{change}");
        let file = change["new_at"]["file"].as_str().unwrap_or_default();
        assert!(file.ends_with("column.xlsx"), "{change}");
        // The old side is the same entry's row of the old revision, which lacked the column.
        assert_eq!(change["old_at"]["row"], row, "{change}");
    }
    let fact_line = md
        .lines()
        .find(|l| l.contains("new column"))
        .expect("column line");
    assert!(
        !fact_line.contains(" row ") && !fact_line.contains("page "),
        "{fact_line}"
    );

    // Removed: the mirror image.
    let cs = diff(&with, &base());
    assert_eq!(cs.changes.len(), 4, "{:#?}", cs.changes);
    let fact = cs.changes.iter().find(|c| c.code.is_none()).expect("fact");
    assert_eq!((fact.kind, fact.class), (Kind::Removed, Class::Breaking));
    assert!(cs
        .changes
        .iter()
        .filter(|c| c.code.is_some())
        .all(|c| c.new.is_none() && c.old.is_some() && c.old_at.is_some()));
}

#[test]
fn corrected_printed_form_is_source_text_only() {
    let mut book = base_book();
    book.find_text("0xF0000000~ 0xF7FFFFF").text = "0xF0000000~0xF7FFFFFF".to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let cs = diff(&base(), &book.ingest(dir.path(), "corrected.xlsx"));
    let c = only(
        &cs,
        Kind::Changed,
        Class::SourceTextOnly,
        Some("901"),
        Some("0xF0000000~0xF7FFFFFF"),
        "message_id",
    );
    assert_eq!(c.old.as_deref(), Some("0xF0000000~ 0xF7FFFFF"));
    assert_eq!(c.new.as_deref(), Some("0xF0000000~0xF7FFFFFF"));
    assert_eq!(cs.impact(), Some(Class::SourceTextOnly));
}

// ---------------------------------------------------------------------------------------------
// Edited models

#[test]
fn removed_entry_is_one_breaking_change() {
    let mut new = base();
    code_mut(&mut new, "001").entries.remove(1);
    let cs = diff(&base(), &new);
    only(
        &cs,
        Kind::Removed,
        Class::Breaking,
        Some("001"),
        Some("0x03000002"),
        "entry",
    );
    assert_eq!(cs.impact(), Some(Class::Breaking));
}

#[test]
fn new_code_is_one_additive_change() {
    let mut new = base();
    let mut code = code_mut(&mut new, "017").clone();
    code.code = "018".to_string();
    code.title = "保険者確認(新)".to_string();
    code.heading_text = None;
    code.entries.truncate(1);
    code.entries[0].message_id = Some(MessageId::Single(0x8100_00F0));
    code.entries[0].cause = Some("・新しい原因".to_string());
    let at = code.entries[0].at.clone();
    code.entries[0].at = At {
        row: at.row.map(|r| r + 100),
        ..at
    };
    let i = new.codes.iter().position(|c| c.code == "017").expect("017") + 1;
    new.codes.insert(i, code);
    let cs = diff(&base(), &new);
    let c = only(&cs, Kind::Added, Class::Additive, Some("018"), None, "code");
    assert_eq!(c.subject, Some(Subject::Code(i)));
    assert_eq!(
        PageAnchors::new(&new).link(Subject::Code(i)),
        Some("code-018")
    );
}

#[test]
fn removed_code_is_one_breaking_change() {
    let mut new = base();
    new.codes.retain(|c| c.code != "017");
    let cs = diff(&base(), &new);
    only(
        &cs,
        Kind::Removed,
        Class::Breaking,
        Some("017"),
        None,
        "code",
    );
}

#[test]
fn row_moved_between_codes_is_one_move() {
    let mut new = base();
    let e = code_mut(&mut new, "003").entries.remove(1);
    code_mut(&mut new, "004").entries.push(e);
    let cs = diff(&base(), &new);
    let c = only(
        &cs,
        Kind::Moved,
        Class::Additive,
        Some("004"),
        Some("0x04000012"),
        "code",
    );
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("003"), Some("004"))
    );
}

#[test]
fn reorder_inside_a_code_is_one_change() {
    let mut new = base();
    code_mut(&mut new, "001").entries.swap(0, 1);
    let cs = diff(&base(), &new);
    let c = only(
        &cs,
        Kind::Reordered,
        Class::Textual,
        Some("001"),
        None,
        "order",
    );
    let order = c.order.expect("the rows before and after");
    assert_eq!(order.old, ["0x03000001", "0x03000002"]);
    assert_eq!(order.new, ["0x03000002", "0x03000001"]);
    // The IDs as data, for a program that filters by ID; no list in one string.
    assert_eq!(
        c.related_ids,
        [
            MessageId::Single(0x0300_0002),
            MessageId::Single(0x0300_0001)
        ]
    );
    assert_eq!((c.old, c.new), (None, None));
}

fn with_901_range(last: u32) -> Catalog {
    let mut new = base();
    for e in &mut code_mut(&mut new, "901").entries {
        if matches!(e.message_id, Some(MessageId::Range { .. })) {
            e.message_id = Some(MessageId::Range {
                first: 0xF000_0000,
                last,
            });
        }
    }
    new
}

#[test]
fn widened_range_is_additive_and_narrowed_range_breaking() {
    let cs = diff(&base(), &with_901_range(0xF8FF_FFFF));
    let c = only(
        &cs,
        Kind::Changed,
        Class::Additive,
        Some("901"),
        Some("0xF0000000~0xF8FFFFFF"),
        "message_id",
    );
    assert_eq!(c.remarks.first(), Some(&Remark::RangeWidened));

    let cs = diff(&base(), &with_901_range(0xF3FF_FFFF));
    let c = only(
        &cs,
        Kind::Changed,
        Class::Breaking,
        Some("901"),
        Some("0xF0000000~0xF3FFFFFF"),
        "message_id",
    );
    assert_eq!(c.remarks.first(), Some(&Remark::RangeNarrowed));
    assert_eq!(cs.impact(), Some(Class::Breaking));
}

/// 1.20 with 017's single ID 0x8100000E printed as the range `first`~`last`.
fn with_8100000e_as(first: u32, last: u32) -> Catalog {
    let mut new = base();
    let entry = code_mut(&mut new, "017")
        .entries
        .iter_mut()
        .find(|e| e.message_id == Some(MessageId::Single(0x8100_000E)))
        .expect("0x8100000E under 017");
    entry.message_id = Some(MessageId::Range { first, last });
    new
}

/// A single ID that becomes a range containing it is not removed: the change says so, no
/// tombstone is listed, and the crate keeps its constant without `#[deprecated]`, since
/// `lookup` still finds it.
#[test]
fn single_id_that_becomes_a_range_containing_it_is_not_removed() {
    let mut new = with_8100000e_as(0x8100_000E, 0x8100_000F);
    new.document.version = "1.21".to_string();
    let cs = diff(&base(), &new);
    let c = only(
        &cs,
        Kind::Changed,
        Class::Additive,
        Some("017"),
        Some("0x8100000E~0x8100000F"),
        "message_id",
    );
    assert_eq!(c.remarks, [Remark::SingleBecameRange]);
    assert_eq!(c.related_ids, [MessageId::Single(0x8100_000E)]);
    assert_eq!(cs.gone, Default::default());
    assert!(new.lookup(0x8100_000E).len() == 1);

    let (_, identifiers) = common::models();
    let catalogs = [base(), new];
    let series = rust_api::series(&catalogs, &identifiers).expect("series");
    let files = oqs_catalog::render::rust::render(oqs_catalog::render::RenderInput {
        catalogs: &catalogs,
        identifiers: &identifiers,
        series: &series,
        history: &History::new(&catalogs, &series.changes),
    })
    .expect("render the crate");
    let lib = files
        .iter()
        .find(|(k, _)| k.ends_with("lib.rs"))
        .map(|(_, v)| String::from_utf8_lossy(v).to_string())
        .expect("lib.rs");
    let at = lib
        .find("pub const MSG_8100000E:")
        .unwrap_or_else(|| panic!("the constant stays: {lib}"));
    let before = &lib[..at];
    let item_start = before.rfind("\n\n").unwrap_or(0);
    assert!(
        !before[item_start..].contains("deprecated"),
        "{}",
        &lib[item_start..at + 40]
    );
    assert!(lib.contains("pub const MSG_8100000E_8100000F:"));
}

/// A range that starts to cover message IDs listed under other codes says so, and names them
/// as data.
#[test]
fn range_that_swallows_other_codes_ids_gets_a_remark() {
    let new = with_8100000e_as(0x8100_0000, 0x8100_00FF);
    let cs = diff(&base(), &new);
    let c = only(
        &cs,
        Kind::Changed,
        Class::Additive,
        Some("017"),
        Some("0x81000000~0x810000FF"),
        "message_id",
    );
    let swallowed: Vec<MessageId> = c.related_ids[1..].to_vec();
    match c.remarks.last() {
        Some(Remark::Covers { ids, codes }) => {
            assert_eq!(ids, &swallowed);
            assert!(codes.contains(&"016".to_string()), "{codes:?}");
            assert!(!codes.contains(&"017".to_string()), "{codes:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        swallowed.contains(&MessageId::Single(0x8100_0029)),
        "{swallowed:?}"
    );
    for id in &swallowed {
        let under: Vec<&str> = new
            .entries()
            .filter(|(_, e)| e.message_id == Some(*id))
            .map(|(k, _)| k.code.as_str())
            .collect();
        assert!(
            !under.is_empty() && under.iter().any(|k| *k != "017"),
            "{id}"
        );
    }
    // A range that covers only its own code's IDs gets no remark.
    let cs = diff(&base(), &with_901_range(0xF8FF_FFFF));
    let remarks = &cs.changes[0].remarks;
    assert!(
        !remarks.iter().any(|r| matches!(r, Remark::Covers { .. })),
        "{remarks:?}"
    );
}

#[test]
fn contact_no_entry_names_any_more_is_breaking() {
    let mut new = base();
    for code in &mut new.codes {
        for e in &mut code.entries {
            for c in &mut e.contacts {
                if c.name == "端末導入設定ベンダー" {
                    c.name = "ネットワーク設定ベンダー".to_string();
                }
            }
        }
    }
    let cs = diff(&base(), &new);
    assert!(!cs.is_empty());
    for c in &cs.changes {
        assert_eq!(
            (c.field.as_str(), c.class),
            ("contacts", Class::Breaking),
            "{c:#?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// diff(a, a) is empty

/// A small deterministic generator (no dependency needed for a cheap property test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A random revision of `base`: a few random edits of entries and codes.
fn mutate(base: &Catalog, rng: &mut Lcg) -> Catalog {
    let mut c = base.clone();
    for _ in 0..=rng.next(4) {
        let ci = rng.next(c.codes.len());
        let n = c.codes[ci].entries.len();
        let ei = rng.next(n);
        match rng.next(6) {
            0 if n > 1 => {
                c.codes[ci].entries.remove(ei);
            }
            1 => c.codes[ci].entries[ei].cause = Some(format!("・変更{}", rng.next(1000))),
            2 if n > 1 => c.codes[ci].entries.swap(0, n - 1),
            3 => c.codes[ci].title.push('※'),
            4 if c.codes.len() > 1 => {
                c.codes.remove(ci);
            }
            _ => {
                let mut e: Entry = c.codes[ci].entries[ei].clone();
                e.message_id = Some(MessageId::Single(0x7000_0000 + rng.next(1 << 20) as u32));
                c.codes[ci].entries.push(e);
            }
        }
    }
    c
}

/// The same content at other positions.
fn relocated(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    c.document.source.file = "elsewhere.pdf".to_string();
    for code in &mut c.codes {
        for e in &mut code.entries {
            e.at = At {
                page: Some(7),
                sheet: None,
                row: None,
            };
        }
    }
    c
}

#[test]
fn diff_of_a_revision_with_itself_is_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut fixtures = vec![base(), base_book().ingest(dir.path(), "same.xlsx")];
    fixtures.push(with_901_range(0xF8FF_FFFF));
    let mut book = base_book();
    book.put(1, 8, "備考");
    book.put(2, 8, "要確認");
    fixtures.push(book.ingest(dir.path(), "column.xlsx"));
    for f in &fixtures {
        let cs = diff(f, f);
        assert!(cs.is_empty(), "{:#?}", cs.changes);
        assert!(diff(f, &relocated(f)).is_empty());
    }
}

#[test]
fn property_diff_is_empty_exactly_when_content_is_equal() {
    let base = base();
    let mut rng = Lcg(20);
    for round in 0..60 {
        let a = mutate(&base, &mut rng);
        let b = mutate(&a, &mut rng);
        assert!(diff(&a, &a).is_empty(), "round {round}");
        assert!(diff(&a, &relocated(&a)).is_empty(), "round {round}");
        let equal = a.without_provenance() == b.without_provenance();
        assert_eq!(diff(&a, &b).is_empty(), equal, "round {round}");
    }
}

// ---------------------------------------------------------------------------------------------
// Notes

#[test]
fn markdown_notes_have_sections_summary_and_links() {
    let mut new = base();
    // 0x04000001 is listed under 004, 005 and 902: the link names the code.
    code_mut(&mut new, "004").entries[0].cause =
        Some("・マイナンバーカードの暗証番号が3回連続で誤り、使用できなくなった".to_string());
    code_mut(&mut new, "001").entries.remove(1);
    let e = code_mut(&mut new, "003").entries.remove(1);
    code_mut(&mut new, "004").entries.push(e);
    let md = notes::markdown(&notes_of(&base(), &new, &diff(&base(), &new)), Lang::En)
        .expect("markdown");
    for want in [
        "# Changes from 1.20 to 1.20",
        "**Summary:** 3 changes: 1 breaking, 1 additive, 1 textual.",
        // The catalog's users lose 0x03000002; the crate keeps it, deprecated: minor.
        "**Catalog impact:** breaking for help-desk behaviour: 0x03000002 is no longer in the catalog.\n",
        "needs a **minor** version bump (its public API gains items or deprecates some;",
        "## Breaking changes\n\n- **001** `0x03000002` entry removed",
        "## Changed",
        "## Deprecated\n\n- `oqs_messages::MSG_03000002`: message ID `0x03000002` is no longer in the catalog",
        "- **004** `0x04000001` cause: changed 「",
        "[entry](../html/index.html#004-0x04000001)",
        "- **001** `0x03000002` entry removed: 「カードが見つからない」 (breaking;",
        // 0x04000012 is listed under other codes too: the link names the code.
        "- **004** `0x04000012` moved: from 003 to 004 (additive) · 一覧 row 8 · [entry](../html/index.html#004-0x04000012)",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(!md.contains("## Added") && !md.contains("## Moved"), "{md}");
    // Breaking first, then Keep a Changelog's order; the move is a change of its entry.
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s} in {md}"));
    assert!(at("## Breaking changes") < at("## Changed"));
    assert!(at("## Changed") < at("moved: from 003 to 004"));
    assert!(at("moved: from 003 to 004") < at("## Deprecated"));
}

/// An added value and a cleared one read differently; a one-character edit of a cell of
/// several lines shows the changed character with a little context, not the cell twice.
#[test]
fn markdown_says_added_removed_changed_and_cuts_long_cells() {
    let mut cleared = base();
    let cause = code_mut(&mut cleared, "001").entries[0]
        .cause
        .take()
        .expect("a cause");
    let md_of = |old: &Catalog, new: &Catalog| {
        notes::markdown(&notes_of(old, new, &diff(old, new)), Lang::En).expect("markdown")
    };
    let removed = md_of(&base(), &cleared);
    let added = md_of(&cleared, &base());
    assert!(
        removed.contains(&format!("cause: removed 「{cause}」")),
        "{removed}"
    );
    assert!(
        added.contains(&format!("cause: added 「{cause}」")),
        "{added}"
    );

    let mut edited = base();
    let long = code_mut(&mut edited, "901")
        .entries
        .iter_mut()
        .filter_map(|e| e.action.as_mut())
        .find(|a| a.lines().count() > 2)
        .expect("an action of several lines");
    let before = long.clone();
    let at = before
        .char_indices()
        .nth(30)
        .map(|(i, _)| i)
        .expect("30 characters");
    long.insert(at, '★');
    let md = md_of(&base(), &edited);
    let line = md
        .lines()
        .find(|l| l.contains("action: changed"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains("**★**"), "{line}");
    assert!(line.contains('…'), "{line}");
    assert!(
        line.chars().count() < before.chars().count(),
        "only the changed part: {line}"
    );
}

#[test]
fn html_notes_highlight_characters_and_normalization_only() {
    let mut new = base();
    code_mut(&mut new, "003").entries[0].cause =
        Some("・マイナンバーカードの暗証番号を3回連続で誤り残り1回になった".to_string());
    // Full-width letters only: 「PIN」 → 「ＰＩＮ」.
    code_mut(&mut new, "003").entries[1].error_type =
        Some("ＰＩＮ認証に失敗し、試行可能回数が2回残っている".to_string());
    let cs = diff(&base(), &new);
    assert_eq!(cs.changes.len(), 2, "{:#?}", cs.changes);
    assert!(cs.changes[1].normalization_only);
    let html = notes::html(&notes_of(&base(), &new, &cs), Lang::En).expect("html");
    assert!(
        html.contains("<del>2</del>") && html.contains("<ins>3</ins>"),
        "{html}"
    );
    assert!(html.contains("width or spacing only"), "{html}");
    let ja = notes::html(&notes_of(&base(), &new, &cs), Lang::Ja).expect("html");
    assert!(ja.contains("全角・半角や空白のみの違い"), "{ja}");
    // Japanese line breaking: no break inside Latin words unless needed, no line starting
    // with ー; a deleted ー stays visible (background, thin strike, brackets).
    let css = &html[html.find("<style>").expect("style")..html.find("</style>").expect("style")];
    assert!(!css.contains("break-all"), "{css}");
    assert!(
        css.contains("line-break: strict") && css.contains("overflow-wrap: anywhere"),
        "{css}"
    );
    let del = css
        .lines()
        .find(|l| l.starts_with("del {"))
        .expect("a rule for del");
    assert!(
        del.contains("background:") && del.contains("text-decoration-thickness: 1px"),
        "{del}"
    );
    assert!(css.contains("del::before { content: \"[\""), "{css}");
    assert!(html.contains("<tr class=\"norm\">"), "{html}");
    assert!(html.starts_with("<!DOCTYPE html>"));
}

#[test]
fn json_notes_have_one_object_per_change() {
    let mut new = base();
    code_mut(&mut new, "001").entries.swap(0, 1);
    code_mut(&mut new, "001").entries[0].action = Some("・確認する".to_string());
    let cs = diff(&base(), &new);
    let v: serde_json::Value =
        serde_json::from_str(&notes::json(&notes_of(&base(), &new, &cs))).expect("JSON");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), cs.changes.len());
    assert_eq!(v["summary"]["bump"], "patch");
    let action = changes
        .iter()
        .find(|c| c["field"] == "action")
        .expect("action change");
    for key in [
        "kind",
        "class",
        "code",
        "message_ids",
        "field",
        "old",
        "new",
    ] {
        assert!(action.get(key).is_some(), "{key} in {action}");
    }
    assert_eq!(action["new_at"]["sheet"], "一覧");
    assert_eq!(action["old_at"]["row"], 4);
    assert_eq!(action["new_at"]["row"], 4);
}

/// The message IDs a JSON change names, as a program reads them: `message_ids` and
/// `related_ids`, each a string or a `{first, last}` range.
fn json_ids(change: &serde_json::Value) -> Vec<(u32, u32)> {
    let hex = |v: &serde_json::Value| {
        u32::from_str_radix(v.as_str().expect("hex").trim_start_matches("0x"), 16).expect("hex")
    };
    ["message_ids", "related_ids"]
        .iter()
        .filter_map(|k| change[*k].as_array())
        .flatten()
        .map(|id| match id.as_str() {
            Some(_) => (hex(id), hex(id)),
            None => (hex(&id["first"]), hex(&id["last"])),
        })
        .collect()
}

/// A revision with one edit of every kind: a reorder, a new entry, a removed entry, a new code,
/// a changed ID, a range widened over another code's ID, a new column's value.
fn every_kind_of_edit() -> (Catalog, Vec<(u32, &'static str)>) {
    let mut new = base();
    new.document.version = "1.21".to_string();
    code_mut(&mut new, "001").entries.swap(0, 1);
    let mut fresh = code_mut(&mut new, "003").entries[1].clone();
    fresh.message_id = Some(MessageId::Single(0x0400_00A0));
    fresh.error_type = Some("PIN認証に失敗し、試行可能回数が3回残っている".to_string());
    code_mut(&mut new, "003").entries.push(fresh);
    code_mut(&mut new, "017").entries.pop();
    let mut code = code_mut(&mut new, "017").clone();
    code.code = "018".to_string();
    code.entries.truncate(1);
    code.entries[0].message_id = Some(MessageId::Single(0x8100_00F0));
    code.entries[0].cause = Some("・新しい原因".to_string());
    new.codes.push(code);
    let changed = code_mut(&mut new, "002").entries[0]
        .message_id
        .replace(MessageId::Single(0x0200_00B0))
        .expect("002 has an ID");
    code_mut(&mut new, "001").entries[1]
        .extra
        .insert("備考".to_string(), "要確認".to_string());
    let touched = vec![
        (0x0300_0001, "order"),
        (0x0300_0002, "order"),
        (0x0400_00A0, "entry"),
        (0x8100_000E, "entry"),
        (0x8100_00F0, "code"),
        (changed.first(), "message_id"),
        (0x0200_00B0, "message_id"),
        (0x0300_0001, "extra.備考"),
    ];
    (new, touched)
}

/// The notes' JSON validates against the notes' schema, which rejects what it must; a program
/// that filters the changes by a message ID finds every change that touched it, from the IDs
/// given as data (arrays, never a list in one string).
#[test]
fn json_notes_follow_their_schema_and_filter_by_message_id() {
    let (new, touched) = every_kind_of_edit();
    let cs = diff(&base(), &new);
    let json: serde_json::Value =
        serde_json::from_str(&notes::json(&notes_of(&base(), &new, &cs))).expect("JSON");
    let schema: serde_json::Value = serde_json::from_str(notes::schema()).expect("schema");
    jsonschema::meta::validate(&schema).expect("the schema is a valid JSON Schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["format"], 1);
    assert_eq!(json["$schema"], "notes.schema.json");

    let changes = json["changes"].as_array().expect("changes");
    for (id, field) in &touched {
        let found: Vec<&serde_json::Value> = changes
            .iter()
            .filter(|c| json_ids(c).iter().any(|(a, b)| a <= id && id <= b))
            .collect();
        assert!(
            found.iter().any(|c| c["field"] == *field),
            "filtering by 0x{id:08X} misses the {field} change: {found:#?}"
        );
    }
    for c in changes {
        for key in ["message_ids", "related_ids"] {
            for id in c[key].as_array().into_iter().flatten() {
                assert!(!id.as_str().unwrap_or_default().contains(','), "{c}");
            }
        }
    }
    // The whole entry that came or went, and the new code's IDs as data.
    let added = changes
        .iter()
        .find(|c| c["field"] == "entry" && c["kind"] == "added")
        .expect("added entry");
    assert_eq!(added["entry"]["message_id"], "0x040000A0");
    assert!(added["entry"]["cause"].is_string(), "{added}");
    let removed = changes
        .iter()
        .find(|c| c["field"] == "entry" && c["kind"] == "removed")
        .expect("removed entry");
    assert_eq!(removed["entry"]["message_id"], "0x8100000E");
    let code = changes.iter().find(|c| c["field"] == "code").expect("code");
    assert_eq!(code["related_ids"], serde_json::json!(["0x810000F0"]));
    assert_eq!(
        json["gone"]["message_ids"],
        serde_json::json!(["0x8100000E"])
    );

    // What the schema must reject.
    let mut bad = json.clone();
    bad["changes"][0]["message_ids"] = serde_json::json!("0x03000001, 0x03000002");
    assert!(!validator.is_valid(&bad));
    let mut bad = json.clone();
    bad.as_object_mut().expect("object").remove("format");
    assert!(!validator.is_valid(&bad));
    let mut bad = json.clone();
    bad["changes"][0]["kind"] = serde_json::json!("moved away");
    assert!(!validator.is_valid(&bad));
}

// ---------------------------------------------------------------------------------------------
// Command line and build

#[test]
fn cli_diff_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::root();
    let yaml = root.join("generated/catalog/1.20.yaml");
    let xlsx = root.join(common::XLSX);
    let mut new = base();
    code_mut(&mut new, "001").entries.remove(1);
    let edited = dir.path().join("edited.yaml");
    std::fs::write(&edited, catalog_yaml(&new).unwrap()).expect("write model");
    let s = |p: &Path| p.display().to_string();
    // The project root supplies input/errata.yaml, which corrects the 1.20 source.
    let root = s(&root);

    let same = common::run(dir.path(), &["--root", &root, "diff", &s(&yaml), &s(&xlsx)]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    // Japanese unless asked otherwise.
    assert!(same.stdout.contains("変更はありません"), "{}", same.stdout);
    let english = common::run(
        dir.path(),
        &[
            "--root",
            &root,
            "diff",
            &s(&yaml),
            &s(&xlsx),
            "--lang",
            "en",
        ],
    );
    assert_eq!(english.code, 0, "{}", english.stderr);
    assert!(english.stdout.contains("No changes"), "{}", english.stdout);

    let changed = common::run(
        dir.path(),
        &["--root", &root, "diff", &s(&yaml), &s(&edited)],
    );
    assert_eq!(changed.code, 1, "{}", changed.stderr);
    assert!(
        changed.stdout.contains("## 破壊的変更"),
        "{}",
        changed.stdout
    );

    let json = common::run(
        dir.path(),
        &[
            "--root",
            &root,
            "diff",
            &s(&yaml),
            &s(&edited),
            "--format",
            "json",
        ],
    );
    assert_eq!(json.code, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["changes"][0]["kind"], "removed");

    let out = dir.path().join("notes");
    let written = common::run(
        dir.path(),
        &[
            "--root",
            &root,
            "diff",
            &s(&yaml),
            &s(&edited),
            "--out",
            &s(&out),
        ],
    );
    assert_eq!(written.code, 1, "{}", written.stderr);
    // The names `build` gives them: both languages, and the JSON with its schema beside it.
    let listing = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read the folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        listing(&out),
        [
            "1.20..1.20.en.html",
            "1.20..1.20.en.md",
            "1.20..1.20.ja.html",
            "1.20..1.20.ja.md",
            "1.20..1.20.json",
            "notes.schema.json",
        ]
    );
    let schema = std::fs::read_to_string(out.join("notes.schema.json")).expect("schema");
    assert_eq!(schema, notes::schema());
    // Only the format and language asked for.
    for (args, want) in [
        (
            &["--format", "md", "--lang", "en"][..],
            &["1.20..1.20.en.md"][..],
        ),
        (
            &["--format", "json"][..],
            &["1.20..1.20.json", "notes.schema.json"][..],
        ),
        (
            &["--lang", "ja"][..],
            &[
                "1.20..1.20.ja.html",
                "1.20..1.20.ja.md",
                "1.20..1.20.json",
                "notes.schema.json",
            ][..],
        ),
    ] {
        let only = dir.path().join(format!("only-{}", args.join("-")));
        let mut argv = vec!["--root", &root, "diff"];
        let (old, new, only_s) = (s(&yaml), s(&edited), s(&only));
        argv.extend([old.as_str(), new.as_str(), "--out", only_s.as_str()]);
        argv.extend(args);
        let run = common::run(dir.path(), &argv);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(listing(&only), want, "{args:?}");
    }

    let missing = common::run(
        dir.path(),
        &["--root", &root, "diff", &s(&yaml), "missing.yaml"],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("missing.yaml"),
        "{}",
        missing.stderr
    );
    let bad = common::run(
        dir.path(),
        &[
            "--root",
            &root,
            "diff",
            &s(&yaml),
            &s(&yaml),
            "--format",
            "pdf",
        ],
    );
    assert_eq!(bad.code, 2);
}

#[test]
fn build_writes_notes_for_consecutive_revisions() {
    let dir = common::scratch();
    let mut book = base_book();
    let title = book.find_text_prefix("セットアップ時における");
    title.text = title.text.replace("1.20版", "1.21版");
    book.find_text("0xF0000000~ 0xF7FFFFF").text = "0xF0000000~0xF7FFFFFF".to_string();
    book.set("F4", "・マイナンバーカードが置かれていない。");
    let rev = dir.path().join("input/1.21");
    std::fs::create_dir_all(&rev).expect("revision folder");
    book.write(&rev, "message-id-contacts-1.21.xlsx");

    let build = common::run(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    let changes = dir.path().join("generated/changes");
    let mut written: Vec<String> = std::fs::read_dir(&changes)
        .expect("generated/changes")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "1.20..1.21.en.html",
            "1.20..1.21.en.md",
            "1.20..1.21.ja.html",
            "1.20..1.21.ja.md",
            "1.20..1.21.json",
            "CHANGELOG.en.md",
            "CHANGELOG.ja.md",
            "notes.schema.json",
        ]
    );
    let read = |name: &str| {
        std::fs::read_to_string(changes.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let md = read("1.20..1.21.en.md");
    assert!(
        md.contains("**901** `0xF0000000~0xF7FFFFFF` message ID"),
        "{md}"
    );
    assert!(md.contains("source text only"), "{md}");
    assert!(md.contains("**001** `0x03000002` cause"), "{md}");
    // The crate's public API is as it was: a patch release, said in its manifest.
    assert!(
        md.contains("needs a **patch** version bump: 1.0.0 → 1.0.1 ("),
        "{md}"
    );
    let ja = read("1.20..1.21.ja.md");
    for want in [
        "# 1.20版から1.21版への変更点",
        "## 修正\n\n- **901** `0xF0000000~0xF7FFFFFF` メッセージID: `0xF0000000~ 0xF7FFFFF` → \
         `0xF0000000~0xF7FFFFFF` に変更（原本の表記のみ、値は変わらない、3行にまたがる1つのセル） · 4ページ → 一覧シート 52行目",
        "- **001** `0x03000002` 原因: 「",
        "**パッチ**バージョンの更新が必要です（1.0.0 → 1.0.1）。",
    ] {
        assert!(ja.contains(want), "missing {want:?} in\n{ja}");
    }
    let html = read("1.20..1.21.ja.html");
    assert!(html.contains("<html lang=\"ja\">"), "{html}");
    assert!(html.contains("<td>原因</td>"), "{html}");
    assert!(read("1.20..1.21.en.html").contains("<html lang=\"en\">"));
    let manifest =
        std::fs::read_to_string(dir.path().join("generated/rust/Cargo.toml")).expect("manifest");
    assert!(manifest.contains("\nversion = \"1.0.1\"\n"), "{manifest}");
    let json = read("1.20..1.21.json");
    assert!(
        json.contains("\"crate_version\": {\n      \"old\": \"1.0.0\",\n      \"new\": \"1.0.1\""),
        "{json}"
    );
    let check = common::run(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // A stray file under generated/changes/ is stale.
    std::fs::write(changes.join("0.9..1.0.ja.md"), "old").expect("write");
    assert_eq!(common::run(dir.path(), &["check"]).code, 1);
}

/// The Markdown notes of a fixed set of model edits in each language, compared with
/// `tests/data/notes.<lang>.md` byte for byte. Update on request only:
/// `UPDATE_GOLDEN=1 cargo test --test it diff::markdown_notes_match`.
#[test]
fn markdown_notes_match_golden_files() {
    let mut new = base();
    new.document.version = "1.21".to_string();
    code_mut(&mut new, "001").entries[1].cause = Some(
        "・マイナンバーカードが置かれていない。\n・別のカードリーダーにマイナンバーカードを置いている"
            .to_string(),
    );
    code_mut(&mut new, "003").entries[0].error_type =
        Some("ＰＩＮ認証に失敗し、試行可能回数が1回残っている".to_string());
    code_mut(&mut new, "017").entries.pop();
    let e = code_mut(&mut new, "005").entries.pop().expect("an entry");
    code_mut(&mut new, "006").entries.push(e);
    let mut fresh = code_mut(&mut new, "003").entries[1].clone();
    fresh.message_id = Some(MessageId::Single(0x0400_00A0));
    fresh.error_type = Some("PIN認証に失敗し、試行可能回数が3回残っている".to_string());
    code_mut(&mut new, "003").entries.push(fresh);
    let cs = diff(&base(), &new);
    for lang in Lang::ALL {
        let md = notes::markdown(&notes_of(&base(), &new, &cs), lang).expect("markdown");
        let name = format!("tests/data/notes.{}.md", lang.code());
        let path = common::root().join(&name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &md).expect("write golden file");
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(md, want, "{name}: run with UPDATE_GOLDEN=1 to accept");
    }
}

#[test]
fn heading_message_and_footnote_wording_are_textual() {
    let mut new = base();
    code_mut(&mut new, "002").title = "マイナンバーカード以外のカード".to_string();
    code_mut(&mut new, "002").message =
        Some("患者はマイナンバーカードを置いてください。".to_string());
    new.footnotes[0].text.push('。');
    let cs = diff(&base(), &new);
    let got: Vec<(Kind, Class, Option<&str>, &str)> = cs
        .changes
        .iter()
        .map(|c| (c.kind, c.class, c.code.as_deref(), c.field.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Kind::Changed, Class::Textual, Some("002"), "heading"),
            (Kind::Changed, Class::Textual, Some("002"), "message"),
            (Kind::Changed, Class::Textual, None, "footnote ※1"),
        ]
    );

    // The same heading printed on one line instead of two: the printed form only.
    let mut new = base();
    let code = code_mut(&mut new, "901");
    code.heading_text = Some(code.heading().replace('\n', ""));
    let cs = diff(&base(), &new);
    only(
        &cs,
        Kind::Changed,
        Class::SourceTextOnly,
        Some("901"),
        None,
        "heading",
    );
}

/// Every link in every generated notes file names an element of the generated page: a
/// project of three revisions (1.21 edits a row under the range of 901 and both 004 rows of
/// 0x04000001; 1.22 another row of 901 and its message), built, and every `#…` of the
/// Markdown, HTML and JSON notes looked up among the `id`s of `generated/html/index.html`.
/// Two changed rows of one ID link to two rows.
#[test]
fn every_link_in_the_notes_names_an_element_of_the_page() {
    let dir = common::scratch();
    let mut book = base_book();
    let title = book.find_text_prefix("セットアップ時における").text.clone();
    book.find_text("0xF0000000~ 0xF7FFFFF").text = "0xF0000000~0xF7FFFFFF".to_string();
    for (version, edits) in [
        (
            "1.21",
            &[
                (
                    "顔認証付きカードリーダー関連の予期せぬエラーコードを受取った",
                    "顔認証付きカードリーダー関連の予期しないエラーコードを受け取った",
                ),
                (
                    "・マイナンバーカードの暗証番号が3回連続で誤り使用できなくなった",
                    "・マイナンバーカードの暗証番号を3回連続で誤り使用できなくなった",
                ),
                (
                    "・マイナンバーカードの暗証番号が既に3回連続で誤って使用できない",
                    "・マイナンバーカードの暗証番号を既に3回連続で誤って使用できない",
                ),
            ][..],
        ),
        (
            "1.22",
            &[(
                "環境構築に関する予期せぬエラーコードを受取った",
                "環境構築に関する予期しないエラーコードを受け取った",
            )][..],
        ),
    ] {
        book.find_text_prefix("セットアップ時における").text =
            title.replace("1.20版", &format!("{version}版"));
        for (from, to) in edits {
            book.find_text(from).text = to.to_string();
        }
        if version == "1.22" {
            let message = book.find_text_prefix("職員はオンライン資格確認等システムの障害発生");
            message.text = message.text.replace("確認してください", "確かめてください");
        }
        let rev = dir.path().join("input").join(version);
        std::fs::create_dir_all(&rev).expect("revision folder");
        book.write(&rev, &format!("message-id-contacts-{version}.xlsx"));
    }
    let build = common::run(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);

    let generated = dir.path().join("generated");
    let page = std::fs::read_to_string(generated.join("html/index.html")).expect("page");
    let ids: std::collections::BTreeSet<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(ids.contains("901-0xF0000000-0xF7FFFFFF"), "{ids:?}");
    // Every fragment after `marker` up to the next character of `end`.
    let fragments = |text: &str, marker: &str, end: &[char]| -> Vec<String> {
        text.split(marker)
            .skip(1)
            .map(|s| s.split(end).next().unwrap_or("").to_string())
            .collect()
    };
    let mut checked = 0;
    for stem in ["1.20..1.21", "1.21..1.22"] {
        let read = |name: &str| {
            std::fs::read_to_string(generated.join(format!("changes/{stem}.{name}")))
                .unwrap_or_else(|e| panic!("{stem}.{name}: {e}"))
        };
        let json: serde_json::Value = serde_json::from_str(&read("json")).expect("JSON notes");
        let json_links: Vec<String> = json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter_map(|c| c["anchor"].as_str().map(str::to_string))
            .collect();
        assert!(json_links.len() >= 2, "{stem}: links {json_links:?}");
        for link in &json_links {
            assert!(ids.contains(link.as_str()), "{stem}.json: #{link}");
        }
        checked += json_links.len();
        let (ja_md, ja_html) = (read("ja.md"), read("ja.html"));
        for lang in Lang::ALL {
            let (md, html) = (
                read(&format!("{}.md", lang.code())),
                read(&format!("{}.html", lang.code())),
            );
            let mut links = fragments(&md, "](../html/index.html#", &[')']);
            // Each change that links does so in every format and language.
            assert_eq!(links, json_links, "{stem}.{}.md", lang.code());
            links.extend(fragments(&html, "href=\"../html/index.html#", &['"']));
            links.extend(fragments(&html, "href=\"#", &['"']));
            for link in &links {
                assert!(
                    ids.contains(link.as_str()),
                    "{stem}.{}: #{link} is no element of the page",
                    lang.code()
                );
            }
            checked += links.len();
            // The same structure in both languages: headings, items and links in order.
            assert_eq!(md_shape(&md), md_shape(&ja_md), "{stem}.{}.md", lang.code());
            assert_eq!(
                html_shape(&html),
                html_shape(&ja_html),
                "{stem}.{}.html",
                lang.code()
            );
            if stem == "1.20..1.21" {
                let in_004: Vec<&str> = md
                    .lines()
                    .filter(|l| l.starts_with("- **004** `0x04000001` "))
                    .filter_map(|l| l.split("index.html#").nth(1))
                    .collect();
                assert_eq!(
                    in_004,
                    ["004-0x04000001)", "004-0x04000001-2)"],
                    "two rows of one ID link to two rows: {md}"
                );
                assert!(md.contains("#901-0xF0000000-0xF7FFFFFF)"), "{md}");
            } else {
                assert!(md.contains("#code-901)"), "{md}");
            }
        }
    }
    assert!(checked >= 30, "{checked} links checked");

    // The cumulative changelog in each language: newest revision first, each with its
    // sections, links that resolve, the same structure.
    let read_log = |lang: Lang| {
        let name = format!("changes/CHANGELOG.{}.md", lang.code());
        std::fs::read_to_string(generated.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    for (lang, newest, older, fixed) in [
        (
            Lang::En,
            "## 1.22 (from 1.21; crate 1.0.2)",
            "## 1.21 (from 1.20; crate 1.0.1)",
            "### Fixed",
        ),
        (
            Lang::Ja,
            "## 1.22版（1.21版から、クレート 1.0.2）",
            "## 1.21版（1.20版から、クレート 1.0.1）",
            "### 修正",
        ),
    ] {
        let log = read_log(lang);
        let at = |s: &str| log.find(s).unwrap_or_else(|| panic!("{s} in {log}"));
        assert!(at(newest) < at(older), "{log}");
        assert!(at(fixed) > at(older), "{log}");
        let links = fragments(&log, "](../html/index.html#", &[')']);
        assert!(links.len() >= 5, "{log}");
        for link in &links {
            assert!(ids.contains(link.as_str()), "CHANGELOG: #{link}");
        }
        assert_eq!(
            md_shape(&log),
            md_shape(&read_log(Lang::Ja)),
            "{}",
            lang.code()
        );
    }
}

/// The structure of Markdown notes, whatever their language: each heading's level, each list
/// item with its links, each other line as `text`; blank lines left out.
fn md_shape(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.starts_with('#') {
                format!("h{}", l.chars().take_while(|c| *c == '#').count())
            } else if let Some(item) = l.strip_prefix("- ") {
                let links: Vec<&str> = item
                    .split("](")
                    .skip(1)
                    .filter_map(|s| s.split(')').next())
                    .collect();
                format!("item {links:?}")
            } else {
                "text".to_string()
            }
        })
        .collect()
}

/// The structure of HTML notes, whatever their language: every tag in order (name and class)
/// and every link.
fn html_shape(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|s| {
            let tag = s.split('>').next().unwrap_or("");
            let name = tag.split([' ', '/']).next().unwrap_or("");
            let attr = |key: &str| {
                tag.split(&format!("{key}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
            };
            if name.starts_with("!--") {
                return "comment".to_string();
            }
            format!("{name} {:?} {:?}", attr("class"), attr("href"))
        })
        .collect()
}

/// Notes of a revision with one edit of every kind have the same structure in Japanese and in
/// English: the same sections, the same number of items and rows, the same links, and every
/// phrase of the Japanese notes is Japanese (no English label left over).
#[test]
fn japanese_and_english_notes_have_the_same_structure() {
    let (new, _) = every_kind_of_edit();
    let cs = diff(&base(), &new);
    let notes = notes_of(&base(), &new, &cs);
    let md = |lang| notes::markdown(&notes, lang).expect("markdown");
    let html = |lang| notes::html(&notes, lang).expect("html");
    let (ja, en) = (md(Lang::Ja), md(Lang::En));
    assert_eq!(md_shape(&ja), md_shape(&en), "{ja}\n{en}");
    assert!(
        md_shape(&ja)
            .iter()
            .filter(|l| l.starts_with("item"))
            .count()
            >= 6
    );
    assert!(
        md_shape(&ja).iter().filter(|l| *l == "h2").count() >= 4,
        "{ja}"
    );
    assert_eq!(html_shape(&html(Lang::Ja)), html_shape(&html(Lang::En)));
    for (lang, text) in [(Lang::Ja, &ja), (Lang::En, &en)] {
        assert_eq!(ja.lines().count(), text.lines().count(), "{}", lang.code());
    }
    // The Japanese notes use the catalog's headings and Keep a Changelog's sections in
    // Japanese, breaking changes first.
    for want in [
        "## 破壊的変更",
        "## 追加",
        "## 変更",
        "## 非推奨",
        "行の並び替え",
        "行の追加",
        "**カタログ全体** 「備考」列の追加（後方互換の追加、値 1件）",
        "**概要:**",
    ] {
        assert!(ja.contains(want), "missing {want:?} in\n{ja}");
    }
    for english in [
        "catalog", "entry", "Summary", "changed", "added", "removed", "breaking", "additive",
        "textual", " row ", "page ",
    ] {
        let body = &ja[ja.find("-->").expect("provenance")..];
        let line = body.lines().find(|l| {
            l.replace("oqs-messages", "")
                .replace("oqs_messages", "")
                .contains(english)
        });
        assert!(line.is_none(), "English {english:?} in {line:?}");
    }
}
