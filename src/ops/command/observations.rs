//! Observation changes. Every inverse is a [`Command::ReplaceObservations`] holding the
//! rows exactly as they were, so an undo restores them byte for byte.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError, Stamp};
use crate::domain::observation::{Observation, ObservationDraft, ObservationId, Visibility};
use crate::store;

/// Checks what a capture or an edit says against the rules and the file: the rep and the
/// skill exist, and a new observation is not of a retired skill.
fn check(
    conn: &Connection,
    draft: &ObservationDraft,
    stamp: Stamp,
    new: bool,
) -> Result<(), CommandError> {
    draft.validate(stamp.today)?;
    store::reps::get(conn, draft.rep_id)?.ok_or(CommandError::RepGone)?;
    let skill = store::skills::get(conn, draft.skill_id)?.ok_or(CommandError::SkillGone)?;
    if new && skill.retired {
        return Err(CommandError::SkillRetired(skill.name));
    }
    Ok(())
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

pub(super) fn add(
    conn: &Connection,
    drafts: &[ObservationDraft],
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    if drafts.is_empty() {
        return Err(CommandError::NothingToSave);
    }
    let mut ids = Vec::with_capacity(drafts.len());
    for draft in drafts {
        check(conn, draft, stamp, true)?;
        ids.push(store::observations::insert(conn, draft, stamp.now)?);
    }
    let rep = store::reps::get(conn, drafts[0].rep_id)?
        .map(|r| r.name)
        .unwrap_or_default();
    Ok(Applied {
        inverse: Some(Command::ReplaceObservations {
            put: Vec::new(),
            delete: ids.clone(),
        }),
        label: format!(
            "Saved {} for {rep}",
            plural(ids.len(), "observation", "observations")
        ),
        changes: Changes::observations(ids),
    })
}

fn existing(conn: &Connection, id: ObservationId) -> Result<Observation, CommandError> {
    store::observations::get(conn, id)?.ok_or(CommandError::ObservationGone)
}

pub(super) fn edit(
    conn: &Connection,
    id: ObservationId,
    draft: &ObservationDraft,
    stamp: Stamp,
) -> Result<Applied, CommandError> {
    let before = existing(conn, id)?;
    check(conn, draft, stamp, false)?;
    store::observations::put(
        conn,
        &Observation {
            id,
            draft: draft.clone(),
            created: before.created,
            updated: stamp.now,
        },
    )?;
    Ok(Applied {
        inverse: Some(Command::ReplaceObservations {
            put: vec![before],
            delete: Vec::new(),
        }),
        label: "Edited an observation".to_owned(),
        changes: Changes::observations(vec![id]),
    })
}

pub(super) fn set_visibility(
    conn: &Connection,
    ids: &[ObservationId],
    visibility: Visibility,
    now: DateTime<Utc>,
) -> Result<Applied, CommandError> {
    let mut before = Vec::with_capacity(ids.len());
    for id in ids {
        let old = existing(conn, *id)?;
        let mut new = old.clone();
        new.draft.visibility = visibility;
        new.updated = now;
        store::observations::put(conn, &new)?;
        before.push(old);
    }
    let what = match visibility {
        Visibility::Shared => "Shared",
        Visibility::Private => "Made private",
    };
    Ok(Applied {
        inverse: Some(Command::ReplaceObservations {
            put: before,
            delete: Vec::new(),
        }),
        label: format!(
            "{what} {}",
            plural(ids.len(), "observation", "observations")
        ),
        changes: Changes::observations(ids.to_vec()),
    })
}

/// Puts `put` back exactly and removes `delete`; the inverse does the opposite.
pub(super) fn replace(
    conn: &Connection,
    put: &[Observation],
    delete: &[ObservationId],
) -> Result<Applied, CommandError> {
    let mut inverse_put = Vec::new();
    let mut inverse_delete = Vec::new();
    for observation in put {
        match store::observations::get(conn, observation.id)? {
            Some(old) => inverse_put.push(old),
            None => inverse_delete.push(observation.id),
        }
        store::observations::put(conn, observation)?;
    }
    for id in delete {
        inverse_put.push(existing(conn, *id)?);
        store::observations::delete(conn, *id)?;
    }
    let touched: Vec<ObservationId> = put
        .iter()
        .map(|o| o.id)
        .chain(delete.iter().copied())
        .collect();
    let label = if put.is_empty() {
        format!(
            "Deleted {}",
            plural(delete.len(), "observation", "observations")
        )
    } else if delete.is_empty() {
        format!(
            "Restored {}",
            plural(put.len(), "observation", "observations")
        )
    } else {
        format!(
            "Changed {}",
            plural(touched.len(), "observation", "observations")
        )
    };
    Ok(Applied {
        inverse: Some(Command::ReplaceObservations {
            put: inverse_put,
            delete: inverse_delete,
        }),
        label,
        changes: Changes::observations(touched),
    })
}
