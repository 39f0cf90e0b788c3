//! Source file → model, checked field by field against `tests/data/1.20-truth.json` (the
//! expected content of every row of 1.20).

use crate::common;

use oqs_catalog::app::Project;
use oqs_catalog::model::Catalog;
use serde_json::Value;

fn ingest(rel: &str) -> Catalog {
    let project = Project::new(common::root());
    match project.ingest(&common::root().join(rel)) {
        Ok(n) => n.catalog,
        Err(e) => panic!("{e}"),
    }
}

/// The model's rows in the truth's shape: one object per entry, printed text of each field.
fn rows(c: &Catalog) -> Vec<Vec<(String, Option<String>)>> {
    c.entries()
        .map(|(code, e)| {
            vec![
                ("code".to_string(), Some(code.code.clone())),
                ("heading".to_string(), Some(code.heading())),
                ("message".to_string(), code.message.clone()),
                ("error_type".to_string(), e.error_type.clone()),
                ("message_id".to_string(), e.message_id_text()),
                ("cause".to_string(), e.cause.clone()),
                ("action".to_string(), e.action.clone()),
                ("contact".to_string(), e.contacts_text()),
            ]
        })
        .collect()
}

/// Compares every field of every row; `exact` false compares without white space.
pub fn compare(c: &Catalog, exact: bool) -> Vec<String> {
    let truth = common::truth();
    let want = truth["rows"].as_array().expect("rows");
    let got = rows(c);
    let mut problems = Vec::new();
    if want.len() != got.len() {
        problems.push(format!("{} rows, truth has {}", got.len(), want.len()));
    }
    let squash = |s: &str| -> String {
        if exact {
            s.to_string()
        } else {
            s.chars().filter(|c| !c.is_whitespace()).collect()
        }
    };
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        for (field, value) in g {
            let expected = w[field.as_str()].as_str().map(squash);
            let actual = value.as_deref().map(squash);
            if expected != actual {
                problems.push(format!(
                    "row {} (code {}), {field}: expected {expected:?}, got {actual:?}",
                    i + 1,
                    w["code"]
                ));
            }
        }
    }
    problems
}

#[test]
fn spreadsheet_matches_truth_exactly() {
    let c = ingest(common::XLSX);
    let problems = compare(&c, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(c.codes.len(), 28);
    assert_eq!(c.entries().count(), 93);
    let truth = common::truth();
    assert_eq!(c.document.title, truth["title"].as_str().unwrap());
    assert_eq!(c.document.version, "1.20");
    let footnotes: Vec<Value> = c
        .footnotes
        .iter()
        .map(|f| serde_json::json!({"mark": f.mark, "text": f.text}))
        .collect();
    assert_eq!(Value::Array(footnotes), truth["footnotes"]);
    assert!(c.notes.is_empty(), "unexpected notes: {:?}", c.notes);
}

#[test]
fn spreadsheet_rows_keep_their_sheet_row() {
    let c = ingest(common::XLSX);
    let (_, first) = c.entries().next().unwrap();
    assert_eq!(first.at.sheet.as_deref(), Some("一覧"));
    assert_eq!(first.at.row, Some(3));
    let (_, last) = c.entries().last().unwrap();
    assert_eq!(last.at.row, Some(95));
}

#[test]
fn erratum_corrects_901_range_and_is_recorded() {
    let c = ingest(common::XLSX);
    let code = c.codes.iter().find(|c| c.code == "901").unwrap();
    let ranged: Vec<_> = code
        .entries
        .iter()
        .filter(|e| e.source_text.message_id.is_some())
        .collect();
    assert_eq!(ranged.len(), 3);
    for e in ranged {
        assert_eq!(e.message_id.unwrap().to_string(), "0xF0000000~0xF7FFFFFF");
        assert_eq!(
            e.source_text.message_id.as_deref(),
            Some("0xF0000000~ 0xF7FFFFF")
        );
        assert_eq!(e.errata.len(), 1);
        assert!(e.errata[0].reason.contains("seven hex digits"));
    }
}

#[test]
fn lookup_returns_every_code_of_a_shared_id() {
    let c = ingest(common::XLSX);
    let codes: Vec<&str> = c
        .lookup(0x0400_0001)
        .iter()
        .map(|(c, _)| c.code.as_str())
        .collect();
    assert_eq!(codes, ["004", "004", "005", "902"]);
    let in_range: Vec<&str> = c
        .lookup(0xF030_1D00)
        .iter()
        .map(|(c, _)| c.code.as_str())
        .collect();
    assert_eq!(in_range, ["901", "901", "901"]);
    assert!(c.lookup(0xF800_0000).is_empty());
}

#[test]
fn pdf_matches_truth_exactly_including_pages() {
    let c = ingest(common::PDF);
    let problems = compare(&c, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let truth = common::truth();
    let pages: Vec<u64> = truth["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["page"].as_u64().unwrap())
        .collect();
    let got: Vec<u64> = c
        .entries()
        .map(|(_, e)| u64::from(e.at.page.unwrap()))
        .collect();
    assert_eq!(got, pages);
    assert_eq!(c.document.source.pages, Some(9));
    assert_eq!(c.footnotes.len(), 1);
    assert!(c.notes.is_empty(), "unexpected notes: {:?}", c.notes);
}

#[test]
fn pdf_and_spreadsheet_give_the_same_model() {
    let pdf = ingest(common::PDF);
    let xlsx = ingest(common::XLSX);
    // Field by field first, so a failure names the entry.
    for ((cp, ep), (cx, ex)) in pdf.entries().zip(xlsx.entries()) {
        assert_eq!(cp.code, cx.code);
        assert_eq!(cp.heading(), cx.heading(), "code {}", cp.code);
        assert_eq!(cp.message, cx.message, "code {}", cp.code);
        let id = ep.message_id_text();
        assert_eq!(ep.error_type, ex.error_type, "{} {id:?}", cp.code);
        assert_eq!(ep.message_id, ex.message_id, "{} {id:?}", cp.code);
        assert_eq!(ep.source_text, ex.source_text, "{} {id:?}", cp.code);
        assert_eq!(ep.cause, ex.cause, "{} {id:?}", cp.code);
        assert_eq!(ep.action, ex.action, "{} {id:?}", cp.code);
        assert_eq!(ep.contacts, ex.contacts, "{} {id:?}", cp.code);
        assert_eq!(ep.errata, ex.errata, "{} {id:?}", cp.code);
    }
    assert_eq!(pdf.without_provenance(), xlsx.without_provenance());
}
