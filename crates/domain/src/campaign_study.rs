//! A member's part in a study campaign: self-study entries (自学, or online study elsewhere
//! such as 学习强国) and written reflections (心得体会) with the branch's comments.

use crate::campaign::{CampaignProblem, MAX_STUDY_MINUTES};
use jiff::civil::Date;

/// Where the study happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudySource {
    /// On one's own, from the campaign's materials.
    SelfStudy,
    /// On an online platform (学习强国 …), with a link.
    Online,
}

impl StudySource {
    pub fn as_str(self) -> &'static str {
        match self {
            StudySource::SelfStudy => "self",
            StudySource::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<StudySource> {
        [StudySource::SelfStudy, StudySource::Online]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A self-study entry as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyInput {
    pub material_id: Option<i64>,
    pub chapter: Option<usize>,
    pub day: Date,
    pub minutes: u32,
    pub source: StudySource,
    pub link: String,
    pub note: String,
}

/// What the rule needs to know of the campaign.
#[derive(Debug, Clone, Copy)]
pub struct StudyFrame<'a> {
    pub starts_on: Date,
    pub ends_on: Date,
    pub today: Date,
    /// The campaign's materials that are not removed: id and number of chapters.
    pub materials: &'a [(i64, usize)],
}

/// A checked self-study entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyEntry {
    pub material_id: Option<i64>,
    pub chapter: Option<usize>,
    pub day: Date,
    pub minutes: u32,
    pub source: StudySource,
    pub link: String,
    pub note: String,
}

fn clean(field: &'static str, s: &str, max: usize) -> Result<String, CampaignProblem> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if s.chars().count() > max {
        return Err(CampaignProblem::TooLong { field, max });
    }
    Ok(s)
}

/// A link to study elsewhere: http(s) only, so nothing else is ever rendered as one.
pub fn check_link(link: &str) -> Result<String, CampaignProblem> {
    let link = clean("link", link, 500)?;
    if link.is_empty() {
        return Ok(link);
    }
    let lower = link.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !link.chars().any(char::is_whitespace) => Ok(link),
        _ => Err(CampaignProblem::LinkInvalid),
    }
}

/// Checks one entry: within the campaign's period and not after today, of a sensible length,
/// of one of the campaign's materials (and one of its chapters) — or, for online study, of no
/// particular material.
pub fn check_entry(
    input: StudyInput,
    frame: StudyFrame<'_>,
) -> Result<StudyEntry, CampaignProblem> {
    if input.day > frame.today {
        return Err(CampaignProblem::StudyInFuture);
    }
    if input.day < frame.starts_on || input.day > frame.ends_on {
        return Err(CampaignProblem::StudyOutsidePeriod);
    }
    if input.minutes == 0 || input.minutes > MAX_STUDY_MINUTES {
        return Err(CampaignProblem::MinutesInvalid);
    }
    let chapter = match input.material_id {
        Some(id) => {
            let Some((_, chapters)) = frame.materials.iter().find(|(m, _)| *m == id) else {
                return Err(CampaignProblem::UnknownMaterial);
            };
            match input.chapter {
                Some(c) if c >= *chapters => return Err(CampaignProblem::UnknownChapter),
                c => c,
            }
        }
        None if input.source == StudySource::Online => None,
        None => return Err(CampaignProblem::UnknownMaterial),
    };
    Ok(StudyEntry {
        material_id: input.material_id,
        chapter,
        day: input.day,
        minutes: input.minutes,
        source: input.source,
        link: check_link(&input.link)?,
        note: clean("note", &input.note, 500)?,
    })
}

/// A reflection's state: written (and so readable by the branch), or withdrawn by its writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReflectionState {
    Written,
    Withdrawn,
}

impl ReflectionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReflectionState::Written => "written",
            ReflectionState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ReflectionState> {
        [ReflectionState::Written, ReflectionState::Withdrawn]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The longest reflection, in characters.
pub const REFLECTION_MAX: usize = 20_000;
/// The longest comment on a reflection.
pub const COMMENT_MAX: usize = 2_000;

/// A reflection's title and text as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionText {
    pub title: String,
    pub body: String,
}

pub fn check_reflection(title: &str, body: &str) -> Result<ReflectionText, CampaignProblem> {
    let title = clean("title", title, 100)?;
    if title.is_empty() || crate::text::is_only_invisible(&title) {
        return Err(CampaignProblem::TitleRequired);
    }
    let body = clean("body", body, REFLECTION_MAX)?;
    if body.is_empty() || crate::text::is_only_invisible(&body) {
        return Err(CampaignProblem::BodyRequired);
    }
    Ok(ReflectionText { title, body })
}

pub fn check_comment(body: &str) -> Result<String, CampaignProblem> {
    let body = clean("body", body, COMMENT_MAX)?;
    if body.is_empty() || crate::text::is_only_invisible(&body) {
        return Err(CampaignProblem::BodyRequired);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn frame(materials: &[(i64, usize)]) -> StudyFrame<'_> {
        StudyFrame {
            starts_on: date(2022, 8, 5),
            ends_on: date(2022, 10, 15),
            today: date(2022, 9, 1),
            materials,
        }
    }

    fn input(material_id: Option<i64>, chapter: Option<usize>) -> StudyInput {
        StudyInput {
            material_id,
            chapter,
            day: date(2022, 8, 20),
            minutes: 40,
            source: StudySource::SelfStudy,
            link: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn an_entry_is_of_a_material_and_chapter_of_the_campaign_within_its_period() {
        let m = [(7, 3), (8, 0)];
        assert!(check_entry(input(Some(7), Some(2)), frame(&m)).is_ok());
        assert!(check_entry(input(Some(8), None), frame(&m)).is_ok());
        assert_eq!(
            check_entry(input(Some(7), Some(3)), frame(&m)),
            Err(CampaignProblem::UnknownChapter)
        );
        assert_eq!(
            check_entry(input(Some(9), None), frame(&m)),
            Err(CampaignProblem::UnknownMaterial)
        );
        assert_eq!(
            check_entry(input(None, None), frame(&m)),
            Err(CampaignProblem::UnknownMaterial)
        );
        let online = StudyInput {
            source: StudySource::Online,
            link: "https://www.xuexi.cn/".into(),
            ..input(None, None)
        };
        assert!(check_entry(online.clone(), frame(&m)).is_ok());
        let js = StudyInput {
            link: "javascript:alert(1)".into(),
            ..online.clone()
        };
        assert_eq!(
            check_entry(js, frame(&m)),
            Err(CampaignProblem::LinkInvalid)
        );
        let early = StudyInput {
            day: date(2022, 8, 4),
            ..input(Some(8), None)
        };
        assert_eq!(
            check_entry(early, frame(&m)),
            Err(CampaignProblem::StudyOutsidePeriod)
        );
        let future = StudyInput {
            day: date(2022, 9, 2),
            ..input(Some(8), None)
        };
        assert_eq!(
            check_entry(future, frame(&m)),
            Err(CampaignProblem::StudyInFuture)
        );
        let long = StudyInput {
            minutes: MAX_STUDY_MINUTES + 1,
            ..input(Some(8), None)
        };
        assert_eq!(
            check_entry(long, frame(&m)),
            Err(CampaignProblem::MinutesInvalid)
        );
    }

    #[test]
    fn reflections_and_comments_need_text() {
        assert!(check_reflection("学习体会", "正文").is_ok());
        assert_eq!(
            check_reflection(" ", "正文"),
            Err(CampaignProblem::TitleRequired)
        );
        assert_eq!(
            check_reflection("题", "\u{200B}"),
            Err(CampaignProblem::BodyRequired)
        );
        assert_eq!(check_comment(""), Err(CampaignProblem::BodyRequired));
        let long = "字".repeat(COMMENT_MAX + 1);
        assert!(matches!(
            check_comment(&long),
            Err(CampaignProblem::TooLong { .. })
        ));
    }
}
