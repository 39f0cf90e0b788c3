//! Tagged structure telling a line break from a wrap.

use lopdf::content::Content;
use lopdf::{dictionary, Document, Object, Stream};
use oqs_catalog::read::pdf::read_pdf;

use super::build::{document, helvetica, save, with_helvetica};

/// Makes `doc` tagged: a structure tree root with `parent_tree` and the elements `kids`.
fn set_struct_tree(doc: &mut Document, parent_tree: lopdf::ObjectId, kids: Vec<Object>) {
    let root = doc.add_object(dictionary! {
        "Type" => "StructTreeRoot", "ParentTree" => parent_tree, "K" => kids,
    });
    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    doc.get_dictionary_mut(catalog)
        .expect("catalog")
        .set("StructTreeRoot", root);
}

/// Four lines in a 60 pt cell (see [`wrapped_and_broken_lines_in_a_cell`]): the first and the
/// third fill it. Tagged (`elements` given), each line is its own marked-content sequence, and
/// `elements[i]` is the structure element of line `i`.
fn tagged_cell(elements: Option<[usize; 4]>) -> String {
    let content = "0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P /Second BDC BT /F1 10 Tf 11 55 Td (lm) Tj ET EMC
        /P <</MCID 2>> BDC BT /F1 10 Tf 11 45 Td (n opqrstuvw) Tj ET EMC
        /Span BMC /P <</MCID 3>> BDC BT /F1 10 Tf 11 35 Td (xyz) Tj ET EMC EMC";
    let mut doc = document(
        content,
        dictionary! { "StructParents" => 7 },
        |doc: &mut Document| {
            let font = doc.add_object(helvetica());
            dictionary! {
                "Font" => dictionary! { "F1" => font },
                "Properties" => dictionary! { "Second" => dictionary! { "MCID" => 1 } },
            }
        },
    );
    if let Some(of_line) = elements {
        let elements: Vec<Object> = (0..4)
            .map(|_| {
                doc.add_object(dictionary! { "Type" => "StructElem", "S" => "P" })
                    .into()
            })
            .collect();
        let by_mcid = of_line.iter().map(|&e| elements[e].clone()).collect();
        // A parent tree with an intermediate node, as large files have.
        let leaf = doc.add_object(dictionary! {
            "Limits" => vec![7.into(), 7.into()],
            "Nums" => vec![7.into(), Object::Array(by_mcid)],
        });
        let parent_tree = doc.add_object(dictionary! { "Kids" => vec![leaf.into()] });
        set_struct_tree(&mut doc, parent_tree, elements);
    }
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    grid.pages[0].tables[0].cells[0].text.clone()
}

#[test]
fn tagged_structure_tells_a_break_from_a_wrap_on_a_full_line() {
    // Line 1 fills the cell but line 2 starts another element: a break. Lines 3 and 4 are one
    // element (a producer that gives each line of a paragraph its own MCID): a wrap.
    assert_eq!(
        tagged_cell(Some([0, 1, 2, 2])),
        "abcdefghijk\nlm\nn opqrstuvw xyz"
    );
    // The same page untagged reads by geometry alone: a full line is a wrap.
    let untagged = "abcdefghijk lm\nn opqrstuvw xyz";
    assert_eq!(tagged_cell(None), untagged);
    // A producer that makes every visual line its own element says nothing about wraps: its
    // structure is not used (no element on the page holds two lines).
    assert_eq!(tagged_cell(Some([0, 1, 2, 3])), untagged);
}

/// Page 1 as in [`tagged_cell`] with `first` as its elements; page 2 holds only a full line
/// and a short one, each its own element (so page 2 alone shows no element over two lines).
/// Returns page 2's cell text.
fn second_tagged_page(first: [usize; 4]) -> String {
    let content = "0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P <</MCID 1>> BDC BT /F1 10 Tf 11 55 Td (n opqrstuvw) Tj ET EMC
        /P <</MCID 2>> BDC BT /F1 10 Tf 11 45 Td (xyz) Tj ET EMC
        /P <</MCID 3>> BDC BT /F1 10 Tf 11 35 Td (lm) Tj ET EMC";
    let mut doc = document(
        content,
        dictionary! { "StructParents" => 0 },
        with_helvetica,
    );
    let pages = doc.get_pages();
    let first_page = pages[&1];
    let page = doc.get_dictionary(first_page).expect("page 1").clone();
    let second = Content::decode(
        b"0.5 w 10 20 60 60 re S
        /P <</MCID 0>> BDC BT /F1 10 Tf 11 65 Td (abcdefghijk) Tj ET EMC
        /P <</MCID 1>> BDC BT /F1 10 Tf 11 55 Td (lm) Tj ET EMC",
    )
    .expect("parses");
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        second.encode().expect("encodes"),
    ));
    let mut page2 = page.clone();
    page2.set("Contents", content_id);
    page2.set("StructParents", 1);
    let page2 = doc.add_object(page2);
    let parent = page
        .get(b"Parent")
        .and_then(Object::as_reference)
        .expect("parent");
    let tree = doc.get_dictionary_mut(parent).expect("pages");
    tree.set("Kids", vec![first_page.into(), page2.into()]);
    tree.set("Count", 2);
    let elements: Vec<Object> = (0..6)
        .map(|_| {
            doc.add_object(dictionary! { "Type" => "StructElem", "S" => "P" })
                .into()
        })
        .collect();
    let on_page1 = first.iter().map(|&e| elements[e].clone()).collect();
    let on_page2 = vec![elements[4].clone(), elements[5].clone()];
    let parent_tree = doc.add_object(dictionary! {
        "Nums" => vec![0.into(), Object::Array(on_page1), 1.into(), Object::Array(on_page2)],
    });
    set_struct_tree(&mut doc, parent_tree, elements);
    let (grid, _) = read_pdf("t.pdf", &save(doc)).expect("reads");
    grid.pages[1].tables[0].cells[0].text.clone()
}

#[test]
fn structure_seen_on_an_earlier_page_decides_a_later_one() {
    // Page 1 shows an element over two lines (its lines 2 and 3): page 2's element change
    // after a full line is a break.
    assert_eq!(second_tagged_page([0, 1, 1, 2]), "abcdefghijk\nlm");
    // Page 1 tags each line on its own: the structure is never trusted.
    assert_eq!(second_tagged_page([0, 1, 2, 3]), "abcdefghijk lm");
}

#[test]
fn malformed_structure_is_ignored_not_followed_forever() {
    // Marked content nested 300 deep, closed too often, with MCIDs out of range; a parent
    // tree whose node lists itself among its kids.
    let mut content = String::from("0.5 w 10 20 60 60 re S ");
    content.push_str(&"/P <</MCID -1>> BDC ".repeat(300));
    content.push_str("/P <</MCID 4000000000>> BDC BT /F1 10 Tf 11 65 Td (ab) Tj ET EMC ");
    content.push_str(&"EMC ".repeat(310));
    content.push_str("BT /F1 10 Tf 11 55 Td (cd) Tj ET");
    let mut doc = document(
        &content,
        dictionary! { "StructParents" => 0 },
        with_helvetica,
    );
    let node = doc.new_object_id();
    doc.objects.insert(
        node,
        Object::Dictionary(dictionary! {
            "Kids" => vec![node.into(), node.into()],
            "Nums" => vec![0.into(), Object::Array(vec![Object::Null])],
        }),
    );
    set_struct_tree(&mut doc, node, Vec::new());
    let (grid, coverage) = read_pdf("t.pdf", &save(doc)).expect("reads");
    assert_eq!(grid.pages[0].tables[0].cells[0].text, "ab\ncd");
    assert_eq!(coverage.placed, 4);
}
