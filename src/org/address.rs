//! The server's address and the login's password. The address is kept (in the data file,
//! in messages) only without a password; the password comes from a file only its owner
//! can read, from PGPASSWORD as for PostgreSQL's own tools, or from a prompt.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use super::OrgError;

/// A parsed server address.
#[derive(Clone, Debug)]
pub struct OrgAddress {
    pub(super) config: postgres::Config,
    /// The address as written, without a password: safe to show and to keep.
    shown: String,
    /// The CA certificate(s) that sign the server's certificate, when not the system's.
    pub(super) ca_file: Option<PathBuf>,
}

impl OrgAddress {
    /// Reads `url`; `sslrootcert=` in it is taken as the CA file unless `ca_file` names one.
    pub fn parse(url: &str, ca_file: Option<&Path>) -> Result<OrgAddress, OrgError> {
        let url = url.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(OrgError::BadAddress(
                "it does not start with postgres://".to_owned(),
            ));
        }
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept = Vec::new();
        let mut root_cert = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslrootcert", value)) => {
                    root_cert = Some(PathBuf::from(
                        percent_decode_str(value).decode_utf8_lossy().into_owned(),
                    ));
                }
                Some(("password", _)) => return Err(OrgError::PasswordInAddress),
                _ => kept.push(pair),
            }
        }
        let rebuilt = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let config: postgres::Config = rebuilt
            .parse()
            .map_err(|e: postgres::Error| OrgError::BadAddress(first_words(&e.to_string())))?;
        if config.get_password().is_some() {
            return Err(OrgError::PasswordInAddress);
        }
        if config.get_user().is_none_or(str::is_empty) {
            return Err(OrgError::NoLogin);
        }
        Ok(OrgAddress {
            config,
            shown: rebuilt,
            ca_file: ca_file.map(Path::to_owned).or(root_cert),
        })
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn login(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn ca_file(&self) -> Option<&Path> {
        self.ca_file.as_deref()
    }

    /// The same server as another login (the administrator's address, a new login's).
    pub fn as_login(&self, login: &str) -> OrgAddress {
        let mut other = self.clone();
        other.config.user(login);
        if let Some((scheme, rest)) = self.shown.split_once("://") {
            let host = rest.split_once('@').map_or(rest, |(_, host)| host);
            other.shown = format!("{scheme}://{login}@{host}");
        }
        other
    }
}

/// The parser's message up to its first colon: which part was wrong, not its internals.
fn first_words(text: &str) -> String {
    text.split(':').next().unwrap_or(text).trim().to_owned()
}

/// Where a password is looked for, in this order.
#[derive(Clone, Debug, Default)]
pub struct PasswordSource {
    pub file: Option<PathBuf>,
    /// Whether to ask on the terminal when no file or PGPASSWORD gives one.
    pub prompt: bool,
}

impl PasswordSource {
    /// The password for `login`, or `None` when there is none to give (a server that
    /// trusts the connection needs none).
    pub fn read(&self, login: &str) -> Result<Option<String>, OrgError> {
        if let Some(path) = &self.file {
            return read_password_file(path).map(Some);
        }
        if let Ok(password) = std::env::var("PGPASSWORD") {
            return Ok(Some(password));
        }
        if self.prompt && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            let password =
                rpassword::prompt_password(format!("Password for {login}: ")).map_err(|_| {
                    OrgError::NoPassword {
                        login: login.to_owned(),
                    }
                })?;
            return Ok(Some(password));
        }
        Ok(None)
    }
}

/// The first line of a file that only its owner can read.
pub fn read_password_file(path: &Path) -> Result<String, OrgError> {
    let text = crate::files::read_secret(path).map_err(|err| match err {
        crate::files::SecretFileError::Open => OrgError::PasswordFileOpen {
            path: path.to_owned(),
        },
        crate::files::SecretFileError::Unusable { reason } => OrgError::PasswordFile {
            path: path.to_owned(),
            reason,
        },
    })?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(OrgError::PasswordFile {
            path: path.to_owned(),
            reason: "its first line is empty".to_owned(),
        });
    }
    Ok(line.to_owned())
}
