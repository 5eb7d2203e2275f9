//! The JSON shapes of a member's study: entries, progress, sessions sat in, reflections with
//! their versions and comments.

use app::campaigns::reflection_reads::{Listed, Shown};
use app::campaigns::study::Progress;
use app::zone::rfc3339;
use serde::Serialize;
use store::study::{Comment, StudyLog};
use utoipa::ToSchema;

/// A self-study entry (自学), or online study elsewhere.
#[derive(Serialize, ToSchema)]
pub struct StudyLogView {
    pub id: i64,
    pub campaign_id: i64,
    /// Null for online study not tied to one material.
    pub material_id: Option<i64>,
    /// The chapter's index in the material's chapters (from 0); null for the whole material.
    pub chapter: Option<usize>,
    /// YYYY-MM-DD
    pub day: String,
    pub minutes: i64,
    /// self or online
    pub source: String,
    pub link: String,
    pub note: String,
    /// The member's branch when it was logged.
    pub org_id: i64,
    pub created_at: String,
    pub withdrawn: bool,
}

impl From<&StudyLog> for StudyLogView {
    fn from(l: &StudyLog) -> StudyLogView {
        StudyLogView {
            id: l.id,
            campaign_id: l.campaign_id,
            material_id: l.material_id,
            chapter: l.chapter,
            day: l.day.to_string(),
            minutes: l.minutes,
            source: l.source.as_str().to_owned(),
            link: l.link.clone(),
            note: l.note.clone(),
            org_id: l.org_id,
            created_at: rfc3339(l.created_at),
            withdrawn: l.withdrawn,
        }
    }
}

/// One chapter (篇目) as the member stands on it.
#[derive(Serialize, ToSchema)]
pub struct ChapterProgressView {
    pub index: usize,
    pub title: String,
    pub by_self: bool,
    pub in_session: bool,
}

/// One material as the member stands on it.
#[derive(Serialize, ToSchema)]
pub struct MaterialProgressView {
    pub material_id: i64,
    pub kind: String,
    pub title: String,
    /// Studied through: as a whole, or every chapter by self-study or in a session.
    pub done: bool,
    pub whole_by_self: bool,
    pub whole_in_session: bool,
    pub chapters: Vec<ChapterProgressView>,
    /// Self-study minutes on it.
    pub minutes: i64,
}

/// What is left: a material, or one of its chapters.
#[derive(Serialize, ToSchema)]
pub struct LeftView {
    pub material_id: i64,
    pub title: String,
    /// Null: the material as a whole.
    pub chapter: Option<usize>,
    pub chapter_title: Option<String>,
}

/// What a session studied.
#[derive(Serialize, ToSchema)]
pub struct StudiedView {
    pub material_id: i64,
    pub chapter: Option<usize>,
}

/// A session of the campaign the member was present at.
#[derive(Serialize, ToSchema)]
pub struct AttendedView {
    pub activity_id: i64,
    pub org_id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: String,
    /// 领学人
    pub leader: String,
    pub studied: Vec<StudiedView>,
}

/// The caller's progress in a campaign.
#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    pub campaign_id: i64,
    pub member_id: i64,
    pub member_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub materials: Vec<MaterialProgressView>,
    pub left: Vec<LeftView>,
    /// Every self-study minute, online study included.
    pub total_minutes: i64,
    pub online_minutes: i64,
    /// The caller's standing entries, latest first.
    pub logs: Vec<StudyLogView>,
    /// Sessions sat in, earliest first; attending one counts as having studied what it studied.
    pub sessions: Vec<AttendedView>,
}

impl From<&Progress> for ProgressView {
    fn from(p: &Progress) -> ProgressView {
        ProgressView {
            campaign_id: p.campaign.id,
            member_id: p.member.member_id,
            member_name: p.member.member_name.clone(),
            org_id: p.member.org_id,
            org_name: p.member.org_name.clone(),
            materials: p
                .materials
                .iter()
                .map(|m| MaterialProgressView {
                    material_id: m.material.id,
                    kind: m.material.kind.as_str().to_owned(),
                    title: m.material.title.clone(),
                    done: m.done(),
                    whole_by_self: m.whole_by_self,
                    whole_in_session: m.whole_in_session,
                    chapters: m
                        .chapters
                        .iter()
                        .enumerate()
                        .map(|(index, c)| ChapterProgressView {
                            index,
                            title: c.title.clone(),
                            by_self: c.by_self,
                            in_session: c.in_session,
                        })
                        .collect(),
                    minutes: m.minutes,
                })
                .collect(),
            left: p
                .left
                .iter()
                .map(|l| LeftView {
                    material_id: l.material_id,
                    title: l.title.clone(),
                    chapter: l.chapter.as_ref().map(|c| c.0),
                    chapter_title: l.chapter.as_ref().map(|c| c.1.clone()),
                })
                .collect(),
            total_minutes: p.total_minutes,
            online_minutes: p.online_minutes,
            logs: p.logs.iter().map(StudyLogView::from).collect(),
            sessions: p
                .sessions
                .iter()
                .map(|s| AttendedView {
                    activity_id: s.activity_id,
                    org_id: s.org_id,
                    kind: s.kind.clone(),
                    title: s.title.clone(),
                    starts_at: rfc3339(s.starts_at),
                    leader: s.leader.clone(),
                    studied: s
                        .studied
                        .iter()
                        .map(|(m, c)| StudiedView {
                            material_id: *m,
                            chapter: *c,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A reflection in a list.
#[derive(Serialize, ToSchema)]
pub struct ReflectionSummaryView {
    pub id: i64,
    pub campaign_id: i64,
    pub material_id: Option<i64>,
    pub material_title: Option<String>,
    pub member_id: i64,
    pub member_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// written or withdrawn (only the writer sees their withdrawn ones)
    pub state: String,
    pub version: i64,
    pub featured: bool,
    pub comments: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&Listed> for ReflectionSummaryView {
    fn from(l: &Listed) -> ReflectionSummaryView {
        let r = &l.reflection;
        ReflectionSummaryView {
            id: r.id,
            campaign_id: r.campaign_id,
            material_id: r.material_id,
            material_title: l.material_title.clone(),
            member_id: r.member_id,
            member_name: r.member_name.clone(),
            org_id: r.org_id,
            org_name: l.org_name.clone(),
            title: r.title.clone(),
            state: r.state.as_str().to_owned(),
            version: r.version,
            featured: r.featured,
            comments: l.comments,
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
        }
    }
}

/// One saved version of a reflection's text.
#[derive(Serialize, ToSchema)]
pub struct ReflectionVersionView {
    pub version: i64,
    pub title: String,
    pub body: String,
    pub saved_at: String,
}

/// A comment on a reflection.
#[derive(Serialize, ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

impl From<&Comment> for CommentView {
    fn from(c: &Comment) -> CommentView {
        CommentView {
            id: c.id,
            author_id: c.author_id,
            author_name: c.author_name.clone(),
            body: c.body.clone(),
            created_at: rfc3339(c.created_at),
        }
    }
}

/// A reflection (心得体会) with every version and its comments.
#[derive(Serialize, ToSchema)]
pub struct ReflectionView {
    pub id: i64,
    pub campaign_id: i64,
    pub material_id: Option<i64>,
    pub material_title: Option<String>,
    pub member_id: i64,
    pub member_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// Plain text; line breaks kept.
    pub body: String,
    /// written or withdrawn
    pub state: String,
    /// The latest version; send it back with an edit.
    pub version: i64,
    pub featured: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first.
    pub versions: Vec<ReflectionVersionView>,
    /// Oldest first.
    pub comments: Vec<CommentView>,
    /// What the caller may do with it.
    pub may_edit: bool,
    pub may_withdraw: bool,
    pub may_comment: bool,
    pub may_feature: bool,
}

impl From<&Shown> for ReflectionView {
    fn from(s: &Shown) -> ReflectionView {
        let r = &s.reflection;
        ReflectionView {
            id: r.id,
            campaign_id: r.campaign_id,
            material_id: r.material_id,
            material_title: s.material_title.clone(),
            member_id: r.member_id,
            member_name: r.member_name.clone(),
            org_id: r.org_id,
            org_name: s.org_name.clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            state: r.state.as_str().to_owned(),
            version: r.version,
            featured: r.featured,
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            versions: s
                .versions
                .iter()
                .map(|v| ReflectionVersionView {
                    version: v.version,
                    title: v.title.clone(),
                    body: v.body.clone(),
                    saved_at: rfc3339(v.saved_at),
                })
                .collect(),
            comments: s.comments.iter().map(CommentView::from).collect(),
            may_edit: s.may_edit,
            may_withdraw: s.may_withdraw,
            may_comment: s.may_comment,
            may_feature: s.may_feature,
        }
    }
}
