//! A campaign made from a notice's study section: theme, period, text and materials pre-filled
//! from what the 公文 parser recognised, every value shown to be edited before it is saved.

use super::materials::MaterialInput;
use crate::authz::{self, Object};
use crate::error::Result;
use crate::{Actor, App};
use domain::access::Action;
use domain::campaign::MaterialKind;
use gongwen::Section;
use gongwen::study::{campaign_theme, named_works, speech_in_heading};
use jiff::civil::Date;

/// A campaign as proposed from a notice.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub notice_id: i64,
    pub notice_title: String,
    /// The committee that issued the notice (it runs the campaign).
    pub org_id: i64,
    /// The section used (its index in document order) and every section to choose from.
    pub section: usize,
    pub sections: Vec<(usize, String)>,
    pub theme: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub description: String,
    pub materials: Vec<MaterialInput>,
}

/// The text of a section and everything under it, headings included.
fn section_text(s: &Section, out: &mut Vec<String>) {
    if !s.body.trim().is_empty() {
        out.push(s.body.trim().to_owned());
    }
    for child in &s.children {
        out.push(format!(
            "{}{}",
            crate::notices::view::heading_number(child),
            child.title
        ));
        section_text(child, out);
    }
}

/// Speeches named by headings and works named in 《》, in the order they appear.
fn materials_of(s: &Section, out: &mut Vec<MaterialInput>) {
    let mut push = |kind: MaterialKind, title: String| {
        if !out.iter().any(|m| m.title == title) {
            out.push(MaterialInput {
                kind,
                title,
                link: String::new(),
                chapters: Vec::new(),
            });
        }
    };
    if let Some(speech) = speech_in_heading(&s.title) {
        push(MaterialKind::Speech, speech);
    }
    for text in [&s.title, &s.body] {
        for work in named_works(text) {
            push(MaterialKind::guess(&work), work);
        }
    }
    for child in &s.children {
        materials_of(child, out);
    }
}

/// Proposes a campaign from section `section` of notice `notice_id` (in document order; by
/// default the first whose heading speaks of 学习).
pub async fn proposal(
    app: &App,
    actor: &Actor,
    notice_id: i64,
    section: Option<usize>,
) -> Result<Proposal> {
    let loaded = crate::notices::rules::load(app, actor, notice_id).await?;
    let notice = loaded.notice;
    authz::require(
        app,
        actor,
        Action::ManageCampaigns,
        &notice.org_path,
        Object {
            kind: "notice",
            id: notice.id,
            org_id: Some(notice.org_id),
        },
    )
    .await?;
    let (draft, _) = crate::notices::rules::draft_of(app, &notice, notice.revision).await?;
    let mut all: Vec<(&Section, String)> = Vec::new();
    Section::walk(&draft.sections, |s, path| all.push((s, path.to_owned())));
    let chosen = section
        .filter(|i| *i < all.len())
        .or_else(|| all.iter().position(|(s, _)| s.title.contains("学习")))
        .unwrap_or(0);
    let today = app.zone.civil_date(app.now());
    let starts_on = draft
        .date
        .and_then(|d| Date::new(d.year() as i16, d.month() as i8, d.day() as i8).ok())
        .unwrap_or(today);
    let mut text = Vec::new();
    let mut materials = Vec::new();
    let (theme, path) = match all.get(chosen) {
        Some((s, path)) => {
            text.push(format!(
                "{}{}",
                crate::notices::view::heading_number(s),
                s.title
            ));
            section_text(s, &mut text);
            materials_of(s, &mut materials);
            let joined = text.join("\n");
            let theme = campaign_theme(&joined)
                .or_else(|| campaign_theme(&notice.title))
                .unwrap_or_else(|| s.title.clone());
            (theme, Some(path.clone()))
        }
        None => (
            campaign_theme(&notice.title).unwrap_or_else(|| notice.title.clone()),
            None,
        ),
    };
    // The first dated deadline of the section, else of the notice, else two months on.
    let dated = |d: &&gongwen::Deadline| d.date.is_some();
    let in_section = |d: &&gongwen::Deadline| match (&path, &d.section) {
        (Some(p), Some(s)) => s == p || s.starts_with(&format!("{p}/")),
        _ => false,
    };
    let deadline = draft
        .deadlines
        .iter()
        .filter(dated)
        .find(in_section)
        .or_else(|| draft.deadlines.iter().find(dated))
        .and_then(|d| d.date)
        .and_then(|d| Date::new(d.year() as i16, d.month() as i8, d.day() as i8).ok())
        .filter(|d| *d >= starts_on);
    let ends_on = deadline.unwrap_or_else(|| {
        starts_on
            .checked_add(jiff::Span::new().days(60))
            .unwrap_or(starts_on)
    });
    let description: String = text.join("\n").chars().take(20_000).collect();
    Ok(Proposal {
        notice_id: notice.id,
        notice_title: notice.title.clone(),
        org_id: notice.org_id,
        section: chosen,
        sections: all
            .iter()
            .enumerate()
            .map(|(i, (s, _))| {
                (
                    i,
                    format!("{}{}", crate::notices::view::heading_number(s), s.title),
                )
            })
            .collect(),
        theme,
        starts_on,
        ends_on,
        description,
        materials,
    })
}
