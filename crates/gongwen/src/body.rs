//! The body between the recipients line and the signature: classifies each line as heading,
//! paragraph, attachment or contact, and re-joins paragraphs that a page break split.

use crate::attachments;
use crate::contacts;
use crate::headings::{self, Heading};
use crate::lines::Line;
use crate::text::{ends_sentence, join_wrapped, sentences};

/// A unit of the body in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(String),
}

/// What the body holds besides its blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub attachments: Vec<String>,
    pub contacts: Vec<String>,
}

/// Closing formulas that carry no content of their own.
const CLOSINGS: [&str; 8] = [
    "特此通知",
    "特此通报",
    "特此函告",
    "特此函达",
    "特此报告",
    "特此公告",
    "此复",
    "现予印发",
];

/// Whether a line is a closing formula such as 特此通知。
pub fn is_closing(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '！', '.', ' ']);
    CLOSINGS.contains(&t)
}

/// Whether a line belongs to the 版记 (footer): 抄送 and 印发 lines.
pub fn is_footer(text: &str) -> bool {
    text.starts_with("抄送") && text.contains(['：', ':'])
        || text.ends_with("印发") && text.chars().any(|c| c.is_ascii_digit() || c == '年')
}

/// Assembles the body from its lines.
pub fn assemble(lines: &[Line]) -> Body {
    let mut assembly = Assembly::default();
    for line in lines.iter().filter(|l| !l.is_blank()) {
        assembly.take(line);
    }
    assembly.body
}

/// The body so far, and what the lines before have left open for the next one.
#[derive(Default)]
struct Assembly {
    body: Body,
    /// The paragraph a continuation line may still join, by index into `blocks`.
    open: Option<usize>,
    /// The number the next attachment item carries while an attachment list is open.
    attachment_next: Option<u32>,
    /// A heading whose number stood alone on its line takes the next line as its title.
    untitled: Option<usize>,
    /// A bare `附件：` label whose single, unnumbered item is on the next line.
    attachment_bare: bool,
}

impl Assembly {
    /// One non-blank line, in document order.
    fn take(&mut self, line: &Line) {
        let text = line.text.as_str();
        let bare = std::mem::take(&mut self.attachment_bare);
        if self.attachment_item(text, bare) {
            return;
        }
        if is_closing(text) || is_footer(text) {
            self.open = None;
            return;
        }
        if let Some(rest) = attachments::list_start(text) {
            let (items, next) = attachments::items(rest, 1);
            self.attachment_bare = items.is_empty();
            self.body.attachments.extend(items);
            self.attachment_next = Some(next);
            self.open = None;
            return;
        }
        if contacts::is_contact_line(text) {
            self.body.contacts.push(contacts::entry(text));
            self.open = None;
            return;
        }
        if let Some(heading) = headings::parse(line) {
            self.heading(heading);
            return;
        }
        if self.title_for_untitled(text) {
            return;
        }
        self.paragraph_line(line);
    }

    /// While an attachment list is open: the line is its next item (or, after a bare label,
    /// its single item). Any other line closes the list.
    fn attachment_item(&mut self, text: &str, bare: bool) -> bool {
        let Some(next) = self.attachment_next else {
            return false;
        };
        if attachments::numbered(text, next).is_some() {
            let (items, next) = attachments::items(text, next);
            self.body.attachments.extend(items);
            self.attachment_next = Some(next);
            return true;
        }
        self.attachment_next = None;
        if bare && attachments::is_single_item(text) {
            self.body.attachments.push(text.trim().to_owned());
            return true;
        }
        false
    }

    /// A heading; text after its title on the same line opens a paragraph.
    fn heading(&mut self, heading: Heading) {
        let rest = heading.rest.clone();
        self.untitled = heading.title.is_empty().then_some(self.body.blocks.len());
        self.body.blocks.push(Block::Heading(heading));
        self.open = None;
        if !rest.is_empty() {
            self.open = push_paragraph(&mut self.body, rest);
        }
    }

    /// The line after a heading that was only a number: its title (and any text after it).
    fn title_for_untitled(&mut self, text: &str) -> bool {
        let Some(i) = self.untitled.take() else {
            return false;
        };
        let Some(Block::Heading(h)) = self.body.blocks.get_mut(i) else {
            return false;
        };
        let (title, punct, rest) = headings::title_and_rest(text);
        h.title = title;
        h.punct = punct;
        if !rest.is_empty() {
            h.rest.clone_from(&rest);
            self.open = push_paragraph(&mut self.body, rest);
        }
        true
    }

    /// A line of text: it continues the open paragraph when that one was cut mid-sentence
    /// (neither is a table row), or else starts a new one.
    fn paragraph_line(&mut self, line: &Line) {
        let text = line.text.as_str();
        let continues = self
            .open
            .and_then(|i| match &self.body.blocks[i] {
                Block::Paragraph(p) => Some((i, p)),
                Block::Heading(_) => None,
            })
            .filter(|(_, p)| !line.md_heading && !ends_sentence(p) && !is_table_row(p))
            .filter(|_| !is_table_row(text))
            .map(|(i, _)| i);
        match continues {
            Some(i) => {
                if let Block::Paragraph(p) = &mut self.body.blocks[i] {
                    join_wrapped(p, text);
                }
            }
            None => self.open = push_paragraph(&mut self.body, text.to_owned()),
        }
        if line.md_heading {
            self.open = None;
        }
    }
}

/// Adds a paragraph, noting contact sentences inside it; returns its index as the open one.
fn push_paragraph(body: &mut Body, text: String) -> Option<usize> {
    for sentence in sentences(&text) {
        if contacts::is_contact_line(sentence) {
            body.contacts.push(contacts::entry(sentence));
        }
    }
    body.blocks.push(Block::Paragraph(text));
    Some(body.blocks.len() - 1)
}

fn is_table_row(text: &str) -> bool {
    text.starts_with('|')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::clean;

    fn paragraphs(input: &str) -> Vec<String> {
        assemble(&clean(input))
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p),
                Block::Heading(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_sentence_split_by_a_page_break_is_joined() {
        let p = paragraphs("党和国家事业\n\n— 2 —\n\n发展的目标任务。\n\n下一段。");
        assert_eq!(p, vec!["党和国家事业发展的目标任务。", "下一段。"]);
    }

    #[test]
    fn a_heading_is_never_continued() {
        let body = assemble(&clean("一、总体要求\n\n各单位要高度重视。"));
        assert_eq!(body.blocks.len(), 2);
    }

    #[test]
    fn a_run_in_body_can_be_continued() {
        let p = paragraphs("**1.坚持学习。**各党支部要切实肩负\n\n起使命任务。");
        assert_eq!(p, vec!["各党支部要切实肩负起使命任务。"]);
    }

    #[test]
    fn attachments_and_contacts_leave_the_body() {
        let body = assemble(&clean(
            "请按时报送。\n附件：1.汇总表\n    2.名册\n联系人：张三 电话：023-1234\n特此通知。",
        ));
        assert_eq!(body.attachments, vec!["汇总表", "名册"]);
        assert_eq!(body.contacts, vec!["联系人：张三 电话：023-1234"]);
        assert_eq!(body.blocks, vec![Block::Paragraph("请按时报送。".into())]);
    }

    #[test]
    fn a_bare_attachment_label_takes_the_next_line_as_its_item() {
        let body = assemble(&clean("附件:\n党员报到情况统计表\n单位: 联系人: 日期:\n|"));
        assert_eq!(body.attachments, vec!["党员报到情况统计表"]);
        let body = assemble(&clean("附件:\n1.汇总表\n2.名册"));
        assert_eq!(body.attachments, vec!["汇总表", "名册"]);
    }
}
