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

/// A message fit for a person: none of SQLite's (or the system's) own words, and no
/// sentence said twice ("X.: X.").
#[track_caller]
pub fn assert_clean_message(message: &str) {
    for raw in [
        "Error code",
        "unable to open database",
        "SQLITE_",
        "disk I/O error",
        "database or disk is full",
        "database disk image",
        "attempt to write a readonly",
        "(os error",
        ".: ",
    ] {
        assert!(!message.contains(raw), "{raw:?} in: {message}");
    }
    let sentences: Vec<&str> = message
        .split(". ")
        .map(|s| s.trim().trim_end_matches('.'))
        .filter(|s| !s.is_empty())
        .collect();
    for (i, sentence) in sentences.iter().enumerate() {
        assert!(
            !sentences[i + 1..].contains(sentence),
            "{sentence:?} twice in: {message}"
        );
    }
}

/// The command failed, its message says `words`, and says it cleanly.
#[track_caller]
pub fn assert_refused_cleanly(out: &Output, words: &str) {
    assert_refused(out, words);
    assert_clean_message(&text(&out.stderr));
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
