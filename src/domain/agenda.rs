//! The proposed agenda of a session: what to follow up, and per bucket what to talk about,
//! each point with the reason it was proposed, so preparing takes a minute.
//!
//! Skills are ranked by their latest rating against the target for now; the ranking is
//! one function, [`rank_skills`], so a better level model can replace it.

use chrono::NaiveDate;
use serde::Serialize;

use super::commitment::{Commitment, Owner};
use super::framework::StoredFramework;
use super::skill::SkillId;
use super::{Bucket, Level};

/// A skill as the agenda sees it: its latest rating and when it was last rated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkillState {
    pub skill: SkillId,
    pub latest: Option<(NaiveDate, u8)>,
    pub target: Option<Level>,
}

/// Where a point goes: a bucket, or the follow-up list before the buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    FollowUp,
    Bucket(Bucket),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProposedPoint {
    pub section: Section,
    pub text: String,
    pub reason: String,
}

/// Skills not rated for this long are proposed again.
pub const STALE_DAYS: i64 = 60;
/// Proposed gap and stale points per bucket, so the agenda stays short.
const PER_BUCKET: usize = 2;

/// Skills below target, largest gap first; the place a level model plugs in.
pub fn rank_skills(states: &[SkillState]) -> Vec<(SkillId, i64)> {
    let mut gaps: Vec<(SkillId, i64)> = states
        .iter()
        .filter_map(|s| {
            let (_, rating) = s.latest?;
            let gap = i64::from(s.target?.get()) - i64::from(rating);
            (gap > 0).then_some((s.skill, gap))
        })
        .collect();
    gaps.sort_by_key(|(id, gap)| (-gap, *id));
    gaps
}

pub struct AgendaInput<'a> {
    pub today: NaiveDate,
    pub framework: &'a StoredFramework,
    pub open_commitments: &'a [Commitment],
    pub skills: &'a [SkillState],
    pub last_summary: Option<&'a str>,
}

pub fn propose(input: &AgendaInput<'_>) -> Vec<ProposedPoint> {
    let mut points = Vec::new();
    for c in input.open_commitments {
        let whose = match c.draft.owner {
            Owner::Rep => "The rep's",
            Owner::Manager => "Your",
        };
        let due = c.draft.due_on;
        let state = if due < input.today { "overdue" } else { "open" };
        let reason = format!(
            "{whose} {state} commitment, due {}",
            due.format("%-d %b %Y")
        );
        points.push(ProposedPoint {
            section: Section::FollowUp,
            text: c.draft.text.clone(),
            reason,
        });
    }
    if let Some(summary) = input.last_summary.map(str::trim).filter(|s| !s.is_empty()) {
        points.push(ProposedPoint {
            section: Section::FollowUp,
            text: format!("What is still open from last time: {summary}"),
            reason: "From the last session's summary".to_owned(),
        });
    }
    let ranked = rank_skills(input.skills);
    let name = |id: SkillId| input.framework.skills.iter().find(|s| s.id == id);
    for bucket in Bucket::ALL {
        let gaps = ranked
            .iter()
            .filter_map(|(id, gap)| {
                name(*id)
                    .filter(|s| s.bucket == bucket && !s.retired)
                    .map(|s| (s, gap))
            })
            .take(PER_BUCKET);
        for (skill, gap) in gaps {
            points.push(ProposedPoint {
                section: Section::Bucket(bucket),
                text: format!("Work on {}", skill.name.to_lowercase()),
                reason: format!("Latest rating is {gap} below target"),
            });
        }
        let stale = input
            .skills
            .iter()
            .filter(|s| {
                s.latest
                    .is_none_or(|(day, _)| (input.today - day).num_days() >= STALE_DAYS)
            })
            .filter_map(|s| {
                name(s.skill)
                    .filter(|k| k.bucket == bucket && !k.retired)
                    .map(|k| (k, s.latest))
            })
            .take(PER_BUCKET);
        for (skill, latest) in stale {
            let reason = match latest {
                Some((day, _)) => format!("Not rated since {}", day.format("%-d %b %Y")),
                None => "Never rated".to_owned(),
            };
            points.push(ProposedPoint {
                section: Section::Bucket(bucket),
                text: format!("Look for {} on the next call", skill.name.to_lowercase()),
                reason,
            });
        }
        if let Some(prompt) = input.framework.prompts_in(bucket).next() {
            points.push(ProposedPoint {
                section: Section::Bucket(bucket),
                text: prompt.text.clone(),
                reason: "A prompt of the framework".to_owned(),
            });
        }
    }
    points
}
