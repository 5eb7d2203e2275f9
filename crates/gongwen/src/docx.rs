//! .docx input: unzips `word/document.xml` and reads its paragraphs as lines of text.
//!
//! Bold runs become `**…**`, exactly as a Markdown converter would write them, so the rest of
//! the parser sees one input format. Text boxes (`w:txbxContent`) nest paragraphs inside a
//! paragraph; their text comes out as lines of its own. The `mc:Fallback` copy of such content
//! is skipped so nothing appears twice.
//!
//! Both ends are bounded: the XML unpacked from the zip ([`MAX_DOCUMENT_BYTES`]) and the text
//! it yields ([`MAX_TEXT_BYTES`]), the latter checked as the text is produced, so a small file
//! whose runs repeat into megabytes of text is refused at the bound, not after.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Why bytes are not a readable .docx.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("not a .docx file: the bytes are not a zip archive ({0})")]
    NotZip(String),
    #[error("not a .docx file: the archive has no word/document.xml")]
    MissingDocument,
    #[error("word/document.xml is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the document's text is longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("word/document.xml could not be decompressed: {0}")]
    Unreadable(String),
    #[error("word/document.xml is not UTF-8")]
    NotUtf8,
    #[error("word/document.xml is not well-formed XML: {0}")]
    Xml(String),
}

/// A notice's document.xml is a few hundred kilobytes; this bound stops a zip bomb.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The most text a .docx may yield: ten times the longest notice the platform keeps (200,000
/// characters). Word's markup is verbose, but repeated runs can still turn a small file into
/// far more text than its XML, and every later stage holds and walks the whole text.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The text of a .docx: one line per paragraph.
pub fn to_text(bytes: &[u8]) -> Result<String, DocxError> {
    let xml = document_xml(bytes)?;
    paragraphs(&xml)
}

fn document_xml(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let name = if archive.index_for_name("word/document.xml").is_some() {
        "word/document.xml".to_owned()
    } else {
        // Some generators name the main part differently (word/document2.xml).
        archive
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.starts_with("word/document") && n.ends_with(".xml"))
            .map(|n| n.into_owned())
            .ok_or(DocxError::MissingDocument)?
    };
    let file = archive
        .by_name(&name)
        .map_err(|e| DocxError::Unreadable(e.to_string()))?;
    if file.size() > MAX_DOCUMENT_BYTES {
        return Err(DocxError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let mut raw = Vec::new();
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| DocxError::Unreadable(e.to_string()))?;
    if raw.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(DocxError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    String::from_utf8(raw).map_err(|_| DocxError::NotUtf8)
}

/// One paragraph being read: its runs as (bold, text).
#[derive(Default)]
struct Paragraph {
    runs: Vec<(bool, String)>,
}

impl Paragraph {
    /// Adds `text` to the last run if it has the same weight; returns the bytes the paragraph
    /// may render to beyond the text (a new run's `**` markers).
    fn push(&mut self, bold: bool, text: &str) -> usize {
        match self.runs.last_mut() {
            Some((b, t)) if *b == bold => {
                t.push_str(text);
                0
            }
            _ => {
                self.runs.push((bold, text.to_owned()));
                4
            }
        }
    }

    /// The paragraph as a line, bold runs wrapped in `**`.
    fn render(self, out: &mut String) {
        for (bold, text) in self.runs {
            if bold && !text.trim().is_empty() && !text.contains('\n') {
                out.push_str("**");
                out.push_str(&text);
                out.push_str("**");
            } else {
                out.push_str(&text);
            }
        }
        out.push('\n');
    }
}

/// Where the reader is inside the XML.
#[derive(Default)]
struct State {
    /// Paragraphs being read; text boxes nest a paragraph inside another.
    open: Vec<Paragraph>,
    in_text: bool,
    bold: bool,
    /// Inside `w:rPr` of a run (not of a paragraph mark).
    in_run_props: bool,
    in_para_props: usize,
    in_fallback: usize,
    /// Bytes produced so far: text, a line break per paragraph, and room for the `**`
    /// markers of each run (so a million one-character runs count as what they render to).
    emitted: usize,
}

fn paragraphs(xml: &str) -> Result<String, DocxError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let mut out = String::with_capacity((xml.len() / 4).min(MAX_TEXT_BYTES));
    let mut st = State::default();
    loop {
        // `emitted` counts all `out` will hold, so the text is bounded while it grows.
        if st.emitted > MAX_TEXT_BYTES {
            return Err(DocxError::TooLong {
                limit: MAX_TEXT_BYTES,
            });
        }
        let event = reader
            .read_event()
            .map_err(|e| DocxError::Xml(format!("{e} at byte {}", reader.buffer_position())))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => start(&mut st, &e, &mut out, false),
            Event::Empty(e) => start(&mut st, &e, &mut out, true),
            Event::End(e) => end(
                &mut st,
                e.local_name().as_ref(),
                e.name().as_ref(),
                &mut out,
            ),
            Event::Text(t) if st.in_text && st.in_fallback == 0 => {
                let text = t.xml10_content();
                st.emit(&text);
            }
            Event::CData(t) if st.in_text && st.in_fallback == 0 => {
                let text = t.xml10_content();
                st.emit(&text);
            }
            Event::GeneralRef(r) if st.in_text && st.in_fallback == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    st.emit(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    // Paragraphs left open by a truncated document still count.
    while let Some(p) = st.open.pop() {
        p.render(&mut out);
    }
    Ok(out)
}

impl State {
    /// Adds text to the innermost paragraph in the current run's weight.
    fn emit(&mut self, text: &str) {
        let bold = self.bold;
        self.emit_as(bold, text);
    }

    fn emit_plain(&mut self, text: &str) {
        self.emit_as(false, text);
    }

    fn emit_as(&mut self, bold: bool, text: &str) {
        let markers = self.current().push(bold, text);
        self.emitted = self.emitted.saturating_add(text.len() + markers);
    }

    /// The paragraph text goes to; text outside any paragraph gets one of its own.
    fn current(&mut self) -> &mut Paragraph {
        if self.open.is_empty() {
            self.open.push(Paragraph::default());
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }
}

fn start(st: &mut State, e: &BytesStart<'_>, out: &mut String, empty: bool) {
    let full = e.name();
    if full.as_ref() == "mc:Fallback" {
        if !empty {
            st.in_fallback += 1;
        }
        return;
    }
    if st.in_fallback > 0 {
        return;
    }
    match e.local_name().as_ref() {
        "p" => {
            // A paragraph is a line break of output even when it holds no text.
            st.emitted = st.emitted.saturating_add(1);
            if empty {
                out.push('\n');
            } else {
                st.open.push(Paragraph::default());
            }
        }
        "pPr" if !empty => st.in_para_props += 1,
        "r" if !empty => st.bold = false,
        "rPr" if !empty && st.in_para_props == 0 => st.in_run_props = true,
        "b" if st.in_run_props => st.bold = is_on(e),
        "t" if !empty => st.in_text = true,
        "tab" if st.in_para_props == 0 => st.emit("\t"),
        "br" | "cr" => st.emit_plain("\n"),
        "noBreakHyphen" => st.emit("-"),
        _ => {}
    }
}

fn end(st: &mut State, local: &str, full: &str, out: &mut String) {
    if full == "mc:Fallback" {
        st.in_fallback = st.in_fallback.saturating_sub(1);
        return;
    }
    if st.in_fallback > 0 {
        return;
    }
    match local {
        "p" => {
            if let Some(p) = st.open.pop() {
                p.render(out);
            }
        }
        "pPr" => st.in_para_props = st.in_para_props.saturating_sub(1),
        "rPr" => st.in_run_props = false,
        "t" => st.in_text = false,
        "r" => st.bold = false,
        _ => {}
    }
}

/// `<w:b/>` and `<w:b w:val="1"/>` turn bold on; `w:val="0"`/`false`/`off` turn it off.
fn is_on(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .is_none_or(|a| !matches!(a.value.as_ref(), "0" | "false" | "off" | "none"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_become_lines_and_bold_becomes_markdown() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>各党支部：</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1.加强领导。</w:t></w:r><w:r><w:t xml:space="preserve">各支部要&amp;重视。</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>正文</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>续</w:t></w:r></w:p>
        </w:body></w:document>"#;
        assert_eq!(
            paragraphs(xml).unwrap(),
            "各党支部：\n**1.加强领导。**各支部要&重视。\n\n正文续\n"
        );
    }

    #[test]
    fn text_box_fallbacks_are_not_read_twice() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body><w:p><w:r>
            <mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>
            <mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent>
            <w:t>框外</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(paragraphs(xml).unwrap(), "框内\n框外\n");
    }

    #[test]
    fn non_zip_bytes_are_refused_clearly() {
        assert!(matches!(to_text(b"plain text"), Err(DocxError::NotZip(_))));
        assert!(matches!(to_text(&[]), Err(DocxError::NotZip(_))));
    }
}
