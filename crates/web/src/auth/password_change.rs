//! Changing one's own password, shared by the page and the API. On success every session of
//! the account ends, the current one included. Its password checks take turns with the
//! logins' (`hash_gate`).

use crate::auth::current::Authenticated;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::passwords::hash as password_hash;
use axum::http::StatusCode;
use domain::{NewPassword, PasswordProblem, Problem};
use store::audit::{AuditEntry, Outcome};
use store::sessions::{self, EndReason};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeProblem {
    WrongCurrent,
    SameAsCurrent,
    Policy(PasswordProblem),
}

impl Problem for ChangeProblem {
    fn code(&self) -> &'static str {
        match self {
            ChangeProblem::WrongCurrent => "wrong_current_password",
            ChangeProblem::SameAsCurrent => "password_unchanged",
            ChangeProblem::Policy(p) => p.code(),
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ChangeProblem::WrongCurrent => "password.wrong_current",
            ChangeProblem::SameAsCurrent => "password.unchanged",
            ChangeProblem::Policy(p) => p.message_key(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ChangeProblem::Policy(p) => p.args(),
            _ => Vec::new(),
        }
    }
}

pub async fn change(
    state: &AppState,
    user: &Authenticated,
    current: String,
    new: &str,
) -> Result<std::result::Result<(), ChangeProblem>> {
    let account = &user.account;
    let now = state.now();
    let audit_entry = |outcome, detail: &str| AuditEntry {
        at: now,
        account_id: Some(account.id),
        username: &account.username,
        ip: &user.client.ip,
        action: "account.change_password",
        object_type: "account",
        object_id: account.id.to_string(),
        org_id: None,
        outcome,
        detail: detail.to_owned(),
    };
    // Checking and hashing take their turn with the logins' password checks, so a flood of
    // changes cannot run unbounded argon2 work either.
    let Some(_turn) = state.hash_gate.enter().await else {
        return Err(Error::client(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "login.busy",
        ));
    };
    if !password_hash::verify(Some(account.password_hash.clone()), current.clone()).await {
        let tx = state.db.begin().await?;
        store::audit::commit_with(tx, audit_entry(Outcome::Failure, "wrong current password"))
            .await?;
        return Ok(Err(ChangeProblem::WrongCurrent));
    }
    if current == new {
        return Ok(Err(ChangeProblem::SameAsCurrent));
    }
    let new = match NewPassword::parse(new, &account.username) {
        Ok(p) => p,
        Err(problem) => return Ok(Err(ChangeProblem::Policy(problem))),
    };
    let hash = password_hash::hash(new.expose().to_owned()).await?;
    let mut tx = state.db.begin().await?;
    store::accounts::set_password(&mut tx, account.id, &hash, now).await?;
    let ended =
        sessions::end_all_except(&mut tx, account.id, None, EndReason::PasswordChanged, now)
            .await?;
    store::audit::commit_with(
        tx,
        audit_entry(Outcome::Success, &format!("{ended} sessions ended")),
    )
    .await?;
    Ok(Ok(()))
}
