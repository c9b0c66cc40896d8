//! `coachbook encrypt` and `decrypt`: the data file and its backups put under a new
//! passphrase, or back in the clear, through the store's checked copy and rename.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::Utc;

use super::DataFile;
use super::data_file::{prompt_new, read_key_file};
use crate::domain::passphrase::Passphrase;
use crate::export::terminal::shown;
use crate::store::Rekeyed;

pub(super) fn encrypt(
    db: &DataFile,
    new_key_file: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // The current passphrase (or none) first: a wrong one is refused before a new one is
    // asked for.
    let mut store = db.open()?;
    let to = match new_key_file {
        Some(file) => {
            let key = read_key_file(file)?;
            Passphrase::to_encrypt(key.expose(), key.expose()).map_err(|err| {
                anyhow!(
                    "The key file {} cannot encrypt a file: {err}",
                    shown(&file.display().to_string())
                )
            })?
        }
        None => prompt_new(db)?,
    };
    let was_encrypted = store.passphrase().is_some();
    let rekeyed = store.change_passphrase(Some(to), Utc::now())?;
    let done = if was_encrypted {
        "Gave a new passphrase to"
    } else {
        "Encrypted"
    };
    writeln!(out, "{done} {}.", shown(&db.display().to_string()))?;
    report(&rekeyed, "encrypted with it", out)
}

pub(super) fn decrypt(db: &DataFile, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = db.open_existing()?;
    if store.passphrase().is_none() {
        return Err(crate::store::StoreError::NotEncrypted {
            path: db.path().to_owned(),
        }
        .into());
    }
    let rekeyed = store.change_passphrase(None, Utc::now())?;
    writeln!(
        out,
        "Decrypted {}: it is a plain file again, readable by anyone who can read the file.",
        shown(&db.display().to_string())
    )?;
    report(&rekeyed, "plain too", out)
}

/// What happened to the backups, and which could not follow.
fn report(rekeyed: &Rekeyed, now_are: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    writeln!(
        out,
        "A backup was made first ({}); {} backup{} {} now {now_are}.",
        shown(
            &rekeyed
                .safety_backup
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        rekeyed.converted,
        if rekeyed.converted == 1 { "" } else { "s" },
        if rekeyed.converted == 1 { "is" } else { "are" },
    )?;
    for (file, why) in &rekeyed.left {
        writeln!(
            out,
            "Not converted, still as before: {} ({})",
            shown(&file.display().to_string()),
            shown(why)
        )?;
    }
    Ok(if rekeyed.left.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}
