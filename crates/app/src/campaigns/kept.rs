//! The dashboard's kept figures: each branch's own figures and the sum over every subtree of
//! the tree taking part, so that a dashboard of 20,000 branches reads the dozen rows it shows
//! instead of a year of records.
//!
//! They stay exact because the database tells what changed: triggers (migration 0012) mark
//! `(campaign, branch)` in the same transaction as any write to the records the figures come
//! from. [`refresh`] runs before every dashboard: it recomputes the marked branches alone
//! (`figures::compute` with `only`), moves each sum above them by the difference, and clears
//! the marks it has seen — a mark whose count grew meanwhile stays for the next look. A
//! changed tree (orgs, the orgs taking part) or requirements sums everything again from the
//! kept branches; changed materials compute everything again.
//!
//! Writing them is not a user's act: no audit event, as for any cache. A background job
//! ([`run`]) refreshes every open campaign each minute, so the first look at a campaign of
//! 20,000 branches (seconds of work) and the changes of the minute before are usually paid
//! before anyone looks; whatever is left is done by the look itself. Several servers may run
//! it at once: each mark is cleared once, and the sums move under the campaign's lock.

use super::figures::{self, roots_of};
use crate::App;
use crate::error::Result;
use domain::campaign_progress::{Figures, all_met, requirements_standing};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::campaign_dashboard::{self as store_kept, KeptRow, KeptState};
use store::campaigns::{self, Campaign};

/// How many branches one recomputation reads at once (each a bound value in its queries).
const CHUNK: usize = 400;

/// Drops zero counts, so that a sum kept by differences equals a sum made afresh.
pub fn normalized(mut f: Figures) -> Figures {
    f.held_by_kind.retain(|_, n| *n > 0);
    f.studied_by_material.retain(|_, n| *n > 0);
    f
}

/// Takes `o` away from `t`; `false` if `t` did not hold it (the kept sums are then wrong).
fn take(t: &mut Figures, o: &Figures) -> bool {
    fn less(a: &mut u32, b: u32) -> bool {
        match a.checked_sub(b) {
            Some(v) => {
                *a = v;
                true
            }
            None => false,
        }
    }
    fn less_map<K: Ord + Clone>(m: &mut BTreeMap<K, u32>, o: &BTreeMap<K, u32>) -> bool {
        for (k, n) in o {
            let Some(v) = m.get_mut(k) else {
                return *n == 0;
            };
            if !less(v, *n) {
                return false;
            }
            if *v == 0 {
                m.remove(k);
            }
        }
        true
    }
    let mut ok = less(&mut t.branches, o.branches)
        && less(&mut t.expected, o.expected)
        && less(&mut t.present, o.present)
        && less(&mut t.materials_covered, o.materials_covered)
        && less(&mut t.lead_first_done, o.lead_first_done)
        && less(&mut t.members, o.members)
        && less(&mut t.members_studying, o.members_studying)
        && less(&mut t.reflections, o.reflections)
        && less(&mut t.featured, o.featured)
        && less(&mut t.requirements_met, o.requirements_met)
        && less_map(&mut t.held_by_kind, &o.held_by_kind)
        && less_map(&mut t.studied_by_material, &o.studied_by_material);
    t.volunteer_minutes -= o.volunteer_minutes;
    t.study_minutes -= o.study_minutes;
    ok &= t.volunteer_minutes >= 0 && t.study_minutes >= 0;
    ok
}

pub(crate) fn parse(json: &str) -> Result<Figures> {
    serde_json::from_str(json)
        .map_err(|e| anyhow::anyhow!("kept campaign figures do not read back: {e}").into())
}

fn text(f: &Figures) -> Result<String> {
    serde_json::to_string(f).map_err(|e| anyhow::anyhow!("writing campaign figures: {e}").into())
}

/// The ids in a materialised path (`/1/7/42/` → 1, 7, 42).
pub(crate) fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

/// What the kept figures of `c` must have been built for.
async fn wanted_state(app: &App, c: &Campaign, roots: &[String]) -> Result<KeptState> {
    let materials = campaigns::materials(app.db.read(), c.id, false).await?;
    let m: Vec<String> = materials
        .iter()
        .map(|m| format!("{}:{}", m.id, m.chapters.len()))
        .collect();
    let requirements = serde_json::to_string(&c.requirements)
        .map_err(|e| anyhow::anyhow!("campaign requirements: {e}"))?;
    Ok(KeptState {
        materials_sig: format!("{}|{:?}", m.join(","), app.zone),
        tree_sig: format!("{}|{requirements}", roots.join(",")),
    })
}

/// Each branch's own figures, computed from the records, `CHUNK` branches at a time.
async fn own_figures(app: &App, c: &Campaign, ids: &[i64]) -> Result<HashMap<i64, Figures>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let facts = figures::compute(app, c, Some(chunk)).await?;
        for b in facts.branches {
            out.insert(b.org.id, normalized(b.figures));
        }
    }
    Ok(out)
}

/// How often the background job refreshes the kept figures.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Refreshes the kept figures of every campaign that keeps them; answers how many.
pub async fn refresh_all(app: &App) -> Result<usize> {
    let ids = store_kept::campaigns_to_keep(app.db.read()).await?;
    let mut done = 0;
    for id in ids {
        if let Some(c) = campaigns::by_id(app.db.read(), id).await? {
            refresh(app, &c).await?;
            done += 1;
        }
    }
    Ok(done)
}

/// Runs [`refresh_all`] every [`EVERY`] until the server stops.
pub async fn run(app: App) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = refresh_all(&app).await {
            tracing::error!(error = %e, "keeping the campaigns' dashboard figures");
        }
    }
}

/// Brings the kept figures of campaign `c` up to date with its records.
pub async fn refresh(app: &App, c: &Campaign) -> Result<()> {
    let roots = roots_of(app, c).await?;
    let want = wanted_state(app, c, &roots).await?;
    let db = app.db.read();
    // The marks are read before anything is computed: a change after this leaves its mark.
    let seen = store_kept::marks(db, c.id).await?;
    let have = store_kept::kept_state(db, c.id).await?;
    match have {
        Some(h) if h.materials_sig == want.materials_sig => {
            if h.tree_sig != want.tree_sig || seen.iter().any(|(o, _)| *o == 0) {
                rebuild(app, c, &roots, &want, &seen, true).await?;
            } else if !seen.is_empty() && !incremental(app, c, &seen).await? {
                rebuild(app, c, &roots, &want, &seen, false).await?;
            }
        }
        _ => rebuild(app, c, &roots, &want, &seen, false).await?,
    }
    if !seen.is_empty() {
        store_kept::clear_marks(&app.db, c.id, &seen).await?;
    }
    Ok(())
}

/// Sums everything again; with `reuse`, from the kept figures of the branches nothing marked.
async fn rebuild(
    app: &App,
    c: &Campaign,
    roots: &[String],
    want: &KeptState,
    seen: &[(i64, i64)],
    reuse: bool,
) -> Result<()> {
    let db = app.db.read();
    let tree = store::campaign_figures::orgs_under(db, roots).await?;
    let mut own: HashMap<i64, Figures> = HashMap::new();
    if reuse {
        let marked: HashSet<i64> = seen.iter().map(|(o, _)| *o).collect();
        for r in store_kept::all_kept(db, c.id).await? {
            if let Some(json) = r.own.as_deref()
                && !marked.contains(&r.org_id)
            {
                let mut f = parse(json)?;
                // The requirements may have changed: judge them again.
                let standing = requirements_standing(&c.requirements, &f.held_by_kind);
                f.requirements_met = u32::from(all_met(&standing));
                own.insert(r.org_id, f);
            }
        }
    }
    let missing: Vec<i64> = tree
        .iter()
        .filter(|o| o.is_branch && !own.contains_key(&o.id))
        .map(|o| o.id)
        .collect();
    own.extend(own_figures(app, c, &missing).await?);

    // Sums bottom-up: in path order a child comes after its parent.
    let in_tree: HashSet<i64> = tree.iter().map(|o| o.id).collect();
    let parent_in_tree = |path: &str, id: i64| {
        path_ids(path)
            .into_iter()
            .rev()
            .find(|a| *a != id && in_tree.contains(a))
    };
    let mut totals: HashMap<i64, Figures> = HashMap::new();
    for o in tree.iter().rev() {
        let mut t = totals.remove(&o.id).unwrap_or_default();
        if o.is_branch
            && let Some(f) = own.get(&o.id)
        {
            t.add(f);
        }
        if let Some(p) = parent_in_tree(&o.path, o.id) {
            totals.entry(p).or_default().add(&t);
        }
        totals.insert(o.id, t);
    }
    let mut rows = Vec::with_capacity(tree.len());
    for o in &tree {
        let own_json = match (o.is_branch, own.get(&o.id)) {
            (true, Some(f)) => Some(text(f)?),
            _ => None,
        };
        rows.push(KeptRow {
            org_id: o.id,
            parent_id: parent_in_tree(&o.path, o.id),
            path: o.path.clone(),
            name: o.name.clone(),
            is_branch: o.is_branch,
            own: own_json,
            total: text(&totals.get(&o.id).cloned().unwrap_or_default())?,
        });
    }
    let mut tx = app.db.begin().await?;
    store_kept::replace(&mut tx, c.id, want, &rows, app.now()).await?;
    store::commit(tx).await?;
    Ok(())
}

/// Recomputes the marked branches and moves the sums above them by the difference. Answers
/// `false` when the kept sums turn out not to hold a branch's old figures (then sum again).
async fn incremental(app: &App, c: &Campaign, seen: &[(i64, i64)]) -> Result<bool> {
    let db = app.db.read();
    let marked: Vec<i64> = seen.iter().map(|(o, _)| *o).filter(|o| *o > 0).collect();
    let mut branches = Vec::new();
    for chunk in marked.chunks(CHUNK) {
        branches.extend(
            store_kept::kept_rows(db, c.id, chunk)
                .await?
                .into_iter()
                .filter(|r| r.is_branch)
                .map(|r| r.org_id),
        );
    }
    if branches.is_empty() {
        return Ok(true);
    }
    let fresh = own_figures(app, c, &branches).await?;

    let mut tx = app.db.begin().await?;
    if !store_kept::hold(&mut tx, c.id).await? {
        return Ok(false);
    }
    // Per org above a changed branch (and the branch itself): what to add and take away.
    let mut moves: BTreeMap<i64, (Vec<Figures>, Vec<Figures>)> = BTreeMap::new();
    let mut owns: Vec<(i64, Option<Figures>)> = Vec::new();
    for chunk in branches.chunks(CHUNK) {
        for r in store_kept::kept_rows(&mut *tx, c.id, chunk).await? {
            let old = r.own.as_deref().map(parse).transpose()?.unwrap_or_default();
            // A branch no longer open or taking part: the tree's mark sums it away.
            let new = fresh.get(&r.org_id).cloned();
            let new_or_none = new.clone().unwrap_or_default();
            if old == new_or_none && r.own.is_some() == new.is_some() {
                continue;
            }
            for id in path_ids(&r.path) {
                let e = moves.entry(id).or_default();
                e.0.push(new_or_none.clone());
                e.1.push(old.clone());
            }
            owns.push((r.org_id, new));
        }
    }
    let ids: Vec<i64> = moves.keys().copied().collect();
    let mut rows: HashMap<i64, KeptRow> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for r in store_kept::kept_rows(&mut *tx, c.id, chunk).await? {
            rows.insert(r.org_id, r);
        }
    }
    let owns: HashMap<i64, Option<Figures>> = owns.into_iter().collect();
    for (id, (adds, takes)) in &moves {
        let Some(row) = rows.get(id) else { continue };
        let mut total = parse(&row.total)?;
        for a in adds {
            total.add(a);
        }
        for t in takes {
            if !take(&mut total, t) {
                return Ok(false);
            }
        }
        let own = match owns.get(id) {
            Some(new) => new.as_ref().map(text).transpose()?,
            None => row.own.clone(),
        };
        store_kept::set_figures(&mut tx, c.id, *id, own.as_deref(), &text(&total)?).await?;
    }
    store::commit(tx).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(branches: u32, kind: u32, studied: u32) -> Figures {
        let mut f = Figures {
            branches,
            expected: 10 * branches,
            present: 8 * branches,
            volunteer_minutes: 30,
            ..Figures::default()
        };
        f.held_by_kind.insert("theme_day".into(), kind);
        f.studied_by_material.insert(7, studied);
        normalized(f)
    }

    #[test]
    fn a_sum_kept_by_differences_equals_a_sum_made_afresh() {
        let (a, b, b2) = (f(1, 2, 3), f(1, 1, 0), f(1, 0, 4));
        let mut kept = Figures::default();
        kept.add(&a);
        kept.add(&b);
        // b changes to b2: add the new, take the old.
        kept.add(&b2);
        assert!(take(&mut kept, &b));
        let mut fresh = Figures::default();
        fresh.add(&a);
        fresh.add(&b2);
        assert_eq!(kept, fresh);
        // Taking what is not there is caught.
        assert!(!take(&mut Figures::default(), &a));
    }

    #[test]
    fn paths_name_their_orgs() {
        assert_eq!(path_ids("/1/7/42/"), vec![1, 7, 42]);
        assert!(path_ids("").is_empty());
    }
}
