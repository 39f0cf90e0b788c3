//! Structure-aware fuzzing of every YAML input (issue 10): the model loader, `names.yaml`,
//! `errata.yaml` and the identifiers ledger, on documents built from a structured description
//! rather than from mutated bytes, so that they reach what random bytes never do: models of
//! the right shape, deep nesting, anchors and aliases (the billion laughs), tags, huge scalars
//! and repetition counts, odd keys.
//!
//! Checked on every input: no panic; an error message stays short whatever the input holds
//! (a 52 MB scalar once made a 52 MB message); a model that loads has a version made of
//! digits and dots, and writes back and loads again to the same value.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oqs_catalog::model::identifiers::Published;
use oqs_catalog::model::names::Names;
use oqs_catalog::model::{check_version, yaml};
use oqs_catalog::normalize::errata::Errata;

/// Longest error message accepted: the message caps quoted input at 200 characters.
const MESSAGE_MAX: usize = 4096;
/// Largest rendered document: more only slows the runs down (the loaders' own limit,
/// `YAML_LIMIT`, is tested by `tests/it/hostile_input.rs`); what aliases repeat is not
/// counted here, which is the point.
const TEXT_MAX: usize = 64 << 10;

#[derive(Arbitrary, Debug)]
enum Target {
    Model,
    Names,
    Errata,
    Identifiers,
}

#[derive(Arbitrary, Debug)]
struct Input {
    target: Target,
    /// Block style (indented) rather than flow style (`{…}`, `[…]`).
    block: bool,
    root: Node,
}

/// Keys each loader knows, so that maps are often of the right shape.
const KEYS: &[&str] = &[
    "format",
    "document",
    "title",
    "version",
    "source",
    "file",
    "kind",
    "sha256",
    "pages",
    "sheets",
    "cross_checked",
    "codes",
    "code",
    "tags",
    "message",
    "heading_text",
    "entries",
    "error_type",
    "message_id",
    "cause",
    "action",
    "contacts",
    "name",
    "note",
    "extra",
    "source_text",
    "errata",
    "field",
    "printed",
    "corrected",
    "reason",
    "at",
    "page",
    "sheet",
    "row",
    "footnotes",
    "mark",
    "text",
    "notes",
    "first",
    "last",
    "number",
    "ident",
];

/// Scalars that mean something to the loaders.
const WORDS: &[&str] = &[
    "1",
    "1.20",
    "1.21",
    "../x",
    "/etc/x",
    "..",
    "1..2",
    "pdf",
    "xlsx",
    "ods",
    "0x03000001",
    "0xF0000000",
    "0xF7FFFFFF",
    "0x3000001",
    "001",
    "message_id",
    "cause",
    "code",
    "heading",
    "contacts",
    "CardReaderVendor",
    "手順誤り",
    "顔認証付きカードリーダーベンダー",
    "~",
    "null",
    "true",
    "-",
    "0",
    "4294967296",
    "-1",
    "1e9",
    ".inf",
    "\u{1b}[2J",
    "\u{202e}",
    "",
];

const TAGS: &[&str] = &[
    "!!binary",
    "!!str",
    "!custom",
    "!",
    "!<tag:yaml.org,2002:str>",
    "!!map",
];

#[derive(Arbitrary, Debug)]
enum Scalar {
    Word(u8),
    Text(String),
    Int(i64),
    /// One character repeated: huge scalars from a few bytes.
    Long {
        c: char,
        len: u32,
    },
}

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Odd(Scalar),
}

#[derive(Arbitrary, Debug)]
enum Node {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
    /// `&aN node`.
    Anchor(u8, Box<Node>),
    /// `*aN` (perhaps never defined).
    Alias(u8),
    Tagged(u8, Box<Node>),
    /// The same node many times in a sequence.
    Repeat {
        times: u16,
        node: Box<Node>,
    },
    /// Wrapped in this many one-element sequences.
    Deep {
        levels: u16,
        node: Box<Node>,
    },
    /// A model of the right shape, its holes filled by the fuzzer.
    Model(Box<ModelShape>),
    Entry(Box<EntryShape>),
}

#[derive(Arbitrary, Debug)]
struct ModelShape {
    version: Scalar,
    codes: Vec<CodeShape>,
    footnotes: Vec<Node>,
    extra: Option<(Key, Node)>,
}

#[derive(Arbitrary, Debug)]
struct CodeShape {
    code: Scalar,
    tags: Vec<Scalar>,
    title: Node,
    entries: Vec<EntryShape>,
    /// Anchor the first entry and repeat it by alias this many times.
    aliased: u16,
}

#[derive(Arbitrary, Debug)]
struct EntryShape {
    message_id: Option<Node>,
    cause: Option<Node>,
    contacts: Vec<(Scalar, Option<Scalar>)>,
    at: Option<Node>,
}

/// A document ready to print: what the shapes and nodes become.
enum Y {
    /// Scalar text as it is written (quoted already, or an alias).
    Raw(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
    /// An anchor or tag in front of a node.
    Prefixed(String, Box<Y>),
}

/// A double-quoted scalar (YAML 1.2 §7.3.1), escaping what must be escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds [`Y`] trees, counting what they will weigh so that none grows past [`TEXT_MAX`].
struct Builder {
    budget: usize,
    anchors: u32,
}

impl Builder {
    fn spend(&mut self, n: usize) -> bool {
        self.budget = self.budget.saturating_sub(n);
        self.budget > 0
    }

    fn scalar(&mut self, s: &Scalar) -> Y {
        let text = match s {
            Scalar::Word(i) => quoted(WORDS[*i as usize % WORDS.len()]),
            Scalar::Text(t) => quoted(t),
            Scalar::Int(n) => n.to_string(),
            Scalar::Long { c, len } => {
                let len = (*len as usize % (1 << 16)).min(self.budget / c.len_utf8().max(1));
                quoted(&std::iter::repeat_n(*c, len).collect::<String>())
            }
        };
        self.spend(text.len());
        Y::Raw(text)
    }

    fn key(&mut self, k: &Key) -> String {
        match k {
            Key::Known(i) => KEYS[*i as usize % KEYS.len()].to_string(),
            Key::Odd(s) => match self.scalar(s) {
                Y::Raw(t) => t,
                _ => unreachable!("a scalar is raw text"),
            },
        }
    }

    fn node(&mut self, n: &Node) -> Y {
        if !self.spend(4) {
            return Y::Raw("~".into());
        }
        match n {
            Node::Scalar(s) => self.scalar(s),
            Node::Seq(items) => Y::Seq(items.iter().map(|i| self.node(i)).collect()),
            Node::Map(entries) => Y::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = self.key(k);
                        self.spend(key.len() + 2);
                        (key, self.node(v))
                    })
                    .collect(),
            ),
            Node::Anchor(i, node) => Y::Prefixed(format!("&a{i}"), Box::new(self.node(node))),
            Node::Alias(i) => Y::Raw(format!("*a{i}")),
            Node::Tagged(i, node) => Y::Prefixed(
                TAGS[*i as usize % TAGS.len()].to_string(),
                Box::new(self.node(node)),
            ),
            Node::Repeat { times, node } => {
                let one = self.node(node);
                let mut items = vec![one];
                for _ in 1..*times {
                    if !self.spend(8) {
                        break;
                    }
                    items.push(self.node(node));
                }
                Y::Seq(items)
            }
            Node::Deep { levels, node } => {
                let mut y = self.node(node);
                for _ in 0..(*levels as usize % 5_000) {
                    if !self.spend(2) {
                        break;
                    }
                    y = Y::Seq(vec![y]);
                }
                y
            }
            Node::Model(m) => self.model(m),
            Node::Entry(e) => self.entry(e),
        }
    }

    fn model(&mut self, m: &ModelShape) -> Y {
        if !self.spend(160) {
            return Y::Raw("~".into());
        }
        let raw = |s: &str| Y::Raw(s.to_string());
        let source = Y::Map(vec![
            ("file".into(), raw("x.pdf")),
            ("kind".into(), raw("pdf")),
            ("sha256".into(), raw("'00'")),
        ]);
        let document = Y::Map(vec![
            ("title".into(), raw("t")),
            ("version".into(), self.scalar(&m.version)),
            ("source".into(), source),
        ]);
        let codes = Y::Seq(m.codes.iter().map(|c| self.code(c)).collect());
        let footnotes = Y::Seq(
            m.footnotes
                .iter()
                .map(|n| Y::Map(vec![("text".into(), self.node(n))]))
                .collect(),
        );
        let mut fields = vec![
            ("format".into(), raw("1")),
            ("document".into(), document),
            ("codes".into(), codes),
            ("footnotes".into(), footnotes),
        ];
        if let Some((k, v)) = &m.extra {
            fields.push((self.key(k), self.node(v)));
        }
        Y::Map(fields)
    }

    fn code(&mut self, c: &CodeShape) -> Y {
        if !self.spend(40) {
            return Y::Raw("~".into());
        }
        let anchor = self.anchors;
        self.anchors += 1;
        let mut entries: Vec<Y> = c.entries.iter().map(|e| self.entry(e)).collect();
        if let Some(first) = entries.first_mut() {
            let taken = std::mem::replace(first, Y::Raw(String::new()));
            *first = Y::Prefixed(format!("&e{anchor}"), Box::new(taken));
            for _ in 0..c.aliased {
                if !self.spend(8) {
                    break;
                }
                entries.push(Y::Raw(format!("*e{anchor}")));
            }
        }
        Y::Map(vec![
            ("code".into(), self.scalar(&c.code)),
            (
                "tags".into(),
                Y::Seq(c.tags.iter().map(|t| self.scalar(t)).collect()),
            ),
            ("title".into(), self.node(&c.title)),
            ("entries".into(), Y::Seq(entries)),
        ])
    }

    fn entry(&mut self, e: &EntryShape) -> Y {
        if !self.spend(40) {
            return Y::Raw("~".into());
        }
        let mut fields = Vec::new();
        if let Some(id) = &e.message_id {
            fields.push(("message_id".into(), self.node(id)));
        }
        if let Some(cause) = &e.cause {
            fields.push(("cause".into(), self.node(cause)));
        }
        let contacts = e
            .contacts
            .iter()
            .map(|(name, note)| {
                let mut c = vec![("name".into(), self.scalar(name))];
                if let Some(note) = note {
                    c.push(("note".into(), self.scalar(note)));
                }
                Y::Map(c)
            })
            .collect();
        fields.push(("contacts".into(), Y::Seq(contacts)));
        let at = match &e.at {
            Some(at) => self.node(at),
            None => Y::Map(vec![("page".into(), Y::Raw("1".into()))]),
        };
        fields.push(("at".into(), at));
        Y::Map(fields)
    }
}

/// Prints `y` in flow style (`{a: b}`, `[c]`).
fn flow(y: &Y, out: &mut String) {
    match y {
        Y::Raw(t) => out.push_str(t),
        Y::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Y::Map(fields) => {
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
        Y::Prefixed(p, inner) => {
            out.push_str(p);
            out.push(' ');
            flow(inner, out);
        }
    }
}

/// Prints `y` in block style (indented, `- ` items), falling back to flow style for what
/// block style cannot hold simply (empty collections, prefixed collections) and for deep
/// nesting.
fn block(y: &Y, depth: usize, out: &mut String) {
    let indent = |out: &mut String| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    match y {
        Y::Seq(items) if !items.is_empty() && depth < 40 => {
            for item in items {
                indent(out);
                out.push_str("- ");
                block(item, depth + 1, out);
            }
        }
        Y::Map(fields) if !fields.is_empty() && depth < 40 => {
            for (k, v) in fields {
                indent(out);
                out.push_str(k);
                out.push(':');
                if matches!(v, Y::Raw(_) | Y::Prefixed(..)) {
                    out.push(' ');
                    flow(v, out);
                } else {
                    block(v, depth + 1, out);
                }
            }
        }
        other => {
            out.push(' ');
            flow(other, out);
        }
    }
}

fn check_message(e: &impl std::fmt::Display) {
    let message = e.to_string();
    assert!(
        message.len() <= MESSAGE_MAX,
        "a {}-byte message: {}…",
        message.len(),
        &message[..message
            .char_indices()
            .nth(300)
            .map_or(message.len(), |(i, _)| i)]
    );
}

fuzz_target!(|input: Input| {
    let mut b = Builder {
        budget: TEXT_MAX,
        anchors: 0,
    };
    let root = b.node(&input.root);
    // The loaders other than the model's want their own top-level key.
    let root = match (&input.target, root) {
        (Target::Model, root) | (_, root @ Y::Map(_)) => root,
        (Target::Names, root) => {
            Y::Map(vec![("contacts".into(), Y::Map(vec![("x".into(), root)]))])
        }
        (Target::Errata, root) => Y::Map(vec![("errata".into(), root)]),
        (Target::Identifiers, root) => Y::Map(vec![("contacts".into(), root)]),
    };
    let mut w = String::new();
    if input.block {
        block(&root, 0, &mut w);
    } else {
        flow(&root, &mut w);
    }
    w.push('\n');
    let text = w;
    // What an input becomes, to keep a finding as a YAML file under tests/regressions/:
    // YAML_INPUTS_SAVE=out.yaml fuzz/target/<triple>/release/yaml_inputs FINDING
    if let Some(path) = std::env::var_os("YAML_INPUTS_SAVE") {
        eprintln!("{:?}, {} bytes", input.target, text.len());
        std::fs::write(path, &text).expect("write the rendered YAML");
    }
    match input.target {
        Target::Model => match yaml::load("fuzz.yaml", &text) {
            Ok(model) => {
                assert!(check_version(&model.document.version).is_ok());
                let again = yaml::to_yaml(&model, "").expect("a loaded model writes");
                let back = yaml::load("fuzz.yaml", &again).expect("a written model loads");
                assert_eq!(back, model);
            }
            Err(e) => check_message(&e),
        },
        Target::Names => {
            if let Err(e) = Names::parse("names.yaml", &text) {
                check_message(&e);
            }
        }
        Target::Errata => {
            if let Err(e) = Errata::parse("errata.yaml", &text) {
                check_message(&e);
            }
        }
        Target::Identifiers => {
            if let Err(e) = Published::parse("identifiers.yaml", &text) {
                check_message(&e);
            }
        }
    }
});
