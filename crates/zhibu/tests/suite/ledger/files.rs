//! Building the files people upload, and reading back the workbooks zhibu answers.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use std::io::Cursor;

/// The branch of `branch1`, and another one.
pub const OWN_BRANCH: &str = "重庆市机械工程学会党支部";
pub const OTHER_BRANCH: &str = "重庆市电子学会党支部";

/// A workbook whose first sheet holds `rows` as text.
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// An OpenDocument spreadsheet (.ods) whose one sheet holds `rows`, written as
/// `<table:table-row>` XML, so a test can write the repeats LibreOffice uses.
pub fn ods(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="名册">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_str()),
        ("META-INF/manifest.xml", manifest),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// One `.ods` cell holding `text`.
pub fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// `rows` as CSV text, comma-separated, CRLF line ends as Excel writes them.
pub fn csv(rows: &[&[&str]]) -> String {
    rows.iter()
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

pub fn utf8_with_bom(text: &str) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
}

/// What Excel on a Chinese Windows saves as "CSV (逗号分隔)".
pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// A multipart/form-data body with `fields` and the file: (content type, body).
pub fn multipart(file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "zhibu-test-7MA4YWxkTrZu0gW-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `POST /api/v1/members/import{query}` with the file: (status, JSON body).
pub async fn api_import(
    app: &TestApp,
    token: &str,
    file_name: &str,
    bytes: &[u8],
    query: &str,
) -> (StatusCode, serde_json::Value) {
    let (content_type, body) = multipart(file_name, bytes, &[]);
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/members/import{query}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"));
    (status, json)
}

/// (row, field, code) of each problem in an import answer.
pub type Found = Vec<(Option<u64>, Option<String>, String)>;

pub fn problems(body: &serde_json::Value) -> Found {
    body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64(),
                p["field"].as_str().map(str::to_owned),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub async fn member_count(app: &TestApp) -> i64 {
    let db = app.db().await;
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    n
}

pub async fn org_id(app: &TestApp, name: &str) -> i64 {
    let db = app.db().await;
    let id = sqlx::query_scalar("SELECT id FROM orgs WHERE name = $1")
        .bind(name)
        .fetch_one(db.read())
        .await
        .unwrap();
    db.close().await;
    id
}

/// The audit events of `action`: (username, detail).
pub async fn audit_events(app: &TestApp, action: &str) -> Vec<(String, String)> {
    let db = app.db().await;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT username, detail FROM audit_events WHERE action = $1 ORDER BY seq")
            .bind(action)
            .fetch_all(db.read())
            .await
            .unwrap();
    db.close().await;
    rows
}

/// The sheets of a workbook: (name, rows of cell text).
pub fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a real xlsx");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}
