//! `coaching-time`: the minutes of held sessions each rep had in the last 30 and 90 days
//! against the goal set in Settings, and the observations made of them.

use std::io::Write;
use std::process::ExitCode;

use chrono::{Duration, Utc};

use super::{DataFile, check};
use crate::domain::coaching_time::{self, LONG_DAYS, SHORT_DAYS};
use crate::export::terminal::shown;
use crate::store;

pub(super) fn coaching_time(
    path: &DataFile,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    check::note_unreadable_cadences(&store)?;
    let now = Utc::now();
    let zone = crate::clock::system_time_zone();
    let today = crate::domain::dates::local_date(now, zone);
    let caches = crate::model::Caches::load(&store, now)?;
    let since = |days: u32| today - Duration::days(i64::from(days) - 1);
    let observed_30 = store::observations::count_by_rep_since(store.conn(), since(SHORT_DAYS))?;
    let observed_90 = store::observations::count_by_rep_since(store.conn(), since(LONG_DAYS))?;
    let goal = store::meta::coaching_goal_mins_per_week(store.conn())?;
    let rows: Vec<serde_json::Value> = caches
        .roster
        .iter()
        .filter(|r| !r.rep.archived)
        .map(|row| {
            let time = row.time_coached(today, zone);
            serde_json::json!({
                "rep": row.rep.name,
                "coached_30_days_mins": time.last_30_mins,
                "coached_90_days_mins": time.last_90_mins,
                "under_goal": time.under_goal(goal),
                "observations_30_days": observed_30.get(&row.rep.id).copied().unwrap_or(0),
                "observations_90_days": observed_90.get(&row.rep.id).copied().unwrap_or(0),
            })
        })
        .collect();
    if json {
        let value = serde_json::json!({
            "today": today.to_string(),
            "goal_mins_per_week": goal,
            "goal_30_days_mins": coaching_time::goal_mins(SHORT_DAYS, goal),
            "goal_90_days_mins": coaching_time::goal_mins(LONG_DAYS, goal),
            "reps": rows,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "Time coached up to {today}; the goal is {goal} minutes a week ({} in the last 30 days).",
        coaching_time::hours_text(coaching_time::goal_mins(SHORT_DAYS, goal))
    )?;
    writeln!(
        out,
        "{:<28} {:>16} {:>16} {:>10}",
        "rep", "last 30 days", "last 90 days", "observed"
    )?;
    for row in &rows {
        let mins = |key: &str| coaching_time::hours_text(row[key].as_u64().unwrap_or(0) as u32);
        let flag = if row["under_goal"].as_bool() == Some(true) {
            "  under goal"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<28} {:>16} {:>16} {:>10}{flag}",
            shown(row["rep"].as_str().unwrap_or_default()),
            mins("coached_30_days_mins"),
            mins("coached_90_days_mins"),
            row["observations_30_days"].as_i64().unwrap_or(0),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
