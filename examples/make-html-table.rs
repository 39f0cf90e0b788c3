//! Test-data generator: writes the 1.20 table as a plain HTML page, for printing to PDF with
//! headless Chromium (scripts/make-chromium-pdf.sh). The PDF that comes out is a variant of the
//! catalog made another way than the LibreOffice fixture: CID fonts with Identity-H and borders
//! drawn as filled shapes (issue 3, "Done when").
//!
//! `cargo run --example make-html-table -- input/1.20/message-id-contacts-1.20.xlsx OUT.html`
//!
//! With a third argument `COPIES`, the table body is written that many times, the first copy
//! as it is and each other copy's display codes renumbered to three-digit codes the table does
//! not use (a code appears once in a catalog, and a message cites its own code as 【code：…】):
//! a large catalog with natural page breaks through its groups, for the speed benchmark
//! (scripts/bench.sh). With `ERRATA OUT-ERRATA` after it, the errata of the renumbered codes
//! are written for every copy, so that the large catalog has the source's printed defects and
//! their corrections as many times as it has copies.
//!
//! The page is built from the spreadsheet's grid, not from the model, so it carries the source's
//! own layout: the title line above the table, the header row repeated on every printed page
//! (`thead`), merged cells as `rowspan`/`colspan`, explicit line breaks as `<br>`, and the rows
//! after the table body (the ※1 footnote) as a paragraph under the table. Like the sheet's own
//! print setup (A4 landscape, fit to width), the columns keep the sheet's relative widths
//! (`<cols>` of the first worksheet); spaces are kept as the sheet has them (`pre-wrap`).

use std::collections::HashSet;
use std::fmt::Write as _;

use oqs_catalog::grid::{Cell, Table};

fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Cell text as HTML: explicit breaks become `<br>`.
fn html_text(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Relative column widths from the first worksheet's `<col min max width>` entries (ECMA-376
/// Part 1 §18.3.1.13), in the sheet's character units; `None` when the file has none.
fn column_widths(xlsx: &str) -> Option<Vec<f64>> {
    let file = std::fs::File::open(xlsx).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").ok()?, &mut xml)
        .ok()?;
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        tag[start..end].parse().ok()
    };
    let mut widths = Vec::new();
    for tag in xml.split("<col ").skip(1) {
        let tag = &tag[..tag.find('>')?];
        let (min, max, width) = (attr(tag, "min")?, attr(tag, "max")?, attr(tag, "width")?);
        for _ in (min as usize)..=(max as usize) {
            widths.push(width);
        }
    }
    (!widths.is_empty()).then_some(widths)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || -> ! {
        eprintln!("usage: make-html-table SPREADSHEET OUT.html [COPIES [ERRATA OUT-ERRATA]]");
        std::process::exit(2);
    };
    let (input, output) = match args.as_slice() {
        [input, output, ..] if args.len() <= 5 && args.len() != 4 => (input, output),
        _ => usage(),
    };
    let copies = match args.get(2).map(|n| n.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => usage(),
    };
    let source = match oqs_catalog::read::read_source(std::path::Path::new(input), input) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let Some(table) = source.grid.pages.first().and_then(|p| p.tables.first()) else {
        eprintln!("{input}: no table");
        std::process::exit(2);
    };
    let widths = column_widths(input).unwrap_or_else(|| vec![1.0; table.cols]);
    let (html, codes) = page(table, &widths, copies);
    std::fs::write(output, html).unwrap_or_else(|e| {
        eprintln!("{output}: {e}");
        std::process::exit(2);
    });
    if let [_, _, _, errata, out] = args.as_slice() {
        copy_errata(errata, out, &codes).unwrap_or_else(|e| {
            eprintln!("{errata}: {e}");
            std::process::exit(2);
        });
    }
}

/// Writes `out`: the errata of `errata` and, for every copy after the first, those of its
/// renumbered codes (`codes[k][i]` is code `i` in copy `k`).
fn copy_errata(errata: &str, out: &str, codes: &[Vec<String>]) -> Result<(), String> {
    use serde_yaml::Value;
    let text = std::fs::read_to_string(errata).map_err(|e| e.to_string())?;
    let mut doc: Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let list = doc
        .get_mut("errata")
        .and_then(Value::as_sequence_mut)
        .ok_or("no `errata` list")?;
    let mut added = Vec::new();
    for erratum in list.iter() {
        let Some(i) = codes[0]
            .iter()
            .position(|c| Some(c.as_str()) == erratum.get("code").and_then(Value::as_str))
        else {
            continue;
        };
        for copy in &codes[1..] {
            let mut e = erratum.clone();
            e["code"] = Value::from(copy[i].clone());
            added.push(e);
        }
    }
    list.extend(added);
    let text = serde_yaml::to_string(&doc).map_err(|e| e.to_string())?;
    std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))
}

/// The page, and the display codes of each copy of the body (the first as printed).
fn page(table: &Table, widths: &[f64], copies: usize) -> (String, Vec<Vec<String>>) {
    let row_cells =
        |r: usize| -> Vec<&Cell> { table.cells.iter().filter(|c| c.row == r).collect() };
    let header = (0..table.rows)
        .find(|&r| row_cells(r).iter().any(|c| c.text.trim() == "コード"))
        .expect("the sheet has a header row with コード");
    // The table body ends before the first row holding a single note (※…) or a cell that
    // spans the whole width.
    let end = (header + 1..table.rows)
        .find(|&r| {
            let cells: Vec<&Cell> = row_cells(r)
                .into_iter()
                .filter(|c| !c.text.trim().is_empty())
                .collect();
            cells.len() == 1
                && (cells[0].text.trim_start().starts_with('※') || cells[0].colspan > 2)
        })
        .unwrap_or(table.rows);
    let first_col = table.cells.iter().map(|c| c.col).min().unwrap_or(0);
    // Slots covered by a span; the others get a cell of their own, blank if the grid has none.
    let mut covered = HashSet::new();
    for c in &table.cells {
        for r in c.row..c.row + c.rowspan {
            for k in c.col..c.col + c.colspan {
                if (r, k) != (c.row, c.col) {
                    covered.insert((r, k));
                }
            }
        }
    }
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit());
    let printed: Vec<String> = (header + 1..end)
        .flat_map(&row_cells)
        .filter(|c| c.col == first_col && is_code(c.text.trim()))
        .map(|c| c.text.trim().to_string())
        .collect();
    let mut unused = (1..1000)
        .map(|n| format!("{n:03}"))
        .filter(|c| !printed.contains(c));
    let mut codes = vec![printed.clone()];
    for _ in 1..copies {
        let copy: Option<Vec<String>> = printed.iter().map(|_| unused.next()).collect();
        let Some(copy) = copy else {
            panic!(
                "{copies} copies of {} codes need more than three digits",
                printed.len()
            );
        };
        codes.push(copy);
    }
    // A cell of copy `k`: its code renumbered, and every 【code its text cites (the separator
    // after it varies: `：`, ` : `).
    let renumber = |text: &str, copy: usize| -> String {
        if copy == 0 {
            return text.to_string();
        }
        let mut text = text.to_string();
        for (old, new) in printed.iter().zip(&codes[copy]) {
            if text.trim() == old {
                return new.clone();
            }
            text = text.replace(&format!("【{old}"), &format!("【{new}"));
        }
        text
    };
    let tr = |r: usize, tag: &str, last: usize, copy: usize| -> String {
        let mut s = String::from("<tr>");
        for k in first_col..table.cols {
            if covered.contains(&(r, k)) {
                continue;
            }
            match table.cell_at(r, k) {
                Some(c) => {
                    // A span never reaches past the table body into the notes.
                    let rowspan = c.rowspan.min(last - r);
                    let _ = write!(s, "<{tag}");
                    if rowspan > 1 {
                        let _ = write!(s, " rowspan=\"{rowspan}\"");
                    }
                    if c.colspan > 1 {
                        let _ = write!(s, " colspan=\"{}\"", c.colspan);
                    }
                    let text = renumber(&c.text, copy);
                    let _ = write!(s, ">{}</{tag}>", html_text(&text));
                }
                None => {
                    let _ = write!(s, "<{tag}></{tag}>");
                }
            }
        }
        s.push_str("</tr>\n");
        s
    };
    let mut html = String::from(
        r#"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>message-id-contacts-1.20 (Chromium print variant)</title>
<style>
@page { size: A4 landscape; margin: 0.5in 0.4in; }
body { font-family: "IPAexGothic"; font-size: 7pt; margin: 0; }
p.title { font-size: 11pt; margin: 0 0 4pt 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.75pt solid #000; padding: 1pt 2pt; vertical-align: top;
         text-align: left; font-weight: normal; line-height: 1.3; white-space: pre-wrap; }
th { background: #d9e2f3; vertical-align: middle; text-align: center; }
tr { break-inside: avoid; }
p.note { margin: 4pt 0 0 0; }
</style>
</head>
<body>
"#,
    );
    for r in 0..header {
        for c in row_cells(r) {
            if !c.text.trim().is_empty() {
                let _ = writeln!(html, "<p class=\"title\">{}</p>", html_text(&c.text));
            }
        }
    }
    html.push_str("<table>\n<colgroup>");
    let used: Vec<f64> = (first_col..table.cols)
        .map(|k| widths.get(k).copied().unwrap_or(1.0))
        .collect();
    let total: f64 = used.iter().sum();
    for w in &used {
        let _ = write!(html, "<col style=\"width: {:.2}%\">", 100.0 * w / total);
    }
    html.push_str("</colgroup>\n<thead>\n");
    html.push_str(&tr(header, "th", header + 1, 0));
    html.push_str("</thead>\n<tbody>\n");
    for copy in 0..copies {
        for r in header + 1..end {
            html.push_str(&tr(r, "td", end, copy));
        }
    }
    html.push_str("</tbody>\n</table>\n");
    for r in end..table.rows {
        for c in row_cells(r) {
            if !c.text.trim().is_empty() {
                let _ = writeln!(html, "<p class=\"note\">{}</p>", html_text(&c.text));
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    (html, codes)
}
