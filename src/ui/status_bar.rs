//! The status bar: which file is open, whether the last change reached it, whether
//! this window may change the file at all, and publishing to the organization.

use super::style;
use super::{View, WriteState};
use crate::store::ReadOnlyReason;

pub fn status_bar_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.weak("Data file:");
        ui.label(&view.status.path).on_hover_text(
            "Where this team's coaching history is kept. Use --db PATH to open another file.",
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            write_state_ui(ui, view);
            if let Some(org) = view.status.org {
                ui.separator();
                super::org_status::org_status_ui(ui, view, org);
            }
        });
    });
}

/// Whether the last change reached the file, or why this window cannot change it.
fn write_state_ui(ui: &mut egui::Ui, view: &View<'_>) {
    match view.status.write {
        // Its own writer is lent to the swap: not another window's doing.
        _ if view.state.settings.swapping.is_some() => {
            ui.weak("Replacing the data file…").on_hover_text(
                "Changes wait until the data file is replaced; the window shows it as it was.",
            );
        }
        _ if let Some(reason) = view.status.read_only => {
            let (label, hover) = read_only_words(reason);
            ui.colored_label(style::danger(ui.visuals()), label)
                .on_hover_text(hover);
        }
        WriteState::Idle => {
            ui.weak("No changes yet");
        }
        WriteState::Saved => {
            ui.colored_label(style::success(ui.visuals()), "All changes saved");
        }
        WriteState::Failed(message) => {
            ui.colored_label(style::danger(ui.visuals()), "Last change not saved")
                .on_hover_text(message);
        }
    }
}

/// What the status bar says of a window that only reads, and what to do about it.
fn read_only_words(reason: ReadOnlyReason) -> (&'static str, &'static str) {
    match reason {
        ReadOnlyReason::Backup => (
            "Read only: this file is a backup",
            "Backups are never changed. To go back to this backup, open your data file and \
             restore it from Settings.",
        ),
        ReadOnlyReason::ReadOnlyDisk => (
            "Read only: this file's disk is mounted read-only",
            "Coachbook can show the file but not save changes to it. To change it, copy it \
             to a writable disk and open the copy.",
        ),
        ReadOnlyReason::NoPermission => (
            "Read only: this account may not change this file",
            "The file or its folder is read-only for this account. Make it writable, then \
             open it again to make changes.",
        ),
        ReadOnlyReason::DiskFull => (
            "Read only: the disk is full",
            "Coachbook can show the file but cannot save changes while its disk is full. Free \
             some space, then open the file again to make changes.",
        ),
        ReadOnlyReason::OtherWindow => (
            "Read only: this file is open in another Coachbook window",
            "Only one window can change a data file. Close the other window, then open this \
             file again to make changes.",
        ),
    }
}
