//! The parser never panics and never loops: arbitrary strings, notice-shaped token soup,
//! mutations of the real notices, and random bytes into the .docx and file readers.

mod helpers;

use helpers::{TEXT_NOTICES, data, data_bytes};
use proptest::prelude::*;

/// Fragments that steer random input into every branch of the parser.
const TOKENS: [&str; 48] = [
    "一、",
    "十二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "3．",
    "（1）",
    "(2)",
    "①",
    "**",
    "#",
    "## ",
    "\n",
    "\n\n",
    "\r\n",
    "。",
    "，",
    "：",
    ":",
    "；",
    "、",
    "“",
    "”",
    "《",
    "》",
    "附件：",
    "附件1",
    "联系人：",
    "电话：",
    "于",
    "在",
    "前",
    "之前",
    "2024年",
    "二〇二四年",
    "5月",
    "十二月",
    "10日",
    "底",
    "每月",
    "报送",
    "报市",
    "向党委报告",
    "〔2024〕",
    "号",
    "关于",
    "的通知",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(&TOKENS[..]).prop_map(str::to_owned),
            1 => "[\\PC]{0,6}",
            1 => "[ 　\t0-9a-z各党支部委员会]{0,4}",
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { at: usize },
    SwapLines { a: usize, b: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), prop::sample::select(&TOKENS[..])).prop_map(|(at, t)| Edit::Insert {
            at,
            text: t.to_owned()
        }),
        (any::<usize>(), "[\\PC]{1,8}").prop_map(|(at, text)| Edit::Insert { at, text }),
        any::<usize>().prop_map(|at| Edit::DuplicateLine { at }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Delete { at, len } => {
                let at = at % (chars.len() + 1);
                let end = (at + len).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Insert { at, text } => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, text.chars());
            }
            Edit::DuplicateLine { .. } | Edit::SwapLines { .. } => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<&str> = s.split('\n').collect();
                match *e {
                    Edit::DuplicateLine { at } => {
                        let at = at % lines.len();
                        lines.insert(at, lines[at]);
                    }
                    Edit::SwapLines { a, b } => {
                        let n = lines.len();
                        lines.swap(a % n, b % n);
                    }
                    _ => unreachable!(),
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

/// Parsing must not panic, and the draft must serialise and render.
fn exercise(input: &str) {
    let draft = gongwen::parse_text(input);
    let json = serde_json::to_string(&draft).expect("a draft serialises");
    let back: gongwen::NoticeDraft = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, draft);
    let _ = draft.to_readable();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_parse(input in "\\PC{0,400}") {
        exercise(&input);
    }

    #[test]
    fn arbitrary_unicode_including_controls_parses(input in any::<String>()) {
        exercise(&input);
    }

    #[test]
    fn notice_shaped_token_soup_parses(input in token_soup()) {
        exercise(&input);
    }

    #[test]
    fn mutated_real_notices_parse(
        which in 0..TEXT_NOTICES.len(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        exercise(&apply(&data(TEXT_NOTICES[which]), &edits));
    }

    #[test]
    fn random_bytes_never_break_the_file_readers(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        zip_magic in any::<bool>(),
    ) {
        let mut bytes = bytes;
        if zip_magic {
            bytes.splice(0..0, *b"PK\x03\x04");
        }
        let _ = gongwen::parse_docx(&bytes);
        let _ = gongwen::parse_file("x.docx", &bytes);
        let _ = gongwen::parse_file("x.txt", &bytes);
        let _ = gongwen::parse_file("x", &bytes);
    }

    #[test]
    fn corrupted_docx_files_are_errors_or_drafts(
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in any::<usize>(),
    ) {
        let mut bytes = data_bytes("university_notice.docx");
        for (at, value) in flips {
            let at = at % bytes.len();
            bytes[at] = value;
        }
        let _ = gongwen::parse_docx(&bytes);
        bytes.truncate(cut % (bytes.len() + 1));
        let _ = gongwen::parse_docx(&bytes);
    }
}

#[test]
fn edge_inputs_parse() {
    for input in [
        "",
        "\n",
        "\u{feff}",
        "**",
        "****",
        "#",
        "一、",
        "（",
        "1.",
        "①",
        "附件：",
        "附件：1.",
        "于前",
        "于 前",
        "前",
        "2024年2月30日",
        "2024年12月31日前",
        "二〇二四年二月二十九日",
        "〔2024〕号",
        "渝发〔2024〕0号",
        "\r\r\r",
        "　　　",
    ] {
        exercise(input);
    }
}
