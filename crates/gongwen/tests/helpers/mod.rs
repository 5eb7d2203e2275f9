//! Shared helpers for the integration tests: test data, outlines, snapshots.

#![expect(dead_code, reason = "each test file uses only some of the helpers")]

use std::path::PathBuf;

use gongwen::{NoticeDraft, Section};

pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub fn data_bytes(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

pub fn data(name: &str) -> String {
    String::from_utf8(data_bytes(name)).expect("test data is UTF-8")
}

/// The text notices under tests/data, by file name.
pub const TEXT_NOTICES: [&str; 7] = [
    "founding_notice.md",
    "kexie_activity.txt",
    "district_party_ocr.md",
    "street_party_dues.txt",
    "society_year_end.txt",
    "gov_office_letter.txt",
    "short_notice.txt",
];

/// `path title` for every section, in document order, with `*` marking a run-in heading.
pub fn outline(draft: &NoticeDraft) -> Vec<String> {
    let mut out = Vec::new();
    Section::walk(&draft.sections, |s, path| {
        let run_in = if s.run_in { " *" } else { "" };
        out.push(format!("{path} {}{run_in}", s.title));
    });
    out
}

/// The section at a path of numbers, e.g. `["一", "（三）", "1"]`.
pub fn section<'a>(draft: &'a NoticeDraft, path: &[&str]) -> &'a Section {
    let mut list = &draft.sections;
    let mut found = None;
    for number in path {
        let s = list
            .iter()
            .find(|s| s.number == *number)
            .unwrap_or_else(|| panic!("no section {number} in {path:?}"));
        list = &s.children;
        found = Some(s);
    }
    found.expect("a non-empty path")
}

/// `(date, phrase, section)` of every deadline.
pub fn deadlines(draft: &NoticeDraft) -> Vec<(Option<String>, String, Option<String>)> {
    draft
        .deadlines
        .iter()
        .map(|d| {
            (
                d.date.map(|d| d.to_string()),
                d.phrase.clone(),
                d.section.clone(),
            )
        })
        .collect()
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Compares the draft's JSON with `tests/data/<name>.json`. Run with `UPDATE_SNAPSHOTS=1` to
/// rewrite the file after a deliberate change, then review the diff.
pub fn assert_snapshot(name: &str, draft: &NoticeDraft) {
    let actual = serde_json::to_string_pretty(draft).expect("a draft serialises");
    let path = data_path(&format!("{name}.json"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, format!("{actual}\n")).expect("writing the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reading {}: {e} (run with UPDATE_SNAPSHOTS=1)",
            path.display()
        )
    });
    assert_eq!(
        actual.trim_end(),
        expected.trim_end(),
        "snapshot {name}.json differs"
    );
    // The snapshot must also read back into the same draft.
    let back: NoticeDraft = serde_json::from_str(&expected).expect("the snapshot deserialises");
    assert_eq!(&back, draft);
}
