//! 催办: reminding orgs of the reports they owe, and the inbox (消息) reminders arrive in.
//!
//! A reminder is written for each org reminded (so the board shows "已催办 2 次" and the
//! report's thread lists it) and becomes one inbox message for each account that works for
//! that org: the enabled accounts granted a role that hands in reports at exactly that org.

pub mod delivery;
pub mod inbox;
pub mod ladder;
pub mod notice;
mod notice_ladder;
pub mod outbox;
pub mod settings;
pub mod task;
pub mod words;

use domain::access::{Action, role_allows};
use domain::role::Role;

/// The roles whose holders at an org receive its reminders about reports.
pub fn reporting_roles() -> Vec<&'static str> {
    roles_allowing(Action::ReportTasks)
}

/// The roles whose holders at a parent org receive escalations about the orgs under it.
pub fn managing_roles() -> Vec<&'static str> {
    roles_allowing(Action::ManageTasks)
}

pub(crate) fn roles_allowing(action: Action) -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|r| role_allows(*r, action))
        .map(Role::as_str)
        .collect()
}
