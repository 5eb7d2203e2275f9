//! The founding notice in the demo: 渝科协社党发〔2022〕28号, published by the committee to every
//! branch three days ago, with branches in every receipt state — signed, opened only, unread
//! (the first branch among the unread, so `branch1` has something to sign).

use domain::Timestamp;
use std::time::Duration;
use store::Conn;
use store::notices::{self, Content};

const FOUNDING: &str = include_str!("../../demo/founding-notice.md");

/// A branch of the demo and the account of its secretary.
pub struct Branch {
    pub org_id: i64,
    pub secretary_account: i64,
}

/// Publishes the founding notice from `committee` (written by `author`) and records receipts.
/// Answers the notice's id.
pub async fn publish_founding(
    tx: &mut Conn,
    committee: i64,
    author: i64,
    branches: &[Branch],
    now: Timestamp,
) -> anyhow::Result<i64> {
    let draft = gongwen::parse_text(FOUNDING);
    let json = serde_json::to_string(&draft)?;
    let published = now.minus(Duration::from_secs(3 * 24 * 3600));
    let content = Content {
        title: draft
            .title
            .as_deref()
            .unwrap_or("关于做好近期有关工作的通知"),
        doc_number: draft.doc_number.as_ref().map(|d| d.text()).unwrap_or(""),
        json: &json,
        source: FOUNDING,
    };
    let id = notices::create(
        tx,
        committee,
        content,
        author,
        published.minus(Duration::from_secs(3600)),
    )
    .await?;
    notices::set_targets(tx, id, &[(committee, true)]).await?;
    let count = notices::publish(tx, id, committee, published).await?;
    anyhow::ensure!(
        count as usize == branches.len(),
        "the founding notice reached {count} orgs"
    );
    for (i, b) in branches.iter().enumerate() {
        let at = published.plus(Duration::from_secs(3600 * (2 + i as u64 * 3)));
        match i {
            // branch1 and the last few have not opened it yet.
            0 => {}
            1..=6 => {
                notices::sign(tx, id, b.org_id, b.secretary_account, 1, at).await?;
            }
            7..=9 => {
                notices::mark_opened(tx, id, b.org_id, b.secretary_account, 1, at).await?;
            }
            _ => {}
        }
    }
    Ok(id)
}
