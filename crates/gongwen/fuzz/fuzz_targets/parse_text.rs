//! Any string parses without panicking, and the draft serialises and renders.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Lossy decoding keeps the fuzzer's byte mutations useful for the text parser.
    let text = String::from_utf8_lossy(data);
    let draft = gongwen::parse_text(&text);
    let _ = draft.to_readable();
    // The file entry point sniffs content and decodes text itself.
    let _ = gongwen::parse_file("notice.txt", data);
});
