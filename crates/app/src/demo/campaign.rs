//! The demo's study campaign: “喜迎二十大、奋进新征程” from the founding notice, open for the
//! last two months and the next one, with its three materials and required activities. The
//! branches' theme days, lectures and seminars in the period are put in it; leaders and
//! members log their study (some leaders before the first session, some after, some never:
//! 先学领学 in every state) and write reflections, some featured and commented on.

use anyhow::Context;
use domain::Timestamp;
use domain::activity::ActivityState;
use domain::campaign::{CampaignState, MaterialKind, Requirement};
use domain::campaign_study::{StudyEntry, StudySource};
use jiff::ToSpan;
use jiff::civil::Date;
use store::Conn;
use store::Db;
use store::campaigns::{self, CampaignContent, MaterialContent};

use crate::zone::Zone;

const BOOK_CHAPTERS: [&str; 5] = [
    "一、坚持和加强党的全面领导",
    "二、坚持以人民为中心",
    "三、全面深化改革开放",
    "四、推动高质量发展",
    "五、实现高水平科技自立自强",
];

const REFLECTIONS: [(&str, &str); 3] = [
    (
        "学习7.26重要讲话的体会",
        "通过学习，深刻体会到“两个确立”的决定性意义。作为科技工作者，要把学习成果转化为推动学会改革发展的实际行动。",
    ),
    (
        "读《习近平谈治国理政》第四卷心得",
        "第四卷收录的关于科技自立自强的论述，为学会服务科技工作者指明了方向。我将结合本职工作，做好科普和决策咨询。",
    ),
    (
        "学习《习近平经济思想学习纲要》有感",
        "纲要系统阐述了新发展理念。学会要围绕高质量发展，组织专家开展课题研究，为地方发展建言献策。",
    ),
];

/// Seeds the campaign; answers its id.
pub async fn seed(db: &Db, zone: &Zone, now: Timestamp) -> anyhow::Result<i64> {
    let roots = store::orgs::roots(db.read()).await?;
    let committee = roots.first().context("the demo committee")?;
    let admin = store::accounts::by_username(db.read(), "admin")
        .await?
        .context("the demo's admin")?;
    let branches = store::orgs::children(db.read(), committee.id).await?;
    let today = zone.civil_date(now);
    let starts_on = today.checked_sub(60.days())?;
    let ends_on = today.checked_add(30.days())?;
    // The founding notice (the committee's only one in the demo): the campaign is made from it.
    let notice = store::notices::issued(db.read(), std::slice::from_ref(&committee.path), 1, 0)
        .await?
        .into_iter()
        .next()
        .map(|i| i.notice.id);
    let mut tx = db.begin().await?;
    let requirements = vec![
        Requirement {
            kind: "theme_day".into(),
            count: 2,
            note: "围绕“喜迎二十大、奋进新征程”主题".into(),
        },
        Requirement {
            kind: "party_lecture".into(),
            count: 1,
            note: "书记讲专题党课".into(),
        },
    ];
    let content = CampaignContent {
        theme: "喜迎二十大、奋进新征程",
        starts_on,
        ends_on,
        description: "集中学习践行习近平有关著作和重要讲话精神，党员领导干部先学领学，结合三会一课、主题党日和党员教育培训开展学习，及时报送学习情况。",
        requirements: &requirements,
        org_ids: &[committee.id],
    };
    let id = campaigns::insert(&mut tx, committee.id, &content, notice, admin.id, now).await?;
    campaigns::set_state(&mut tx, id, CampaignState::Open, now).await?;
    let chapters: Vec<String> = BOOK_CHAPTERS.iter().map(|c| (*c).to_owned()).collect();
    let materials = [
        (MaterialKind::Speech, "习近平总书记7.26重要讲话", Vec::new()),
        (MaterialKind::Book, "《习近平谈治国理政》第四卷", chapters),
        (
            MaterialKind::Article,
            "《习近平经济思想学习纲要》",
            Vec::new(),
        ),
    ];
    let mut material_ids = Vec::new();
    for (kind, title, chapters) in &materials {
        let m = MaterialContent {
            kind: *kind,
            title,
            link: "",
            chapters,
            file: None,
        };
        material_ids.push(campaigns::add_material(&mut tx, id, &m, admin.id, now).await?);
    }
    for (b, branch) in branches.iter().enumerate() {
        let account = store::accounts::by_username(&mut *tx, &format!("branch{}", b + 1)).await?;
        let Some(account) = account else { continue };
        let members = store::campaign_figures::holding(
            &mut *tx,
            std::slice::from_ref(&branch.org.path),
            &["secretary", "organization", "propaganda", "discipline"],
        )
        .await?;
        let everyone = members_of(db, branch.org.id, &branch.org.path).await?;
        let first = link_sessions(
            &mut tx,
            zone,
            branch.org.id,
            &branch.org.path,
            id,
            &material_ids,
            starts_on,
            now,
            b,
        )
        .await?;
        // 先学领学: every third branch's leaders study the speech the day before the first
        // session, the next only the secretary does, the last leaves it.
        if let Some(day) = first {
            for (j, (member, ..)) in members.iter().enumerate() {
                let studies = match b % 3 {
                    0 => true,
                    1 => j == 0,
                    _ => false,
                };
                if studies {
                    let on = day.checked_sub(1.day())?.max(starts_on);
                    log(
                        &mut tx,
                        id,
                        *member,
                        branch.org.id,
                        Some(material_ids[0]),
                        None,
                        on,
                        60,
                        account.id,
                        now,
                    )
                    .await?;
                }
            }
        }
        // Members study the book's chapters and go online (学习强国), fewer in branches behind.
        for (j, member) in everyone.iter().enumerate() {
            if (j + b) % 3 == 2 {
                continue;
            }
            let on = starts_on
                .checked_add((((j * 5 + b * 3) % 55) as i64).days())?
                .min(today);
            let chapter = (j + b) % BOOK_CHAPTERS.len();
            log(
                &mut tx,
                id,
                *member,
                branch.org.id,
                Some(material_ids[1]),
                Some(chapter),
                on,
                30 + 15 * (j as i64 % 4),
                account.id,
                now,
            )
            .await?;
            if j % 4 == 0 {
                let entry = StudyEntry {
                    material_id: None,
                    chapter: None,
                    day: on,
                    minutes: 45,
                    source: StudySource::Online,
                    link: "https://www.xuexi.cn/".into(),
                    note: "学习强国 专题学习".into(),
                };
                store::study::add_log(&mut tx, id, *member, branch.org.id, &entry, account.id, now)
                    .await?;
            }
        }
        // Reflections: two in most branches, the first featured with the secretary's comment.
        if b % 3 != 2 {
            for (k, (title, body)) in REFLECTIONS.iter().take(2).enumerate() {
                let Some(member) = everyone.get(3 + k * 2) else {
                    continue;
                };
                let material = Some(material_ids[k]);
                let r = store::study::add_reflection(
                    &mut tx,
                    id,
                    material,
                    *member,
                    branch.org.id,
                    title,
                    body,
                    account.id,
                    now,
                )
                .await?;
                if k == 0 {
                    store::study::feature(&mut tx, r, Some(account.id), now).await?;
                    store::study::add_comment(
                        &mut tx,
                        r,
                        account.id,
                        "写得很实在，推荐在支部大会上交流。",
                        now,
                    )
                    .await?;
                }
            }
        }
    }
    store::commit(tx).await?;
    Ok(id)
}

async fn members_of(db: &Db, org: i64, path: &str) -> anyhow::Result<Vec<i64>> {
    let filter = store::members::RosterFilter {
        org_id: Some(org),
        ..Default::default()
    };
    let roots = [path.to_owned()];
    let (list, _) = store::members::list(db.read(), &roots, &filter, 1000, 0).await?;
    Ok(list.into_iter().map(|m| m.id).collect())
}

#[allow(clippy::too_many_arguments)]
async fn log(
    tx: &mut Conn,
    campaign: i64,
    member: i64,
    org: i64,
    material: Option<i64>,
    chapter: Option<usize>,
    day: Date,
    minutes: i64,
    by: i64,
    now: Timestamp,
) -> anyhow::Result<()> {
    let entry = StudyEntry {
        material_id: material,
        chapter,
        day,
        minutes: minutes as u32,
        source: StudySource::SelfStudy,
        link: String::new(),
        note: String::new(),
    };
    store::study::add_log(tx, campaign, member, org, &entry, by, now).await?;
    Ok(())
}

/// Puts the branch's theme days, lectures and seminars held in the period in the campaign:
/// the first theme day studied the speech, the next the book, a lecture the 纲要. Answers the
/// day of the first session on the speech.
#[allow(clippy::too_many_arguments)]
async fn link_sessions(
    tx: &mut Conn,
    zone: &Zone,
    org: i64,
    path: &str,
    campaign: i64,
    materials: &[i64],
    starts_on: Date,
    now: Timestamp,
    b: usize,
) -> anyhow::Result<Option<Date>> {
    let from = zone.day_bounds(&starts_on.to_string()).context("a day")?.0;
    let states = [ActivityState::Held, ActivityState::Confirmed];
    let roots = [path.to_owned()];
    let q = store::activities::Query {
        roots: &roots,
        org_ids: &[org],
        states: &states,
        from: Some(from),
        until: Some(now),
        limit: 100,
        ..Default::default()
    };
    let held = store::activities::list(&mut *tx, q).await?;
    let mut first = None;
    let mut theme_days = 0;
    for a in held {
        let studied: Vec<(i64, Option<usize>)> = match a.content.kind.as_str() {
            "theme_day" => {
                theme_days += 1;
                if theme_days == 1 {
                    vec![(materials[0], None)]
                } else {
                    vec![(materials[1], Some(0)), (materials[1], Some(1))]
                }
            }
            "party_lecture" => vec![(materials[2], None)],
            "general_meeting" | "seminar" if b.is_multiple_of(2) => vec![(materials[1], Some(4))],
            _ => continue,
        };
        if studied.iter().any(|(m, _)| *m == materials[0]) && first.is_none() {
            first = Some(zone.civil_date(a.content.starts_at));
        }
        store::campaign_sessions::link(tx, a.id, Some(campaign), &studied).await?;
    }
    Ok(first)
}
