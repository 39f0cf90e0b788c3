//! Writes the hostile-input corpus under `tests/bad/` (run once; the files are committed):
//! `cargo run --example make-bad-corpus`. (Workbooks and encrypted PDFs carry a creation time
//! or a random file key, so a rerun rewrites them with other bytes but the same meaning.) Each file's expected outcome is in
//! `tests/bad/expected.yaml`; `tests/it/hostile.rs` checks them.

use std::path::Path;

use lopdf::content::{Content, Operation};
use lopdf::{
    dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
};

const FIXTURE_PDF: &str = "input/1.20/message-id-contacts-1.20.pdf";

/// Deterministic pseudo-random bytes (a 64-bit LCG), so the corpus is reproducible.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// A one-page document with `content` and `resources`.
fn one_page(content: Vec<Operation>, resources: lopdf::Dictionary) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let stream = Stream::new(
        dictionary! {},
        Content {
            operations: content,
        }
        .encode()
        .expect("encode"),
    );
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
        "Contents" => content_id,
        "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn op(name: &str, operands: Vec<Object>) -> Operation {
    Operation::new(name, operands)
}

fn encrypted(fixture: &[u8], user: &str) -> Vec<u8> {
    let mut doc = Document::load_mem(fixture).expect("fixture");
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password: user,
        key_length: 128,
        permissions: Permissions::default(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    save(&mut doc)
}

fn main() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    std::fs::create_dir_all(&out).expect("tests/bad");
    let fixture =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_PDF)).expect("fixture");
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).expect("write");
        println!("wrote tests/bad/{name} ({} bytes)", bytes.len());
    };

    write("truncated.pdf", &fixture[..fixture.len() * 2 / 5]);
    write("random.pdf", &noise(4096, 1));
    let mut header_then_noise = b"%PDF-1.7\n".to_vec();
    header_then_noise.extend(noise(4096, 2));
    write("header-then-noise.pdf", &header_then_noise);
    write("empty.pdf", b"");
    write("needs-password.pdf", &encrypted(&fixture, "secret"));
    write("empty-user-password.pdf", &encrypted(&fixture, ""));

    // An image-only page: a scanned catalog has no text layer.
    let mut doc = one_page(
        vec![
            op("q", vec![]),
            op(
                "cm",
                vec![
                    800.into(),
                    0.into(),
                    0.into(),
                    550.into(),
                    20.into(),
                    20.into(),
                ],
            ),
            op("Do", vec![Object::Name(b"Im1".to_vec())]),
            op("Q", vec![]),
        ],
        dictionary! {},
    );
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let page_id = doc.page_iter().next().expect("page");
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        );
    }
    write("image-only.pdf", &save(&mut doc));

    // A bordered table whose captions are not the catalog's.
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" };
    let mut ops = vec![op("w", vec![0.5.into()])];
    for x in [50, 250, 450, 650] {
        ops.push(op("m", vec![x.into(), 500.into()]));
        ops.push(op("l", vec![x.into(), 400.into()]));
    }
    for y in [500, 450, 400] {
        ops.push(op("m", vec![50.into(), y.into()]));
        ops.push(op("l", vec![650.into(), y.into()]));
    }
    ops.push(op("S", vec![]));
    let mut text = |x: i32, y: i32, s: &str| {
        ops.push(op("BT", vec![]));
        ops.push(op("Tf", vec![Object::Name(b"F1".to_vec()), 10.into()]));
        ops.push(op("Td", vec![x.into(), y.into()]));
        ops.push(op("Tj", vec![Object::string_literal(s)]));
        ops.push(op("ET", vec![]));
    };
    text(50, 520, "Price list 2024");
    for (i, s) in ["Item", "Price", "Stock", "Apple", "1.20", "7"]
        .iter()
        .enumerate()
    {
        text(60 + 200 * (i as i32 % 3), 470 - 50 * (i as i32 / 3), s);
    }
    let mut doc = one_page(ops, dictionary! { "Font" => dictionary! { "F1" => font } });
    write("no-header.pdf", &save(&mut doc));

    // A Form XObject that draws itself: recursion a reader must bound.
    let mut doc = one_page(
        vec![op("Do", vec![Object::Name(b"Fm1".to_vec())])],
        dictionary! {},
    );
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => form_id } },
        },
        b"/Fm1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let page_id = doc.page_iter().next().expect("page");
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Fm1" => form_id } },
        );
    }
    write("form-cycle.pdf", &save(&mut doc));

    // A page tree whose Kids holds the tree itself.
    let mut doc = one_page(vec![], dictionary! {});
    let pages_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("pages");
    if let Ok(pages) = doc.get_dictionary_mut(pages_id) {
        pages.set("Kids", vec![Object::Reference(pages_id)]);
    }
    write("page-tree-cycle.pdf", &save(&mut doc));

    // A content stream that inflates to 1 GiB of spaces.
    let mut doc = one_page(vec![], dictionary! {});
    let mut bomb = Stream::new(dictionary! {}, vec![b' '; 1 << 30]);
    bomb.compress().expect("compress");
    let bomb_id = doc.add_object(bomb);
    let page_id = doc.page_iter().next().expect("page");
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set("Contents", bomb_id);
    }
    write("inflates-to-1GiB.pdf", &save(&mut doc));

    write(
        "catalog.csv",
        "コード,メッセージID\n001,0x03000001\n".as_bytes(),
    );
    write(
        "catalog.docx",
        b"PK\x03\x04 a Word document is not a catalog source",
    );
    write(
        "not-a-workbook.xlsx",
        b"<html>an error page saved as .xlsx</html>",
    );
    write("empty.xlsx", b"");

    // The 1.20 workbook with one more part that inflates to 300 MiB (a ZIP bomb).
    {
        use std::io::{Read, Write};
        let xlsx = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("input/1.20/message-id-contacts-1.20.xlsx"),
        )
        .expect("fixture xlsx");
        let mut src = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for i in 0..src.len() {
            let mut entry = src.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read entry");
            let name = entry.name().expect("entry name").into_owned();
            out.start_file(name, deflated).expect("start");
            out.write_all(&data).expect("write");
        }
        out.start_file("xl/media/padding.bin", deflated)
            .expect("start");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..300 {
            out.write_all(&zeros).expect("write");
        }
        write(
            "unpacks-to-300MiB.xlsx",
            &out.finish().expect("finish").into_inner(),
        );
    }

    // Workbooks with the catalog's shape but a defect each.
    let header = [
        "コード",
        "エラー区分\n(見出し)",
        "メッセージ内容",
        "エラー種別\n(エラーの発生原因)",
        "メッセージID",
        "原因",
        "対処\n(医療機関等ベンダーまたはシステム担当者向け)",
        "問い合わせ先",
    ];
    let row = [
        "001",
        "【手順誤り】\nマイナンバーカードの認識不可",
        "患者は…【001：マイナンバーカードの認識不可】",
        "カードアクセスでエラーが発生した",
        "0x03000001",
        "・原因",
        "・対処",
        "顔認証付きカードリーダーベンダー",
    ];
    let title =
        "セットアップ時における顔認証付きカードリーダー表示のメッセージID別問い合わせ先一覧 1.20版";
    let without = |i: usize| -> Vec<&str> {
        header
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != i)
            .map(|(_, h)| *h)
            .collect()
    };
    let mut second = row;
    second[4] = "0x03000002";
    let mut other = row;
    other[0] = "002";
    let cases: Vec<(&str, Vec<Vec<&str>>)> = vec![
        (
            "no-message-id-column.xlsx",
            vec![vec![title], without(4), row.to_vec()],
        ),
        (
            "header-without-rows.xlsx",
            vec![vec![title], header.to_vec()],
        ),
        (
            "title-without-version.xlsx",
            vec![
                vec![title.trim_end_matches(" 1.20版")],
                header.to_vec(),
                row.to_vec(),
            ],
        ),
        (
            "code-twice.xlsx",
            vec![
                vec![title],
                header.to_vec(),
                row.to_vec(),
                other.to_vec(),
                second.to_vec(),
            ],
        ),
    ];
    for (name, rows) in cases {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("一覧").expect("sheet name");
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *text).expect("write");
            }
        }
        write(name, &wb.save_to_buffer().expect("xlsx"));
    }
}
