//! The preview of a roster file: every line with its problems, and an import that stays
//! disabled until the file is clean, so a roster goes in whole or not at all.

use std::path::PathBuf;

use egui::RichText;

use super::style;
use super::{Origin, View};
use crate::domain::error::excerpt;
use crate::domain::roster_import::RosterCheck;
use crate::ops::Command;

/// A checked roster file, as the window shows it.
#[derive(Clone, Debug)]
pub struct RosterPreview {
    pub path: PathBuf,
    /// The checked lines, or why the file could not be read as a roster at all.
    pub check: Result<RosterCheck, String>,
    /// Why the import itself failed (the roster changed since the check, or the file did).
    pub error: Option<String>,
    /// What the preview shows of the check, worked out once: a roster can have 100,000
    /// lines, too many to count in every frame.
    digest: Digest,
}

#[derive(Clone, Debug, Default)]
struct Digest {
    summary: String,
    ready: bool,
    /// The lines laid out: the first with problems, or the first of a clean file.
    shown: Vec<usize>,
    /// Says which lines are shown when not all of them are.
    heading: Option<String>,
}

impl RosterPreview {
    pub fn new(path: PathBuf, check: Result<RosterCheck, String>) -> RosterPreview {
        let digest = check.as_ref().map(digest).unwrap_or_default();
        RosterPreview {
            path,
            check,
            error: None,
            digest,
        }
    }
}

/// The most lines the preview lays out: a roster of 100,000 lines is summed up, and its
/// first lines with problems shown, rather than drawn whole in every frame.
const SHOWN_LINES: usize = 200;

fn digest(check: &RosterCheck) -> Digest {
    let with_problems = check.lines_with_problems();
    let long = check.lines.len() > SHOWN_LINES;
    let only_problems = long && with_problems > 0;
    let shown: Vec<usize> = (0..check.lines.len())
        .filter(|&i| !only_problems || !check.lines[i].problems.is_empty())
        .take(SHOWN_LINES)
        .collect();
    let of = if only_problems {
        with_problems
    } else {
        check.lines.len()
    };
    let what = if only_problems {
        "lines with problems"
    } else {
        "lines"
    };
    Digest {
        summary: check.summary(),
        ready: check.is_ready(),
        heading: (of > shown.len()).then(|| format!("The first {} of {of} {what}:", shown.len())),
        shown,
    }
}

pub fn roster_preview_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(preview) = view.state.exchange.roster_preview.as_ref() else {
        return;
    };
    let mut cancel = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let mut choose_again = false;
    let mut import = None;
    egui::Window::new("Import roster")
        .id(egui::Id::unique("roster_preview"))
        .collapsible(false)
        .resizable(true)
        .default_width(760.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ui.ctx(), |ui| {
            ui.weak(preview.path.display().to_string());
            ui.add_space(6.0);
            let ready = match &preview.check {
                Ok(check) => {
                    let digest = &preview.digest;
                    let color = if digest.ready {
                        style::success(ui.visuals())
                    } else {
                        style::danger(ui.visuals())
                    };
                    ui.colored_label(color, RichText::new(&digest.summary).strong());
                    ui.add_space(6.0);
                    lines_ui(ui, check, digest);
                    digest.ready
                }
                Err(message) => {
                    ui.colored_label(style::danger(ui.visuals()), message);
                    false
                }
            };
            if let Some(error) = &preview.error {
                ui.colored_label(style::danger(ui.visuals()), error);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let count = preview.check.as_ref().map_or(0, |c| c.lines.len());
                let label = format!("Import {count} {}", if count == 1 { "rep" } else { "reps" });
                if ui
                    .add_enabled(ready, egui::Button::new(label))
                    .on_hover_text("Add every rep of the file in one step (Ctrl+Z undoes it)")
                    .on_disabled_hover_text("Fix the problems in the file, then choose it again.")
                    .clicked()
                {
                    import = preview.check.as_ref().ok().and_then(RosterCheck::drafts);
                }
                choose_again = ui
                    .button("Choose another file...")
                    .on_hover_text("Check another roster file, or this one again after fixing it")
                    .clicked();
                cancel |= ui
                    .button("Cancel")
                    .on_hover_text("Close without adding anyone (Escape)")
                    .clicked();
            });
        });
    if let Some(drafts) = import {
        view.apply(Command::ImportRoster(drafts), Origin::RosterImport);
    } else if choose_again {
        if let Some(file) = rfd::FileDialog::new()
            .add_filter("CSV", &["csv", "txt"])
            .pick_file()
        {
            view.request(super::Request::CheckRoster(file));
        }
    } else if cancel {
        view.state.exchange.roster_preview = None;
    }
}

/// One row per line: where it is in the file, what it says, and what is wrong with it.
/// A longer file shows its first lines with problems, or its first lines when clean.
fn lines_ui(ui: &mut egui::Ui, check: &RosterCheck, digest: &Digest) {
    if let Some(heading) = &digest.heading {
        ui.weak(heading);
    }
    egui::ScrollArea::vertical()
        .max_height(380.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("roster_preview_lines")
                .striped(true)
                .num_columns(6)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    for title in ["Line", "Name", "Role", "Email", "Start date", "Problems"] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for checked in digest.shown.iter().map(|&i| &check.lines[i]) {
                        let line = &checked.line;
                        ui.label(line.line.to_string());
                        for cell in [&line.name, &line.role, &line.email, &line.start_date] {
                            if cell.trim().is_empty() {
                                ui.weak("-");
                            } else {
                                ui.label(excerpt(cell));
                            }
                        }
                        ui.vertical(|ui| {
                            if checked.problems.is_empty() {
                                ui.colored_label(style::success(ui.visuals()), "ready");
                            }
                            for problem in &checked.problems {
                                ui.colored_label(
                                    style::danger(ui.visuals()),
                                    format!("Line {}: {problem}", line.line),
                                );
                            }
                        });
                        ui.end_row();
                    }
                });
        });
}
