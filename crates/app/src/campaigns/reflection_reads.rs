//! Who reads which reflections (心得体会). The writer reads their own, withdrawn ones too;
//! those who guide a branch's study (GuideStudy over it) and the campaign's committee read
//! every written reflection of the branches they reach; a member of the same branch reads one
//! only once it is featured. Anyone else gets 404, audited.

use super::access::{self, Studying};
use super::reflections::{guides, is_writer, load, object};
use crate::authz;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::access::Action;
use domain::campaign::CampaignState;
use domain::campaign_study::ReflectionState;
use domain::member::MemberStatus;
use std::collections::HashMap;
use store::campaigns::{self, Campaign};
use store::study::{self, Comment, Reflection, ReflectionQuery, ReflectionVersion};
use store::study_member::{self, GuideQuery};

/// The most reflections one list shows.
const LIST_LIMIT: i64 = 500;

/// One reflection as read, with what the reader may do with it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub reflection: Reflection,
    pub campaign: Campaign,
    pub org_name: String,
    pub material_title: Option<String>,
    /// Every version, oldest first.
    pub versions: Vec<ReflectionVersion>,
    pub comments: Vec<Comment>,
    pub may_edit: bool,
    pub may_withdraw: bool,
    pub may_comment: bool,
    pub may_feature: bool,
}

/// The actor's member is an active member of branch `org_id`.
async fn in_branch(app: &App, actor: &Actor, org_id: i64) -> Result<bool> {
    let Some(member_id) = actor.account.member_id else {
        return Ok(false);
    };
    Ok(store::members::by_id(app.db.read(), member_id)
        .await?
        .is_some_and(|m| m.status == MemberStatus::Active && m.org_id == org_id))
}

/// Reads reflection `id` with its versions and comments.
pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<Shown> {
    let (r, c) = load(app, id).await?;
    let writer = is_writer(actor, &r);
    let guide = guides(actor, &r);
    let committee = actor.access.can(Action::ManageCampaigns, &c.org_path);
    let written = r.state == ReflectionState::Written;
    let reads = writer
        || (written
            && c.state != CampaignState::Draft
            && (guide || committee || (r.featured && in_branch(app, actor, r.org_id).await?)));
    if !reads {
        authz::deny(app, actor, Action::GuideStudy, object(&r)).await?;
        return Err(Error::not_found());
    }
    let db = app.db.read();
    let org_name = store::orgs::by_id(db, r.org_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let material_title = match r.material_id {
        Some(m) => campaigns::material(db, m).await?.map(|m| m.title),
        None => None,
    };
    Ok(Shown {
        versions: study::reflection_versions(db, id).await?,
        comments: study::comments(db, id).await?,
        may_edit: writer && written && c.state == CampaignState::Open,
        may_withdraw: writer && written,
        may_comment: written && (guide || writer),
        may_feature: written && guide,
        org_name,
        material_title,
        reflection: r,
        campaign: c,
    })
}

/// One reflection in a list.
#[derive(Debug, Clone)]
pub struct Listed {
    pub reflection: Reflection,
    pub org_name: String,
    pub material_title: Option<String>,
    pub comments: i64,
}

/// A campaign's reflections as the actor reads them.
#[derive(Debug, Clone)]
pub struct Listing {
    pub campaign: Campaign,
    /// Reads every reflection of the branches it reaches (a guide, the committee): the list
    /// may be filtered by branch.
    pub guide: bool,
    /// The branches the filter offers (those with reflections the guide reads).
    pub branches: Vec<(i64, String)>,
    /// The branch filtered on.
    pub org_id: Option<i64>,
    /// The actor studies in the campaign (own reflections, featured ones of the branch).
    pub member: Option<Studying>,
    /// The actor may write one now.
    pub may_write: bool,
    /// Latest first.
    pub items: Vec<Listed>,
}

/// The reflections of campaign `id` the actor reads (of branch `org_id` only, if given).
pub async fn list(app: &App, actor: &Actor, id: i64, org_id: Option<i64>) -> Result<Listing> {
    let (c, seat) = access::readable(app, actor, id).await?;
    let db = app.db.read();
    // The committee reads every branch of its campaign; one who guides reads their subtrees.
    let roots = if seat.manages {
        Some(Vec::new())
    } else {
        Some(actor.access.roots(Action::GuideStudy)).filter(|r| !r.is_empty())
    };
    let mut items: Vec<Reflection> = Vec::new();
    let mut branches = Vec::new();
    if let Some(roots) = &roots {
        let q = GuideQuery {
            campaign_id: c.id,
            roots,
            org_id,
            limit: LIST_LIMIT,
        };
        items = study_member::reflections_under(db, q).await?;
        branches = study_member::reflection_orgs(db, c.id, roots).await?;
    }
    if let Some(member_id) = actor.account.member_id {
        let own = ReflectionQuery {
            campaign_id: c.id,
            member_id: Some(member_id),
            with_withdrawn: true,
            ..ReflectionQuery::default()
        };
        items.extend(study::reflections(db, own).await?);
    }
    if let Some(m) = &seat.member {
        let featured = ReflectionQuery {
            campaign_id: c.id,
            org_ids: std::slice::from_ref(&m.org_id),
            featured_only: true,
            ..ReflectionQuery::default()
        };
        items.extend(study::reflections(db, featured).await?);
    }
    if let Some(o) = org_id {
        items.retain(|r| r.org_id == o);
    }
    items.sort_by(|a, b| b.created_at.0.cmp(&a.created_at.0).then(b.id.cmp(&a.id)));
    items.dedup_by_key(|r| r.id);
    let listed = describe(app, &c, items, &branches).await?;
    Ok(Listing {
        guide: roots.is_some(),
        may_write: c.state == CampaignState::Open && seat.member.is_some(),
        member: seat.member,
        org_id,
        branches,
        items: listed,
        campaign: c,
    })
}

/// Each reflection with its branch's name, its material's title and its number of comments.
async fn describe(
    app: &App,
    c: &Campaign,
    items: Vec<Reflection>,
    known: &[(i64, String)],
) -> Result<Vec<Listed>> {
    let db = app.db.read();
    let mut names: HashMap<i64, String> = known.iter().cloned().collect();
    for r in &items {
        if !names.contains_key(&r.org_id)
            && let Some(o) = store::orgs::by_id(db, r.org_id).await?
        {
            names.insert(o.id, o.name);
        }
    }
    let titles: HashMap<i64, String> = campaigns::materials(db, c.id, true)
        .await?
        .into_iter()
        .map(|m| (m.id, m.title))
        .collect();
    let ids: Vec<i64> = items.iter().map(|r| r.id).collect();
    let counts: HashMap<i64, i64> = study_member::comment_counts(db, &ids)
        .await?
        .into_iter()
        .collect();
    Ok(items
        .into_iter()
        .map(|r| Listed {
            org_name: names.get(&r.org_id).cloned().unwrap_or_default(),
            material_title: r.material_id.and_then(|m| titles.get(&m).cloned()),
            comments: counts.get(&r.id).copied().unwrap_or(0),
            reflection: r,
        })
        .collect())
}
