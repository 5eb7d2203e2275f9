//! Meeting minutes (会议记录) as people type them — Markdown-style headings, lists, bold,
//! paragraphs — shown as HTML that can never carry HTML of its own.
//!
//! The minutes are typed by members into a textarea and shown to the whole branch, so the
//! text is untrusted: HTML in it is shown as the characters typed, links only go to the web
//! or to mail, and images never load (a remote image would tell its server who read the
//! minutes, and when). Headings start at `<h3>` because the page already has its `<h1>` and
//! `<h2>`. People type minutes line by line, so a single line break stays a line break.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// The minutes as HTML, safe to put into a page unescaped.
pub fn minutes_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, Sanitised::new(parser(text)));
    out
}

/// The minutes without markup, for spreadsheets and previews: one line per paragraph, heading
/// or list item, items keeping their `-` or number so the list still reads as one.
pub fn plain(text: &str) -> String {
    let mut out = Lines::default();
    // For each open list, the number of its next item (`None` for a bulleted list).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut cells_in_row = 0;
    for event in parser(text) {
        match event {
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                let marker = match lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    _ => "- ".to_string(),
                };
                out.begin_line(&format!("{indent}{marker}"));
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                out.begin_line("");
                cells_in_row = 0;
            }
            Event::Start(Tag::TableCell) => {
                if cells_in_row > 0 {
                    out.write(" | ");
                }
                cells_in_row += 1;
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_))
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableHead
                | TagEnd::TableRow,
            )
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule => out.end_line(),
            // HTML typed into the minutes is text the person typed, like any other; a block
            // of it comes a line at a time.
            Event::Html(t) => {
                out.write(t.trim_end_matches(['\r', '\n']));
                out.end_line();
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => out.write(&t),
            _ => {}
        }
    }
    out.text.trim_end().to_string()
}

/// Plain text built a line at a time.
#[derive(Default)]
struct Lines {
    text: String,
    /// Where the current line's content starts, after any list marker.
    content_from: usize,
}

impl Lines {
    fn write(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Ends the current line if anything was written on it; blocks never leave blank lines.
    fn end_line(&mut self) {
        if self.text.len() > self.content_from {
            self.text.push('\n');
            self.content_from = self.text.len();
        }
    }

    /// Starts a fresh line with `prefix`, even after a line holding only a marker (an empty
    /// list item).
    fn begin_line(&mut self, prefix: &str) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(prefix);
        self.content_from = self.text.len();
    }
}

/// The parser both functions share. Tables, because minutes list attendance and votes;
/// no strikethrough, because Chinese text writes ranges with a tilde (`9:00~11:00，
/// 14:00~16:00`) and those would be struck out.
fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_TABLES)
}

/// The parser's events with everything that could reach beyond the text taken out.
struct Sanitised<'a, I> {
    events: I,
    /// Whether each open link was kept, so its end is kept or dropped with it.
    links: Vec<bool>,
    /// Lines of the current HTML block already written, to put breaks between them.
    html_lines: usize,
    pending: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Sanitised<'a, I> {
    fn new(events: I) -> Self {
        Sanitised {
            events,
            links: Vec::new(),
            html_lines: 0,
            pending: None,
        }
    }

    /// The event to write in place of `event`, or `None` to write nothing.
    fn rewrite(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        Some(match event {
            // An HTML block becomes a paragraph of its lines as text.
            Event::Start(Tag::HtmlBlock) => {
                self.html_lines = 0;
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Html(html) => {
                let line = trim_line_end(html);
                self.html_lines += 1;
                if self.html_lines > 1 {
                    // A break first, then this line: one event now, one next.
                    self.pending = Some(Event::Text(line));
                    Event::HardBreak
                } else {
                    Event::Text(line)
                }
            }
            Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kept = link_type == LinkType::Email || allowed_destination(&dest_url);
                self.links.push(kept);
                if !kept {
                    return None;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => match self.links.pop() {
                Some(true) => Event::End(TagEnd::Link),
                _ => return None,
            },
            // Without its tags an image is the alt text between them, written as plain text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => return None,
            Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                level: below_page_title(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(below_page_title(level)))
            }
            Event::SoftBreak => Event::HardBreak,
            other => other,
        })
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Sanitised<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        loop {
            let event = self.events.next()?;
            if let Some(rewritten) = self.rewrite(event) {
                return Some(rewritten);
            }
        }
    }
}

/// A line of an HTML block without its line break (the breaks are written as `<br>`).
fn trim_line_end(line: CowStr<'_>) -> CowStr<'_> {
    match line {
        CowStr::Borrowed(s) => CowStr::Borrowed(s.trim_end_matches(['\r', '\n'])),
        other => CowStr::from(other.trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// Only the web and mail: `javascript:`, `data:` and `vbscript:` run or smuggle content, and a
/// relative link would point into zhibu itself with the reader's session.
fn allowed_destination(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// `#` is `<h3>`, `##` `<h4>`, and everything deeper `<h6>`: below the page's own titles.
fn below_page_title(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_is_shown_as_the_text_typed() {
        let html = minutes_html("<script>alert('x')</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert("), "{html}");
        let html = minutes_html("会上 <img src=x onerror=alert(1)> 发言");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn an_html_block_keeps_its_lines() {
        let html = minutes_html("<div>\n<b>一</b>\n</div>\n\n后文");
        assert_eq!(
            html,
            "<p>&lt;div&gt;<br />\n&lt;b&gt;一&lt;/b&gt;<br />\n&lt;/div&gt;</p>\n<p>后文</p>\n"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let html =
            minutes_html("[点我](javascript:alert(1)) [Data](data:text/html,x) [站内](/admin)");
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("点我") && html.contains("站内"), "{html}");
        let html = minutes_html(
            "[x]( JavaScript:alert(1)) [y](\u{1}https://a.example) [z](HTTPS://A.EXAMPLE)",
        );
        assert!(
            !html.contains("alert") && html.matches("<a ").count() == 1,
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="HTTPS://A.EXAMPLE">z</a>"#),
            "{html}"
        );
        let html = minutes_html("[文件](https://example.org/a?b=1&c=2) <mailto:a@b.cn> <x@y.cn>");
        assert!(
            html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2">文件</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="mailto:a@b.cn">"#), "{html}");
        assert!(html.contains(r#"<a href="mailto:x@y.cn">"#), "{html}");
    }

    #[test]
    fn an_image_is_its_alt_text() {
        let html = minutes_html("![合影](https://tracker.example/p.png) 见附件");
        assert_eq!(html, "<p>合影 见附件</p>\n");
        let linked = minutes_html("[![图](https://a.example/i.png)](https://a.example/)");
        assert_eq!(linked, "<p><a href=\"https://a.example/\">图</a></p>\n");
    }

    #[test]
    fn headings_sit_below_the_page_title() {
        assert_eq!(minutes_html("# 议程"), "<h3>议程</h3>\n");
        assert_eq!(minutes_html("## 决议"), "<h4>决议</h4>\n");
        assert_eq!(minutes_html("### 附"), "<h5>附</h5>\n");
        assert_eq!(minutes_html("##### 深"), "<h6>深</h6>\n");
        assert_eq!(minutes_html("###### 更深"), "<h6>更深</h6>\n");
    }

    #[test]
    fn lists_bold_and_line_breaks_render() {
        let html = minutes_html("出席：**7** 人\n缺席：1 人\n\n- 学习\n- 讨论\n\n1. 表决\n2. 通过");
        assert!(
            html.contains("<p>出席：<strong>7</strong> 人<br />\n缺席：1 人</p>"),
            "{html}"
        );
        assert!(
            html.contains("<ul>\n<li>学习</li>\n<li>讨论</li>\n</ul>"),
            "{html}"
        );
        assert!(
            html.contains("<ol>\n<li>表决</li>\n<li>通过</li>\n</ol>"),
            "{html}"
        );
    }

    #[test]
    fn tables_render_and_tildes_stay_tildes() {
        let html = minutes_html("| 姓名 | 表决 |\n|---|---|\n| 张三 | 同意 |");
        assert!(
            html.contains("<table>") && html.contains("<td>张三</td>"),
            "{html}"
        );
        let html = minutes_html("上午 9:00~11:00，下午 14:00~16:00");
        assert_eq!(html, "<p>上午 9:00~11:00，下午 14:00~16:00</p>\n");
    }

    #[test]
    fn plain_text_drops_the_markup() {
        let text = "# 议程\n\n出席 **7** 人，见[通知](https://a.example/n)\n缺席 1 人\n\n- 学习\n- 讨论\n  1. 甲\n  2. 乙\n\n![合影](x.png)";
        assert_eq!(
            plain(text),
            "议程\n出席 7 人，见通知\n缺席 1 人\n- 学习\n- 讨论\n  1. 甲\n  2. 乙\n合影"
        );
        assert_eq!(plain("<b>原样</b>"), "<b>原样</b>");
        assert_eq!(
            plain("| 姓名 | 表决 |\n|---|---|\n| 张三 | 同意 |"),
            "姓名 | 表决\n张三 | 同意"
        );
        assert_eq!(plain(""), "");
        assert_eq!(
            plain("- 甲\n\n  续\n- \n- 丙"),
            "- 甲\n续\n- \n- 丙",
            "loose and empty items"
        );
    }
}
