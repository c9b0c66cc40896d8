//! The window shown when the data file cannot be opened: the reason in plain words, and
//! what to do, instead of a window that silently never appears. When the file was
//! damaged (and moved aside), it offers the newest backup that passes its check, or a new
//! empty file, and goes on into Coachbook from there.

use std::path::PathBuf;

use super::App;
use crate::clock::SystemClock;
use crate::domain::passphrase::Passphrase;
use crate::store::{Store, backup};

/// A damaged file was moved aside: what can take its place.
pub struct Recovery {
    pub data_path: PathBuf,
    /// Newest first.
    pub backups: Vec<backup::BackupFile>,
    /// The passphrase the damaged file opened with: its backups, and a new file in its
    /// place, are encrypted with it too.
    pub key: Option<Passphrase>,
}

pub struct StartupError {
    message: String,
    recovery: Option<Recovery>,
    /// What went wrong with the last recovery attempt.
    failure: Option<String>,
    /// Coachbook itself, once a backup or a new file is open.
    app: Option<App>,
}

impl StartupError {
    pub fn new(message: String) -> StartupError {
        StartupError {
            message,
            recovery: None,
            failure: None,
            app: None,
        }
    }

    pub fn with_recovery(message: String, recovery: Recovery) -> StartupError {
        StartupError {
            recovery: Some(recovery),
            ..StartupError::new(message)
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// Coachbook itself, once the manager chose a backup or a new file.
    pub fn app(&self) -> Option<&App> {
        self.app.as_ref()
    }

    /// Restores the newest backup that passes its check (a damaged one is skipped), then
    /// opens Coachbook on it.
    fn restore_newest(&mut self) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        let mut problems = Vec::new();
        for file in &recovery.backups {
            match backup::restore_closed_file(
                &recovery.data_path,
                &file.path,
                chrono::Utc::now(),
                recovery.key.as_ref(),
            ) {
                Ok(_) => {
                    self.open(&recovery.data_path.clone());
                    return;
                }
                Err(err) => problems.push(err.to_string()),
            }
        }
        self.failure = Some(format!(
            "No backup could be restored: {}",
            problems.join(" ")
        ));
    }

    fn open(&mut self, path: &std::path::Path) {
        let key = self.recovery.as_ref().and_then(|r| r.key.clone());
        match Store::open_with(path, key)
            .map_err(anyhow::Error::from)
            .and_then(|store| App::new(store, Box::new(SystemClock)))
        {
            Ok(app) => self.app = Some(app),
            Err(err) => self.failure = Some(err.to_string()),
        }
    }
}

impl eframe::App for StartupError {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let Some(app) = self.app.as_mut() {
            app.ui(ui, frame);
            return;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(560.0);
                ui.heading("Coachbook could not open its data file");
                ui.add_space(12.0);
                ui.label(&self.message);
                ui.add_space(12.0);
                match &self.recovery {
                    Some(recovery) => {
                        let newest = recovery.backups.first().map(|b| {
                            b.taken
                                .with_timezone(&chrono::Local)
                                .format("%-d %b %Y %H:%M")
                                .to_string()
                        });
                        let mut restore = false;
                        let mut fresh = false;
                        ui.horizontal(|ui| {
                            if let Some(when) = newest {
                                restore = ui
                                    .button(format!("Restore the backup of {when}"))
                                    .on_hover_text(
                                        "The newest backup that passes its check takes the damaged file's place",
                                    )
                                    .clicked();
                            }
                            fresh = ui
                                .button("Start with a new empty file")
                                .on_hover_text("A new data file in the damaged one's place")
                                .clicked();
                        });
                        if recovery.backups.is_empty() {
                            ui.weak("There is no backup of this file to restore.");
                        }
                        if restore {
                            self.restore_newest();
                        } else if fresh {
                            let path = recovery.data_path.clone();
                            self.open(&path);
                        }
                    }
                    None => {
                        ui.label(
                            "Start Coachbook with --db PATH to use another file. Nothing was changed.",
                        );
                    }
                }
                if let Some(failure) = &self.failure {
                    ui.colored_label(ui.visuals().error_fg_color, failure);
                }
                ui.add_space(20.0);
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }
}
