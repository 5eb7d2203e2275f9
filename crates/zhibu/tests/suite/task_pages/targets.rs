//! The targets picker in a province-sized tree: orgs found by name instead of listed, what was
//! typed and ticked kept across searches, nothing saved by a search, and a found org assigned
//! with its subtree.

use super::*;
use crate::helpers::grow_the_tree;

#[tokio::test]
async fn in_a_large_tree_orgs_are_found_by_name_and_ticks_survive_a_search() {
    let app = spawn().await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    grow_the_tree(&app, committee).await;
    let admin = Session::start(&app, "admin").await;
    let (status, page) = admin.get("/tasks/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"org-q\""), "a search box");
    assert!(!page.contains("测试总支001"), "not every org listed");

    let branch1 = branch_org(&app, 1).await.to_string();
    let committee = committee.to_string();
    let tasks_before = scalar(&app, "SELECT COUNT(*) FROM tasks").await;
    let form = study_form().to_string();
    let typed = |intent: &'static str, q: &'static str| {
        vec![
            ("org_id", committee.clone()),
            ("title", "安全自查".to_owned()),
            ("category", "学习".to_owned()),
            ("recurrence", "once".to_owned()),
            ("deadline", "2099-01-01T17:00".to_owned()),
            ("form", form.clone()),
            ("org", branch1.clone()),
            ("org_q", q.to_owned()),
            ("intent", intent.to_owned()),
        ]
    };
    let fields = typed("find_orgs", "总支01");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post("/tasks/new", &pairs).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    for i in 10..20 {
        assert!(page.contains(&format!("测试总支{i:03}")), "{i} found");
    }
    assert!(!page.contains("测试总支020"));
    assert!(page.contains("安全自查"), "the title typed is kept");
    assert!(
        page.contains(&format!("name=\"org\" value=\"{branch1}\" checked")),
        "the org ticked before the search stays ticked"
    );
    let found: i64 = scalar(&app, "SELECT id FROM orgs WHERE name = '测试总支010'").await;
    assert!(
        page.contains(&format!("name=\"subtree\" value=\"{found}\"")),
        "a general branch is offered with its subtree"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM tasks").await,
        tasks_before
    );

    let fields = typed("find_orgs", "不存在的组织");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = admin.post("/tasks/new", &pairs).await.text().await.unwrap();
    assert!(page.contains("没有名称含“不存在的组织”的组织"), "{page}");

    // Assigned: the found general branch with its branch, and branch 1 alone.
    let mut fields = typed("assign", "");
    fields.push(("subtree", found.to_string()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = admin.post("/tasks/new", &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let task = scalar(&app, "SELECT MAX(id) FROM tasks").await;
    let assignees = scalar(
        &app,
        &format!("SELECT COUNT(*) FROM task_assignees WHERE task_id = {task}"),
    )
    .await;
    assert_eq!(assignees, 3, "测试总支010, its branch, and branch 1");
}
