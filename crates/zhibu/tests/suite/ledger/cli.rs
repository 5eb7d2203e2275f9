//! `zhibu import members FILE`: a report in Chinese and exit 1 for a bad file, nothing
//! written without `--commit`, the rows written with it.

use super::files::{OWN_BRANCH, audit_events, member_count, xlsx};
use crate::helpers::{run_zhibu, spawn};
use std::process::Output;

fn zhibu(args: &[&str], database: &str) -> Output {
    let all = [args, &["--database", database]].concat();
    run_zhibu(&all, &[("RUST_LOG", "warn")])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn the_cli_reports_a_bad_file_and_imports_a_clean_one_only_with_commit() {
    let app = spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let before = member_count(&app).await;

    let bad = dir.path().join("bad.xlsx");
    std::fs::write(
        &bad,
        xlsx(&[
            &["姓名", "所在组织", "手机号码"],
            &["命令甲", OWN_BRANCH, "13912340051"],
            &["命令乙", "没有这个支部", "12345"],
        ]),
    )
    .unwrap();
    let out = zhibu(
        &["import", "members", bad.to_str().unwrap(), "--commit"],
        &app.database_url,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report = text(&out.stdout);
    assert!(
        report.contains("第 3 行，所在组织：找不到组织“没有这个支部”"),
        "{report}"
    );
    assert!(
        report.contains("第 3 行，手机号码：不是有效的电话号码"),
        "{report}"
    );
    assert!(
        text(&out.stderr).contains("没有写入任何数据"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(member_count(&app).await, before);

    let good = dir.path().join("good.xlsx");
    std::fs::write(
        &good,
        xlsx(&[
            &["姓名", "所在组织", "手机号码"],
            &["命令甲", OWN_BRANCH, "13912340051"],
            &["命令乙", "机械工程学会", "13912340052"],
        ]),
    )
    .unwrap();
    let out = zhibu(
        &["import", "members", good.to_str().unwrap()],
        &app.database_url,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("加 --commit"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(member_count(&app).await, before);

    let out = zhibu(
        &["import", "members", good.to_str().unwrap(), "--commit"],
        &app.database_url,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("已导入 2 名党员"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(member_count(&app).await, before + 2);
    let events = audit_events(&app, "members.import").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "cli");
}
