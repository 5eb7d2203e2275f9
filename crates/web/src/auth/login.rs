//! The login procedure, shared by the login page and `POST /api/v1/auth/token`.
//!
//! Order matters: the address limit is checked before any password work; an account's lock is
//! checked before its password; unknown names cost a decoy hash so timing reveals nothing; the
//! outcome and its audit event are written in one transaction.

use crate::auth::{Client, token};
use crate::error::Result;
use crate::state::AppState;
use app::passwords::hash as password_hash;
use domain::Timestamp;
use store::accounts::{self, Account};
use store::audit::{self, AuditEntry, Outcome};
use store::sessions::{self, EndReason, NewSession, SessionKind};
use store::throttle;

/// A login that worked: the new session's secret is returned once, here.
#[derive(Debug)]
pub struct LoggedIn {
    pub account: Account,
    pub secret: String,
    /// The session's absolute end.
    pub expires_at: Timestamp,
}

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Wrong name or password; `remaining` attempts before the account locks, when known.
    BadCredentials {
        remaining: Option<i64>,
    },
    Locked {
        until: Timestamp,
    },
    AddressLimited {
        until: Timestamp,
    },
    Disabled,
}

fn entry<'a>(
    now: Timestamp,
    account_id: Option<i64>,
    username: &'a str,
    client: &'a Client,
    action: &'a str,
    outcome: Outcome,
    detail: String,
) -> AuditEntry<'a> {
    AuditEntry {
        at: now,
        account_id,
        username,
        ip: &client.ip,
        action,
        object_type: "account",
        object_id: account_id.map(|id| id.to_string()).unwrap_or_default(),
        org_id: None,
        outcome,
        detail,
    }
}

/// Tries `username` / `password`. `replaces` is the session the request already had, if any:
/// it ends, so a login always starts a fresh session id.
pub async fn attempt(
    state: &AppState,
    username: &str,
    password: String,
    client: &Client,
    kind: SessionKind,
    replaces: Option<(i64, i64)>,
) -> Result<std::result::Result<LoggedIn, Refusal>> {
    let now = state.now();
    let policy = state.login;
    // Whatever was typed, bounded, for the audit log; never the password.
    let typed: String = username.trim().to_lowercase().chars().take(64).collect();

    if let Some((start, failures)) = throttle::window(state.db.read(), &client.ip).await?
        && let Some(until) = policy.ip_wait(failures, start, now)
    {
        let tx = state.db.begin().await?;
        let e = entry(
            now,
            None,
            &typed,
            client,
            "login",
            Outcome::Denied,
            "address limited".into(),
        );
        store::audit::commit_with(tx, e).await?;
        return Ok(Err(Refusal::AddressLimited { until }));
    }

    let account = accounts::by_username(state.db.read(), &typed).await?;
    if let Some(a) = &account
        && let Some(until) = policy.locked(a.locked_until, now)
    {
        let tx = state.db.begin().await?;
        let e = entry(
            now,
            Some(a.id),
            &typed,
            client,
            "login",
            Outcome::Denied,
            "account locked".into(),
        );
        store::audit::commit_with(tx, e).await?;
        return Ok(Err(Refusal::Locked { until }));
    }

    let matches =
        password_hash::verify(account.as_ref().map(|a| a.password_hash.clone()), password).await;

    let mut tx = state.db.begin().await?;
    let account = match (account, matches) {
        (Some(account), true) => account,
        (account, _) => {
            throttle::record_failure(
                &mut tx,
                &client.ip,
                now,
                policy.ip_window.as_millis() as i64,
            )
            .await?;
            let refusal = match &account {
                Some(a) => {
                    let after = policy.after_failure(a.failed_logins, a.locked_until, now);
                    accounts::set_failures(&mut tx, a.id, after.failures, after.locked_until)
                        .await?;
                    let e = entry(
                        now,
                        Some(a.id),
                        &typed,
                        client,
                        "login",
                        Outcome::Failure,
                        "wrong password".into(),
                    );
                    audit::record(&mut tx, e).await?;
                    match after.locked_until {
                        Some(until) => {
                            let e = entry(
                                now,
                                Some(a.id),
                                &typed,
                                client,
                                "account.lock",
                                Outcome::Success,
                                format!("{} failed logins", after.failures),
                            );
                            audit::record(&mut tx, e).await?;
                            Refusal::Locked { until }
                        }
                        None => Refusal::BadCredentials {
                            remaining: Some(policy.max_failures - after.failures),
                        },
                    }
                }
                None => {
                    let e = entry(
                        now,
                        None,
                        &typed,
                        client,
                        "login",
                        Outcome::Failure,
                        "unknown username".into(),
                    );
                    audit::record(&mut tx, e).await?;
                    Refusal::BadCredentials { remaining: None }
                }
            };
            store::commit(tx).await?;
            return Ok(Err(refusal));
        }
    };

    if account.disabled {
        let e = entry(
            now,
            Some(account.id),
            &typed,
            client,
            "login",
            Outcome::Denied,
            "account disabled".into(),
        );
        store::audit::commit_with(tx, e).await?;
        return Ok(Err(Refusal::Disabled));
    }

    accounts::clear_failures(&mut tx, account.id).await?;
    if let Some((old_account, old_session)) = replaces {
        sessions::end(&mut tx, old_account, old_session, EndReason::Logout, now).await?;
    }
    let secret = token::new_secret();
    let csrf_token = token::new_secret();
    let session_id = sessions::create(
        &mut tx,
        NewSession {
            token_hash: &token::hash(&secret),
            account_id: account.id,
            kind,
            csrf_token: &csrf_token,
            ip: &client.ip,
            user_agent: &client.user_agent,
        },
        now,
    )
    .await?;
    let e = entry(
        now,
        Some(account.id),
        &account.username,
        client,
        "login",
        Outcome::Success,
        format!("{} session {session_id}", kind.as_str()),
    );
    store::audit::commit_with(tx, e).await?;

    Ok(Ok(LoggedIn {
        expires_at: state.sessions.absolute_expiry(now),
        account,
        secret,
    }))
}
