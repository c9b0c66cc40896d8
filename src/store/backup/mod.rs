//! Backups of the data file into a `backups/` folder beside it: made with `VACUUM INTO`
//! (a consistent, compact copy taken while the app keeps working), checked with
//! `PRAGMA integrity_check`, and only then allowed to rotate older ones out.
//!
//! A backup's name says whose it is, when it was made and why:
//! `team-20261122T083000Z-auto.db`. Names sort by time, and the kind in the name is what
//! protects backups made before an upgrade, an import or a restore from rotation.

mod error;
mod list;
mod restore;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Connection;

pub use error::BackupError;
pub use list::{BackupCounts, BackupDetails, details};
pub use restore::{Restored, before_restore_path, restore_closed_file};
pub(in crate::store) use restore::{lock_copy, remove_empty_side_files};

use super::{StoreError, meta, migrations};
use crate::domain::backup_policy::{self, BackupKind, BackupStamp, Retention};
use crate::domain::passphrase::Passphrase;

const STAMP_FORMAT: &str = "%Y%m%dT%H%M%SZ";
const EXTENSION: &str = "db";

/// One backup file in the backups folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken: DateTime<Utc>,
    pub kind: BackupKind,
}

/// The folder of the data file's backups: `backups/` beside it.
pub fn folder(data_path: &Path) -> PathBuf {
    data_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The data file's name without its extension: the start of each of its backups' names,
/// so two data files in one folder keep their backups apart.
fn stem(data_path: &Path) -> String {
    data_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "coachbook".to_owned())
}

fn file_name(stem: &str, taken: DateTime<Utc>, kind: BackupKind, seq: u32) -> String {
    let stamp = taken.format(STAMP_FORMAT);
    let code = kind.code();
    if seq == 0 {
        format!("{stem}-{stamp}-{code}.{EXTENSION}")
    } else {
        format!("{stem}-{stamp}-{code}-{seq}.{EXTENSION}")
    }
}

/// The time and kind a backup's name carries, or `None` for any other file.
fn parse_name(stem: &str, name: &str) -> Option<(DateTime<Utc>, BackupKind, u32)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(EXTENSION)?
        .strip_suffix('.')?;
    let (stamp, rest) = rest.split_once('-')?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT)
        .ok()?
        .and_utc();
    let (code, seq) = match rest.split_once('-') {
        Some((code, seq)) => (code, seq.parse().ok()?),
        None => (rest, 0),
    };
    Some((taken, BackupKind::from_code(code)?, seq))
}

/// Whether `path` names a backup: a file in a folder called `backups` whose name is a
/// backup's name (of any data file). Such a file is only ever opened to read.
pub fn is_backup(path: &Path) -> bool {
    let in_backups = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|folder| folder == "backups");
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    in_backups
        && name
            .match_indices('-')
            .any(|(at, _)| parse_name(&name[..at], name).is_some())
}

/// The data file's backups, oldest first. A missing folder means there are none yet.
pub fn list(data_path: &Path) -> Result<Vec<BackupFile>, BackupError> {
    let dir = folder(data_path);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(BackupError::io("read the backups folder", &dir, source)),
    };
    let stem = stem(data_path);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| BackupError::io("read the backups folder", &dir, e))?;
        let name = entry.file_name();
        if let Some((taken, kind, seq)) = name.to_str().and_then(|n| parse_name(&stem, n)) {
            found.push((taken, seq, kind, entry.path()));
        }
    }
    found.sort_by(|a, b| (a.0, a.1, &a.3).cmp(&(b.0, b.1, &b.3)));
    Ok(found
        .into_iter()
        .map(|(taken, _, kind, path)| BackupFile { path, taken, kind })
        .collect())
}

/// Backs up the data file at `data_path`, read through `conn`, as a backup of `kind` taken
/// at `now`. The new file is checked before anything else happens; after an automatic or
/// manual backup, older ones are rotated out by the file's retention counts. The copy of
/// an encrypted file is encrypted with its passphrase, `key`.
pub fn create(
    conn: &Connection,
    data_path: &Path,
    key: Option<&Passphrase>,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<BackupFile, BackupError> {
    let dir = folder(data_path);
    private_dir(&dir)?;
    remove_stale_partials(&dir, &stem(data_path));
    let (path, partial) = reserve(&dir, &stem(data_path), kind, now)?;
    let written = write_copy(conn, &partial).and_then(|()| verify(&partial, key));
    let finished = written.and_then(|()| {
        fs::rename(&partial, &path).map_err(|e| BackupError::io("name the backup", &path, e))?;
        crate::files::sync_dir(&dir);
        Ok(())
    });
    if let Err(err) = finished {
        // The partial copy is ours and of no use; failing to remove it changes nothing.
        let _ = fs::remove_file(&partial);
        return Err(err);
    }
    let made = BackupFile {
        path,
        taken: now,
        kind,
    };
    if !kind.is_protected() {
        let retention =
            meta::backup_retention(conn).map_err(|e| BackupError::sqlite(data_path, e))?;
        rotate_checked(data_path, retention)?;
    }
    Ok(made)
}

/// Removes the backups the retention counts no longer keep, but only once the newest of
/// them passes its check: a damaged newest backup never costs an older, good one.
pub fn rotate(
    data_path: &Path,
    key: Option<&Passphrase>,
    retention: Retention,
) -> Result<usize, BackupError> {
    let backups = list(data_path)?;
    if let Some(newest) = backups.iter().rev().find(|b| !b.kind.is_protected()) {
        verify(&newest.path, key)?;
    }
    rotate_checked(data_path, retention)
}

/// [`rotate`] once the newest backup is known to be good.
fn rotate_checked(data_path: &Path, retention: Retention) -> Result<usize, BackupError> {
    let backups = list(data_path)?;
    let stamps: Vec<BackupStamp> = backups
        .iter()
        .map(|b| BackupStamp {
            taken: b.taken,
            kind: b.kind,
        })
        .collect();
    let keep = backup_policy::keep(&stamps, retention);
    let mut removed = 0;
    for (backup, keep) in backups.iter().zip(keep) {
        if !keep {
            fs::remove_file(&backup.path)
                .map_err(|e| BackupError::io("remove the old backup", &backup.path, e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Opens a backup read-only and runs SQLite's full integrity check on it. A backup that is
/// not a Coachbook file (an empty one included), or one from a newer Coachbook, is
/// refused as well. A backup of an encrypted file opens only with its passphrase, `key`.
pub fn verify(path: &Path, key: Option<&Passphrase>) -> Result<(), BackupError> {
    let conn =
        super::open::open_read_only(path, key).map_err(|e| BackupError::unusable(path, e))?;
    let application_id: i64 = conn
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(|e| BackupError::checked(path, e))?;
    if application_id != super::APPLICATION_ID {
        return Err(BackupError::NotCoachbook {
            path: path.to_owned(),
        });
    }
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| BackupError::checked(path, e))?;
    let problems = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| BackupError::checked(path, e))?;
    match problems.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(BackupError::Damaged {
            path: path.to_owned(),
            detail: crate::store::error::check_found(problems.len()),
        }),
    }
}

/// Called by `Store::open` just before it upgrades a file: a file written by an older
/// Coachbook is backed up first, so the upgrade can be undone by a restore.
pub(super) fn before_migration(
    conn: &Connection,
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let version = migrations::user_version(conn).map_err(|e| StoreError::from_sqlite(path, e))?;
    if version == 0 || version >= migrations::LATEST_VERSION {
        return Ok(());
    }
    // The file name's time is the only use of the clock here, at the edge of the app.
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    create(conn, path, key, BackupKind::BeforeMigration, now)
        .map(drop)
        .map_err(|err| StoreError::BackupBeforeUpgrade {
            path: path.to_owned(),
            reason: err.to_string(),
        })
}

/// Creates the backups folder readable by its owner only (0700).
fn private_dir(dir: &Path) -> Result<(), BackupError> {
    Ok(crate::files::ensure_dir(dir)?)
}

/// A partial copy untouched for this long was left by a Coachbook that quit or crashed
/// while backing up (one being written is touched continually).
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes partial copies left behind by an interrupted backup. This is housekeeping: a
/// file that cannot be removed now is tried again at the next backup.
fn remove_stale_partials(dir: &Path, stem: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = name.to_str().is_some_and(|n| is_partial_of(stem, n));
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if ours && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A partial copy of one of this data file's backups, or its journal: a backup being
/// written (`<backup>.partial`), or one being converted to another passphrase
/// (`<backup>.partial-<process>-<n>`), left behind when Coachbook was stopped.
fn is_partial_of(stem: &str, name: &str) -> bool {
    let name = name.strip_suffix("-journal").unwrap_or(name);
    name.strip_suffix(".partial")
        .or_else(|| name.rsplit_once(".partial-").map(|(backup, _)| backup))
        .is_some_and(|backup| parse_name(stem, backup).is_some())
}

/// Creates an empty, owner-only partial file under a name no other backup has, and returns
/// the final name beside it. `VACUUM INTO` accepts an empty file, and keeps its mode.
fn reserve(
    dir: &Path,
    stem: &str,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<(PathBuf, PathBuf), BackupError> {
    for seq in 0..1000 {
        let path = dir.join(file_name(stem, now, kind, seq));
        if path.exists() {
            continue;
        }
        let mut partial = path.clone().into_os_string();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        match crate::files::create_new(&partial) {
            Ok(_) => return Ok((path, partial)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(BackupError::io("create the backup", &partial, err)),
        }
    }
    Err(BackupError::io(
        "create the backup",
        dir,
        io::Error::other("a thousand backups already carry this time"),
    ))
}

/// `VACUUM INTO` the empty file at `target`, then flushes it to disk (SQLite does not).
fn write_copy(conn: &Connection, target: &Path) -> Result<(), BackupError> {
    let name = target.to_str().ok_or_else(|| {
        BackupError::io(
            "create the backup",
            target,
            io::Error::other("its folder's name is not valid Unicode"),
        )
    })?;
    conn.execute("VACUUM INTO ?1", [name])
        .map_err(|e| BackupError::sqlite(target, e))?;
    fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(|e| BackupError::io("write the backup", target, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_carry_time_kind_and_sequence_and_ignore_others() {
        let taken = Utc.with_ymd_and_hms(2026, 11, 22, 8, 30, 0).unwrap();
        let name = file_name("my-team", taken, BackupKind::BeforeImport, 0);
        assert_eq!(name, "my-team-20261122T083000Z-import.db");
        assert_eq!(
            parse_name("my-team", &name),
            Some((taken, BackupKind::BeforeImport, 0))
        );
        let second = file_name("my-team", taken, BackupKind::Automatic, 2);
        assert_eq!(
            parse_name("my-team", &second),
            Some((taken, BackupKind::Automatic, 2))
        );
        assert_eq!(parse_name("my", &name), None);
        assert_eq!(parse_name("my-team", &format!("{name}.partial")), None);
        assert_eq!(parse_name("my-team", "my-team-notes.db"), None);
    }

    #[test]
    fn partials_of_backups_are_told_from_other_files() {
        let backup = "team-20261122T083000Z-key.db";
        for partial in [".partial", ".partial-6183-0", ".partial-6183-0-journal"] {
            assert!(
                is_partial_of("team", &format!("{backup}{partial}")),
                "{partial}"
            );
        }
        assert!(!is_partial_of("team", backup));
        assert!(!is_partial_of("other", &format!("{backup}.partial")));
        assert!(!is_partial_of("team", "team.db.partial-6183-0"));
    }
}
