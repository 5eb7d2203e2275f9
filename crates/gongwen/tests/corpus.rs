//! Accuracy on real notices: every `tests/data/corpus/NAME.txt` is parsed and compared field
//! by field with the hand-written `NAME.expected.json` (see docs/GONGWEN_ACCURACY.md for the
//! conventions). `NAME.source` says where the text came from and whether it is held out
//! (`held_out: true`): held-out notices were annotated before the parser was ever run on them
//! and the parser is not tuned on them, so their accuracy is the honest one.
//!
//! The test prints a per-field table (fields correct / fields total, tuned and held-out
//! separately) and fails when either set drops below its floor. Run it alone with
//! `cargo test -p gongwen --test corpus -- --nocapture`; set `GONGWEN_CORPUS_DIFF=1` to also
//! print every field that differs (`=tuned` or `=held-out` for one set only).

use std::collections::BTreeMap;
use std::path::PathBuf;

use gongwen::{NoticeDraft, Section};
use serde_json::Value;

/// Fields compared, in table order.
const FIELDS: [&str; 10] = [
    "issuer",
    "doc_number",
    "title",
    "recipients",
    "date",
    "sections",
    "attachments",
    "contacts",
    "deadlines",
    "report_required",
];

/// Floors, in fields correct out of all fields of the set. The tuned floor is what the parser
/// reaches; the held-out floor is its measured value minus a small margin.
const TUNED_FLOOR: usize = 114;
const HELD_OUT_FLOOR: usize = 113;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

struct Doc {
    name: String,
    text: String,
    expected: Value,
    held_out: bool,
}

fn load() -> Vec<Doc> {
    let dir = corpus_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".txt").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read = |ext: &str| {
                std::fs::read_to_string(dir.join(format!("{name}{ext}")))
                    .unwrap_or_else(|e| panic!("reading {name}{ext}: {e}"))
            };
            let source = read(".source");
            let held_out = source
                .lines()
                .any(|l| l.trim().replace(' ', "") == "held_out:true");
            assert!(
                held_out || source.lines().any(|l| l.contains("held_out: false")),
                "{name}.source must say held_out: true or false"
            );
            let expected = serde_json::from_str(&read(".expected.json"))
                .unwrap_or_else(|e| panic!("{name}.expected.json: {e}"));
            Doc {
                text: read(".txt"),
                name,
                expected,
                held_out,
            }
        })
        .collect()
}

/// Comparison form of a string: no whitespace, full-width ASCII variants folded to ASCII, so
/// that `（` and `(` or `：` and `:` count the same. Applied to both sides.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn norm_opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(norm(s)))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Recipients are compared as one text: how a list of organs is split (at `，` only, or also
/// at `、`) is a convention, finding where the list starts and ends is what counts.
fn recipients_text(items: &[String]) -> String {
    norm(&items.concat()).replace([',', '、', ';', '，', '；'], "")
}

/// An attachment name without surrounding 《》.
fn attachment(s: &str) -> String {
    let n = norm(s);
    match n.strip_prefix('《').and_then(|x| x.strip_suffix('》')) {
        Some(inner) if !inner.contains(['《', '》']) => inner.to_owned(),
        _ => n,
    }
}

/// `path title` for the sections at depth one and two of the tree.
fn outline(sections: &[Section]) -> Vec<String> {
    let mut out = Vec::new();
    Section::walk(sections, |s, path| {
        if path.matches('/').count() < 2 {
            out.push(norm(&format!("{path} {}", s.title)));
        }
    });
    out
}

/// The (actual, expected) comparison forms of one field.
fn field(name: &str, d: &NoticeDraft, e: &Value) -> (Value, Value) {
    let ex = &e[name];
    match name {
        "issuer" => (norm_opt(d.issuer.as_deref()), norm_opt(ex.as_str())),
        "title" => (norm_opt(d.title.as_deref()), norm_opt(ex.as_str())),
        "doc_number" => {
            let actual = d.doc_number.as_ref().map_or(Value::Null, |n| {
                serde_json::json!({"text": n.text(), "prefix": n.prefix(), "year": n.year(), "serial": n.serial()})
            });
            (actual, ex.clone())
        }
        "recipients" => (
            Value::String(recipients_text(&d.recipients)),
            Value::String(recipients_text(&strings(ex))),
        ),
        "date" => (
            d.date.map_or(Value::Null, |x| Value::String(x.to_string())),
            ex.clone(),
        ),
        "sections" => (
            serde_json::json!(outline(&d.sections)),
            serde_json::json!(strings(ex).iter().map(|s| norm(s)).collect::<Vec<_>>()),
        ),
        "attachments" => (
            serde_json::json!(
                d.attachments
                    .iter()
                    .map(|s| attachment(s))
                    .collect::<Vec<_>>()
            ),
            serde_json::json!(
                strings(ex)
                    .iter()
                    .map(|s| attachment(s))
                    .collect::<Vec<_>>()
            ),
        ),
        "contacts" => (
            serde_json::json!(d.contacts.iter().map(|s| norm(s)).collect::<Vec<_>>()),
            serde_json::json!(strings(ex).iter().map(|s| norm(s)).collect::<Vec<_>>()),
        ),
        "deadlines" => (
            serde_json::json!(
                d.deadlines
                    .iter()
                    .map(|x| x.date.map(|x| x.to_string()))
                    .collect::<Vec<_>>()
            ),
            ex.clone(),
        ),
        "report_required" => (Value::Bool(d.report_required), ex.clone()),
        _ => unreachable!("unknown field {name}"),
    }
}

#[derive(Default)]
struct Score {
    correct: BTreeMap<&'static str, usize>,
    docs: usize,
}

impl Score {
    fn total_correct(&self) -> usize {
        self.correct.values().sum()
    }
    fn total(&self) -> usize {
        self.docs * FIELDS.len()
    }
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "-".to_owned()
    } else {
        format!("{:.0}%", 100.0 * a as f64 / b as f64)
    }
}

#[test]
fn accuracy_on_real_notices() {
    let docs = load();
    assert!(docs.len() >= 12, "the corpus holds {} notices", docs.len());
    // `GONGWEN_CORPUS_DIFF=tuned` (or `held-out`) limits the diff to one set.
    let diff = std::env::var("GONGWEN_CORPUS_DIFF").ok();
    let mut tuned = Score::default();
    let mut held = Score::default();
    let mut per_doc = Vec::new();
    for doc in &docs {
        let draft = gongwen::parse_text(&doc.text);
        let score = if doc.held_out { &mut held } else { &mut tuned };
        score.docs += 1;
        let mut ok = 0;
        for name in FIELDS {
            let (actual, expected) = field(name, &draft, &doc.expected);
            let hit = actual == expected;
            *score.correct.entry(name).or_default() += usize::from(hit);
            ok += usize::from(hit);
            let show = match diff.as_deref() {
                None => false,
                Some("tuned") => !doc.held_out,
                Some("held-out") => doc.held_out,
                Some(_) => true,
            };
            if !hit && show {
                println!(
                    "{} {name}\n  expected {expected}\n  actual   {actual}",
                    doc.name
                );
            }
        }
        per_doc.push(format!(
            "{:<26} {:<9} {ok:>2}/{}",
            doc.name,
            if doc.held_out { "held-out" } else { "tuned" },
            FIELDS.len()
        ));
    }

    println!("\nper notice:");
    for line in &per_doc {
        println!("  {line}");
    }
    println!(
        "\n{:<16} {:>14} {:>14}",
        "field",
        format!("tuned ({})", tuned.docs),
        format!("held-out ({})", held.docs)
    );
    for name in FIELDS {
        let t = tuned.correct.get(name).copied().unwrap_or(0);
        let h = held.correct.get(name).copied().unwrap_or(0);
        println!(
            "{name:<16} {:>9} {:>4} {:>9} {:>4}",
            format!("{t}/{}", tuned.docs),
            pct(t, tuned.docs),
            format!("{h}/{}", held.docs),
            pct(h, held.docs)
        );
    }
    println!(
        "{:<16} {:>9} {:>4} {:>9} {:>4}\n",
        "all fields",
        format!("{}/{}", tuned.total_correct(), tuned.total()),
        pct(tuned.total_correct(), tuned.total()),
        format!("{}/{}", held.total_correct(), held.total()),
        pct(held.total_correct(), held.total())
    );

    assert!(tuned.docs > 0 && held.docs > 0, "both sets are non-empty");
    assert!(
        tuned.total_correct() >= TUNED_FLOOR,
        "tuned accuracy fell to {}/{} (floor {TUNED_FLOOR})",
        tuned.total_correct(),
        tuned.total()
    );
    assert!(
        held.total_correct() >= HELD_OUT_FLOOR,
        "held-out accuracy fell to {}/{} (floor {HELD_OUT_FLOOR})",
        held.total_correct(),
        held.total()
    );
}

/// Every corpus notice is also a seed of the `parse_text` fuzz target, so the fuzzer starts
/// from real notices.
#[test]
fn corpus_notices_seed_the_fuzzer() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parse_text");
    for doc in load() {
        let seed = seeds.join(format!("{}.txt", doc.name));
        let text = std::fs::read_to_string(&seed)
            .unwrap_or_else(|e| panic!("{}: {e} (copy the corpus text there)", seed.display()));
        assert_eq!(text, doc.text, "{} differs from the corpus", seed.display());
    }
}
