//! The JSON shapes of activities, their attendance, figures, photos, files and versions.

use app::zone::rfc3339;
use domain::Timestamp;
use domain::activity::Figures;
use serde::Serialize;
use store::activities::{Activity, Version};
use store::activity_attendance::Attendee;
use store::activity_media::{ActivityFile, Photo};
use utoipa::ToSchema;

/// 应到 / 实到 / 请假 / 缺席, guests (列席) apart; always computed from the marks.
#[derive(Serialize, ToSchema)]
pub struct FiguresView {
    /// The branch's members on the list (guests not counted).
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    /// Expected, neither present nor on leave.
    pub absent: u32,
    pub guests: u32,
    /// present ÷ expected, in percent (0 when nobody is expected).
    pub rate: f64,
}

impl From<Figures> for FiguresView {
    fn from(f: Figures) -> FiguresView {
        FiguresView {
            expected: f.expected,
            present: f.present,
            leave: f.leave,
            absent: f.absent,
            guests: f.guests,
            rate: f.rate(),
        }
    }
}

/// One person on an activity's list.
#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    pub member_id: i64,
    pub name: String,
    /// The member's org now (a guest's own org).
    pub org_id: i64,
    pub org_name: String,
    /// present, leave, absent or guest
    pub mark: String,
    /// Why on leave; empty otherwise.
    pub reason: String,
    /// Volunteer time in hours (志愿服务).
    pub hours: f64,
    /// Marked by someone; an unmarked member counts as absent.
    pub marked: bool,
    /// The member confirmed their own attendance.
    pub self_confirmed: bool,
}

impl From<&Attendee> for AttendeeView {
    fn from(a: &Attendee) -> AttendeeView {
        AttendeeView {
            member_id: a.member_id,
            name: a.name.clone(),
            org_id: a.org_id,
            org_name: a.org_name.clone(),
            mark: a.mark.as_str().to_owned(),
            reason: a.reason.clone(),
            hours: a.volunteer_minutes as f64 / 60.0,
            marked: a.marked,
            self_confirmed: a.self_confirmed,
        }
    }
}

/// The list with its figures, as attendance changes answer.
#[derive(Serialize, ToSchema)]
pub struct AttendanceView {
    pub figures: FiguresView,
    pub attendance: Vec<AttendeeView>,
}

impl AttendanceView {
    pub fn of(list: &[Attendee]) -> AttendanceView {
        AttendanceView {
            figures: app::activities::attendance::figures(list).into(),
            attendance: list.iter().map(AttendeeView::from).collect(),
        }
    }
}

/// A photo (resized, stripped of EXIF and GPS), served as `image/jpeg` at
/// `/api/v1/activities/{id}/photos/{photo_id}` (`?size=thumb`: its 400-px thumbnail). No URL
/// field: schemathesis infers links from URLs it sees in answers and pairs this one with the
/// wrong operation.
#[derive(Serialize, ToSchema)]
pub struct PhotoView {
    pub id: i64,
    pub width: i64,
    pub height: i64,
    pub caption: String,
    pub uploaded_at: String,
}

impl From<&Photo> for PhotoView {
    fn from(p: &Photo) -> PhotoView {
        PhotoView {
            id: p.id,
            width: p.width,
            height: p.height,
            caption: p.caption.clone(),
            uploaded_at: rfc3339(Timestamp(p.uploaded_at)),
        }
    }
}

/// A file attached to an activity.
#[derive(Serialize, ToSchema)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    /// Bytes.
    pub size: i64,
    pub content_type: String,
    pub uploaded_at: String,
}

impl From<&ActivityFile> for FileView {
    fn from(f: &ActivityFile) -> FileView {
        FileView {
            id: f.id,
            name: f.name.clone(),
            size: f.size,
            content_type: f.content_type.clone(),
            uploaded_at: rfc3339(Timestamp(f.uploaded_at)),
        }
    }
}

/// An activity's content and where it stands.
#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// planned, held, confirmed or cancelled
    pub state: String,
    /// Every save makes a new version; send the one you saw with an edit.
    pub version: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub place: String,
    pub online: bool,
    pub updated_at: String,
}

impl From<&Activity> for SummaryView {
    fn from(a: &Activity) -> SummaryView {
        SummaryView {
            id: a.id,
            org_id: a.org_id,
            org_name: a.org_name.clone(),
            state: a.state.as_str().to_owned(),
            version: a.version,
            kind: a.content.kind.clone(),
            title: a.content.title.clone(),
            starts_at: rfc3339(a.content.starts_at),
            ends_at: a.content.ends_at.map(rfc3339),
            place: a.content.place.clone(),
            online: a.content.online,
            updated_at: rfc3339(a.updated_at),
        }
    }
}

/// An activity in full, as the caller may read it.
#[derive(Serialize, ToSchema)]
pub struct ActivityView {
    #[serde(flatten)]
    #[schema(inline)]
    pub summary: SummaryView,
    pub host: String,
    pub recorder: String,
    pub speaker: String,
    pub topic: String,
    /// 领学人
    pub leader: String,
    pub led_content: String,
    pub agenda: String,
    /// 会议记录 as typed (Markdown-style).
    pub minutes: String,
    pub resolutions: String,
    pub outcomes: String,
    pub notice_id: Option<i64>,
    /// Why it was cancelled; empty unless it was.
    pub cancel_reason: String,
    /// The account that confirmed it, and when.
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<String>,
    pub created_at: String,
    /// records (the caller plans and records it), views (a committee's viewer) or shared
    /// (a member of a branch that shares its records)
    pub reach: String,
    pub figures: FiguresView,
    pub attendance: Vec<AttendeeView>,
    pub photos: Vec<PhotoView>,
    pub files: Vec<FileView>,
}

/// One saved version.
#[derive(Serialize, ToSchema)]
pub struct ActivityVersionView {
    pub version: i64,
    /// Why a confirmed record was corrected; empty for other saves.
    pub reason: String,
    pub saved_by: i64,
    pub saved_by_name: String,
    pub saved_at: String,
    /// The content as saved (the fields of an activity); a correction also holds the
    /// `attendance` at that moment.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

impl From<Version> for ActivityVersionView {
    fn from(v: Version) -> ActivityVersionView {
        ActivityVersionView {
            version: v.version,
            reason: v.reason,
            saved_by: v.saved_by,
            saved_by_name: v.saved_by_name,
            saved_at: rfc3339(v.saved_at),
            content: v.content,
        }
    }
}
