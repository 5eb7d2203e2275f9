//! From a document to a notice: parse the text with `gongwen`, then let the person's
//! corrections of the header fields win over what the parser found.

use domain::Problem;
use gongwen::{DocNumber, NoticeDraft};
use serde::Deserialize;

/// Header fields as a person corrected them on the preview; empty means "as parsed".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HeaderFields {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub issuer: String,
    /// Recipients separated by 、 or new lines.
    #[serde(default)]
    pub recipients: String,
    /// YYYY-MM-DD or 2022年8月5日.
    #[serde(default)]
    pub date: String,
}

/// A header field that could not be taken as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderProblem {
    DocNumber,
    Date,
    Title,
    Empty,
    /// Longer than [`MAX_SOURCE`] characters (it has `chars`).
    TooLong {
        chars: usize,
    },
}

impl Problem for HeaderProblem {
    fn code(&self) -> &'static str {
        match self {
            HeaderProblem::DocNumber => "invalid_doc_number",
            HeaderProblem::Date => "invalid_date",
            HeaderProblem::Title => "title_required",
            HeaderProblem::Empty => "empty_notice",
            HeaderProblem::TooLong { .. } => "notice_too_long",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            HeaderProblem::DocNumber => "notice.problem.doc_number",
            HeaderProblem::Date => "notice.problem.date",
            HeaderProblem::Title => "notice.problem.title",
            HeaderProblem::Empty => "notice.problem.empty",
            HeaderProblem::TooLong { .. } => "notice.problem.too_long",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            HeaderProblem::TooLong { chars } => vec![
                ("chars", chars.to_string()),
                ("max", MAX_SOURCE.to_string()),
            ],
            _ => Vec::new(),
        }
    }
}

/// Largest notice text accepted (characters); real notices are a few thousand.
pub const MAX_SOURCE: usize = 200_000;

/// Parses `source` and applies the corrected header fields. A text longer than [`MAX_SOURCE`]
/// is refused whole rather than cut, so nothing the person pasted goes missing unnoticed.
pub fn compose(source: &str, fields: &HeaderFields) -> Result<NoticeDraft, HeaderProblem> {
    let chars = source.chars().count();
    if chars > MAX_SOURCE {
        return Err(HeaderProblem::TooLong { chars });
    }
    if source.trim().is_empty() {
        return Err(HeaderProblem::Empty);
    }
    let mut draft = gongwen::parse_text(source);
    let title = fields.title.trim();
    if !title.is_empty() {
        draft.title = Some(title.chars().take(200).collect());
    }
    let number = fields.doc_number.trim();
    if !number.is_empty() {
        draft.doc_number = Some(DocNumber::parse(number).map_err(|_| HeaderProblem::DocNumber)?);
    }
    let issuer = fields.issuer.trim();
    if !issuer.is_empty() {
        draft.issuer = Some(issuer.chars().take(100).collect());
    }
    let recipients: Vec<String> = fields
        .recipients
        .split(['、', '\n', ',', '，'])
        .map(|r| r.trim().trim_end_matches(['：', ':']).to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if !recipients.is_empty() {
        draft.recipients = recipients;
    }
    let date = fields.date.trim();
    if !date.is_empty() {
        let d = domain::member::PlainDate::parse(date).map_err(|_| HeaderProblem::Date)?;
        draft.date =
            Some(gongwen::Date::new(d.year as u32, d.month, d.day).ok_or(HeaderProblem::Date)?);
    }
    if draft.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(HeaderProblem::Title);
    }
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOUNDING: &str = include_str!("../../demo/founding-notice.md");

    #[test]
    fn the_founding_notice_composes_as_parsed() {
        let d = compose(FOUNDING, &HeaderFields::default()).unwrap();
        assert_eq!(d.doc_number.unwrap().text(), "渝科协社党发〔2022〕28号");
        assert_eq!(d.recipients, vec!["各党支部"]);
        assert!(d.report_required);
    }

    #[test]
    fn corrections_win_and_bad_ones_are_named() {
        let fields = HeaderFields {
            title: "关于做好近期有关工作的通知（修订）".into(),
            recipients: "各党支部、各学会".into(),
            date: "2022-08-06".into(),
            ..Default::default()
        };
        let d = compose(FOUNDING, &fields).unwrap();
        assert_eq!(
            d.title.as_deref(),
            Some("关于做好近期有关工作的通知（修订）")
        );
        assert_eq!(d.recipients, vec!["各党支部", "各学会"]);
        assert_eq!(d.date.unwrap().to_string(), "2022-08-06");
        let bad = HeaderFields {
            doc_number: "第28号".into(),
            ..Default::default()
        };
        assert_eq!(
            compose(FOUNDING, &bad).unwrap_err(),
            HeaderProblem::DocNumber
        );
        let bad = HeaderFields {
            date: "2022-02-30".into(),
            ..Default::default()
        };
        assert_eq!(compose(FOUNDING, &bad).unwrap_err(), HeaderProblem::Date);
        assert_eq!(
            compose("  ", &HeaderFields::default()).unwrap_err(),
            HeaderProblem::Empty
        );
    }
}
