//! Choosing orgs in a tree of any size. Every fitting org is listed when the caller's subtrees
//! hold few; in a province-sized tree (20,000 orgs fit no list) they are found by name.
//!
//! - [`OrgPicker`]: the orgs a task or notice goes to (下发范围): the caller's whole subtrees,
//!   and single orgs, those already ticked kept across searches. It works without script:
//!   searching submits the form with `intent=find_orgs`, and the page comes back with
//!   everything typed still there.
//! - [`OneOf`]: one org (a member's new org, an org's new parent), with a search row of its own.
//! - [`own_orgs`]: the orgs a caller acts as (issues, assigns): where their grants are.

use crate::auth::current::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::state::AppState;
use domain::OrgKind;
use domain::access::Action;
use store::orgs::{self, Org};

/// The picker of a task's targets: who may assign tasks, and the label of a whole subtree.
pub const TASK_TARGETS: (Action, &str) = (Action::ManageTasks, "task_pages.assign_subtree");
/// The picker of a notice's recipients.
pub const NOTICE_RECIPIENTS: (Action, &str) = (Action::IssueNotices, "notice.publish_subtree");

/// Up to this many orgs in the caller's subtrees, all are listed; past it, found by name.
const LIST_ALL: i64 = 300;
/// Most orgs one search lists.
const FOUND_MAX: i64 = 50;

/// One org to tick: alone, or (for a committee or general branch) with everything under it.
#[derive(Debug)]
pub struct PickRow {
    pub id: i64,
    pub name: String,
    /// Offer "with everything under it": only committees and general branches have orgs
    /// under them that receive tasks (a branch's groups receive nothing).
    pub has_subtree: bool,
    /// Ticked as a single org.
    pub org: bool,
    /// Ticked with its subtree.
    pub subtree: bool,
}

#[derive(Debug, Default)]
pub struct OrgPicker {
    /// The caller's own subtrees, by their roots: (id, "X and everything under it", ticked).
    pub roots: Vec<(i64, String, bool)>,
    pub rows: Vec<PickRow>,
    /// The name searched for.
    pub query: String,
    /// Every org in the caller's subtrees is in `rows`: no search box.
    pub complete: bool,
    /// What to say when a search found nothing.
    pub none_found: Option<String>,
}

/// What the caller has ticked and typed so far.
pub struct Ticked<'a> {
    pub subtrees: &'a [i64],
    pub orgs: &'a [i64],
    pub query: &'a str,
    /// A notice's publish form: the 签收时限 typed, shown again with a refusal; "" elsewhere.
    pub sign_by: &'a str,
}

impl OrgPicker {
    /// The choices of `user` for `action`, leaving out the sending org `except`; each of the
    /// caller's subtrees labelled by `root_label` (a message with `{name}`).
    pub async fn build(
        state: &AppState,
        user: &CurrentUser,
        t: T,
        (action, root_label): (Action, &str),
        ticked: Ticked<'_>,
        except: Option<i64>,
    ) -> Result<OrgPicker> {
        let roots = user.access.roots(action);
        let mut picker = OrgPicker {
            query: ticked.query.trim().chars().take(50).collect(),
            ..OrgPicker::default()
        };
        let mut in_scope = 0;
        for root in &roots {
            in_scope += orgs::count_under(state.db.read(), root).await?;
            if let Some(org) = org_at(state, root).await? {
                let label = t.f(root_label, &[("name", &org.name)]);
                picker
                    .roots
                    .push((org.id, label, ticked.subtrees.contains(&org.id)));
            }
        }
        let keep = |o: &Org| o.is_open() && o.kind != OrgKind::Group && Some(o.id) != except;
        let mut listed: Vec<Org> = Vec::new();
        if in_scope <= LIST_ALL {
            picker.complete = true;
            for root in &roots {
                listed.extend(orgs::list_under(state.db.read(), root, LIST_ALL, 0).await?);
            }
        } else if !picker.query.is_empty() {
            listed = orgs::search(state.db.read(), &roots, &picker.query, FOUND_MAX).await?;
            listed.retain(|o| keep(o));
            if listed.is_empty() {
                picker.none_found = Some(t.f("org_picker.none", &[("q", &picker.query)]));
            }
        }
        // Ticked orgs stay on the page (and ticked) whatever was searched since; an id the
        // caller may not assign to is not shown, its name included.
        let shown: Vec<i64> = listed.iter().map(|o| o.id).collect();
        let root_ids: Vec<i64> = picker.roots.iter().map(|r| r.0).collect();
        let mut missing: Vec<i64> = ticked
            .orgs
            .iter()
            .chain(ticked.subtrees)
            .filter(|id| !shown.contains(id) && !root_ids.contains(id))
            .copied()
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing.truncate(1000);
        let mut kept = orgs::by_ids(state.db.read(), &missing).await?;
        kept.retain(|o| user.access.can(action, &o.path));
        kept.extend(listed);
        // Nested grants list an org twice.
        let mut seen = std::collections::HashSet::new();
        kept.retain(|o| seen.insert(o.id));
        picker.rows = kept
            .into_iter()
            .filter(|o| keep(o))
            .map(|o| PickRow {
                has_subtree: matches!(o.kind, OrgKind::Committee | OrgKind::GeneralBranch)
                    && !root_ids.contains(&o.id),
                org: ticked.orgs.contains(&o.id),
                subtree: ticked.subtrees.contains(&o.id),
                id: o.id,
                name: o.name,
            })
            .collect();
        Ok(picker)
    }

    /// The caller's whole subtrees ticked: what a form that sends to everyone by default
    /// shows before anything was ticked.
    pub fn with_roots_ticked(mut self) -> OrgPicker {
        for root in &mut self.roots {
            root.2 = true;
        }
        self
    }
}

/// The orgs ticked in a picker (whole subtrees first, then single orgs), as targets to publish
/// to; 404 when an id names no org. A form sends at most 10,000 of each. An org ticked twice
/// (kept across a search, or ticked alone and with its subtree) is one target, its subtree
/// included if either tick says so: a person's ticks are merged, not refused.
pub async fn ticked_targets(
    state: &AppState,
    subtrees: &[i64],
    orgs: &[i64],
) -> Result<Vec<(Org, bool)>> {
    let mut seen = std::collections::HashSet::new();
    let named: Vec<(i64, bool)> = subtrees
        .iter()
        .take(10_000)
        .map(|id| (*id, true))
        .chain(orgs.iter().take(10_000).map(|id| (*id, false)))
        .filter(|(id, _)| seen.insert(*id))
        .collect();
    Ok(app::roster::orgs::targets(state, &named).await?)
}

/// One org to choose (a member's new org, an org's new parent): every org of the caller's
/// subtrees that fits when they hold few, else those found by name through a search row
/// (`org_search.html`, a GET form of its own: the choice is a form of its own too).
#[derive(Debug, Default)]
pub struct OneOf {
    pub orgs: Vec<(i64, String)>,
    /// Every fitting org is in `orgs`: no search row.
    pub complete: bool,
    /// The page the search row asks again, and the name of its query parameter.
    pub search_action: String,
    pub param: &'static str,
    pub query: String,
    /// What to say when a search found nothing.
    pub none_found: Option<String>,
}

impl OneOf {
    /// The orgs of `user`'s `action` subtrees that `keep` accepts (open ones only), found by
    /// `query` when there are too many to list; `search` is (page, parameter) of the search.
    pub async fn build(
        state: &AppState,
        user: &CurrentUser,
        t: T,
        action: Action,
        search: (String, &'static str, &str),
        keep: impl Fn(&Org) -> bool,
    ) -> Result<OneOf> {
        let roots = user.access.roots(action);
        OneOf::build_under(state, t, &roots, search, keep).await
    }

    /// [`OneOf::build`] over the subtrees at `roots`.
    pub async fn build_under(
        state: &AppState,
        t: T,
        roots: &[String],
        (search_action, param, query): (String, &'static str, &str),
        keep: impl Fn(&Org) -> bool,
    ) -> Result<OneOf> {
        let mut in_scope = 0;
        for root in roots {
            in_scope += orgs::count_under(state.db.read(), root).await?;
        }
        let mut out = OneOf {
            search_action,
            param,
            query: query.trim().chars().take(50).collect(),
            complete: in_scope <= LIST_ALL,
            ..OneOf::default()
        };
        let mut found = Vec::new();
        if out.complete {
            for root in roots {
                found.extend(orgs::list_under(state.db.read(), root, LIST_ALL, 0).await?);
            }
        } else if !out.query.is_empty() {
            found = orgs::search(state.db.read(), roots, &out.query, FOUND_MAX).await?;
        }
        let mut seen = std::collections::HashSet::new();
        out.orgs = found
            .into_iter()
            .filter(|o| o.is_open() && keep(o) && seen.insert(o.id))
            .map(|o| (o.id, o.name))
            .collect();
        if !out.complete && !out.query.is_empty() && out.orgs.is_empty() {
            out.none_found = Some(t.f("org_picker.none", &[("q", &out.query)]));
        }
        Ok(out)
    }
}

/// The orgs where the caller holds a grant for `action` (not every org under them: in a
/// province that would be thousands of options), and `chosen` (say, a task made from a lower
/// org's notice) when the caller may act there; open, and not party groups.
pub async fn own_orgs(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
    chosen: Option<i64>,
) -> Result<Vec<(i64, String)>> {
    let fits = |o: &Org| o.is_open() && o.kind != OrgKind::Group;
    let mut out = Vec::new();
    for root in user.access.roots(action) {
        if let Some(org) = org_at(state, &root).await?
            && fits(&org)
        {
            out.push((org.id, org.name));
        }
    }
    if let Some(id) = chosen.filter(|id| !out.iter().any(|(o, _)| o == id))
        && let Some(org) = orgs::by_id(state.db.read(), id).await?
        && user.access.can(action, &org.path)
        && fits(&org)
    {
        out.push((org.id, org.name));
    }
    Ok(out)
}

/// The org at the end of a materialised path (`/1/7/` → org 7).
async fn org_at(state: &AppState, path: &str) -> Result<Option<Org>> {
    match path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .and_then(|s| s.parse::<i64>().ok())
    {
        Some(id) => Ok(orgs::by_id(state.db.read(), id).await?),
        None => Ok(None),
    }
}
