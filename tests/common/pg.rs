//! A throwaway PostgreSQL cluster per test, started from the system's `initdb` and
//! `pg_ctl` in a temporary folder on a free port, as the unprivileged `postgres` user when
//! the tests run as root (PostgreSQL refuses to run as root), and stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postgres::{Client, NoTls};
use tempfile::TempDir;

pub const ADMIN: &str = "postgres";

pub struct Cluster {
    dir: TempDir,
    /// Server settings added at every start (TLS, say).
    extra: String,
    bin: PathBuf,
    pub port: u16,
    admin_password: String,
    /// Password files of the test's logins, readable by the test's user alone.
    secrets: TempDir,
}

/// The newest PostgreSQL's binaries on this machine.
fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (apt-get install postgresql; .ci/run does it)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
    });
    found.pop().expect("a PostgreSQL with initdb")
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// Runs a PostgreSQL program, as `postgres` when we are root.
fn run_as_server(program: &Path, args: &[&str]) -> Output {
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .output()
        .expect("the PostgreSQL program runs")
}

pub fn give_to_server(path: &Path) {
    if is_root() {
        let out = Command::new("chown")
            .arg("postgres")
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "chown postgres {}", path.display());
    }
}

fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

#[track_caller]
fn check(out: Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(|_| String::new())
    }

    /// A cluster whose server also gets the settings `extra` returns, given the
    /// cluster's folder (for files the server must read, owned by it).
    pub fn start_with(extra: impl FnOnce(&Path) -> String) -> Cluster {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("coachbook-pg")
            .tempdir()
            .unwrap();
        give_to_server(dir.path());
        let admin_password = format!("admin-{}", std::process::id());
        let pw = dir.path().join("pw");
        std::fs::write(&pw, &admin_password).unwrap();
        give_to_server(&pw);
        let data = dir.path().join("data");
        check(
            run_as_server(
                &bin.join("initdb"),
                &[
                    "-D",
                    data.to_str().unwrap(),
                    "-A",
                    "scram-sha-256",
                    "-U",
                    ADMIN,
                    "--no-sync",
                    "--pwfile",
                    pw.to_str().unwrap(),
                ],
            ),
            "initdb",
        );
        let extra = extra(dir.path());
        let cluster = Cluster {
            dir,
            extra,
            bin,
            port: free_port(),
            admin_password,
            secrets: tempfile::tempdir().unwrap(),
        };
        cluster.start_server();
        cluster
    }

    fn start_server(&self) {
        check(self.try_start_server(), "pg_ctl start");
    }

    fn try_start_server(&self) -> Output {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off {}",
            self.port,
            self.dir.path().display(),
            self.extra
        );
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("log");
        run_as_server(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        )
    }

    /// The address of the cluster's `postgres` database as `login`.
    pub fn url(&self, login: &str) -> String {
        format!("postgres://{login}@127.0.0.1:{}/postgres", self.port)
    }

    /// A connection as the cluster's administrator, for setting up and for looking.
    pub fn admin(&self) -> Client {
        self.client(ADMIN, &self.admin_password.clone())
    }

    pub fn client(&self, login: &str, password: &str) -> Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(login)
            .password(password)
            .dbname("postgres")
            .connect(NoTls)
            .unwrap_or_else(|e| panic!("connect as {login}: {e}"))
    }

    /// A file holding `password`, readable by its owner alone, as `--password-file` wants.
    pub fn password_file(&self, name: &str, password: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.secrets.path().join(name);
        std::fs::write(&path, format!("{password}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path
    }

    /// The administrator's password file.
    pub fn admin_password_file(&self) -> PathBuf {
        self.password_file("admin", &self.admin_password.clone())
    }

    /// Kills the server like a power cut kills it: SIGKILL to the postmaster, no shutdown.
    pub fn kill(&self) {
        let pid_file = self.dir.path().join("data/postmaster.pid");
        let text = std::fs::read_to_string(pid_file).unwrap();
        let pid = text.lines().next().unwrap().trim().to_owned();
        check(
            Command::new("kill").args(["-9", &pid]).output().unwrap(),
            "kill",
        );
        while Command::new("kill")
            .args(["-0", &pid])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Starts the server again after `kill`, through its crash recovery, once the killed
    /// server's last processes have let go of its shared memory.
    pub fn restart(&self) {
        let mut tries = 0;
        loop {
            let out = self.try_start_server();
            tries += 1;
            if out.status.success() || tries == 50 {
                return check(out, "pg_ctl start after a kill");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        run_as_server(
            &self.bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"],
        );
    }
}
