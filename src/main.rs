//! Parses the command line, then runs a subcommand or opens the window.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use coachbook::cli::{Cli, resolve_db, run_command};

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    let db = cli.db.clone();
    let probe = cli.quit_after_first_frame.then_some(started);
    let result = run_command(cli, &mut std::io::stdout()).and_then(|code| match code {
        Some(code) => Ok(code),
        None => resolve_db(db).and_then(|path| coachbook::app::run_window(&path, probe)),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("coachbook: {err:#}");
            ExitCode::FAILURE
        }
    }
}
