//! What the campaign API answers and takes: campaigns, materials and required activities.

use app::zone::rfc3339;
use domain::campaign::Requirement;
use serde::{Deserialize, Serialize};
use store::campaigns::{Campaign, StoredMaterial};
use utoipa::ToSchema;

/// An activity every taking-part branch must hold, linked to the campaign.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RequirementView {
    /// An activity kind's code (see `/api/v1/activity-kinds`).
    pub kind: String,
    /// At least this many, 1–100.
    pub count: u32,
    #[serde(default)]
    pub note: String,
}

impl From<&Requirement> for RequirementView {
    fn from(r: &Requirement) -> RequirementView {
        RequirementView {
            kind: r.kind.clone(),
            count: r.count,
            note: r.note.clone(),
        }
    }
}

impl From<RequirementView> for Requirement {
    fn from(r: RequirementView) -> Requirement {
        Requirement {
            kind: r.kind,
            count: r.count,
            note: r.note,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignMaterialView {
    pub id: i64,
    /// speech, book, article, video or file
    pub kind: String,
    pub title: String,
    pub link: String,
    /// Chapters (篇目) in order; study refers to them by position from 0.
    pub chapters: Vec<String>,
    /// The uploaded file's name, for kind `file` (downloaded from the page).
    pub file_name: String,
}

impl From<&StoredMaterial> for CampaignMaterialView {
    fn from(m: &StoredMaterial) -> CampaignMaterialView {
        CampaignMaterialView {
            id: m.id,
            kind: m.kind.as_str().to_owned(),
            title: m.title.clone(),
            link: m.link.clone(),
            chapters: m.chapters.clone(),
            file_name: m.file_name.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOrgView {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSummaryView {
    pub id: i64,
    /// The committee running it.
    pub org_id: i64,
    pub org_name: String,
    pub theme: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    pub ends_on: String,
    /// draft, open or closed
    pub state: String,
    pub version: i64,
    /// The caller runs it.
    pub manages: bool,
    /// The caller studies in it (a member of a taking-part branch).
    pub studies: bool,
}

impl CampaignSummaryView {
    pub fn new(c: &Campaign, seat: &app::campaigns::access::Seat) -> CampaignSummaryView {
        CampaignSummaryView {
            id: c.id,
            org_id: c.org_id,
            org_name: c.org_name.clone(),
            theme: c.theme.clone(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            state: c.state.as_str().to_owned(),
            version: c.version,
            manages: seat.manages,
            studies: seat.member.is_some(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    #[serde(flatten)]
    pub summary: CampaignSummaryView,
    pub description: String,
    pub requirements: Vec<RequirementView>,
    /// The orgs taking part, each with its whole subtree.
    pub orgs: Vec<CampaignOrgView>,
    pub materials: Vec<CampaignMaterialView>,
    /// The report tasks tied to it.
    pub task_ids: Vec<i64>,
    /// The notice it was made from.
    pub notice_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignVersionView {
    pub version: i64,
    /// theme, starts_on, ends_on, description, requirements, org_ids as saved
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    pub saved_by: i64,
    pub saved_at: String,
}

impl From<&store::campaigns::CampaignVersion> for CampaignVersionView {
    fn from(v: &store::campaigns::CampaignVersion) -> CampaignVersionView {
        CampaignVersionView {
            version: v.version,
            content: v.content.clone(),
            saved_by: v.saved_by,
            saved_at: rfc3339(v.saved_at),
        }
    }
}

/// A material as the caller sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MaterialBody {
    /// speech, book, article, video or file (a file is uploaded from the page)
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub link: String,
    /// Chapters (篇目) in order, at most 200.
    #[serde(default)]
    pub chapters: Vec<String>,
}
