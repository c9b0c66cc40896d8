//! Parses the command line, then runs a subcommand or opens the window.

use std::process::ExitCode;

use clap::Parser;
use coachbook::cli::{Cli, resolve_db, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli.db.clone();
    let result = run_command(cli, &mut std::io::stdout()).and_then(|code| match code {
        Some(code) => Ok(code),
        None => resolve_db(db).and_then(|path| coachbook::app::run_window(&path)),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("coachbook: {err:#}");
            ExitCode::FAILURE
        }
    }
}
