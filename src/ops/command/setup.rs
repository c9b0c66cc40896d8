//! The first-run choice and the file's own settings: the demo team or an empty start, the
//! half-life of ratings, how many backups to keep, whether quick capture starts private,
//! the coaching-time goal, the reminders.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError};
use crate::demo::{self, DemoError};
use crate::domain::backup_policy::Retention;
use crate::domain::busy::{BusyBlock, BusySource, MAX_BLOCKS};
use crate::domain::observation::Visibility;
use crate::domain::reminders::Reminders;
use crate::store;

pub(super) fn load_demo(
    conn: &Connection,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    let summary = demo::write(
        conn,
        std::path::Path::new("This data file"),
        seed,
        now,
        demo::DemoSize::Standard,
    )
    .map_err(|e| match e {
        DemoError::Store(e) => CommandError::Store(e),
        other => CommandError::Demo(other.to_string()),
    })?;
    Ok(Applied {
        inverse: None,
        label: format!(
            "Loaded the demo team: {} reps, {} sessions, {} observations",
            summary.reps, summary.sessions, summary.observations
        ),
        changes: Changes::EVERYTHING,
    })
}

pub(super) fn start_empty(conn: &Connection) -> Result<Applied, CommandError> {
    store::meta::set(conn, store::meta::SETUP_CHOICE, "empty")?;
    Ok(Applied {
        inverse: None,
        label: "Started with an empty team".to_owned(),
        changes: Changes::EVERYTHING,
    })
}

pub(super) fn set_half_life(conn: &Connection, days: u32) -> Result<Applied, CommandError> {
    let before = store::meta::half_life_days(conn)?;
    store::meta::set(conn, store::meta::HALF_LIFE_DAYS, &days.to_string())?;
    Ok(Applied {
        // Leaving the field without a change is not a step to undo.
        inverse: (before != days).then_some(Command::SetHalfLife { days: before }),
        label: format!("Set the half-life of ratings to {days} days"),
        changes: Changes {
            framework: true,
            ..Changes::default()
        },
    })
}

pub(super) fn set_retention(
    conn: &Connection,
    retention: Retention,
) -> Result<Applied, CommandError> {
    let before = store::meta::backup_retention(conn)?;
    store::meta::set_backup_retention(conn, retention)?;
    let after = retention.clamped();
    Ok(Applied {
        inverse: (before != after).then_some(Command::SetBackupRetention(before)),
        label: format!(
            "Keep the {} newest backups, one a day for {} days and one a week for {} weeks",
            after.recent, after.daily, after.weekly
        ),
        changes: Changes::default(),
    })
}

pub(super) fn set_capture_visibility(
    conn: &Connection,
    visibility: Visibility,
) -> Result<Applied, CommandError> {
    let before = store::meta::capture_visibility(conn)?;
    store::meta::set_capture_visibility(conn, visibility)?;
    Ok(Applied {
        inverse: (before != visibility).then_some(Command::SetCaptureVisibility(before)),
        label: match visibility {
            Visibility::Shared => "New observations start shared with the rep".to_owned(),
            Visibility::Private => "New observations start private".to_owned(),
        },
        changes: Changes::default(),
    })
}

pub(super) fn set_coaching_goal(
    conn: &Connection,
    mins_per_week: u32,
) -> Result<Applied, CommandError> {
    let before = store::meta::coaching_goal_mins_per_week(conn)?;
    let after = crate::domain::coaching_time::goal_in_range(mins_per_week);
    store::meta::set(conn, store::meta::COACHING_GOAL, &after.to_string())?;
    Ok(Applied {
        inverse: (before != after).then_some(Command::SetCoachingGoal {
            mins_per_week: before,
        }),
        label: format!("Set the coaching-time goal to {after} minutes a week"),
        changes: Changes::default(),
    })
}

pub(super) fn set_reminders(conn: &Connection, after: Reminders) -> Result<Applied, CommandError> {
    let before = store::meta::reminders(conn)?;
    let after = after.clamped();
    store::meta::set_reminders(conn, after)?;
    let label = match (after.before_mins, after.notify) {
        (0, false) => "Turned reminders off".to_owned(),
        (0, true) => "Calendar files carry no alarm; notifications come a minute before".to_owned(),
        (mins, true) => format!("Reminders come {mins} minutes before a session"),
        (mins, false) => format!("Calendar alarms come {mins} minutes before; no notifications"),
    };
    Ok(Applied {
        inverse: (before != after).then_some(Command::SetReminders(before)),
        label,
        changes: Changes::default(),
    })
}

/// Replaces the busy time whole; refused when a block ends before it starts.
pub(super) fn replace_busy(
    conn: &Connection,
    blocks: &[BusyBlock],
    source: &BusySource,
    at_start: bool,
) -> Result<Applied, CommandError> {
    if blocks.iter().any(|b| b.end <= b.start) {
        return Err(CommandError::BadBusyTime);
    }
    if blocks.len() > MAX_BLOCKS {
        return Err(CommandError::TooManyBusyTimes);
    }
    let before = (store::busy::all(conn)?, store::busy::source(conn)?);
    let mut keep = source.clone();
    let blocks: Vec<BusyBlock> = blocks
        .iter()
        .map(|b| BusyBlock {
            title: b.title.clone().filter(|_| keep.keep_titles),
            ..b.clone()
        })
        .collect();
    keep.path = keep.path.filter(|p| !p.trim().is_empty());
    store::busy::replace(conn, &blocks)?;
    store::busy::set_source(conn, &keep)?;
    let label = match (blocks.len(), &keep.path) {
        (0, None) => "Forgot the busy time of your calendar".to_owned(),
        (n, _) => format!("Read {n} busy times from your calendar"),
    };
    Ok(Applied {
        inverse: (!at_start).then_some(Command::ReplaceBusy {
            blocks: before.0,
            source: before.1,
            at_start: false,
        }),
        label,
        changes: Changes {
            busy: true,
            ..Changes::default()
        },
    })
}
