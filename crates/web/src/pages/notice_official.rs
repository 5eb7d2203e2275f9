//! 红头文件版式: a notice in the GB/T 9704 layout, as a print-ready A4 page.
//!
//! The handler authorises (issuer or recipient, 404 otherwise), picks the revision, and turns
//! the stored `NoticeDraft` into a flat view model — the section tree becomes a list of
//! paragraphs with a level and a kind — so the template needs no recursion. The layout itself
//! lives in `static/official.css`.

use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use app::notices::rules::{self, Loaded};
use app::notices::view::heading_number;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::Locale;
use domain::notice::NoticeStatus;
use gongwen::{NoticeDraft, Section};
use serde::Deserialize;
use store::notices::{self, Notice};

/// How a body paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A plain paragraph, indented two characters.
    Paragraph,
    /// A heading on a line of its own: 一、 in 黑体, （一） in 楷体, 1. （1） ① in 仿宋.
    Heading,
    /// A heading that runs into its body: the lead sentence in bold, then the text.
    RunIn,
}

/// One paragraph of the 正文.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// 1 (一、) to 5 (①) for headings and run-in paragraphs; 0 for plain paragraphs.
    pub level: u8,
    /// The bold lead sentence of a run-in paragraph, number included.
    pub lead: String,
    pub text: String,
}

impl Block {
    /// The HTML heading element for a heading: 一、 is `h2` under the title's `h1`.
    pub fn tag(&self) -> u8 {
        self.level.clamp(1, 5) + 1
    }
}

/// 版记: who printed and sent the notice out, and when.
#[derive(Debug, Clone)]
pub struct Imprint {
    pub org: String,
    /// 2022年8月5日印发
    pub date: String,
}

/// The document as the layout sets it; everything here is the notice's own text.
#[derive(Debug, Clone)]
pub struct Document {
    /// 发文机关标志.
    pub issuer: String,
    /// A class sizing the header to fit the text block: `fit-10` … `fit-30`, `fit-wrap`.
    pub issuer_fit: String,
    /// 发文字号.
    pub doc_number: String,
    /// 标题, broken into lines that read well (上短下长).
    pub title_lines: Vec<String>,
    /// 主送机关, ending with a full-width colon.
    pub recipients: String,
    pub blocks: Vec<Block>,
    /// 附件说明: (number or empty when there is only one, name).
    pub attachments: Vec<(String, String)>,
    /// 发文机关署名.
    pub signature: String,
    /// 成文日期: 2022年8月5日.
    pub date: String,
    /// 附注: the 联系人 lines, in brackets under the date.
    pub note: String,
}

#[derive(Template)]
#[template(path = "notices/official.html")]
struct OfficialPage {
    t: T,
    /// The document's own words (附件, 印发, the 已撤回 stamp) are Chinese, as the document is,
    /// whatever the reader's language.
    doc: T,
    page_title: String,
    back: String,
    /// Screen and print notes above the header: withdrawn, draft, an older revision.
    banners: Vec<String>,
    withdrawn: bool,
    /// A link to the current revision when an older one is shown.
    current_link: Option<String>,
    d: Document,
    imprint: Option<Imprint>,
}

#[derive(Debug, Deserialize)]
pub struct RevisionQuery {
    revision: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Query(query): Query<RevisionQuery>,
) -> Result<Html<String>> {
    let loaded = rules::load(&state, &user, id).await?;
    let revision = visible_revision(&state, &loaded, query.revision).await?;
    let status = loaded.status();
    let n = loaded.notice;
    let (draft, _) = rules::draft_of(&state, &n, revision).await?;
    let d = document(&draft, &n);

    let mut banners = Vec::new();
    let withdrawn = status == NoticeStatus::Withdrawn;
    if withdrawn {
        let when = n
            .withdrawn_at
            .map(|w| state.zone.date_time(w, t.locale))
            .unwrap_or_default();
        banners.push(t.f(
            "official.withdrawn_banner",
            &[("when", &when), ("reason", &n.withdraw_reason)],
        ));
    }
    if status == NoticeStatus::Draft {
        banners.push(t.s("official.draft_banner").to_owned());
    }
    let mut current_link = None;
    if revision != n.revision {
        let (shown, current) = (revision.to_string(), n.revision.to_string());
        banners.push(t.f(
            "official.old_revision",
            &[("n", &shown), ("current", &current)],
        ));
        current_link = Some(format!("/notices/{}/official", n.id));
    }
    let doc = T::new(Locale::ZhCn);
    let imprint = match (status, n.published_at) {
        (NoticeStatus::Draft, _) | (_, None) => None,
        (_, Some(at)) => {
            let day = state.zone.today(at);
            let date = format!("{}年{}月{}日", day.year, day.month, day.day);
            Some(Imprint {
                org: n.org_name.clone(),
                date: doc.f("official.doc_printed", &[("date", &date)]),
            })
        }
    };
    let title = d.title_lines.concat();
    let page = OfficialPage {
        page_title: t.f("official.page_title", &[("title", &title)]),
        back: format!("/notices/{}", n.id),
        banners,
        withdrawn,
        current_link,
        imprint,
        d,
        t,
        doc,
    };
    Ok(Html(page.render()?))
}

/// The revision asked for, if the caller may see it: the issuer sees every revision, a
/// recipient the one that was current when the notice was published and those after it.
async fn visible_revision(state: &AppState, loaded: &Loaded, asked: Option<i64>) -> Result<i64> {
    let n = &loaded.notice;
    let Some(asked) = asked else {
        return Ok(n.revision);
    };
    if asked < 1 || asked > n.revision {
        return Err(Error::not_found());
    }
    if asked == n.revision || loaded.is_issuer() {
        return Ok(asked);
    }
    let published = n.published_at.ok_or_else(Error::not_found)?;
    // Superseded before publishing means the recipient never received it.
    let (_, _, next_created) = notices::revision(state.db.read(), n.id, asked + 1)
        .await?
        .ok_or_else(Error::not_found)?;
    if next_created <= published {
        return Err(Error::not_found());
    }
    Ok(asked)
}

/// The view model of a stored draft; the notice row fills in what the parse did not find.
pub fn document(draft: &NoticeDraft, notice: &Notice) -> Document {
    let issuer = nonempty(draft.issuer.as_deref())
        .unwrap_or(&notice.org_name)
        .to_owned();
    let title = nonempty(draft.title.as_deref()).unwrap_or(&notice.title);
    let doc_number = draft
        .doc_number
        .as_ref()
        .map(|d| d.text().to_owned())
        .unwrap_or_else(|| notice.doc_number.clone());
    let mut blocks: Vec<Block> = paragraphs(&draft.preamble).map(paragraph).collect();
    flatten(&draft.sections, &mut blocks);
    let many = draft.attachments.len() > 1;
    let attachments = draft
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                if many {
                    format!("{}.", i + 1)
                } else {
                    String::new()
                },
                a.clone(),
            )
        })
        .collect();
    let signature = nonempty(draft.signature.as_deref())
        .unwrap_or(&issuer)
        .to_owned();
    Document {
        issuer_fit: issuer_fit(&issuer),
        doc_number,
        title_lines: title_lines(title),
        recipients: if draft.recipients.is_empty() {
            String::new()
        } else {
            format!("{}：", draft.recipients.join("、"))
        },
        blocks,
        attachments,
        signature,
        issuer,
        date: draft.date.map(|d| d.to_chinese()).unwrap_or_default(),
        note: note(&draft.contacts),
    }
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty())
}

fn paragraph(text: &str) -> Block {
    Block {
        kind: Kind::Paragraph,
        level: 0,
        lead: String::new(),
        text: text.to_owned(),
    }
}

/// The section tree in document order: each heading, its body paragraphs, then its children.
fn flatten(sections: &[Section], out: &mut Vec<Block>) {
    for s in sections {
        let level = s.level.clamp(1, 5);
        let number = heading_number(s);
        let mut body = paragraphs(&s.body);
        if s.run_in {
            let stop = app::notices::view::run_in_stop(s);
            out.push(Block {
                kind: Kind::RunIn,
                level,
                lead: format!("{number}{}{stop}", s.title),
                text: body.next().unwrap_or_default().to_owned(),
            });
        } else {
            out.push(Block {
                kind: Kind::Heading,
                level,
                lead: String::new(),
                text: format!("{number}{}", s.title),
            });
        }
        out.extend(body.map(paragraph));
        flatten(&s.children, out);
    }
}

/// Contacts as a 附注: `（联系人：张三，电话：……）`.
fn note(contacts: &[String]) -> String {
    let lines: Vec<&str> = contacts
        .iter()
        .map(|c| {
            c.trim()
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')'])
                .trim()
        })
        .filter(|c| !c.is_empty())
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!("（{}）", lines.join("；"))
    }
}

/// The header is set as large as fits the text block: one class per length (see the CSS).
fn issuer_fit(issuer: &str) -> String {
    match issuer.chars().count() {
        n if n > 30 => "fit-wrap".to_owned(),
        n => format!("fit-{}", n.max(10)),
    }
}

/// Characters of 二号 (22 pt) in the 156 mm text block.
const TITLE_PER_LINE: usize = 20;

/// Breaks a title into lines that read well: before 关于 when the issuer's name leads the
/// title, otherwise into lines of near-equal length, shorter above (a trapezoid), never
/// starting a line with closing punctuation nor ending one with an opening bracket.
pub fn title_lines(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.trim().chars().collect();
    let len = chars.len();
    if len == 0 {
        return Vec::new();
    }
    if len <= TITLE_PER_LINE {
        return vec![chars.iter().collect()];
    }
    let lines = len.div_ceil(TITLE_PER_LINE);
    if lines == 2
        && let Some(at) = find(&chars, &['关', '于'])
        && (4..=TITLE_PER_LINE).contains(&at)
        && len - at <= TITLE_PER_LINE
    {
        return vec![chars[..at].iter().collect(), chars[at..].iter().collect()];
    }
    let mut breaks = Vec::with_capacity(lines - 1);
    let (base, extra) = (len / lines, len % lines);
    let mut at = 0;
    for i in 0..lines - 1 {
        // The last `extra` lines take one more character: short lines above.
        at += base + usize::from(i >= lines - extra);
        breaks.push(at);
    }
    let mut out = Vec::with_capacity(lines);
    let mut start = 0;
    for b in breaks {
        let b = nicer_break(&chars, b).max(start + 1);
        out.push(chars[start..b].iter().collect());
        start = b;
    }
    out.push(chars[start..].iter().collect());
    out
}

fn find(chars: &[char], needle: &[char]) -> Option<usize> {
    chars.windows(needle.len()).position(|w| w == needle)
}

/// Moves a break by a character or two so punctuation stays with its words.
fn nicer_break(chars: &[char], at: usize) -> usize {
    const CLOSERS: &[char] = &[
        '，', '。', '、', '；', '：', '！', '？', '）', '》', '”', '’', '〕', '」',
    ];
    const OPENERS: &[char] = &['（', '《', '“', '‘', '〔', '「'];
    let good = |b: usize| {
        b > 0 && b < chars.len() && !CLOSERS.contains(&chars[b]) && !OPENERS.contains(&chars[b - 1])
    };
    [at, at + 1, at - 1, at + 2, at.saturating_sub(2)]
        .into_iter()
        .find(|&b| good(b))
        .unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOUNDING: &str = include_str!("../../../app/demo/founding-notice.md");

    fn notice() -> Notice {
        Notice {
            id: 1,
            org_id: 1,
            org_name: "中共重庆市科学技术协会科技社团委员会".into(),
            org_path: "/1/".into(),
            status: domain::notice::NoticeStatus::Published,
            revision: 1,
            title: String::new(),
            doc_number: String::new(),
            created_at: domain::Timestamp(0),
            updated_at: domain::Timestamp(0),
            published_at: None,
            withdrawn_at: None,
            withdraw_reason: String::new(),
        }
    }

    #[test]
    fn the_founding_notice_reads_as_headings_and_run_in_paragraphs_in_order() {
        let d = document(&gongwen::parse_text(FOUNDING), &notice());
        assert_eq!(d.issuer, "中共重庆市科学技术协会科技社团委员会");
        assert_eq!(d.issuer_fit, "fit-18");
        assert_eq!(
            d.title_lines,
            ["中共重庆市科协科技社团委员会", "关于做好近期有关工作的通知"]
        );
        assert_eq!(d.recipients, "各党支部：");
        assert_eq!(d.signature, "中共重庆市科协科技社团委员会");
        assert_eq!(d.date, "2022年8月5日");
        let headings: Vec<&str> = d
            .blocks
            .iter()
            .filter(|b| b.kind == Kind::Heading)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(headings[0], "一、认真开展主题学习活动");
        assert_eq!(headings[1], "（一）强化政治意识，提高思想认识");
        assert_eq!(headings.last(), Some(&"三、扎实做好安全稳定工作"));
        let run_in: Vec<&Block> = d.blocks.iter().filter(|b| b.kind == Kind::RunIn).collect();
        assert_eq!(run_in.len(), 3);
        assert!(
            run_in[0].lead.ends_with("坚持示范引领学，加强组织引导。"),
            "{}",
            run_in[0].lead
        );
        assert!(run_in[0].text.starts_with("各党支部要高度重视"));
        assert_eq!(d.blocks[0].kind, Kind::Paragraph);
        assert!(d.blocks[0].text.starts_with("即将召开的党的二十大"));
    }

    #[test]
    fn a_long_title_breaks_into_near_equal_lines_short_above() {
        let title = "关于在全市科技社团党组织中深入开展喜迎二十大奋进新征程主题学习活动和安全稳定工作的通知";
        let lines = title_lines(title);
        assert_eq!(lines.concat(), title);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() <= TITLE_PER_LINE));
        let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(counts.windows(2).all(|w| w[0] <= w[1] + 1), "{counts:?}");
        assert_eq!(
            title_lines("关于召开组织生活会的通知"),
            ["关于召开组织生活会的通知"]
        );
        assert!(title_lines("  ").is_empty());
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let title = "关于做好“喜迎二十大、奋进新征程”主题学习活动，以及网络安全自查整改工作的通知";
        for line in title_lines(title).iter().skip(1) {
            assert!(!line.starts_with(['，', '、', '”', '。']), "{line}");
        }
    }

    #[test]
    fn attachments_are_numbered_only_when_there_are_several_and_contacts_become_a_note() {
        let mut draft = gongwen::parse_text(
            "关于报送材料的通知\n各党支部：\n请报送。\n中共某某委员会\n2024年3月1日",
        );
        draft.attachments = vec!["报送表".into()];
        draft.contacts = vec!["联系人：张三，电话：023-12345678".into()];
        let d = document(&draft, &notice());
        assert_eq!(d.attachments, [(String::new(), "报送表".to_owned())]);
        assert_eq!(d.note, "（联系人：张三，电话：023-12345678）");
        draft.attachments.push("汇总表".into());
        let d = document(&draft, &notice());
        assert_eq!(d.attachments[1], ("2.".to_owned(), "汇总表".to_owned()));
    }

    #[test]
    fn the_header_is_sized_by_its_length() {
        assert_eq!(issuer_fit("中共某某委员会"), "fit-10");
        assert_eq!(issuer_fit(&"党".repeat(31)), "fit-wrap");
    }
}
