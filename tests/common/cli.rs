//! Running the binary as a user would, for the command-line tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn coachbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(args)
        .env_remove("COACHBOOK_DB")
        .output()
        .expect("the binary runs")
}

pub fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The command succeeded; its standard output.
#[track_caller]
pub fn assert_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// The command failed and its message says `words`.
#[track_caller]
pub fn assert_refused(out: &Output, words: &str) {
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(words), "{}", text(&out.stderr));
}

/// `demo.db` in `dir`, written by the `demo` command with `extra` arguments.
pub fn demo_file(dir: &tempfile::TempDir, extra: &[&str]) -> PathBuf {
    let db = dir.path().join("demo.db");
    let mut args = vec!["demo", "--db", arg(&db)];
    args.extend_from_slice(extra);
    assert_ok(&coachbook(&args));
    db
}
