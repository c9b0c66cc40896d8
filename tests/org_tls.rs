//! TLS to the organization's server: a server whose certificate a test CA signed is
//! reached with `sslmode=require` and that CA (`--ca-file` or `sslrootcert=`), over TLS;
//! without the CA the certificate is refused with a sentence and nothing is set up.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::cli::{arg, assert_clean_message, assert_ok, coachbook, text};
use common::pg::{ADMIN, Cluster, give_to_server};

fn openssl(args: &[&str], dir: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        text(&out.stderr)
    );
}

/// A CA, and a certificate for 127.0.0.1 it signed, written in `dir`.
fn certificates(dir: &Path) {
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Coachbook test CA",
        ],
        dir,
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
        dir,
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
    );
}

#[test]
fn a_server_behind_tls_is_reached_with_its_ca_and_refused_without() {
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path());
    let cluster = Cluster::start_with(|dir| {
        for name in ["server.pem", "server.key"] {
            let to = dir.join(name);
            std::fs::copy(certs.path().join(name), &to).unwrap();
            std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
            give_to_server(&to);
        }
        format!(
            "-c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            dir.join("server.pem").display(),
            dir.join("server.key").display()
        )
    });
    let url = format!("{}?sslmode=require", cluster.url(ADMIN));
    let pw = cluster.admin_password_file();
    let ca = certs.path().join("ca.pem");

    let without = coachbook(&["org", "init", "--url", &url, "--password-file", arg(&pw)]);
    assert!(!without.status.success());
    let said = text(&without.stderr);
    assert!(said.contains("could not reach the server"), "{said}");
    assert!(said.contains("not one this computer trusts"), "{said}");
    assert_clean_message(&said);

    let with = assert_ok(&coachbook(&[
        "org",
        "init",
        "--url",
        &url,
        "--password-file",
        arg(&pw),
        "--ca-file",
        arg(&ca),
    ]));
    assert!(with.contains("is set up"), "{with}");
    let in_url = format!("{url}&sslrootcert={}", ca.display());
    assert_ok(&coachbook(&[
        "org",
        "init",
        "--url",
        &in_url,
        "--password-file",
        arg(&pw),
    ]));

    let address = coachbook::org::OrgAddress::parse(&url, Some(&ca)).unwrap();
    let password = std::fs::read_to_string(&pw).unwrap();
    let mut client = coachbook::org::connect(&address, Some(password.trim())).unwrap();
    let over_tls: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(over_tls);
}
