//! Changes made in the session workspace: its texts, talking points and commitments. A
//! session that was only a slot of its cadence is stored by the first change, and the
//! undo of that change removes it again.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::schedule::{ScheduleRows, session_for};
use super::{Applied, Changes, Command, CommandError, Stamp};
use crate::domain::Bucket;
use crate::domain::commitment::{
    Commitment, CommitmentDraft, CommitmentId, CommitmentStatus, Owner,
};
use crate::domain::rep::RepId;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::{Session, SessionField, TalkingPoint, TalkingPointId};
use crate::store;

pub(super) fn changes() -> Changes {
    Changes {
        schedule: true,
        session: true,
        ..Changes::default()
    }
}

/// The stored session behind `key`, storing it first if it was only a slot; with the
/// command that removes it again when it was just stored.
fn ensure(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    stamp: Stamp,
) -> Result<(Session, Option<Command>), CommandError> {
    let (mut session, stored) = session_for(conn, rep, key)?;
    if stored {
        return Ok((session, None));
    }
    session.id = store::sessions::insert(conn, &session, stamp.now)?;
    let remove = Command::ReplaceSchedule(ScheduleRows {
        delete_sessions: vec![session.id],
        ..ScheduleRows::default()
    });
    Ok((session, Some(remove)))
}

/// The inverse of a change, with the removal of a session the change had to store.
fn with_cleanup(inverse: Command, cleanup: Option<Command>) -> Command {
    match cleanup {
        Some(remove) => Command::Batch(vec![inverse, remove]),
        None => inverse,
    }
}

pub(super) fn edit_text(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    field: SessionField,
    text: &str,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let (session, cleanup) = ensure(conn, rep, key, stamp)?;
    let mut notes = store::sessions::notes(conn, session.id)?;
    let before = ScheduleRows {
        put_sessions: vec![(session.clone(), notes.clone())],
        ..ScheduleRows::default()
    };
    let mut after = session;
    field.write(&mut after, &mut notes, text.to_owned());
    store::sessions::put(conn, &after, &notes, stamp.now)?;
    Ok(Applied {
        inverse: Some(with_cleanup(Command::ReplaceSchedule(before), cleanup)),
        label: "Saved the session notes".to_owned(),
        changes: changes(),
    })
}

pub(super) fn add_points(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    points: &[(Bucket, String, String)],
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let (session, cleanup) = ensure(conn, rep, key, stamp)?;
    let mut ids = Vec::new();
    for (bucket, text, reason) in points {
        if text.trim().is_empty() {
            return Err(CommandError::EmptyTalkingPoint);
        }
        ids.push(store::talking_points::insert(
            conn,
            session.id,
            *bucket,
            text.trim(),
            reason,
        )?);
    }
    let remove = Command::Batch(
        ids.iter()
            .map(|id| Command::DeleteTalkingPoint(*id))
            .collect(),
    );
    Ok(Applied {
        inverse: Some(with_cleanup(remove, cleanup)),
        label: if ids.len() == 1 {
            "Added a talking point".to_owned()
        } else {
            format!("Added {} talking points", ids.len())
        },
        changes: changes(),
    })
}

fn point(conn: &Connection, id: TalkingPointId) -> Result<TalkingPoint, CommandError> {
    store::talking_points::get(conn, id)?.ok_or(CommandError::SessionGone)
}

pub(super) fn set_covered(
    conn: &Connection,
    id: TalkingPointId,
    covered: bool,
) -> Result<Applied, CommandError> {
    let before = point(conn, id)?;
    store::talking_points::put(
        conn,
        &TalkingPoint {
            covered,
            ..before.clone()
        },
    )?;
    Ok(Applied {
        inverse: Some(Command::SetPointCovered {
            id,
            covered: before.covered,
        }),
        label: if covered {
            "Ticked a talking point"
        } else {
            "Unticked a talking point"
        }
        .to_owned(),
        changes: changes(),
    })
}

pub(super) fn edit_point(
    conn: &Connection,
    id: TalkingPointId,
    text: &str,
) -> Result<Applied, CommandError> {
    if text.trim().is_empty() {
        return Err(CommandError::EmptyTalkingPoint);
    }
    let before = point(conn, id)?;
    store::talking_points::put(
        conn,
        &TalkingPoint {
            text: text.trim().to_owned(),
            ..before.clone()
        },
    )?;
    Ok(Applied {
        inverse: Some(Command::RestoreTalkingPoint(before)),
        label: "Edited a talking point".to_owned(),
        changes: changes(),
    })
}

pub(super) fn add_observations(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    drafts: &[crate::domain::observation::ObservationDraft],
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let (session, cleanup) = ensure(conn, rep, key, stamp)?;
    let linked: Vec<_> = drafts
        .iter()
        .cloned()
        .map(|mut d| {
            d.session_id = Some(session.id);
            d
        })
        .collect();
    let mut applied = super::observations::add(conn, &linked, stamp)?;
    applied.inverse = applied
        .inverse
        .map(|inverse| with_cleanup(inverse, cleanup));
    applied.changes.merge(&changes());
    Ok(applied)
}

pub(super) fn delete_point(conn: &Connection, id: TalkingPointId) -> Result<Applied, CommandError> {
    let before = point(conn, id)?;
    store::talking_points::delete(conn, id)?;
    Ok(Applied {
        inverse: Some(Command::RestoreTalkingPoint(before)),
        label: "Removed a talking point".to_owned(),
        changes: changes(),
    })
}

/// Puts a point back as it was: after a delete, or as the inverse of an edit, whose own
/// inverse (a redo) is the point as it stands now, not a delete.
pub(super) fn restore_point(
    conn: &Connection,
    point: &TalkingPoint,
) -> Result<Applied, CommandError> {
    let before = store::talking_points::get(conn, point.id)?;
    store::talking_points::put(conn, point)?;
    let (inverse, label) = match before {
        Some(before) => (
            Command::RestoreTalkingPoint(before),
            "Edited a talking point",
        ),
        None => (
            Command::DeleteTalkingPoint(point.id),
            "Added a talking point",
        ),
    };
    Ok(Applied {
        inverse: Some(inverse),
        label: label.to_owned(),
        changes: changes(),
    })
}

pub(super) fn add_commitment(
    conn: &Connection,
    rep: RepId,
    key: OccurrenceKey,
    text: &str,
    owner: Owner,
    due_on: NaiveDate,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let (session, cleanup) = ensure(conn, rep, key, stamp)?;
    let draft = CommitmentDraft {
        rep_id: rep,
        session_id: Some(session.id),
        text: text.trim().to_owned(),
        owner,
        due_on,
    };
    draft.validate(Some(session.start.date_naive()))?;
    let id = store::commitments::insert(conn, &draft, CommitmentStatus::Open, None, stamp.now)?;
    Ok(Applied {
        inverse: Some(with_cleanup(Command::DeleteCommitment(id), cleanup)),
        label: format!("Added the commitment \"{}\"", draft.text),
        changes: changes(),
    })
}

fn commitment(conn: &Connection, id: CommitmentId) -> Result<Commitment, CommandError> {
    store::commitments::get(conn, id)?.ok_or(CommandError::SessionGone)
}

pub(super) fn set_commitment_status(
    conn: &Connection,
    id: CommitmentId,
    status: CommitmentStatus,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let before = commitment(conn, id)?;
    let closed = (status != CommitmentStatus::Open).then_some(before.closed.unwrap_or(stamp.now));
    store::commitments::put(
        conn,
        &Commitment {
            status,
            closed,
            ..before.clone()
        },
    )?;
    let what = match status {
        CommitmentStatus::Open => "Reopened",
        CommitmentStatus::Done => "Done:",
        CommitmentStatus::Dropped => "Dropped",
    };
    Ok(Applied {
        inverse: Some(Command::RestoreCommitment(before.clone())),
        label: format!("{what} \"{}\"", before.draft.text),
        changes: changes(),
    })
}

pub(super) fn delete_commitment(
    conn: &Connection,
    id: CommitmentId,
) -> Result<Applied, CommandError> {
    let before = commitment(conn, id)?;
    store::commitments::delete(conn, id)?;
    Ok(Applied {
        label: format!("Removed the commitment \"{}\"", before.draft.text),
        inverse: Some(Command::RestoreCommitment(before)),
        changes: changes(),
    })
}

pub(super) fn restore_commitment(
    conn: &Connection,
    c: &Commitment,
) -> Result<Applied, CommandError> {
    let existed = store::commitments::get(conn, c.id)?;
    store::commitments::put(conn, c)?;
    Ok(Applied {
        inverse: Some(match existed {
            Some(before) => Command::RestoreCommitment(before),
            None => Command::DeleteCommitment(c.id),
        }),
        label: format!("Restored the commitment \"{}\"", c.draft.text),
        changes: changes(),
    })
}

/// Applies several commands as one; the inverse undoes them in reverse order.
pub(super) fn batch(
    conn: &Connection,
    commands: &[Command],
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let mut inverses = Vec::new();
    let mut changes = Changes::default();
    let mut label = String::new();
    for command in commands {
        let applied = command.apply(conn, stamp)?;
        if let Some(inverse) = applied.inverse {
            inverses.push(inverse);
        }
        changes.merge(&applied.changes);
        if label.is_empty() {
            label = applied.label;
        }
    }
    inverses.reverse();
    Ok(Applied {
        inverse: Some(Command::Batch(inverses)),
        label,
        changes,
    })
}
