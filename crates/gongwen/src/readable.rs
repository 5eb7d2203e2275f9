//! A human-readable rendering of a draft for the CLI (`zhibu gongwen parse FILE`).
//!
//! Chinese labels, the heading tree indented with its numbers written the official way
//! (一、 （一） 1. （1） ①), each body shortened to its first words, and report requests and
//! deadlines listed where a reader acts on them.

use std::fmt::Write;

use crate::draft::{NoticeDraft, Section};

/// How many characters of a section body the outline shows.
const BODY_PREVIEW: usize = 60;

impl NoticeDraft {
    /// A multi-line summary of the draft.
    pub fn to_readable(&self) -> String {
        let mut out = String::new();
        let none = "（无）";
        let field = |out: &mut String, label: &str, value: Option<&str>| {
            let _ = writeln!(out, "{label}：{}", value.unwrap_or(none));
        };
        field(&mut out, "标题", self.title.as_deref());
        field(&mut out, "发文机关", self.issuer.as_deref());
        if self.signature.is_some() && self.signature != self.issuer {
            field(&mut out, "署名", self.signature.as_deref());
        }
        match &self.doc_number {
            Some(n) => {
                let _ = writeln!(
                    out,
                    "发文字号：{}（机关代字 {}，年份 {}，序号 {}）",
                    n.text(),
                    n.prefix(),
                    n.year(),
                    n.serial()
                );
            }
            None => field(&mut out, "发文字号", None),
        }
        let recipients = self.recipients.join("、");
        field(
            &mut out,
            "主送机关",
            (!recipients.is_empty()).then_some(&*recipients),
        );
        let date = self.date.map(|d| d.to_chinese());
        field(&mut out, "成文日期", date.as_deref());
        let report = if self.report_required { "是" } else { "否" };
        let _ = writeln!(out, "需要报送：{report}");

        if !self.preamble.is_empty() {
            let _ = writeln!(out, "\n导语：{}", preview(&self.preamble));
        }
        if !self.sections.is_empty() {
            out.push_str("\n正文结构：\n");
            for s in &self.sections {
                outline(&mut out, s, 1);
            }
        }
        if !self.deadlines.is_empty() {
            out.push_str("\n时限：\n");
            for d in &self.deadlines {
                let when = d
                    .date
                    .map_or_else(|| "无具体日期".to_owned(), |d| d.to_chinese());
                let place = d
                    .section
                    .as_deref()
                    .map(|s| format!("［{s}］"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  - {when}{place}（{}）：{}", d.phrase, d.text);
            }
        }
        list(&mut out, "附件", &self.attachments, true);
        list(&mut out, "联系方式", &self.contacts, false);
        out
    }
}

fn outline(out: &mut String, s: &Section, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(out, "{indent}{}{}", display_number(s), s.title);
    if !s.body.is_empty() {
        let _ = writeln!(out, "{indent}    {}", preview(&s.body));
    }
    // Requests are listed once, at the section whose own text holds them.
    for action in &s.actions {
        let in_child = s.children.iter().any(|c| c.actions.contains(action));
        if !in_child {
            let _ = writeln!(out, "{indent}    【报送】{action}");
        }
    }
    for child in &s.children {
        outline(out, child, depth + 1);
    }
}

/// The number as printed: 一、 （一） 1. （1） ①.
fn display_number(s: &Section) -> String {
    match s.level {
        1 => format!("{}、", s.number),
        3 => format!("{}. ", s.number),
        _ => s.number.clone(),
    }
}

fn list(out: &mut String, label: &str, items: &[String], numbered: bool) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{label}：");
    for (i, item) in items.iter().enumerate() {
        if numbered {
            let _ = writeln!(out, "  {}. {item}", i + 1);
        } else {
            let _ = writeln!(out, "  {item}");
        }
    }
}

/// The first words of a text on one line.
fn preview(text: &str) -> String {
    let flat: String = text.split('\n').collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(BODY_PREVIEW).collect();
    if chars.next().is_some() {
        format!("{head}……")
    } else {
        head
    }
}
