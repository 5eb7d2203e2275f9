//! The structured draft a notice parses into, and its JSON shape.
//!
//! Keys beyond the agreed shape (`signature`, `preamble`, `level`, `title_punct`, `run_in`,
//! `phrase`, `section`, `actions` at the top) carry extra detail; they default when absent,
//! so JSON of the bare shape deserialises too.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::doc_number::DocNumber;

/// 通知 draft: everything a notice says that the platform can act on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeDraft {
    /// 发文机关: the issuing organ from the header, or the signature when there is no header.
    pub issuer: Option<String>,
    /// 发文机关署名: the signature above the date, when present (it may abbreviate the header).
    #[serde(default)]
    pub signature: Option<String>,
    /// 发文字号.
    pub doc_number: Option<DocNumber>,
    /// 标题, with Markdown and OCR spaces removed.
    pub title: Option<String>,
    /// 主送机关, one entry per organ.
    pub recipients: Vec<String>,
    /// 成文日期.
    pub date: Option<Date>,
    /// Body paragraphs before the first heading, separated by `\n`.
    #[serde(default)]
    pub preamble: String,
    /// The heading tree.
    pub sections: Vec<Section>,
    /// 附件说明: attachment names, without their numbers.
    pub attachments: Vec<String>,
    /// 联系人 lines, one entry per line.
    pub contacts: Vec<String>,
    /// 时限: every deadline in document order.
    pub deadlines: Vec<Deadline>,
    /// Every sentence asking recipients to send something back, in document order.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Whether any sentence asks for a report (报送).
    pub report_required: bool,
}

/// A numbered part of the body and the parts under it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The normalised number: `一`, `（一）`, `1`, `（1）` or `①` (see `headings`).
    pub number: String,
    /// The numbering style's rank: 1 for 一、 down to 5 for ①.
    #[serde(default)]
    pub level: u8,
    /// The heading text without its number and final punctuation.
    pub title: String,
    /// The punctuation the source put after `title` (`。`, `：`, `；`), empty when none. A
    /// run-in heading is shown as `number + title + title_punct + body`
    /// (`（一）加强组织引导。各党支部要…`); omitted from JSON when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_punct: String,
    /// The heading ran into its body (`1.坚持示范引领学，加强组织引导。各党支部要…`).
    #[serde(default)]
    pub run_in: bool,
    /// Body paragraphs separated by `\n`.
    pub body: String,
    pub children: Vec<Section>,
    /// Report requests in this section and all sections under it, so any section can become
    /// a task with a report.
    pub actions: Vec<String>,
}

/// 时限: a deadline and the sentence it came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// `None` when the text names an event (于党的二十大胜利召开前) or a recurring day (每月5日前).
    pub date: Option<Date>,
    /// The whole sentence.
    pub text: String,
    /// The words that set the deadline (于5月10日前).
    #[serde(default)]
    pub phrase: String,
    /// Path of section numbers, e.g. `一/（三）/1`; `None` in the preamble.
    #[serde(default)]
    pub section: Option<String>,
}

impl Section {
    /// Sections in document order, each with its path of numbers (`一/（三）/1`).
    pub fn walk<'a>(sections: &'a [Section], mut visit: impl FnMut(&'a Section, &str)) {
        fn go<'a>(s: &'a Section, path: &mut String, visit: &mut dyn FnMut(&'a Section, &str)) {
            let len = path.len();
            if len > 0 {
                path.push('/');
            }
            path.push_str(&s.number);
            visit(s, path);
            for child in &s.children {
                go(child, path, visit);
            }
            path.truncate(len);
        }
        let mut path = String::new();
        for s in sections {
            go(s, &mut path, &mut visit);
        }
    }
}
