//! What happens to a damaged data file: it is never written to, only moved aside with its
//! journal files, under a name that says when, so it can still be sent to someone who
//! can rescue what is in it. The data file's name is then free for a backup or a new file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::StoreError;

/// `team.db` -> `team.db.damaged-20261122T083000Z`.
pub fn damaged_path(path: &Path, now: DateTime<Utc>) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{}", now.format("%Y%m%dT%H%M%SZ")));
    path.with_file_name(name)
}

/// Renames the damaged file at `path` (and its `-wal` and `-shm`, which belong to it) to
/// [`damaged_path`]; returns where it went.
pub fn move_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
    let target = damaged_path(path, now);
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|error| StoreError::Io {
            action: "move aside",
            path: from.to_owned(),
            error,
        })
    };
    rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let mut from = path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = target.as_os_str().to_owned();
            to.push(suffix);
            rename(&from, Path::new(&to))?;
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_and_its_journal_move_together() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.db");
        std::fs::write(&path, "db").unwrap();
        std::fs::write(dir.path().join("team.db-wal"), "wal").unwrap();
        let now = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let moved = move_aside(&path, now).unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&moved).unwrap(), b"db");
        let wal = format!("{}-wal", moved.display());
        assert_eq!(std::fs::read(wal).unwrap(), b"wal");
        assert!(moved.to_string_lossy().contains(".damaged-2026"));
    }
}
