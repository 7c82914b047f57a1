//! A thin layer over `quick-xml`'s writer: every text and attribute value
//! goes through it as text (escaped by `quick-xml`), after characters that
//! XML 1.0 forbids have been replaced. No XML is ever made by pasting data
//! into a string.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Text fit for XML 1.0: control characters (other than tab and line
/// feed; a carriage return becomes a line feed) and the non-characters
/// U+FFFE and U+FFFF become U+FFFD, as in the HTML report.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\r' => '\n',
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// An XML document being written.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its XML declaration.
    pub fn new() -> Xml {
        let mut xml = Xml {
            writer: Writer::new(Vec::with_capacity(64 * 1024)),
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> cannot fail.
        let _ = self.writer.write_event(event);
    }

    fn element<'a>(name: &'a str, attributes: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            let value = clean(value);
            start.push_attribute((*key, value.as_str()));
        }
        start
    }

    /// `<name attributes...>`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(Xml::element(name, attributes)));
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attributes.../>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(Xml::element(name, attributes)));
    }

    /// Escaped text content.
    pub fn text(&mut self, text: &str) {
        let text = clean(text);
        self.event(Event::Text(BytesText::new(&text)));
    }

    /// `<name attributes...>text</name>`.
    pub fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.text(text);
        self.close(name);
    }

    /// The document's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_cleaned() {
        let mut xml = Xml::new();
        xml.open("a", &[("b", "\"<x>&\u{1}")]);
        xml.text("<w:p>]]>&amp;\u{1}\u{ffff}\r");
        xml.close("a");
        let out = String::from_utf8(xml.finish()).unwrap();
        assert!(
            out.ends_with(
                "<a b=\"&quot;&lt;x&gt;&amp;\u{fffd}\">&lt;w:p&gt;]]&gt;&amp;amp;\u{fffd}\u{fffd}\n</a>"
            ),
            "{out}"
        );
    }
}
