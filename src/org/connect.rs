//! Opening a connection: TLS with the system's certificates or a given CA file, used when
//! the address asks for it (`sslmode=require`) or the server offers it (the default,
//! `sslmode=prefer`).

use std::sync::Arc;
use std::time::Duration;

use postgres::Client;
use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{OrgAddress, OrgError};

/// How long a connection attempt waits for an answer before the server counts as away.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects as the address's login with `password` (if any).
pub fn connect(address: &OrgAddress, password: Option<&str>) -> Result<Client, OrgError> {
    let mut config = address.config.clone();
    if let Some(password) = password {
        config.password(password);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("coachbook");
    let tls = MakeRustlsConnect::new(tls_config(address)?);
    config
        .connect(tls)
        .map_err(|e| OrgError::connecting(e, address.shown(), address.login()))
}

fn tls_config(address: &OrgAddress) -> Result<rustls::ClientConfig, OrgError> {
    let roots = match address.ca_file() {
        Some(path) => ca_roots(path)?,
        None => system_roots(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| OrgError::BadAddress(e.to_string()))?;
    Ok(builder.with_root_certificates(roots).with_no_client_auth())
}

fn ca_roots(path: &std::path::Path) -> Result<RootCertStore, OrgError> {
    let unusable = |reason: &str| OrgError::CaFile {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let kind = std::fs::metadata(path).map_err(|e| OrgError::CaFile {
        path: path.to_owned(),
        reason: crate::files::reason(&e),
    })?;
    if !kind.is_file() {
        return Err(unusable("it is not a plain file"));
    }
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|_| unusable("it could not be read as PEM certificates"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| unusable("it holds something that is not a PEM certificate"))?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(unusable("it holds no certificate Coachbook can use"));
    }
    Ok(roots)
}

/// The operating system's trusted certificates; those it cannot parse are left out.
fn system_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots
}
