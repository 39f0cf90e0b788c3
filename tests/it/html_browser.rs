//! The generated HTML page in a real browser: Debian's headless `chromium`, driven over the
//! Chrome DevTools Protocol on a pipe (`--remote-debugging-pipe`: NUL-terminated JSON messages,
//! commands on the browser's fd 3, answers on its fd 4). The pipe needs no websocket, HTTP or
//! async runtime, so the test adds no dependency; `sh` wires our stdin/stdout pipes to fds 3/4.
//!
//! The tests fail, never skip, when chromium is missing: install Debian's `chromium` package
//! (and `fonts-ipaexfont-gothic` for legible screenshots), or point `CHROMIUM` at a binary.
//! Screenshots are kept under `target/html-test/`.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use oqs_catalog::model::{yaml, Catalog, Contact};
use oqs_catalog::render::anchor::PageAnchors;
use serde_json::{json, Value};

/// One chromium at a time: the machines have two cores and other builds run beside the tests.
static BROWSER: Mutex<()> = Mutex::new(());

const TIMEOUT: Duration = Duration::from_secs(30);

/// Where screenshots and the browser's log are kept.
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("html-test");
    std::fs::create_dir_all(&dir).expect("create target/html-test");
    dir
}

struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(log_name: &str) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let log = std::fs::File::create(artifacts().join(log_name)).expect("browser log");
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2"#)
            .arg(common::chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start chromium through sh");
        let commands = child.stdin.take().expect("stdin pipe");
        let out = child.stdout.take().expect("stdout pipe");
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(out);
            let mut buf = Vec::new();
            while out.read_until(0, &mut buf).is_ok_and(|n| n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
                buf.clear();
            }
        });
        let mut b = Browser {
            child,
            commands,
            messages,
            next_id: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = b.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = b.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b
    }

    /// Sends a command (to the page once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&msg).expect("serialize command");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .and_then(|_| self.commands.flush())
            .unwrap_or_else(|e| panic!("chromium closed its pipe ({e}); see target/html-test"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let reply = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("no answer from chromium to {method}: {e}"));
            if reply["id"] == json!(id) {
                if let Some(err) = reply.get("error") {
                    panic!("{method} failed: {err}");
                }
                return reply["result"].clone();
            }
        }
    }

    /// Evaluates JavaScript in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("script failed: {expression}\n{ex}");
        }
        r["result"]["value"].clone()
    }

    fn wait_for(&mut self, what: &str, expression: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.eval(expression) != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Loads `url` as a new document (also when only the fragment differs from the last one).
    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": "about:blank"}));
        self.wait_for("about:blank", "location.href === 'about:blank'");
        self.call("Page.navigate", json!({"url": url}));
        let check = format!(
            "location.href === {} && document.readyState === 'complete'",
            json!(url)
        );
        self.wait_for(url, &check);
    }

    fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    /// Focuses the search box and types `text` into it as a user would.
    fn type_search(&mut self, text: &str) {
        self.eval("(() => { const q = document.getElementById('q'); q.focus(); q.select(); })()");
        self.call("Input.insertText", json!({"text": text}));
    }

    fn screenshot(&mut self, name: &str) -> PathBuf {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64_decode(r["data"].as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "screenshot is not a PNG");
        let path = artifacts().join(name);
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Anchors of the entry rows that take up space on the page.
    fn visible_rows(&mut self) -> Vec<String> {
        let v = self.eval(
            "Array.from(document.querySelectorAll('tr.entry'))\
             .filter(tr => tr.getClientRects().length > 0).map(tr => tr.id)",
        );
        serde_json::from_value(v).expect("row ids")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && c != b'\n').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

fn page() -> PathBuf {
    common::root().join("generated/html/index.html")
}

fn catalog() -> Catalog {
    let path = common::root().join("generated/catalog/1.20.yaml");
    let text = std::fs::read_to_string(&path).expect("1.20 model");
    yaml::load("generated/catalog/1.20.yaml", &text).expect("1.20 model parses")
}

/// Row anchors of every entry `lookup` returns, in document order: the page's own rule
/// (`render::anchor`), which the notes link with too.
fn expected_rows(id: u32) -> Vec<String> {
    let c = catalog();
    let anchors = PageAnchors::new(&c);
    let mut out = Vec::new();
    for (ci, code) in c.codes.iter().enumerate() {
        for (e, a) in code.entries.iter().zip(anchors.rows(ci)) {
            if e.message_id.is_some_and(|m| m.contains(id)) {
                out.push(a.id.clone());
            }
        }
    }
    out
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn search_box_filters_rows_in_chromium() {
    let _one = lock();
    let mut b = Browser::launch("search-chromium.log");
    b.viewport(1280, 900, false);
    b.open(&common::file_url(&page()));
    let total = b.visible_rows().len();
    assert_eq!(
        total,
        catalog().entries().count(),
        "every row shows at first"
    );

    let cases: [(&str, Vec<String>); 5] = [
        ("0x04000011", expected_rows(0x0400_0011)),
        ("04000011", expected_rows(0x0400_0011)),
        ("0X04000001", expected_rows(0x0400_0001)),
        // Inside 901's range 0xF0000000~0xF7FFFFFF.
        ("0xf0301d00", expected_rows(0xF030_1D00)),
        ("901", Vec::new()),
    ];
    let code_901: Vec<String> = serde_json::from_value(
        b.eval("Array.from(document.querySelectorAll('#code-901 tr.entry')).map(tr => tr.id)"),
    )
    .expect("ids");
    for (query, expected) in &cases {
        let expected = if expected.is_empty() {
            &code_901
        } else {
            expected
        };
        b.type_search(query);
        if *query == "901" {
            b.screenshot("search-901.png");
        }
        assert!(!expected.is_empty(), "{query}: the model has matches");
        assert_eq!(&b.visible_rows(), expected, "rows shown for {query}");
        // The merged code cell moves to the first row shown of each group.
        let ok = b.eval(
            "Array.from(document.querySelectorAll('tbody.group:not([hidden])')).every(tb => {\
               const shown = Array.from(tb.rows).filter(r => !r.hidden);\
               const code = tb.querySelector('td.code');\
               return code.parentElement === shown[0] && code.rowSpan === shown.length\
                 && code.getClientRects().length > 0; })",
        );
        assert_eq!(ok, json!(true), "{query}: code cells span the rows shown");
    }
    assert_eq!(
        expected_rows(0x0400_0011),
        ["003-0x04000011", "015-0x04000011", "903-0x04000011"]
    );

    b.type_search("0x04000011");
    let groups = b.eval(
        "Array.from(document.querySelectorAll('tbody.group')).filter(g => !g.hidden).map(g => g.dataset.code)",
    );
    assert_eq!(
        groups,
        json!(["003", "015", "903"]),
        "groups without a match hide"
    );
    let count = b.eval("document.getElementById('count').textContent");
    assert_eq!(count, json!(format!("{total}件中 3件")));
    let shot = b.screenshot("search.png");
    eprintln!("screenshot: {}", shot.display());

    b.type_search("暗証番号 ロック");
    let rows = b.visible_rows();
    assert!(
        !rows.is_empty() && rows.len() < total,
        "text search: {rows:?}"
    );
    b.type_search("no such text anywhere");
    assert!(b.visible_rows().is_empty());
    assert_eq!(
        b.eval("document.getElementById('none').hidden"),
        json!(false),
        "an empty result says so"
    );
    b.type_search("");
    assert_eq!(
        b.visible_rows().len(),
        total,
        "clearing the box shows all rows"
    );
}

#[test]
fn fragment_link_opens_and_highlights_the_entry_in_chromium() {
    let _one = lock();
    let mut b = Browser::launch("fragment-chromium.log");
    b.viewport(1280, 900, false);
    let url = common::file_url(&page());
    b.open(&format!("{url}#0x04000011"));
    assert_eq!(
        b.eval("document.querySelector(':target').closest('tr').id"),
        json!("003-0x04000011"),
        "#0x04000011 names the first entry with that ID"
    );
    let highlighted = b.eval(
        "Array.from(document.querySelectorAll('tr.entry')).filter(tr => \
           getComputedStyle(tr.querySelector('td.type')).backgroundColor === 'rgb(255, 241, 168)')\
           .map(tr => tr.id)",
    );
    assert_eq!(
        highlighted,
        json!(expected_rows(0x0400_0011)),
        "the entry and the other entries with its ID are highlighted"
    );
    let in_view = b.eval(
        "(() => { const td = document.getElementById('003-0x04000011').querySelector('td.type');\
           const r = td.getBoundingClientRect();\
           const top = document.elementFromPoint(r.left + 5, r.top + 5);\
           return r.top >= 0 && r.bottom <= innerHeight && td.contains(top); })()",
    );
    assert_eq!(
        in_view,
        json!(true),
        "the entry is scrolled into view, not under the header"
    );
    // The hits are counted, and the previous/next buttons step through them (wrapping).
    let expected = expected_rows(0x0400_0011);
    let state = |b: &mut Browser| -> (String, String, bool) {
        let v = b.eval(
            "[document.getElementById('hitpos').textContent,\
              (document.querySelector('tr.entry.cur') || {id: ''}).id,\
              (() => { const r = document.querySelector('tr.entry.cur').getBoundingClientRect();\
                       return r.top >= 0 && r.top < innerHeight; })()]",
        );
        serde_json::from_value(v).expect("hit state")
    };
    assert_eq!(
        b.eval("document.getElementById('hits').hidden"),
        json!(false),
        "the hit navigation shows"
    );
    let n = expected.len();
    assert_eq!(
        state(&mut b),
        (
            format!("#0x04000011: {n}件中 1件目"),
            expected[0].clone(),
            true
        )
    );
    let shot = b.screenshot("fragment.png");
    eprintln!("screenshot: {}", shot.display());
    for step in 1..=n {
        b.eval("document.getElementById('next').click()");
        let at = step % n;
        assert_eq!(
            state(&mut b),
            (
                format!("#0x04000011: {n}件中 {}件目", at + 1),
                expected[at].clone(),
                true
            ),
            "after {step} × next"
        );
    }
    b.eval("document.getElementById('prev').click()");
    assert_eq!(
        state(&mut b).1,
        expected[n - 1],
        "previous wraps to the last"
    );

    // A row's own link, and an ID inside a range, while a search hides the row.
    b.type_search("001");
    b.eval("location.hash = '#0xF0301D00'");
    b.wait_for(
        "hashchange",
        "document.querySelectorAll('tr.entry.hl').length > 0",
    );
    let hl = b.eval("Array.from(document.querySelectorAll('tr.hl')).map(tr => tr.id)");
    assert_eq!(hl, json!(expected_rows(0xF030_1D00)));
    assert_eq!(
        b.eval("document.getElementById('q').value"),
        json!(""),
        "a search that hid the linked rows is cleared"
    );
    assert_eq!(
        b.eval("document.getElementById('hitpos').textContent"),
        json!(format!(
            "#0xF0301D00: {}件中 1件目",
            expected_rows(0xF030_1D00).len()
        ))
    );
    b.eval("location.hash = '#005-0x04000001'");
    b.wait_for(
        "hashchange",
        "document.querySelector('tr.hl') && document.querySelector('tr.hl').id === '005-0x04000001'",
    );
    assert_eq!(
        b.eval(
            "[document.getElementById('hitpos').textContent, document.getElementById('next').disabled]"
        ),
        json!(["#005-0x04000001: 1件中 1件目", true]),
        "one row: nothing to step to"
    );
    // Typing a search ends the stepping through a link's hits.
    b.type_search("暗証番号");
    assert_eq!(
        b.eval(
            "[document.getElementById('hits').hidden, document.querySelectorAll('tr.hl').length]"
        ),
        json!([true, 0])
    );
}

/// `?q=` holds the search: typing writes it (without adding history), opening a URL with it
/// shows the same rows, clearing the box removes it.
#[test]
fn search_is_kept_in_the_url_in_chromium() {
    let _one = lock();
    let mut b = Browser::launch("url-chromium.log");
    b.viewport(1280, 900, false);
    let url = common::file_url(&page());
    b.open(&url);
    let history = b.eval("history.length");
    let query = "暗証番号 ロック";
    b.type_search(query);
    let rows = b.visible_rows();
    assert!(!rows.is_empty() && rows.len() < catalog().entries().count());
    assert_eq!(
        b.eval("new URLSearchParams(location.search).get('q')"),
        json!(query)
    );
    assert_eq!(
        b.eval("history.length"),
        history,
        "no history entry per keystroke"
    );
    let shared = b.eval("location.href");
    let shared = shared.as_str().expect("href").to_string();
    assert!(shared.starts_with(&format!("{url}?q=")), "{shared}");

    // The shared URL, opened afresh, restores the search and its rows.
    b.open(&shared);
    assert_eq!(b.eval("document.getElementById('q').value"), json!(query));
    assert_eq!(b.visible_rows(), rows);
    assert_eq!(
        b.eval("document.getElementById('count').textContent"),
        json!(format!(
            "{}件中 {}件",
            catalog().entries().count(),
            rows.len()
        ))
    );
    // With a fragment too: the search stays unless it hides the linked row.
    b.open(&format!("{url}?q=0x04000011#0x04000011"));
    assert_eq!(b.visible_rows(), expected_rows(0x0400_0011));
    assert_eq!(
        b.eval("document.getElementById('q').value"),
        json!("0x04000011")
    );
    b.type_search("");
    assert_eq!(
        b.eval("location.search"),
        json!(""),
        "an empty search leaves no ?q="
    );
    assert_eq!(
        b.eval("location.hash"),
        json!("#0x04000011"),
        "the fragment stays"
    );
}

/// A footnote's mark in the text (`※1`) links to the footnote; the source path and checksum
/// sit in a folded "about" at the end, not above the table; Japanese lines break by the
/// strict kinsoku rules, and only an unbreakable run may break anywhere.
#[test]
fn footnote_links_about_and_line_breaking_in_chromium() {
    let c = catalog();
    // Every mark in the texts the page links, counted from the model: a mark followed by a
    // digit is another mark.
    let marks: Vec<&str> = c
        .footnotes
        .iter()
        .filter_map(|f| f.mark.as_deref())
        .collect();
    let count = |text: &str| -> usize {
        marks
            .iter()
            .map(|m| {
                text.match_indices(m)
                    .filter(|(i, _)| {
                        !text[i + m.len()..]
                            .chars()
                            .next()
                            .is_some_and(|d| d.is_numeric())
                    })
                    .count()
            })
            .sum()
    };
    let mut expected = c.notes.iter().map(|n| count(n)).sum::<usize>();
    for code in &c.codes {
        expected += code.message.as_deref().map_or(0, count);
        for e in &code.entries {
            for t in [&e.error_type, &e.cause, &e.action] {
                expected += t.as_deref().map_or(0, count);
            }
            expected += e
                .contacts
                .iter()
                .filter_map(|k| k.note.as_deref())
                .map(count)
                .sum::<usize>();
        }
    }
    assert!(expected > 0, "1.20 refers to ※1 in its texts");

    let _one = lock();
    let mut b = Browser::launch("footnote-chromium.log");
    b.viewport(1280, 900, false);
    b.open(&common::file_url(&page()));
    let links = b.eval(
        "Array.from(document.querySelectorAll('#catalog a.fnref, .notes a.fnref'))\
           .map(a => [a.textContent, a.getAttribute('href')])",
    );
    let links: Vec<(String, String)> = serde_json::from_value(links).expect("links");
    assert_eq!(links.len(), expected, "{links:?}");
    let mark = c.footnotes[0]
        .mark
        .clone()
        .expect("1.20's footnote has a mark");
    assert!(
        links.iter().all(|(t, h)| *t == mark && h == "#footnote-1"),
        "{links:?}"
    );
    b.eval("document.querySelector('#catalog a.fnref').click()");
    b.wait_for("the footnote", "location.hash === '#footnote-1'");
    let target = b.eval(
        "(() => { const p = document.querySelector(':target'); const r = p.getBoundingClientRect();\
           const top = document.elementFromPoint(r.left + 5, r.top + 5);\
           return [p.querySelector('.mark').textContent, r.top >= 0 && r.top < innerHeight && p.contains(top)]; })()",
    );
    assert_eq!(
        target,
        json!([mark, true]),
        "the footnote is shown, not under the header"
    );
    b.screenshot("footnote.png");

    // The source and its checksum: not at the top, but in a folded "about".
    let sha = &c.document.source.sha256;
    let about = b.eval(
        "[document.querySelector('header.page').textContent,\
          document.querySelector('details.about').open,\
          document.querySelector('details.about').textContent,\
          document.querySelector('details.about').compareDocumentPosition(document.getElementById('catalog'))]",
    );
    assert!(!about[0].as_str().expect("header").contains(sha.as_str()));
    assert_eq!(about[1], json!(false), "folded");
    let text = about[2].as_str().expect("about");
    assert!(
        text.contains(sha.as_str()) && text.contains(&c.document.source.file),
        "{text}"
    );
    assert_eq!(
        about[3],
        json!(2),
        "after the table (DOCUMENT_POSITION_PRECEDING)"
    );
    b.eval("document.querySelector('details.about summary').click()");
    assert_eq!(
        b.eval("document.querySelector('details.about code').getClientRects().length > 0"),
        json!(true),
        "opens on a click"
    );

    let styles = b.eval(
        "(() => { const s = getComputedStyle(document.querySelector('td.cause'));\
           return [s.lineBreak, s.overflowWrap, s.wordBreak]; })()",
    );
    assert_eq!(styles, json!(["strict", "anywhere", "normal"]));
}

#[test]
fn phone_width_shows_cards_without_horizontal_scrolling_in_chromium() {
    let _one = lock();
    let mut b = Browser::launch("phone-chromium.log");
    b.viewport(390, 844, true);
    b.open(&common::file_url(&page()));
    let fits = b.eval("document.documentElement.scrollWidth <= innerWidth");
    assert_eq!(fits, json!(true), "no horizontal scrolling at 390px");
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('tr.entry')).display"),
        json!("block"),
        "rows are cards"
    );
    // On a card every row shows its contact, also one merged with the row above on a wide screen.
    let contacts = b.eval(
        "Array.from(document.querySelectorAll('#code-001 td.contact'))\
           .map(td => td.getClientRects().length > 0)",
    );
    assert_eq!(contacts, json!([true, true]));
    let shot = b.screenshot("phone.png");
    eprintln!("screenshot: {}", shot.display());
    b.type_search("0x04000011");
    assert_eq!(b.visible_rows(), expected_rows(0x0400_0011));
    b.screenshot("phone-search.png");
}

#[test]
fn hostile_text_is_shown_literally_in_chromium() {
    const NASTY: &str =
        "</script><script>alert(1)</script><b>bold</b> \"q\" 'a' & &amp; \u{202E}RLO */ <!-- x -->";
    let mut c = catalog();
    c.document.title = format!("題 {NASTY}");
    let code = &mut c.codes[0];
    code.title = format!("T{NASTY}");
    code.message = Some(format!("M{NASTY}"));
    let e = &mut code.entries[0];
    e.error_type = Some(format!("E{NASTY}"));
    e.cause = Some(format!("C{NASTY}\n2行目"));
    e.action = Some(format!("A{NASTY}"));
    e.contacts = vec![Contact {
        name: format!("N{NASTY}"),
        note: Some(format!("※{NASTY}")),
    }];
    c.footnotes[0].text = format!("F{NASTY}");
    let html = oqs_catalog::render::html::page(&c).expect("render");
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "only the page's own script ends"
    );
    assert!(!html.contains("<b>"));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("index.html");
    std::fs::write(&path, &html).expect("write page");
    let _one = lock();
    let mut b = Browser::launch("hostile-chromium.log");
    b.viewport(1280, 900, false);
    b.open(&common::file_url(&path));
    let shown = b.eval(
        "(() => { const r = document.querySelector('tr.entry'); const t = s => r.querySelector(s).textContent;\
           return [document.title, t('.title'), t('td.message'), t('td.type'), t('td.cause'),\
                   t('td.action'), t('td.contact .name'), t('td.contact .note'),\
                   document.querySelector('.notes p').textContent,\
                   document.scripts.length, document.querySelectorAll('b').length]; })()",
    );
    assert_eq!(
        shown,
        json!([
            format!("題 {NASTY} {}版", c.document.version),
            format!("T{NASTY}"),
            format!("M{NASTY}"),
            format!("E{NASTY}"),
            format!("C{NASTY}\n2行目"),
            format!("A{NASTY}"),
            format!("N{NASTY}"),
            format!("※{NASTY}"),
            format!(
                "{}F{NASTY}",
                c.footnotes[0].mark.clone().unwrap_or_default()
            ),
            1,
            0
        ])
    );
    // The page's script still runs: searching for the text finds exactly that row.
    b.type_search("C</script><script>");
    assert_eq!(b.visible_rows(), [c.codes[0].code.clone() + "-0x03000001"]);
    b.screenshot("hostile.png");
}

#[test]
fn print_media_hides_the_controls_and_repeats_the_header_in_chromium() {
    let _one = lock();
    let mut b = Browser::launch("print-chromium.log");
    // A4 landscape at 96 dpi.
    b.viewport(1123, 794, false);
    b.open(&common::file_url(&page()));
    b.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    let styles = b.eval(
        "[getComputedStyle(document.querySelector('.controls')).display,\
          getComputedStyle(document.querySelector('thead')).display,\
          getComputedStyle(document.querySelector('thead th')).position,\
          document.documentElement.scrollWidth <= innerWidth]",
    );
    assert_eq!(
        styles,
        json!(["none", "table-header-group", "static", true]),
        "print: no search box, header repeated on each page, nothing cut off at the side"
    );
    b.screenshot("print.png");
}

/// The history on the page of a four-revision series (`history.rs` builds it): the marks of an
/// added and a twice-changed entry, a folded history that opens, and a removed ID's row under
/// the anchors older notes link to.
#[test]
fn history_and_removed_ids_in_chromium() {
    use crate::history::{ADDED, BACK, CHANGED, GONE};
    let dir = crate::history::build_series();
    let page = dir.path().join("generated/html/index.html");
    let url = common::file_url(&page);
    let _one = lock();
    let mut b = Browser::launch("history-chromium.log");
    b.viewport(1280, 900, false);
    b.open(&url);
    let mark = |b: &mut Browser, row: &str, class: &str| {
        b.eval(&format!(
            "(() => {{ const m = document.getElementById({}).querySelector('.{class}');\
               return m && m.getClientRects().length > 0 ? m.textContent : null; }})()",
            json!(row)
        ))
    };
    assert_eq!(
        mark(&mut b, &format!("003-{ADDED}"), "since"),
        json!("1.21版で追加")
    );
    assert_eq!(
        mark(&mut b, &format!("011-{CHANGED}"), "changed"),
        json!("1.21, 1.23版で変更")
    );
    assert_eq!(
        mark(&mut b, &format!("016-{BACK}"), "since"),
        json!("1.23版で追加")
    );
    // The folded history: closed, its list hidden until the summary is clicked.
    let folded = format!(
        "(() => {{ const d = document.getElementById({}).querySelector('details.history');\
           const li = Array.from(d.querySelectorAll('li'));\
           return [d.open, li.filter(l => l.checkVisibility()).length,\
                   li.map(l => l.textContent)]; }})()",
        json!(format!("016-{BACK}"))
    );
    let events = json!([
        "1.21版 削除 016 「資格が無効」",
        "1.23版 再追加 016 「資格が無効」"
    ]);
    assert_eq!(b.eval(&folded), json!([false, 0, events]));
    b.eval(&format!(
        "document.getElementById({}).querySelector('details.history summary').click()",
        json!(format!("016-{BACK}"))
    ));
    assert_eq!(b.eval(&folded), json!([true, 2, events]));

    // A removed ID: both anchors lead to its row in the removed section, in view.
    for fragment in [GONE.to_string(), format!("017-{GONE}")] {
        b.open(&format!("{url}#{fragment}"));
        let row = b.eval(
            "(() => { const t = document.querySelector(':target'); const tr = t && t.closest('tr');\
               const r = tr.getBoundingClientRect();\
               return [tr.id, tr.className, tr.closest('section').id, tr.dataset.lastSeen,\
                       tr.dataset.removedIn, tr.querySelector('td.type').textContent,\
                       r.top >= 0 && r.bottom <= innerHeight,\
                       getComputedStyle(tr.querySelector('td')).backgroundColor]; })()",
        );
        assert_eq!(
            row.as_array().map(|a| a[..7].to_vec()),
            Some(vec![
                json!(format!("017-{GONE}")),
                json!("tombstone"),
                json!("removed"),
                json!("1.21"),
                json!("1.22"),
                json!("保険者問合せでエラー"),
                json!(true)
            ]),
            "#{fragment}"
        );
        assert_ne!(
            row[7],
            json!("rgba(0, 0, 0, 0)"),
            "#{fragment}: the row is highlighted"
        );
    }
    b.screenshot("history-removed.png");
}
