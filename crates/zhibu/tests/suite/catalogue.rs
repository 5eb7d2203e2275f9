//! Every string people see comes from the catalogue, in both languages.

use domain::Locale;
use std::collections::BTreeSet;
use std::path::Path;

fn keys(locale: Locale) -> BTreeSet<&'static str> {
    web::catalog_keys(locale).into_iter().collect()
}

#[test]
fn both_catalogues_hold_the_same_keys() {
    let zh = keys(Locale::ZhCn);
    let en = keys(Locale::En);
    assert_eq!(
        zh.difference(&en).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "missing in en"
    );
    assert_eq!(
        en.difference(&zh).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "missing in zh-CN"
    );
}

/// Catalogue keys look like `area.name`, with a known area.
const AREAS: &[&str] = &[
    "app", "nav", "language", "login", "home", "role", "sessions", "password", "error", "field",
    "form", "pager", "org", "member", "position", "audit", "accounts", "grants", "ledger",
    "notice", "official", "list", "keep", "age_band", "activity", "campaign",
];

fn used_keys(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            used_keys(&path, found);
            continue;
        }
        // Sources and templates only: test fixtures (a binary .xls) name no keys.
        let source = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "html" | "js")
        );
        if !source {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests may name keys that must not exist.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for quoted in text.split('"').skip(1).step_by(2) {
            if let Some((area, name)) = quoted.split_once('.')
                && AREAS.contains(&area)
                && !name.is_empty()
                && name != "html"
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                found.insert(quoted.to_owned());
            }
        }
    }
}

#[test]
fn every_key_the_code_and_templates_use_is_in_the_catalogue() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web");
    let mut used = BTreeSet::new();
    used_keys(&web.join("src"), &mut used);
    used_keys(&web.join("templates"), &mut used);
    for other in ["../app/src", "../domain/src"] {
        used_keys(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(other),
            &mut used,
        );
    }
    assert!(used.len() > 40, "the scan found too few keys: {used:?}");
    let zh = keys(Locale::ZhCn);
    // An audit action code (`member.create`) is not a message, but it must have a label.
    let label = |k: &str| format!("audit.action_{}", k.replace('.', "_"));
    let missing: Vec<_> = used
        .iter()
        .filter(|k| !zh.contains(k.as_str()) && !zh.contains(label(k).as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogue: {missing:?}"
    );
}
