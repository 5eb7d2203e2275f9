//! The login procedure, shared by the login page and `POST /api/v1/auth/token`.
//!
//! Order matters: a login first takes a turn at password checking (a bounded number run at once);
//! then, in one transaction, it is charged to its address, to its username from that address,
//! and — from an address the account has not logged in from lately — to its username
//! account-wide, each charge checking its limit in the same statement, so parallel guesses
//! cannot overtake the count; a refused charge undoes the others and no password is checked.
//! Only then is the password checked (unknown names cost a decoy hash and are counted like real
//! ones, so neither timing nor lockout reveals which names exist); a right password refunds the
//! charges. The outcome and its audit event are written in one transaction.

use crate::auth::{Client, token};
use crate::error::Result;
use crate::state::AppState;
use app::passwords::hash as password_hash;
use domain::Timestamp;
use std::time::Duration;
use store::accounts::{self, Account};
use store::audit::{self, AuditEntry, Outcome};
use store::login_failures::{self, ACCOUNT_WIDE, Charge};
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
    /// Wrong name or password; `remaining` attempts from this address before the name locks.
    BadCredentials {
        remaining: Option<i64>,
    },
    /// The name is locked for this address (or for addresses it has not logged in from).
    Locked {
        until: Timestamp,
    },
    AddressLimited {
        until: Timestamp,
    },
    Disabled,
    /// Too many password checks are running; nothing was checked or counted.
    Busy {
        retry_after: Duration,
    },
}

impl Refusal {
    /// Whole seconds the client should wait before trying again (`Retry-After`), if any.
    pub fn retry_after(&self, now: Timestamp) -> Option<u64> {
        let wait = match self {
            Refusal::Locked { until } | Refusal::AddressLimited { until } => until.since(now),
            Refusal::Busy { retry_after } => *retry_after,
            Refusal::BadCredentials { .. } | Refusal::Disabled => return None,
        };
        Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
    }
}

/// What one attempt was charged: (failures counted with it, the lock it set) per address, and
/// account-wide when the address is not one the account logged in from lately.
#[derive(Debug, Clone, Copy)]
struct Charged {
    per_address: (i64, Option<Timestamp>),
    account_wide: Option<(i64, Option<Timestamp>)>,
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

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Charges the attempt to every counter that applies, in one transaction; a counter already at
/// its limit refuses the attempt and the transaction is dropped, undoing the other charges.
async fn charge(
    state: &AppState,
    typed: &str,
    ip: &str,
    known_address: bool,
    now: Timestamp,
) -> Result<std::result::Result<Charged, Refusal>> {
    let policy = state.login;
    let mut tx = state.db.begin().await?;
    let window = millis(policy.ip_window);
    let Some((_, window_start)) =
        throttle::charge(&mut tx, ip, now, window, policy.ip_max_failures).await?
    else {
        let start = throttle::window(&mut *tx, ip)
            .await?
            .map_or(now, |(s, _)| s);
        return Ok(Err(Refusal::AddressLimited {
            until: policy.ip_window_end(start),
        }));
    };
    let per_address =
        match login_failures::charge(&mut tx, typed, ip, policy.per_address, now).await? {
            Charge::Counted {
                failures,
                locked_until,
            } => (failures, locked_until),
            Charge::Locked(until) => return Ok(Err(Refusal::Locked { until })),
        };
    let account_wide = if known_address {
        None
    } else {
        match login_failures::charge(&mut tx, typed, ACCOUNT_WIDE, policy.account_wide, now).await?
        {
            Charge::Counted {
                failures,
                locked_until,
            } => Some((failures, locked_until)),
            Charge::Locked(until) => return Ok(Err(Refusal::Locked { until })),
        }
    };
    store::commit(tx).await?;
    if window_start == now {
        // A new window for this address: a moment to forget counters nobody uses any more. In
        // a transaction of its own, so it never holds rows while waiting for a charge's.
        let mut tx = state.db.begin().await?;
        login_failures::forget_stale(&mut tx, policy.longest_window(), now).await?;
        store::commit(tx).await?;
    }
    Ok(Ok(Charged {
        per_address,
        account_wide,
    }))
}

/// Gives the charges back: the password was right. The count for this address starts afresh.
async fn refund(conn: &mut store::Conn, typed: &str, ip: &str, charged: Charged) -> Result<()> {
    throttle::refund(conn, ip).await?;
    login_failures::clear(conn, typed, ip).await?;
    if let Some((_, lock)) = charged.account_wide {
        login_failures::refund(conn, typed, ACCOUNT_WIDE, lock.is_some()).await?;
    }
    Ok(())
}

/// Records a wrong password (or unknown name) and the lock it set, if it set one.
async fn fail(
    state: &AppState,
    account: Option<&Account>,
    typed: &str,
    client: &Client,
    charged: Charged,
    now: Timestamp,
) -> Result<Refusal> {
    let id = account.map(|a| a.id);
    let mut tx = state.db.begin().await?;
    let why = if account.is_some() {
        "wrong password"
    } else {
        "unknown username"
    };
    let e = entry(
        now,
        id,
        typed,
        client,
        "login",
        Outcome::Failure,
        why.into(),
    );
    audit::record(&mut tx, e).await?;
    let (failures, per_address_lock) = charged.per_address;
    let mut locks = Vec::new();
    if let Some(until) = per_address_lock {
        locks.push((
            until,
            format!("{failures} failed logins from {}", client.ip),
        ));
    }
    if let Some((n, Some(until))) = charged.account_wide {
        locks.push((
            until,
            format!("{n} failed logins from addresses it has not logged in from"),
        ));
    }
    let refusal = match locks.iter().map(|(until, _)| *until).max() {
        Some(until) => {
            let detail: Vec<String> = locks.into_iter().map(|(_, d)| d).collect();
            let e = entry(
                now,
                id,
                typed,
                client,
                "account.lock",
                Outcome::Success,
                detail.join("; "),
            );
            audit::record(&mut tx, e).await?;
            if let Some(id) = id {
                accounts::note_lock(&mut tx, id, failures, until).await?;
            }
            Refusal::Locked { until }
        }
        None => Refusal::BadCredentials {
            remaining: Some(state.login.remaining(failures)),
        },
    };
    store::commit(tx).await?;
    Ok(refusal)
}

/// Whether the account logged in from `ip` lately (failures from there lock only there).
async fn known_address(
    state: &AppState,
    account: Option<&Account>,
    ip: &str,
    now: Timestamp,
) -> Result<bool> {
    let Some(a) = account else {
        return Ok(false);
    };
    let since = now.minus(state.login.known_address_for);
    Ok(login_failures::known_address(state.db.read(), a.id, ip, since).await?)
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
    // Whatever was typed, bounded, for the counters and the audit log; never the password.
    let typed: String = username.trim().to_lowercase().chars().take(64).collect();

    let Some(_turn) = state.hash_gate.enter().await else {
        tracing::warn!("login refused: too many password checks at once");
        return Ok(Err(Refusal::Busy {
            retry_after: state.hash_gate.retry_after(),
        }));
    };
    let now = state.now();

    let account = accounts::by_username(state.db.read(), &typed).await?;
    let known_address = known_address(state, account.as_ref(), &client.ip, now).await?;

    let charged = match charge(state, &typed, &client.ip, known_address, now).await? {
        Ok(charged) => charged,
        Err(refusal) => {
            let detail = match refusal {
                Refusal::AddressLimited { .. } => "address limited",
                _ => "account locked",
            };
            let id = account.as_ref().map(|a| a.id);
            let e = entry(
                now,
                id,
                &typed,
                client,
                "login",
                Outcome::Denied,
                detail.into(),
            );
            store::audit::commit_with(state.db.begin().await?, e).await?;
            return Ok(Err(refusal));
        }
    };

    let matches =
        password_hash::verify(account.as_ref().map(|a| a.password_hash.clone()), password).await;

    let account = match (account, matches) {
        (Some(account), true) => account,
        (account, _) => {
            let refusal = fail(state, account.as_ref(), &typed, client, charged, now).await?;
            return Ok(Err(refusal));
        }
    };

    let mut tx = state.db.begin().await?;
    refund(&mut tx, &typed, &client.ip, charged).await?;
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

    let expires_at = state.sessions.absolute_expiry(now);
    let session = (kind, replaces, expires_at);
    start_session(tx, account, client, session, now)
        .await
        .map(Ok)
}

/// The right password for an enabled account: its failures are forgotten, its address
/// remembered, the session it replaces ended and a new one started, in the attempt's
/// transaction with the login's audit event.
async fn start_session(
    mut tx: store::Tx,
    account: Account,
    client: &Client,
    (kind, replaces, expires_at): (SessionKind, Option<(i64, i64)>, Timestamp),
    now: Timestamp,
) -> Result<LoggedIn> {
    accounts::clear_failures(&mut tx, account.id).await?;
    login_failures::remember_address(&mut tx, account.id, &client.ip, now).await?;
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

    Ok(LoggedIn {
        expires_at,
        account,
        secret,
    })
}
