//! 党员: people on an org's roster.

use crate::db::Conn;
use crate::error::Result;
use domain::Timestamp;

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

pub async fn count<'e, E>(ex: E) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(ex)
        .await?)
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
