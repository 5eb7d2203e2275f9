//! The views over branch life: the 三会一课 ledger (page and workbook), the committee's board
//! and its 催办, a member's own page and calendar file, who may see what, and the kinds'
//! settings. Activities are written straight into the test's database, on a clock fixed at
//! 15 May 2026 (Shanghai), so the months and quarters are known.

use crate::helpers::{
    PASSWORD, TestApp, TestAppClient, branch_org, csrf_in, location, new_client, scalar, spawn,
};
use domain::Timestamp;
use domain::activity::{ActivityState, Mark};
use domain::activity_content::{Typed, default_kinds};
use reqwest::StatusCode;

const YEAR: &str = "2026";

fn zone() -> app::Zone {
    app::Zone::parse("Asia/Shanghai").unwrap()
}

/// `2026-03-05 14:00` in Shanghai.
fn at(local: &str) -> Timestamp {
    zone().parse_deadline(local).unwrap()
}

/// Starts the app with its clock on 15 May 2026, noon in Shanghai.
async fn spawn_in_may() -> TestApp {
    let app = spawn().await;
    app.clock.set(at("2026-05-15 12:00"));
    app
}

/// Adds an activity of `kind` to `org` starting at `local`, in `state`, with the branch's
/// roster expected; answers its id.
async fn add(
    app: &TestApp,
    org: i64,
    kind: &str,
    title: &str,
    local: &str,
    state: ActivityState,
) -> i64 {
    let content = Typed {
        kind: kind.to_owned(),
        title: title.to_owned(),
        starts_at: Some(at(local)),
        host: "张书记".to_owned(),
        place: "会议室".to_owned(),
        ..Typed::default()
    }
    .check(&default_kinds(), None)
    .unwrap();
    let admin = scalar(app, "SELECT id FROM accounts WHERE username = 'admin'").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let id = store::activities::insert(&mut tx, org, state, &content, admin, at(local))
        .await
        .unwrap();
    store::activity_attendance::follow_roster(&mut tx, id, org)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    id
}

/// Marks member1 present at activity `id`.
async fn member1_present(app: &TestApp, id: i64) {
    let member = scalar(
        app,
        "SELECT member_id FROM accounts WHERE username = 'member1'",
    )
    .await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let mark = store::activity_attendance::SetMark {
        member_id: member,
        mark: Mark::Present,
        reason: "",
        volunteer_minutes: 90,
    };
    store::activity_attendance::set(&mut tx, id, &mark, 1, at("2026-05-01 10:00"))
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
}

/// Branch 1's year so far: 支部委员会 monthly but for May (the running month), 主题党日 with
/// February missed, one 党课 in the first quarter; and a cancelled and a planned meeting in May
/// that count for nothing. Answers the id of the first committee meeting.
async fn branch1_year(app: &TestApp) -> i64 {
    let b1 = branch_org(app, 1).await;
    use ActivityState::{Cancelled, Confirmed, Held, Planned};
    let first = add(
        app,
        b1,
        "committee_meeting",
        "一月支委会",
        "2026-01-08 14:00",
        Confirmed,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "二月支委会",
        "2026-02-10 14:00",
        Held,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "三月支委会",
        "2026-03-03 14:00",
        Held,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "三月支委会（二）",
        "2026-03-24 14:00",
        Held,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "四月支委会",
        "2026-04-09 14:00",
        Confirmed,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "五月支委会（取消）",
        "2026-05-06 14:00",
        Cancelled,
    )
    .await;
    add(
        app,
        b1,
        "committee_meeting",
        "五月支委会（计划）",
        "2026-05-20 14:00",
        Planned,
    )
    .await;
    add(
        app,
        b1,
        "theme_day",
        "一月主题党日",
        "2026-01-15 09:00",
        Held,
    )
    .await;
    add(
        app,
        b1,
        "theme_day",
        "三月主题党日",
        "2026-03-15 09:00",
        Held,
    )
    .await;
    add(
        app,
        b1,
        "party_lecture",
        "书记讲党课",
        "2026-02-20 09:00",
        Held,
    )
    .await;
    member1_present(app, first).await;
    first
}

/// A second browser, logged in as `username`.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl Browser<'_> {
    async fn of<'a>(app: &'a TestApp, username: &str) -> Browser<'a> {
        let (client, _) = new_client();
        let client = TestAppClient::login(app, &client, username, PASSWORD).await;
        Browser { app, client }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.app.url(path)).send().await.unwrap()
    }

    async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }

    async fn post_form(
        &self,
        path: &str,
        token_from: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (_, page) = self.get_text(token_from).await;
        let token = csrf_in(&page);
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

/// The text of the table row that holds `marker`, up to its end.
fn row<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the page"));
    let end = html[start..].find("</tr>").unwrap() + start;
    &html[start..end]
}

#[tokio::test]
async fn the_ledger_counts_what_took_place_by_kind_and_month_against_the_frequency() {
    let app = spawn_in_may().await;
    let first = branch1_year(&app).await;
    let b1 = branch_org(&app, 1).await;
    app.login_ok("branch1").await;
    let (status, html) = app.get_text("/activities/ledger").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("2026年 三会一课台账"), "{html}");
    // 支部委员会: 1, 1, 2, 1 in January to April; May (running, only cancelled and planned so
    // far) is blank; four of five months met, May due.
    let committee = row(&html, "data-kind=\"committee_meeting\"");
    assert!(
        committee.contains("<td class=\"num total\">5</td>"),
        "{committee}"
    );
    assert!(committee.contains("4 / 5"), "{committee}");
    assert!(committee.contains("light-yellow"), "{committee}");
    assert!(
        committee.contains("<td class=\"num\">2</td>"),
        "{committee}"
    );
    // 主题党日: February missed: behind.
    let theme = row(&html, "data-kind=\"theme_day\"");
    assert!(
        theme.contains("2 / 5") && theme.contains("light-red"),
        "{theme}"
    );
    // 党课: the first quarter met, the second still running.
    let lecture = row(&html, "data-kind=\"party_lecture\"");
    assert!(
        lecture.contains("1 / 2") && lecture.contains("light-grey"),
        "{lecture}"
    );
    // The records: eight took place; neither the cancelled nor the planned one is listed.
    assert_eq!(html.matches("<tr data-activity=").count(), 8, "{html}");
    assert!(!html.contains("五月支委会（取消）") && !html.contains("五月支委会（计划）"));
    assert!(html.contains(&format!("href=\"/activities/{first}\"")));
    // The same numbers in the workbook.
    let r = app
        .get(&format!("/activities/ledger.xlsx?org={b1}&year={YEAR}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    use calamine::{Data, DataType, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let counts = book.worksheet_range_at(0).unwrap().unwrap();
    let line = counts
        .rows()
        .find(|r| r[0] == Data::String("支部委员会".into()))
        .expect("the committee meetings' line");
    let numbers: Vec<f64> = line[2..17]
        .iter()
        .map(|c| c.get_float().unwrap_or(-1.0))
        .collect();
    let mut expected = vec![1., 1., 2., 1.];
    expected.extend([0.; 8]);
    expected.extend([5., 5., 4.]);
    assert_eq!(numbers, expected, "{line:?}");
    let records = book.worksheet_range_at(1).unwrap().unwrap();
    // A title row, the header, then one row per record.
    assert_eq!(records.rows().count(), 2 + 8);
    let january = records
        .rows()
        .find(|r| r[3] == Data::String("一月支委会".into()))
        .unwrap();
    assert_eq!(january[6].get_float(), Some(1.0), "member1 was there");
    assert!(
        january[11]
            .to_string()
            .ends_with(&format!("/activities/{first}")),
        "{january:?}"
    );
}

#[tokio::test]
async fn only_those_who_may_read_a_branch_see_its_ledger() {
    let app = spawn_in_may().await;
    branch1_year(&app).await;
    let b1 = branch_org(&app, 1).await;
    let b2 = branch_org(&app, 2).await;
    let ledger = format!("/activities/ledger?org={b1}&year={YEAR}");
    app.login_ok("branch2").await;
    assert_eq!(app.get(&ledger).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/activities/ledger.xlsx?org={b1}&year={YEAR}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A member reads their branch's ledger only once the branch shares its records.
    let member = Browser::of(&app, "member1").await;
    assert_eq!(member.get(&ledger).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        member.get("/activities/ledger").await.status(),
        StatusCode::NOT_FOUND
    );
    let branch = Browser::of(&app, "branch1").await;
    let settings = format!("/orgs/{b1}/activity-settings");
    let r = branch
        .post_form(&settings, &settings, &[("share_records", "on")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, html) = member.get_text("/activities/ledger").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("一月支委会"));
    // Another branch's settings are not branch1's to change.
    let other = format!("/orgs/{b2}/activity-settings");
    assert_eq!(branch.get(&other).await.status(), StatusCode::NOT_FOUND);
    // The committee sees every branch.
    let admin = Browser::of(&app, "admin").await;
    assert_eq!(admin.get(&ledger).await.status(), StatusCode::OK);
    let (status, html) = admin
        .get_text(&format!("/activities/ledger?org={b2}&year={YEAR}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("id=\"ledger-org\""),
        "the committee picks a branch"
    );
}

#[tokio::test]
async fn the_board_shows_who_is_behind_and_reminds_them() {
    let app = spawn_in_may().await;
    branch1_year(&app).await;
    // Branch 2 is up to date on every owed kind: April and May for the monthly ones, the
    // quarter's for the quarterly ones, the year's for the yearly ones.
    let b1 = branch_org(&app, 1).await;
    let b2 = branch_org(&app, 2).await;
    let held = ActivityState::Held;
    for kind in ["committee_meeting", "group_meeting", "theme_day"] {
        add(&app, b2, kind, "四月", "2026-04-10 09:00", held).await;
        add(&app, b2, kind, "五月", "2026-05-10 09:00", held).await;
    }
    for kind in ["general_meeting", "party_lecture"] {
        add(&app, b2, kind, "二季度", "2026-04-20 09:00", held).await;
    }
    for kind in ["life_meeting", "member_review"] {
        add(&app, b2, kind, "年度", "2026-01-20 09:00", held).await;
    }
    let branches = scalar(&app, "SELECT COUNT(*) FROM orgs WHERE kind = 'branch'").await;
    app.login_ok("admin").await;
    let committee = scalar(&app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let (status, html) = app
        .get_text(&format!("/activities/board?year={YEAR}&quarter=2"))
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let b2_row = row(&html, &format!("data-org=\"{b2}\""));
    assert!(b2_row.contains("light-green"), "{b2_row}");
    let b1_start = html.find(&format!("data-org=\"{b1}\"")).unwrap();
    let b1_row = &html[html[..b1_start].rfind("<tr").unwrap()..b1_start];
    assert!(b1_row.contains("light-row-red"), "{b1_row}");
    // Most behind first: branch 2 comes last.
    assert!(html.find(&format!("data-org=\"{b2}\"")) > Some(b1_start));
    // Each branch links to its ledger of the year.
    let b1_line = row(&html, &format!("data-org=\"{b1}\""));
    assert!(
        b1_line.contains(&format!("/activities/ledger?org={b1}&")) && b1_line.contains("year=2026"),
        "{b1_line}"
    );
    // 主题党日: one branch of all met every month of the quarter so far.
    let theme = row(&html, "data-kind=\"theme_day\"");
    let rate = domain::supervision::percent(1, branches);
    assert!(theme.contains(&format!("{rate:.1}%")), "{theme}");
    assert!(
        theme.contains(&format!("data-lights=\"{},0,0,1\"", branches - 1)),
        "{theme}"
    );
    // The roll-up counts every branch once.
    let rolled: i64 = html
        .match_indices("data-branches=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(rolled, branches);
    // 催办: every branch behind gets one message per account that records its activities.
    let r = app
        .post_form(
            "/activities/board/remind",
            "/activities/board",
            &[
                ("org", &committee.to_string()),
                ("year", YEAR),
                ("quarter", "2"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).contains(&format!("reminded={}", branches - 1)));
    let to = |user: &str| {
        format!(
            "SELECT COUNT(*) FROM messages m JOIN accounts a ON a.id = m.account_id \
             WHERE m.kind = 'activity_reminder' AND a.username = '{user}'"
        )
    };
    assert_eq!(scalar(&app, &to("branch1")).await, 1);
    assert_eq!(scalar(&app, &to("branch2")).await, 0);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'activity.remind'"
        )
        .await,
        1
    );
    // Branch 1 reads which kinds it owes.
    let branch = Browser::of(&app, "branch1").await;
    let (_, inbox) = branch.get_text("/messages").await;
    assert!(
        inbox.contains("组织生活催办") && inbox.contains("主题党日"),
        "{inbox}"
    );
    // A branch admin sees its own board only; another subtree is not found.
    assert_eq!(
        branch
            .get(&format!("/activities/board?org={committee}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_member_sees_their_meetings_and_takes_them_to_their_calendar() {
    let app = spawn_in_may().await;
    let b1 = branch_org(&app, 1).await;
    use ActivityState::{Cancelled, Held, Planned};
    let (theme, walk) = ("theme_day", "五月主题党日：走进科技馆");
    let planned = add(&app, b1, theme, walk, "2026-05-20 09:00", Planned).await;
    let (meeting, called_off) = ("committee_meeting", "取消的支委会");
    add(&app, b1, meeting, called_off, "2026-05-22 09:00", Cancelled).await;
    let attended = add(
        &app,
        b1,
        "party_lecture",
        "四月党课",
        "2026-04-02 09:00",
        Held,
    )
    .await;
    member1_present(&app, attended).await;
    app.login_ok("member1").await;
    let (status, html) = app.get_text("/me/activities").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let upcoming = &html
        [html.find("id=\"mine-upcoming\"").unwrap()..html.find("id=\"mine-summary\"").unwrap()];
    assert!(upcoming.contains("五月主题党日：走进科技馆"), "{upcoming}");
    assert!(upcoming.contains(&format!("data-activity=\"{planned}\"")));
    assert!(!upcoming.contains("取消的支委会"));
    assert!(
        html.contains("四月党课") && html.contains("1.5"),
        "attended with 90 minutes"
    );
    assert!(html.contains("id=\"nav-my-activities\""));
    let r = app.get("/me/activities.ics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let ics = r.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    assert!(ics.contains(&format!("UID:activity-{planned}@zhibu")));
    assert!(
        ics.contains("SUMMARY:主题党日：五月主题党日：走进科技馆"),
        "{ics}"
    );
    assert_eq!(ics.matches("STATUS:CANCELLED").count(), 1);
    // An account that holds no member: its page says so.
    let admin = Browser::of(&app, "sysadmin").await;
    let (_, html) = admin.get_text("/me/activities").await;
    assert!(html.contains("id=\"mine-unlinked\""));
}

#[tokio::test]
async fn a_used_kind_is_retired_not_removed() {
    let app = spawn_in_may().await;
    branch1_year(&app).await;
    let b1 = branch_org(&app, 1).await;
    let branch = Browser::of(&app, "branch1").await;
    assert_eq!(
        branch.get("/settings/activities").await.status(),
        StatusCode::NOT_FOUND
    );
    app.login_ok("admin").await;
    let (status, html) = app.get_text("/settings/activities").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"committee_meeting\""));
    // The form's rows as they stand, then changed.
    let kinds = default_kinds();
    let form = |drop: &str, retire: &str| {
        let mut f: Vec<(String, String)> = Vec::new();
        for (i, k) in kinds.iter().enumerate() {
            f.push((format!("saved.{i}"), "on".into()));
            f.push((format!("code.{i}"), k.code.clone()));
            f.push((format!("name.{i}"), k.name.clone()));
            f.push((format!("frequency.{i}"), k.frequency.as_str().into()));
            if k.code != retire {
                f.push((format!("active.{i}"), "on".into()));
            }
            if k.code == drop {
                f.push((format!("remove.{i}"), "on".into()));
            }
        }
        f
    };
    let send = |f: Vec<(String, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form("/settings/activities", "/settings/activities", &pairs)
                .await
        }
    };
    // Removing a kind records use: refused, the form shown again with the reason.
    let r = send(form("theme_day", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"form-error\""), "{html}");
    assert!(html.contains("只能停用"), "{html}");
    // Removing one nobody used is fine; retiring a used one too.
    let r = send(form("research", "theme_day")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_text("/settings/activities").await;
    assert!(!html.contains("value=\"research\""));
    // The retired kind stays on its records and in the ledger.
    let (_, html) = app
        .get_text(&format!("/activities/ledger?org={b1}&year={YEAR}"))
        .await;
    let theme = row(&html, "data-kind=\"theme_day\"");
    assert!(theme.contains("主题党日"), "{theme}");
    assert!(html.contains("三月主题党日"));
    // Adding a row keeps what was typed.
    let mut f = form("", "");
    f.push(("code.13".into(), "study_session".into()));
    f.push(("name.13".into(), "读书班".into()));
    f.push(("frequency.13".into(), "quarterly".into()));
    f.push(("active.13".into(), "on".into()));
    f.push(("intent".into(), "add".into()));
    let r = send(f).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"读书班\"") && html.contains("name=\"code.14\""));
}
