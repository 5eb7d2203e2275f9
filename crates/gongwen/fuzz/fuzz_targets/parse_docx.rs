//! Any bytes given as a .docx give a draft or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(draft) = gongwen::parse_docx(data) {
        let _ = draft.to_readable();
    }
    let _ = gongwen::parse_file("notice.docx", data);
});
