//! The data file a command works on, with its passphrase when it is encrypted: from
//! `--key-file`, else the one this computer's keychain remembers, else typed at a prompt
//! when a terminal is there to type it. Every command opens the file through this, so none
//! can forget the passphrase.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use anyhow::anyhow;

use crate::domain::passphrase::{self, Passphrase};
use crate::export::terminal::shown;
use crate::store::{self, Sealing, Store};

pub struct DataFile {
    path: PathBuf,
    key_file: Option<PathBuf>,
    /// Read or asked for at the first open, so a command that never opens the file (a
    /// server's set-up) never asks.
    key: OnceCell<Option<Passphrase>>,
}

impl DataFile {
    /// The file at `path`, whose passphrase (if any) is in `key_file`.
    pub fn new(path: PathBuf, key_file: Option<PathBuf>) -> DataFile {
        DataFile {
            path,
            key_file,
            key: OnceCell::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The passphrase from the key file, or asked for on the terminal when the file is
    /// encrypted and no key file was given; `None` for a plain or new file.
    pub fn passphrase(&self) -> anyhow::Result<Option<Passphrase>> {
        if let Some(known) = self.key.get() {
            return Ok(known.clone());
        }
        let key = match &self.key_file {
            Some(file) => Some(read_key_file(file)?),
            None if store::sealing(&self.path) == Sealing::Encrypted => {
                match crate::keychain::recall(&self.path) {
                    Some(remembered) => Some(remembered),
                    None => Some(prompt_existing(&self.path)?),
                }
            }
            None => None,
        };
        Ok(self.key.get_or_init(|| key).clone())
    }

    /// The passphrase, also when the data file is missing and `other` (a backup to
    /// restore in its place) is encrypted.
    pub fn passphrase_for(&self, other: &Path) -> anyhow::Result<Option<Passphrase>> {
        let unknown = self.key.get().is_none() && self.key_file.is_none();
        if unknown
            && store::sealing(&self.path) != Sealing::Encrypted
            && store::sealing(other) == Sealing::Encrypted
        {
            let key = Some(prompt_existing(other)?);
            return Ok(self.key.get_or_init(|| key).clone());
        }
        self.passphrase()
    }

    /// Opens the file to write, creating it (encrypted when a passphrase was given).
    pub fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open_with(&self.path, self.passphrase()?)?)
    }

    /// Opens an existing file only to read.
    pub fn open_read_only(&self) -> anyhow::Result<Store> {
        Ok(Store::open_read_only_with(&self.path, self.passphrase()?)?)
    }

    /// Opens an existing file (never creating one); an older file is brought up to date.
    /// A file another Coachbook is writing is opened to read only.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        if !self.path.is_file() {
            return Err(store::StoreError::Missing {
                path: self.path.clone(),
            }
            .into());
        }
        // While a Coachbook window writes the file (or it is a backup, or on a read-only
        // disk), a command can still read it; one that writes is then refused by the store
        // with a sentence saying why.
        let store = Store::open_or_read_with(&self.path, self.passphrase()?)?;
        if store.read_only_reason() == Some(store::ReadOnlyReason::Backup) {
            eprintln!(
                "coachbook: {} is a backup, so Coachbook opened it only to read.",
                shown(&store.path().display().to_string())
            );
        }
        Ok(store)
    }
}

/// For display and for the file operations that need only the name.
impl Deref for DataFile {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.path
    }
}

/// The passphrase in a file only its owner can read.
pub fn read_key_file(file: &Path) -> anyhow::Result<Passphrase> {
    let name = file.display().to_string();
    let name = shown(&name);
    let text = crate::files::read_secret(file).map_err(|err| match err {
        crate::files::SecretFileError::Open => anyhow!(
            "The key file {name} can be read by other accounts on this computer. Make it \
             readable by you alone (chmod 600 {name}) and try again."
        ),
        crate::files::SecretFileError::Unusable { reason } => {
            anyhow!("Coachbook could not use the key file {name}: {reason}.")
        }
    })?;
    passphrase::from_key_file(&text)
        .map_err(|err| anyhow!("The key file {name} holds no usable passphrase: {err}"))
}

/// Asks for the passphrase of an encrypted file, once.
fn prompt_existing(path: &Path) -> anyhow::Result<Passphrase> {
    if !std::io::stdin().is_terminal() {
        return Err(store::StoreError::NeedsPassphrase {
            path: path.to_owned(),
        }
        .into());
    }
    let name = path.display().to_string();
    let name = shown(&name);
    let typed = rpassword::prompt_password(format!("Passphrase for {name}: ")).map_err(|_| {
        store::StoreError::NeedsPassphrase {
            path: path.to_owned(),
        }
    })?;
    Passphrase::to_open(&typed).map_err(|err| anyhow!("{err}"))
}

/// Asks for a new passphrase twice, for `encrypt`.
pub fn prompt_new(path: &Path) -> anyhow::Result<Passphrase> {
    if !std::io::stdin().is_terminal() {
        return Err(anyhow!(
            "Give the new passphrase with --new-key-file FILE (a file only you can read), or \
             run the command in a terminal to type it."
        ));
    }
    let name = path.display().to_string();
    let name = shown(&name);
    let first = rpassword::prompt_password(format!("New passphrase for {name}: "))?;
    let again = rpassword::prompt_password("The same passphrase again: ")?;
    Passphrase::to_encrypt(&first, &again).map_err(|err| anyhow!("{err} Nothing was changed."))
}
