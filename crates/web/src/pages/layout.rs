//! What every page's frame needs: the language, who is logged in, the CSRF token for the
//! forms in the frame (logout, language), and the current path.

use crate::auth::cookies::PRE_SESSION_CSRF_COOKIE;
use crate::auth::current::Authenticated;
use crate::i18n::T;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use domain::access::Action;
use std::convert::Infallible;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Chrome {
    pub t: T,
    pub user_name: Option<String>,
    /// Empty when the visitor has no session and no pre-session token yet.
    pub csrf: String,
    pub path: String,
    /// The account may read the audit log: the frame links to it.
    pub can_audit: bool,
    /// The account administers other accounts (账号管理): the frame links to them.
    pub can_manage_accounts: bool,
    /// The account sees part of the org tree / of the roster: the frame links to them.
    pub can_orgs: bool,
    pub can_roster: bool,
    /// The account reads or issues notices.
    pub can_notices: bool,
    /// The account assigns tasks or reports on them.
    pub can_tasks: bool,
    /// The account sees branch activities (活动): views, records or reads shared ones.
    pub can_activities: bool,
    /// The account reads branch life over some subtree (台账, 督查) / is linked to a member
    /// (我的活动).
    pub can_activity_views: bool,
    pub has_member: bool,
    /// The account runs study campaigns, views branches that may take part in one, or is a
    /// member who may study (学习).
    pub can_campaigns: bool,
    /// Unread messages (消息): the badge beside the inbox link.
    pub unread: i64,
}

impl Chrome {
    pub fn from_parts(parts: &Parts) -> Chrome {
        let t = parts.extensions.get::<T>().copied().unwrap_or_default();
        let user = parts.extensions.get::<Arc<Authenticated>>();
        let csrf = match user {
            Some(u) => u.session.csrf_token.clone(),
            None => CookieJar::from_headers(&parts.headers)
                .get(PRE_SESSION_CSRF_COOKIE)
                .map(|c| c.value().to_owned())
                .unwrap_or_default(),
        };
        Chrome {
            t,
            user_name: user.map(|u| u.account.display_name.clone()),
            csrf,
            path: parts.uri.path().to_owned(),
            can_audit: user.is_some_and(|u| u.access.can_somewhere(Action::ViewAudit)),
            can_manage_accounts: user.is_some_and(|u| {
                [
                    Action::ManageMemberAccounts,
                    Action::ManageAllAccounts,
                    Action::GrantBusinessRoles,
                    Action::GrantAllRoles,
                ]
                .into_iter()
                .any(|a| u.access.can_somewhere(a))
            }),
            can_orgs: user.is_some_and(|u| u.access.can_somewhere(Action::ViewOrgs)),
            can_roster: user.is_some_and(|u| u.access.can_somewhere(Action::ViewRoster)),
            can_notices: user.is_some_and(|u| {
                u.access.can_somewhere(Action::ReadNotices)
                    || u.access.can_somewhere(Action::IssueNotices)
            }),
            can_tasks: user.is_some_and(|u| {
                u.access.can_somewhere(Action::ManageTasks)
                    || u.access.can_somewhere(Action::ReportTasks)
            }),
            can_activities: user.is_some_and(|u| {
                [
                    Action::ViewActivities,
                    Action::RecordActivities,
                    Action::ReadSharedActivities,
                ]
                .into_iter()
                .any(|a| u.access.can_somewhere(a))
            }),
            can_activity_views: user
                .is_some_and(|u| u.access.can_somewhere(Action::ViewActivities)),
            has_member: user.is_some_and(|u| u.account.member_id.is_some()),
            can_campaigns: user.is_some_and(|u| {
                u.account.member_id.is_some()
                    || u.access.can_somewhere(Action::ManageCampaigns)
                    || u.access.can_somewhere(Action::ViewActivities)
            }),
            unread: 0,
        }
    }
}

impl Chrome {
    /// "3 条未读消息", for screen readers beside the badge.
    pub fn unread_label(&self) -> String {
        self.t
            .f("messages.unread_label", &[("n", &self.unread.to_string())])
    }
}

/// A page's frame, with the unread count read for the badge (one indexed count; a failure
/// to read it shows no badge rather than no page).
impl FromRequestParts<AppState> for Chrome {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let mut chrome = Chrome::from_parts(parts);
        if let Some(user) = parts.extensions.get::<Arc<Authenticated>>() {
            match store::messages::unread(state.db.read(), user.account.id).await {
                Ok(n) => chrome.unread = n,
                Err(e) => tracing::warn!(error = %e, "reading the unread count"),
            }
        }
        Ok(chrome)
    }
}
