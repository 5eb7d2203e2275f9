//! 催办 from the committee's board of branch life: every branch behind (red) on some owed kind
//! gets an inbox message naming the kinds it owes this quarter, read by those who record its
//! activities; one audit event lists them all.

use super::board::{self, Board};
use crate::error::Result;
use crate::{Actor, App};
use domain::access::Action;
use domain::supervision::Light;
use store::messages::{self, NewMessage};

/// The message kind of a reminder about activities owed.
pub const ACTIVITY_REMINDER: &str = "activity_reminder";

/// What a 催办 reached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Branches reminded.
    pub orgs: usize,
    /// Of them, branches with nobody to read it (no account records their activities).
    pub unreached: usize,
}

/// The kinds each red branch of `b` owes, by name, with the branch.
fn behind(b: &Board) -> Vec<(&store::orgs::Org, Vec<String>)> {
    b.branches
        .iter()
        .filter(|l| l.light == Light::Red)
        .map(|l| {
            let owed = b
                .kinds
                .iter()
                .zip(&l.standings)
                .filter(|(_, s)| s.light == Light::Red)
                .map(|(k, _)| k.name.clone())
                .collect();
            (&l.org, owed)
        })
        .collect()
}

/// Reminds the branches behind on the board of `org_id` for `quarter` of `year`. Only those
/// who record activities over the subtree may; the board itself is read as they see it.
pub async fn remind_behind(
    app: &App,
    actor: &Actor,
    org_id: i64,
    year: i16,
    quarter: u32,
) -> Result<Reminded> {
    let org = crate::roster::orgs::load(app, actor, org_id, Action::RecordActivities).await?;
    let b = board::board(app, actor, org.id, year, quarter).await?;
    let roles = crate::reminders::roles_allowing(Action::RecordActivities);
    let mut w = app.write(actor).await?;
    let mut reached = Reminded::default();
    let mut named = Vec::new();
    for (branch, owed) in behind(&b) {
        let args = serde_json::json!({
            "from": org.name,
            "org": branch.name,
            "kinds": owed.join("、"),
            "year": year.to_string(),
            "quarter": b.quarter.to_string(),
        })
        .to_string();
        let link = format!("/activities/ledger?org={}&year={year}", branch.id);
        let accounts = store::reminders::recipients(&mut w.tx, branch.id, &roles).await?;
        for &account_id in &accounts {
            let m = NewMessage {
                account_id,
                kind: ACTIVITY_REMINDER,
                args: &args,
                link: &link,
                reminder_id: None,
            };
            messages::insert(&mut w.tx, &m, w.now).await?;
        }
        reached.orgs += 1;
        if accounts.is_empty() {
            reached.unreached += 1;
        }
        named.push(serde_json::json!({ "org": branch.id, "kinds": owed }));
    }
    let detail = serde_json::json!({
        "year": year,
        "quarter": b.quarter,
        "orgs": named,
    })
    .to_string();
    w.commit("activity.remind", ("org", org.id), org.id, detail)
        .await?;
    Ok(reached)
}

/// Whether `actor` may remind from the board of `org_path` (the button is shown).
pub fn may_remind(actor: &Actor, org_path: &str) -> bool {
    actor.access.can(Action::RecordActivities, org_path)
}
