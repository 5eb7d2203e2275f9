//! Tasks in the demo, made from the founding notice's sections, with branches in every state
//! of the reporting loop — so the board a newcomer opens shows every light:
//! - 报送主题学习活动学习情况 (from 一、（三）): due yesterday; approved, waiting, late,
//!   returned (branch1, with the reason to act on), an overdue draft, and overdue not started.
//! - 网络安全自查整改情况报告 (from 三): due in a week; some handed in, drafts, not started.
//! - 每月安全稳定情况报告: a monthly report, due five days after each month ends.

use domain::Timestamp;
use domain::submission::{SubmissionState, hand_in};
use serde_json::json;
use std::time::Duration;
use store::Conn;
use store::submissions;
use store::tasks::{self, TaskFields};

use super::notice::Branch;

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

fn study_form() -> serde_json::Value {
    json!({"fields": [
        {"key": "summary", "label": "学习开展情况", "type": "long_text", "required": true,
         "help": "学习内容、形式、参加人员及取得的成效"},
        {"key": "attendance", "label": "参加学习人数", "type": "number", "unit": "人", "min": 0, "integer": true, "required": true},
        {"key": "forms", "label": "学习形式", "type": "multiple_choice", "min_choices": 1,
         "options": ["“三会一课”", "主题党日", "专题培训", "网络学习", "其他"]},
        {"key": "sessions", "label": "集中学习安排", "type": "table", "min_rows": 1, "max_rows": 50, "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": true},
            {"key": "topic", "label": "学习主题", "type": "short_text", "required": true},
            {"key": "hours", "label": "学时", "type": "number", "min": 0, "max": 24}
        ]},
        {"key": "leaders_first", "label": "负责人是否先学领学", "type": "yes_no", "required": true}
    ]})
}

fn security_form() -> serde_json::Value {
    json!({"fields": [
        {"key": "done", "label": "是否已完成网络安全自查", "type": "yes_no", "required": true},
        {"key": "systems", "label": "自查的网站、公众号等信息系统数量", "type": "number", "unit": "个", "min": 0, "integer": true, "required": true},
        {"key": "issues", "label": "发现的问题及整改情况", "type": "table", "columns": [
            {"key": "issue", "label": "问题", "type": "short_text", "required": true},
            {"key": "fixed", "label": "是否已整改", "type": "yes_no"},
            {"key": "by", "label": "整改完成日期", "type": "date"}
        ]},
        {"key": "contact", "label": "联系人及电话", "type": "short_text", "required": true}
    ]})
}

fn monthly_form() -> serde_json::Value {
    json!({"fields": [
        {"key": "incident", "label": "本月是否发生安全事件", "type": "yes_no", "required": true},
        {"key": "activities", "label": "开展安全检查、防灾减灾活动情况", "type": "long_text"}
    ]})
}

fn study_answers(i: usize, version: &str) -> serde_json::Value {
    json!({
        "summary": format!("支部组织党员集中学习习近平总书记重要讲话精神和《习近平谈治国理政》第四卷，结合学科特点开展研讨交流。{version}"),
        "attendance": 12 + i as i64,
        "forms": ["“三会一课”", "主题党日"],
        "sessions": [
            {"date": "2026-11-12", "topic": "学习习近平总书记7·26重要讲话", "hours": 2},
            {"date": "2026-11-19", "topic": "《习近平经济思想学习纲要》专题研讨", "hours": 3}
        ],
        "leaders_first": true
    })
}

fn security_answers(i: usize) -> serde_json::Value {
    json!({
        "done": true,
        "systems": 1 + i as i64 % 3,
        "issues": [{"issue": "学会网站后台弱口令", "fixed": true, "by": "2026-11-20"}],
        "contact": "王示例 023-6000000"
    })
}

/// What a branch did with a task, in the demo's story.
#[derive(Clone, Copy)]
enum Story {
    Nothing,
    Draft,
    OnTime,
    Late,
    Returned,
    Approved,
    /// Approved, then handed in again: "changed since approval".
    Changed,
}

struct Made<'a> {
    tx: &'a mut Conn,
    task: i64,
    period: &'a str,
    deadline: Timestamp,
    reviewer: i64,
}

impl Made<'_> {
    async fn load(&mut self, org: i64) -> anyhow::Result<submissions::Submission> {
        submissions::get(&mut *self.tx, self.task, self.period, org)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no submission of org {org}"))
    }

    async fn act(
        &mut self,
        b: &Branch,
        story: Story,
        answers: serde_json::Value,
        at: Timestamp,
    ) -> anyhow::Result<()> {
        let data = serde_json::to_string(&answers)?;
        let mut s = self.load(b.org_id).await?;
        let who = b.secretary_account;
        match story {
            Story::Nothing => {}
            Story::Draft => {
                submissions::save_draft(self.tx, &s, &data, 1, SubmissionState::Draft, who, at)
                    .await?;
            }
            Story::OnTime | Story::Late | Story::Returned | Story::Approved | Story::Changed => {
                let h = hand_in(s.state, false, self.deadline, at);
                submissions::hand_in(self.tx, &s, &data, 1, h, who, at).await?;
                s = self.load(b.org_id).await?;
                let reviewed = at.plus(5 * HOUR);
                match story {
                    Story::Returned => {
                        submissions::review(
                            self.tx,
                            &s,
                            SubmissionState::Returned,
                            "return",
                            "请补充集中学习的具体时间和参学人员名单，学时请按实际填写。",
                            self.reviewer,
                            reviewed,
                        )
                        .await?;
                    }
                    Story::Approved | Story::Changed => {
                        submissions::review(
                            self.tx,
                            &s,
                            SubmissionState::Approved,
                            "approve",
                            "",
                            self.reviewer,
                            reviewed,
                        )
                        .await?;
                    }
                    _ => {}
                }
                if let Story::Changed = story {
                    s = self.load(b.org_id).await?;
                    let mut changed = answers.clone();
                    changed["attendance"] = json!(answers["attendance"].as_i64().unwrap_or(0) + 3);
                    let data = serde_json::to_string(&changed)?;
                    let again = reviewed.plus(20 * HOUR);
                    let h = hand_in(s.state, true, self.deadline, again);
                    submissions::hand_in(self.tx, &s, &data, 1, h, who, again).await?;
                }
            }
        }
        Ok(())
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "demo data: each task spelled out in one call"
)]
async fn make(
    tx: &mut Conn,
    committee: i64,
    author: i64,
    fields: TaskFields<'_>,
    form: serde_json::Value,
    notice: Option<(i64, &str)>,
    created: Timestamp,
    period: (&str, &str, Timestamp),
) -> anyhow::Result<i64> {
    let id = tasks::create(
        tx,
        committee,
        &fields,
        &form.to_string(),
        notice,
        author,
        created,
    )
    .await?;
    tasks::set_targets(tx, id, &[(committee, true)]).await?;
    tasks::publish(tx, id, committee, created).await?;
    tasks::open_period(tx, id, period.0, period.1, period.2, created).await?;
    Ok(id)
}

/// The calendar as the deployment's zone sees it today.
pub struct Today<'a> {
    pub date: &'a str,
    /// This month's period key and first day, and its report's deadline.
    pub month: &'a str,
    pub month_starts: &'a str,
    pub monthly_deadline: Timestamp,
    /// The end of yesterday and of the day a week from today.
    pub study_deadline: Timestamp,
    pub security_deadline: Timestamp,
}

/// Makes the demo's tasks from the founding notice `notice_id`, assigned by `committee` to
/// every branch, with the branches' reports in every state.
pub async fn seed(
    tx: &mut Conn,
    committee: i64,
    author: i64,
    branches: &[Branch],
    notice_id: i64,
    today: Today<'_>,
    now: Timestamp,
) -> anyhow::Result<()> {
    let today_iso = today.date;
    // 学习情况: assigned ten days ago, due yesterday.
    let created = now.minus(10 * DAY);
    let deadline = today.study_deadline;
    let study = make(
        tx,
        committee,
        author,
        TaskFields {
            title: "报送主题学习活动学习情况",
            description: "请各党支部按照通知要求，认真组织开展主题学习活动，及时报送学习情况，包括学习开展情况、参加人数、学习形式和集中学习安排。",
            category: "学习",
            recurrence: "once",
            deadline: Some(deadline),
            starts_on: "",
            due_days: 0,
        },
        study_form(),
        Some((notice_id, "一/（三）")),
        created,
        ("once", today_iso, deadline),
    )
    .await?;
    let mut made = Made {
        tx,
        task: study,
        period: "once",
        deadline,
        reviewer: author,
    };
    for (i, b) in branches.iter().enumerate() {
        let story = match i {
            0 => Story::Returned,
            1 | 2 => Story::Approved,
            3 => Story::Changed,
            4 | 5 => Story::OnTime,
            6 | 7 => Story::Late,
            8 => Story::Draft,
            _ => Story::Nothing,
        };
        let at = match story {
            // After the deadline (the end of yesterday), never after now.
            Story::Late => deadline
                .plus(HOUR + Duration::from_secs(600 * i as u64))
                .min(now),
            _ => created.plus(DAY * (1 + i as u32 % 6)),
        };
        made.act(b, story, study_answers(i, ""), at).await?;
    }
    // 网络安全自查: assigned three days ago, due in a week.
    let created = now.minus(3 * DAY);
    let deadline = today.security_deadline;
    let security = make(
        made.tx,
        committee,
        author,
        TaskFields {
            title: "报送网络安全自查整改情况",
            description: "请各学会认真开展网络安全自查整改，及时报送自查发现的问题及整改情况，确保网络信息安全。",
            category: "网络安全",
            recurrence: "once",
            deadline: Some(deadline),
            starts_on: "",
            due_days: 0,
        },
        security_form(),
        Some((notice_id, "三")),
        created,
        ("once", today_iso, deadline),
    )
    .await?;
    let mut made = Made {
        tx: made.tx,
        task: security,
        period: "once",
        deadline,
        reviewer: author,
    };
    for (i, b) in branches.iter().enumerate() {
        let story = match i {
            1 => Story::Approved,
            2..=4 => Story::OnTime,
            5 | 6 => Story::Draft,
            _ => Story::Nothing,
        };
        made.act(
            b,
            story,
            security_answers(i),
            created.plus(DAY + HOUR * i as u32),
        )
        .await?;
    }
    // 每月安全稳定情况: this month's period, due five days after it ends.
    let created = now.minus(2 * DAY);
    let deadline = today.monthly_deadline;
    let monthly = make(
        made.tx,
        committee,
        author,
        TaskFields {
            title: "每月安全稳定情况报告",
            description: "各学会每月报送本学会安全稳定工作情况，次月5日前报送。",
            category: "安全稳定",
            recurrence: "monthly",
            deadline: None,
            starts_on: today.month_starts,
            due_days: 5,
        },
        monthly_form(),
        None,
        created,
        (today.month, today.month_starts, deadline),
    )
    .await?;
    let mut made = Made {
        tx: made.tx,
        task: monthly,
        period: today.month,
        deadline,
        reviewer: author,
    };
    for (i, b) in branches.iter().enumerate().skip(2).take(4) {
        let answers = json!({"incident": false, "activities": "开展安全生产检查一次。"});
        made.act(
            b,
            Story::OnTime,
            answers,
            created.plus(HOUR * (i as u32 + 1)),
        )
        .await?;
    }
    Ok(())
}
