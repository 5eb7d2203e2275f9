//! The orgs an import may name, looked up by full or short name without a query per row.

use std::collections::HashMap;
use store::orgs::Org;

/// An org as an import row refers to it.
#[derive(Debug, Clone)]
pub struct OrgRef {
    pub id: i64,
    pub path: String,
    pub name: String,
    pub open: bool,
}

/// What a name in the 所在组织 column turned out to be.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    Found(&'a OrgRef),
    Unknown,
    /// Several orgs answer to the name; their full names.
    Ambiguous(Vec<String>),
}

/// Orgs by full name and by short name (whitespace ignored).
#[derive(Debug, Default)]
pub struct OrgIndex {
    orgs: Vec<OrgRef>,
    by_name: HashMap<String, Vec<usize>>,
}

fn key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

impl OrgIndex {
    pub fn new(orgs: Vec<Org>) -> OrgIndex {
        let mut index = OrgIndex::default();
        for org in orgs {
            if index.orgs.iter().any(|o| o.id == org.id) {
                continue;
            }
            let at = index.orgs.len();
            for name in [&org.name, &org.short_name] {
                let k = key(name);
                if k.is_empty() {
                    continue;
                }
                let slot = index.by_name.entry(k).or_default();
                if !slot.contains(&at) {
                    slot.push(at);
                }
            }
            index.orgs.push(OrgRef {
                open: org.is_open(),
                id: org.id,
                path: org.path,
                name: org.name,
            });
        }
        index
    }

    /// The org called `name`. When several answer to it but exactly one by its full name
    /// (another's short name is this one's full name), that one is meant.
    pub fn lookup(&self, name: &str) -> Lookup<'_> {
        let k = key(name);
        let Some(hits) = self.by_name.get(&k) else {
            return Lookup::Unknown;
        };
        if let [only] = hits.as_slice() {
            return Lookup::Found(&self.orgs[*only]);
        }
        let full: Vec<&OrgRef> = hits
            .iter()
            .map(|i| &self.orgs[*i])
            .filter(|o| key(&o.name) == k)
            .collect();
        match full.as_slice() {
            [only] => Lookup::Found(only),
            _ => Lookup::Ambiguous(hits.iter().map(|i| self.orgs[*i].name.clone()).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::OrgKind;

    fn org(id: i64, name: &str, short: &str) -> Org {
        Org {
            id,
            parent_id: Some(1),
            path: format!("/1/{id}/"),
            kind: OrgKind::Branch,
            name: name.to_owned(),
            short_name: short.to_owned(),
            society: String::new(),
            contact_person: String::new(),
            contact_phone: String::new(),
            status: domain::org::OrgStatus::Open,
        }
    }

    #[test]
    fn names_short_names_and_ambiguity() {
        let index = OrgIndex::new(vec![
            org(2, "机械学会党支部", "机械"),
            org(3, "电子学会党支部", "第一党小组"),
            org(4, "计算机学会党支部", "第一党小组"),
        ]);
        assert!(matches!(index.lookup("机械学会 党支部"), Lookup::Found(o) if o.id == 2));
        assert!(matches!(index.lookup("机械"), Lookup::Found(o) if o.id == 2));
        assert!(matches!(index.lookup("化工"), Lookup::Unknown));
        assert!(matches!(index.lookup("第一党小组"), Lookup::Ambiguous(names) if names.len() == 2));
    }
}
