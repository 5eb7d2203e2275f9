//! The 版头 and the start of the 主体: issuing organ (发文机关标志), document number, title and
//! recipients (主送机关).
//!
//! Only the first few short lines are examined; the first line that reads like body text (a
//! sentence, a numbered heading) ends the header. Both orders of number and title are read:
//! GB/T 9704's (issuer, number, title, recipients) and that of notices copied from web pages
//! (issuer, title, number, recipients).

use crate::attachments;
use crate::contacts;
use crate::doc_number::DocNumber;
use crate::headings;
use crate::lines::Line;
use crate::recipients::{self, is_recipients};
use crate::text::{char_len, join_wrapped};

/// What the header holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub issuer: Option<String>,
    pub doc_number: Option<DocNumber>,
    pub title: Option<String>,
    pub recipients: Vec<String>,
    /// Index into the lines where the body begins.
    pub body_start: usize,
}

/// At most this many non-blank lines can belong to the header.
const WINDOW: usize = 15;
/// A title wraps over at most this many lines (GB/T 9704 sets it as a trapezoid).
const TITLE_LINES: usize = 4;

/// The document types a title ends with (文种).
const DOC_TYPES: [&str; 30] = [
    "通知",
    "通报",
    "意见",
    "决定",
    "方案",
    "办法",
    "规定",
    "细则",
    "要点",
    "计划",
    "请示",
    "报告",
    "批复",
    "函",
    "纪要",
    "公告",
    "通告",
    "决议",
    "命令",
    "议案",
    "公报",
    "倡议书",
    "倡议",
    "安排",
    "指引",
    "指南",
    "规则",
    "制度",
    "清单",
    "公函",
];

pub fn read(lines: &[Line]) -> Header {
    let (window, page_number) = header_window(lines);
    let texts: Vec<&str> = window.iter().map(|&i| lines[i].text.as_str()).collect();
    let mut header = Header::default();

    let number_at = (0..texts.len()).find_map(|p| number_line(texts[p]).map(|n| (p, n)));
    let number_line_at = number_at.as_ref().map(|&(p, _)| p);
    let title_start = match number_at {
        Some((p, number)) => {
            header.doc_number = Some(number);
            Some((p, p + 1))
        }
        None => (0..texts.len())
            .find(|&p| texts[p].contains("关于") || ends_with_doc_type(texts[p]))
            .filter(|&p| !is_recipients(texts[p]))
            .map(|p| (p, p)),
    };
    let (issuer_end, title_start) = match title_start {
        Some(found) => found,
        None => match (0..texts.len()).find(|&p| is_recipients(texts[p])) {
            // No title marker: the line before the recipients is the title.
            Some(r) if r > 0 => (r - 1, r - 1),
            Some(_) => (0, 0),
            None => return header,
        },
    };
    let (title, title_end) = title_from(&texts, title_start);
    // Web copies put the title above the number (title, 文号, recipients): the lines after
    // the number then give no title, and the issuer, if any, stands above the title.
    let (issuer_end, title) = match number_line_at.filter(|_| title.is_empty()) {
        Some(p) => title_before(&texts, p).unwrap_or((issuer_end, title)),
        None => (issuer_end, title),
    };
    header.issuer = issuer(&texts[..issuer_end]);

    // The notice's own number in brackets after the title: `…的通知（岳办发〔2017〕2号）`.
    let title = match trailing_number(&title) {
        Some((rest, number)) => {
            header.doc_number.get_or_insert(number);
            rest
        }
        None => title,
    };
    header.title = (!title.is_empty()).then_some(title);
    if header.doc_number.is_none() {
        header.doc_number = page_number;
    }

    let mut consumed = title_end;
    if let Some((recipients, r)) = recipients::after(&texts, title_end) {
        header.recipients = recipients;
        consumed = r + 1;
    }
    header.body_start = consumed.checked_sub(1).map_or(0, |last| window[last] + 1);
    header
}

/// The indexes of the lines that may belong to the header (up to the first body-like line,
/// page marks and labels left out), and a 发文字号 given only in a web page's metadata
/// (`发文字号：阿行发〔2021〕42号`).
fn header_window(lines: &[Line]) -> (Vec<usize>, Option<DocNumber>) {
    let mut window = Vec::new();
    let mut page_number = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if let Some(fields) = page_metadata(&line.text) {
            if page_number.is_none() {
                page_number = fields
                    .iter()
                    .find(|(key, _)| NUMBER_KEYS.contains(&key.as_str()))
                    .and_then(|(_, value)| DocNumber::find(value));
            }
            continue;
        }
        if window.len() == WINDOW || is_body_like(&line.text) {
            break;
        }
        if !is_mark(&line.text) && !is_page_label(&line.text) {
            window.push(i);
        }
    }
    (window, page_number)
}

/// The title starting at `start`, its wrapped lines joined: up to the line ending with a
/// document type, else up to the recipients; and the index just past it.
fn title_from(texts: &[&str], start: usize) -> (String, usize) {
    let limit = texts.len().min(start + TITLE_LINES);
    let end = (start..limit)
        .find(|&p| ends_with_doc_type(texts[p]))
        .map(|p| p + 1)
        .or_else(|| (start..limit).find(|&p| is_recipients(texts[p])))
        .unwrap_or(limit.min(start + 1));
    let mut title = String::new();
    for text in &texts[start..end] {
        join_wrapped(&mut title, text);
    }
    (title, end)
}

/// The title above the document number at `number`: the lines just before it, from the
/// nearest with 关于 (a title wraps over at most `TITLE_LINES`), or else the one line before
/// when it ends with a document type; with the index of its first line.
fn title_before(texts: &[&str], number: usize) -> Option<(usize, String)> {
    let last = number.checked_sub(1)?;
    if !(ends_with_doc_type(texts[last]) || texts[last].contains("关于")) {
        return None;
    }
    let from = number.saturating_sub(TITLE_LINES);
    let start = (from..=last)
        .rev()
        .find(|&p| texts[p].contains("关于"))
        .unwrap_or(last);
    let mut title = String::new();
    for text in &texts[start..=last] {
        join_wrapped(&mut title, text);
    }
    Some((start, title))
}

/// Metadata keys whose value is the document number.
const NUMBER_KEYS: [&str; 3] = ["发文字号", "文号", "文件编号"];

/// Keys of the metadata a government or university web page shows around a notice
/// (信息公开 tables, bylines, breadcrumbs).
const PAGE_KEYS: [&str; 30] = [
    "索引号",
    "发文字号",
    "文号",
    "文件编号",
    "发文机构",
    "发布机构",
    "发文机关",
    "公文种类",
    "主题分类",
    "组配分类",
    "信息分类",
    "体裁分类",
    "生成日期",
    "发文日期",
    "成文日期",
    "发布日期",
    "发布时间",
    "更新时间",
    "生效时间",
    "废止时间",
    "有效性",
    "内容概述",
    "关键词",
    "信息来源",
    "来源",
    "名称",
    "标题",
    "作者",
    "发布者",
    "日期",
];

/// Words that only appear in a web page's furniture, never in a notice's header.
const PAGE_WORDS: [&str; 12] = [
    "浏览次数",
    "阅读次数",
    "访问次数",
    "点击次数",
    "浏览量",
    "当前位置",
    "您所在的位置",
    "您的位置",
    "视力保护色",
    "【关闭窗口】",
    "【打印】",
    "打印本页",
];

/// A line of web-page metadata (`发布日期：2016-06-13 阅读次数：`, `索引号：…`, `当前位置：首页 >
/// 通知公告`), with its `key：value` fields; `None` for any other line.
fn page_metadata(text: &str) -> Option<Vec<(String, String)>> {
    if text.contains('。') || char_len(text) > 200 {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let has_word = PAGE_WORDS.iter().any(|w| compact.contains(w));
    let fields = key_values(&compact);
    // The first key opens the line, or follows nothing but a date (`2009-08-14来源：…`).
    let keyed = fields.first().is_some_and(|(key, _)| {
        let at = compact.find(key.as_str()).unwrap_or(0);
        compact[..at]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | ':' | '.'))
    });
    (has_word || keyed).then_some(fields)
}

/// `key：value` pairs of a metadata line: a key is a known page key right before a colon.
fn key_values(compact: &str) -> Vec<(String, String)> {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (i, c) in compact.char_indices() {
        if !matches!(c, '：' | ':') {
            continue;
        }
        let before = &compact[..i];
        if let Some(key) = PAGE_KEYS.iter().find(|k| before.ends_with(*k)) {
            starts.push((i - key.len(), i + c.len_utf8()));
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &(key_start, value_start))| {
            let value_end = starts.get(n + 1).map_or(compact.len(), |next| next.0);
            let key = &compact[key_start..value_start];
            (
                key.trim_end_matches(['：', ':']).to_owned(),
                compact[value_start..value_end.max(value_start)].to_owned(),
            )
        })
        .collect()
}

/// A web page's section label standing where a title would (`通知公告`): nothing but
/// document types.
fn is_page_label(text: &str) -> bool {
    let mut t = text.trim();
    let mut types = 0;
    while let Some(d) = DOC_TYPES.iter().find(|d| t.ends_with(*d)) {
        t = &t[..t.len() - d.len()];
        types += 1;
    }
    types >= 2 && t.is_empty()
}

/// A title ending in its own bracketed number: the title without it, and the number.
fn trailing_number(title: &str) -> Option<(String, DocNumber)> {
    let inner = title.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let number = DocNumber::parse(inner[open..].trim_start_matches(['（', '(']).trim()).ok()?;
    let rest = inner[..open].trim_end();
    ends_with_doc_type(rest).then(|| (rest.to_owned(), number))
}

/// A line that is the document number (perhaps beside 签发人), not a title that cites one
/// (关于转发《…》（国办发〔2024〕5号）的通知).
fn number_line(text: &str) -> Option<DocNumber> {
    let (number, range) = DocNumber::find_with_range(text)?;
    let before = text[..range.start].trim();
    let after = text[range.end..].trim();
    let beside_signer = |s: &str| s.is_empty() || s.starts_with("签发人") || char_len(s) <= 4;
    (beside_signer(before) && beside_signer(after)).then_some(number)
}

/// Lines that end the header: sentences, numbered headings, long paragraphs, lists.
fn is_body_like(text: &str) -> bool {
    text.contains('。')
        || headings::starts_with_number(text)
        || text.len() > 360
        || attachments::list_start(text).is_some()
        || contacts::is_contact_line(text)
}

/// 份号, 密级 and 紧急程度 marks above the issuing organ.
fn is_mark(text: &str) -> bool {
    let marked = text.contains('★')
        || ["秘密", "机密", "绝密", "特急", "加急", "平急", "特提"]
            .iter()
            .any(|m| text.starts_with(m));
    (char_len(text) <= 12 && marked) || text.bytes().all(|b| b.is_ascii_digit())
}

/// The 发文机关标志: header lines without the `文件` suffix, joint issuers joined with `、`.
fn issuer(lines: &[&str]) -> Option<String> {
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l.trim().trim_end_matches("文件").trim())
        .filter(|l| !l.is_empty() && !l.starts_with("签发人"))
        .collect();
    (!names.is_empty()).then(|| names.join("、"))
}

/// Whether a title line ends with a document type, ignoring a trailing `（试行）`.
fn ends_with_doc_type(text: &str) -> bool {
    let mut t = text.trim();
    if t.ends_with(['）', ')'])
        && let Some(open) = t.rfind(['（', '('])
    {
        t = t[..open].trim_end();
    }
    DOC_TYPES.iter().any(|d| t.ends_with(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::clean;

    #[test]
    fn a_wrapped_title_is_joined_and_the_issuer_loses_its_suffix() {
        let h = read(&clean(
            "中共某某大学委员会文件\n\n某大党发（2023）36号\n\n中共某某大学委员会\n关于开展调研成果交流的\n通知\n\n各二级党组织：\n\n正文。",
        ));
        assert_eq!(h.issuer.as_deref(), Some("中共某某大学委员会"));
        assert_eq!(
            h.title.as_deref(),
            Some("中共某某大学委员会关于开展调研成果交流的通知")
        );
        assert_eq!(h.recipients, vec!["各二级党组织"]);
        assert_eq!(h.doc_number.unwrap().text(), "某大党发〔2023〕36号");
    }

    #[test]
    fn a_number_cited_in_the_title_is_not_the_notices_own() {
        let h = read(&clean(
            "关于转发《关于加强基层党建的意见》（国办发〔2024〕5号）的通知\n各党支部：",
        ));
        assert_eq!(h.doc_number, None);
        assert_eq!(
            h.title.as_deref(),
            Some("关于转发《关于加强基层党建的意见》（国办发〔2024〕5号）的通知")
        );
        let h = read(&clean(
            "渝科协发〔2024〕15号　　签发人：张三\n关于某事的通知",
        ));
        assert_eq!(h.doc_number.unwrap().serial(), 15);
    }

    #[test]
    fn a_notice_without_header_starts_its_body_at_once() {
        let h = read(&clean("请各支部于5月10日前报送。"));
        assert_eq!(h, Header::default());
    }

    #[test]
    fn a_title_without_number_is_found_by_its_doc_type() {
        let h = read(&clean(
            "关于召开组织生活会的通知\n各党支部：\n现将有关事项通知如下：",
        ));
        assert_eq!(h.issuer, None);
        assert_eq!(h.title.as_deref(), Some("关于召开组织生活会的通知"));
        assert_eq!(h.recipients, vec!["各党支部"]);
        assert_eq!(h.body_start, 2);
    }

    #[test]
    fn web_page_metadata_is_skipped_and_gives_the_number() {
        let h = read(&clean(
            "通知公告\n当前位置: 首页 > 通知公告 > 正文\n- 索引号:dqxs/2021-00016\n- 发文字号:阿行发〔2021〕42号\n\
             - 名 称:某署关于印发规则的通知\n某署关于印发规则的通知\n发布时间:2021-12-22 17:45 浏览次数:\n\
             2021-12-22来源:某署\n各县人民政府,行署各局、委:\n规则已经研究通过。",
        ));
        assert_eq!(h.issuer, None);
        assert_eq!(h.title.as_deref(), Some("某署关于印发规则的通知"));
        assert_eq!(h.doc_number.unwrap().text(), "阿行发〔2021〕42号");
        assert_eq!(h.recipients, vec!["各县人民政府", "行署各局", "委"]);
    }

    #[test]
    fn a_number_in_brackets_after_the_title_is_the_notices_own() {
        let h = read(&clean(
            "中共某市委办公室印发《实施意见》的通知(某办发〔2017〕2号)\n各县市区委:",
        ));
        assert_eq!(
            h.title.as_deref(),
            Some("中共某市委办公室印发《实施意见》的通知")
        );
        assert_eq!(h.doc_number.unwrap().text(), "某办发〔2017〕2号");
    }

    #[test]
    fn only_a_wrapped_list_joins_the_recipients_line() {
        let h = read(&clean("关于某事的通知\n某协〔200914\n各有关单位:\n正文。"));
        assert_eq!(h.recipients, vec!["各有关单位"]);
        let h = read(&clean("关于某事的通知\n各区县科协，\n各市级学会：\n正文。"));
        assert_eq!(h.recipients, vec!["各区县科协", "各市级学会"]);
    }
}
