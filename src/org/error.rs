//! Errors of the organization's server, worded for the person who sees them. PostgreSQL's
//! own messages are for its administrators: a sentence here says what happened from the
//! error's class, and the SQLSTATE code lets an administrator look up the rest.

use std::path::PathBuf;

use thiserror::Error;

use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum OrgError {
    #[error(
        "The server address is not one Coachbook understands ({0}). Write it as postgres://LOGIN@HOST:PORT/DATABASE."
    )]
    BadAddress(String),
    #[error(
        "The server address holds a password, which every program on this computer could read. Take it out and keep the password in a file only you can read (--password-file), or type it when asked."
    )]
    PasswordInAddress,
    #[error("The server address names no login. Write it as postgres://LOGIN@HOST:PORT/DATABASE.")]
    NoLogin,
    #[error("Coachbook could not use the password file {}: {reason}", path.display())]
    PasswordFile { path: PathBuf, reason: String },
    #[error("The password file {} can be read by other accounts on this computer. Make it readable by you alone (chmod 600 {}) and try again.", path.display(), path.display())]
    PasswordFileOpen { path: PathBuf },
    #[error(
        "No password was given for the login {login}: name a file only you can read with --password-file, or run the command in a terminal to type it."
    )]
    NoPassword { login: String },
    #[error("Coachbook could not read the certificate file {}: {reason}", path.display())]
    CaFile { path: PathBuf, reason: String },
    #[error(
        "Coachbook could not reach the server at {address}: {reason}. Check the address and that the server is running; nothing was lost, and what waits is sent at the next sync."
    )]
    Unreachable { address: String, reason: String },
    #[error(
        "The server refused the login {login}: the password is wrong or the login does not exist."
    )]
    LoginRefused { login: String },
    #[error(
        "The server would not let the login {login} {action}: the login lacks the right. Ask whoever runs the server."
    )]
    NotAllowed { login: String, action: String },
    #[error(
        "The server has no Coachbook organization yet (or an unfinished one). Whoever runs it creates one with: coachbook org init --url URL"
    )]
    NotInitialized,
    #[error(
        "The server's organization was set up by a newer Coachbook (schema {found}; this one knows up to {known}). Update Coachbook to use it; nothing was changed."
    )]
    NewerSchema { found: i64, known: i64 },
    #[error(
        "The server's organization is older (schema {found}; this Coachbook needs {known}). Whoever runs the server upgrades it with: coachbook org init --url URL"
    )]
    OlderSchema { found: i64, known: i64 },
    #[error("{0}")]
    Refused(String),
    #[error(
        "The server could not {action} (PostgreSQL error {code}). Nothing was changed there; try again, and if it happens again, give the code to whoever runs the server."
    )]
    Server { action: String, code: String },
    #[error(
        "The connection to the server broke while Coachbook tried to {action}. Nothing half-done was kept; what waits is sent at the next sync."
    )]
    Broken { action: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OrgError {
    /// Sorts a PostgreSQL error into what the person can act on. `action` completes
    /// "could not ..." ("publish the team's changes").
    pub fn from_pg(err: postgres::Error, login: &str, action: &str) -> OrgError {
        let Some(db) = err.as_db_error() else {
            return OrgError::Broken {
                action: action.to_owned(),
            };
        };
        let code = db.code().code().to_owned();
        match code.as_str() {
            "28P01" | "28000" => OrgError::LoginRefused {
                login: login.to_owned(),
            },
            "42501" => OrgError::NotAllowed {
                login: login.to_owned(),
                action: action.to_owned(),
            },
            "3F000" | "42P01" => OrgError::NotInitialized,
            _ => OrgError::Server {
                action: action.to_owned(),
                code,
            },
        }
    }

    /// A connection that never opened: the server is down, the address wrong, or TLS
    /// failed; or the server answered and refused the login.
    pub fn connecting(err: postgres::Error, address: &str, login: &str) -> OrgError {
        if err.as_db_error().is_some() {
            return OrgError::from_pg(err, login, "let the login in");
        }
        OrgError::Unreachable {
            address: address.to_owned(),
            reason: connect_reason(&err),
        }
    }
}

/// The cause of a failed connection in a person's words: the innermost I/O or TLS error.
fn connect_reason(err: &postgres::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    let mut last = None;
    while let Some(e) = source {
        last = Some(e);
        source = e.source();
    }
    match last {
        Some(e) if untrusted(e) => "its certificate is not one this computer trusts (name the \
             certificate of the authority that signed it with --ca-file)"
            .to_owned(),
        Some(e) => match e.downcast_ref::<std::io::Error>() {
            Some(io) => crate::files::reason(io),
            None => e.to_string(),
        },
        None => "the connection could not be made".to_owned(),
    }
}

/// Whether `e` is rustls refusing the server's certificate, bare or inside an I/O error.
fn untrusted(e: &(dyn std::error::Error + 'static)) -> bool {
    let rustls = match e.downcast_ref::<std::io::Error>() {
        Some(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        None => e.downcast_ref::<rustls::Error>(),
    };
    matches!(rustls, Some(rustls::Error::InvalidCertificate(_)))
}
