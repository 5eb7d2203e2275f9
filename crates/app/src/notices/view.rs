//! A notice's structure as pages show it: the outline of headings with deadlines and report
//! requests (for checking a parse), and the body as headed paragraphs (for reading).

use gongwen::{NoticeDraft, Section};

/// "一" → "一、", "1" → "1.", the bracketed forms as they are.
pub fn heading_number(s: &Section) -> String {
    match s.level {
        1 => format!("{}、", s.number),
        3 => format!("{}.", s.number),
        _ => s.number.clone(),
    }
}

pub struct OutlineRow {
    pub level: u8,
    pub number: String,
    pub title: String,
}

pub struct Outline {
    pub sections: Vec<OutlineRow>,
    /// (date or empty, sentence)
    pub deadlines: Vec<(String, String)>,
    pub actions: Vec<String>,
    pub attachments: Vec<String>,
    pub contacts: Vec<String>,
    pub report_required: bool,
}

fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
    for s in sections {
        out.push(s);
        walk(&s.children, out);
    }
}

fn flat(draft: &NoticeDraft) -> Vec<&Section> {
    let mut all = Vec::new();
    walk(&draft.sections, &mut all);
    all
}

pub fn outline(draft: &NoticeDraft) -> Outline {
    Outline {
        sections: flat(draft)
            .into_iter()
            .map(|s| OutlineRow {
                level: s.level.clamp(1, 5),
                number: heading_number(s),
                title: s.title.clone(),
            })
            .collect(),
        deadlines: draft
            .deadlines
            .iter()
            .map(|d| {
                (
                    d.date.map(|d| d.to_string()).unwrap_or_default(),
                    d.text.clone(),
                )
            })
            .collect(),
        actions: draft.actions.clone(),
        attachments: draft.attachments.clone(),
        contacts: draft.contacts.clone(),
        report_required: draft.report_required,
    }
}

pub struct Block {
    pub level: u8,
    pub number: String,
    pub title: String,
    /// What follows a run-in heading's title before its text (its 。 or ：).
    pub title_punct: String,
    pub run_in: bool,
    pub paragraphs: Vec<String>,
}

/// The punctuation a run-in heading's title ends with: as the source wrote it, else a full
/// stop unless the title already ends with one (drafts parsed before the parser kept it).
pub fn run_in_stop(s: &gongwen::Section) -> &str {
    if !s.title_punct.is_empty() {
        &s.title_punct
    } else if s.title.ends_with(['。', '！', '？', '；', '：']) {
        ""
    } else {
        "。"
    }
}

pub struct Body {
    /// "各党支部："
    pub recipients: String,
    pub preamble: Vec<String>,
    pub blocks: Vec<Block>,
    pub attachments: Vec<String>,
    pub signature: String,
    /// 2022年8月5日
    pub date: String,
    pub contacts: Vec<String>,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn body(draft: &NoticeDraft) -> Body {
    Body {
        recipients: if draft.recipients.is_empty() {
            String::new()
        } else {
            format!("{}：", draft.recipients.join("、"))
        },
        preamble: paragraphs(&draft.preamble),
        blocks: flat(draft)
            .into_iter()
            .map(|s| Block {
                level: s.level.clamp(1, 5),
                number: heading_number(s),
                title: s.title.clone(),
                title_punct: if s.run_in {
                    run_in_stop(s).to_owned()
                } else {
                    String::new()
                },
                run_in: s.run_in,
                paragraphs: paragraphs(&s.body),
            })
            .collect(),
        attachments: draft.attachments.clone(),
        signature: draft
            .signature
            .clone()
            .or_else(|| draft.issuer.clone())
            .unwrap_or_default(),
        date: draft
            .date
            .map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day()))
            .unwrap_or_default(),
        contacts: draft.contacts.clone(),
    }
}
