//! Issue 9's benchmark: one run, one JSON object on stdout with every figure, its budget
//! and whether it is met.
//!
//!     cargo bench --bench perf
//!
//! The large file is COACHBOOK_BENCH_DB, or `perf-large.db` in the target folder, written
//! once by `coachbook demo --size large` (50 reps, 40 skills, ten years). COACHBOOK_BENCH_RUNS
//! and COACHBOOK_BENCH_FRAMES change the repetitions (default 15 and 200), and
//! COACHBOOK_BENCH_ROSTER_LINES the roster imported (default 100,000 lines). Progress goes
//! to stderr.

#[path = "perf/mod.rs"]
mod perf;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The large data file, written by the release binary the first time.
fn large_file(binary: &str) -> PathBuf {
    if let Some(path) = std::env::var_os("COACHBOOK_BENCH_DB") {
        return PathBuf::from(path);
    }
    let path = target_dir().join("perf-large.db");
    if !path.exists() {
        eprintln!("writing {} (once)...", path.display());
        let started = Instant::now();
        let status = Command::new(binary)
            .arg("--db")
            .arg(&path)
            .args(["demo", "--size", "large", "--today", "2026-11-20"])
            // Its "Wrote ..." line is progress: stdout carries only the JSON.
            .stdout(std::process::Stdio::from(std::io::stderr()))
            .status()
            .expect("coachbook demo runs");
        assert!(status.success(), "coachbook demo --size large failed");
        eprintln!("  in {:.1} s", started.elapsed().as_secs_f64());
    }
    path
}

fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let binary = env!("CARGO_BIN_EXE_coachbook");
    let config = perf::Config {
        large: large_file(binary),
        binary: PathBuf::from(binary),
        work: target_dir().join("perf-work"),
        runs: count("COACHBOOK_BENCH_RUNS", 15),
        frames: count("COACHBOOK_BENCH_FRAMES", 200),
        roster_lines: count("COACHBOOK_BENCH_ROSTER_LINES", 100_000),
    };
    let report = perf::run(&config);
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("the report is JSON")
    );
}
