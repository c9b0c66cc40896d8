//! An organization on a throwaway cluster, and the comparison of a manager's published rows
//! on the server with the shared rows of their data file.

use postgres::Client;
use rusqlite::Connection;

use coachbook::org::people::{self, Person};
use coachbook::org::{OrgAddress, OrgError, PasswordSource, schema, sync};
use coachbook::store::Store;
use coachbook::store::outbox::{self, OrgLink};
use coachbook::store::published::{self, Cell, CellKind, Published};

use super::pg::{ADMIN, Cluster};

/// Every test login's password.
pub const PASSWORD: &str = "a long test password";

pub struct Org {
    pub cluster: Cluster,
}

impl Org {
    /// A cluster with the organization's schema and roles.
    pub fn start() -> Org {
        let cluster = Cluster::start();
        let mut admin = cluster.admin();
        schema::init(&mut admin, ADMIN).unwrap();
        Org { cluster }
    }

    pub fn add(&self, login: &str, person: Person) {
        let mut admin = self.cluster.admin();
        people::add(&mut admin, ADMIN, login, login, &person, PASSWORD).unwrap();
    }

    /// A plain SQL connection as `login`, as someone writing their own queries would have.
    pub fn login(&self, login: &str) -> Client {
        self.cluster.client(login, PASSWORD)
    }

    /// Links the data file to the organization as the manager `login`.
    pub fn join(&self, store: &mut Store, login: &str) {
        let file = self.cluster.password_file(login, PASSWORD);
        let link = OrgLink {
            url: self.cluster.url(login),
            login: login.to_owned(),
            ca_file: None,
            password_file: Some(file.display().to_string()),
            joined: super::test_now(),
            synced: None,
        };
        store.transact(|tx| outbox::join(tx, &link)).unwrap();
    }

    /// Sends the file's outbox, as `coachbook org sync` does.
    pub fn sync(&self, store: &mut Store) -> sync::SyncReport {
        try_sync(store, sync::BATCH_UNITS).unwrap()
    }

    pub fn address(&self, login: &str) -> OrgAddress {
        OrgAddress::parse(&self.cluster.url(login), None).unwrap()
    }

    /// `manager`'s rows of `table` on the server, in a stable order.
    pub fn server_rows(&self, manager: &str, table: &Published) -> Vec<String> {
        let mut admin = self.cluster.admin();
        let columns: Vec<&str> = table.server_columns().collect();
        let sql = format!(
            "SELECT {} FROM coachbook.{} WHERE manager = $1",
            columns.join(", "),
            table.server
        );
        let mut rows: Vec<String> = admin
            .query(&sql, &[&manager])
            .unwrap()
            .iter()
            .map(|row| {
                let cells: Vec<Cell> = table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, _, kind))| match kind {
                        CellKind::Int => Cell::Int(row.get(i)),
                        CellKind::Real => Cell::Real(row.get(i)),
                        CellKind::Text => Cell::Text(row.get(i)),
                        CellKind::Bool => Cell::Bool(row.get(i)),
                    })
                    .collect();
                format!("{cells:?}")
            })
            .collect();
        rows.sort();
        rows
    }

    /// Every published table of `manager` on the server equals the shared rows of the file.
    #[track_caller]
    pub fn assert_in_step(&self, manager: &str, conn: &Connection) {
        for table in published::all_tables() {
            let local = local_rows(conn, table);
            let server = self.server_rows(manager, table);
            assert_eq!(
                server.len(),
                local.len(),
                "{}: {} rows on the server, {} shared in the file",
                table.server,
                server.len(),
                local.len()
            );
            assert!(server == local, "{}: the rows differ", table.server);
        }
    }
}

/// Three managers with demo teams of different seeds, published after enablement's
/// framework (the shipped one) was: ana and bo under the leader lea, carl under lee.
pub fn three_teams(dir: &tempfile::TempDir) -> (Org, Vec<(String, std::path::PathBuf)>) {
    let org = Org::start();
    org.add("ena", Person::Enablement);
    org.add("lea", Person::Leader);
    org.add("lee", Person::Leader);
    let mut ena = org.login("ena");
    let framework = coachbook::domain::framework::Framework::default_framework().unwrap();
    coachbook::org::framework::publish(&mut ena, "ena", &framework, super::test_now()).unwrap();
    let mut files = Vec::new();
    for (manager, leader, seed) in [("ana", "lea", 1), ("bo", "lea", 2), ("carl", "lee", 3)] {
        org.add(
            manager,
            Person::Manager {
                leader: Some(leader.into()),
            },
        );
        let path = dir.path().join(format!("{manager}.db"));
        let mut store = Store::open(&path).unwrap();
        coachbook::ops::generate_demo(&mut store, seed, super::test_now()).unwrap();
        org.join(&mut store, manager);
        drop(store);
        super::cli::assert_ok(&super::cli::coachbook(&[
            "org",
            "sync",
            "--db",
            super::cli::arg(&path),
        ]));
        files.push((manager.to_owned(), path));
    }
    (org, files)
}

/// The file's shared rows of `table`, in the same stable order as `server_rows`.
pub fn local_rows(conn: &Connection, table: &Published) -> Vec<String> {
    let ids: Vec<i64> = match table.scope {
        Some(scope) => {
            let local = table
                .columns
                .iter()
                .find(|(server, _, _)| *server == scope)
                .map(|(_, local, _)| *local)
                .unwrap();
            conn.prepare(&format!("SELECT DISTINCT {local} FROM {}", table.local))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
        None => Vec::new(),
    };
    let mut rows: Vec<String> = table
        .read(conn, &ids)
        .unwrap()
        .iter()
        .map(|cells| format!("{cells:?}"))
        .collect();
    rows.sort();
    rows
}

/// Sends the file's outbox in batches of `batch_units`, or says why it could not.
pub fn try_sync(store: &mut Store, batch_units: usize) -> Result<sync::SyncReport, OrgError> {
    let link = outbox::link(store.conn()).unwrap().expect("linked");
    let none = PasswordSource {
        file: None,
        prompt: false,
    };
    let mut client = sync::connect_link(&link, &none)?;
    sync::sync_store(
        store,
        &mut client,
        &link.login,
        batch_units,
        super::test_now,
    )
}
