//! 主题学习活动 (issue 15 groundwork): a study campaign's period and materials, what it asks
//! of each branch, a member's self-study log, and 先学领学 — whether a branch's secretary and
//! committee members studied a material before the branch's first session on it.

use crate::Problem;
use jiff::civil::Date;

/// What a material is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaterialKind {
    /// 重要讲话
    Speech,
    /// A book, usually with chapters (篇目).
    Book,
    Article,
    /// A video, by its link.
    Video,
    /// An uploaded file.
    File,
}

impl MaterialKind {
    pub const ALL: [MaterialKind; 5] = [
        MaterialKind::Speech,
        MaterialKind::Book,
        MaterialKind::Article,
        MaterialKind::Video,
        MaterialKind::File,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MaterialKind::Speech => "speech",
            MaterialKind::Book => "book",
            MaterialKind::Article => "article",
            MaterialKind::Video => "video",
            MaterialKind::File => "file",
        }
    }

    pub fn parse(s: &str) -> Option<MaterialKind> {
        MaterialKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Guessed from a title named in 《》: 卷 / 纲要 / 选编 read as books, 讲话 as a speech.
    pub fn guess(title: &str) -> MaterialKind {
        if ["卷", "纲要", "选编", "文集", "读本"]
            .iter()
            .any(|w| title.contains(w))
        {
            MaterialKind::Book
        } else if title.contains("讲话") {
            MaterialKind::Speech
        } else {
            MaterialKind::Article
        }
    }
}

/// Where a campaign stands: a draft only its committee sees; open while it runs (branches
/// see it, study and record); closed when the committee ends it (everything stays readable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignState {
    Draft,
    Open,
    Closed,
}

impl CampaignState {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignState::Draft => "draft",
            CampaignState::Open => "open",
            CampaignState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignState> {
        [
            CampaignState::Draft,
            CampaignState::Open,
            CampaignState::Closed,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The state a change leads to: a draft opens; an open campaign closes; a closed one may
    /// reopen. Anything else is refused.
    pub fn after(self, change: CampaignChange) -> Result<CampaignState, CampaignProblem> {
        match (self, change) {
            (CampaignState::Draft, CampaignChange::Open) => Ok(CampaignState::Open),
            (CampaignState::Open, CampaignChange::Close) => Ok(CampaignState::Closed),
            (CampaignState::Closed, CampaignChange::Open) => Ok(CampaignState::Open),
            (CampaignState::Draft | CampaignState::Open, CampaignChange::Edit) => Ok(self),
            _ => Err(CampaignProblem::NotAllowedNow),
        }
    }

    /// Branches see it, and members study and write in it.
    pub fn is_open(self) -> bool {
        self == CampaignState::Open
    }
}

/// What is asked of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignChange {
    Edit,
    Open,
    Close,
}

/// An activity a campaign asks of every branch taking part: at least `count` held activities
/// of `kind` linked to the campaign.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Requirement {
    pub kind: String,
    pub count: u32,
    #[serde(default)]
    pub note: String,
}

/// The most activities one requirement may ask for.
pub const MAX_REQUIRED_COUNT: u32 = 100;
/// The most requirements a campaign may list.
pub const MAX_REQUIREMENTS: usize = 30;

/// Checks the requirements against the known activity kind codes.
pub fn check_requirements(
    list: Vec<Requirement>,
    kinds: &[&str],
) -> Result<Vec<Requirement>, CampaignProblem> {
    if list.len() > MAX_REQUIREMENTS {
        return Err(CampaignProblem::TooManyRequirements);
    }
    let mut out: Vec<Requirement> = Vec::new();
    for r in list {
        if !kinds.contains(&r.kind.as_str()) {
            return Err(CampaignProblem::UnknownKind);
        }
        if r.count == 0 || r.count > MAX_REQUIRED_COUNT {
            return Err(CampaignProblem::CountInvalid);
        }
        if out.iter().any(|o| o.kind == r.kind) {
            return Err(CampaignProblem::DuplicateKind);
        }
        let note = text("requirements", &r.note, 200)?;
        out.push(Requirement { note, ..r });
    }
    Ok(out)
}

/// Why campaign input is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignProblem {
    ThemeRequired,
    TooLong {
        field: &'static str,
        max: usize,
    },
    EndBeforeStart,
    TitleRequired,
    TooManyChapters,
    MinutesInvalid,
    StudyInFuture,
    NotAllowedNow,
    TooManyRequirements,
    UnknownKind,
    CountInvalid,
    DuplicateKind,
    /// The study is dated outside the campaign's period.
    StudyOutsidePeriod,
    /// A chapter the material does not have.
    UnknownChapter,
    /// A material that is not the campaign's (or was removed).
    UnknownMaterial,
    BodyRequired,
    /// The campaign is not open (draft or closed): nothing is studied or written in it.
    CampaignNotOpen,
    /// The member's branch does not take part.
    NotTakingPart,
    /// The account is not linked to a member of the roster.
    NotAMember,
    LinkInvalid,
    /// A material's chapters may be renamed or added, not taken out (study refers to them).
    ChaptersKept,
}

impl Problem for CampaignProblem {
    fn code(&self) -> &'static str {
        match self {
            CampaignProblem::ThemeRequired => "theme_required",
            CampaignProblem::TooLong { .. } => "too_long",
            CampaignProblem::EndBeforeStart => "end_before_start",
            CampaignProblem::TitleRequired => "title_required",
            CampaignProblem::TooManyChapters => "too_many_chapters",
            CampaignProblem::MinutesInvalid => "invalid_minutes",
            CampaignProblem::StudyInFuture => "study_in_future",
            CampaignProblem::NotAllowedNow => "not_allowed_now",
            CampaignProblem::TooManyRequirements => "too_many_requirements",
            CampaignProblem::UnknownKind => "unknown_kind",
            CampaignProblem::CountInvalid => "invalid_count",
            CampaignProblem::DuplicateKind => "duplicate_kind",
            CampaignProblem::StudyOutsidePeriod => "study_outside_period",
            CampaignProblem::UnknownChapter => "unknown_chapter",
            CampaignProblem::UnknownMaterial => "unknown_material",
            CampaignProblem::BodyRequired => "body_required",
            CampaignProblem::CampaignNotOpen => "campaign_not_open",
            CampaignProblem::NotTakingPart => "not_taking_part",
            CampaignProblem::NotAMember => "not_a_member",
            CampaignProblem::LinkInvalid => "invalid_link",
            CampaignProblem::ChaptersKept => "chapters_kept",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            CampaignProblem::ThemeRequired => "campaign.problem.theme_required",
            CampaignProblem::TooLong { .. } => "campaign.problem.too_long",
            CampaignProblem::EndBeforeStart => "campaign.problem.end_before_start",
            CampaignProblem::TitleRequired => "campaign.problem.title_required",
            CampaignProblem::TooManyChapters => "campaign.problem.too_many_chapters",
            CampaignProblem::MinutesInvalid => "campaign.problem.minutes_invalid",
            CampaignProblem::StudyInFuture => "campaign.problem.study_in_future",
            CampaignProblem::NotAllowedNow => "campaign.problem.not_allowed_now",
            CampaignProblem::TooManyRequirements => "campaign.problem.too_many_requirements",
            CampaignProblem::UnknownKind => "campaign.problem.unknown_kind",
            CampaignProblem::CountInvalid => "campaign.problem.count_invalid",
            CampaignProblem::DuplicateKind => "campaign.problem.duplicate_kind",
            CampaignProblem::StudyOutsidePeriod => "campaign.problem.study_outside_period",
            CampaignProblem::UnknownChapter => "campaign.problem.unknown_chapter",
            CampaignProblem::UnknownMaterial => "campaign.problem.unknown_material",
            CampaignProblem::BodyRequired => "campaign.problem.body_required",
            CampaignProblem::CampaignNotOpen => "campaign.problem.campaign_not_open",
            CampaignProblem::NotTakingPart => "campaign.problem.not_taking_part",
            CampaignProblem::NotAMember => "campaign.problem.not_a_member",
            CampaignProblem::LinkInvalid => "campaign.problem.link_invalid",
            CampaignProblem::ChaptersKept => "campaign.problem.chapters_kept",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CampaignProblem::TooLong { field, max } => {
                vec![("field", (*field).to_owned()), ("max", max.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

fn text(field: &'static str, s: &str, max: usize) -> Result<String, CampaignProblem> {
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

/// A campaign's heading as checked: theme, period, description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub theme: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub description: String,
}

pub fn check_heading(
    theme: &str,
    starts_on: Date,
    ends_on: Date,
    description: &str,
) -> Result<Heading, CampaignProblem> {
    let theme = text("theme", theme, 200)?;
    if theme.is_empty() || crate::text::is_only_invisible(&theme) {
        return Err(CampaignProblem::ThemeRequired);
    }
    if ends_on < starts_on {
        return Err(CampaignProblem::EndBeforeStart);
    }
    Ok(Heading {
        theme,
        starts_on,
        ends_on,
        description: text("description", description, 20_000)?,
    })
}

/// A material as checked: kind, title (as named, 《》 kept), link, chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    pub kind: MaterialKind,
    pub title: String,
    pub link: String,
    pub chapters: Vec<String>,
}

/// The most chapters one material lists (a book's 篇目).
pub const MAX_CHAPTERS: usize = 200;

pub fn check_material(
    kind: MaterialKind,
    title: &str,
    link: &str,
    chapters: &[String],
) -> Result<Material, CampaignProblem> {
    let title = text("title", title, 200)?;
    if title.is_empty() {
        return Err(CampaignProblem::TitleRequired);
    }
    let chapters: Vec<String> = chapters
        .iter()
        .map(|c| text("chapters", c, 200))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    if chapters.len() > MAX_CHAPTERS {
        return Err(CampaignProblem::TooManyChapters);
    }
    Ok(Material {
        kind,
        title,
        link: text("link", link, 500)?,
        chapters,
    })
}

/// The longest one self-study entry may be, in minutes.
pub const MAX_STUDY_MINUTES: u32 = 12 * 60;

/// Checks one self-study entry: studied on `day` (not after `today`) for `minutes`.
pub fn check_study(day: Date, minutes: u32, today: Date) -> Result<(), CampaignProblem> {
    if day > today {
        return Err(CampaignProblem::StudyInFuture);
    }
    if minutes == 0 || minutes > MAX_STUDY_MINUTES {
        return Err(CampaignProblem::MinutesInvalid);
    }
    Ok(())
}

/// One study of a material (or one of its chapters) by a member on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Studied {
    pub member_id: i64,
    /// `None`: the material as a whole.
    pub chapter: Option<usize>,
    pub day: Date,
}

/// Whether `member` had studied the material by `day` (that day included: people study in the
/// morning for an afternoon session): every one of its `chapters` (the chapter-level logs), or
/// the material as a whole — a whole-material entry covers every chapter.
pub fn studied_by(logs: &[Studied], member: i64, chapters: usize, day: Date) -> bool {
    let mine = || {
        logs.iter()
            .filter(|l| l.member_id == member && l.day <= day)
    };
    if mine().any(|l| l.chapter.is_none()) {
        return true;
    }
    chapters > 0 && (0..chapters).all(|c| mine().any(|l| l.chapter == Some(c)))
}

/// 先学领学 for one branch and material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadFirst {
    /// The day of the branch's first session on the material.
    pub first_session: Date,
    /// Each leader on that day (secretary, committee members) and whether they had studied it.
    pub leaders: Vec<(i64, bool)>,
}

impl LeadFirst {
    /// Every leader studied first (and there was at least one leader).
    pub fn done(&self) -> bool {
        !self.leaders.is_empty() && self.leaders.iter().all(|(_, s)| *s)
    }
}

/// Judges 先学领学: `leaders_then` are those holding a leading position on the day of the
/// first session (a secretary who changed mid-campaign is judged as of that day); `None` when
/// the branch has held no session on the material yet.
pub fn lead_first(
    first_session: Option<Date>,
    leaders_then: &[i64],
    logs: &[Studied],
    chapters: usize,
) -> Option<LeadFirst> {
    let day = first_session?;
    Some(LeadFirst {
        first_session: day,
        leaders: leaders_then
            .iter()
            .map(|m| (*m, studied_by(logs, *m, chapters, day)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_campaign_heading_and_its_materials_are_checked() {
        let h = check_heading(
            " 喜迎二十大、奋进新征程 ",
            date(2022, 8, 5),
            date(2022, 10, 15),
            "",
        )
        .unwrap();
        assert_eq!(h.theme, "喜迎二十大、奋进新征程");
        assert_eq!(
            check_heading("x", date(2022, 9, 1), date(2022, 8, 1), ""),
            Err(CampaignProblem::EndBeforeStart)
        );
        assert_eq!(
            check_heading("\u{200B}", date(2022, 8, 1), date(2022, 9, 1), ""),
            Err(CampaignProblem::ThemeRequired)
        );
        let m = check_material(
            MaterialKind::guess("《习近平谈治国理政》第四卷"),
            "《习近平谈治国理政》第四卷",
            "",
            &["一、坚持和加强党的全面领导".into(), " ".into()],
        )
        .unwrap();
        assert_eq!(m.kind, MaterialKind::Book);
        assert_eq!(m.title, "《习近平谈治国理政》第四卷");
        assert_eq!(m.chapters.len(), 1);
        assert_eq!(MaterialKind::guess("7.26重要讲话"), MaterialKind::Speech);
        let many: Vec<String> = (0..=MAX_CHAPTERS).map(|i| i.to_string()).collect();
        assert_eq!(
            check_material(MaterialKind::Book, "书", "", &many),
            Err(CampaignProblem::TooManyChapters)
        );
    }

    #[test]
    fn a_study_entry_is_not_in_the_future_and_has_a_sensible_length() {
        let today = date(2022, 9, 1);
        assert!(check_study(today, 45, today).is_ok());
        assert_eq!(
            check_study(date(2022, 9, 2), 45, today),
            Err(CampaignProblem::StudyInFuture)
        );
        assert_eq!(
            check_study(today, 0, today),
            Err(CampaignProblem::MinutesInvalid)
        );
        assert_eq!(
            check_study(today, MAX_STUDY_MINUTES + 1, today),
            Err(CampaignProblem::MinutesInvalid)
        );
    }

    #[test]
    fn leading_first_counts_the_same_day_every_chapter_and_the_leaders_of_that_day() {
        let session = date(2022, 8, 20);
        let logs = [
            // The secretary studied the whole book the morning of the session.
            Studied {
                member_id: 1,
                chapter: None,
                day: session,
            },
            // A committee member studied both chapters, one of them after the session.
            Studied {
                member_id: 2,
                chapter: Some(0),
                day: date(2022, 8, 10),
            },
            Studied {
                member_id: 2,
                chapter: Some(1),
                day: date(2022, 8, 25),
            },
            // Another studied both chapters in time.
            Studied {
                member_id: 3,
                chapter: Some(0),
                day: date(2022, 8, 11),
            },
            Studied {
                member_id: 3,
                chapter: Some(1),
                day: date(2022, 8, 19),
            },
        ];
        let judged = lead_first(Some(session), &[1, 2, 3], &logs, 2).unwrap();
        assert_eq!(judged.leaders, vec![(1, true), (2, false), (3, true)]);
        assert!(!judged.done());
        // A secretary who changed mid-campaign: only those leading on that day are judged.
        let judged = lead_first(Some(session), &[1, 3], &logs, 2).unwrap();
        assert!(judged.done());
        assert_eq!(lead_first(None, &[1], &logs, 2), None);
        // A material without chapters needs a whole-material entry.
        assert!(!studied_by(&logs, 3, 0, session));
        assert!(studied_by(&logs, 1, 0, session));
        let nobody = lead_first(Some(session), &[], &logs, 2).unwrap();
        assert!(!nobody.done(), "no leader on the day: not done");
    }

    #[test]
    fn a_campaign_opens_closes_and_reopens_and_is_edited_only_before_it_closes() {
        use CampaignChange as C;
        use CampaignState as S;
        assert_eq!(S::Draft.after(C::Open), Ok(S::Open));
        assert_eq!(S::Open.after(C::Close), Ok(S::Closed));
        assert_eq!(S::Closed.after(C::Open), Ok(S::Open));
        assert_eq!(S::Draft.after(C::Edit), Ok(S::Draft));
        assert_eq!(
            S::Closed.after(C::Edit),
            Err(CampaignProblem::NotAllowedNow)
        );
        assert_eq!(
            S::Draft.after(C::Close),
            Err(CampaignProblem::NotAllowedNow)
        );
        assert_eq!(CampaignState::parse("open"), Some(CampaignState::Open));
        assert_eq!(CampaignState::parse("x"), None);
    }

    #[test]
    fn requirements_name_known_kinds_once_with_a_sensible_count() {
        let kinds = ["theme_day", "party_lecture"];
        let r = |kind: &str, count| Requirement {
            kind: kind.into(),
            count,
            note: " 书记讲 ".into(),
        };
        let ok =
            check_requirements(vec![r("theme_day", 1), r("party_lecture", 2)], &kinds).unwrap();
        assert_eq!(ok[0].note, "书记讲");
        assert_eq!(
            check_requirements(vec![r("x", 1)], &kinds),
            Err(CampaignProblem::UnknownKind)
        );
        assert_eq!(
            check_requirements(vec![r("theme_day", 0)], &kinds),
            Err(CampaignProblem::CountInvalid)
        );
        assert_eq!(
            check_requirements(vec![r("theme_day", 1), r("theme_day", 2)], &kinds),
            Err(CampaignProblem::DuplicateKind)
        );
    }
}
