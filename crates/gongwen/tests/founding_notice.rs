//! The founding notice, 渝科协社党发〔2022〕28号, must parse exactly right: every field is pinned.

mod helpers;

use helpers::{data, deadlines, outline, section, strings};

fn founding() -> gongwen::NoticeDraft {
    gongwen::parse_text(&data("founding_notice.md"))
}

#[test]
fn the_header_names_issuer_number_title_and_recipients() {
    let d = founding();
    assert_eq!(
        d.issuer.as_deref(),
        Some("中共重庆市科学技术协会科技社团委员会")
    );
    assert_eq!(d.signature.as_deref(), Some("中共重庆市科协科技社团委员会"));
    let n = d.doc_number.as_ref().expect("a document number");
    assert_eq!(n.text(), "渝科协社党发〔2022〕28号");
    assert_eq!(
        (n.prefix(), n.year(), n.serial()),
        ("渝科协社党发", 2022, 28)
    );
    assert_eq!(
        d.title.as_deref(),
        Some("中共重庆市科协科技社团委员会关于做好近期有关工作的通知")
    );
    assert_eq!(d.recipients, strings(&["各党支部"]));
    assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2022-08-05"));
}

#[test]
fn the_preamble_is_the_text_before_the_first_heading() {
    assert_eq!(
        founding().preamble,
        "即将召开的党的二十大，是在进入全面建设社会主义现代化国家新征程的关键时刻召开的一次十分重要的大会。\
         为营造喜迎二十大的良好氛围，根据市科协党组的有关要求，现就做好近期有关工作通知如下："
    );
}

#[test]
fn the_section_tree_follows_the_numbering_not_the_hashes() {
    assert_eq!(
        outline(&founding()),
        strings(&[
            "一 认真开展主题学习活动",
            "一/（一） 强化政治意识，提高思想认识",
            "一/（二） 聚焦活动主题，突出重点内容",
            "一/（二）/1 及时学习习近平总书记 7.26 重要讲话",
            "一/（二）/2 系统学习《习近平谈治国理政》第四卷",
            "一/（二）/3 深入学习《习近平经济思想学习纲要》",
            "一/（三） 明确学习要求，确保学习效果",
            "一/（三）/1 坚持示范引领学，加强组织引导 *",
            "一/（三）/2 坚持融会贯通学，学深悟透真信 *",
            "一/（三）/3 坚持知行合一学，推动本职工作 *",
            "二 切实做好疫情防控工作",
            "三 扎实做好安全稳定工作",
        ])
    );
    let d = founding();
    let levels: Vec<u8> = [&["一"][..], &["一", "（二）"], &["一", "（二）", "1"]]
        .iter()
        .map(|p| section(&d, p).level)
        .collect();
    assert_eq!(levels, vec![1, 2, 3]);
}

#[test]
fn paragraphs_split_by_page_breaks_are_joined() {
    let d = founding();
    let first = section(&d, &["一", "（一）"])
        .body
        .split('\n')
        .next()
        .unwrap()
        .to_owned();
    assert!(first.starts_with(
        "党的二十大将科学谋划未来5年乃至更长时期党和国家事业发展的目标任务和大政方针，"
    ));
    assert_eq!(section(&d, &["一", "（一）"]).body.split('\n').count(), 3);
    assert!(
        section(&d, &["一", "（二）", "2"])
            .body
            .ends_with("切实肩负起加强科技界政治建设的使命任务。")
    );
    assert!(
        section(&d, &["二"])
            .body
            .contains("坚持“外防输入、内防反弹”和“动态清零”总方针，坚决克服麻痹松懈思想，")
    );
    assert_eq!(section(&d, &["二"]).body.split('\n').count(), 1);
}

#[test]
fn run_in_headings_give_the_rest_of_their_paragraph_to_the_body() {
    let d = founding();
    let s = section(&d, &["一", "（三）", "1"]);
    assert!(s.body.starts_with("各党支部要高度重视本次主题学习活动，"));
    assert!(s.body.ends_with("提升主题学习时效、及时报送学习情况。"));
    assert!(
        section(&d, &["一", "（二）", "1"])
            .body
            .starts_with("7月26日至27日，")
    );
    assert!(section(&d, &["一", "（二）"]).body.is_empty());
}

#[test]
fn sections_one_and_three_ask_for_reports_and_two_does_not() {
    let d = founding();
    let study = "要注重结合学科优势、行业特点和工作实际，积极拓宽学习渠道、创新学习方法，充分利用信息化平台和网络学习载体丰富学习路径形式、营造浓厚学习氛围、提升主题学习时效、及时报送学习情况。";
    let safety = "要按照工作安排，认真开展好网络安全自查整改，及时报送有关信息，确保网络信息安全。";
    assert_eq!(section(&d, &["一"]).actions, strings(&[study]));
    assert_eq!(
        section(&d, &["一", "（三）", "1"]).actions,
        strings(&[study])
    );
    assert!(section(&d, &["一", "（三）", "2"]).actions.is_empty());
    assert!(section(&d, &["二"]).actions.is_empty());
    assert_eq!(section(&d, &["三"]).actions, strings(&[safety]));
    assert_eq!(d.actions, strings(&[study, safety]));
    assert!(d.report_required);
}

#[test]
fn the_only_deadline_is_an_event_without_a_date() {
    let d = founding();
    assert_eq!(
        deadlines(&d),
        vec![(
            None,
            "于党的二十大胜利召开前".to_owned(),
            Some("一".to_owned())
        )]
    );
    assert_eq!(
        d.deadlines[0].text,
        "经研究决定，于党的二十大胜利召开前，在全市科技社团党组织中开展“喜迎二十大、奋进新征程”主题学习活动。"
    );
}

#[test]
fn it_has_no_attachments_or_contacts() {
    let d = founding();
    assert!(d.attachments.is_empty());
    assert!(d.contacts.is_empty());
}

#[test]
fn the_whole_draft_matches_its_snapshot() {
    helpers::assert_snapshot("founding_notice", &founding());
}

#[test]
fn the_json_has_the_agreed_shape() {
    let v = serde_json::to_value(founding()).unwrap();
    assert_eq!(v["doc_number"]["prefix"], "渝科协社党发");
    assert_eq!(v["doc_number"]["year"], 2022);
    assert_eq!(v["doc_number"]["serial"], 28);
    assert_eq!(v["date"], "2022-08-05");
    assert_eq!(v["deadlines"][0]["date"], serde_json::Value::Null);
    assert_eq!(v["sections"][0]["number"], "一");
    assert_eq!(
        v["sections"][0]["children"][1]["children"][0]["number"],
        "1"
    );
    for key in [
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
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["number", "title", "body", "children", "actions"] {
        assert!(
            v["sections"][0].get(key).is_some(),
            "missing section key {key}"
        );
    }
}

#[test]
fn the_readable_form_shows_the_outline() {
    let text = founding().to_readable();
    for line in [
        "发文字号：渝科协社党发〔2022〕28号（机关代字 渝科协社党发，年份 2022，序号 28）",
        "主送机关：各党支部",
        "成文日期：2022年8月5日",
        "需要报送：是",
        "  一、认真开展主题学习活动",
        "    （一）强化政治意识，提高思想认识",
        "      1. 及时学习习近平总书记 7.26 重要讲话",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in\n{text}"
        );
    }
}

#[test]
fn the_same_notice_as_plain_text_with_crlf_gives_the_same_draft() {
    let markdown = data("founding_notice.md");
    let plain: String = markdown
        .lines()
        .map(|l| l.trim_start_matches('#').trim_start().replace("**", ""))
        .collect::<Vec<_>>()
        .join("\r\n");
    assert_eq!(gongwen::parse_text(&plain), founding());
}
