//! Opening the window: on the data file, read-only beside another window on it, or on
//! the reason it cannot open.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::anyhow;

use chrono::{DateTime, Utc};

use super::App;
use super::startup_error::{Recovery, StartupError};
use crate::clock::SystemClock;
use crate::domain::passphrase::Passphrase;
use crate::store::{self, Store, StoreError};
use crate::ui;

/// The window for a file that cannot be opened. A damaged one is first moved aside,
/// untouched, and the window offers its newest backup or a new file in its place.
pub fn startup_error(
    path: &Path,
    key: Option<Passphrase>,
    err: &store::StoreError,
    now: DateTime<Utc>,
) -> StartupError {
    let store::StoreError::Damaged { detail, .. } = err else {
        return StartupError::new(err.to_string());
    };
    let name = path.display();
    match store::recovery::move_aside(path, now) {
        Ok(moved) => {
            let mut backups = store::backup::list(path).unwrap_or_default();
            backups.reverse();
            StartupError::with_recovery(
                format!(
                    "{name} is damaged ({detail}). Coachbook did not write to it: it moved it, \
                     exactly as it was, to {}.",
                    moved.display()
                ),
                Recovery {
                    data_path: path.to_owned(),
                    backups,
                    key,
                },
            )
        }
        Err(move_err) => StartupError::new(format!(
            "{name} is damaged ({detail}). Coachbook did not write to it, and could not move it \
             aside either: {move_err}"
        )),
    }
}

/// A window titled after the file it shows, so two Coachbook windows can be told apart.
pub fn window_options(path: &Path, size: [f32; 2], min_size: [f32; 2]) -> eframe::NativeOptions {
    let title = format!(
        "Coachbook - {}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("coachbook")
            .with_inner_size(size)
            .with_min_inner_size(min_size),
        ..Default::default()
    }
}

/// Opens the window on the data file at `path`, encrypted with `key` when one is given
/// (from `--key-file`). An encrypted file opened without one uses the passphrase this
/// computer's keychain remembers, or asks for it. A file that cannot be opened is
/// explained in a window of its own (and on stderr), never with a panic. With
/// `startup_probe`, the window reports its first frame and the moment its data has
/// loaded, then closes (for measuring start-up).
pub fn run_window(
    path: &Path,
    key: Option<Passphrase>,
    startup_probe: Option<Instant>,
) -> anyhow::Result<ExitCode> {
    // First, before any thread starts: a stop request then closes the window cleanly.
    let stop = super::StopSignals::catch();
    // Through a link, the file it leads to is the one opened, and moved aside if damaged.
    let path = &crate::files::resolve_links(path).unwrap_or_else(|_| path.to_owned());
    // A measured start begins from the same window every time.
    let memory = if startup_probe.is_some() {
        super::WindowMemory::default()
    } else {
        super::WindowMemory::load()
    };
    let mut options = window_options(path, [1240.0, 800.0], [760.0, 500.0]);
    if let Some(size) = memory.inner_size {
        options.viewport = options.viewport.with_inner_size(size);
    }
    if let Some(position) = memory.outer_position {
        options.viewport = options.viewport.with_position(position);
    }
    // Upgrading an older file takes seconds when it is large: the window shows it.
    if startup_probe.is_none() && Store::needs_upgrade(path, key.as_ref()) {
        let theme = memory.theme();
        let upgrading = super::Unlock::upgrading(path, key, Some(memory));
        return run_window_of(options, stop, theme, Box::new(upgrading));
    }
    // A second window on the same file reads it, and says it only reads. A damaged file
    // is moved aside untouched, and the window says so.
    let (store, key) = match Store::open_or_read_with(path, key.clone()) {
        Err(StoreError::NeedsPassphrase { .. }) => match open_remembered(path) {
            Remembered::Opened(store, remembered) => (store, Some(remembered)),
            Remembered::Ask(problem) => {
                let theme = memory.theme();
                let unlock = super::Unlock::new(path, problem, Some(memory));
                return run_window_of(options, stop, theme, Box::new(unlock));
            }
        },
        other => (other, key),
    };
    let result = match store {
        Ok(store) => eframe::run_native(
            "Coachbook",
            options,
            Box::new(move |cc| {
                stop.window_opened(&cc.egui_ctx);
                let mut app = App::from_creation(cc, store, Box::new(SystemClock))?;
                if startup_probe.is_none() {
                    app.remember(&cc.egui_ctx, memory);
                }
                app.startup_probe = startup_probe.map(super::frame::StartupProbe::new);
                Ok(Box::new(app))
            }),
        ),
        Err(err) => {
            let window = startup_error(path, key, &err, Utc::now());
            eprintln!(
                "coachbook: {}",
                crate::export::terminal::shown_lines(window.message())
            );
            return run_window_of(options, stop, memory.theme(), Box::new(window));
        }
    };
    result.map_err(|e| anyhow!("The Coachbook window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// What the keychain did for an encrypted file.
enum Remembered {
    Opened(Result<Store, StoreError>, Passphrase),
    /// Ask for the passphrase; with why, when a remembered one no longer opens the file.
    Ask(Option<String>),
}

fn open_remembered(path: &Path) -> Remembered {
    let Some(key) = crate::keychain::recall(path) else {
        return Remembered::Ask(None);
    };
    match Store::open_or_read_with(path, Some(key.clone())) {
        Err(StoreError::WrongPassphrase { .. }) => Remembered::Ask(Some(
            "The passphrase this computer's keychain remembers no longer opens the file. \
             Type the current one."
                .to_owned(),
        )),
        other => Remembered::Opened(other, key),
    }
}

/// A window that is not (yet) Coachbook itself: the passphrase asked for, or why the file
/// cannot open. In Coachbook's style and the theme chosen on this computer.
fn run_window_of(
    options: eframe::NativeOptions,
    stop: super::StopSignals,
    theme: Option<egui::ThemePreference>,
    window: Box<dyn eframe::App>,
) -> anyhow::Result<ExitCode> {
    eframe::run_native(
        "Coachbook",
        options,
        Box::new(move |cc| {
            stop.window_opened(&cc.egui_ctx);
            ui::style::apply(&cc.egui_ctx);
            if let Some(theme) = theme {
                cc.egui_ctx.set_theme(theme);
            }
            Ok(window)
        }),
    )
    .map_err(|e| anyhow!("The Coachbook window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
