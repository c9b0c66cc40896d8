//! The team's skill figures, computed from the in-memory observation log in one pass, so
//! the heat map of fifty reps and forty skills over half a million ratings takes
//! milliseconds and never a query per cell.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::caches::Caches;
use super::observation_log::ObservationLog;
use crate::domain::Bucket;
use crate::domain::levels::{Accumulator, Figures, Point};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

#[derive(Clone, Debug, Default)]
pub struct GapMap {
    pub as_of: Option<NaiveDate>,
    pub half_life_days: f64,
    /// Active reps, in roster order.
    pub reps: Vec<RepId>,
    /// Skills in use, bucket by bucket.
    pub skills: Vec<(Bucket, SkillId)>,
    pub cells: HashMap<(RepId, SkillId), Figures>,
    /// Each cell described in words, for hover text and screen readers; written once per
    /// computation rather than once per frame.
    pub labels: HashMap<(RepId, SkillId), String>,
}

impl GapMap {
    pub fn cell(&self, rep: RepId, skill: SkillId) -> Figures {
        self.cells.get(&(rep, skill)).copied().unwrap_or_default()
    }

    /// The mean gap of a rep over some skills, counting those with a level.
    pub fn mean_gap(&self, rep: RepId, skills: impl Iterator<Item = SkillId>) -> Option<f64> {
        let gaps: Vec<f64> = skills.filter_map(|s| self.cell(rep, s).gap).collect();
        (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64)
    }

    /// Skills with the largest mean gap across the team, with how many reps are below
    /// target: the candidates for team training.
    pub fn team_gaps(&self) -> Vec<(SkillId, f64, usize, usize)> {
        let mut out: Vec<(SkillId, f64, usize, usize)> = self
            .skills
            .iter()
            .filter_map(|(_, skill)| {
                let figures: Vec<Figures> =
                    self.reps.iter().map(|r| self.cell(*r, *skill)).collect();
                let gaps: Vec<f64> = figures.iter().filter_map(|f| f.gap).collect();
                if gaps.is_empty() {
                    return None;
                }
                let below = figures.iter().filter(|f| f.flags.below_target).count();
                Some((
                    *skill,
                    gaps.iter().sum::<f64>() / gaps.len() as f64,
                    below,
                    gaps.len(),
                ))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Per rep and bucket: skills observed in the last 90 days, and the bucket's skills.
    pub fn coverage(&self, rep: RepId, bucket: Bucket) -> (usize, usize) {
        let skills: Vec<SkillId> = self
            .skills
            .iter()
            .filter(|(b, _)| *b == bucket)
            .map(|(_, s)| *s)
            .collect();
        let seen = skills
            .iter()
            .filter(|s| self.cell(rep, **s).seen_recently)
            .count();
        (seen, skills.len())
    }
}

/// Every active rep's figures in every skill in use, as of `as_of`.
pub fn compute(
    log: &ObservationLog,
    caches: &Caches,
    as_of: NaiveDate,
    half_life_days: f64,
) -> GapMap {
    let reps: Vec<RepId> = caches
        .roster
        .iter()
        .filter(|r| !r.rep.archived)
        .map(|r| r.rep.id)
        .collect();
    let skills: Vec<(Bucket, SkillId)> = Bucket::ALL
        .iter()
        .flat_map(|b| {
            caches
                .framework
                .skills_in(*b)
                .filter(|s| !s.retired)
                .map(move |s| (*b, s.id))
        })
        .collect();
    let mut sums: HashMap<(RepId, SkillId), Accumulator> = HashMap::new();
    for row in log.rows() {
        if row.day > as_of {
            // Rows are in day order: nothing after this counts.
            break;
        }
        sums.entry((row.rep, row.skill)).or_default().add(
            Point {
                day: row.day,
                rating: row.rating,
            },
            as_of,
            half_life_days,
        );
    }
    let mut cells = HashMap::new();
    let mut labels = HashMap::new();
    for row in caches.roster.iter().filter(|r| !r.rep.archived) {
        for (_, skill) in &skills {
            let acc = sums.get(&(row.rep.id, *skill)).copied().unwrap_or_default();
            let figures = acc.figures(as_of, caches.target(&row.rep, *skill));
            let name = caches
                .framework
                .skill(*skill)
                .map_or("", |s| s.name.as_str());
            labels.insert(
                (row.rep.id, *skill),
                describe(&row.rep.name, name, &figures),
            );
            cells.insert((row.rep.id, *skill), figures);
        }
    }
    GapMap {
        as_of: Some(as_of),
        half_life_days,
        reps,
        skills,
        cells,
        labels,
    }
}

/// A cell in words: "Dana Lee, Listening: level 2.6, target 4, 1.4 below target, ...".
pub fn describe(rep: &str, skill: &str, f: &Figures) -> String {
    let level = f
        .level
        .map_or("never rated".to_owned(), |l| format!("level {l:.1}"));
    let target = f
        .target
        .map_or("no target".to_owned(), |t| format!("target {}", t.get()));
    let gap = f
        .gap
        .map_or(String::new(), |g| format!(", {}", against_target(g)));
    let trend = f.trend.map_or(String::new(), |t| {
        format!(
            ", trend {} per 90 days",
            crate::domain::levels::signed_tenths(t)
        )
    });
    let confidence = if f.flags.low_confidence && f.level.is_some() {
        " (few ratings: low confidence)"
    } else {
        ""
    };
    format!(
        "{rep}, {skill}: {level}, {target}{gap}{trend}, {} ratings{confidence}",
        f.ratings
    )
}

/// A gap (target minus level) in words, so that below target never reads as a plus:
/// "1.4 below target", "0.6 above target", "at target".
pub fn against_target(gap: f64) -> String {
    let tenths = (gap * 10.0).round() / 10.0;
    if tenths > 0.0 {
        format!("{tenths:.1} below target")
    } else if tenths < 0.0 {
        format!("{:.1} above target", -tenths)
    } else {
        "at target".to_owned()
    }
}

/// What a rep's trend chart was drawn from; when any part differs it is drawn again.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendKey {
    pub rep: RepId,
    pub skills: Vec<SkillId>,
    pub as_of: NaiveDate,
    pub half_life_days: u32,
    pub log_version: u64,
}

/// The skills a rep's trend chart shows: the bucket's skills in use, or the one picked.
pub fn chart_skills(caches: &Caches, bucket: Bucket, only: Option<SkillId>) -> Vec<SkillId> {
    caches
        .framework
        .skills_in(bucket)
        .filter(|s| !s.retired && only.is_none_or(|id| id == s.id))
        .map(|s| s.id)
        .collect()
}

/// One skill's history for the trend chart.
pub struct SkillTrend {
    pub ratings: Vec<Point>,
    /// The level at the end of each week over the year before the as-of day.
    pub weekly_level: Vec<(NaiveDate, f64)>,
}

/// One rep's history in some skills, in the order asked. The log is read once for all.
pub fn trends(
    log: &ObservationLog,
    rep: RepId,
    skills: &[SkillId],
    as_of: NaiveDate,
    half_life_days: f64,
) -> Vec<SkillTrend> {
    let mut points: HashMap<SkillId, Vec<Point>> =
        skills.iter().map(|s| (*s, Vec::new())).collect();
    for row in log
        .rows()
        .iter()
        .take_while(|r| r.day <= as_of)
        .filter(|r| r.rep == rep)
    {
        if let Some(list) = points.get_mut(&row.skill) {
            list.push(Point {
                day: row.day,
                rating: row.rating,
            });
        }
    }
    skills
        .iter()
        .map(|skill| {
            let mine = points.remove(skill).unwrap_or_default();
            let weekly_level = (0..=52)
                .rev()
                .filter_map(|week| {
                    let day = as_of - Duration::weeks(week);
                    crate::domain::levels::figures(&mine, day, half_life_days, None)
                        .level
                        .map(|level| (day, level))
                })
                .collect();
            SkillTrend {
                ratings: mine,
                weekly_level,
            }
        })
        .collect()
}
