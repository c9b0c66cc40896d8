//! Crash safety, proven by killing: `coachbook crash-writer` applies numbered commands
//! through the app's own command path and prints "ack N" after each commit; this test
//! kills it with SIGKILL at random moments, then checks the file: its integrity, every
//! acknowledged command present, none present in part, and none beyond the one that was
//! running when the kill came.
//!
//! `CRASH_CYCLES` sets the number of kills (200 by default; the long run is
//! `CRASH_CYCLES=2000 cargo test --release --test crash`) and `CRASH_SEED` the seed.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// The writer's sequence: see src/cli/crash.rs. Command N's rows, by table.
fn expected_rows(n: u64) -> Vec<&'static str> {
    if n.is_multiple_of(64) {
        return vec!["reps"];
    }
    match n % 8 {
        0 => vec!["observations"],
        1 => vec!["observations"; 3],
        2 => vec!["cadences"],
        3 => vec!["sessions"],
        4 => vec!["session summary"],
        5 => vec!["talking_points"; 3],
        6 => vec!["commitments"],
        _ => vec!["observations in session"; 2],
    }
}

/// The writer's fixed "today" and the markers it derives from the command number.
fn today() -> NaiveDate {
    common::test_now().date_naive()
}

fn session_start_ms(n: u64) -> i64 {
    let start = chrono::DateTime::UNIX_EPOCH + TimeDelta::days(18_262) + TimeDelta::hours(n as i64);
    start.timestamp_millis()
}

/// The command number in a marker text such as "crash-17 skill 2".
fn marker(text: &str) -> u64 {
    text.strip_prefix("crash-")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a marker: {text:?}"))
}

/// Which commands the file holds, as command number -> the rows found for it.
fn found_rows(path: &Path, key: Option<&str>) -> BTreeMap<u64, Vec<&'static str>> {
    let conn = coachbook::store::connect::open(path).unwrap();
    if let Some(key) = key {
        common::unlock(&conn, key);
    }
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(integrity, ["ok"], "integrity_check of {}", path.display());
    let has_reps: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'reps'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut found: BTreeMap<u64, Vec<&'static str>> = BTreeMap::new();
    if !has_reps {
        return found;
    }
    let fk_problems: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0, "foreign keys of {}", path.display());
    let texts = |sql: &str| -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for name in texts("SELECT name FROM reps WHERE name LIKE 'Crash rep %'") {
        let n = name["Crash rep ".len()..].parse().unwrap();
        found.entry(n).or_default().push("reps");
    }
    for text in texts("SELECT evidence FROM observations WHERE session_id IS NULL") {
        found.entry(marker(&text)).or_default().push("observations");
    }
    for text in texts("SELECT evidence FROM observations WHERE session_id IS NOT NULL") {
        found
            .entry(marker(&text))
            .or_default()
            .push("observations in session");
    }
    for text in texts("SELECT summary FROM sessions WHERE summary != ''") {
        found
            .entry(marker(&text))
            .or_default()
            .push("session summary");
    }
    for text in texts("SELECT text FROM talking_points") {
        found
            .entry(marker(&text))
            .or_default()
            .push("talking_points");
    }
    for text in texts("SELECT text FROM commitments") {
        found.entry(marker(&text)).or_default().push("commitments");
    }
    let first_cadence_day = coachbook::store::to_day(today()) + 1000;
    let days: Vec<i64> = conn
        .prepare("SELECT start_day FROM cadences")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for day in days {
        found
            .entry((day - first_cadence_day) as u64)
            .or_default()
            .push("cadences");
    }
    let base = session_start_ms(0);
    let starts: Vec<i64> = conn
        .prepare("SELECT start_utc_ms FROM sessions")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for start in starts {
        let n = (start - base) / 3_600_000;
        assert_eq!(session_start_ms(n as u64), start, "a session out of step");
        found.entry(n as u64).or_default().push("sessions");
    }
    check_links(&conn);
    found
}

/// What the markers alone do not show: a multi-row command's rows belong together, and a
/// replaced cadence was ended in the same step that added its successor.
fn check_links(conn: &Connection) {
    let split_points: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT substr(text, 1, instr(text, ' ')) AS n
             FROM talking_points GROUP BY n HAVING count(DISTINCT session_id) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        split_points, 0,
        "a command's talking points in two sessions"
    );
    let open_cadences: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT rep_id FROM cadences WHERE ended_utc_ms IS NULL
             GROUP BY rep_id HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open_cadences, 0, "a rep with two cadences that never ended");
    let ended_last: i64 = conn
        .query_row(
            "SELECT count(*) FROM cadences c WHERE ended_utc_ms IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM cadences d
                             WHERE d.rep_id = c.rep_id AND d.start_day > c.start_day)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ended_last, 0, "a rep's newest cadence was ended");
}

/// The lines the writer printed, as acknowledged command numbers, read on a thread so the
/// test can kill the writer while it runs.
fn acks_of(child: &mut Child) -> Receiver<u64> {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let n = line.strip_prefix("ack ").unwrap().parse().unwrap();
            if send.send(n).is_err() {
                return;
            }
        }
    });
    receive
}

/// Waits for the next acknowledgement; panics (with the writer's error) if it stopped.
fn next_ack(acks: &Receiver<u64>, child: &mut Child, stderr: &Path) -> u64 {
    match acks.recv_timeout(Duration::from_secs(30)) {
        Ok(n) => n,
        Err(RecvTimeoutError::Timeout) => panic!("the writer acknowledged nothing for 30 s"),
        Err(RecvTimeoutError::Disconnected) => {
            let status = child.wait().unwrap();
            panic!(
                "the writer stopped by itself ({status}): {}",
                std::fs::read_to_string(stderr).unwrap_or_default()
            )
        }
    }
}

#[derive(Default)]
struct Figures {
    cycles: u64,
    acknowledged: u64,
    /// Kills that landed after a commit and before its "ack" was read or printed.
    committed_unacknowledged: u64,
    /// Kills before the writer committed anything in that cycle (while opening).
    during_open: u64,
}

#[test]
fn killed_writers_lose_no_acknowledged_command_and_leave_none_in_part() {
    let cycles: u64 = std::env::var("CRASH_CYCLES")
        .ok()
        .map_or(200, |v| v.parse().unwrap());
    kill_cycles(cycles, None);
}

/// The same on an encrypted file (a shorter run: the cipher changes how pages are
/// written, not the journal's guarantees).
#[test]
fn killed_writers_of_an_encrypted_file_lose_nothing_either() {
    let cycles: u64 = std::env::var("CRASH_ENCRYPTED_CYCLES")
        .ok()
        .map_or(40, |v| v.parse().unwrap());
    kill_cycles(cycles, Some("crash test passphrase"));
}

fn kill_cycles(cycles: u64, key: Option<&str>) {
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .map_or(20_261_120, |v| v.parse().unwrap());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let stderr_path = dir.path().join("writer.stderr");
    // The binary as built now: a rebuild during a long run must not swap it half-way.
    let writer = dir.path().join("coachbook");
    std::fs::hard_link(env!("CARGO_BIN_EXE_coachbook"), &writer)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_coachbook"), &writer).map(drop))
        .unwrap();
    let started = Instant::now();
    let mut figures = Figures::default();
    // The number of commands the file holds: the next writer starts there.
    let mut committed = 0_u64;
    let key_file = dir.path().join("key");
    if let Some(key) = key {
        std::fs::write(&key_file, key).unwrap();
        std::fs::set_permissions(
            &key_file,
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
    }

    for cycle in 0..cycles {
        let mut child = Command::new(&writer)
            .args(["crash-writer", "--from", &committed.to_string(), "--db"])
            .arg(&path)
            .args(key.map(|_| "--key-file"))
            .args(key.map(|_| &key_file))
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap();
        let acks = acks_of(&mut child);
        let mut last_ack = None;
        // Three ways to choose the moment: any time from the start (so some kills land
        // while the file opens), right after the k-th commit, or a few ms into writing.
        match cycle % 4 {
            0 => std::thread::sleep(Duration::from_micros(rng.random_range(0..50_000))),
            1 => {
                for _ in 0..rng.random_range(1..40) {
                    last_ack = Some(next_ack(&acks, &mut child, &stderr_path));
                }
            }
            _ => {
                last_ack = Some(next_ack(&acks, &mut child, &stderr_path));
                std::thread::sleep(Duration::from_micros(rng.random_range(0..20_000)));
            }
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "the writer ended before the kill ({status}): {}",
            std::fs::read_to_string(&stderr_path).unwrap_or_default()
        );
        // Everything printed before the kill is acknowledged, even if not yet read.
        last_ack = acks.iter().last().or(last_ack);
        let acknowledged = last_ack.map_or(committed, |n| {
            assert!(n >= committed, "acknowledged {n}, started at {committed}");
            n + 1
        });

        let found = found_rows(&path, key);
        let now_committed = found.keys().next_back().map_or(0, |n| n + 1);
        assert!(
            now_committed == acknowledged || now_committed == acknowledged + 1,
            "cycle {cycle}: commands up to {acknowledged} acknowledged, the file holds {now_committed}"
        );
        for n in 0..now_committed {
            let mut rows = found.get(&n).cloned().unwrap_or_default();
            rows.sort_unstable();
            assert_eq!(
                rows,
                expected_rows(n),
                "cycle {cycle}: command {n} (acknowledged up to {acknowledged}) is not whole"
            );
        }
        figures.cycles += 1;
        figures.acknowledged += acknowledged - committed;
        figures.committed_unacknowledged += now_committed - acknowledged;
        if now_committed == committed {
            figures.during_open += 1;
        }
        committed = now_committed;
    }

    if key.is_some() {
        assert_eq!(
            coachbook::store::sealing(&path),
            coachbook::store::Sealing::Encrypted
        );
    }
    eprintln!(
        "crash: {} kill cycles (seed {seed}) in {:.1} s; {} commands acknowledged, 0 lost, \
         none in part; {} kills between a commit and its ack; {} kills before the first \
         commit of their run; the file holds {committed} commands",
        figures.cycles,
        started.elapsed().as_secs_f64(),
        figures.acknowledged,
        figures.committed_unacknowledged,
        figures.during_open,
    );
    assert!(figures.acknowledged > 0);
}
