//! The JSON API under `/api/v1`, described by the OpenAPI document it serves.

mod accounts;
mod activities;
mod audit;
mod campaign_dashboard;
mod campaign_report;
mod campaign_study;
mod campaigns;
pub(crate) mod channels;
mod json;
mod ledger_export;
mod me;
mod members;
mod messages;
mod notice_attachments;
mod notice_receipts;
mod notice_reminders;
mod notice_signoff;
mod notice_upload;
mod notice_views;
mod notices;
mod openapi;
mod openapi_common;
mod orgs;
mod roster_import;
mod task_ledger;
mod task_reminders;
mod task_reports;
mod task_views;
mod tasks;
mod token;

pub(crate) use campaign_report::refused as campaign_report_refused;
pub use json::ApiJson;

use crate::routes::Routes;

/// Every route, area by area.
pub fn routes() -> Routes {
    Routes::new()
        .merge(session_routes())
        .merge(roster_file_routes())
        .merge(account_routes())
        .merge(org_routes())
        .merge(member_routes())
        .merge(audit_routes())
        .merge(notice_routes())
        .merge(task_routes())
        .merge(message_routes())
        .merge(activities::routes())
        .merge(campaign_study::routes())
        .merge(campaigns::routes())
        .merge(campaign_dashboard::routes())
        .merge(campaign_report_routes())
}

/// A campaign's report task.
fn campaign_report_routes() -> Routes {
    Routes::new().post(
        "/api/v1/campaigns/{id}/report-tasks",
        campaign_report::create,
    )
}

/// The caller's inbox, how the caller is reached, the robots of orgs and the deliveries.
fn message_routes() -> Routes {
    Routes::new()
        .get("/api/v1/me/notifications", channels::show)
        .put("/api/v1/me/notifications", channels::save)
        .post("/api/v1/me/notifications/test", channels::test_email)
        .get("/api/v1/orgs/{id}/robots", channels::robots)
        .post("/api/v1/orgs/{id}/robots", channels::add_robot)
        .delete("/api/v1/robots/{id}", channels::remove_robot)
        .post("/api/v1/robots/{id}/test", channels::test_robot)
        .get("/api/v1/deliveries", channels::deliveries)
        .get("/api/v1/messages", messages::list)
        .post("/api/v1/messages/read-all", messages::read_all)
        .post("/api/v1/messages/{id}/read", messages::read)
}

/// Tokens, the signed-in person, and the OpenAPI document.
fn session_routes() -> Routes {
    Routes::new()
        .post("/api/v1/auth/token", token::create)
        .delete("/api/v1/auth/token", token::revoke)
        .get("/api/v1/me", me::show)
        .post("/api/v1/me/password", me::change_password)
        .get("/api/v1/openapi.json", openapi::document)
}

/// The roster and the org tree as 台账: import and export.
fn roster_file_routes() -> Routes {
    Routes::new()
        .post_with_body_limit(
            "/api/v1/members/import",
            roster_import::import,
            crate::ledger::upload::BODY_LIMIT,
        )
        .get("/api/v1/members/export.xlsx", ledger_export::roster)
        .get("/api/v1/orgs/export.xlsx", ledger_export::orgs)
}

/// Accounts and their grants.
fn account_routes() -> Routes {
    Routes::new()
        .get("/api/v1/accounts", accounts::list)
        .post("/api/v1/accounts", accounts::create)
        .get("/api/v1/accounts/{id}", accounts::show)
        .post(
            "/api/v1/accounts/{id}/reset-password",
            accounts::reset_password,
        )
        .post("/api/v1/accounts/{id}/disable", accounts::disable)
        .post("/api/v1/accounts/{id}/enable", accounts::enable)
        .get("/api/v1/accounts/{id}/grants", accounts::grant_list)
        .post("/api/v1/accounts/{id}/grants", accounts::grant_create)
        .delete("/api/v1/grants/{id}", accounts::grant_revoke)
}

/// The org tree.
fn org_routes() -> Routes {
    Routes::new()
        .get("/api/v1/orgs", orgs::list)
        .post("/api/v1/orgs", orgs::create)
        .get("/api/v1/orgs/{id}", orgs::show)
        .put("/api/v1/orgs/{id}", orgs::update)
        .post("/api/v1/orgs/{id}/move", orgs::move_under)
        .post("/api/v1/orgs/{id}/close", orgs::close)
        .post("/api/v1/orgs/{id}/reopen", orgs::reopen)
}

/// The roster.
fn member_routes() -> Routes {
    Routes::new()
        .get("/api/v1/members", members::list)
        .post("/api/v1/members", members::create)
        .get("/api/v1/members/{id}", members::show)
        .put("/api/v1/members/{id}", members::update)
        .post("/api/v1/members/{id}/transfer", members::transfer)
        .post("/api/v1/members/{id}/leave", members::leave)
        .post("/api/v1/members/{id}/rejoin", members::rejoin)
}

/// The audit log.
fn audit_routes() -> Routes {
    Routes::new().get("/api/v1/audit", audit::list)
}

/// Notices, their receipts and attachments.
fn notice_routes() -> Routes {
    Routes::new()
        .post_with_body_limit(
            "/api/v1/notices",
            notices::create,
            notice_upload::BODY_LIMIT,
        )
        .get("/api/v1/notices", notices::list)
        .get("/api/v1/notices/{id}", notices::show)
        .put("/api/v1/notices/{id}", notices::update)
        .post("/api/v1/notices/{id}/publish", notices::publish)
        .post("/api/v1/notices/{id}/withdraw", notices::withdraw)
        .post("/api/v1/notices/{id}/sign", notices::sign)
        .get("/api/v1/notices/{id}/signoff", notice_signoff::show)
        .post("/api/v1/notices/{id}/signoff", notice_signoff::act)
        .get("/api/v1/settings/notices", notice_signoff::settings_show)
        .put("/api/v1/settings/notices", notice_signoff::settings_save)
        .get("/api/v1/notices/{id}/receipts", notice_receipts::list)
        .post("/api/v1/notices/{id}/reminders", notice_reminders::create)
        .put("/api/v1/notices/{id}/sign-by", notice_reminders::sign_by)
        .get(
            "/api/v1/notices/{id}/receipts.xlsx",
            notice_receipts::ledger,
        )
        .post_with_body_limit(
            "/api/v1/notices/{id}/attachments",
            notice_attachments::add,
            crate::files::BODY_LIMIT,
        )
        .get("/api/v1/notices/{id}/attachments", notice_attachments::list)
        .get(
            "/api/v1/notices/{id}/attachments/{attachment_id}",
            notice_attachments::download,
        )
        .delete(
            "/api/v1/notices/{id}/attachments/{attachment_id}",
            notice_attachments::remove,
        )
}

/// Tasks, their boards and submissions.
fn task_routes() -> Routes {
    Routes::new()
        .get("/api/v1/task-categories", tasks::categories)
        .put("/api/v1/task-categories", tasks::set_categories)
        .post("/api/v1/tasks", tasks::create)
        .get("/api/v1/tasks", tasks::list)
        .get("/api/v1/tasks/{id}", tasks::show)
        .put("/api/v1/tasks/{id}", tasks::update)
        .post("/api/v1/tasks/{id}/publish", tasks::publish)
        .post("/api/v1/tasks/{id}/close", tasks::close)
        .post("/api/v1/tasks/{id}/reopen", tasks::reopen)
        .post("/api/v1/tasks/{id}/approve", task_reports::approve_many)
        .post("/api/v1/tasks/{id}/reminders", task_reminders::create)
        .put(
            "/api/v1/tasks/{id}/reminder-ladder",
            task_reminders::task_ladder,
        )
        .get("/api/v1/settings/reminders", task_reminders::settings_show)
        .put("/api/v1/settings/reminders", task_reminders::settings_save)
        .get("/api/v1/tasks/{id}/board", task_reports::board_view)
        .get("/api/v1/tasks/{id}/late-notice", task_reports::late_notice)
        .get("/api/v1/tasks/{id}/board.xlsx", task_ledger::ledger)
        .get(
            "/api/v1/tasks/{id}/submissions/{org_id}",
            task_reports::show,
        )
        .put(
            "/api/v1/tasks/{id}/submissions/{org_id}",
            task_reports::save,
        )
        .post(
            "/api/v1/tasks/{id}/submissions/{org_id}/review",
            task_reports::review,
        )
        .post_with_body_limit(
            "/api/v1/tasks/{id}/submissions/{org_id}/files",
            task_reports::add_file,
            crate::files::BODY_LIMIT,
        )
        .get(
            "/api/v1/tasks/{id}/submissions/{org_id}/files/{file_id}",
            task_reports::file,
        )
}
