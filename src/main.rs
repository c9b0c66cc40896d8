//! Parses the command line, then runs a subcommand or opens the window.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use coachbook::cli::{Cli, error_text, read_key_file, resolve_db, run_command};
use coachbook::domain::passphrase::Passphrase;
use coachbook::export::terminal::shown_lines;

/// The process ends through `exit_process`, which skips the C exit handlers: SQLCipher's
/// would tear itself down under a thread still using an encrypted file.
fn main() {
    coachbook::store::connect::exit_process(status_of(run()))
}

/// The number the operating system is given for `code`.
fn status_of(code: ExitCode) -> i32 {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, i32::from)
}

fn run() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    let key = match cli.key_file.as_deref().map(read_key_file).transpose() {
        Ok(key) => key,
        Err(err) => return finish(Err(err)),
    };
    if let Some(file) = cli.file.clone() {
        return finish(open_file(
            &file,
            key,
            cli.quit_after_first_frame.then_some(started),
        ));
    }
    if let Some(url) = cli.org.clone() {
        let password = coachbook::org::PasswordSource {
            file: cli.org_password_file.clone(),
            prompt: true,
        };
        if cli.rep {
            return finish(coachbook::repview::online::run_rep_online(
                &url,
                cli.org_ca_file.as_deref(),
                &password,
            ));
        }
        return finish(coachbook::leader::run_leader_view(
            &url,
            cli.org_ca_file.as_deref(),
            &password,
        ));
    }
    let db = cli.db.clone();
    let probe = cli.quit_after_first_frame.then_some(started);
    let result = run_command(cli, &mut std::io::stdout()).and_then(|code| match code {
        Some(code) => Ok(code),
        None => resolve_db(db).and_then(|path| coachbook::app::run_window(&path, key, probe)),
    });
    finish(result)
}

/// A rep file (by its name or its content) opens in the rep view; any other file is taken
/// as a data file.
fn open_file(
    file: &Path,
    key: Option<Passphrase>,
    probe: Option<Instant>,
) -> anyhow::Result<ExitCode> {
    let is_rep_file = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(coachbook::repfile::EXTENSION))
        || coachbook::repfile::has_rep_file_header(file);
    if is_rep_file {
        coachbook::repview::run_rep_view(file)
    } else {
        coachbook::app::run_window(file, key, probe)
    }
}

fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) => {
            // Errors quote file names and file contents: shown, never obeyed.
            eprintln!("coachbook: {}", shown_lines(&error_text(&err)));
            ExitCode::FAILURE
        }
    }
}
