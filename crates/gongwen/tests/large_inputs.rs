//! Large and hostile inputs: parsing stays linear. Timing bounds here are deliberately loose
//! (unoptimised test builds on a busy machine); a quadratic step would blow far past them.
//! Release-mode figures come from `cargo run --release --example parse`.

mod helpers;

use std::time::{Duration, Instant};

use helpers::{TEXT_NOTICES, data};

const MB: usize = 1024 * 1024;
const BOUND: Duration = Duration::from_secs(120);

fn timed(label: &str, input: &str) -> gongwen::NoticeDraft {
    let started = Instant::now();
    let draft = gongwen::parse_text(input);
    let took = started.elapsed();
    assert!(took < BOUND, "{label}: {} bytes took {took:?}", input.len());
    draft
}

fn repeat_to(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len().max(1) + 1)
}

#[test]
fn a_five_megabyte_notice_parses_in_linear_time() {
    // The founding notice with its body repeated: one header, thousands of sections, one tail.
    let founding = data("founding_notice.md");
    let body_start = founding.find("即将召开").unwrap();
    let tail_start = founding.rfind("中共重庆市科协科技社团委员会").unwrap();
    let input = format!(
        "{}{}{}",
        &founding[..body_start],
        repeat_to(&founding[body_start..tail_start], 5 * MB),
        &founding[tail_start..]
    );
    let draft = timed("repeated body", &input);
    assert_eq!(
        draft.title.as_deref(),
        Some("中共重庆市科协科技社团委员会关于做好近期有关工作的通知")
    );
    assert!(draft.sections.len() > 1000);
    assert_eq!(
        draft.date.map(|d| d.to_string()).as_deref(),
        Some("2022-08-05")
    );
}

#[test]
fn five_megabytes_of_concatenated_notices_parse_in_linear_time() {
    let all: String = TEXT_NOTICES.iter().map(|n| data(n) + "\n\n").collect();
    timed("repeated notices", &repeat_to(&all, 5 * MB));
}

#[test]
fn hostile_single_lines_parse_in_linear_time() {
    for (label, unit) in [
        ("prepositions and befores", "于于在前前之前"),
        ("dates", "于5月10日前报送"),
        ("digits", "1234567890"),
        ("chinese digits", "一二三四五六七八九十"),
        ("parentheses", "（（（（(((("),
        ("bold markers", "**"),
        ("bao", "报报报报告汇报"),
        ("spaces between cjk", "中 文 "),
        ("numbered items", "1.1.1、1．"),
        ("attachment items", "附件：1.a 2.b 3.c "),
    ] {
        timed(label, &repeat_to(unit, MB));
    }
}

#[test]
fn many_short_lines_parse_in_linear_time() {
    for (label, unit) in [
        (
            "headings",
            "一、标题\n（一）标题\n1.标题\n（1）标题\n①标题\n",
        ),
        ("page breaks", "没有句号的一行\n\n— 2 —\n\n"),
        ("signatures and dates", "中共某某委员会\n2024年3月1日\n"),
        ("attachment lists", "附件：1.表\n2.表\n3.表\n"),
        ("contacts", "联系人：张三\n电话：1\n"),
        (
            "deep nesting",
            "一、a\n（一）b\n1.c\n（1）d\n①e\n报送。于5月1日前。\n",
        ),
    ] {
        timed(label, &repeat_to(unit, 2 * MB));
    }
}
