//! The leader's report: the server's aggregates over the teams under the leader (see
//! sql/003_leader.sql), read as the leader, then the figures of `domain::org_report`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Client;
use serde::Serialize;

use super::OrgError;
use crate::domain::framework::Framework;
use crate::domain::org_report::{
    self, Calibration, LevelCell, ManagerCoverage, Ratings, RepCoverage, ReportSkill, TrainingNeed,
};
use crate::domain::text::{Lines, clean, fold_case};

/// The window coverage and calibration look back over, in days.
pub const WINDOW_DAYS: i64 = 90;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrgReport {
    pub as_of: NaiveDate,
    pub window_days: i64,
    pub framework_version: Option<i64>,
    /// The organization's skills in the framework's order.
    pub skills: Vec<ReportSkill>,
    pub managers: Vec<ManagerCoverage>,
    pub reps: Vec<RepCoverage>,
    pub levels: Vec<LevelCell>,
    /// Each manager's team mean per skill, as (manager, key, mean).
    pub team_levels: Vec<(String, String, f64)>,
    pub needs: Vec<TrainingNeed>,
    pub calibration: Vec<Calibration>,
}

impl OrgReport {
    pub fn skill_name(&self, key: &str) -> String {
        self.skills
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name.clone())
    }
}

/// Reads the report as the leader `login`, as of `as_of` (a UTC day).
pub fn read(
    client: &mut Client,
    login: &str,
    as_of: NaiveDate,
    half_life_days: f64,
) -> Result<OrgReport, OrgError> {
    let pg = |e| OrgError::from_pg(e, login, "read the organization's figures");
    let day = (as_of - DateTime::<Utc>::UNIX_EPOCH.date_naive()).num_days();
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(pg)?;
    let (framework_version, skills) = skills(&mut tx).map_err(pg)?;
    let reps = rep_rows(&mut tx, day).map_err(pg)?;
    let plans: Vec<(String, String, i64)> = tx
        .query(
            "SELECT manager, status, plans FROM coachbook.leader_plans()",
            &[],
        )
        .map_err(pg)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let levels = level_rows(&mut tx, day, half_life_days).map_err(pg)?;
    let ratings = rating_rows(&mut tx, day).map_err(pg)?;
    tx.commit().map_err(pg)?;
    let team_levels = org_report::team_levels(&levels)
        .into_iter()
        .map(|((manager, key), mean)| (manager, key, mean))
        .collect();
    Ok(OrgReport {
        as_of,
        window_days: WINDOW_DAYS,
        framework_version,
        managers: org_report::coverage(&reps, &plans, WINDOW_DAYS),
        needs: org_report::training_needs(&levels),
        calibration: org_report::calibration(&ratings),
        skills,
        reps,
        levels,
        team_levels,
    })
}

/// The newest framework's skills, keyed as the managers' published skills are.
fn skills(
    tx: &mut postgres::Transaction<'_>,
) -> Result<(Option<i64>, Vec<ReportSkill>), postgres::Error> {
    let row = tx.query_opt(
        "SELECT version, source FROM coachbook.framework_versions
         ORDER BY version DESC LIMIT 1",
        &[],
    )?;
    let Some(row) = row else {
        return Ok((None, Vec::new()));
    };
    let source: String = row.get(1);
    let skills = Framework::from_toml(&source)
        .map(|f| {
            f.skills
                .into_iter()
                .map(|s| ReportSkill {
                    key: fold_case(&s.name),
                    name: s.name,
                    bucket: s.bucket.title().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((Some(row.get(0)), skills))
}

fn rep_rows(
    tx: &mut postgres::Transaction<'_>,
    day: i64,
) -> Result<Vec<RepCoverage>, postgres::Error> {
    let rows = tx.query(
        "SELECT manager, manager_name, rep_id, rep_name, role, held, missed, skipped,
                held_mins, last_held_day, goal_mins_per_week
         FROM coachbook.leader_reps($1, $2) ORDER BY manager_name, rep_name",
        &[&day, &WINDOW_DAYS],
    )?;
    Ok(rows
        .iter()
        .map(|r| RepCoverage {
            manager: text(r.get(0)),
            manager_name: text(r.get(1)),
            rep_id: r.get(2),
            name: text(r.get(3)),
            role: text(r.get(4)),
            held: r.get(5),
            missed: r.get(6),
            skipped: r.get(7),
            held_mins: r.get(8),
            last_held: r.get::<_, Option<i64>>(9).and_then(date_of),
            goal_mins_per_week: r.get(10),
        })
        .collect())
}

fn level_rows(
    tx: &mut postgres::Transaction<'_>,
    day: i64,
    half_life_days: f64,
) -> Result<Vec<LevelCell>, postgres::Error> {
    let rows = tx.query(
        "SELECT manager, rep_id, org_key, level, ratings, target
         FROM coachbook.leader_levels($1, $2)",
        &[&day, &half_life_days],
    )?;
    Ok(rows
        .iter()
        .map(|r| LevelCell {
            manager: text(r.get(0)),
            rep_id: r.get(1),
            key: text(r.get(2)),
            level: r.get(3),
            ratings: r.get(4),
            target: r.get(5),
        })
        .collect())
}

fn rating_rows(
    tx: &mut postgres::Transaction<'_>,
    day: i64,
) -> Result<Vec<Ratings>, postgres::Error> {
    let rows = tx.query(
        "SELECT manager, org_key, ratings, mean, r1, r2, r3, r4, r5
         FROM coachbook.leader_ratings($1, $2) ORDER BY org_key, manager",
        &[&day, &WINDOW_DAYS],
    )?;
    Ok(rows
        .iter()
        .map(|r| Ratings {
            manager: text(r.get(0)),
            key: text(r.get(1)),
            count: r.get(2),
            mean: r.get(3),
            spread: [r.get(4), r.get(5), r.get(6), r.get(7), r.get(8)],
        })
        .collect())
}

/// Text from the server, cleaned by the one rule like every door's.
fn text(raw: String) -> String {
    clean(&raw, Lines::One)
}

fn date_of(day: i64) -> Option<NaiveDate> {
    DateTime::<Utc>::UNIX_EPOCH
        .date_naive()
        .checked_add_signed(chrono::Duration::days(day))
}

/// The team means as a map, for the heat map.
pub fn team_means(report: &OrgReport) -> BTreeMap<(&str, &str), f64> {
    report
        .team_levels
        .iter()
        .map(|(m, k, v)| ((m.as_str(), k.as_str()), *v))
        .collect()
}
