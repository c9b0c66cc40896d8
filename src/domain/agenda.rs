//! The proposed agenda of a session: what to follow up, and per bucket what to talk about,
//! each point with the reason it was proposed, so preparing takes a minute.
//!
//! Skills are ranked by the level model (`levels`): the gap between the recency-weighted
//! level and the target, with declining skills pulled up; [`rank_skills`] is the one place
//! that ranking lives.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Bucket;
use super::Level;
use super::commitment::{Commitment, Owner};
use super::framework::StoredFramework;
use super::levels::Figures;
use super::plan::suggest::{self, Peer};
use super::rep_file::answers::Topic;
use super::skill::{Skill, SkillId};

/// A skill as the agenda sees it: the level model's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SkillState {
    pub skill: SkillId,
    pub figures: Figures,
}

/// Where a point goes: a bucket, or the follow-up list before the buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    FollowUp,
    /// A coaching plan's focus skill, in that skill's bucket: it leads the agenda.
    Focus(Bucket),
    Bucket(Bucket),
}

impl Section {
    /// The bucket a point is written into once the agenda is accepted.
    pub fn bucket(self) -> Option<Bucket> {
        match self {
            Section::FollowUp => None,
            Section::Focus(bucket) | Section::Bucket(bucket) => Some(bucket),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProposedPoint {
    pub section: Section,
    pub text: String,
    pub reason: String,
    /// A next step the point offers to add as a commitment in one click (peer pairing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
}

/// A running coaching plan as the agenda sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct FocusInput {
    pub skill: SkillId,
    pub target: Level,
    pub review_on: NaiveDate,
    pub why: String,
    /// The level model's level today.
    pub level: Option<f64>,
}

/// Skills not rated for this long are proposed again.
pub const STALE_DAYS: i64 = 60;
/// Proposed gap and stale points per bucket, so the agenda stays short.
const PER_BUCKET: usize = 2;

/// Skills below target or declining, by the level model: largest gap first, a declining
/// skill counting as half a level more.
pub fn rank_skills(states: &[SkillState]) -> Vec<(SkillId, Figures)> {
    let weight = |f: &Figures| f.gap.unwrap_or(0.0) + if f.flags.declining { 0.5 } else { 0.0 };
    let mut ranked: Vec<(SkillId, Figures)> = states
        .iter()
        .filter(|s| s.figures.flags.below_target || s.figures.flags.declining)
        .map(|s| (s.skill, s.figures))
        .collect();
    ranked.sort_by(|a, b| weight(&b.1).total_cmp(&weight(&a.1)).then(a.0.cmp(&b.0)));
    ranked
}

pub struct AgendaInput<'a> {
    pub today: NaiveDate,
    pub framework: &'a StoredFramework,
    pub open_commitments: &'a [Commitment],
    pub skills: &'a [SkillState],
    pub last_summary: Option<&'a str>,
    /// What the rep asked to bring, from the rep file they sent back since the last session.
    pub rep_topics: &'a [Topic],
    pub rep_name: &'a str,
    /// The rep's running coaching plans.
    pub focus: &'a [FocusInput],
    /// Teammates strong in a skill the agenda works on (see [`worked_skills`]), by skill,
    /// with their names: offered for pairing.
    pub peers: &'a HashMap<SkillId, Vec<(String, Peer)>>,
}

pub fn propose(input: &AgendaInput<'_>) -> Vec<ProposedPoint> {
    let mut points = follow_up_points(input);
    points.extend(focus_points(input));
    let focus: Vec<SkillId> = input.focus.iter().map(|f| f.skill).collect();
    let ranked = ranked_besides(input.skills, &focus);
    for bucket in Bucket::ALL {
        points.extend(rep_topic_points(input, bucket));
        points.extend(gap_points(input, &ranked, bucket));
        points.extend(stale_points(input, bucket));
        if let Some(prompt) = input.framework.prompts_in(bucket).next() {
            points.push(ProposedPoint {
                section: Section::Bucket(bucket),
                text: prompt.text.clone(),
                reason: "A prompt of the framework".to_owned(),
                commitment: None,
            });
        }
    }
    points
}

/// The open commitments, then what the last summary left open: they come before any bucket.
fn follow_up_points(input: &AgendaInput<'_>) -> Vec<ProposedPoint> {
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
            commitment: None,
        });
    }
    if let Some(summary) = input.last_summary.map(str::trim).filter(|s| !s.is_empty()) {
        points.push(ProposedPoint {
            section: Section::FollowUp,
            text: format!("What is still open from last time: {summary}"),
            reason: "From the last session's summary".to_owned(),
            commitment: None,
        });
    }
    points
}

/// What the rep asked to bring in this bucket: it leads the bucket, before our own points.
fn rep_topic_points<'a>(
    input: &'a AgendaInput<'_>,
    bucket: Bucket,
) -> impl Iterator<Item = ProposedPoint> + 'a {
    input
        .rep_topics
        .iter()
        .filter(move |t| t.bucket == bucket)
        .map(move |topic| ProposedPoint {
            section: Section::Bucket(bucket),
            text: topic.text.clone(),
            reason: format!(
                "{} asked to bring this (from their rep file)",
                input.rep_name
            ),
            commitment: None,
        })
}

/// The running plans, each with the teammates strong in its skill: they lead the agenda.
fn focus_points(input: &AgendaInput<'_>) -> Vec<ProposedPoint> {
    let mut points = Vec::new();
    for focus in input.focus {
        let Some(skill) = input.framework.skill(focus.skill) else {
            continue;
        };
        let section = Section::Focus(skill.bucket);
        let level = focus
            .level
            .map_or_else(|| "not rated yet".to_owned(), |l| format!("level {l:.1}"));
        let mut reason = format!(
            "Coaching plan: {level}, target {}, review {}",
            focus.target.get(),
            focus.review_on.format("%-d %b %Y")
        );
        if !focus.why.trim().is_empty() {
            reason.push_str(" - ");
            reason.push_str(focus.why.trim());
        }
        points.push(ProposedPoint {
            section,
            text: format!("Focus: {}", skill.name),
            reason,
            commitment: None,
        });
        points.extend(pairing_points(input, section, skill));
    }
    points
}

/// The ranking without the skills a plan already focuses on: those lead the agenda.
fn ranked_besides(skills: &[SkillState], focus: &[SkillId]) -> Vec<(SkillId, Figures)> {
    rank_skills(skills)
        .into_iter()
        .filter(|(id, _)| !focus.contains(id))
        .collect()
}

/// The bucket's largest gaps by the ranking, at most [`PER_BUCKET`], retired skills left out.
fn gaps_in<'a>(
    framework: &'a StoredFramework,
    ranked: &'a [(SkillId, Figures)],
    bucket: Bucket,
) -> impl Iterator<Item = (&'a Skill, &'a Figures)> + 'a {
    ranked
        .iter()
        .filter_map(move |(id, f)| {
            framework
                .skill(*id)
                .filter(|s| s.bucket == bucket && !s.retired)
                .map(|s| (s, f))
        })
        .take(PER_BUCKET)
}

/// Every skill the agenda works on, the focus first then the gaps it proposes: the
/// skills it may offer a teammate to pair with, known before the agenda is written.
pub fn worked_skills(
    framework: &StoredFramework,
    skills: &[SkillState],
    focus: &[SkillId],
) -> Vec<SkillId> {
    let ranked = ranked_besides(skills, focus);
    let gaps = Bucket::ALL
        .iter()
        .flat_map(|bucket| gaps_in(framework, &ranked, *bucket).map(|(s, _)| s.id))
        .collect::<Vec<_>>();
    focus.iter().copied().chain(gaps).collect()
}

/// "Pair with <teammate>" points for a skill, each adding its next step in one click.
fn pairing_points(input: &AgendaInput<'_>, section: Section, skill: &Skill) -> Vec<ProposedPoint> {
    let peers = input.peers.get(&skill.id).map_or(&[][..], Vec::as_slice);
    peers
        .iter()
        .map(|(name, peer)| ProposedPoint {
            section,
            text: suggest::pairing_text(name, &skill.name, peer),
            reason: format!("A teammate at or above the target in {}", skill.name),
            commitment: Some(suggest::shadow_commitment(name, &skill.name)),
        })
        .collect()
}

fn gap_points(
    input: &AgendaInput<'_>,
    ranked: &[(SkillId, Figures)],
    bucket: Bucket,
) -> Vec<ProposedPoint> {
    let mut points = Vec::new();
    for (skill, f) in gaps_in(input.framework, ranked, bucket) {
        let mut reason = match (f.level, f.target) {
            (Some(level), Some(target)) => {
                format!("Level {level:.1} against a target of {}", target.get())
            }
            (Some(level), None) => format!("Level {level:.1}, no target set"),
            (None, _) => "Not rated yet".to_owned(),
        };
        if f.flags.declining {
            reason.push_str(", declining");
        }
        if f.flags.low_confidence {
            reason.push_str(", few ratings");
        }
        points.push(ProposedPoint {
            section: Section::Bucket(bucket),
            text: format!("Work on {}", skill.name.to_lowercase()),
            reason,
            commitment: None,
        });
        points.extend(pairing_points(input, Section::Bucket(bucket), skill));
    }
    points
}

/// The bucket's skills not rated for [`STALE_DAYS`] or never, at most [`PER_BUCKET`].
fn stale_points(input: &AgendaInput<'_>, bucket: Bucket) -> Vec<ProposedPoint> {
    let stale = input
        .skills
        .iter()
        .filter(|s| {
            s.figures
                .last_rated
                .is_none_or(|day| (input.today - day).num_days() >= STALE_DAYS)
        })
        .filter_map(|s| {
            input
                .framework
                .skill(s.skill)
                .filter(|k| k.bucket == bucket && !k.retired)
                .map(|k| (k, s.figures.last_rated))
        })
        .take(PER_BUCKET);
    let mut points = Vec::new();
    for (skill, latest) in stale {
        let reason = match latest {
            Some(day) => format!("Not rated since {}", day.format("%-d %b %Y")),
            None => "Never rated".to_owned(),
        };
        points.push(ProposedPoint {
            section: Section::Bucket(bucket),
            text: format!("Look for {} on the next call", skill.name.to_lowercase()),
            reason,
            commitment: None,
        });
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::levels::Flags;
    use crate::domain::skill::Rubric;

    fn skill(id: i64, bucket: Bucket, name: &str) -> Skill {
        Skill {
            id: SkillId(id),
            bucket,
            name: name.into(),
            description: String::new(),
            rubric: Rubric::default(),
            position: id,
            retired: false,
            from_org: false,
        }
    }

    fn below(id: i64, level: f64) -> SkillState {
        SkillState {
            skill: SkillId(id),
            figures: Figures {
                level: Some(level),
                target: Level::new(4),
                gap: Some(4.0 - level),
                ratings: 6,
                flags: Flags {
                    below_target: true,
                    ..Flags::default()
                },
                ..Figures::default()
            },
        }
    }

    #[test]
    fn a_focus_leads_and_a_teammate_is_offered_after_the_focus_and_after_a_gap() {
        let framework = StoredFramework {
            roles: Vec::new(),
            skills: vec![
                skill(1, Bucket::Selling, "Listening"),
                skill(2, Bucket::Selling, "Questioning"),
                skill(3, Bucket::Customer, "Success criteria"),
            ],
            prompts: Vec::new(),
            role_targets: Vec::new(),
        };
        let skills = [below(1, 2.0), below(2, 2.5), below(3, 3.0)];
        let focus = [FocusInput {
            skill: SkillId(1),
            target: Level::new(4).unwrap(),
            review_on: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
            why: "Interrupts".into(),
            level: Some(2.0),
        }];
        assert_eq!(
            worked_skills(&framework, &skills, &[SkillId(1)]),
            vec![SkillId(1), SkillId(2), SkillId(3)],
            "the focus, then the gaps the agenda proposes"
        );
        let peer = |rep| Peer {
            rep: crate::domain::rep::RepId(rep),
            level: 4.3,
            ratings: 9,
        };
        let peers = HashMap::from([
            (SkillId(1), vec![("Dana Lee".to_owned(), peer(7))]),
            (SkillId(2), vec![("Sam Roy".to_owned(), peer(8))]),
        ]);
        let points = propose(&AgendaInput {
            today: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            framework: &framework,
            open_commitments: &[],
            skills: &skills,
            last_summary: None,
            rep_topics: &[],
            rep_name: "Ana",
            focus: &focus,
            peers: &peers,
        });
        let texts: Vec<&str> = points.iter().map(|p| p.text.as_str()).collect();
        let at = |text: &str| texts.iter().position(|t| *t == text).unwrap();
        assert_eq!(at("Focus: Listening"), 0);
        assert_eq!(at("Pair with Dana Lee: Listening 4.3 on 9 ratings"), 1);
        assert!(
            !texts.contains(&"Work on listening"),
            "a focus is not proposed twice"
        );
        let pair = at("Pair with Sam Roy: Questioning 4.3 on 9 ratings");
        assert_eq!(pair, at("Work on questioning") + 1);
        assert_eq!(
            points[pair].commitment.as_deref(),
            Some(suggest::shadow_commitment("Sam Roy", "Questioning").as_str())
        );
        assert!(points.iter().filter(|p| p.commitment.is_some()).count() == 2);
    }
}
