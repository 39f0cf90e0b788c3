//! Helpers shared by the integration tests: the project's paths, a scratch copy of the
//! project, and running the CLI.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const XLSX: &str = "input/1.20/message-id-contacts-1.20.xlsx";
pub const PDF: &str = "input/1.20/message-id-contacts-1.20.pdf";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn truth() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("tests/data/1.20-truth.json")).expect("truth file");
    serde_json::from_str(&text).expect("truth is JSON")
}

/// A scratch copy of `input/` and `generated/catalog` in a temporary directory.
pub fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("input"), &dir.path().join("input"));
    copy_dir(&root().join("generated"), &dir.path().join("generated"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let p = entry.path();
        let name = entry.file_name();
        if p.is_dir() {
            if name == "target" {
                continue;
            }
            copy_dir(&p, &to.join(name));
        } else {
            std::fs::copy(&p, to.join(name)).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if dir.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                out.extend(snapshot(&p));
            } else {
                let bytes = std::fs::read(&p).expect("read");
                out.push((p, bytes));
            }
        }
    }
    out
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the CLI in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_oqs-catalog"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run oqs-catalog");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A small workbook: each sheet is (name, rows of cell texts); empty strings are left blank.
pub fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string(r as u32, c as u16, *text).expect("write");
                }
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

pub const TITLE: &str =
    "セットアップ時における顔認証付きカードリーダー表示のメッセージID別問い合わせ先一覧 1.20版";
pub const HEADER: [&str; 8] = [
    "コード",
    "エラー区分\n(見出し)",
    "メッセージ内容",
    "エラー種別\n(エラーの発生原因)",
    "メッセージID",
    "原因",
    "対処\n(医療機関等ベンダーまたはシステム担当者向け)",
    "問い合わせ先",
];
pub const ROW: [&str; 8] = [
    "001",
    "【手順誤り】\nマイナンバーカードの認識不可",
    "患者は…【001：マイナンバーカードの認識不可】",
    "カードアクセスでエラーが発生した",
    "0x03000001",
    "・原因",
    "・対処",
    "顔認証付きカードリーダーベンダー",
];
