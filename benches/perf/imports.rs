//! Imports as a user runs them, through the real binary: a roster of many lines checked
//! (`--dry-run`) and imported, the large file's archive imported into a new file, and an
//! oversized archive and roster refused. Each run's time is its wall clock and its memory
//! the child's own high-water mark (VmHWM), sampled every few milliseconds while it runs:
//! the peak `wait4` reports would carry the bench's own size, which a child spawned
//! from it keeps as its starting peak across `exec`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coachbook::store::Store;
use serde_json::{Value, json};

use super::stats::round;

/// One run of the binary: whether it succeeded, its wall time and its peak memory.
pub struct Run {
    pub ok: bool,
    pub ms: f64,
    pub peak_mb: f64,
}

impl Run {
    pub fn json(&self) -> Value {
        json!({ "ok": self.ok, "ms": round(self.ms), "peak_mb": round(self.peak_mb) })
    }
}

/// What the imports measured.
pub struct Imports {
    pub roster_lines: usize,
    pub roster_check: Run,
    pub roster_import: Run,
    pub archive_mb: f64,
    pub archive_import: Run,
    pub oversized_archive: Run,
    pub oversized_roster: Run,
}

fn run(binary: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .env_remove("COACHBOOK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the coachbook binary starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0_f64;
    let status = loop {
        peak_kb = peak_kb.max(high_water_kb(&status_file));
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        ok: status.success(),
        ms: started.elapsed().as_secs_f64() * 1e3,
        peak_mb: peak_kb / 1024.0,
    }
}

/// The VmHWM of a running process, in kilobytes; 0 once it has exited.
fn high_water_kb(status_file: &str) -> f64 {
    std::fs::read_to_string(status_file)
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("the scratch paths are text")
}

/// A new data file (the default framework, no reps) at `path`, nothing left of an old one.
fn fresh(path: &Path) {
    remove(path);
    drop(Store::open(path).expect("a new data file"));
}

/// Removes the data file at `path` and its journal; its backups stay with the others.
fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// A roster of `lines` distinct reps, with roles, addresses and start dates.
fn write_roster(path: &Path, lines: usize) {
    let mut text = String::from("name,role,email,start date\n");
    for i in 0..lines {
        text.push_str(&format!(
            "Rep {i:07},{},rep.{i}@example.com,2025-{:02}-{:02}\n",
            ["AE", "SDR", "AM"][i % 3],
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    std::fs::write(path, text).expect("the roster file");
}

/// A sparse file of `bytes`: no disk used, and refused from its size alone if the
/// importer keeps its word (reading it would take seconds and find no JSON or CSV).
fn sparse(path: &Path, bytes: u64) {
    std::fs::File::create(path)
        .and_then(|f| f.set_len(bytes))
        .expect("a sparse file");
}

pub fn measure(binary: &Path, large: &Path, work: &Path, roster_lines: usize) -> Imports {
    let db = work.join("import-target.db");
    let roster = work.join("roster.csv");
    write_roster(&roster, roster_lines);
    fresh(&db);
    let roster_args = ["--db", arg(&db), "import-roster", "--in", arg(&roster)];
    let roster_check = run(binary, &[&roster_args[..], &["--dry-run"]].concat());
    let roster_import = run(binary, &roster_args);

    let archive = work.join("large.json");
    let exported = run(
        binary,
        &["--db", arg(large), "export-json", "--out", arg(&archive)],
    );
    assert!(exported.ok, "the large file exports");
    let archive_mb = std::fs::metadata(&archive).map_or(0, |m| m.len()) as f64 / 1048576.0;
    remove(&db);
    let archive_import = run(
        binary,
        &["--db", arg(&db), "import-json", "--in", arg(&archive)],
    );

    let huge = work.join("huge.json");
    sparse(&huge, 300 * 1024 * 1024);
    remove(&db);
    let oversized_archive = run(
        binary,
        &["--db", arg(&db), "import-json", "--in", arg(&huge)],
    );
    assert!(!db.exists(), "a refused archive creates no data file");
    let huge_roster = work.join("huge.csv");
    sparse(&huge_roster, coachbook::exchange::roster_csv::MAX_BYTES + 1);
    fresh(&db);
    let oversized_roster = run(
        binary,
        &["--db", arg(&db), "import-roster", "--in", arg(&huge_roster)],
    );
    for scratch in [&roster, &archive, &huge, &huge_roster] {
        let _ = std::fs::remove_file(scratch);
    }
    remove(&db);
    Imports {
        roster_lines,
        roster_check,
        roster_import,
        archive_mb: round(archive_mb),
        archive_import,
        oversized_archive,
        oversized_roster,
    }
}

impl Imports {
    pub fn json(&self) -> Value {
        json!({
            "roster": {
                "lines": self.roster_lines,
                "check": self.roster_check.json(),
                "check_and_import": self.roster_import.json(),
            },
            "archive_of_large_file": {
                "size_mb": self.archive_mb,
                "check_and_import": self.archive_import.json(),
            },
            "refused": {
                "archive_300_mb": self.oversized_archive.json(),
                "roster_over_16_mb": self.oversized_roster.json(),
            },
        })
    }
}
