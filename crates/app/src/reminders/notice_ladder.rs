//! The scheduler's pass over notices: for each published notice with a 签收时限 and recipients
//! that have not signed, the rung of the ladder due now, sent once to each such recipient.

use super::notice::{Deliver, deliver};
use crate::{App, Result};
use domain::Timestamp;
use domain::reminder_ladder::{Calendar, Ladder, Moment, Rung, due};
use store::notice_reminders::{self, LiveNotice};

/// How long after its 签收时限 a notice is still chased.
const CHASE_FOR_DAYS: i64 = 60;

/// Sends what is due for every live notice; answers (reminders, messages) written.
pub async fn pass(
    app: &App,
    ladder: &Ladder,
    calendar: &Calendar,
    moment: Moment,
) -> Result<(usize, usize)> {
    let now = app.now();
    let since = Timestamp(now.millis() - CHASE_FOR_DAYS * 86_400_000);
    let live = notice_reminders::live_notices(app.db.read(), since).await?;
    let (mut reminders, mut messages) = (0, 0);
    for notice in &live {
        let moment = Moment {
            past_deadline: now > notice.sign_by,
            ..moment
        };
        let deadline_day = app.zone.civil_date(notice.sign_by);
        let published_day = app.zone.civil_date(notice.published_at);
        let rungs = due(ladder, calendar, deadline_day, published_day, moment);
        if rungs.is_empty() {
            continue;
        }
        let (r, m) = send(app, notice, &rungs).await?;
        reminders += r;
        messages += m;
    }
    Ok((reminders, messages))
}

async fn send(app: &App, live: &LiveNotice, rungs: &[Rung]) -> Result<(usize, usize)> {
    let Some(notice) = store::notices::by_id(app.db.read(), live.notice_id).await? else {
        return Ok((0, 0));
    };
    let mut w = app.system_write().await?;
    let owing = notice_reminders::unsigned(&mut w.tx, notice.id, None).await?;
    let orgs: Vec<i64> = owing.iter().map(|o| o.org_id).collect();
    let signers =
        store::reminders::recipients_of_orgs(&mut w.tx, &orgs, &super::notice::signing_roles())
            .await?;
    let robots = store::channels::orgs_with_robots(&mut w.tx, &orgs).await?;
    let (mut sent, mut written) = (0, 0);
    for rung in rungs {
        let key = rung.key();
        let about = store::reminders::About::Notice {
            notice_id: notice.id,
        };
        let done = store::reminders::already_sent(&mut w.tx, about, &key).await?;
        for org in owing.iter().filter(|o| !done.contains(&o.org_id)) {
            let once_key = format!("notice:{}:{}:{key}", notice.id, org.org_id);
            let to = Deliver {
                notice: &notice,
                sign_by: Some(live.sign_by),
                org,
                rung: &key,
                note: "",
                sent_by: None,
                once_key: Some(&once_key),
                escalate: *rung == Rung::Escalate,
                known: Some((
                    signers.get(&org.org_id).map_or(&[][..], Vec::as_slice),
                    robots.contains(&org.org_id),
                )),
            };
            if let Some(n) = deliver(&mut w, &app.channels, to).await? {
                sent += 1;
                written += n;
            }
        }
    }
    if sent == 0 {
        return Ok((0, 0));
    }
    let keys: Vec<String> = rungs.iter().map(Rung::key).collect();
    let detail = serde_json::json!({"rungs": keys, "orgs": sent}).to_string();
    w.commit(
        "notice.remind_auto",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok((sent, written))
}
