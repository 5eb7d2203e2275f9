//! 党员: people on an org's roster, their positions, their history and transfers.
//!
//! A member is never deleted: leaving is a status, every edit keeps the previous row in
//! `member_history`, every transfer is kept in `member_transfers`.

use crate::db::Conn;
use crate::decode::state;
use crate::error::Result;
use crate::orgs::{escape_like, subtree_range};
use domain::Timestamp;
use domain::member::MemberStatus;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A roster entry as stored, with the org it belongs to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Member {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_path: String,
    pub name: String,
    pub gender: String,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub member_type: String,
    pub joined_party: Option<String>,
    pub status: MemberStatus,
    pub positions: Vec<String>,
}

const SELECT: &str = "SELECT m.id, m.org_id, o.name AS org_name, o.path AS org_path, m.name, \
     m.gender, m.birth_date, m.phone, m.email, m.member_type, m.joined_party, m.status \
     FROM members m JOIN orgs o ON o.id = m.org_id";

fn from_row(r: &AnyRow) -> Result<Member> {
    Ok(Member {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        org_path: r.try_get("org_path")?,
        name: r.try_get("name")?,
        gender: r.try_get("gender")?,
        birth_date: r.try_get("birth_date")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        member_type: r.try_get("member_type")?,
        joined_party: r.try_get("joined_party")?,
        status: state(r, "status", MemberStatus::parse)?,
        positions: Vec::new(),
    })
}

/// Fills in the positions of `members` with one query.
async fn with_positions<'e, E>(ex: E, mut members: Vec<Member>) -> Result<Vec<Member>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if members.is_empty() {
        return Ok(members);
    }
    let ids = members
        .iter()
        .map(|m| m.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT member_id, position FROM member_positions WHERE member_id IN ({ids}) \
         ORDER BY member_id, position"
    );
    let rows = sqlx::query(&sql).fetch_all(ex).await?;
    for r in rows {
        let id: i64 = r.try_get("member_id")?;
        let position: String = r.try_get("position")?;
        if let Some(m) = members.iter_mut().find(|m| m.id == id) {
            m.positions.push(position);
        }
    }
    Ok(members)
}

/// The fields a person edits.
#[derive(Debug, Clone)]
pub struct MemberFields<'a> {
    pub name: &'a str,
    pub gender: &'a str,
    pub birth_date: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub member_type: &'a str,
    pub joined_party: Option<&'a str>,
}

pub struct NewMember<'a> {
    pub org_id: i64,
    pub name: &'a str,
    pub gender: &'a str,
    pub birth_date: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub member_type: &'a str,
    pub joined_party: Option<&'a str>,
}

pub async fn create(conn: &mut Conn, m: NewMember<'_>, now: Timestamp) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO members (org_id, name, gender, birth_date, phone, email, member_type, \
         joined_party, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(m.org_id)
    .bind(m.name)
    .bind(m.gender)
    .bind(m.birth_date)
    .bind(m.phone)
    .bind(m.email)
    .bind(m.member_type)
    .bind(m.joined_party)
    .bind(now.millis())
    .fetch_one(conn)
    .await?)
}

pub async fn add_position(conn: &mut Conn, member_id: i64, position: &str) -> Result<()> {
    sqlx::query("INSERT INTO member_positions (member_id, position) VALUES ($1, $2)")
        .bind(member_id)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id<'e, E>(ex: E, id: i64) -> Result<Option<Member>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any> + Copy,
{
    let sql = format!("{SELECT} WHERE m.id = $1");
    let found = sqlx::query(&sql).bind(id).fetch_optional(ex).await?;
    let Some(row) = found else { return Ok(None) };
    Ok(with_positions(ex, vec![from_row(&row)?]).await?.pop())
}

/// Keeps the row as it is now in the history, before a change.
async fn snapshot(conn: &mut Conn, id: i64, by: Option<i64>, now: Timestamp) -> Result<()> {
    let current = by_id_in(conn, id).await?;
    let Some(current) = current else {
        return Err(crate::StoreError::Invalid(format!("no member {id}")));
    };
    let json =
        serde_json::to_string(&current).map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
    sqlx::query("INSERT INTO member_history (member_id, snapshot, changed_at, changed_by) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(json)
        .bind(now.millis())
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn by_id_in(conn: &mut Conn, id: i64) -> Result<Option<Member>> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    let Some(row) = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let member = from_row(&row)?;
    Ok(with_positions(&mut *conn, vec![member]).await?.pop())
}

/// Changes a member's fields and positions, keeping the previous version.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: MemberFields<'_>,
    positions: &[&str],
    by: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    snapshot(conn, id, by, now).await?;
    sqlx::query(
        "UPDATE members SET name = $1, gender = $2, birth_date = $3, phone = $4, email = $5, \
         member_type = $6, joined_party = $7 WHERE id = $8",
    )
    .bind(f.name)
    .bind(f.gender)
    .bind(f.birth_date)
    .bind(f.phone)
    .bind(f.email)
    .bind(f.member_type)
    .bind(f.joined_party)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM member_positions WHERE member_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for p in positions {
        add_position(conn, id, p).await?;
    }
    Ok(())
}

/// Moves a member to another org, keeping where they were.
pub async fn transfer(
    conn: &mut Conn,
    id: i64,
    from_org: i64,
    to_org: i64,
    note: &str,
    by: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    snapshot(conn, id, by, now).await?;
    sqlx::query("UPDATE members SET org_id = $1 WHERE id = $2")
        .bind(to_org)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    // Positions belong to the org the member held them in.
    sqlx::query("DELETE FROM member_positions WHERE member_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO member_transfers (member_id, from_org_id, to_org_id, at, by_account, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(from_org)
    .bind(to_org)
    .bind(now.millis())
    .bind(by)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks a member as having left or back on the roster.
pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: MemberStatus,
    by: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    snapshot(conn, id, by, now).await?;
    sqlx::query("UPDATE members SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One entry of a member's transfer history.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub from_org: String,
    pub to_org: String,
    pub at: Timestamp,
    pub note: String,
}

pub async fn transfers<'e, E>(ex: E, member_id: i64) -> Result<Vec<Transfer>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT f.name AS from_org, t.name AS to_org, x.at, x.note FROM member_transfers x \
         JOIN orgs f ON f.id = x.from_org_id JOIN orgs t ON t.id = x.to_org_id \
         WHERE x.member_id = $1 ORDER BY x.id",
    )
    .bind(member_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Transfer {
                from_org: r.try_get("from_org")?,
                to_org: r.try_get("to_org")?,
                at: Timestamp(r.try_get("at")?),
                note: r.try_get("note")?,
            })
        })
        .collect()
}

/// Which members a roster query returns.
#[derive(Debug, Clone, Default)]
pub struct RosterFilter {
    /// Only this org (not its subtree).
    pub org_id: Option<i64>,
    /// Name contains.
    pub name: Option<String>,
    pub include_left: bool,
}

/// Members under any of `roots` matching `filter`, in org then name order, paged.
pub async fn list<'e, E>(
    ex: E,
    roots: &[String],
    filter: &RosterFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Member>, i64)>
where
    E: sqlx::Executor<'e, Database = sqlx::Any> + Copy,
{
    if roots.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut clauses = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let next = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        format!("${}", binds.len())
    };
    let mut scope = Vec::new();
    for root in roots {
        let (lo, hi) = subtree_range(root);
        let a = next(lo, &mut binds);
        let b = next(hi, &mut binds);
        scope.push(format!("(o.path >= {a} AND o.path < {b})"));
    }
    clauses.push(format!("({})", scope.join(" OR ")));
    if let Some(org) = filter.org_id {
        clauses.push(format!("m.org_id = {org}"));
    }
    if let Some(name) = filter
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let p = next(format!("%{}%", escape_like(name)), &mut binds);
        clauses.push(format!("m.name LIKE {p} ESCAPE '\\'"));
    }
    if !filter.include_left {
        clauses.push("m.status = 'active'".to_owned());
    }
    let wh = clauses.join(" AND ");
    let count_sql =
        format!("SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id WHERE {wh}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        count = count.bind(b.clone());
    }
    let total = count.fetch_one(ex).await?;
    let sql = format!("{SELECT} WHERE {wh} ORDER BY o.path, m.id LIMIT {limit} OFFSET {offset}");
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b.clone());
    }
    let members = query
        .fetch_all(ex)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>>>()?;
    Ok((with_positions(ex, members).await?, total))
}

/// The name of the org a member belongs to.
pub async fn org_name_of<'e, E>(ex: E, member_id: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT o.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1",
    )
    .bind(member_id)
    .fetch_optional(ex)
    .await?)
}

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(ex)
        .await?)
}

/// How many of `ids` are active members of the org `org_id` (to check a member-picker answer).
pub async fn count_active_in_org<'e, E>(ex: E, org_id: i64, ids: &[i64]) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(0);
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let list = unique
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT COUNT(*) FROM members WHERE org_id = $1 AND status = 'active' AND id IN ({list})"
    );
    Ok(sqlx::query_scalar(&sql).bind(org_id).fetch_one(ex).await?)
}

/// Names of members by id (for showing a member-picker answer).
pub async fn names<'e, E>(ex: E, ids: &[i64]) -> Result<Vec<(i64, String)>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT id, name FROM members WHERE id IN ({list})");
    let rows = sqlx::query(&sql).fetch_all(ex).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}
