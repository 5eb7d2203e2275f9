//! .docx input: a university party committee notice built from WordprocessingML in the test,
//! zipped with deflate as Word does, and the same file committed under tests/data.

#![expect(
    clippy::unwrap_used,
    reason = "the test's own .docx builder fails loudly"
)]

mod helpers;

use std::io::{Cursor, Write};

use gongwen::{DocxError, NoticeDraft, ParseError};
use helpers::{data_bytes, data_path, deadlines, outline, section, strings};
use zip::write::SimpleFileOptions;

/// Paragraphs of the notice: `(bold lead, rest)`.
const PARAGRAPHS: [(&str, &str); 20] = [
    ("中共某某大学委员会文件", ""),
    ("", "某大党发（2023）36号"),
    ("", "中共某某大学委员会"),
    ("", "关于开展主题教育调研成果交流的"),
    ("", "通知"),
    ("", "各二级党组织："),
    (
        "",
        "\u{3000}\u{3000}根据学校主题教育工作安排，为推动调查研究成果转化运用，经研究，决定开展主题教育调研成果交流活动。现将有关事项通知如下：",
    ),
    ("一、交流内容", ""),
    (
        "",
        "各二级党组织围绕学科建设、人才培养和服务师生开展调查研究形成的调研报告，每个单位报送1至2篇。",
    ),
    ("二、时间安排", ""),
    (
        "（一）单位推荐。",
        "各二级党组织于9月25日前将推荐的调研报告电子版发送至dwzzb@xx.edu.cn。",
    ),
    (
        "（二）集中交流。",
        "10月中旬，学校党委组织召开调研成果交流会，具体时间另行通知。",
    ),
    ("三、工作要求", ""),
    ("", "各二级党组织要严格把关，确保调研报告质量，杜绝抄袭。"),
    ("", ""),
    ("", "附件：调研成果推荐汇总表"),
    ("", ""),
    ("", "中共某某大学委员会"),
    ("", "2023年9月8日"),
    ("", ""),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// WordprocessingML for the notice, with the quirks Word writes: run properties, split runs,
/// `xml:space`, an empty paragraph written as `<w:p/>`, section properties at the end.
fn document_xml() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for (lead, rest) in PARAGRAPHS {
        if lead.is_empty() && rest.is_empty() {
            xml.push_str("<w:p/>");
            continue;
        }
        xml.push_str(r#"<w:p><w:pPr><w:jc w:val="both"/></w:pPr>"#);
        if !lead.is_empty() {
            xml.push_str(&format!(
                r#"<w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/></w:rPr><w:t>{}</w:t></w:r>"#,
                escape(lead)
            ));
        }
        // Word splits runs at arbitrary points; the text must come out whole.
        let mid = rest
            .char_indices()
            .nth(rest.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        for part in [&rest[..mid], &rest[mid..]] {
            if !part.is_empty() {
                xml.push_str(&format!(
                    r#"<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
                    escape(part)
                ));
            }
        }
        xml.push_str("</w:p>");
    }
    xml.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#);
    xml
}

/// A minimal but complete .docx archive around `document_xml`.
fn build_docx(document: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", document),
    ];
    for (name, content) in parts {
        zip.start_file(name, options).expect("starting a zip entry");
        zip.write_all(content.as_bytes())
            .expect("writing a zip entry");
    }
    zip.finish().expect("finishing the zip").into_inner()
}

fn check_university_notice(d: &NoticeDraft) {
    assert_eq!(d.issuer.as_deref(), Some("中共某某大学委员会"));
    assert_eq!(d.signature.as_deref(), Some("中共某某大学委员会"));
    let n = d.doc_number.as_ref().unwrap();
    assert_eq!(
        (n.text(), n.prefix(), n.year(), n.serial()),
        ("某大党发〔2023〕36号", "某大党发", 2023, 36)
    );
    assert_eq!(
        d.title.as_deref(),
        Some("中共某某大学委员会关于开展主题教育调研成果交流的通知")
    );
    assert_eq!(d.recipients, strings(&["各二级党组织"]));
    assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2023-09-08"));
    assert_eq!(
        outline(d),
        strings(&[
            "一 交流内容",
            "二 时间安排",
            "二/（一） 单位推荐 *",
            "二/（二） 集中交流 *",
            "三 工作要求",
        ])
    );
    assert_eq!(
        section(d, &["二", "（一）"]).body,
        "各二级党组织于9月25日前将推荐的调研报告电子版发送至dwzzb@xx.edu.cn。"
    );
    assert_eq!(
        deadlines(d),
        vec![(
            Some("2023-09-25".to_owned()),
            "于9月25日前".to_owned(),
            Some("二/（一）".to_owned())
        )]
    );
    assert_eq!(section(d, &["一"]).actions.len(), 1, "每个单位报送1至2篇");
    assert_eq!(section(d, &["二"]).actions.len(), 1, "发送至");
    assert!(section(d, &["三"]).actions.is_empty());
    assert_eq!(d.attachments, strings(&["调研成果推荐汇总表"]));
}

#[test]
fn a_docx_built_from_wordprocessing_xml_parses() {
    let bytes = build_docx(&document_xml());
    check_university_notice(&gongwen::parse_docx(&bytes).unwrap());
    // parse_file picks the reader by extension and by content alike.
    check_university_notice(&gongwen::parse_file("通知.docx", &bytes).unwrap());
    check_university_notice(&gongwen::parse_file("misnamed.txt", &bytes).unwrap());
}

#[test]
fn the_committed_docx_parses_the_same() {
    let committed = gongwen::parse_docx(&data_bytes("university_notice.docx")).unwrap();
    check_university_notice(&committed);
    assert_eq!(
        committed,
        gongwen::parse_docx(&build_docx(&document_xml())).unwrap()
    );
}

#[test]
fn non_zip_bytes_and_archives_without_a_document_are_refused() {
    assert!(matches!(
        gongwen::parse_docx(b"hello"),
        Err(DocxError::NotZip(_))
    ));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("readme.txt", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"no word here").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(gongwen::parse_docx(&bytes), Err(DocxError::MissingDocument));
    let err = gongwen::parse_file("a.docx", b"not a zip").unwrap_err();
    assert!(matches!(err, ParseError::Docx(DocxError::NotZip(_))));
    assert!(err.to_string().contains("not a zip archive"));
}

#[test]
fn a_small_docx_that_unpacks_to_megabytes_of_text_is_refused_at_the_bound() {
    let limit = gongwen::DOCX_MAX_TEXT_BYTES;
    // As the review's file (117 KB that became 60 MB of notice text), on a smaller scale.
    let one_paragraph = format!(
        "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "各党支部要高度重视。".repeat(8 * 1024 * 1024 / 30)
    );
    // Alternating bold runs: little text, but each renders with its `**` markers.
    let runs = format!(
        "<w:document><w:body><w:p>{}</w:p></w:body></w:document>",
        "<w:r><w:rPr><w:b/></w:rPr><w:t>重</w:t></w:r><w:r><w:t>视</w:t></w:r>".repeat(300_000)
    );
    // Empty paragraphs: no text at all, a line each.
    let lines = format!(
        "<w:document><w:body>{}</w:body></w:document>",
        "<w:p/>".repeat(limit + 1)
    );
    for (label, xml) in [("text", one_paragraph), ("runs", runs), ("lines", lines)] {
        let bytes = build_docx(&xml);
        assert!(bytes.len() < 1024 * 1024, "{label}: {} bytes", bytes.len());
        let started = std::time::Instant::now();
        let err = gongwen::parse_docx(&bytes).unwrap_err();
        assert_eq!(err, DocxError::TooLong { limit }, "{label}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{label}: took {:?}",
            started.elapsed()
        );
        let err = gongwen::file_text("通知.docx", &bytes).unwrap_err();
        assert_eq!(
            err,
            ParseError::Docx(DocxError::TooLong { limit }),
            "{label}"
        );
    }
    // Just under the bound still reads.
    let under = format!(
        "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "a".repeat(limit - 16)
    );
    assert_eq!(
        gongwen::file_text("通知.docx", &build_docx(&under))
            .unwrap()
            .len(),
        limit - 15
    );
}

#[test]
fn malformed_xml_is_an_error_not_a_panic() {
    let bytes = build_docx("<w:document><w:body><w:p><w:r><w:t>半截</w:t></w:r></w:p></w:body><!-");
    assert!(gongwen::parse_docx(&bytes).is_err());
}

/// Writes the test .docx to tests/data and the fuzz corpus. Run after changing the notice:
/// `cargo test -p gongwen --test docx -- --ignored`.
#[test]
#[ignore = "regenerates committed files"]
fn write_docx_fixtures() {
    let bytes = build_docx(&document_xml());
    std::fs::write(data_path("university_notice.docx"), &bytes).unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parse_docx");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("university_notice.docx"), &bytes).unwrap();
}
