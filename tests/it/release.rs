//! The crate's version policy: the generated `oqs-messages` crate's version follows its public
//! Rust API by cargo's semver rules (src/release.rs), and the list of public items the policy
//! compares is what the generated `lib.rs` really exposes (parsed with `syn`). A series of
//! revisions is made from 1.20 by editing the spreadsheet, as the diff tests do: a column the
//! crate does not carry (patch), a message ID that leaves the catalog (its constant stays,
//! deprecated: minor), a new row with a new message ID (minor), a wording edit (patch).

use std::collections::BTreeSet;

use quote::ToTokens;

use crate::common;
use crate::common::book::{base_book, Book};
use crate::diff::{base, book_with_column, code_mut};

use oqs_catalog::diff::Class;
use oqs_catalog::history::History;
use oqs_catalog::model::identifiers::{Item, Published};
use oqs_catalog::model::{Catalog, Contact};
use oqs_catalog::release::{ApiDelta, Bump, ItemKind, PublicApi, PublicItem, Series};
use oqs_catalog::render::rust_api::{public_api, series};
use oqs_catalog::render::{rust, RenderInput};

/// `book` as revision `version` (its title line says so), ingested with the project's errata.
fn revision(mut book: Book, version: &str, dir: &std::path::Path) -> Catalog {
    let title = book.find_text_prefix("セットアップ時における");
    title.text = title.text.replace("1.20版", &format!("{version}版"));
    let c = book.ingest(dir, &format!("{version}.xlsx"));
    assert_eq!(c.document.version, version);
    c
}

/// 1.20, then: 1.21 adds a 備考 column (JSON only) and prints 901's range right; 1.22 prints `-` for 017's message ID
/// 0x8100000E, which no other entry has; 1.23 adds a row under 003 with the new ID 0x040000A0;
/// 1.24 edits a cause.
fn edited_series() -> Vec<Catalog> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut r21 = book_with_column();
    // 1.20's erratum corrects its misprinted range only; later revisions print it right.
    r21.find_text("0xF0000000~ 0xF7FFFFF").text = "0xF0000000~0xF7FFFFFF".to_string();
    let mut r22 = r21.clone();
    r22.find_text("0x8100000E").text = "-".to_string();
    let mut r23 = r22.clone();
    // After 003's second row (sheet row 8): a third PIN row, code cells left blank.
    r23.insert_row(
        7,
        &[
            (3, "PIN認証に失敗し、試行可能回数が3回残っている"),
            (4, "0x040000A0"),
            (5, "・マイナンバーカードの暗証番号を誤った"),
            (6, "・暗証番号認証で正しい暗証番号を入力して確認する"),
            (7, "-"),
        ],
    );
    let mut r24 = r23.clone();
    r24.set("F4", "・マイナンバーカードが置かれていない。");
    let mut out = vec![revision(base_book(), "1.20", dir.path())];
    for (book, version) in [(r21, "1.21"), (r22, "1.22"), (r23, "1.23"), (r24, "1.24")] {
        out.push(revision(book, version, dir.path()));
    }
    out
}

fn identifiers() -> Published {
    common::models().1
}

fn consts(items: &[PublicItem]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// The crate's version follows its public API, the catalog's impact is reported apart: a
/// message ID that leaves the catalog is breaking for help desks and a minor release of the
/// crate (its constant stays, deprecated).
#[test]
fn crate_version_follows_the_public_api_of_each_revision() {
    let catalogs = edited_series();
    let s = series(&catalogs, &identifiers()).expect("series");
    let versions: Vec<String> = s.versions.iter().map(ToString::to_string).collect();
    assert_eq!(versions, ["1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1"]);
    assert_eq!(
        s.bumps,
        [Bump::Patch, Bump::Minor, Bump::Minor, Bump::Patch]
    );
    let impacts: Vec<Option<Class>> = s.changes.iter().map(|cs| cs.impact()).collect();
    assert_eq!(
        impacts,
        [
            Some(Class::Additive),
            Some(Class::Breaking),
            Some(Class::Additive),
            Some(Class::Textual)
        ]
    );
    // What changed in the API, item by item.
    assert!(s.api[0].is_empty(), "{:#?}", s.api[0]);
    assert_eq!(
        consts(&s.api[1].deprecated),
        ["const MSG_8100000E MessageId (deprecated)"]
    );
    assert_eq!(
        (
            s.api[1].added.len(),
            s.api[1].removed.len(),
            s.api[1].changed.len()
        ),
        (0, 0, 0)
    );
    assert_eq!(consts(&s.api[2].added), ["const MSG_040000A0 MessageId"]);
    assert_eq!(s.api[2].bump(), Bump::Minor);
    assert!(s.api[3].is_empty(), "{:#?}", s.api[3]);
    // No step removes or changes an item: tombstones and non-exhaustive enums keep every
    // revision's crate a compatible successor of the one before.
    assert!(s.api.iter().all(|d| d.bump() < Bump::Major));
}

/// The notes say both: the catalog's impact in words, and the crate's bump from its API.
#[test]
fn notes_state_the_catalog_impact_apart_from_the_crate_bump() {
    let catalogs = edited_series();
    let s = series(&catalogs, &identifiers()).expect("series");
    let files = oqs_catalog::render::notes::files(&catalogs, &s).expect("notes");
    let text = |name: &str| String::from_utf8(files[name].clone()).expect("utf-8");
    let md = text("generated/changes/1.21..1.22.en.md");
    assert!(
        md.contains(
            "**Catalog impact:** breaking for help-desk behaviour: 0x8100000E is no longer in the catalog.\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("needs a **minor** version bump: 1.0.1 → 1.1.0 ("),
        "{md}"
    );
    let md = text("generated/changes/1.20..1.21.en.md");
    assert!(
        md.contains("needs a **patch** version bump: 1.0.0 → 1.0.1 (its public API is unchanged"),
        "{md}"
    );
    // The same two facts in Japanese, from the Japanese table.
    let ja = text("generated/changes/1.21..1.22.ja.md");
    assert!(
        ja.contains(
            "**カタログへの影響:** 窓口対応に影響する変更（破壊的）: 0x8100000E はカタログから削除されました。\n"
        ),
        "{ja}"
    );
    assert!(
        ja.contains(
            "**マイナー**バージョンの更新が必要です（1.0.1 → 1.1.0）。公開APIに項目が追加された"
        ),
        "{ja}"
    );
    let html = text("generated/changes/1.21..1.22.ja.html");
    assert!(
        html.contains("<p><strong>カタログへの影響:</strong> 窓口対応に影響する変更（破壊的）"),
        "{html}"
    );
    for log in ["CHANGELOG.ja.md", "CHANGELOG.en.md"] {
        let log = text(&format!("generated/changes/{log}"));
        assert!(log.contains("0x8100000E"), "{log}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&files["generated/changes/1.21..1.22.json"]).expect("JSON");
    assert_eq!(json["summary"]["impact"], "breaking");
    assert_eq!(json["summary"]["bump"], "minor");
}

/// A contact that a revision names for the first time is a new variant of `Contact` (minor);
/// one that no entry names any more stays (the catalog's users lose it, the crate does not).
#[test]
fn contacts_come_with_the_revision_that_names_them_and_stay() {
    let mut published = identifiers();
    let number = published
        .contacts
        .iter()
        .map(|i| i.number)
        .max()
        .unwrap_or(0)
        + 1;
    published.contacts.push(Item {
        number,
        ident: "NewVendor".to_string(),
        name: "新しいベンダー".to_string(),
    });
    // A name no revision uses is in every revision's crate, as `build` writes it.
    published.contacts.push(Item {
        number: number + 1,
        ident: "UnusedVendor".to_string(),
        name: "使われないベンダー".to_string(),
    });
    let v1 = base();
    let mut v2 = v1.clone();
    v2.document.version = "1.21".to_string();
    code_mut(&mut v2, "001").entries[0].contacts = vec![Contact {
        name: "新しいベンダー".to_string(),
        note: None,
    }];
    let mut v3 = v2.clone();
    v3.document.version = "1.22".to_string();
    code_mut(&mut v3, "001").entries[0].contacts = v1.codes[0].entries[0].contacts.clone();
    let s = series(&[v1, v2, v3], &published).expect("series");
    assert_eq!(consts(&s.api[0].added), ["variant Contact::NewVendor"]);
    assert_eq!(s.bumps[0], Bump::Minor);
    assert!(s.api[1].is_empty(), "{:#?}", s.api[1]);
    assert_eq!(s.bumps[1], Bump::Patch);
}

/// The policy on API lists of its own: removed or changed is major, added or deprecated is
/// minor, the same list is no bump, and a series turns these into versions.
#[test]
fn api_rules_follow_cargo_semver() {
    let it = |kind, path: &str, sig: &str, deprecated| PublicItem {
        kind,
        path: path.to_string(),
        signature: sig.to_string(),
        deprecated,
    };
    let old = PublicApi::new([
        it(ItemKind::Const, "MSG_1", "MessageId", false),
        it(ItemKind::Fn, "lookup", "fn(u32)", false),
    ]);
    let same = ApiDelta::between(&old, &old);
    assert!(same.is_empty());
    assert_eq!(same.bump(), Bump::None);
    let mut added = old.items().cloned().collect::<Vec<_>>();
    added.push(it(ItemKind::Const, "MSG_2", "MessageId", false));
    assert_eq!(
        ApiDelta::between(&old, &PublicApi::new(added)).bump(),
        Bump::Minor
    );
    let deprecated = PublicApi::new([
        it(ItemKind::Const, "MSG_1", "MessageId", true),
        it(ItemKind::Fn, "lookup", "fn(u32)", false),
    ]);
    let d = ApiDelta::between(&old, &deprecated);
    assert_eq!((d.deprecated.len(), d.bump()), (1, Bump::Minor));
    let d = ApiDelta::between(&deprecated, &old);
    assert_eq!((d.undeprecated.len(), d.bump()), (1, Bump::Minor));
    let removed = PublicApi::new([it(ItemKind::Fn, "lookup", "fn(u32)", false)]);
    assert_eq!(ApiDelta::between(&old, &removed).bump(), Bump::Major);
    let changed = PublicApi::new([
        it(ItemKind::Const, "MSG_1", "MessageId", false),
        it(ItemKind::Fn, "lookup", "fn(u64)", false),
    ]);
    let d = ApiDelta::between(&old, &changed);
    assert_eq!((d.changed.len(), d.bump()), (1, Bump::Major));

    // Four revisions whose APIs are old, +added, -removed, same again (content changed).
    let apis = [old.clone(), changed.clone(), removed, PublicApi::default()];
    let mut catalogs = vec![base(); 4];
    for (i, c) in catalogs.iter_mut().enumerate() {
        c.document.version = format!("1.2{i}");
        c.footnotes[0].text.push_str(&"。".repeat(i));
    }
    let s = Series::new(&catalogs, |upto: &[Catalog]| {
        Ok::<_, std::convert::Infallible>(apis[upto.len() - 1].clone())
    })
    .expect("series");
    let versions: Vec<String> = s.versions.iter().map(ToString::to_string).collect();
    assert_eq!(versions, ["1.0.0", "2.0.0", "3.0.0", "4.0.0"]);
}

// ---------------------------------------------------------------------------------------------
// The list of public items is what lib.rs exposes

/// The generated `lib.rs` of the crate made from `catalogs`.
fn lib_rs(catalogs: &[Catalog], identifiers: &Published) -> String {
    let s = series(catalogs, identifiers).expect("series");
    let files = rust::render(RenderInput {
        catalogs,
        identifiers,
        series: &s,
        history: &History::new(catalogs, &s.changes),
    })
    .expect("render the crate");
    String::from_utf8(files["generated/rust/src/lib.rs"].clone()).expect("utf-8")
}

/// `(kind, path, signature without whitespace, deprecated)`: signatures compared as tokens.
type Key = (String, String, String, bool);

fn key(i: &PublicItem) -> Key {
    (
        i.kind.label().to_string(),
        i.path.clone(),
        i.signature.split_whitespace().collect(),
        i.deprecated,
    )
}

fn toks(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn pub_(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

/// `#[non_exhaustive]` and `#[repr(…)]`, as written.
fn shape_attrs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("non_exhaustive") || a.path().is_ident("repr"))
        .map(toks)
        .collect()
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let paths = a
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .expect("derive list");
        out.extend(paths.iter().map(last_ident));
    }
    out
}

fn last_ident(p: &syn::Path) -> String {
    p.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

fn type_name(t: &syn::Type) -> String {
    match t {
        syn::Type::Path(p) => last_ident(&p.path),
        other => toks(other),
    }
}

fn fields(f: &syn::Fields) -> String {
    match f {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(u) => format!(
            "({})",
            u.unnamed
                .iter()
                .map(|f| toks(&f.ty))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        syn::Fields::Named(n) => format!(
            "{{ {} }}",
            n.named
                .iter()
                .map(|f| format!("{}: {}", f.ident.as_ref().expect("named"), toks(&f.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn fn_sig(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Receiver(_) => "self".to_string(),
            syn::FnArg::Typed(t) => toks(&t.ty),
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, t) => format!(" -> {}", toks(t)),
    };
    let constness = if sig.constness.is_some() {
        "const "
    } else {
        ""
    };
    format!("{constness}fn({}){ret}", args.join(", "))
}

fn push(out: &mut BTreeSet<Key>, kind: &str, path: String, sig: String, deprecated: bool) {
    let key = (
        kind.to_string(),
        path,
        sig.split_whitespace().collect(),
        deprecated,
    );
    assert!(out.insert(key.clone()), "listed twice: {key:?}");
}

/// The public items of a parsed `lib.rs`, found by walking its syntax: public constants,
/// types with their variants and public fields, public functions and methods, and the trait
/// impls (derived or written, in a `#[cfg]` module too) of public types.
fn items_of(lib: &str) -> BTreeSet<Key> {
    let file = syn::parse_file(lib).expect("lib.rs parses");
    let public: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Enum(e) if pub_(&e.vis) => Some(e.ident.to_string()),
            syn::Item::Struct(s) if pub_(&s.vis) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut out = BTreeSet::new();
    walk(&file.items, "", &public, &mut out);
    out
}

fn walk(items: &[syn::Item], cfg: &str, public: &BTreeSet<String>, out: &mut BTreeSet<Key>) {
    let impl_of = |out: &mut BTreeSet<Key>, tr: String, ty: &str, sig: String| {
        push(out, "impl", format!("{tr} for {ty}"), sig, false);
    };
    for item in items {
        match item {
            syn::Item::Const(c) if pub_(&c.vis) => push(
                out,
                "const",
                c.ident.to_string(),
                toks(&*c.ty),
                has_attr(&c.attrs, "deprecated"),
            ),
            syn::Item::Fn(f) if pub_(&f.vis) => {
                push(out, "fn", f.sig.ident.to_string(), fn_sig(&f.sig), false)
            }
            syn::Item::Enum(e) if pub_(&e.vis) => {
                let name = e.ident.to_string();
                push(
                    out,
                    "enum",
                    name.clone(),
                    shape_attrs(&e.attrs).join(" "),
                    false,
                );
                for d in derives(&e.attrs) {
                    impl_of(out, d, &name, String::new());
                }
                for v in &e.variants {
                    let mut sig = fields(&v.fields);
                    if let Some((_, d)) = &v.discriminant {
                        sig.push_str(&format!("= {}", toks(d)));
                    }
                    let deprecated = has_attr(&v.attrs, "deprecated");
                    push(
                        out,
                        "variant",
                        format!("{name}::{}", v.ident),
                        sig,
                        deprecated,
                    );
                }
            }
            syn::Item::Struct(s) if pub_(&s.vis) => {
                let name = s.ident.to_string();
                let shape = match &s.fields {
                    syn::Fields::Unit => ";",
                    f if f.iter().all(|f| pub_(&f.vis)) => "{}",
                    _ => "{ .. }",
                };
                let mut sig = shape_attrs(&s.attrs);
                sig.push(shape.to_string());
                push(out, "struct", name.clone(), sig.join(" "), false);
                for d in derives(&s.attrs) {
                    impl_of(out, d, &name, String::new());
                }
                for f in s.fields.iter().filter(|f| pub_(&f.vis)) {
                    let field = f.ident.as_ref().expect("named field");
                    push(out, "field", format!("{name}::{field}"), toks(&f.ty), false);
                }
            }
            syn::Item::Impl(i) => {
                let ty = type_name(&i.self_ty);
                if !public.contains(&ty) {
                    continue;
                }
                match &i.trait_ {
                    Some((_, tr, _)) => {
                        let mut sig: Vec<String> = i
                            .items
                            .iter()
                            .filter_map(|it| match it {
                                syn::ImplItem::Type(t) => {
                                    Some(format!("type {} = {}", t.ident, toks(&t.ty)))
                                }
                                _ => None,
                            })
                            .collect();
                        if !cfg.is_empty() {
                            sig.push(cfg.to_string());
                        }
                        impl_of(out, last_ident(tr), &ty, sig.join(" "));
                    }
                    None => {
                        for it in &i.items {
                            match it {
                                syn::ImplItem::Fn(f) if pub_(&f.vis) => push(
                                    out,
                                    "fn",
                                    format!("{ty}::{}", f.sig.ident),
                                    fn_sig(&f.sig),
                                    false,
                                ),
                                syn::ImplItem::Const(c) if pub_(&c.vis) => push(
                                    out,
                                    "const",
                                    format!("{ty}::{}", c.ident),
                                    toks(&c.ty),
                                    false,
                                ),
                                _ => {}
                            }
                        }
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    let cfg: Vec<String> = m
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("cfg"))
                        .map(toks)
                        .collect();
                    walk(inner, &cfg.join(" "), public, out);
                }
            }
            _ => {}
        }
    }
}

/// The items the policy compares are the items each generated `lib.rs` exposes, for every
/// revision of the edited series (tombstones included) and for the committed crate.
#[test]
fn public_items_are_what_lib_rs_exposes() {
    let identifiers = identifiers();
    let catalogs = edited_series();
    for n in [1, 3, catalogs.len()] {
        let upto = &catalogs[..n];
        let listed: BTreeSet<Key> = public_api(upto, &identifiers)
            .expect("public API")
            .items()
            .map(key)
            .collect();
        let parsed = items_of(&lib_rs(upto, &identifiers));
        let missing: Vec<&Key> = parsed.difference(&listed).collect();
        let extra: Vec<&Key> = listed.difference(&parsed).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "revision {}: in lib.rs but not listed: {missing:#?}\nlisted but not in lib.rs: {extra:#?}",
            upto[n - 1].document.version
        );
    }
    // 1.22's crate keeps 0x8100000E, deprecated.
    let parsed = items_of(&lib_rs(&catalogs[..3], &identifiers));
    assert!(parsed.contains(&(
        "const".to_string(),
        "MSG_8100000E".to_string(),
        "MessageId".to_string(),
        true
    )));
    // The committed crate.
    let (committed, identifiers) = common::models();
    let lib = std::fs::read_to_string(common::root().join("generated/rust/src/lib.rs"))
        .expect("generated/rust/src/lib.rs");
    let listed: BTreeSet<Key> = public_api(&committed, &identifiers)
        .expect("public API")
        .items()
        .map(key)
        .collect();
    assert_eq!(items_of(&lib), listed);
}
