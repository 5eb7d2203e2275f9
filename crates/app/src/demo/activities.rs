//! A year of branch life for the demo: a full 三会一课 pattern for some branches, gaps for
//! others, a few far behind, meetings planned ahead for the first branch, a cancelled one and a
//! corrected one, attendance with leave and absence, volunteer hours, and generated photos, so
//! the ledger and the committee's board show every light.

use super::photos;
use crate::zone::Zone;
use anyhow::Context;
use domain::Timestamp;
use domain::activity::{ActivityState, Mark};
use domain::activity_content::Content;
use jiff::ToSpan;
use jiff::civil::Date;
use store::activity_attendance::{self as attendance, SetMark};
use store::activity_media::{self, NewPhoto, OrgChoices};
use store::{Conn, Db, activities};

/// Writes a content to the data directory and answers its hash (the web tier's file store).
pub trait Keep: Sync {
    fn keep(&self, bytes: &[u8]) -> anyhow::Result<String>;
}

/// How a branch keeps up: every meeting, some missed, or far behind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Habit {
    Full,
    Gaps,
    Behind,
}

fn habit(b: usize) -> Habit {
    match b {
        0..5 => Habit::Full,
        5..10 => Habit::Gaps,
        _ => Habit::Behind,
    }
}

/// One activity to make: kind, day, hour.
struct Plan {
    kind: &'static str,
    day: Date,
}

/// The activities of branch `b` in the twelve months up to three weeks from `today`.
fn plans(b: usize, today: Date) -> Vec<Plan> {
    let mut out = Vec::new();
    let first = today.first_of_month().saturating_sub(11.months());
    for i in 0..13 {
        let month = first.saturating_add((i as i64).months());
        let m = month.month() as usize;
        let skip = match habit(b) {
            Habit::Full => false,
            Habit::Gaps => (m + b).is_multiple_of(4),
            Habit::Behind => i > 3 && !(m + b).is_multiple_of(3),
        };
        let on = |d: i8| month.with().day(d).build().unwrap_or(month);
        if !skip {
            out.push(Plan {
                kind: "committee_meeting",
                day: on(5),
            });
            out.push(Plan {
                kind: "theme_day",
                day: on(15),
            });
            out.push(Plan {
                kind: "group_meeting",
                day: on(10),
            });
        }
        if m.is_multiple_of(3) && !(habit(b) == Habit::Gaps && m == 6) && habit(b) != Habit::Behind
        {
            out.push(Plan {
                kind: "general_meeting",
                day: on(20),
            });
        }
        if m % 3 == 2 && (habit(b) == Habit::Full || m != 8) {
            out.push(Plan {
                kind: "party_lecture",
                day: on(25),
            });
        }
        if m == 1 && habit(b) != Habit::Behind {
            out.push(Plan {
                kind: "life_meeting",
                day: on(18),
            });
            out.push(Plan {
                kind: "member_review",
                day: on(22),
            });
        }
        if m == 3 || m == 9 {
            out.push(Plan {
                kind: "volunteer",
                day: on(12),
            });
        }
        if m == 5 && habit(b) != Habit::Behind {
            out.push(Plan {
                kind: "science_outreach",
                day: on(28),
            });
        }
        if m == 7 && b.is_multiple_of(2) {
            out.push(Plan {
                kind: "seminar",
                day: on(8),
            });
        }
    }
    let last = today.saturating_add(21.days());
    out.retain(|p| p.day <= last);
    out
}

fn title(kind: &str, day: Date) -> String {
    let month = day.month();
    match kind {
        "committee_meeting" => format!("{month}月支部委员会会议"),
        "theme_day" => format!("{month}月主题党日：喜迎二十大、奋进新征程"),
        "group_meeting" => format!("{month}月党小组学习会"),
        "general_meeting" => format!("第{}季度支部党员大会", (month - 1) / 3 + 1),
        "party_lecture" => "书记讲党课：学习习近平新时代中国特色社会主义思想".to_owned(),
        "life_meeting" => "年度组织生活会".to_owned(),
        "member_review" => "年度民主评议党员".to_owned(),
        "volunteer" => "“学雷锋”科技志愿服务进社区".to_owned(),
        "science_outreach" => "全国科技工作者日科普进校园".to_owned(),
        "seminar" => "主题学习理论研讨会".to_owned(),
        _ => "支部活动".to_owned(),
    }
}

fn minutes(kind: &str) -> &'static str {
    match kind {
        "party_lecture" => {
            "## 党课内容\n- 深入学习《习近平谈治国理政》第四卷有关篇目\n- 联系学会服务科技工作者实际谈体会\n\n## 交流发言\n1. 党员结合岗位谈学习收获\n2. 支部书记总结"
        }
        "theme_day" => {
            "## 活动议程\n1. 重温入党誓词\n2. 集中学习《习近平新时代中国特色社会主义思想学习纲要（2023年版）》\n3. 交流研讨\n\n## 活动小结\n全体党员参加学习，围绕学会工作开展讨论。"
        }
        "volunteer" => {
            "## 服务内容\n- 社区科普讲座一场\n- 现场咨询服务\n\n## 成效\n服务群众约120人次。"
        }
        _ => {
            "## 会议议程\n1. 传达上级通知精神\n2. 研究支部近期工作\n3. 部署下阶段任务\n\n## 会议决定\n- 按通知要求按时报送学习情况\n- 做好网络安全自查"
        }
    }
}

fn content(kind: &str, at: Timestamp, host: &str) -> Content {
    let lecture = kind == "party_lecture";
    Content {
        kind: kind.to_owned(),
        title: title(kind, Date::default()),
        starts_at: at,
        ends_at: Some(at.plus(std::time::Duration::from_secs(90 * 60))),
        place: if kind == "volunteer" {
            "渝中区社区服务中心"
        } else {
            "学会会议室"
        }
        .to_owned(),
        online: false,
        host: host.to_owned(),
        recorder: "支部组织委员".to_owned(),
        speaker: if lecture {
            host.to_owned()
        } else {
            String::new()
        },
        topic: if lecture {
            "学思想、强党性、促发展".to_owned()
        } else {
            String::new()
        },
        leader: host.to_owned(),
        led_content: "领学《习近平谈治国理政》第四卷相关篇目".to_owned(),
        agenda: "传达学习；研究工作；交流发言".to_owned(),
        minutes: minutes(kind).to_owned(),
        resolutions: String::new(),
        outcomes: String::new(),
        notice_id: None,
    }
}

/// A branch's members' marks: most present, some on leave, a few absent.
fn mark_for(seed: usize) -> (Mark, &'static str) {
    match seed % 13 {
        0 => (Mark::Leave, "出差在外"),
        5 => (Mark::Leave, "病假"),
        9 => (Mark::Absent, ""),
        _ => (Mark::Present, ""),
    }
}

/// Seeds the year of activity; answers how many activities were made.
pub async fn seed(db: &Db, zone: &Zone, now: Timestamp, keep: &dyn Keep) -> anyhow::Result<usize> {
    let roots = store::orgs::roots(db.read()).await?;
    let committee = roots.first().context("the demo committee")?;
    let branches = store::orgs::children(db.read(), committee.id).await?;
    let today = zone.civil_date(now);
    let mut tx = db.begin().await?;
    let mut made = 0;
    let mut photos_left = 36;
    for (b, branch) in branches.iter().enumerate() {
        let username = format!("branch{}", b + 1);
        let Some(account) = store::accounts::by_username(&mut *tx, &username).await? else {
            continue;
        };
        let host = account.display_name.clone();
        for (i, plan) in plans(b, today).into_iter().enumerate() {
            let start = zone
                .day_bounds(&plan.day.to_string())
                .context("a demo day")?
                .0
                .plus(std::time::Duration::from_secs(
                    if i % 2 == 0 { 9 } else { 14 } * 3600 + 1800,
                ));
            let mut c = content(plan.kind, start, &host);
            c.title = title(plan.kind, plan.day);
            let upcoming = start > now;
            let state = if upcoming {
                ActivityState::Planned
            } else if now.since(start).as_secs() > 30 * 24 * 3600 {
                ActivityState::Confirmed
            } else {
                ActivityState::Held
            };
            let id = activities::insert(&mut tx, branch.org.id, state, &c, account.id, now).await?;
            attendance::follow_roster(&mut tx, id, branch.org.id).await?;
            made += 1;
            if !upcoming {
                mark_all(&mut tx, id, plan.kind, b + i, account.id, now).await?;
            }
            if state == ActivityState::Confirmed {
                activities::set_state(&mut tx, id, state, "", account.id, now).await?;
            }
            let recent = !upcoming && now.since(start).as_secs() < 100 * 24 * 3600;
            if recent && habit(b) != Habit::Behind && photos_left > 0 && i % 2 == 0 {
                photos_left -= 1;
                add_photo(&mut tx, id, plan.kind, b + i, keep, account.id, now).await?;
            }
        }
        extras(&mut tx, b, branch.org.id, account.id, zone, today, now).await?;
        if b == 0 {
            // The first branch shares its records with its members and lets them confirm
            // their own attendance, so member1 sees both.
            let choices = OrgChoices {
                share_records: true,
                self_attendance: true,
            };
            activity_media::set_choices(&mut tx, branch.org.id, choices, account.id, now).await?;
        }
    }
    store::commit(tx).await?;
    Ok(made)
}

async fn mark_all(
    tx: &mut Conn,
    id: i64,
    kind: &str,
    seed: usize,
    by: i64,
    now: Timestamp,
) -> anyhow::Result<()> {
    let list = attendance::of_activity(&mut *tx, id).await?;
    for (j, a) in list.iter().enumerate() {
        let (mark, reason) = mark_for(seed * 7 + j);
        let hours = if kind == "volunteer" && mark == Mark::Present {
            120 + 30 * (j as i64 % 4)
        } else {
            0
        };
        let m = SetMark {
            member_id: a.member_id,
            mark,
            reason,
            volunteer_minutes: hours,
        };
        attendance::set(tx, id, &m, by, now).await?;
    }
    Ok(())
}

async fn add_photo(
    tx: &mut Conn,
    id: i64,
    kind: &str,
    seed: usize,
    keep: &dyn Keep,
    by: i64,
    now: Timestamp,
) -> anyhow::Result<()> {
    let shot = photos::generate(kind, seed)?;
    let full = keep.keep(&shot.full)?;
    let thumb = keep.keep(&shot.thumb)?;
    store::files::record(tx, &full, shot.full.len() as i64, "image/jpeg", now).await?;
    store::files::record(tx, &thumb, shot.thumb.len() as i64, "image/jpeg", now).await?;
    let photo = NewPhoto {
        activity_id: id,
        file_hash: &full,
        thumb_hash: &thumb,
        width: i64::from(shot.width),
        height: i64::from(shot.height),
        caption: "活动现场",
    };
    activity_media::add_photo(tx, photo, by, now).await?;
    Ok(())
}

/// A cancelled meeting (branch 6) and a corrected record (branch 1).
async fn extras(
    tx: &mut Conn,
    b: usize,
    org: i64,
    by: i64,
    zone: &Zone,
    today: Date,
    now: Timestamp,
) -> anyhow::Result<()> {
    let day = today.saturating_sub(40.days());
    let start = zone.day_bounds(&day.to_string()).context("a demo day")?.0;
    if b == 5 {
        let mut c = content("seminar", start, "");
        c.title = "理论研讨会（因疫情防控要求取消）".to_owned();
        let id = activities::insert(tx, org, ActivityState::Planned, &c, by, now).await?;
        attendance::follow_roster(tx, id, org).await?;
        activities::set_state(
            tx,
            id,
            ActivityState::Cancelled,
            "按疫情防控要求暂停线下聚集活动",
            by,
            now,
        )
        .await?;
    }
    if b == 0 {
        let mut c = content("training", start, "");
        c.title = "党务干部业务培训".to_owned();
        let id = activities::insert(tx, org, ActivityState::Held, &c, by, now).await?;
        attendance::follow_roster(tx, id, org).await?;
        mark_all(tx, id, "training", 3, by, now).await?;
        activities::set_state(tx, id, ActivityState::Confirmed, "", by, now).await?;
        c.place = "市科协三楼会议室".to_owned();
        let marks = serde_json::to_value(attendance::of_activity(&mut *tx, id).await?)?;
        activities::save(
            tx,
            id,
            ActivityState::Confirmed,
            &c,
            Some(&marks),
            "会议地点记录有误，更正",
            by,
            now,
        )
        .await?;
    }
    Ok(())
}
