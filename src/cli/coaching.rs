//! The coaching subcommands that read: a rep's proposed agenda and the team's skill gaps,
//! as the window computes them.

use std::io::Write;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};

use super::{DataFile, check, find_rep};
use crate::domain::rep::RepId;
use crate::export::terminal::shown;
use crate::store;

pub(super) fn agenda(
    path: &DataFile,
    rep: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    let rep_id = find_rep(&store, path, rep)?;
    check::note_unreadable_cadences(&store)?;
    let now = Utc::now();
    let caches = crate::model::Caches::load(&store, now)?;
    let rep = caches
        .rep(rep_id)
        .map_or_else(|| rep.to_owned(), |r| r.rep.name.clone());
    let (next, points) = crate::model::session_view::next_session_agenda(
        &store,
        &caches,
        rep_id,
        now,
        chrono::Local::now().date_naive(),
    )?;
    if json {
        let value = serde_json::json!({
            "rep": rep,
            "next_session": next.map(|t| t.to_rfc3339()),
            "points": points,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    match next {
        Some(t) => writeln!(
            out,
            "Next session with {}: {}",
            shown(&rep),
            t.with_timezone(&chrono::Local).format("%a %-d %b %Y %H:%M")
        )?,
        None => writeln!(
            out,
            "{} has no session planned; the agenda is for the next one you book.",
            shown(&rep)
        )?,
    }
    use crate::domain::agenda::Section;
    let sections = std::iter::once(Section::FollowUp)
        .chain(crate::domain::Bucket::ALL.map(Section::Focus))
        .chain(crate::domain::Bucket::ALL.map(Section::Bucket));
    for section in sections {
        let title = match section {
            Section::FollowUp => "Follow up".to_owned(),
            Section::Focus(b) => format!("Focus ({})", b.title()),
            Section::Bucket(b) => b.title().to_owned(),
        };
        if matches!(section, Section::Focus(_)) && !points.iter().any(|p| p.section == section) {
            continue;
        }
        writeln!(out, "\n{title}")?;
        for p in points.iter().filter(|p| p.section == section) {
            writeln!(out, "  - {} ({})", shown(&p.text), shown(&p.reason))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn gaps(
    path: &DataFile,
    rep: Option<&str>,
    as_of: Option<NaiveDate>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    let only = rep.map(|name| find_rep(&store, path, name)).transpose()?;
    check::note_unreadable_cadences(&store)?;
    let half_life = f64::from(store::meta::half_life_days(store.conn())?);
    let log = crate::model::ObservationLog::load(store.conn())?;
    let caches = crate::model::Caches::load(&store, Utc::now())?;
    if let Some(rep) = only
        .and_then(|id| caches.rep(id))
        .filter(|r| r.rep.archived)
    {
        anyhow::bail!(
            "{} is archived; archived reps are left out of the skill figures.",
            shown(&rep.rep.name)
        );
    }
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let map = crate::model::compute_gaps(&log, &caches, as_of, half_life);
    let cells = gap_cells(&map, &caches, only);
    if json {
        let value = serde_json::json!({
            "as_of": as_of.to_string(),
            "half_life_days": half_life,
            "cells": cells,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(out, "As of {as_of}, half-life {half_life} days")?;
        for c in &cells {
            let num =
                // Rounded first, and "+ 0.0" turns a negative zero into "0.0".
                |v: &serde_json::Value| {
                    v.as_f64().map_or("-".to_owned(), |x| {
                        format!("{:.1}", (x * 10.0).round() / 10.0 + 0.0)
                    })
                };
            let flags: Vec<String> = c["flags"]
                .as_object()
                .map(|f| {
                    f.iter()
                        .filter(|(_, on)| on.as_bool() == Some(true))
                        .map(|(name, _)| name.replace('_', " "))
                        .collect()
                })
                .unwrap_or_default();
            writeln!(
                out,
                "{:<22} {:<34} level {:>4}  target {:>2}  gap {:>5}  trend {:>5}  ratings {:>3}  {}",
                shown(c["rep"].as_str().unwrap_or("")),
                shown(c["skill"].as_str().unwrap_or("")),
                num(&c["level"]),
                c["target"]
                    .as_u64()
                    .map_or("-".to_owned(), |t| t.to_string()),
                num(&c["gap"]),
                num(&c["trend_per_90_days"]),
                c["ratings"].as_u64().unwrap_or(0),
                flags.join(", ")
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One JSON object per rep and skill of the map (only `only`'s when given), as `gaps
/// --json` prints them and the table below is drawn from.
fn gap_cells(
    map: &crate::model::GapMap,
    caches: &crate::model::Caches,
    only: Option<RepId>,
) -> Vec<serde_json::Value> {
    let mut cells = Vec::new();
    for rep_id in map.reps.iter().filter(|r| only.is_none_or(|o| o == **r)) {
        let rep_name = caches
            .rep(*rep_id)
            .map(|r| r.rep.name.clone())
            .unwrap_or_default();
        for (bucket, skill) in &map.skills {
            let f = map.cell(*rep_id, *skill);
            let skill_name = caches
                .framework
                .skill(*skill)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            cells.push(serde_json::json!({
                "rep": rep_name,
                "skill": skill_name,
                "bucket": bucket.code(),
                "level": f.level,
                "target": f.target.map(|t| t.get()),
                "gap": f.gap,
                "trend_per_90_days": f.trend,
                "trend_ratings": f.trend_ratings,
                "ratings": f.ratings,
                "flags": f.flags,
            }));
        }
    }
    cells
}
