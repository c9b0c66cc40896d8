//! `coachbook org report`: the leader's figures across their managers' teams, as text or
//! JSON, read from the server's aggregates (the same the leader's window shows).

use std::io::Write;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};

use super::org::ServerArgs;
use crate::domain::levels::DEFAULT_HALF_LIFE_DAYS;
use crate::domain::org_report::Reading;
use crate::export::terminal::shown;
use crate::org::report::{self, OrgReport};

pub(super) fn run(
    server: &ServerArgs,
    json: bool,
    today: Option<NaiveDate>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (address, mut client) = super::org::connect(server)?;
    crate::org::schema::check(&mut client, address.login())?;
    let as_of = today.unwrap_or_else(|| Utc::now().date_naive());
    let report = report::read(&mut client, address.login(), as_of, DEFAULT_HALF_LIFE_DAYS)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write_text(&report, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(report: &OrgReport, out: &mut dyn Write) -> std::io::Result<()> {
    let version = report
        .framework_version
        .map_or("no organization framework yet".to_owned(), |v| {
            format!("framework version {v}")
        });
    writeln!(
        out,
        "Coaching across {} teams, the {} days to {} ({version})",
        report.managers.len(),
        report.window_days,
        report.as_of
    )?;
    if report.managers.is_empty() {
        writeln!(
            out,
            "No manager under this login has published yet; managers join with coachbook org join."
        )?;
        return Ok(());
    }
    writeln!(out, "\nCoverage")?;
    for m in &report.managers {
        let share = m
            .held_share
            .map_or("-".to_owned(), |s| format!("{:.0}%", s * 100.0));
        writeln!(
            out,
            "  {}: {} reps, {} held of {} due ({share}), {:.0} min a rep a week against {} wanted, {} reps not coached",
            shown(&m.name),
            m.reps,
            m.held,
            m.due,
            m.mins_per_rep_week,
            m.goal_mins_per_week,
            m.reps_not_coached
        )?;
    }
    write_longest_waits(report, out)?;
    writeln!(
        out,
        "\nTraining needs (mean gap to target; reps below target)"
    )?;
    for need in report.needs.iter().take(10) {
        writeln!(
            out,
            "  {}: {:+.1}; {} of {}",
            shown(&report.skill_name(&need.key)),
            need.mean_gap,
            need.below_target,
            need.compared
        )?;
    }
    writeln!(
        out,
        "\nCalibration (a manager's mean rating against the others')"
    )?;
    let flagged: Vec<_> = report
        .calibration
        .iter()
        .filter(|c| c.reading != Reading::InLine)
        .collect();
    if flagged.is_empty() {
        writeln!(out, "  Every manager rates in line with the others.")?;
    }
    for c in flagged {
        let word = if c.reading == Reading::Lenient {
            "lenient"
        } else {
            "harsh"
        };
        writeln!(
            out,
            "  {} on {}: {:.1} against {:.1} ({word}, {} ratings)",
            shown(&c.ratings.manager),
            shown(&report.skill_name(&c.ratings.key)),
            c.ratings.mean,
            c.others_mean.unwrap_or_default(),
            c.ratings.count
        )?;
    }
    Ok(())
}

/// The five reps longest without a held session.
fn write_longest_waits(report: &OrgReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut reps: Vec<_> = report.reps.iter().collect();
    reps.sort_by_key(|r| r.last_held);
    writeln!(out, "\nLongest without a session")?;
    for rep in reps.iter().take(5) {
        let since = match rep.last_held {
            Some(day) => format!("{} days (last {day})", (report.as_of - day).num_days()),
            None => "never".to_owned(),
        };
        writeln!(
            out,
            "  {} ({}): {since}",
            shown(&rep.name),
            shown(&rep.manager_name)
        )?;
    }
    Ok(())
}
