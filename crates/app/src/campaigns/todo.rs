//! What a campaign still asks of one branch (待办): the required activities not yet held
//! enough, materials no session has studied, materials whose 先学领学 was not done (and who
//! of those leading had not studied first), the campaign's reports not handed in, and the
//! days left. Shown to the branch's admin and to the committee, beside the branch's progress.

use super::figures::BranchProgress;
use crate::App;
use crate::error::Result;
use crate::{Actor, campaigns::branch_view};
use domain::campaign_progress::RequirementStanding;
use jiff::civil::Date;
use store::campaign_dashboard::{self as store_kept, Owed};
use store::campaigns::{self, Campaign, StoredMaterial};
use store::orgs::Org;

/// A material studied in a session whose leaders had not all studied it before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadGap {
    pub material_id: i64,
    pub title: String,
    /// The branch's first session on it.
    pub day: Date,
    pub activity_id: i64,
    /// Those leading that day who had not studied it by then; empty when nobody held a
    /// leading position that day.
    pub not_studied: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Todo {
    /// Required activities held fewer times than asked.
    pub requirements: Vec<RequirementStanding>,
    /// Materials no session of the branch has studied: `(id, title)`.
    pub unstudied: Vec<(i64, String)>,
    pub lead_first: Vec<LeadGap>,
    /// Reports on the campaign's tasks not handed in (or returned to be handed in again).
    pub reports: Vec<Owed>,
    pub ends_on: Date,
    /// Days from today to the last day (negative once it is past).
    pub days_left: i64,
}

impl Todo {
    /// Nothing left to do.
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
            && self.unstudied.is_empty()
            && self.lead_first.is_empty()
            && self.reports.is_empty()
    }

    /// How many things are left.
    pub fn len(&self) -> usize {
        self.requirements.len() + self.unstudied.len() + self.lead_first.len() + self.reports.len()
    }
}

/// The to-do list of a branch from its progress, the reports it owes and today's date.
pub fn of(
    c: &Campaign,
    materials: &[StoredMaterial],
    progress: &BranchProgress,
    reports: Vec<Owed>,
    today: Date,
) -> Todo {
    let title = |id: i64| {
        materials
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.title.clone())
            .unwrap_or_default()
    };
    let mut unstudied = Vec::new();
    let mut lead_first = Vec::new();
    for lead in &progress.leads {
        match &lead.first_session {
            None => unstudied.push((lead.material_id, title(lead.material_id))),
            Some((day, activity_id, _)) if !lead.done => lead_first.push(LeadGap {
                material_id: lead.material_id,
                title: title(lead.material_id),
                day: *day,
                activity_id: *activity_id,
                not_studied: lead
                    .leaders
                    .iter()
                    .filter(|(_, _, studied)| !studied)
                    .map(|(_, name, _)| name.clone())
                    .collect(),
            }),
            Some(_) => {}
        }
    }
    Todo {
        requirements: progress
            .requirements
            .iter()
            .filter(|r| !r.met())
            .cloned()
            .collect(),
        unstudied,
        lead_first,
        reports,
        ends_on: c.ends_on,
        days_left: today
            .until(c.ends_on)
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(0),
    }
}

/// The reports `org_id` owes on campaign `c`'s tasks.
pub(crate) async fn reports_owed(app: &App, c: &Campaign, org_id: i64) -> Result<Vec<Owed>> {
    let tasks = campaigns::tasks_of(app.db.read(), c.id).await?;
    Ok(store_kept::reports_owed(app.db.read(), &tasks, org_id).await?)
}

/// What campaign `campaign_id` still asks of branch `org_id`.
pub async fn todo(
    app: &App,
    actor: &Actor,
    campaign_id: i64,
    org_id: i64,
) -> Result<(Campaign, Org, Todo)> {
    let v = branch_view::branch(app, actor, campaign_id, org_id).await?;
    Ok((v.campaign, v.org, v.todo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaigns::figures::MaterialLead;
    use domain::campaign::{CampaignState, MaterialKind, Requirement};
    use domain::campaign_progress::Figures;
    use domain::submission::SubmissionState;
    use jiff::civil::date;
    use store::campaign_figures::TreeOrg;

    fn material(id: i64, title: &str) -> StoredMaterial {
        StoredMaterial {
            id,
            campaign_id: 1,
            position: id,
            kind: MaterialKind::Book,
            title: title.into(),
            link: String::new(),
            chapters: Vec::new(),
            file_hash: None,
            file_name: String::new(),
            removed: false,
        }
    }

    #[test]
    fn the_list_names_what_is_left_and_nothing_done() {
        let c = Campaign {
            id: 1,
            org_id: 1,
            org_name: String::new(),
            org_path: "/1/".into(),
            theme: "喜迎二十大".into(),
            starts_on: date(2022, 8, 5),
            ends_on: date(2022, 10, 15),
            description: String::new(),
            requirements: vec![Requirement {
                kind: "theme_day".into(),
                count: 1,
                note: String::new(),
            }],
            notice_id: None,
            state: CampaignState::Open,
            version: 1,
            created_by: 1,
            created_at: domain::Timestamp(0),
            updated_at: domain::Timestamp(0),
        };
        let materials = vec![
            material(7, "讲话"),
            material(8, "文选"),
            material(9, "纲要"),
        ];
        let lead = |id, first: Option<(Date, i64, String)>, leaders, done| MaterialLead {
            material_id: id,
            first_session: first,
            leaders,
            done,
        };
        let progress = BranchProgress {
            org: TreeOrg {
                id: 2,
                parent_id: Some(1),
                path: "/1/2/".into(),
                name: "支部".into(),
                is_branch: true,
            },
            figures: Figures::default(),
            requirements: vec![
                RequirementStanding {
                    kind: "theme_day".into(),
                    count: 1,
                    held: 0,
                    note: String::new(),
                },
                RequirementStanding {
                    kind: "party_lecture".into(),
                    count: 1,
                    held: 1,
                    note: String::new(),
                },
            ],
            leads: vec![
                lead(7, None, Vec::new(), false),
                lead(
                    8,
                    Some((date(2022, 8, 20), 5, "王书记".into())),
                    vec![(1, "王书记".into(), true), (2, "李委员".into(), false)],
                    false,
                ),
                lead(
                    9,
                    Some((date(2022, 8, 21), 6, "王书记".into())),
                    vec![(1, "王书记".into(), true)],
                    true,
                ),
            ],
            sessions: Vec::new(),
        };
        let owed = vec![Owed {
            task_id: 3,
            title: "学习情况报送".into(),
            period: "once".into(),
            deadline: domain::Timestamp(0),
            state: SubmissionState::Returned,
        }];
        let todo = of(&c, &materials, &progress, owed, date(2022, 10, 5));
        assert_eq!(todo.requirements.len(), 1);
        assert_eq!(todo.requirements[0].kind, "theme_day");
        assert_eq!(todo.unstudied, vec![(7, "讲话".to_owned())]);
        assert_eq!(todo.lead_first.len(), 1);
        assert_eq!(todo.lead_first[0].title, "文选");
        assert_eq!(todo.lead_first[0].not_studied, vec!["李委员".to_owned()]);
        assert_eq!(todo.reports.len(), 1);
        assert_eq!(todo.days_left, 10);
        assert_eq!(todo.len(), 4);
        assert!(!todo.is_empty());
    }
}
