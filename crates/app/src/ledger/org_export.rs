//! 组织台账: the org tree as a workbook: each org under its parent, siblings in their display
//! order, names indented by level beside a level column (so the sheet can be filtered by level),
//! and each org's member count including the orgs under it.

use super::xlsx::{self, Column, Value};
use catalogue::T;
use rust_xlsxwriter::XlsxError;
use std::collections::HashMap;
use store::ledger::OrgEntry;

/// An org in tree order with its level (the subtree's root is 1) and its members with those
/// of every org below it.
pub struct Line<'a> {
    pub entry: &'a OrgEntry,
    pub level: u8,
    pub members: i64,
}

/// `entries` (one subtree, any order) in tree order.
pub fn tree_order(entries: &[OrgEntry]) -> Vec<Line<'_>> {
    let index: HashMap<i64, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.org.id, i))
        .collect();
    let depth = |e: &OrgEntry| e.org.path.matches('/').count().saturating_sub(1);
    // Totals: add each org's count to its parent's, deepest first.
    let mut totals: Vec<i64> = entries.iter().map(|e| e.own_members).collect();
    let mut deepest_first: Vec<usize> = (0..entries.len()).collect();
    deepest_first.sort_by_key(|i| std::cmp::Reverse(depth(&entries[*i])));
    for i in deepest_first {
        if let Some(p) = entries[i].org.parent_id.and_then(|p| index.get(&p)) {
            totals[*p] += totals[i];
        }
    }
    let mut children: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let parent = e.org.parent_id.and_then(|p| index.get(&p).copied());
        children.entry(parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by_key(|i| (entries[*i].sort_order, entries[*i].org.id));
    }
    let mut out = Vec::with_capacity(entries.len());
    let mut stack: Vec<(usize, u8)> = children
        .get(&None)
        .map(|roots| roots.iter().rev().map(|i| (*i, 1)).collect())
        .unwrap_or_default();
    while let Some((i, level)) = stack.pop() {
        out.push(Line {
            entry: &entries[i],
            level,
            members: totals[i],
        });
        if let Some(kids) = children.get(&Some(i)) {
            stack.extend(kids.iter().rev().map(|k| (*k, level.saturating_add(1))));
        }
    }
    out
}

pub fn workbook(t: T, lines: &[Line<'_>]) -> Result<Vec<u8>, XlsxError> {
    let columns = [
        Column::new(t.s("ledger.col_level"), 6.0),
        Column::new(t.s("org.field.name"), 40.0),
        Column::new(t.s("org.field.short_name"), 16.0),
        Column::new(t.s("org.field.kind"), 10.0),
        Column::new(t.s("org.field.society"), 22.0),
        Column::new(t.s("org.field.contact_person"), 10.0),
        Column::new(t.s("org.field.contact_phone"), 15.0),
        Column::new(t.s("ledger.col_status"), 8.0),
        Column::new(t.s("ledger.col_members"), 10.0),
    ];
    let rows: Vec<Vec<Value>> = lines
        .iter()
        .map(|l| {
            let o = &l.entry.org;
            vec![
                Value::Number(l.level.into()),
                Value::Indented(o.name.clone(), l.level - 1),
                Value::Text(o.short_name.clone()),
                Value::Text(t.s(o.kind.message_key()).to_owned()),
                Value::Text(o.society.clone()),
                Value::Text(o.contact_person.clone()),
                Value::Text(o.contact_phone.clone()),
                Value::Text(
                    t.s(if o.is_open() {
                        "ledger.status_open"
                    } else {
                        "org.closed"
                    })
                    .to_owned(),
                ),
                Value::Number(l.members as f64),
            ]
        })
        .collect();
    xlsx::table(t.s("ledger.org_sheet"), &columns, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::OrgKind;
    use store::orgs::Org;

    fn entry(id: i64, parent: Option<i64>, path: &str, sort: i64, own: i64) -> OrgEntry {
        OrgEntry {
            org: Org {
                id,
                parent_id: parent,
                path: path.to_owned(),
                kind: OrgKind::Branch,
                name: format!("org{id}"),
                short_name: String::new(),
                society: String::new(),
                contact_person: String::new(),
                contact_phone: String::new(),
                status: domain::org::OrgStatus::Open,
            },
            sort_order: sort,
            own_members: own,
        }
    }

    #[test]
    fn children_follow_their_parent_in_display_order_and_counts_add_up() {
        // Path order would put 10 before 2; display order puts 2 first.
        let entries = vec![
            entry(1, None, "/1/", 0, 1),
            entry(10, Some(1), "/1/10/", 2, 3),
            entry(11, Some(10), "/1/10/11/", 0, 4),
            entry(2, Some(1), "/1/2/", 1, 5),
        ];
        let lines = tree_order(&entries);
        let got: Vec<(i64, u8, i64)> = lines
            .iter()
            .map(|l| (l.entry.org.id, l.level, l.members))
            .collect();
        assert_eq!(got, [(1, 1, 13), (2, 2, 5), (10, 2, 7), (11, 3, 4)]);
    }
}
