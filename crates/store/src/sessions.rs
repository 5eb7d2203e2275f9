//! 会话: logged-in sessions (browser cookies and API bearer tokens), stored in the database so
//! several server processes can share them.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

/// How a session was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser session carried in a cookie; state-changing requests need its CSRF token.
    Web,
    /// An API token sent as `Authorization: Bearer`.
    Api,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    Logout,
    Ended,
    PasswordChanged,
    IdleExpired,
    AbsoluteExpired,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Logout => "logout",
            EndReason::Ended => "ended",
            EndReason::PasswordChanged => "password_changed",
            EndReason::IdleExpired => "idle_expired",
            EndReason::AbsoluteExpired => "absolute_expired",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub account_id: i64,
    pub kind: String,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub ip: String,
    pub user_agent: String,
}

const COLUMNS: &str = "id, account_id, kind, csrf_token, created_at, last_seen_at, ip, user_agent";

fn from_row(r: &AnyRow) -> Result<Session> {
    Ok(Session {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        kind: r.try_get("kind")?,
        csrf_token: r.try_get("csrf_token")?,
        created_at: Timestamp(r.try_get("created_at")?),
        last_seen_at: Timestamp(r.try_get("last_seen_at")?),
        ip: r.try_get("ip")?,
        user_agent: r.try_get("user_agent")?,
    })
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub account_id: i64,
    pub kind: SessionKind,
    pub csrf_token: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub async fn create(conn: &mut Conn, s: NewSession<'_>, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, account_id, kind, csrf_token, created_at, \
         last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id",
    )
    .bind(s.token_hash)
    .bind(s.account_id)
    .bind(s.kind.as_str())
    .bind(s.csrf_token)
    .bind(now.millis())
    .bind(s.ip)
    .bind(s.user_agent)
    .fetch_one(conn)
    .await?)
}

/// The open (not ended) session whose secret hashes to `token_hash`.
pub async fn open_by_token_hash<'e, E>(ex: E, token_hash: &str) -> Result<Option<Session>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE token_hash = $1 AND ended_at IS NULL");
    sqlx::query(&sql)
        .bind(token_hash)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// An open session with its account and the account's live grants, as every request needs
/// them.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub session: Session,
    pub account: crate::accounts::Account,
    pub grants: Vec<crate::grants::Grant>,
}

/// The open session whose secret hashes to `token_hash`, with its account and live grants:
/// one query (a row per grant) rather than three, as it runs on every request.
pub async fn resolve<'e, E>(ex: E, token_hash: &str) -> Result<Option<Resolved>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT s.id AS s_id, s.kind AS s_kind, s.csrf_token AS s_csrf_token, \
         s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.ip AS s_ip, \
         s.user_agent AS s_user_agent, {}, \
         g.id AS g_id, g.role AS g_role, g.org_id AS g_org_id, o.name AS g_org_name, \
         o.path AS g_org_path \
         FROM sessions s JOIN accounts a ON a.id = s.account_id \
         LEFT JOIN (grants g JOIN orgs o ON o.id = g.org_id) \
           ON g.account_id = a.id AND g.revoked_at IS NULL \
         WHERE s.token_hash = $1 AND s.ended_at IS NULL ORDER BY g.id",
        crate::accounts::COLUMNS_OF_A
    );
    let rows = sqlx::query(&sql).bind(token_hash).fetch_all(ex).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let account = crate::accounts::from_row(first)?;
    let session = Session {
        id: first.try_get("s_id")?,
        account_id: account.id,
        kind: first.try_get("s_kind")?,
        csrf_token: first.try_get("s_csrf_token")?,
        created_at: Timestamp(first.try_get("s_created_at")?),
        last_seen_at: Timestamp(first.try_get("s_last_seen_at")?),
        ip: first.try_get("s_ip")?,
        user_agent: first.try_get("s_user_agent")?,
    };
    let mut grants = Vec::new();
    for r in &rows {
        let Some(id) = r.try_get::<Option<i64>, _>("g_id")? else {
            continue;
        };
        let role: String = r.try_get("g_role")?;
        // A role this build does not know grants nothing.
        let Some(role) = domain::Role::parse(&role) else {
            continue;
        };
        grants.push(crate::grants::Grant {
            id,
            role,
            org_id: r.try_get("g_org_id")?,
            org_name: r.try_get("g_org_name")?,
            org_path: r.try_get("g_org_path")?,
        });
    }
    Ok(Some(Resolved {
        session,
        account,
        grants,
    }))
}

/// An account's open sessions, most recently used first.
pub async fn open_for_account<'e, E>(ex: E, account_id: i64) -> Result<Vec<Session>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE account_id = $1 AND ended_at IS NULL \
         ORDER BY last_seen_at DESC, id DESC"
    );
    sqlx::query(&sql)
        .bind(account_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn touch(conn: &mut Conn, id: i64, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now.millis())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends one session of `account_id`; answers whether there was such an open session.
pub async fn end(
    conn: &mut Conn,
    account_id: i64,
    id: i64,
    reason: EndReason,
    now: Timestamp,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE sessions SET ended_at = $1, end_reason = $2 \
         WHERE id = $3 AND account_id = $4 AND ended_at IS NULL",
    )
    .bind(now.millis())
    .bind(reason.as_str())
    .bind(id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every open session of an account except `keep`; answers how many ended.
pub async fn end_all_except(
    conn: &mut Conn,
    account_id: i64,
    keep: Option<i64>,
    reason: EndReason,
    now: Timestamp,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE sessions SET ended_at = $1, end_reason = $2 \
         WHERE account_id = $3 AND ended_at IS NULL AND id <> $4",
    )
    .bind(now.millis())
    .bind(reason.as_str())
    .bind(account_id)
    .bind(keep.unwrap_or(-1))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
