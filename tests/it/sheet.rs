//! Spreadsheet reader + normalization on small workbooks: tables split over sheets, header
//! spellings, continued groups, footnotes, an extra empty column.

use crate::common;

use common::{xlsx, HEADER, ROW, TITLE};
use oqs_catalog::app::Project;
use oqs_catalog::model::Catalog;

fn ingest(bytes: Vec<u8>) -> Catalog {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, bytes).unwrap();
    match Project::new(dir.path()).ingest(&path) {
        Ok(n) => n.catalog,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_table_split_over_sheets_is_one_table() {
    let mut header2 = HEADER.to_vec();
    header2[7] = "問合せ先";
    header2[1] = "エラー区分（見出し）";
    header2.push(""); // an extra, empty column
    let mut cont = vec![
        "",
        "",
        "",
        "カードが見つからない",
        "0x03000002",
        "・別の原因",
        "",
        "",
    ];
    cont.push("");
    let mut next = ROW.to_vec();
    next[0] = "002";
    next[4] = "0x03000003";
    let bytes = xlsx(&[
        ("p1", vec![vec![TITLE], HEADER.to_vec(), ROW.to_vec()]),
        (
            "p2",
            vec![
                vec![TITLE],
                header2,
                cont,
                next,
                vec![],
                vec!["※1"],
                vec!["注記の一行目"],
                vec!["・二行目"],
            ],
        ),
    ]);
    let c = ingest(bytes);
    assert_eq!(c.codes.len(), 2);
    let first = &c.codes[0];
    assert_eq!(first.entries.len(), 2, "the continued row joins code 001");
    let cont = &first.entries[1];
    assert_eq!(cont.error_type.as_deref(), Some("カードが見つからない"));
    assert_eq!(cont.cause.as_deref(), Some("・別の原因"));
    // Blank cells of the continued group are filled from the row above.
    assert_eq!(cont.action.as_deref(), Some("・対処"));
    assert_eq!(cont.contacts[0].name, "顔認証付きカードリーダーベンダー");
    assert_eq!(cont.at.sheet.as_deref(), Some("p2"));
    assert_eq!(cont.at.row, Some(3));
    assert!(cont.extra.is_empty());
    assert_eq!(c.footnotes.len(), 1);
    assert_eq!(c.footnotes[0].mark.as_deref(), Some("※1"));
    assert_eq!(c.footnotes[0].text, "注記の一行目\n・二行目");
    assert_eq!(c.document.source.sheets, ["p1", "p2"]);
}

#[test]
fn dash_and_blank_message_ids_and_contacts() {
    let mut row = ROW.to_vec();
    row[4] = "-";
    row[7] = "-";
    let mut blank = ROW.to_vec();
    blank[0] = "002";
    blank[4] = "";
    blank[7] = "";
    let c = ingest(xlsx(&[(
        "s",
        vec![vec![TITLE], HEADER.to_vec(), row, blank],
    )]));
    let e = &c.codes[0].entries[0];
    assert_eq!(e.message_id, None);
    assert_eq!(e.source_text.message_id.as_deref(), Some("-"));
    assert!(e.contacts.is_empty());
    assert_eq!(e.contacts_text().as_deref(), Some("-"));
    let e = &c.codes[1].entries[0];
    assert_eq!(
        (e.message_id, e.source_text.message_id.as_deref()),
        (None, None)
    );
    assert_eq!(e.contacts_text(), None);
}

#[test]
fn message_naming_another_code_is_a_warning() {
    let mut row = ROW.to_vec();
    row[2] = "メッセージ【009：別のコード】";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(
        &path,
        xlsx(&[("s", vec![vec![TITLE], HEADER.to_vec(), row])]),
    )
    .unwrap();
    let n = Project::new(dir.path()).ingest(&path).unwrap();
    let w: Vec<String> = n.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "t.xlsx: s!C3: warning: the message ends in 【009：…】 but belongs to code 001"
        ),
        "{w:?}"
    );
}
