//! Schedule changes: cadences, one occurrence at a time, and one-off sessions. Each records
//! the rows it touches as they were, so its inverse puts them back exactly.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError, Stamp};
use crate::domain::ValidationError;
use crate::domain::cadence::{Cadence, CadenceId, check_duration_mins};
use crate::domain::rep::RepId;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::{
    self, BucketNotes, Prep, Session, SessionId, SessionStatus, SkipReason, UpfrontContract,
};
use crate::store;

/// What one occurrence can become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionChange {
    Move {
        start: DateTime<Utc>,
        duration_mins: u32,
    },
    Skip(SkipReason),
    Cancel,
    MarkHeld,
    /// Back to planned, as if never skipped or cancelled.
    Replan,
}

/// The rows a change touched, as they were: the inverse of the change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleRows {
    pub put_cadences: Vec<Cadence>,
    pub delete_cadences: Vec<CadenceId>,
    pub put_sessions: Vec<(Session, Vec<BucketNotes>)>,
    pub delete_sessions: Vec<SessionId>,
    /// Cadence rows the app cannot read, to end (a new cadence takes their place) or to
    /// make current again (the undo of that); they are never rewritten.
    pub end_unreadable: Vec<CadenceId>,
    pub reopen_unreadable: Vec<CadenceId>,
}

impl ScheduleRows {
    fn keep_session(&mut self, conn: &Connection, session: &Session) -> Result<(), CommandError> {
        let notes = store::sessions::notes(conn, session.id)?;
        self.put_sessions.push((session.clone(), notes));
        Ok(())
    }
}

fn changes() -> Changes {
    Changes {
        roster: true,
        schedule: true,
        session: true,
        ..Changes::default()
    }
}

fn applied(inverse: ScheduleRows, label: String) -> Result<Applied, CommandError> {
    Ok(Applied {
        inverse: Some(Command::ReplaceSchedule(inverse)),
        label,
        changes: changes(),
    })
}

fn rep_name(conn: &Connection, rep: RepId) -> Result<String, CommandError> {
    Ok(store::reps::get(conn, rep)?
        .ok_or(CommandError::RepGone)?
        .name)
}

/// Replaces the rep's cadence from `now` on (or ends it, with `None`). Past occurrences
/// keep their old cadence; future touched ones that carry a plan of their own (moved, or
/// prepared) become one-off sessions; the rest of the old schedule's future goes.
pub(super) fn set_cadence(
    conn: &Connection,
    rep: RepId,
    new: Option<&Cadence>,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let name = rep_name(conn, rep)?;
    let mut inverse = ScheduleRows::default();
    if let Some(new) = new {
        new.validate()?;
    }
    if let Some(old) = store::cadences::active_for(conn, rep)? {
        inverse.put_cadences.push(old.clone());
        for session in store::sessions::of_cadence_from(conn, old.id, stamp.now)? {
            inverse.keep_session(conn, &session)?;
            let has_plan = session.occurrence != Some(session.start)
                || session.contract != UpfrontContract::default()
                || session.prep != Prep::default()
                || !store::sessions::notes(conn, session.id)?.is_empty();
            if session.status == SessionStatus::Planned && has_plan {
                let one_off = Session {
                    cadence_id: None,
                    occurrence: None,
                    ..session
                };
                store::sessions::put(
                    conn,
                    &one_off,
                    &store::sessions::notes(conn, one_off.id)?,
                    stamp.now,
                )?;
            } else {
                store::sessions::delete(conn, session.id)?;
            }
        }
        let ended = Cadence {
            ended: Some(stamp.now),
            ..old
        };
        store::cadences::put(conn, &ended, stamp.now)?;
    }
    // A current cadence the app cannot read is flagged as needing repair: setting or
    // ending the rep's cadence repairs it by ending it.
    for unreadable in store::cadences::list_all(conn)?.unreadable {
        if unreadable.rep_id == rep && unreadable.current {
            store::cadences::end_unreadable(conn, unreadable.id, stamp.now)?;
            inverse.reopen_unreadable.push(unreadable.id);
        }
    }
    let label = match new {
        Some(new) => {
            let cadence = Cadence {
                rep_id: rep,
                ended: None,
                ..new.clone()
            };
            let id = store::cadences::insert(conn, &cadence, stamp.now)?;
            inverse.delete_cadences.push(id);
            format!(
                "Set the cadence of {name}: {}, {}",
                cadence.recurrence.describe(),
                cadence.local_time.format("%H:%M")
            )
        }
        None => format!("Ended the cadence of {name}"),
    };
    applied(inverse, label)
}

/// Finds (or, for an untouched slot, creates in memory) the session behind `key`.
pub(super) fn session_for(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
) -> Result<(Session, bool), CommandError> {
    match key {
        OccurrenceKey::Stored(id) => Ok((
            store::sessions::get(conn, id)?.ok_or(CommandError::SessionGone)?,
            true,
        )),
        OccurrenceKey::Slot { cadence, slot } => {
            if let Some(existing) = store::sessions::find_slot(conn, cadence, slot)? {
                return Ok((existing, true));
            }
            let cadence = store::cadences::get(conn, cadence)?.ok_or(CommandError::SessionGone)?;
            Ok((
                Session {
                    id: SessionId(0),
                    rep_id: rep,
                    cadence_id: Some(cadence.id),
                    occurrence: Some(slot),
                    start: slot,
                    duration_mins: cadence.duration_mins,
                    status: SessionStatus::Planned,
                    skip_reason: None,
                    contract: UpfrontContract::default(),
                    prep: Prep::default(),
                    summary: String::new(),
                },
                false,
            ))
        }
    }
}

pub(super) fn change_session(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    change: &SessionChange,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let name = rep_name(conn, rep)?;
    let (before, stored) = session_for(conn, rep, key)?;
    let mut after = before.clone();
    let when = before.start.format("%a %-d %b");
    let label = match change {
        SessionChange::Move {
            start,
            duration_mins,
        } => {
            check_duration_mins(*duration_mins)?;
            after.start = *start;
            after.duration_mins = *duration_mins;
            if after.status == SessionStatus::Missed {
                after.status = SessionStatus::Planned;
            }
            format!("Moved {name}'s session to {}", start.format("%a %-d %b"))
        }
        SessionChange::Skip(reason) => {
            if matches!(reason, SkipReason::Other(text) if text.trim().is_empty()) {
                return Err(ValidationError::EmptySkipReason.into());
            }
            after.status = SessionStatus::Skipped;
            after.skip_reason = Some(reason.clone());
            format!("Skipped {name}'s session of {when}")
        }
        SessionChange::Cancel => {
            after.status = SessionStatus::Cancelled;
            after.skip_reason = None;
            format!("Cancelled {name}'s session of {when}")
        }
        SessionChange::MarkHeld => {
            if !session::may_mark_held(before.start, stamp.today, stamp.zone) {
                return Err(CommandError::HeldInFuture);
            }
            after.status = SessionStatus::Held;
            after.skip_reason = None;
            format!("Marked {name}'s session of {when} held")
        }
        SessionChange::Replan => {
            after.status = SessionStatus::Planned;
            after.skip_reason = None;
            format!("Planned {name}'s session of {when} again")
        }
    };
    let mut inverse = ScheduleRows::default();
    if stored {
        inverse.keep_session(conn, &before)?;
        let notes = store::sessions::notes(conn, before.id)?;
        store::sessions::put(conn, &after, &notes, stamp.now)?;
    } else {
        let id = store::sessions::insert(conn, &after, stamp.now)?;
        inverse.delete_sessions.push(id);
    }
    applied(inverse, label)
}

pub(super) fn add_one_off(
    conn: &Connection,
    rep: RepId,
    start: DateTime<Utc>,
    duration_mins: u32,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let name = rep_name(conn, rep)?;
    check_duration_mins(duration_mins)?;
    if is_booked(conn, rep, start)? {
        return Err(CommandError::AlreadyBooked { name });
    }
    let session = Session {
        id: SessionId(0),
        rep_id: rep,
        cadence_id: None,
        occurrence: None,
        start,
        duration_mins,
        status: SessionStatus::Planned,
        skip_reason: None,
        contract: UpfrontContract::default(),
        prep: Prep::default(),
        summary: String::new(),
    };
    let id = store::sessions::insert(conn, &session, stamp.now)?;
    applied(
        ScheduleRows {
            delete_sessions: vec![id],
            ..ScheduleRows::default()
        },
        format!(
            "Scheduled a session with {name} on {}",
            start.format("%a %-d %b")
        ),
    )
}

/// True when the rep already has a session starting at `start`: a stored one that still
/// stands (planned or held), or an untouched slot of their cadence. A double click on
/// "Schedule now", or the same booking made from two doors, must not book the slot twice.
fn is_booked(conn: &Connection, rep: RepId, start: DateTime<Utc>) -> Result<bool, CommandError> {
    let next_minute = start + chrono::Duration::minutes(1);
    let stored = store::sessions::between(conn, start, next_minute)?;
    if stored.iter().any(|s| {
        s.rep_id == rep
            && s.start == start
            && matches!(s.status, SessionStatus::Planned | SessionStatus::Held)
    }) {
        return Ok(true);
    }
    let Some(cadence) = store::cadences::active_for(conn, rep)? else {
        return Ok(false);
    };
    if !cadence.occurrences(start, next_minute, 4).contains(&start) {
        return Ok(false);
    }
    Ok(store::sessions::find_slot(conn, cadence.id, start)?.is_none())
}

/// Puts rows back as they were: deletes first (sessions before the cadences they point
/// to), then unreadable cadences ended or made current again, then cadences, then
/// sessions.
pub(super) fn replace(
    conn: &Connection,
    rows: &ScheduleRows,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let mut inverse = ScheduleRows::default();
    for id in &rows.delete_sessions {
        if let Some(session) = store::sessions::get(conn, *id)? {
            inverse.keep_session(conn, &session)?;
            store::sessions::delete(conn, *id)?;
        }
    }
    for id in &rows.delete_cadences {
        if let Some(cadence) = store::cadences::get(conn, *id)? {
            inverse.put_cadences.push(cadence);
            store::cadences::delete(conn, *id)?;
        }
    }
    for id in &rows.end_unreadable {
        store::cadences::end_unreadable(conn, *id, stamp.now)?;
        inverse.reopen_unreadable.push(*id);
    }
    for id in &rows.reopen_unreadable {
        store::cadences::reopen_unreadable(conn, *id)?;
        inverse.end_unreadable.push(*id);
    }
    for cadence in &rows.put_cadences {
        match store::cadences::get(conn, cadence.id)? {
            Some(old) => inverse.put_cadences.push(old),
            None => inverse.delete_cadences.push(cadence.id),
        }
        store::cadences::put(conn, cadence, stamp.now)?;
    }
    for (session, notes) in &rows.put_sessions {
        match store::sessions::get(conn, session.id)? {
            Some(old) => inverse.keep_session(conn, &old)?,
            None => inverse.delete_sessions.push(session.id),
        }
        store::sessions::put(conn, session, notes, stamp.now)?;
    }
    applied(inverse, "Changed the schedule".to_owned())
}
