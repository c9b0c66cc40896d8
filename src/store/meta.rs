//! Small facts about the file itself (for example whether the first-run choice was made).

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::backup_policy::Retention;
use crate::domain::observation::Visibility;

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}

pub fn set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}

/// Set once the manager has chosen between the demo team and an empty start.
pub const SETUP_CHOICE: &str = "setup_choice";
/// Set once the default framework has been written, so it is never written twice.
pub const FRAMEWORK_SEEDED: &str = "framework_seeded";
/// The half-life of the level model, in days, when the manager changed it.
pub const HALF_LIFE_DAYS: &str = "half_life_days";

/// The skill-level half-life this file uses, in days.
pub fn half_life_days(conn: &Connection) -> rusqlite::Result<u32> {
    Ok(crate::domain::levels::half_life_from_text(
        get(conn, HALF_LIFE_DAYS)?.as_deref(),
    ))
}

/// How many rotating backups to keep: the newest, one a day, one a week.
pub const BACKUP_KEEP_RECENT: &str = "backup_keep_recent";
pub const BACKUP_KEEP_DAILY: &str = "backup_keep_daily";
pub const BACKUP_KEEP_WEEKLY: &str = "backup_keep_weekly";

/// The retention counts this file uses; a missing or unreadable value is the default.
pub fn backup_retention(conn: &Connection) -> rusqlite::Result<Retention> {
    let default = Retention::default();
    let read = |key, default: u32| -> rusqlite::Result<u32> {
        Ok(get(conn, key)?
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default))
    };
    Ok(Retention {
        recent: read(BACKUP_KEEP_RECENT, default.recent)?,
        daily: read(BACKUP_KEEP_DAILY, default.daily)?,
        weekly: read(BACKUP_KEEP_WEEKLY, default.weekly)?,
    }
    .clamped())
}

pub fn set_backup_retention(conn: &Connection, retention: Retention) -> rusqlite::Result<()> {
    let retention = retention.clamped();
    set(conn, BACKUP_KEEP_RECENT, &retention.recent.to_string())?;
    set(conn, BACKUP_KEEP_DAILY, &retention.daily.to_string())?;
    set(conn, BACKUP_KEEP_WEEKLY, &retention.weekly.to_string())
}

/// Whether a new observation in quick capture starts shared with the rep or private.
pub const CAPTURE_VISIBILITY: &str = "capture_visibility";

/// The visibility quick capture starts from; anything but "private" is shared, the
/// default a coach expects when feedback is meant to reach the rep.
pub fn capture_visibility(conn: &Connection) -> rusqlite::Result<Visibility> {
    Ok(
        match get(conn, CAPTURE_VISIBILITY)?.as_deref().map(str::trim) {
            Some("private") => Visibility::Private,
            _ => Visibility::Shared,
        },
    )
}

pub fn set_capture_visibility(conn: &Connection, visibility: Visibility) -> rusqlite::Result<()> {
    let value = match visibility {
        Visibility::Shared => "shared",
        Visibility::Private => "private",
    };
    set(conn, CAPTURE_VISIBILITY, value)
}

/// The minutes of coaching a week each rep should have, when the manager set a goal.
pub const COACHING_GOAL: &str = "coaching_goal_mins_per_week";

/// The coaching-time goal this file uses, in minutes a week; a missing or unreadable value
/// is the default, and any value is kept to the range a goal can take.
pub fn coaching_goal_mins_per_week(conn: &Connection) -> rusqlite::Result<u32> {
    use crate::domain::coaching_time::{DEFAULT_GOAL_MINS_PER_WEEK, goal_in_range};
    Ok(get(conn, COACHING_GOAL)?
        .and_then(|v| v.trim().parse().ok())
        .map_or(DEFAULT_GOAL_MINS_PER_WEEK, goal_in_range))
}

/// Minutes before a session for the calendar alarm and the desktop notification.
pub const REMINDER_MINS: &str = "reminder_before_mins";
/// Whether desktop notifications are shown ("1") or not ("0").
pub const REMINDER_NOTIFY: &str = "reminder_notify";

/// The reminder settings of this file; missing or unreadable values are the defaults.
pub fn reminders(conn: &Connection) -> rusqlite::Result<crate::domain::reminders::Reminders> {
    let defaults = crate::domain::reminders::Reminders::default();
    let before_mins = get(conn, REMINDER_MINS)?
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(defaults.before_mins);
    let notify = get(conn, REMINDER_NOTIFY)?.map_or(defaults.notify, |v| v.trim() != "0");
    Ok(crate::domain::reminders::Reminders {
        before_mins,
        notify,
    }
    .clamped())
}

pub fn set_reminders(
    conn: &Connection,
    reminders: crate::domain::reminders::Reminders,
) -> rusqlite::Result<()> {
    let reminders = reminders.clamped();
    set(conn, REMINDER_MINS, &reminders.before_mins.to_string())?;
    set(
        conn,
        REMINDER_NOTIFY,
        if reminders.notify { "1" } else { "0" },
    )
}

/// The manager's choices kept in the file, read together when the file opens or its
/// contents are replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preferences {
    pub half_life_days: u32,
    pub retention: Retention,
    pub capture_visibility: Visibility,
    pub coaching_goal_mins_per_week: u32,
    pub reminders: crate::domain::reminders::Reminders,
}

pub fn preferences(conn: &Connection) -> rusqlite::Result<Preferences> {
    Ok(Preferences {
        half_life_days: half_life_days(conn)?,
        retention: backup_retention(conn)?,
        capture_visibility: capture_visibility(conn)?,
        coaching_goal_mins_per_week: coaching_goal_mins_per_week(conn)?,
        reminders: reminders(conn)?,
    })
}
