//! Server-rendered pages. Each handler reads: authorise → load → rule → save → render.

mod account_sessions;
mod accounts;
pub(crate) mod activities;
mod activity_views;
mod audit;
mod audit_export;
mod campaign_dashboard;
mod campaign_report;
mod campaign_study;
pub(crate) mod campaigns;
mod channels;
mod home;
mod language;
pub mod layout;
mod ledger_export;
mod login;
mod logout;
mod members;
mod messages;
mod notice_attachments;
mod notice_forms;
mod notice_list;
mod notice_official;
mod notice_publish;
mod notice_receipts;
mod notice_settings;
mod notice_signoff;
mod notices;
mod org_forms;
mod org_picker;
mod orgs;
mod password;
mod reminder_settings;
mod roster_import;
mod roster_list;
mod task_actions;
mod task_board;
mod task_fields;
mod task_forms;
mod task_from_notice;
mod task_list;
mod task_remind;
mod task_reports;
mod tasks;

use crate::routes::Routes;

/// Every route, area by area.
pub fn routes() -> Routes {
    Routes::new()
        .merge(own_account_routes())
        .merge(roster_file_routes())
        .merge(account_routes())
        .merge(audit_routes())
        .merge(org_routes())
        .merge(member_routes())
        .merge(notice_routes())
        .merge(task_routes())
        .merge(activities::routes())
        .merge(activity_views::routes())
        .merge(campaign_dashboard::routes())
        .merge(campaigns::routes())
        .merge(campaign_study::routes())
        .merge(campaign_report::routes())
}

/// The home page, signing in and out, and the signed-in person's own account.
fn own_account_routes() -> Routes {
    Routes::new()
        .get("/", home::show)
        .get("/login", login::form)
        .post("/login", login::submit)
        .post("/logout", logout::submit)
        .get("/account/notifications", channels::notifications)
        .post("/account/notifications", channels::save_notifications)
        .post("/account/notifications/test", channels::test_email)
        .get("/orgs/{id}/robots", channels::robots)
        .post("/orgs/{id}/robots", channels::add_robot)
        .post("/robots/{id}/remove", channels::remove_robot)
        .post("/robots/{id}/test", channels::test_robot)
        .get("/deliveries", channels::deliveries)
        .get("/messages", messages::list)
        .get("/messages/{id}", messages::open)
        .post("/messages/read-all", messages::read_all)
        .get("/account/sessions", account_sessions::list)
        .post("/account/sessions/{id}/end", account_sessions::end)
        .get("/account/password", password::form)
        .post("/account/password", password::submit)
        .post("/language", language::set)
}

/// The roster and the org tree as 台账: import and export.
fn roster_file_routes() -> Routes {
    Routes::new()
        .get("/members/import", roster_import::form)
        .post_with_body_limit(
            "/members/import",
            roster_import::submit,
            crate::ledger::upload::BODY_LIMIT,
        )
        .get("/members/import/template.xlsx", roster_import::template)
        .get("/members/export.xlsx", ledger_export::roster)
        .get("/orgs/export.xlsx", ledger_export::orgs)
}

/// Accounts and their grants.
fn account_routes() -> Routes {
    Routes::new()
        .get("/accounts", accounts::list::page)
        .get("/accounts/new", accounts::new::form)
        .post("/accounts", accounts::new::submit)
        .get("/accounts/{id}", accounts::show::page)
        .post(
            "/accounts/{id}/reset-password",
            accounts::actions::reset_password,
        )
        .post("/accounts/{id}/disable", accounts::actions::disable)
        .post("/accounts/{id}/enable", accounts::actions::enable)
        .post("/accounts/{id}/grants", accounts::actions::add_grant)
        .post("/grants/{id}/revoke", accounts::actions::revoke_grant)
}

/// The audit log.
fn audit_routes() -> Routes {
    Routes::new()
        .get("/audit", audit::show)
        .get("/audit/export.xlsx", audit_export::download)
}

/// The org tree.
fn org_routes() -> Routes {
    Routes::new()
        .get("/orgs", orgs::index)
        .get("/orgs/new", org_forms::new)
        .get("/orgs/{id}", orgs::show)
        .post("/orgs/{id}/children", org_forms::create)
        .get("/orgs/{id}/edit", org_forms::edit)
        .post("/orgs/{id}/edit", org_forms::update)
        .post("/orgs/{id}/move", org_forms::move_under)
        .post("/orgs/{id}/close", org_forms::close)
        .post("/orgs/{id}/reopen", org_forms::reopen)
}

/// The roster.
fn member_routes() -> Routes {
    Routes::new()
        .get("/members", roster_list::list)
        .get("/members/new", members::new)
        .post("/orgs/{id}/members", members::create)
        .get("/members/{id}", members::show)
        .get("/members/{id}/edit", members::edit)
        .post("/members/{id}/edit", members::update)
        .post("/members/{id}/transfer", members::transfer)
        .post("/members/{id}/leave", members::leave)
        .post("/members/{id}/rejoin", members::rejoin)
}

/// Notices, their receipts and attachments.
fn notice_routes() -> Routes {
    Routes::new()
        .get("/notices", notice_list::list)
        .get("/notices/export.xlsx", notice_list::export)
        .get("/notices/new", notice_forms::new)
        .post_with_body_limit(
            "/notices/preview",
            notice_forms::preview,
            notice_forms::UPLOAD_LIMIT,
        )
        .post("/notices", notice_forms::create)
        .get("/notices/{id}", notices::show)
        .get("/notices/{id}/edit", notice_forms::edit)
        .post("/notices/{id}/edit", notice_forms::update)
        .post("/notices/{id}/publish", notice_publish::publish)
        .post("/notices/{id}/withdraw", notice_forms::withdraw)
        .post("/notices/{id}/sign", notices::sign)
        .post("/notices/{id}/signoff", notice_signoff::act)
        .get("/settings/notices", notice_settings::show)
        .post("/settings/notices", notice_settings::save)
        .get("/notices/{id}/receipts", notice_receipts::receipts)
        .post("/notices/{id}/remind", notice_receipts::remind)
        .post("/notices/{id}/sign-by", notice_receipts::set_sign_by)
        .get("/notices/{id}/official", notice_official::show)
        .post_with_body_limit(
            "/notices/{id}/attachments",
            notice_attachments::add,
            crate::files::BODY_LIMIT,
        )
        .post(
            "/notices/{id}/attachments/{attachment_id}/remove",
            notice_attachments::remove,
        )
        .get(
            "/notices/{id}/attachments/{attachment_id}",
            notice_attachments::download,
        )
        .get(
            "/notices/{id}/receipts.xlsx",
            notice_attachments::receipts_ledger,
        )
        .get("/notices/{id}/tasks/new", task_from_notice::from_notice)
}

/// Tasks, their boards and reports.
fn task_routes() -> Routes {
    Routes::new()
        .get("/tasks", task_list::list)
        .get("/tasks/export.xlsx", task_list::export)
        .get("/tasks/new", task_forms::new)
        .get("/tasks/categories", task_actions::categories)
        .get("/settings/reminders", reminder_settings::show)
        .post("/settings/reminders", reminder_settings::save)
        .post("/tasks/categories", task_actions::set_categories)
        .post("/tasks/new", task_forms::create)
        .get("/tasks/{id}", task_board::show)
        .get("/tasks/{id}/edit", task_forms::edit)
        .post("/tasks/{id}/edit", task_forms::update)
        .post("/tasks/{id}/publish", task_actions::publish)
        .post("/tasks/{id}/close", task_actions::close)
        .post("/tasks/{id}/reopen", task_actions::reopen)
        .post("/tasks/{id}/approve", task_actions::approve)
        .post("/tasks/{id}/remind", task_remind::remind_orgs)
        .post("/tasks/{id}/reminder-ladder", task_remind::set_ladder)
        .get("/tasks/{id}/board.xlsx", task_actions::ledger)
        .get("/tasks/{id}/reports/{org_id}", task_reports::show)
        .post("/tasks/{id}/reports/{org_id}", task_reports::submit)
        .post("/tasks/{id}/reports/{org_id}/review", task_reports::review)
        .get(
            "/tasks/{id}/reports/{org_id}/files/{file_id}",
            task_reports::file,
        )
}

/// A path of this site to go back to after a form, or `/`: never another site.
pub fn safe_local_path(candidate: &str) -> String {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.chars().any(|c| c.is_control())
        && candidate.len() <= 512;
    if ok {
        candidate.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local_path("/account/sessions"), "/account/sessions");
        assert_eq!(safe_local_path("//evil.example/"), "/");
        assert_eq!(safe_local_path("/\\evil.example"), "/");
        assert_eq!(safe_local_path("https://evil.example/"), "/");
        assert_eq!(safe_local_path("/a\nb"), "/");
        assert_eq!(safe_local_path(""), "/");
    }
}
