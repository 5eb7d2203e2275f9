//! Any bytes uploaded as a roster (CSV in UTF-8 or GBK, .xlsx, .ods, .xls) give checked rows
//! and problems, never a panic, an abort or an allocation past the fuzzer's limit.
//!
//! The importer catches a reader's panic and calls the file unreadable, but libfuzzer-sys's
//! panic hook aborts first. Panics inside calamine's .xls reader are known (docs/SECURITY.md,
//! "Fuzzing") and answered by that catch, so they are let through to it; any other panic still
//! aborts and is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

fn let_calamine_panics_unwind() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_calamine_panics_unwind();
    std::hint::black_box(app::ledger::fuzzing::check_roster(data));
});
