//! Roster changes: add, edit, archive, restore.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError};
use crate::domain::rep::{Rep, RepDraft, RepId, RosterRules};
use crate::store::{self, StoreError};

pub(super) fn add(
    conn: &Connection,
    draft: &RepDraft,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    let draft = validate(conn, draft, None)?;
    let id = store::reps::insert(conn, &draft, now)?;
    Ok(Applied {
        inverse: Some(Command::RemoveRep(id)),
        label: format!("Added {}", draft.name),
        changes: Changes::ROSTER,
    })
}

/// Adds every rep of `drafts` or none: the first draft that breaks a rule (also against
/// the reps added before it) refuses the whole import. Its undo removes exactly these reps.
pub(super) fn import(
    conn: &Connection,
    drafts: &[RepDraft],
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    if drafts.is_empty() {
        return Err(CommandError::NothingToImport);
    }
    let roles = store::framework::roles(conn)?;
    let mut rules = RosterRules::new(&roles, &store::reps::active_names(conn)?);
    let mut removals = Vec::with_capacity(drafts.len());
    for (index, draft) in drafts.iter().enumerate() {
        let draft = draft
            .validate(&rules, None)
            .map_err(|source| CommandError::ImportRow {
                row: index + 1,
                name: draft.name.trim().to_owned(),
                source,
            })?;
        let id = store::reps::insert(conn, &draft, now)?;
        removals.push(Command::RemoveRep(id));
        rules.add_active(id, &draft.name);
    }
    removals.reverse();
    let count = drafts.len();
    Ok(Applied {
        inverse: Some(Command::Batch(removals)),
        label: format!(
            "Imported {count} {}",
            if count == 1 { "rep" } else { "reps" }
        ),
        changes: Changes::ROSTER,
    })
}

pub(super) fn edit(
    conn: &Connection,
    id: RepId,
    draft: &RepDraft,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    let before = existing(conn, id)?;
    let draft = validate(conn, draft, Some(id))?;
    store::reps::update(conn, id, &draft, now)?;
    Ok(Applied {
        inverse: Some(Command::EditRep {
            id,
            draft: before.draft(),
        }),
        label: format!("Edited {}", draft.name),
        changes: Changes::ROSTER,
    })
}

pub(super) fn set_archived(
    conn: &Connection,
    id: RepId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    let rep = existing(conn, id)?;
    if !archived {
        // Coming back onto the roster: its name must not clash with an active rep.
        validate(conn, &rep.draft(), None)?;
    }
    store::reps::set_archived(conn, id, archived, now)?;
    Ok(Applied {
        inverse: Some(Command::SetArchived {
            id,
            archived: !archived,
        }),
        label: if archived {
            format!("Archived {}", rep.name)
        } else {
            format!("Restored {} to the roster", rep.name)
        },
        changes: Changes::ROSTER,
    })
}

pub(super) fn remove(conn: &Connection, id: RepId) -> Result<Applied, CommandError> {
    let rep = existing(conn, id)?;
    store::reps::delete(conn, id).map_err(|e| match e {
        StoreError::Sqlite { error: source, .. }
            if source.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
        {
            CommandError::HasHistory(rep.name.clone())
        }
        other => other.into(),
    })?;
    Ok(Applied {
        label: format!("Removed {}", rep.name),
        inverse: Some(Command::RestoreRep(rep)),
        changes: Changes::ROSTER,
    })
}

pub(super) fn restore(
    conn: &Connection,
    rep: &Rep,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    if !rep.archived {
        validate(conn, &rep.draft(), None)?;
    }
    store::reps::restore(conn, rep, now)?;
    Ok(Applied {
        inverse: Some(Command::RemoveRep(rep.id)),
        label: format!("Added {}", rep.name),
        changes: Changes::ROSTER,
    })
}

fn existing(conn: &Connection, id: RepId) -> Result<Rep, CommandError> {
    store::reps::get(conn, id)?.ok_or(CommandError::RepGone)
}

/// Checks a draft against the roster as it is inside this transaction, not as a cache
/// remembers it.
fn validate(
    conn: &Connection,
    draft: &RepDraft,
    editing: Option<RepId>,
) -> Result<RepDraft, CommandError> {
    let roles = store::framework::roles(conn)?;
    let active = store::reps::active_names(conn)?;
    Ok(draft.validate(&RosterRules::new(&roles, &active), editing)?)
}
