//! SQLite and SQLCipher at the two ends of a process.
//!
//! The first connections a process opens, opened by several threads at once, can all be
//! given a passphrase: SQLCipher's set-up is finished before any thread goes on (a CI run
//! once failed in `crash.rs`, whose two tests open their first files at the same moment).
//! And a process that ends while a thread reads an encrypted file ends cleanly, whether
//! through `exit_process` or by returning from `main` (on glibc): SQLCipher's exit
//! handler, which frees what that read uses, is not run.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Barrier, mpsc};

use rusqlite::Connection;

const CHILD: &str = "threads_key_their_first_connections_together";
const THREADS: usize = 8;
const PROCESSES: usize = 200;

/// Runs the ignored test `name` in a process of its own, `runs` times, and says how each
/// run ended when one did not succeed.
fn run_alone(name: &str, runs: usize, env: &[(&str, &OsStr)]) {
    let me = std::env::current_exe().unwrap();
    for run in 0..runs {
        let out: Output = Command::new(&me)
            .args([
                name,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "run {run} ended with {}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Each run is a new process, since the set-up happens once per process.
#[test]
fn every_thread_of_a_new_process_can_key_its_first_connection() {
    run_alone(CHILD, PROCESSES, &[]);
}

#[test]
#[ignore = "run by the test above, each time in a process of its own"]
fn threads_key_their_first_connections_together() {
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|n| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let conn = coachbook::store::connect::open_in_memory().unwrap();
                conn.pragma_update(None, "key", format!("passphrase {n}"))
                    .unwrap();
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

const KEY: &str = "process end passphrase";

/// A connection to an encrypted file that keeps almost no page decrypted, so that every
/// read decrypts again.
fn keyed(path: &Path) -> Connection {
    let conn = coachbook::store::connect::open(path).unwrap();
    conn.pragma_update(None, "key", KEY).unwrap();
    conn.execute_batch("PRAGMA kdf_iter = 4000; PRAGMA cache_size = 2;")
        .unwrap();
    conn
}

#[test]
fn a_process_ends_cleanly_while_a_thread_reads_an_encrypted_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("encrypted.db");
    let conn = keyed(&path);
    conn.execute_batch(
        "CREATE TABLE notes (body TEXT NOT NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO notes SELECT printf('%.1000c', char(65 + i % 26)) FROM n;",
    )
    .unwrap();
    drop(conn);
    let db = ("PROCESS_TEST_DB", path.as_os_str());
    run_alone(
        EXITING,
        40,
        &[db, ("PROCESS_TEST_END", OsStr::new("exit_process"))],
    );
    // Through libc's `exit`, as a test process or a panicking `main` ends.
    if cfg!(all(target_os = "linux", target_env = "gnu")) {
        run_alone(
            EXITING,
            40,
            &[db, ("PROCESS_TEST_END", OsStr::new("return"))],
        );
    }
}

const EXITING: &str = "ends_while_a_thread_reads";

#[test]
#[ignore = "run by the test above, each time in a process of its own"]
fn ends_while_a_thread_reads() {
    // Without its file this would end the whole test process, successfully, at once.
    let Some(path) = std::env::var_os("PROCESS_TEST_DB") else {
        panic!("run by a_process_ends_cleanly_while_a_thread_reads_an_encrypted_file only");
    };
    let conn = keyed(Path::new(&path));
    let (started, reading) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let found: i64 = conn
                .query_row(
                    "SELECT count(*) FROM notes WHERE body LIKE '%Z%'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            let _ = started.send(found);
        }
    });
    assert!(reading.recv().unwrap() > 0);
    std::thread::sleep(std::time::Duration::from_millis(5));
    if std::env::var_os("PROCESS_TEST_END").is_some_and(|end| end == "exit_process") {
        coachbook::store::connect::exit_process(0);
    }
}
