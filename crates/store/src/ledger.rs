//! 台账: the queries behind the ledger exports: the org tree of a subtree with each org's own
//! member count, and the whole roster of some subtrees with positions. Each is a fixed number
//! of queries however large the tree, so exporting a city's roster costs no query per member.

use crate::decode::state;
use crate::error::{Result, StoreError};
use crate::members::Member;
use crate::orgs::{Org, subtree_range};
use crate::roster_import::scope_clause;
use domain::OrgKind;
use domain::member::MemberStatus;
use domain::org::OrgStatus;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// An org as the org ledger lists it.
#[derive(Debug, Clone)]
pub struct OrgEntry {
    pub org: Org,
    /// Order among its siblings.
    pub sort_order: i64,
    /// Active members directly in this org (not below it).
    pub own_members: i64,
}

fn org_from_row(r: &AnyRow) -> Result<Org> {
    let kind: String = r.try_get("kind")?;
    Ok(Org {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        path: r.try_get("path")?,
        kind: OrgKind::parse(&kind)
            .ok_or_else(|| StoreError::Invalid(format!("unknown org kind {kind}")))?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        society: r.try_get("society")?,
        contact_person: r.try_get("contact_person")?,
        contact_phone: r.try_get("contact_phone")?,
        status: state(r, "status", OrgStatus::parse)?,
    })
}

/// The org at `root` and everything under it, in path order, with own member counts.
pub async fn orgs_under<'e, E>(ex: E, root: &str) -> Result<Vec<OrgEntry>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (lo, hi) = subtree_range(root);
    let rows = sqlx::query(
        "SELECT o.id, o.parent_id, o.path, o.kind, o.name, o.short_name, o.society, \
           o.contact_person, o.contact_phone, o.status, o.sort_order, \
           (SELECT COUNT(*) FROM members m WHERE m.org_id = o.id AND m.status = 'active') \
             AS own_members \
         FROM orgs o WHERE o.path >= $1 AND o.path < $2 ORDER BY o.path",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrgEntry {
                org: org_from_row(r)?,
                sort_order: r.try_get("sort_order")?,
                own_members: r.try_get("own_members")?,
            })
        })
        .collect()
}

/// Everyone on the rosters under `roots` (those who left too when asked), in org path then
/// id order, with their positions.
pub async fn roster_under<'e, E>(ex: E, roots: &[String], include_left: bool) -> Result<Vec<Member>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any> + Copy,
{
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let (scope, binds) = scope_clause(roots);
    let status = if include_left {
        ""
    } else {
        " AND m.status = 'active'"
    };
    let sql = format!(
        "SELECT m.id, m.org_id, o.name AS org_name, o.path AS org_path, m.name, m.gender, \
           m.birth_date, m.phone, m.email, m.member_type, m.joined_party, m.status \
         FROM members m JOIN orgs o ON o.id = m.org_id WHERE ({scope}){status} \
         ORDER BY o.path, m.id"
    );
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b.clone());
    }
    let mut members = query
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
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
        })
        .collect::<Result<Vec<_>>>()?;

    let sql = format!(
        "SELECT p.member_id, p.position FROM member_positions p \
         JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = m.org_id WHERE ({scope})"
    );
    let mut query = sqlx::query(&sql);
    for b in binds {
        query = query.bind(b);
    }
    let mut positions: HashMap<i64, Vec<String>> = HashMap::new();
    for r in query.fetch_all(ex).await? {
        positions
            .entry(r.try_get("member_id")?)
            .or_default()
            .push(r.try_get("position")?);
    }
    for m in &mut members {
        if let Some(p) = positions.remove(&m.id) {
            m.positions = p;
        }
    }
    Ok(members)
}
