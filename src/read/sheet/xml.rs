//! quick-xml as both spreadsheet readers use it: one configuration for every part, character
//! data with its references resolved, and the reason given when a part is not well-formed.
//!
//! Parsing is event by event, never recursive, so nesting depth costs no stack; what it keeps
//! is the caller's choice. It gives no meaning to elements.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, Event};
use quick_xml::reader::NsReader;
use quick_xml::Reader;

/// Longest quoted input in a reason.
const QUOTE: usize = 60;

/// A reader over a whole part, end tags checked, `<a/>` given as a start and an end.
pub fn reader(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    configure(r.config_mut());
    r
}

/// The same, resolving namespaces (ODF names its elements by namespace, not prefix).
pub fn ns_reader(bytes: &[u8]) -> NsReader<&[u8]> {
    let mut r = NsReader::from_reader(bytes);
    configure(r.config_mut());
    r
}

fn configure(c: &mut quick_xml::reader::Config) {
    c.expand_empty_elements = true;
    c.check_end_names = true;
}

/// Where a reader stopped on an error: the error's own position, or (for errors quick-xml
/// gives no position, such as namespace limits) the end of what it had read.
pub fn at<R>(r: &Reader<R>) -> u64 {
    match r.error_position() {
        0 => r.buffer_position(),
        at => at,
    }
}

/// Why a part is not readable XML, with the byte where it stopped.
pub fn malformed(e: &quick_xml::Error, at: u64) -> String {
    format!("malformed XML at byte {at} ({})", quote(&e.to_string()))
}

/// Text for a one-line message: cut to a readable length, line breaks and tabs shown as
/// `\n`, `\r`, `\t`.
pub fn quote(text: &str) -> String {
    let cut = match text.char_indices().nth(QUOTE) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    };
    cut.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// The character data an event adds to an element's text, if any: text with its line ends
/// normalized (XML 1.0 §2.11), CDATA, and entity or character references (§4.1, §4.6).
pub fn chars<'e>(event: &'e Event<'_>) -> Result<Option<Cow<'e, str>>, quick_xml::Error> {
    Ok(match event {
        Event::Text(t) => Some(t.xml10_content()),
        Event::CData(t) => Some(t.xml10_content()),
        Event::GeneralRef(r) => Some(Cow::Owned(reference(r)?)),
        _ => None,
    })
}

fn reference(r: &BytesRef<'_>) -> Result<String, quick_xml::Error> {
    if let Some(c) = r.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    match quick_xml::escape::resolve_xml_entity(r) {
        Some(s) => Ok(s.to_string()),
        None => Err(quick_xml::Error::Escape(
            quick_xml::escape::EscapeError::UnrecognizedEntity(0..0, r.to_string()),
        )),
    }
}

/// The unescaped value of an attribute named `name` (compared whole, prefix included).
pub fn attr<'a>(
    e: &'a quick_xml::events::BytesStart<'_>,
    name: &str,
) -> Result<Option<Cow<'a, str>>, quick_xml::Error> {
    for a in e.attributes() {
        let a = a?;
        if a.key.as_ref() == name {
            return Ok(Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?,
            ));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_resolve_references_and_line_ends() {
        let mut r = reader(b"<a>x&amp;&#x3042;\r\ny<![CDATA[<z>]]></a>");
        let mut text = String::new();
        loop {
            match r.read_event().unwrap() {
                Event::Eof => break,
                e => {
                    if let Some(s) = chars(&e).unwrap() {
                        text.push_str(&s);
                    }
                }
            }
        }
        assert_eq!(text, "x&あ\ny<z>");
        let mut r = reader(b"<a>&bogus;</a>");
        let _ = r.read_event().unwrap();
        let e = r.read_event().unwrap();
        assert!(chars(&e).is_err());
    }

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quote("short"), "short");
        assert_eq!(quote("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(quote(&"あ".repeat(100)).chars().count(), QUOTE + 1);
    }
}
