//! Report requests: sentences asking recipients to send something back (报送, 上报, 反馈,
//! 提交, 报市科协 …), so a section can become a task with a report.
//!
//! Words containing 报 that are not requests are left alone: 报告 as a noun (党的二十大报告),
//! 报道, 情报, 汇报 as a noun, 报名, 报纸. 报告 and 汇报 only count as verbs after 向 … or
//! 及时/立即/如实.

use crate::draft::Section;
use crate::text::{chars_start_with, sentences};

/// Verbs that always ask for something to be sent back.
const SEND_BACK: [&str; 24] = [
    "报送",
    "上报",
    "报备",
    "呈报",
    "报至",
    "报给",
    "填报",
    "反馈",
    "提交",
    "上交",
    "递交",
    "交至",
    "交到",
    "发送至",
    "发送到",
    "发至",
    "发到",
    "传至",
    "寄至",
    "寄送",
    "申报",
    "报回",
    "送交",
    "送至",
];

/// A level of government right after a bare 报 makes it "send to" (报市委组织部, 报区委).
const LEVELS: &str = "市省区县我本";

/// Receivers named shortly after a bare 报 (报联合党委办公室, 报上级主管部门).
const RECEIVERS: [&str; 10] = [
    "党委",
    "党组",
    "党工委",
    "组织部",
    "宣传部",
    "办公室",
    "机关",
    "科协",
    "上级",
    "主管",
];

/// How far after 报 (or 发送) a receiver (or 至) may be named.
const REACH: usize = 10;

/// Characters before a bare 报 that make it a noun (日报, 简报, 情报, 通报 …).
const NOUN_BEFORE: &str = "汇情日简通预举申回公电捷喜画海党学晚周月年快警谎瞒漏虚上呈";

/// Negations that cancel a request (无需报送, 未按时报送的单位).
const NEGATIONS: [&str; 7] = ["无需", "不需", "不必", "不用", "不再", "免于", "未"];

/// Whether a sentence asks recipients to send something back.
pub fn is_report_request(sentence: &str) -> bool {
    if !sentence.contains(['报', '馈', '交', '送', '至', '到']) {
        return false;
    }
    let chars: Vec<char> = sentence.chars().collect();
    (0..chars.len()).any(|i| request_at(&chars, i))
}

fn request_at(chars: &[char], i: usize) -> bool {
    let rest = &chars[i..];
    let negated = || {
        let before: String = chars[i.saturating_sub(3)..i].iter().collect();
        NEGATIONS.iter().any(|n| before.contains(n))
    };
    if let Some(word) = SEND_BACK.iter().find(|w| chars_start_with(rest, w)) {
        let outward = word.starts_with('发') && outward_before(chars, i);
        return !outward && !negated();
    }
    if chars_start_with(rest, "发送") && !outward_before(chars, i) {
        // 发送电子版至: the destination follows the object.
        return clause_ahead(chars, i + 2).any(|c| c == '至' || c == '到') && !negated();
    }
    if chars[i] != '报' {
        return false;
    }
    let before = i.checked_sub(1).map(|k| chars[k]);
    if chars_start_with(rest, "报告") {
        let promptly = before.is_some_and(|b| "时即速实".contains(b));
        return (promptly || after_xiang(chars, i)) && !negated();
    }
    if before == Some('汇') {
        // 向党委汇报 is a request; 听取汇报 is not.
        return after_xiang(chars, i - 1) && !negated();
    }
    if before.is_some_and(|b| NOUN_BEFORE.contains(b)) {
        return false;
    }
    let after = &rest[1..];
    let names_receiver = after.first().is_some_and(|&c| LEVELS.contains(c))
        || (0..after.len().min(REACH))
            .take_while(|&k| !is_clause_break(after[k]))
            .any(|k| RECEIVERS.iter().any(|r| chars_start_with(&after[k..], r)));
    names_receiver && !negated()
}

/// 印发, 转发, 下发 send the notice out, not a report back.
fn outward_before(chars: &[char], i: usize) -> bool {
    i.checked_sub(1)
        .is_some_and(|k| "印下转分抄颁".contains(chars[k]))
}

/// The characters ahead of `i` up to the end of the clause, at most `REACH` of them.
fn clause_ahead(chars: &[char], i: usize) -> impl Iterator<Item = char> + '_ {
    chars
        .iter()
        .skip(i)
        .take(REACH)
        .copied()
        .take_while(|&c| !is_clause_break(c))
}

fn is_clause_break(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | ',' | ';' | '！' | '？' | '!' | '?')
}

/// Whether 向 appears shortly before position `i` in the same clause (向上级报告).
fn after_xiang(chars: &[char], i: usize) -> bool {
    (i.saturating_sub(12)..i)
        .rev()
        .take_while(|&k| !is_clause_break(chars[k]))
        .any(|k| chars[k] == '向')
}

/// Report requests in a paragraph, in order.
pub fn in_text(text: &str) -> Vec<String> {
    sentences(text)
        .into_iter()
        .filter(|s| is_report_request(s))
        .map(str::to_owned)
        .collect()
}

/// Headings that name a topic rather than ask for anything (报送要求, 报送时间).
fn is_topic_title(title: &str) -> bool {
    [
        "要求", "方式", "时间", "安排", "内容", "事项", "说明", "程序", "范围", "对象", "地点",
        "形式", "渠道",
    ]
    .iter()
    .any(|w| title.ends_with(w))
}

/// The report requests of one section's own heading and body, not of its children.
pub fn own(section: &Section) -> Vec<String> {
    let mut out = Vec::new();
    if section.run_in || !is_topic_title(&section.title) {
        out.extend(in_text(&section.title));
    }
    out.extend(in_text(&section.body));
    out
}

/// Fills every section's `actions` with the requests of its whole subtree (deduplicated), and
/// returns the requests of all sections in document order.
pub fn annotate(sections: &mut [Section]) -> Vec<String> {
    let mut all = Vec::new();
    for s in sections {
        let mut actions = own(s);
        all.extend(actions.iter().cloned());
        let below = annotate(&mut s.children);
        all.extend(below.iter().cloned());
        actions.extend(below);
        dedup(&mut actions);
        s.actions = actions;
    }
    all
}

/// Removes repeated sentences, keeping the first of each.
pub fn dedup(items: &mut Vec<String>) {
    // Most sections hold no request or one; only long lists are worth a hash set.
    if items.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.retain(|s| seen.insert(s.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_send_back_are_recognised() {
        for s in [
            "要按照工作安排，认真开展好网络安全自查整改，及时报送有关信息，确保网络信息安全。",
            "请于4月15日前将汇总表报送至邮箱。",
            "各单位汇总后报市科协组织人事部。",
            "发现问题要及时报告。",
            "重大事项要向党委报告。",
            "请将意见反馈至办公室。",
            "请各支部向党委汇报学习情况。",
            "请将书面材料报联合党委办公室，同时发送电子版至a@b.cn。",
            "请按附件格式填报一季度主要指标数据。",
        ] {
            assert!(is_report_request(s), "{s}");
        }
    }

    #[test]
    fn words_that_only_contain_bao_are_not_requests() {
        for s in [
            "认真学习党的二十大报告精神。",
            "做好宣传报道工作。",
            "积极组织订阅党报党刊。",
            "听取支部书记工作汇报。",
            "请于4月15日前报名。",
            "现将方案印发至各党支部。",
            "未按时报送的单位，将在全市通报。",
            "逾期未报的，将予以通报。",
            "本次活动无需报送材料。",
            "加强情报信息工作。",
            "深刻阐明了未来一个时期党和国家事业发展的重大方针和行动纲领。",
        ] {
            assert!(!is_report_request(s), "{s}");
        }
    }

    #[test]
    fn handing_things_in_counts_as_a_report() {
        assert!(is_report_request(
            "各党支部要在21日前将所捐款捐物及时送交党务部。"
        ));
        assert!(is_report_request("作品实物一式7份送至市科学技术局。"));
    }
}
