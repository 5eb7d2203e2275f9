//! Any bytes uploaded as a roster (CSV in UTF-8 or GBK, .xlsx, .ods, .xls) give checked rows
//! and problems, never a panic, an abort or an allocation past the fuzzer's limit.
//!
//! The importer catches a reader's panic and calls the file unreadable, but libfuzzer-sys's
//! panic hook aborts first, so a panic inside the spreadsheet library is still found here.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(web::ledger::fuzzing::check_roster(data));
});
