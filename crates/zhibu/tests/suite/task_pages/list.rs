//! The 督办 list: searched, filtered by state, category and deadline, sorted, paged, and its
//! 督办台账 download holding exactly what is listed.

use super::*;
use crate::ledger::files::read_xlsx;

async fn get_raw(s: &Session, path: &str) -> reqwest::Response {
    s.client
        .get(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
}

async fn listed(s: &Session, query: &str) -> String {
    let (status, page) = s.get(&format!("/tasks?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}");
    page
}

#[tokio::test]
async fn the_committee_narrows_its_tasks_and_downloads_what_it_sees() {
    let app = spawn().await;
    let admin = Session::start(&app, "admin").await;
    let all = scalar(&app, "SELECT COUNT(*) FROM tasks").await;
    let page = listed(&admin, "").await;
    assert!(page.contains(&format!("共 {all} 条")), "{page}");
    // By category and by title.
    let study = scalar(&app, "SELECT COUNT(*) FROM tasks WHERE category = '学习'").await;
    assert!(study > 0 && study < all);
    let page = listed(&admin, "category=%E5%AD%A6%E4%B9%A0").await; // 学习
    assert!(page.contains(&format!("共 {study} 条")), "{page}");
    assert!(page.contains("报送主题学习活动学习情况"));
    assert!(!page.contains("报送网络安全自查整改情况"));
    let page = listed(&admin, "q=%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8").await; // 网络安全
    assert!(
        page.contains("共 1 条") && page.contains("报送网络安全自查整改情况"),
        "{page}"
    );
    // By state and deadline.
    assert!(
        listed(&admin, "state=draft")
            .await
            .contains("没有符合筛选条件的记录")
    );
    assert!(listed(&admin, "from=2999-01-01").await.contains("共 0 条"));
    // Sorted by title, the header turning it round.
    let page = listed(&admin, "sort=title").await;
    assert!(
        page.contains("href=\"/tasks?sort=title&#38;dir=desc\""),
        "{page}"
    );
    // The download of what is listed.
    let r = get_raw(&admin, "/tasks/export.xlsx?category=%E5%AD%A6%E4%B9%A0").await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = read_xlsx(&r.bytes().await.unwrap()).remove(0).1;
    assert_eq!(rows.len() as i64, study + 1, "{rows:?}");
    assert_eq!(rows[0][1], "任务标题");
    assert!(rows.iter().skip(1).all(|r| r[2] == "学习"), "{rows:?}");
}

#[tokio::test]
async fn a_member_who_assigns_nothing_has_no_supervision_list_to_download() {
    let app = spawn().await;
    let member = Session::start(&app, "member1").await;
    let r = get_raw(&member, "/tasks/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
