//! The one way a change reaches the data file, for the window and the command line alike:
//! a backup first when the change brings in a file, the command in one transaction, its
//! inverse kept for undo, and a description of what changed so the caller refreshes only
//! that. Nothing here knows about the window.

pub mod command;
mod history;
mod rep_file;

pub use command::{
    AnswersSource, Applied, Changes, Command, CommandError, ObservationChanges, PreparedAnswers,
    ScheduleRows, SessionChange, Stamp, prepare_answers, prepare_from_server,
};
pub use rep_file::{ShareWith, share_with_rep};

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::demo::{self, DemoError, DemoSize, DemoSummary};
use crate::domain::backup_policy::BackupKind;
use crate::domain::rep::RepId;
use crate::domain::rep_file::history::SharedHistory;
use crate::exchange::{ExchangeError, TableCounts, archive};
use crate::export::ShareError;
use crate::store::outbox::{self, Entry};
use crate::store::{self, Store, StoreError, backup};
use history::{Direction, History, Step};

/// The data file, the undo history and the clock every change is stamped with.
pub struct Ops {
    store: Store,
    clock: Box<dyn Clock>,
    history: History,
}

/// A change that went through.
#[derive(Debug)]
pub struct Done {
    /// What happened, for a toast or the terminal: "Added Dana Lee", "Undid: Added Dana Lee".
    pub label: String,
    /// The command that ran: for an undo or a redo, the inverse that was applied, so what
    /// follows the file (a setting shown on screen) follows it both ways.
    pub command: Command,
    pub changes: Changes,
    /// Whether this change put a step on the undo history, so that the next undo takes it
    /// back: false for a change with no inverse and for an undo itself.
    pub undoable: bool,
}

/// Why an archive was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveImportError {
    #[error(transparent)]
    Backup(#[from] CommandError),
    #[error(transparent)]
    Archive(#[from] ExchangeError),
}

impl Ops {
    pub fn new(store: Store, clock: Box<dyn Clock>) -> Ops {
        Ops {
            store,
            clock,
            history: History::default(),
        }
    }

    /// The store back, for work after the last command (a sync's acknowledgements).
    pub fn into_store(self) -> Store {
        self.store
    }

    /// For reads; every write goes through a method of `Ops`.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn stamp(&self) -> Stamp {
        Stamp {
            now: self.clock.now(),
            today: self.clock.today(),
            zone: self.clock.time_zone(),
        }
    }

    /// Applies one command in one transaction (after a backup when it imports a file); on
    /// success records its inverse for undo.
    pub fn apply(&mut self, command: Command) -> Result<Done, CommandError> {
        if command.is_import() {
            backup_before_import(&self.store, self.clock.now())?;
        }
        let applied = self.run(&command)?;
        let undoable = applied.inverse.is_some();
        if let Some(inverse) = applied.inverse {
            self.history.record(Step {
                label: applied.label.clone(),
                inverse,
            });
        }
        Ok(Done {
            label: applied.label,
            command,
            changes: applied.changes,
            undoable,
        })
    }

    /// Takes back the last change; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Result<Done, CommandError>> {
        self.replay(Direction::Undo)
    }

    pub fn redo(&mut self) -> Option<Result<Done, CommandError>> {
        self.replay(Direction::Redo)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Applies the inverse kept for the last step in `direction`; a failed replay keeps
    /// the step, so nothing falls out of the history.
    fn replay(&mut self, direction: Direction) -> Option<Result<Done, CommandError>> {
        let step = self.history.take(direction)?;
        Some(match self.run(&step.inverse) {
            Ok(applied) => {
                let undoable = direction == Direction::Redo && applied.inverse.is_some();
                if let Some(back) = applied.inverse {
                    self.history.push_opposite(
                        direction,
                        Step {
                            label: step.label.clone(),
                            inverse: back,
                        },
                    );
                }
                let verb = match direction {
                    Direction::Undo => "Undid",
                    Direction::Redo => "Redid",
                };
                Ok(Done {
                    label: format!("{verb}: {}", step.label),
                    command: step.inverse,
                    changes: applied.changes,
                    undoable,
                })
            }
            Err(err) => {
                self.history.put_back(direction, step);
                Err(err)
            }
        })
    }

    fn run(&mut self, command: &Command) -> Result<Applied, CommandError> {
        let stamp = self.stamp();
        self.store.transact(|tx| command.apply(tx, stamp))
    }

    /// Writes a rep's report or rep file; a rep file's token is kept in the same
    /// transaction that writes the file.
    pub fn share(&mut self, share: ShareWith<'_>) -> Result<SharedHistory, ShareError> {
        let now = self.clock.now();
        share_with_rep(&mut self.store, share, now)
    }

    /// Fills an empty data file from an archive: checked first, backed up, then loaded in
    /// one transaction. The undo history goes, since it belongs to the file as it was.
    pub fn import_archive(&mut self, file: &Path) -> Result<TableCounts, ArchiveImportError> {
        let counts = import_archive(&mut self.store, file, self.clock.now())?;
        self.contents_replaced();
        Ok(counts)
    }

    /// Hands the writable store to a thread for long work (an archive import, a restore),
    /// keeping a read-only one meanwhile; [`Ops::take_back`] returns it.
    pub fn lend_writer(&mut self) -> Result<Store, StoreError> {
        let reader = self.store.access().open_read_only()?;
        Ok(std::mem::replace(&mut self.store, reader))
    }

    pub fn take_back(&mut self, writer: Store) {
        self.store = writer;
    }

    /// Removes from the outbox what the organization's server now has (see
    /// `org::worker`): bookkeeping, not a change of the manager's, so no undo step.
    pub fn acknowledge_published(&mut self, entries: &[Entry]) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.store
            .transact(|tx| outbox::acknowledge(tx, entries, now))
    }

    /// The server's answers of `rep` at `revision` are taken in (or were refused with a
    /// sentence already said): the next sync asks only for newer ones.
    pub fn note_server_answers(&mut self, rep: RepId, revision: i64) -> Result<(), StoreError> {
        self.store
            .transact(|tx| store::org_answers::note_seen(tx, rep, revision))
    }

    /// The file's contents were replaced (an archive import, a restore): the undo steps
    /// belong to the file as it was, so they go.
    pub fn contents_replaced(&mut self) {
        self.history = History::default();
    }
}

/// The archive import on a writable store lent to a thread; [`Ops::import_archive`] is
/// the same for the command line.
pub fn import_archive(
    store: &mut Store,
    file: &Path,
    now: DateTime<Utc>,
) -> Result<TableCounts, ArchiveImportError> {
    // Checked through first, so a bad archive is refused before a backup is taken; the
    // import then reads it again, one row at a time.
    archive::check_file(file)?;
    backup_before_import(store, now)?;
    Ok(archive::import_file(store, file)?)
}

/// Fills an empty data file with the standard demo team, in one transaction.
pub fn generate_demo(
    store: &mut Store,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DemoSummary, DemoError> {
    generate_demo_sized(store, seed, now, DemoSize::Standard)
}

/// Fills an empty data file with a demo team of `size`, in one transaction; the command
/// line's `demo` and the tests' files are made this way.
pub fn generate_demo_sized(
    store: &mut Store,
    seed: u64,
    now: DateTime<Utc>,
    size: DemoSize,
) -> Result<DemoSummary, DemoError> {
    let path = store.path().to_owned();
    store.transact(|tx| demo::write(tx, &path, seed, now, size))
}

/// The protected backup taken before every import; the import is refused when it fails.
pub fn backup_before_import(store: &Store, now: DateTime<Utc>) -> Result<(), CommandError> {
    backup::create(
        store.conn(),
        store.path(),
        store.passphrase(),
        BackupKind::BeforeImport,
        now,
    )
    .map(drop)
    .map_err(|e| CommandError::BackupBeforeImport(e.to_string()))
}
