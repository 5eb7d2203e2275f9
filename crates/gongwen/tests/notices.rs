//! Realistic notices of party committees, 科协 and government offices, each exercising a
//! different part of the parser, with their structure pinned.

mod helpers;

use gongwen::NoticeDraft;
use helpers::{assert_snapshot, data, data_bytes, deadlines, outline, section, strings};

fn parse(name: &str) -> NoticeDraft {
    gongwen::parse_text(&data(name))
}

fn date(d: &NoticeDraft) -> Option<String> {
    d.date.map(|d| d.to_string())
}

fn number(d: &NoticeDraft) -> Option<(String, String, u32, u32)> {
    d.doc_number.as_ref().map(|n| {
        (
            n.text().to_owned(),
            n.prefix().to_owned(),
            n.year(),
            n.serial(),
        )
    })
}

fn dl(
    date: Option<&str>,
    phrase: &str,
    section: Option<&str>,
) -> (Option<String>, String, Option<String>) {
    (
        date.map(str::to_owned),
        phrase.to_owned(),
        section.map(str::to_owned),
    )
}

/// 科协 notice in plain text: 〔〕 number, a title wrapped over two lines, long recipients with
/// parentheses, run-in （一） headings, explicit deadlines with and without a year, a two-line
/// attachment list whose items start with a year, a 联系人 line, and a 附注 after the date.
#[test]
fn a_kexie_activity_notice() {
    let d = parse("kexie_activity.txt");
    assert_eq!(d.issuer.as_deref(), Some("重庆市科学技术协会"));
    assert_eq!(d.signature.as_deref(), Some("重庆市科学技术协会"));
    assert_eq!(
        number(&d),
        Some(("渝科协发〔2024〕15号".into(), "渝科协发".into(), 2024, 15))
    );
    assert_eq!(
        d.title.as_deref(),
        Some("重庆市科学技术协会关于开展2024年全国科技工作者日系列活动的通知")
    );
    assert_eq!(
        d.recipients,
        strings(&[
            "各区县（自治县）科协",
            "两江新区",
            "西部科学城重庆高新区科协",
            "各市级学会（协会、研究会）",
            "各有关单位"
        ])
    );
    assert_eq!(date(&d).as_deref(), Some("2024-03-10"));
    assert!(
        d.preamble
            .starts_with("2024年5月30日是第八个全国科技工作者日。")
    );
    assert_eq!(
        outline(&d),
        strings(&[
            "一 活动主题",
            "二 活动时间",
            "三 主要活动",
            "三/（一） 开展科学家精神宣讲 *",
            "三/（二） 举办科技工作者座谈会 *",
            "三/（三） 做好关心关爱工作 *",
            "四 有关要求",
            "四/（一） 加强组织领导 *",
            "四/（二） 及时总结报送 *",
        ])
    );
    assert_eq!(section(&d, &["二"]).body, "2024年5月下旬至6月上旬。");
    assert_eq!(
        deadlines(&d),
        vec![
            dl(Some("2024-04-15"), "于2024年4月15日前", Some("四/（一）")),
            dl(Some("2024-06-20"), "于6月20日前", Some("四/（二）")),
        ]
    );
    // 宣传报道 is no report; the two 有关要求 are.
    assert!(section(&d, &["三"]).actions.is_empty());
    assert_eq!(section(&d, &["四"]).actions.len(), 3);
    assert!(d.report_required);
    assert_eq!(
        d.attachments,
        strings(&[
            "2024年全国科技工作者日活动方案（模板）",
            "2024年全国科技工作者日活动情况统计表"
        ])
    );
    assert_eq!(d.contacts, strings(&["联系人：张晓明，电话：023-63658841"]));
    assert_snapshot("kexie_activity", &d);
}

/// OCR Markdown: [] brackets, ASCII punctuation throughout, `#` levels that contradict the
/// numbering, bold run-in 1. items, (1) items ending in `;`, a page number and a page-break
/// comment splitting sentences, attachments on separate paragraphs.
#[test]
fn an_ocr_markdown_district_notice() {
    let d = parse("district_party_ocr.md");
    assert_eq!(d.issuer.as_deref(), Some("中共重庆市渝中区委组织部"));
    assert_eq!(
        number(&d),
        Some(("渝中组发〔2024〕9号".into(), "渝中组发".into(), 2024, 9))
    );
    assert_eq!(
        d.title.as_deref(),
        Some("中共重庆市渝中区委组织部关于开展2024年度党员组织关系集中排查工作的通知")
    );
    assert_eq!(
        d.recipients,
        strings(&["各街道党工委", "区级各部门党组(党委)", "各直属党组织"])
    );
    assert_eq!(date(&d).as_deref(), Some("2024-03-05"));
    assert_eq!(
        outline(&d),
        strings(&[
            "一 排查范围",
            "二 工作步骤",
            "二/（一） 自查摸底(2024年3月至4月)",
            "二/（一）/1 核对党员信息 *",
            "二/（一）/2 建立排查台账 *",
            "二/（二） 集中整改(2024年5月)",
            "二/（二）/（1） 对组织关系未转接的党员,督促其及时办理转接手续",
            "二/（二）/（2） 对失联党员,要通过多种方式查找联系,并于5月20日前形成书面情况说明",
            "二/（二）/（3） 对排查发现的其他问题,限期整改到位",
            "三 工作要求",
        ])
    );
    assert_eq!(
        section(&d, &["一"]).body,
        "全区各级党组织管理的全体党员,重点是流动党员、失联党员和组织关系长期不转接的党员。"
    );
    assert!(
        section(&d, &["三"])
            .body
            .contains("确保排查工作不走过场。排查结果")
    );
    assert_eq!(
        deadlines(&d),
        vec![
            dl(Some("2024-04-30"), "于4月30日前", Some("二/（一）/2")),
            dl(Some("2024-05-20"), "于5月20日前", Some("二/（二）/（2）")),
            dl(Some("2024-05-31"), "于2024年5月31日前", Some("三")),
        ]
    );
    assert_eq!(section(&d, &["二"]).actions.len(), 1);
    assert!(section(&d, &["二", "（二）"]).actions.is_empty());
    assert_eq!(
        section(&d, &["三"]).actions,
        strings(&["排查结果请于2024年5月31日前以正式文件报送区委组织部。"])
    );
    assert_eq!(
        d.attachments,
        strings(&["党员组织关系排查情况汇总表", "失联党员情况登记表"])
    );
    assert_eq!(
        d.contacts,
        strings(&["联系人:李娜;联系电话:63891234;邮箱:yzzzb@163.com"])
    );
    assert_snapshot("district_party_ocr", &d);
}

/// A street committee notice without document number: 1、 and （1） levels only, ASCII colons,
/// recurring (每月5日前) and month-end (4月底前) deadlines, contacts on two lines.
#[test]
fn a_street_committee_notice_without_number() {
    let d = parse("street_party_dues.txt");
    assert_eq!(
        d.issuer.as_deref(),
        Some("中共重庆市江北区观音桥街道工作委员会")
    );
    assert_eq!(d.doc_number, None);
    assert_eq!(d.title.as_deref(), Some("关于做好2024年党费收缴工作的通知"));
    assert_eq!(
        d.recipients,
        strings(&["各社区党委", "机关各党支部", "非公企业党组织"])
    );
    assert_eq!(date(&d).as_deref(), Some("2024-03-01"));
    assert_eq!(
        outline(&d),
        strings(&[
            "1 明确收缴标准",
            "1/（1） 在职党员以每月工资收入为基数，按规定比例按月交纳",
            "1/（2） 离退休党员以每月基本退休费为基数，按规定比例交纳",
            "2 规范收缴程序",
            "3 加强监督管理",
        ])
    );
    assert_eq!(
        deadlines(&d),
        vec![
            dl(None, "于每月5日前", Some("2")),
            dl(None, "于每月10日前", Some("2")),
            dl(Some("2024-04-30"), "在4月底前", Some("2")),
            dl(Some("2024-07-15"), "于7月15日前", Some("2")),
        ]
    );
    assert_eq!(
        section(&d, &["2"]).actions,
        strings(&["各党支部要于每月5日前收缴本支部党员当月党费，并于每月10日前上交街道党工委。"])
    );
    assert!(section(&d, &["1"]).actions.is_empty());
    assert!(section(&d, &["3"]).actions.is_empty());
    assert_eq!(
        d.contacts,
        strings(&["联系人：王芳", "联系电话：023-67851234"])
    );
    assert!(d.attachments.is_empty());
    assert_snapshot("street_party_dues", &d);
}

/// A December notice: ［］ brackets, 二〇二四年十二月二十日, a January deadline that falls in
/// the next year, 报告/报道/汇报 that are no requests next to 向…报告 that is, a 版记 whose
/// printing date is not the notice's date, and attachments appended after the date.
#[test]
fn a_year_end_society_notice() {
    let d = parse("society_year_end.txt");
    assert_eq!(d.issuer.as_deref(), Some("中共重庆市科协学会联合党委"));
    assert_eq!(
        number(&d),
        Some((
            "渝科协学党〔2024〕11号".into(),
            "渝科协学党".into(),
            2024,
            11
        ))
    );
    assert_eq!(
        d.title.as_deref(),
        Some("关于认真学习宣传贯彻党的二十届三中全会精神的通知")
    );
    assert_eq!(d.recipients, strings(&["各学会党支部"]));
    assert_eq!(date(&d).as_deref(), Some("2024-12-20"));
    assert_eq!(
        outline(&d),
        strings(&[
            "一 深入学习全会精神",
            "二 做好宣传报道",
            "三 推动成果转化",
            "三/（一） 开展专题研讨 *",
            "三/（二） 及时报告重要情况 *",
            "三/（三） 报送学习成效 *",
        ])
    );
    assert!(
        section(&d, &["一"]).actions.is_empty(),
        "二十大报告 and 汇报 are nouns"
    );
    assert!(
        section(&d, &["二"]).actions.is_empty(),
        "宣传报道 is no report"
    );
    assert!(section(&d, &["三", "（一）"]).actions.is_empty());
    assert_eq!(
        section(&d, &["三", "（二）"]).actions,
        strings(&[
            "及时报告重要情况",
            "学习中发现的重要情况和问题，要及时向联合党委报告。"
        ])
    );
    assert_eq!(section(&d, &["三", "（三）"]).actions.len(), 2);
    assert_eq!(
        deadlines(&d),
        vec![dl(Some("2025-01-10"), "于1月10日前", Some("三/（三）"))]
    );
    assert_eq!(d.attachments, strings(&["学习贯彻情况统计表"]));
    assert!(d.contacts.is_empty());
    assert_snapshot("society_year_end", &d);
}

/// A government office 函 read through `parse_file`: UTF-8 BOM, CRLF line ends, 份号 and 特急
/// marks, ASCII () around the year, ① items under （一）, a deadline with weekday and time,
/// 不晚于, a contact line with 传真, 特此函告, and 未按时报送 that is no request.
#[test]
fn a_government_office_letter_with_bom_and_crlf() {
    let bytes = data_bytes("gov_office_letter.txt");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));
    let d = gongwen::parse_file("gov_office_letter.txt", &bytes).unwrap();
    assert_eq!(d.issuer.as_deref(), Some("重庆市人民政府办公厅"));
    assert_eq!(
        number(&d),
        Some(("渝府办函〔2024〕45号".into(), "渝府办函".into(), 2024, 45))
    );
    assert_eq!(
        d.title.as_deref(),
        Some("重庆市人民政府办公厅关于报送2024年一季度重点工作推进情况的函")
    );
    assert_eq!(
        d.recipients,
        strings(&["各区县（自治县）人民政府", "市政府各部门", "有关单位"])
    );
    assert_eq!(date(&d).as_deref(), Some("2024-04-02"));
    assert_eq!(
        outline(&d),
        strings(&[
            "一 报送内容",
            "一/（一） 重点任务进展情况",
            "一/（一）/① 已完成的任务及取得的成效",
            "一/（一）/② 尚未完成的任务、存在的困难和问题",
            "一/（一）/③ 下一步工作打算",
            "一/（二） 有关数据",
            "二 报送时间和方式",
            "三 其他事项",
        ])
    );
    assert_eq!(section(&d, &["一", "（一）", "①"]).level, 5);
    assert_eq!(
        deadlines(&d),
        vec![
            dl(
                Some("2024-04-12"),
                "于2024年4月12日（星期五）12:00前",
                Some("二")
            ),
            dl(Some("2024-04-15"), "不晚于4月15日", Some("二")),
        ]
    );
    assert_eq!(section(&d, &["一"]).actions.len(), 1, "填报 in （二）");
    assert_eq!(section(&d, &["二"]).actions.len(), 2);
    assert!(
        section(&d, &["三"]).actions.is_empty(),
        "未按时报送的单位 is no request"
    );
    assert_eq!(d.attachments, strings(&["重点工作推进情况统计表"]));
    assert_eq!(
        d.contacts,
        strings(&["联系人：刘洋，电话：023-63855012；传真：023-63855013"])
    );
    assert_snapshot("gov_office_letter", &d);
}

/// A one-paragraph notice without headings, header issuer or number: the issuer comes from the
/// signature, the date is in Chinese numerals, the contact sits in parentheses after the date.
#[test]
fn a_short_notice_without_headings() {
    let d = parse("short_notice.txt");
    assert_eq!(
        d.issuer.as_deref(),
        Some("中共某某集团有限公司委员会组织部")
    );
    assert_eq!(d.signature, d.issuer);
    assert_eq!(d.doc_number, None);
    assert_eq!(
        d.title.as_deref(),
        Some("关于报送2024年上半年党员发展工作情况的通知")
    );
    assert_eq!(
        d.recipients,
        strings(&["各基层党委（党总支）", "各直属党支部"])
    );
    assert_eq!(date(&d).as_deref(), Some("2024-06-10"));
    assert!(d.sections.is_empty());
    assert!(
        d.preamble
            .ends_with("逾期未报的，将在年中党建工作会议上予以通报。")
    );
    assert_eq!(
        deadlines(&d),
        vec![dl(Some("2024-06-30"), "于6月30日17:00前", None)]
    );
    assert_eq!(d.actions.len(), 1);
    assert!(d.report_required);
    assert_eq!(d.contacts, strings(&["联系人：陈静，电话：0571-88886666"]));
    assert_snapshot("short_notice", &d);
}

/// Plain text and Markdown of the same notice agree (the parser has one path for both).
#[test]
fn markdown_markup_does_not_change_the_result() {
    let plain = parse("street_party_dues.txt");
    let marked = data("street_party_dues.txt")
        .replace("    1、", "### 1、")
        .replace("    （1）", "## **（1）**")
        .replace("关于做好", "## 关于做好");
    assert_eq!(gongwen::parse_text(&marked), plain);
}
