//! Start-up as a user meets it: the real `coachbook` binary opens its window (under Xvfb
//! when there is no display), reports its first frame and the moment its data has loaded
//! (`--quit-after-first-frame`), and closes; its peak memory comes from the kernel.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::stats::Figure;

/// A display for the window: the session's own, or an Xvfb this bench started and stops.
pub struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    pub fn open() -> Display {
        if let Ok(name) = std::env::var("DISPLAY")
            && !name.is_empty()
        {
            return Display { name, xvfb: None };
        }
        let number = (90..200)
            .find(|d| {
                !Path::new(&format!("/tmp/.X{d}-lock")).exists()
                    && !Path::new(&format!("/tmp/.X11-unix/X{d}")).exists()
            })
            .expect("a free X display number");
        let name = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([&name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("no DISPLAY is set and Xvfb could not start: install xvfb");
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Display {
            name,
            xvfb: Some(xvfb),
        }
    }
}

impl Drop for Display {
    /// Stops our Xvfb with SIGTERM, on which it removes its lock file and socket; killed
    /// outright it would leave them, and its display number taken, in /tmp.
    fn drop(&mut self) {
        if let Some(xvfb) = self.xvfb.as_mut() {
            // SAFETY: a plain signal to a child this bench started and has not reaped.
            unsafe { libc::kill(xvfb.id() as libc::pid_t, libc::SIGTERM) };
            let _ = xvfb.wait();
        }
    }
}

/// One window's start-up: milliseconds from the process's start to its first frame and
/// to its data loaded, and its peak resident memory.
struct Run {
    first_frame_ms: f64,
    settled_ms: f64,
    peak_mb: f64,
}

/// The figures of `runs` start-ups on one data file.
pub struct Startup {
    pub first_frame: Figure,
    pub settled: Figure,
    pub peak_mb: f64,
}

pub fn measure(binary: &Path, display: &Display, data: &Path, runs: usize) -> Startup {
    let runs: Vec<Run> = (0..runs).map(|_| run(binary, display, data)).collect();
    Startup {
        first_frame: Figure::of(runs.iter().map(|r| r.first_frame_ms).collect()),
        settled: Figure::of(runs.iter().map(|r| r.settled_ms).collect()),
        peak_mb: runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max),
    }
}

#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak memory"
)]
fn run(binary: &Path, display: &Display, data: &Path) -> Run {
    let mut child = Command::new(binary)
        .arg("--db")
        .arg(data)
        .arg("--quit-after-first-frame")
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the coachbook binary starts");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut stderr)
        .expect("the window's report is readable");
    let (status, peak_kb) = wait_with_peak(child.id());
    let line = |prefix: &str| -> f64 {
        stderr
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|rest| rest.trim_end_matches(" ms").parse().ok())
            .unwrap_or_else(|| {
                panic!("the window did not report \"{prefix}\" (exit {status}):\n{stderr}")
            })
    };
    Run {
        first_frame_ms: line("first frame after "),
        settled_ms: line("settled after "),
        peak_mb: peak_kb as f64 / 1024.0,
    }
}

/// Waits for the child `pid` and returns its exit status and its peak resident memory in
/// kilobytes, which only `wait4` reports for one child on its own.
fn wait_with_peak(pid: u32) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not waited for yet; both pointers are valid.
    let rc = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid as libc::pid_t, "waiting for the window failed");
    (status, usage.ru_maxrss)
}
