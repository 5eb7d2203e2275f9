//! Notices as users paste them from web pages and hurried drafts: the title above the
//! document number, recipient lists whose places share one organ type, deadlines written
//! without 日, and run-in headings whose full stop must survive into the rendered text.

mod helpers;

use gongwen::NoticeDraft;
use helpers::{deadlines, outline, section, strings};

/// The body and signature shared by the header variants below.
const BODY: &str = concat!(
    "　　为深入贯彻落实《全民科学素质行动规划纲要》，现将有关事项通知如下。\n",
    "　　（一）加强组织引导。各地科协要高度重视，精心组织。\n",
    "　　（二）及时总结报送。请于9月30日前报送活动总结。\n",
    "湖北省科学技术协会\n",
    "2024年8月1日\n",
);

fn parse(header: &str) -> NoticeDraft {
    gongwen::parse_text(&format!("{header}\n{BODY}"))
}

fn number(d: &NoticeDraft) -> Option<&str> {
    d.doc_number.as_ref().map(|n| n.text())
}

const TITLE: &str = "关于开展2024年全国科普日活动的通知";
const NUMBER: &str = "鄂科协发〔2024〕15号";

/// Title, number, recipients: the title comes from above the number, the recipients from
/// below it, and the body starts after the recipients.
#[test]
fn a_title_above_the_number_is_the_title() {
    let d = parse(
        "关于开展2024年全国科普日活动的通知\n鄂科协发〔2024〕15号\n\
         各市、州、直管市、神农架林区科协，省直有关单位：",
    );
    assert_eq!(d.title.as_deref(), Some(TITLE));
    assert_eq!(number(&d), Some(NUMBER));
    // No issuer line in the header: the issuer is the signature's.
    assert_eq!(d.issuer.as_deref(), Some("湖北省科学技术协会"));
    assert_eq!(d.recipients.len(), 5);
    assert!(d.preamble.starts_with("为深入贯彻落实"));
    assert_eq!(
        outline(&d),
        strings(&["（一） 加强组织引导 *", "（二） 及时总结报送 *"])
    );
}

/// Issuer, title, number, recipients: the line above the title is the issuer, not part of
/// the title.
#[test]
fn an_issuer_above_a_title_above_the_number() {
    let d = parse(
        "湖北省科协办公室\n关于开展2024年全国科普日活动的通知\n鄂科协发〔2024〕15号\n\
         各市、州、直管市、神农架林区科协，省直有关单位：",
    );
    assert_eq!(d.issuer.as_deref(), Some("湖北省科协办公室"));
    assert_eq!(d.signature.as_deref(), Some("湖北省科学技术协会"));
    assert_eq!(d.title.as_deref(), Some(TITLE));
    assert_eq!(number(&d), Some(NUMBER));
    assert_eq!(d.recipients[4], "省直有关单位");
}

/// A title wrapped over two lines above the number is joined, from its 关于 line on.
#[test]
fn a_wrapped_title_above_the_number_is_joined() {
    let d = parse(
        "湖北省科学技术协会\n湖北省科学技术协会关于开展2024年\n全国科普日活动的通知\n\
         鄂科协发〔2024〕15号\n各市、州、直管市、神农架林区科协：",
    );
    assert_eq!(d.issuer.as_deref(), Some("湖北省科学技术协会"));
    assert_eq!(
        d.title.as_deref(),
        Some("湖北省科学技术协会关于开展2024年全国科普日活动的通知")
    );
    assert_eq!(number(&d), Some(NUMBER));
}

/// The number as web pages label or bracket it: `发文字号：…` and `（…）` on their own line.
#[test]
fn a_labelled_or_bracketed_number_after_the_title() {
    for number_line in [
        "发文字号：鄂科协发〔2024〕15号",
        "（鄂科协发〔2024〕15号）",
        "(鄂科协发[2024]15号)",
    ] {
        for issuer in ["", "湖北省科学技术协会\n"] {
            let d = parse(&format!(
                "{issuer}{TITLE}\n{number_line}\n各市、州、直管市、神农架林区科协，省直有关单位："
            ));
            let case = format!("{issuer}{number_line}");
            assert_eq!(d.title.as_deref(), Some(TITLE), "{case}");
            assert_eq!(number(&d), Some(NUMBER), "{case}");
            assert_eq!(d.issuer.as_deref(), Some("湖北省科学技术协会"), "{case}");
            assert_eq!(d.recipients[0], "各市科协", "{case}");
            assert!(d.preamble.starts_with("为深入贯彻落实"), "{case}");
        }
    }
}

/// GB/T 9704 order (issuer, number, title, recipients) reads as it always has, including a
/// title that a line above the number could be mistaken for.
#[test]
fn the_classic_layout_is_unchanged() {
    let d = parse(
        "湖北省科学技术协会文件\n鄂科协发〔2024〕15号\n关于开展2024年全国科普日活动的通知\n\
         各市州科协，省直有关单位：",
    );
    assert_eq!(d.issuer.as_deref(), Some("湖北省科学技术协会"));
    assert_eq!(d.title.as_deref(), Some(TITLE));
    assert_eq!(number(&d), Some(NUMBER));
    assert_eq!(d.recipients, strings(&["各市州科协", "省直有关单位"]));

    // A header without title keeps its lines above the number as the issuer.
    let d = parse("中共湖北省科学技术协会党组\n鄂科协党〔2024〕3号\n各党支部：");
    assert_eq!(d.issuer.as_deref(), Some("中共湖北省科学技术协会党组"));
    assert_eq!(d.title, None);
    assert_eq!(d.recipients, strings(&["各党支部"]));
}

/// `各市、州、直管市、神农架林区科协`: the organ type of the last item belongs to every place
/// before it, and the generic division types keep the list's 各.
#[test]
fn places_in_a_list_share_the_last_items_organ_type() {
    let d = parse(&format!(
        "{TITLE}\n{NUMBER}\n各市、州、直管市、神农架林区科协，省直有关单位："
    ));
    assert_eq!(
        d.recipients,
        strings(&[
            "各市科协",
            "各州科协",
            "各直管市科协",
            "神农架林区科协",
            "省直有关单位"
        ])
    );
    let d = parse(&format!(
        "{TITLE}\n各市（州）、县（市、区）党委组织部，各镇、乡人民政府："
    ));
    assert_eq!(
        d.recipients,
        strings(&[
            "各市（州）党委组织部",
            "各县（市、区）党委组织部",
            "各镇人民政府",
            "各乡人民政府"
        ])
    );
}

/// Lists whose items already name whole organs are left as written.
#[test]
fn lists_of_whole_organs_are_left_as_written() {
    for (line, expected) in [
        ("各党支部、机关各部门：", vec!["各党支部", "机关各部门"]),
        (
            "各市州科协，省直有关单位：",
            vec!["各市州科协", "省直有关单位"],
        ),
        (
            "各县人民政府，行署各局、委、办：",
            vec!["各县人民政府", "行署各局", "委", "办"],
        ),
        (
            "各区县（自治县）科协，两江新区、西部科学城重庆高新区科协：",
            vec![
                "各区县（自治县）科协",
                "两江新区",
                "西部科学城重庆高新区科协",
            ],
        ),
    ] {
        let d = parse(&format!("{TITLE}\n{line}"));
        assert_eq!(d.recipients, strings(&expected), "{line}");
    }
}

/// `8月30前`, `8月30号前`, `于9月5前报送` are deadlines like `8月30日前`; a month alone or a
/// bare number is not a day.
#[test]
fn deadlines_written_without_ri() {
    let d = gongwen::parse_text(
        "关于报送活动总结的通知\n各市州科协：\n\
         请于8月30前报送名单，8月30号前报送方案。\n\
         各单位于9月5前报送总结，8月前完成筹备，共30前后人参加。\n\
         湖北省科学技术协会\n2024年8月1日",
    );
    assert_eq!(
        deadlines(&d),
        vec![
            (Some("2024-08-30".into()), "于8月30前".into(), None),
            (Some("2024-08-30".into()), "8月30号前".into(), None),
            (Some("2024-09-05".into()), "于9月5前".into(), None),
        ]
    );
}

/// `（一）加强组织引导。各地科协要…`: the heading's title loses its 。 but the section keeps it
/// in `title_punct`, so heading and body render as the source wrote them.
#[test]
fn a_run_in_headings_full_stop_is_kept() {
    let d = parse(&format!("{TITLE}\n{NUMBER}\n各市州科协："));
    let s = section(&d, &["（一）"]);
    assert!(s.run_in);
    assert_eq!(s.title, "加强组织引导");
    assert_eq!(s.title_punct, "。");
    assert_eq!(
        format!("{}{}{}{}", s.number, s.title, s.title_punct, s.body),
        "（一）加强组织引导。各地科协要高度重视，精心组织。"
    );

    // A label heading keeps its colon; a heading without punctuation has none, and its JSON
    // has no `title_punct` key, so drafts stored before still compare equal.
    let d = gongwen::parse_text(
        "关于某事的通知\n各党支部：\n一、时间：9月30日前\n二、有关要求\n请按时报送。",
    );
    let time = section(&d, &["一"]);
    assert_eq!(
        (
            time.title.as_str(),
            time.title_punct.as_str(),
            time.body.as_str()
        ),
        ("时间", "：", "9月30日前")
    );
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["sections"][0]["title_punct"], "：");
    assert!(json["sections"][1].get("title_punct").is_none());
    let back: NoticeDraft = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}
