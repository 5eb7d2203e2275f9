//! 账号: logins, their password hashes and their lockout state.

use crate::db::Conn;
use crate::error::{Result, on_constraint};
use domain::{Locale, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub member_id: Option<i64>,
    pub locale: Option<Locale>,
    pub must_change_password: bool,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
}

const COLUMNS: &str = "id, username, display_name, password_hash, member_id, locale, \
     must_change_password, disabled, failed_logins, locked_until";

/// [`COLUMNS`] of `accounts a`, for a query that joins it.
pub(crate) const COLUMNS_OF_A: &str = "a.id, a.username, a.display_name, a.password_hash, \
     a.member_id, a.locale, a.must_change_password, a.disabled, a.failed_logins, a.locked_until";

pub(crate) fn from_row(r: &AnyRow) -> Result<Account> {
    let locale: Option<String> = r.try_get("locale")?;
    Ok(Account {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        member_id: r.try_get("member_id")?,
        locale: locale.as_deref().and_then(Locale::parse),
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get::<Option<i64>, _>("locked_until")?.map(Timestamp),
    })
}

pub async fn by_username<'e, E>(ex: E, username: &str) -> Result<Option<Account>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = $1");
    sqlx::query(&sql)
        .bind(username)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Account>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// What a new account starts with.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub member_id: Option<i64>,
    pub must_change_password: bool,
}

pub async fn create(conn: &mut Conn, a: NewAccount<'_>, now: Timestamp) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO accounts (username, display_name, password_hash, member_id, \
         must_change_password, password_changed_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(a.username)
    .bind(a.display_name)
    .bind(a.password_hash)
    .bind(a.member_id)
    .bind(a.must_change_password as i64)
    .bind(now.millis())
    .fetch_one(conn)
    .await
    .map_err(on_constraint)
}

/// Notes, for administrators' listings, that guessing locked the account (for the address that
/// guessed, or for addresses it has not logged in from) until `until`. Logins do not read it:
/// the counters of `login_failures` decide.
pub async fn note_lock(conn: &mut Conn, id: i64, failures: i64, until: Timestamp) -> Result<()> {
    sqlx::query("UPDATE accounts SET failed_logins = $1, locked_until = $2 WHERE id = $3")
        .bind(failures)
        .bind(until.millis())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A successful login clears the failure count.
pub async fn clear_failures(conn: &mut Conn, id: i64) -> Result<()> {
    sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: i64, hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = 0, \
         password_changed_at = $2 WHERE id = $3",
    )
    .bind(hash)
    .bind(now.millis())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_locale(conn: &mut Conn, id: i64, locale: Locale) -> Result<()> {
    sqlx::query("UPDATE accounts SET locale = $1 WHERE id = $2")
        .bind(locale.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(ex)
        .await?)
}

// Account administration (账号管理): the listing an administrator sees and the writes they
// make. Which accounts a listing may show is decided by `domain::account_policy::Reach`.

use crate::orgs::{escape_like, subtree_range};
use domain::account_policy::Reach;

/// An account as the administration shows it, with the org of the member it is linked to.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub member_id: Option<i64>,
    pub member_org_id: Option<i64>,
    pub member_org_name: Option<String>,
    pub member_org_path: Option<String>,
    pub must_change_password: bool,
    pub disabled: bool,
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
}

const SUMMARY_SELECT: &str = "SELECT a.id, a.username, a.display_name, a.member_id, \
     o.id AS org_id, o.name AS org_name, o.path AS org_path, a.must_change_password, \
     a.disabled, a.locked_until, a.created_at \
     FROM accounts a LEFT JOIN members m ON m.id = a.member_id LEFT JOIN orgs o ON o.id = m.org_id";

fn summary_from_row(r: &AnyRow) -> Result<Summary> {
    Ok(Summary {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        member_id: r.try_get("member_id")?,
        member_org_id: r.try_get("org_id")?,
        member_org_name: r.try_get("org_name")?,
        member_org_path: r.try_get("org_path")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        locked_until: r.try_get::<Option<i64>, _>("locked_until")?.map(Timestamp),
        created_at: Timestamp(r.try_get("created_at")?),
    })
}

/// One account as the administration shows it.
pub async fn summary<'e, E>(ex: E, id: i64) -> Result<Option<Summary>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SUMMARY_SELECT} WHERE a.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .as_ref()
        .map(summary_from_row)
        .transpose()
}

/// Text parameters of a query built piece by piece, numbered as they are added.
#[derive(Default)]
struct Params(Vec<String>);

impl Params {
    fn add(&mut self, value: String) -> String {
        self.0.push(value);
        format!("${}", self.0.len())
    }

    /// `column` lies in the subtree of one of `roots` (an index range each); never empty.
    fn under(&mut self, column: &str, roots: &[String]) -> String {
        if roots.is_empty() {
            return "1 = 0".to_owned();
        }
        let ranges: Vec<String> = roots
            .iter()
            .map(|root| {
                let (lo, hi) = subtree_range(root);
                let lo = self.add(lo);
                let hi = self.add(hi);
                format!("({column} >= {lo} AND {column} < {hi})")
            })
            .collect();
        format!("({})", ranges.join(" OR "))
    }

    /// The SQL form of [`Reach::covers`].
    fn reach(&mut self, reach: &Reach) -> String {
        let live_grant = "SELECT 1 FROM grants g JOIN orgs go ON go.id = g.org_id \
             WHERE g.account_id = a.id AND g.revoked_at IS NULL";
        match reach {
            Reach::Members(roots) => {
                let business = domain::Role::ALL
                    .iter()
                    .filter(|r| !r.is_system())
                    .map(|r| format!("'{}'", r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let member_under = self.under("o.path", roots);
                let grant_under = self.under("go.path", roots);
                format!(
                    "(o.path IS NOT NULL AND {member_under} AND NOT EXISTS ({live_grant} \
                     AND (g.role NOT IN ({business}) OR NOT {grant_under})))"
                )
            }
            Reach::Everything(roots) => {
                let member_under = self.under("o.path", roots);
                let grant_under = self.under("go.path", roots);
                format!(
                    "((o.path IS NULL OR {member_under}) AND NOT EXISTS ({live_grant} \
                     AND NOT {grant_under}))"
                )
            }
            Reach::AllButOverseers(roots) => {
                let everything = self.reach(&Reach::Everything(roots.clone()));
                let overseers = domain::Role::ALL
                    .iter()
                    .filter(|r| r.oversees_system_admin())
                    .map(|r| format!("'{}'", r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("({everything} AND NOT EXISTS ({live_grant} AND g.role IN ({overseers})))")
            }
        }
    }
}

/// What an administrator's account listing asks for.
#[derive(Debug, Clone, Default)]
pub struct ReachedQuery<'a> {
    /// The accounts the administrator reaches; nothing when empty.
    pub reaches: &'a [Reach],
    /// Subtrees whose members' names the administrator may read: display names of accounts
    /// linked to members elsewhere are not searched, so a search cannot reveal them.
    pub names_under: &'a [String],
    /// Username or display name contains.
    pub q: &'a str,
}

/// The accounts `query` reaches, by username, paged; and how many there are.
pub async fn list_reached<'e, E>(
    ex: E,
    query: &ReachedQuery<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Summary>, i64)>
where
    E: sqlx::Executor<'e, Database = sqlx::Any> + Copy,
{
    if query.reaches.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut params = Params::default();
    let reached: Vec<String> = query.reaches.iter().map(|r| params.reach(r)).collect();
    let mut clauses = vec![format!("({})", reached.join(" OR "))];
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = params.add(format!("%{}%", escape_like(&q.to_lowercase())));
        let names = params.under("o.path", query.names_under);
        clauses.push(format!(
            "(a.username LIKE {pattern} ESCAPE '\\' OR (LOWER(a.display_name) LIKE {pattern} \
             ESCAPE '\\' AND (a.member_id IS NULL OR {names})))"
        ));
    }
    let filter = clauses.join(" AND ");
    let count_sql = format!(
        "SELECT COUNT(*) FROM accounts a LEFT JOIN members m ON m.id = a.member_id \
         LEFT JOIN orgs o ON o.id = m.org_id WHERE {filter}"
    );
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for p in &params.0 {
        count = count.bind(p.clone());
    }
    let total = count.fetch_one(ex).await?;
    let list_sql = format!(
        "{SUMMARY_SELECT} WHERE {filter} ORDER BY a.username, a.id \
         LIMIT {} OFFSET {}",
        limit.max(0),
        offset.max(0)
    );
    let mut list = sqlx::query(&list_sql);
    for p in &params.0 {
        list = list.bind(p.clone());
    }
    let rows = list
        .fetch_all(ex)
        .await?
        .iter()
        .map(summary_from_row)
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// The account linked to a member, if there is one.
pub async fn of_member<'e, E>(ex: E, member_id: i64) -> Result<Option<i64>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT id FROM accounts WHERE member_id = $1 ORDER BY id LIMIT 1")
            .bind(member_id)
            .fetch_optional(ex)
            .await?,
    )
}

/// An administrator's reset: a temporary password the account must change at its next
/// login. It also lifts a lockout, since the person was just given a password that works.
pub async fn reset_password(conn: &mut Conn, id: i64, hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $1, must_change_password = 1, \
         password_changed_at = $2, failed_logins = 0, locked_until = NULL WHERE id = $3",
    )
    .bind(hash)
    .bind(now.millis())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM login_failures WHERE username = (SELECT username FROM accounts WHERE id = $1)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Disables or enables an account; answers whether that changed anything.
pub async fn set_disabled(conn: &mut Conn, id: i64, disabled: bool) -> Result<bool> {
    let flag = disabled as i64;
    let done = sqlx::query("UPDATE accounts SET disabled = $1 WHERE id = $2 AND disabled <> $3")
        .bind(flag)
        .bind(id)
        .bind(flag)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
