//! Samples to figures: medians and 95th percentiles in milliseconds, and the thread's own
//! CPU clock, which other processes on a busy machine do not move.

use std::time::Duration;

use serde_json::{Value, json};

/// The median and the 95th percentile of one measurement, in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    pub median: f64,
    pub p95: f64,
}

impl Figure {
    pub fn of(mut samples: Vec<f64>) -> Figure {
        assert!(!samples.is_empty(), "a figure needs samples");
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        Figure {
            median: at(0.5),
            p95: at(0.95),
        }
    }

    /// Times `runs` calls of `work` on the wall clock.
    pub fn wall(runs: usize, work: impl FnMut()) -> Figure {
        Figure::of(wall_samples(runs, work))
    }

    pub fn json(self) -> Value {
        json!({ "median_ms": round(self.median), "p95_ms": round(self.p95) })
    }
}

/// Each of `runs` calls of `work` timed on the wall clock, in milliseconds, for figures
/// that pool the samples of several rounds.
pub fn wall_samples(runs: usize, mut work: impl FnMut()) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let started = std::time::Instant::now();
            work();
            ms(started.elapsed())
        })
        .collect()
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Three decimals are more than the noise allows, and keep the JSON readable.
pub fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `a / b`, rounded; a zero floor (an instant query) counts as a thousandth of a ms, so
/// the ratio stays a finite number.
pub fn ratio(a: f64, b: f64) -> f64 {
    round(a / b.max(0.001))
}

/// CPU time this thread has used, in milliseconds.
pub fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write into.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "the thread CPU clock is readable on Linux");
    t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
}

/// This process's peak resident memory so far (VmHWM), in megabytes.
pub fn own_peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| round(kb / 1024.0))
}
