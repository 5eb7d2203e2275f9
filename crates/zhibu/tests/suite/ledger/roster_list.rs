//! The roster as a list: filters, natural order, page numbers with the total, and a download
//! that holds exactly the rows the page lists.

use super::files::read_xlsx;
use crate::helpers::{TestApp, scalar, spawn};
use reqwest::StatusCode;

/// The names in the roster table of `page`, in order.
fn names(page: &str) -> Vec<String> {
    page.split("<td class=\"primary\"><a href=\"/members/")
        .skip(1)
        .map(|cell| {
            let start = cell.find('>').unwrap() + 1;
            let end = cell.find("</a>").unwrap();
            cell[start..end].to_owned()
        })
        .collect()
}

async fn listed(app: &TestApp, query: &str) -> String {
    let (status, page) = app.get_text(&format!("/members?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    page
}

#[tokio::test]
async fn filters_narrow_the_roster_and_the_download_holds_exactly_the_rows_listed() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let women_probationary = scalar(
        &app,
        "SELECT COUNT(*) FROM members WHERE status = 'active' AND gender = 'female' \
         AND member_type = 'probationary'",
    )
    .await;
    assert!(women_probationary > 0, "the demo has some");
    let query = "gender=female&member_type=probationary&sort=name";
    let page = listed(&app, query).await;
    assert!(
        page.contains(&format!("共 {women_probationary} 条")),
        "{page}"
    );
    let shown = names(&page);
    assert_eq!(shown.len() as i64, women_probationary);
    let mut sorted = shown.clone();
    sorted.sort_by(|a, b| domain::natural::cmp(a, b));
    assert_eq!(shown, sorted, "sorted by name");
    // The filters stay in force in the export link, and the workbook holds those rows.
    let export = "/members/export.xlsx?member_type=probationary&#38;gender=female&#38;sort=name";
    assert!(page.contains(export), "{page}");
    let r = app.get(&export.replace("&#38;", "&")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    let exported: Vec<String> = rows
        .iter()
        .skip(1)
        .filter(|r| r.len() > 2 && !r[1].is_empty())
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(exported, shown);
    for row in rows
        .iter()
        .skip(1)
        .filter(|r| r.len() > 5 && !r[1].is_empty())
    {
        assert_eq!(
            (row[2].as_str(), row[5].as_str()),
            ("女", "预备党员"),
            "{row:?}"
        );
    }
}

#[tokio::test]
async fn pages_are_numbered_and_the_order_turns_round() {
    let app = spawn().await;
    app.login_ok("admin").await;
    let total = scalar(&app, "SELECT COUNT(*) FROM members WHERE status = 'active'").await;
    let first = listed(&app, "sort=name").await;
    let pages = (total as usize).div_ceil(50);
    assert!(
        first.contains(&format!("共 {total} 条 · 第 1/{pages} 页")),
        "{first}"
    );
    assert!(first.contains("aria-current=\"page\">1</span>"));
    assert!(
        first.contains("href=\"/members?sort=name&#38;page=2\""),
        "{first}"
    );
    let second = listed(&app, "sort=name&page=2").await;
    let (a, b) = (names(&first), names(&second));
    assert_eq!((a.len(), b.len()), (50, 50));
    assert!(domain::natural::cmp(a.last().unwrap(), &b[0]).is_le());
    // The name column's header turns the order round.
    assert!(first.contains("href=\"/members?sort=name&#38;dir=desc\""));
    let last = listed(&app, &format!("sort=name&dir=desc&page={pages}")).await;
    assert_eq!(
        names(&last).last(),
        a.first(),
        "descending ends where ascending begins"
    );
    // The org filter lists the tree and narrows to one org's subtree.
    assert!(first.contains("<select name=\"org\">"), "{first}");
    let org = crate::helpers::branch_org(&app, 1).await;
    let own = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM members WHERE status = 'active' AND org_id = {org}"),
    )
    .await;
    let narrowed = listed(&app, &format!("org={org}")).await;
    assert!(narrowed.contains(&format!("共 {own} 条")), "{narrowed}");
    assert!(narrowed.contains(&format!("<option value=\"{org}\" selected>")));
    // A page past the end shows the last; nothing matching says so.
    let past = listed(&app, "sort=name&page=999").await;
    assert!(past.contains(&format!("第 {pages}/{pages} 页")));
    let none = listed(&app, "q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E4%BA%BA").await; // 没有这个人
    assert!(none.contains("没有符合筛选条件的记录"), "{none}");
}

#[tokio::test]
async fn a_branch_lists_only_its_own_members_whatever_it_asks() {
    let app = spawn().await;
    app.login_ok("branch1").await;
    let page = listed(&app, "sort=org").await;
    let own = crate::helpers::branch_org(&app, 1).await;
    let count = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM members WHERE status = 'active' AND org_id = {own}"),
    )
    .await;
    assert!(page.contains(&format!("共 {count} 条")), "{page}");
    let other = crate::helpers::branch_org(&app, 2).await;
    let (status, _) = app.get_text(&format!("/members?org={other}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
