//! 我的学习: a member's progress in a campaign — each material studied as a whole or chapter
//! by chapter, by self-study or by sitting in one of the branch's sessions on it (shown apart),
//! the minutes, their entries, and what is still left.

use super::access::Studying;
use super::campaigns::Answer;
use super::study::not_studying;
use crate::{Actor, App};
use domain::campaign::{CampaignProblem, CampaignState};
use domain::campaign_study::StudySource;
use store::campaigns::{self, Campaign, StoredMaterial};
use store::study::{self, StudyLog};
use store::study_member::{self, Attended};

/// One chapter (篇目) of a material, as the member stands on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterProgress {
    pub title: String,
    /// Studied on one's own (a chapter entry, or an entry for the whole material).
    pub by_self: bool,
    /// Studied in a session one attended.
    pub in_session: bool,
}

impl ChapterProgress {
    pub fn studied(&self) -> bool {
        self.by_self || self.in_session
    }
}

/// One material of the campaign, as the member stands on it.
#[derive(Debug, Clone)]
pub struct MaterialProgress {
    pub material: StoredMaterial,
    /// A self-study entry for the material as a whole.
    pub whole_by_self: bool,
    /// A session one attended studied the whole material.
    pub whole_in_session: bool,
    pub chapters: Vec<ChapterProgress>,
    /// Self-study minutes logged on it.
    pub minutes: i64,
}

impl MaterialProgress {
    /// Studied through: as a whole, or every chapter one way or the other.
    pub fn done(&self) -> bool {
        self.whole_by_self
            || self.whole_in_session
            || (!self.chapters.is_empty() && self.chapters.iter().all(ChapterProgress::studied))
    }

    /// Chapters studied, of how many.
    pub fn chapters_studied(&self) -> usize {
        self.chapters.iter().filter(|c| c.studied()).count()
    }
}

/// What is left: a material (chapter `None`: the material as a whole) not studied yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    pub material_id: i64,
    pub title: String,
    /// The chapter's index and title.
    pub chapter: Option<(usize, String)>,
}

/// A member's progress in a campaign.
#[derive(Debug, Clone)]
pub struct Progress {
    pub campaign: Campaign,
    pub member: Studying,
    pub materials: Vec<MaterialProgress>,
    /// The member's standing entries, latest first.
    pub logs: Vec<StudyLog>,
    /// The campaign's sessions they were present at, earliest first.
    pub sessions: Vec<Attended>,
    /// Every self-study minute, online study included.
    pub total_minutes: i64,
    /// Of which online study elsewhere.
    pub online_minutes: i64,
    pub left: Vec<Left>,
}

/// Each standing material as the entries and sessions leave it. Entries and sessions on a
/// removed material, or naming a chapter it no longer has, count for nothing here.
pub fn standing(
    materials: Vec<StoredMaterial>,
    logs: &[StudyLog],
    sessions: &[Attended],
) -> Vec<MaterialProgress> {
    materials
        .into_iter()
        .map(|m| {
            let mine: Vec<&StudyLog> = logs
                .iter()
                .filter(|l| l.material_id == Some(m.id))
                .collect();
            let linked: Vec<Option<usize>> = sessions
                .iter()
                .flat_map(|s| &s.studied)
                .filter(|(mid, _)| *mid == m.id)
                .map(|(_, ch)| *ch)
                .collect();
            let whole_by_self = mine.iter().any(|l| l.chapter.is_none());
            let whole_in_session = linked.iter().any(Option::is_none);
            let chapters = m
                .chapters
                .iter()
                .enumerate()
                .map(|(i, title)| ChapterProgress {
                    title: title.clone(),
                    by_self: whole_by_self || mine.iter().any(|l| l.chapter == Some(i)),
                    in_session: whole_in_session || linked.contains(&Some(i)),
                })
                .collect();
            MaterialProgress {
                whole_by_self,
                whole_in_session,
                chapters,
                minutes: mine.iter().map(|l| l.minutes).sum(),
                material: m,
            }
        })
        .collect()
}

/// What is left of `materials`: a material without chapters not yet studied, or each chapter
/// not yet studied of one that has them.
pub fn left_of(materials: &[MaterialProgress]) -> Vec<Left> {
    let mut out = Vec::new();
    for p in materials.iter().filter(|p| !p.done()) {
        let m = &p.material;
        if p.chapters.is_empty() {
            out.push(Left {
                material_id: m.id,
                title: m.title.clone(),
                chapter: None,
            });
        }
        for (i, c) in p.chapters.iter().enumerate().filter(|(_, c)| !c.studied()) {
            out.push(Left {
                material_id: m.id,
                title: m.title.clone(),
                chapter: Some((i, c.title.clone())),
            });
        }
    }
    out
}

/// The actor's own progress in campaign `id` (open or closed).
pub async fn progress(app: &App, actor: &Actor, id: i64) -> Answer<Progress> {
    let (c, seat) = super::access::readable(app, actor, id).await?;
    if c.state == CampaignState::Draft {
        return Ok(Err(CampaignProblem::CampaignNotOpen.into()));
    }
    let Some(member) = seat.member else {
        return Ok(Err(not_studying(actor).into()));
    };
    let db = app.db.read();
    let materials = campaigns::materials(db, c.id, false).await?;
    let logs = study::logs_of_member(db, c.id, member.member_id).await?;
    let sessions = study_member::attended(db, c.id, member.member_id).await?;
    let materials = standing(materials, &logs, &sessions);
    let total_minutes = logs.iter().map(|l| l.minutes).sum();
    let online_minutes = logs
        .iter()
        .filter(|l| l.source == StudySource::Online)
        .map(|l| l.minutes)
        .sum();
    Ok(Ok(Progress {
        left: left_of(&materials),
        campaign: c,
        member,
        materials,
        logs,
        sessions,
        total_minutes,
        online_minutes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Timestamp;
    use domain::activity::ActivityState;
    use domain::campaign::MaterialKind;
    use jiff::civil::date;

    fn material(id: i64, chapters: &[&str]) -> StoredMaterial {
        StoredMaterial {
            id,
            campaign_id: 1,
            position: id,
            kind: MaterialKind::Book,
            title: format!("《材料{id}》"),
            link: String::new(),
            chapters: chapters.iter().map(|c| (*c).to_owned()).collect(),
            file_hash: None,
            file_name: String::new(),
            removed: false,
        }
    }

    fn log(material_id: Option<i64>, chapter: Option<usize>, minutes: i64) -> StudyLog {
        StudyLog {
            id: 0,
            campaign_id: 1,
            material_id,
            chapter,
            member_id: 9,
            org_id: 3,
            day: date(2022, 8, 20),
            minutes,
            source: if material_id.is_some() {
                StudySource::SelfStudy
            } else {
                StudySource::Online
            },
            link: String::new(),
            note: String::new(),
            created_at: Timestamp(0),
            withdrawn: false,
        }
    }

    fn session(studied: Vec<(i64, Option<usize>)>) -> Attended {
        Attended {
            activity_id: 5,
            org_id: 3,
            kind: "party_day".into(),
            state: ActivityState::Held,
            title: "主题党日".into(),
            starts_at: Timestamp(0),
            leader: String::new(),
            studied,
        }
    }

    #[test]
    fn what_is_left_is_every_chapter_and_material_neither_studied_nor_sat_in() {
        let materials = vec![
            material(1, &["一", "二", "三"]),
            material(2, &[]),
            material(3, &[]),
            material(4, &["甲", "乙"]),
        ];
        let logs = [
            log(Some(1), Some(0), 30),
            log(Some(3), None, 45),
            log(None, None, 20),
            // A chapter the material does not have (any more) counts for nothing.
            log(Some(4), Some(7), 10),
        ];
        let sessions = [session(vec![(1, Some(2)), (4, None)])];
        let p = standing(materials, &logs, &sessions);
        assert_eq!(p[0].chapters_studied(), 2);
        assert!(p[0].chapters[0].by_self && !p[0].chapters[0].in_session);
        assert!(p[0].chapters[2].in_session && !p[0].chapters[2].by_self);
        assert!(!p[0].done());
        assert!(!p[1].done());
        assert!(p[2].done() && p[2].whole_by_self);
        assert!(p[3].done() && p[3].whole_in_session);
        assert_eq!(p[0].minutes, 30);
        assert_eq!(p[3].minutes, 10);
        let left = left_of(&p);
        assert_eq!(
            left.iter()
                .map(|l| (l.material_id, l.chapter.as_ref().map(|c| c.0)))
                .collect::<Vec<_>>(),
            vec![(1, Some(1)), (2, None)]
        );
        assert_eq!(left[0].chapter.as_ref().unwrap().1, "二");
    }

    #[test]
    fn a_whole_material_entry_covers_every_chapter() {
        let p = standing(
            vec![material(1, &["一", "二"])],
            &[log(Some(1), None, 60)],
            &[],
        );
        assert!(p[0].done());
        assert!(p[0].chapters.iter().all(|c| c.by_self));
        assert!(left_of(&p).is_empty());
    }
}
