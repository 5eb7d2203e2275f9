//! The OpenAPI document, generated from the handlers' annotations and the types they use.

use super::openapi_common::CommonResponses;
use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// Every error: `{"error":{"code","message"}}`, the message in the request's language.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: invalid_credentials, account_locked, csrf, not_found …
    pub code: String,
    /// For people, in zh-CN or en by `Accept-Language` or the account's setting.
    pub message: String,
    /// For invalid fields or answers: each field (`title`, `form.fields[2].options`,
    /// `rows[3].hours` …) with its rule's code and a message naming it.
    pub problems: Option<Vec<ProblemDetail>>,
    /// On server errors (5xx): the request's id, as in the `X-Request-Id` header, to quote
    /// when reporting the error.
    pub request_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProblemDetail {
    pub field: String,
    pub code: String,
    pub message: String,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "zhibu API", description = "The work platform of a Party committee and its branches."),
    paths(
        super::token::create,
        super::token::revoke,
        super::me::show,
        super::me::change_password,
        super::orgs::list,
        super::orgs::show,
        super::orgs::create,
        super::orgs::update,
        super::orgs::move_under,
        super::orgs::close,
        super::orgs::reopen,
        super::members::list,
        super::members::show,
        super::members::create,
        super::members::update,
        super::members::transfer,
        super::members::leave,
        super::members::rejoin,
        super::audit::list,
        super::roster_import::import,
        super::ledger_export::orgs,
        super::ledger_export::roster,
        super::accounts::list,
        super::accounts::create,
        super::accounts::show,
        super::accounts::reset_password,
        super::accounts::disable,
        super::accounts::enable,
        super::accounts::grant_list,
        super::accounts::grant_create,
        super::accounts::grant_revoke,
        super::notices::create,
        super::notices::list,
        super::notices::show,
        super::notices::update,
        super::notices::publish,
        super::notices::withdraw,
        super::notices::sign,
        super::notice_signoff::show,
        super::notice_signoff::act,
        super::notice_signoff::settings_show,
        super::notice_signoff::settings_save,
        super::notice_receipts::list,
        super::notice_reminders::create,
        super::notice_reminders::sign_by,
        super::notice_receipts::ledger,
        super::notice_attachments::add,
        super::notice_attachments::list,
        super::notice_attachments::download,
        super::notice_attachments::remove,
        super::tasks::categories,
        super::tasks::set_categories,
        super::tasks::create,
        super::tasks::list,
        super::tasks::show,
        super::tasks::update,
        super::tasks::publish,
        super::tasks::close,
        super::tasks::reopen,
        super::task_reports::show,
        super::task_reports::save,
        super::task_reports::review,
        super::task_reports::approve_many,
        super::task_reports::board_view,
        super::task_reports::late_notice,
        super::task_reports::add_file,
        super::task_reports::file,
        super::task_ledger::ledger,
        super::task_reminders::create,
        super::task_reminders::task_ladder,
        super::task_reminders::settings_show,
        super::task_reminders::settings_save,
        super::messages::list,
        super::messages::read,
        super::messages::read_all,
        super::channels::show,
        super::channels::save,
        super::channels::test_email,
        super::channels::robots,
        super::channels::add_robot,
        super::channels::remove_robot,
        super::channels::test_robot,
        super::channels::deliveries,
        super::activities::records::list,
        super::activities::records::create,
        super::activities::records::show,
        super::activities::records::update,
        super::activities::records::held,
        super::activities::records::confirm,
        super::activities::records::cancel,
        super::activities::records::correct,
        super::activities::records::versions,
        super::activities::attendance::mark,
        super::activities::attendance::attend,
        super::activities::photos::add,
        super::activities::photos::show,
        super::activities::summaries::ledger,
        super::activities::summaries::board,
        super::activities::summaries::mine,
        super::activities::summaries::kinds,
        super::activities::summaries::set_kinds,
        super::activities::summaries::settings,
        super::activities::summaries::set_settings,
        super::campaigns::records::list,
        super::campaigns::records::create,
        super::campaigns::records::show,
        super::campaigns::records::update,
        super::campaigns::records::open,
        super::campaigns::records::close,
        super::campaigns::records::versions,
        super::campaigns::materials::add,
        super::campaigns::materials::update,
        super::campaigns::materials::remove,
        super::campaigns::sessions::show,
        super::campaigns::sessions::link,
        super::campaign_dashboard::dashboard,
        super::campaign_dashboard::branch,
        super::campaign_report::create,
    ),
    components(schemas(ErrorBody, ErrorDetail, ProblemDetail)),
    modifiers(&BearerAuth, &CommonResponses),
    tags(
        (name = "auth", description = "Tokens"),
        (name = "account", description = "The calling account"),
        (name = "orgs", description = "The organisation tree (组织)"),
        (name = "members", description = "The roster (党员); guarded fields are null unless the caller's grant covers them"),
        (name = "audit", description = "The audit log (审计日志), for audit administrators"),
        (name = "ledger", description = "Ledgers (台账): roster import from spreadsheets, org and roster exports as .xlsx"),
        (name = "accounts", description = "Account administration (账号管理): accounts, passwords, grants of roles"),
        (name = "tasks", description = "Tasks (任务) with report forms (表单), reports (报送) with every version kept, review (审核: approve or return with a reason), and the supervision board (督办)"),
        (name = "messages", description = "The caller's inbox (消息): reminders (催办) and other messages, in the caller's language"),
        (name = "activities", description = "Branch activities (活动 / 会议记录): planned, held, confirmed (locked) or cancelled, every version kept, corrections with their reason; attendance (考勤) with figures always computed; photos stripped of EXIF/GPS; the 三会一课 ledger, the committee's board, a member's own list; the kinds of activity and each branch's choices"),
        (name = "campaigns", description = "Study campaigns (主题学习活动): a committee writes one with its materials (学习材料) and required activities, opens it to the orgs taking part and closes it; a branch puts its activities in it with the materials they studied; its report tasks are filled from each branch's records; the dashboard of figures by level of the tree, and a branch's progress with its to-do list"),
        (name = "notices", description = "Notices (通知): drafts parsed from their text or a file, revisions, publishing to orgs, withdrawal, opening and signing (签收), receipts, attachments (附件); the optional 签发 (送审, 核稿, 签发) before publishing and the setting that asks for it"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::campaign_study::StudyDoc::openapi());
    Json(doc)
}
