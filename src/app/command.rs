//! Every change a screen can make, as a value. The app applies each in one transaction and
//! keeps its inverse, which is how undo and redo work without special cases.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use thiserror::Error;

use crate::demo::{self, DemoError};
use crate::domain::ValidationError;
use crate::domain::rep::{Rep, RepDraft, RepId, RosterRules};
use crate::store::{self, StoreError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    AddRep(RepDraft),
    EditRep {
        id: RepId,
        draft: RepDraft,
    },
    SetArchived {
        id: RepId,
        archived: bool,
    },
    /// Only as the inverse of an add: removes a rep that has no history yet.
    RemoveRep(RepId),
    /// Only as the inverse of a removal: puts the rep back with the same id.
    RestoreRep(Rep),
    /// The first-run choice: fill a new file with the demo team.
    LoadDemoTeam {
        seed: u64,
    },
    /// The first-run choice: keep the new file empty.
    StartEmpty,
}

/// Which cached views a command changed, so the app rebuilds only those.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub roster: bool,
    pub framework: bool,
    pub setup: bool,
}

impl Touched {
    const ROSTER: Touched = Touched {
        roster: true,
        framework: false,
        setup: false,
    };
    const EVERYTHING: Touched = Touched {
        roster: true,
        framework: true,
        setup: true,
    };
}

#[derive(Debug)]
pub struct Applied {
    /// `None` for changes that are not undone one by one (the first-run choice).
    pub inverse: Option<Command>,
    /// What happened, for the toast and the undo menu: "Added Dana Lee".
    pub label: String,
    pub touched: Touched,
}

#[derive(Debug, Error)]
pub enum CommandError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Demo(String),
    #[error("That rep no longer exists; the change was not made.")]
    RepGone,
    #[error("{0} has coaching history, so it stays; archive the rep instead.")]
    HasHistory(String),
}

impl From<rusqlite::Error> for CommandError {
    fn from(err: rusqlite::Error) -> Self {
        CommandError::Store(err.into())
    }
}

impl CommandError {
    /// True when the data file itself failed, as opposed to a rule the input broke.
    pub fn is_storage_failure(&self) -> bool {
        matches!(self, CommandError::Store(_))
    }
}

impl Command {
    /// Applies the command through `conn`, which the caller holds inside one transaction.
    pub fn apply(&self, conn: &Connection, now: DateTime<Utc>) -> Result<Applied, CommandError> {
        match self {
            Command::AddRep(draft) => {
                let draft = validate(conn, draft, None)?;
                let id = store::reps::insert(conn, &draft, now)?;
                Ok(Applied {
                    inverse: Some(Command::RemoveRep(id)),
                    label: format!("Added {}", draft.name),
                    touched: Touched::ROSTER,
                })
            }
            Command::EditRep { id, draft } => {
                let before = existing(conn, *id)?;
                let draft = validate(conn, draft, Some(*id))?;
                store::reps::update(conn, *id, &draft, now)?;
                Ok(Applied {
                    inverse: Some(Command::EditRep {
                        id: *id,
                        draft: before.draft(),
                    }),
                    label: format!("Edited {}", draft.name),
                    touched: Touched::ROSTER,
                })
            }
            Command::SetArchived { id, archived } => {
                let rep = existing(conn, *id)?;
                if !archived {
                    // Coming back onto the roster: its name must not clash with an active rep.
                    validate(conn, &rep.draft(), None)?;
                }
                store::reps::set_archived(conn, *id, *archived, now)?;
                Ok(Applied {
                    inverse: Some(Command::SetArchived {
                        id: *id,
                        archived: !archived,
                    }),
                    label: if *archived {
                        format!("Archived {}", rep.name)
                    } else {
                        format!("Restored {} to the roster", rep.name)
                    },
                    touched: Touched::ROSTER,
                })
            }
            Command::RemoveRep(id) => {
                let rep = existing(conn, *id)?;
                store::reps::delete(conn, *id).map_err(|e| match e {
                    StoreError::Sqlite { source, .. }
                        if source.sqlite_error_code()
                            == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                    {
                        CommandError::HasHistory(rep.name.clone())
                    }
                    other => other.into(),
                })?;
                Ok(Applied {
                    label: format!("Removed {}", rep.name),
                    inverse: Some(Command::RestoreRep(rep)),
                    touched: Touched::ROSTER,
                })
            }
            Command::RestoreRep(rep) => {
                if !rep.archived {
                    validate(conn, &rep.draft(), None)?;
                }
                store::reps::restore(conn, rep, now)?;
                Ok(Applied {
                    inverse: Some(Command::RemoveRep(rep.id)),
                    label: format!("Added {}", rep.name),
                    touched: Touched::ROSTER,
                })
            }
            Command::LoadDemoTeam { seed } => {
                let summary = demo::write(conn, std::path::Path::new("This data file"), *seed, now)
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
                    touched: Touched::EVERYTHING,
                })
            }
            Command::StartEmpty => {
                store::meta::set(conn, store::meta::SETUP_CHOICE, "empty")?;
                Ok(Applied {
                    inverse: None,
                    label: "Started with an empty team".to_owned(),
                    touched: Touched::EVERYTHING,
                })
            }
        }
    }
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
    Ok(draft.validate(
        &RosterRules {
            roles: &roles,
            active: &active,
        },
        editing,
    )?)
}
