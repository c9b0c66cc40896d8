//! The rep file (`.coachrep`): a small SQLite file of its own schema that carries what a
//! manager shared with one rep, and brings back the rep's self-assessment, reflections
//! and topics. It holds only a [`SharedHistory`], so it has no place for private notes.

mod answers;
mod edit;
pub mod online;
mod read;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use thiserror::Error;

use crate::domain::rep_file::answers::{AnswerLimit, RepAnswers};
use crate::domain::rep_file::history::SharedHistory;
use crate::domain::rep_file::token::ShareIdentity;
use crate::store::connect;

pub use edit::{RepEdit, RepFileWriter};
pub use write::write;

/// Written to the SQLite header so that rep files are recognisable ("CoRp").
pub const REP_FILE_ID: i64 = 0x436F_5270;
/// The rep file format this Coachbook writes and reads. Version 2 added the share token
/// and retired skills; version 1 files carry no token, so they are refused. Version 3
/// added shared coaching plans and session ratings; a version 2 file reads as having none.
pub const REP_FILE_VERSION: i64 = 3;
const FIRST_VERSION_WITH_TOKEN: i64 = 2;
pub const EXTENSION: &str = "coachrep";

#[derive(Debug, Error)]
pub enum RepFileError {
    #[error("{} is not a Coachbook rep file. Ask your manager to share it again.", path.display())]
    NotARepFile { path: PathBuf },
    #[error("{} was written by a newer Coachbook (rep file format {found}; this version reads {known}). Update Coachbook to open it.", path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} is damaged ({detail}). Ask your manager to share it again.", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("Coachbook could not {action} {}: {detail}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        detail: String,
    },
    #[error("{} comes from an older Coachbook and carries no share token, so its answers cannot be traced to the rep it was shared with. Share a new rep file with the rep (or ask your manager for one).", path.display())]
    Untrusted { path: PathBuf },
    #[error("{} was changed after it was shared ({what}), so Coachbook cannot tell whom its answers are from. Share a new rep file with the rep (or ask your manager for one).", path.display())]
    EditedIdentity { path: PathBuf, what: &'static str },
    #[error("{} holds more than a rep file may, so nothing was read from it. {limit}", path.display())]
    OverLimit { path: PathBuf, limit: AnswerLimit },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error("{} cannot be changed (it is read-only or its folder is). Copy it somewhere you can write, then open the copy.", path.display())]
    ReadOnly { path: PathBuf },
}

impl RepFileError {
    fn damaged(path: &Path, detail: impl std::fmt::Display) -> RepFileError {
        RepFileError::Damaged {
            path: path.to_owned(),
            detail: detail.to_string(),
        }
    }

    /// SQLite's word on a file, in the terms a person can act on.
    fn from_sqlite(path: &Path, err: rusqlite::Error) -> RepFileError {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => RepFileError::NotARepFile {
                path: path.to_owned(),
            },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                RepFileError::ReadOnly {
                    path: path.to_owned(),
                }
            }
            Some(ErrorCode::DiskFull) => crate::files::FileError::DiskFull {
                path: path.to_owned(),
            }
            .into(),
            _ => RepFileError::damaged(path, crate::store::sqlite_reason(&err)),
        }
    }
}

/// Everything in a rep file.
#[derive(Clone, Debug, PartialEq)]
pub struct RepFile {
    /// The shared history, its texts cleaned for showing.
    pub history: SharedHistory,
    pub answers: RepAnswers,
    /// Whom and what the file says it was shared for, exactly as it says it.
    pub identity: ShareIdentity,
}

/// What a manager imports from a returned rep file: the share it claims to answer, and
/// the answers. Reading it never loads the shared history.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnedFile {
    pub identity: ShareIdentity,
    pub answers: RepAnswers,
}

/// Whether the file at `path` is a rep file by its content: a SQLite header whose
/// application id (bytes 68 to 71, big-endian) is Coachbook's rep file id. A desktop opens
/// a rep file by its content too, whatever its name (packaging/coachbook-mime.xml).
pub fn has_rep_file_header(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 72];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    read.is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && i64::from(u32::from_be_bytes([
            header[68], header[69], header[70], header[71],
        ])) == REP_FILE_ID
}

/// Reads a whole rep file without writing to it.
pub fn read(path: &Path) -> Result<RepFile, RepFileError> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    read::load(&conn, path)
}

/// Reads the identity and answers of a returned rep file, each bounded before it is
/// loaded, without writing to it.
pub fn read_returned(path: &Path) -> Result<ReturnedFile, RepFileError> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    read::load_returned(&conn, path)
}

/// Opens a rep file, checking it is one this version understands before anything else.
fn open(path: &Path, flags: OpenFlags) -> Result<Connection, RepFileError> {
    if !path.is_file() {
        return Err(RepFileError::Io {
            action: "open",
            path: path.to_owned(),
            detail: "there is no such file".to_owned(),
        });
    }
    let sqlite = |e| RepFileError::from_sqlite(path, e);
    let conn =
        connect::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(sqlite)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(sqlite)?;
    let id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    if id != REP_FILE_ID {
        return Err(RepFileError::NotARepFile {
            path: path.to_owned(),
        });
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    if version > REP_FILE_VERSION {
        return Err(RepFileError::TooNew {
            path: path.to_owned(),
            found: version,
            known: REP_FILE_VERSION,
        });
    }
    if version < 1 {
        return Err(RepFileError::NotARepFile {
            path: path.to_owned(),
        });
    }
    if version < FIRST_VERSION_WITH_TOKEN {
        return Err(RepFileError::Untrusted {
            path: path.to_owned(),
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(sqlite)?;
    if check != "ok" {
        return Err(RepFileError::damaged(path, check));
    }
    Ok(conn)
}
