//! Any string parses without panicking, and the draft serialises and renders; the study
//! readers (theme, works in 《》, speeches in headings) take any text too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Lossy decoding keeps the fuzzer's byte mutations useful for the text parser.
    let text = String::from_utf8_lossy(data);
    let draft = gongwen::parse_text(&text);
    let _ = draft.to_readable();
    // The file entry point sniffs content and decodes text itself.
    let _ = gongwen::parse_file("notice.txt", data);
    let _ = gongwen::study::campaign_theme(&text);
    for work in gongwen::study::named_works(&text) {
        assert!(work.starts_with('《'));
    }
    let _ = gongwen::study::speech_in_heading(&text);
});
