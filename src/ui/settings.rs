//! Settings: where the data lives, the theme, how quick capture starts, and the backups
//! (make one now, how many to keep, restore one), so a manager can get yesterday's
//! coaching notes back without a terminal.

use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate, Utc};
use egui::RichText;

use super::{Origin, Request, View, style};
use crate::domain::backup_policy::{DAILY_RANGE, RECENT_RANGE, Retention, WEEKLY_RANGE};
use crate::domain::observation::Visibility;
use crate::ops::Command;
use crate::store::backup::{BackupDetails, BackupFile};

#[derive(Default)]
pub struct SettingsState {
    /// Where the backups go: `backups/` beside the data file.
    pub backups_folder: PathBuf,
    /// A backup or rotation runs, for the spinner.
    pub backing_up: bool,
    /// The backups, newest first; `None` while they are read.
    pub backups: Option<Vec<BackupDetails>>,
    /// The retention counts as the controls show them.
    pub retention: Retention,
    /// The backup whose restore waits for the manager's confirmation.
    pub confirm_restore: Option<BackupFile>,
    /// What replaces the data file (a restore, encrypting it), for the modal that waits.
    pub swapping: Option<String>,
    /// Whether the data file is encrypted.
    pub encrypted: bool,
    /// The encryption forms: a new passphrase, or the confirmation to decrypt.
    pub encryption: super::encryption_settings::EncryptionForms,
    /// Whether quick capture starts a new observation shared or private.
    pub capture_visibility: Visibility,
    /// The minutes of coaching a week each rep should have, as the control shows them.
    pub coaching_goal_mins_per_week: u32,
    /// The reminder settings, as the controls show them.
    pub reminders: crate::domain::reminders::Reminders,
}

/// "22 Nov 08:30" in the manager's time zone: when a backup was made.
pub fn backup_taken_text(taken: DateTime<Utc>, today: NaiveDate) -> String {
    let local = taken.with_timezone(&Local);
    format!(
        "{} {}",
        super::short_date(local.date_naive(), today),
        local.format("%H:%M")
    )
}

/// "1.4 MB": sizes as people read them.
fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

pub fn settings_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.heading("Settings");
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("settings_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            data_file_ui(ui, view);
            ui.add_space(16.0);
            super::encryption_settings::encryption_ui(ui, view);
            ui.add_space(16.0);
            appearance_ui(ui);
            ui.add_space(16.0);
            capture_ui(ui, view);
            ui.add_space(16.0);
            coaching_goal_ui(ui, view);
            ui.add_space(16.0);
            super::reminder_settings::reminders_ui(ui, view);
            ui.add_space(16.0);
            super::busy_settings::busy_settings_ui(ui, view);
            ui.add_space(16.0);
            backups_ui(ui, view);
        });
    confirm_restore_ui(ui, view);
    super::encryption_settings::encryption_forms_ui(ui, view);
}

/// Light, dark, or whichever the system uses; remembered on this computer with the window.
fn appearance_ui(ui: &mut egui::Ui) {
    ui.label(RichText::new("Appearance").strong().size(17.0));
    let mut theme = ui.options(|o| o.theme_preference);
    ui.horizontal(|ui| {
        for (value, text) in [
            (egui::ThemePreference::System, "Follow the system"),
            (egui::ThemePreference::Light, "Light"),
            (egui::ThemePreference::Dark, "Dark"),
        ] {
            ui.radio_value(&mut theme, value, text);
        }
    });
    if theme != ui.options(|o| o.theme_preference) {
        ui.ctx().set_theme(theme);
    }
}

/// The visibility a new observation starts with in quick capture, kept in the data file
/// (it is a coaching choice, not this computer's); Ctrl+P in the capture flips one.
fn capture_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Quick capture").strong().size(17.0));
    let mut visibility = view.state.settings.capture_visibility;
    ui.horizontal(|ui| {
        ui.label("New observations start");
        ui.radio_value(&mut visibility, Visibility::Shared, "Shared with the rep");
        ui.radio_value(&mut visibility, Visibility::Private, "Private to me");
    });
    ui.weak("Ctrl+P in the capture dialog switches one observation either way.");
    if visibility != view.state.settings.capture_visibility {
        view.state.settings.capture_visibility = visibility;
        view.apply(Command::SetCaptureVisibility(visibility), Origin::Other);
    }
}

/// The coaching-time goal, kept in the data file and saved through an undoable command
/// when the control is let go.
fn coaching_goal_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Coaching time").strong().size(17.0));
    let goal = &mut view.state.settings.coaching_goal_mins_per_week;
    let changed = ui
        .horizontal(|ui| {
            let label = ui.label("Goal for each rep");
            let drag = ui
                .add(
                    egui::DragValue::new(goal)
                        .range(crate::domain::coaching_time::GOAL_RANGE)
                        .speed(0.5)
                        .suffix(" minutes a week"),
                )
                .labelled_by(label.id);
            drag.drag_stopped() || drag.lost_focus()
        })
        .inner;
    ui.weak(
        "Research on sales coaching finds returns best at 45 to 60 minutes a week per seller. \
         The command coachbook coaching-time reports each rep's minutes against this goal.",
    );
    if changed {
        let mins_per_week = view.state.settings.coaching_goal_mins_per_week;
        view.apply(Command::SetCoachingGoal { mins_per_week }, Origin::Other);
    }
}

fn data_file_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Data file").strong().size(17.0));
    egui::Grid::new("data_file")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.weak("Data file");
            ui.label(&view.status.path);
            ui.end_row();
            ui.weak("Backups folder");
            ui.label(view.state.settings.backups_folder.display().to_string());
            ui.end_row();
        });
    ui.weak(
        "Both are readable by your account only. To move your data, quit Coachbook, move the \
         data file (with its -wal and -shm files, if present) and the backups folder together, \
         then start Coachbook with --db NEW_PATH.",
    );
}

fn backups_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Backups").strong().size(17.0));
    ui.weak(
        "Coachbook backs up when it starts (if the last backup is a day old) and every half \
         hour while you make changes, and always before an upgrade, an import or a restore. \
         Those last three are never removed.",
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let busy = view.state.settings.backing_up;
        if ui
            .add_enabled(!busy, egui::Button::new("Back up now"))
            .on_hover_text("Make a backup of the data file now, and check it")
            .clicked()
        {
            view.request(Request::BackupNow);
        }
        if busy {
            ui.spinner();
            ui.label("Backing up...");
        }
    });
    ui.add_space(8.0);
    retention_ui(ui, view);
    ui.add_space(10.0);
    let Some(backups) = view.state.settings.backups.as_ref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading the backups...");
        });
        return;
    };
    if backups.is_empty() {
        ui.weak("No backups yet.");
        return;
    }
    let chosen = backup_list_ui(ui, backups, view.today, view.state.settings.backing_up);
    if chosen.is_some() {
        view.state.settings.confirm_restore = chosen;
    }
}

/// The backups, newest first, each with what it holds and a Restore button; returns the
/// backup whose Restore was clicked.
fn backup_list_ui(
    ui: &mut egui::Ui,
    backups: &[BackupDetails],
    today: NaiveDate,
    backing_up: bool,
) -> Option<BackupFile> {
    let mut chosen = None;
    egui::Grid::new("backup_list")
        .num_columns(7)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for title in [
                "Made",
                "Why",
                "Size",
                "Reps",
                "Sessions",
                "Observations",
                "",
            ] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for backup in backups {
                ui.label(backup_taken_text(backup.file.taken, today))
                    .on_hover_text(backup.file.path.display().to_string());
                ui.label(backup.file.kind.describe());
                ui.label(size_text(backup.size_bytes));
                match &backup.counts {
                    Ok(counts) => {
                        for n in [counts.reps, counts.sessions, counts.observations] {
                            ui.label(n.to_string());
                        }
                    }
                    Err(problem) => {
                        ui.colored_label(style::danger(ui.visuals()), "Unreadable")
                            .on_hover_text(problem);
                        ui.label("");
                        ui.label("");
                    }
                }
                if ui
                    .add_enabled(
                        backup.counts.is_ok() && !backing_up,
                        egui::Button::new("Restore..."),
                    )
                    .on_hover_text("Put this backup in place of your data file, after you confirm")
                    .clicked()
                {
                    chosen = Some(backup.file.clone());
                }
                ui.end_row();
            }
        });
    chosen
}

/// Three counts, saved in the data file through an undoable command when a control is let
/// go; the next rotation applies them.
fn retention_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let mut changed = false;
    let retention = &mut view.state.settings.retention;
    ui.horizontal(|ui| {
        let fields = [
            (
                "Newest backups to keep",
                &mut retention.recent,
                RECENT_RANGE,
                "",
            ),
            (
                "Daily backups to keep",
                &mut retention.daily,
                DAILY_RANGE,
                " days",
            ),
            (
                "Weekly backups to keep",
                &mut retention.weekly,
                WEEKLY_RANGE,
                " weeks",
            ),
        ];
        for (label, value, range, suffix) in fields {
            let label = ui.label(label);
            let drag = ui
                .add(
                    egui::DragValue::new(value)
                        .range(range)
                        .speed(0.2)
                        .suffix(suffix),
                )
                .labelled_by(label.id);
            changed |= drag.drag_stopped() || drag.lost_focus();
            ui.add_space(12.0);
        }
    });
    if changed {
        let retention = view.state.settings.retention;
        view.apply(Command::SetBackupRetention(retention), Origin::Other);
    }
}

fn confirm_restore_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(backup) = view.state.settings.confirm_restore.clone() else {
        return;
    };
    let data_name = std::path::Path::new(&view.status.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let question = format!(
        "Restore the backup of {}? Your current data is kept as {data_name}.before-restore.",
        backup_taken_text(backup.taken, view.today)
    );
    match confirm_ui(
        ui,
        "confirm_restore",
        "Restore a backup",
        &question,
        "Restore",
    ) {
        Some(true) => {
            view.state.settings.confirm_restore = None;
            view.request(Request::Restore(backup));
        }
        Some(false) => view.state.settings.confirm_restore = None,
        None => {}
    }
}

/// A modal that asks before something that replaces the data file: `Some(true)` when
/// `yes` was clicked, `Some(false)` on Cancel or Escape, `None` while it waits.
pub(super) fn confirm_ui(
    ui: &mut egui::Ui,
    id: &str,
    title: &str,
    question: &str,
    yes: &str,
) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.label(RichText::new(title).strong().size(17.0));
        ui.add_space(6.0);
        ui.label(question);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(yes).clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    answer
}

/// While the file is replaced (a restore, encrypting it), nothing else may be done: a
/// modal says what is happening.
pub fn swapping_ui(ui: &mut egui::Ui, view: &View<'_>) {
    let Some(doing) = &view.state.settings.swapping else {
        return;
    };
    egui::Modal::new(egui::Id::unique("swapping")).show(ui.ctx(), |ui| {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("{doing}..."));
        });
    });
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(1_440_000), "1.4 MB");
        assert_eq!(size_text(212_000_000), "212.0 MB");
    }
}
