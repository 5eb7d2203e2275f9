//! The roster importer as a fuzz target sees it: any bytes checked as an uploaded roster
//! (`crates/app/fuzz`, docs/SECURITY.md "Fuzzing"). Not used by the server.
//!
//! The rules are fixed and small (two open branches under a committee, one closed, a target
//! org, two people already on the roster) so that mutated rows reach every check: org names
//! that match, do not match or name a closed org, duplicates within the file and against the
//! roster.

use super::org_index::{OrgIndex, OrgRef};
use super::roster_import::{Rules, against_roster, check};
use domain::member::PlainDate;
use store::orgs::Org;
use store::roster_import::Person;

fn org(id: i64, name: &str, short: &str, open: bool) -> Org {
    Org {
        id,
        parent_id: Some(1),
        path: format!("/1/{id}/"),
        kind: domain::OrgKind::Branch,
        name: name.to_owned(),
        short_name: short.to_owned(),
        society: String::new(),
        contact_person: String::new(),
        contact_phone: String::new(),
        status: if open {
            domain::org::OrgStatus::Open
        } else {
            domain::org::OrgStatus::Closed
        },
    }
}

/// Checks `bytes` as a roster file, with and without a target org, and against the roster.
/// Answers how many rows passed, so the work cannot be optimised away.
pub fn check_roster(bytes: &[u8]) -> usize {
    let orgs = OrgIndex::new(vec![
        org(2, "机械学会党支部", "机械", true),
        org(3, "电子学会党支部", "电子", true),
        org(4, "旧支部", "", false),
    ]);
    let target = OrgRef {
        id: 2,
        path: "/1/2/".into(),
        name: "机械学会党支部".into(),
        open: true,
    };
    let Ok(today) = PlainDate::new(2024, 6, 1) else {
        return 0;
    };
    let people = [
        Person {
            name: "张三".into(),
            phone: Some("13800138000".into()),
            birth_date: Some("1990-07-01".into()),
            org_name: "机械学会党支部".into(),
        },
        Person {
            name: "李四".into(),
            phone: None,
            birth_date: None,
            org_name: "电子学会党支部".into(),
        },
    ];
    let mut passed = 0;
    for target in [None, Some(&target)] {
        let rules = Rules {
            orgs: &orgs,
            target,
            today,
        };
        let mut checked = check(bytes, &rules);
        against_roster(&mut checked, &people);
        passed += checked.members.len();
    }
    passed
}
