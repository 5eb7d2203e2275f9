//! Any answers checked against any form: problems or normalised answers, never a panic; and
//! normalised answers read back as they were stored (checked again in draft mode, as a saved
//! report is), so a stored report never becomes unreadable.
//!
//! The input is a form definition and the answers as two JSON documents separated by a NUL
//! byte. Input without a valid definition is checked as answers against a form holding every
//! field type, so mutations of the answers are never wasted on a refused definition.
#![no_main]

use domain::form::{FormDefinition, Mode, diff, render_value};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

/// A form with one field of every type, a table with a column of every type it allows.
fn every_type() -> &'static FormDefinition {
    static FORM: OnceLock<FormDefinition> = OnceLock::new();
    FORM.get_or_init(|| {
        let def: Value = serde_json::from_str(include_str!("every_type.json")).expect("JSON");
        FormDefinition::parse(&def).expect("the every-type form is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let (def, answers) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let parsed = serde_json::from_slice::<Value>(def)
        .ok()
        .and_then(|v| FormDefinition::parse(&v).ok());
    if let Some(def) = &parsed {
        // A definition serialises to JSON that parses back to itself.
        let again = FormDefinition::parse(&def.to_json()).expect("a stored definition parses");
        assert_eq!(&again, def, "definition round trip");
    }
    let def = parsed.as_ref().unwrap_or_else(|| every_type());
    let Ok(answers) = serde_json::from_slice::<Value>(answers) else {
        return;
    };
    for mode in [Mode::Draft, Mode::Submit] {
        let Ok(checked) = def.check(&answers, mode) else {
            continue;
        };
        // Stored answers are read back by checking them in draft mode: same answers.
        let reread = def
            .check(checked.as_json(), Mode::Draft)
            .expect("stored answers check again");
        assert_eq!(reread, checked, "answers re-check to themselves");
        if mode == Mode::Submit {
            def.check(checked.as_json(), Mode::Submit)
                .expect("submitted answers pass submission again");
        }
        let _ = checked.references(def);
        for field in def.fields() {
            let _ = render_value(field, checked.get(field.key()));
        }
        let _ = diff(def, &def.empty_answers(), def, &checked);
    }
});
