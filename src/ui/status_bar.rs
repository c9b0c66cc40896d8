//! The status bar: which file is open, whether the last change reached it, and whether
//! this window may change the file at all.

use super::style;
use super::{View, WriteState};

pub fn status_bar_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.weak("Data file:");
        ui.label(&view.status.path).on_hover_text(
            "Where this team's coaching history is kept. Use --db PATH to open another file.",
        );
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match view.status.write {
                _ if view.status.read_only => {
                    ui.colored_label(
                        style::DANGER,
                        "Read only: this file is open in another Coachbook window",
                    )
                    .on_hover_text(
                        "Only one window can change a data file. Close the other window, then \
                         open this file again to make changes.",
                    );
                }
                WriteState::Idle => {
                    ui.weak("No changes yet");
                }
                WriteState::Saved => {
                    ui.colored_label(style::SUCCESS, "All changes saved");
                }
                WriteState::Failed(message) => {
                    ui.colored_label(style::DANGER, "Last change not saved")
                        .on_hover_text(message);
                }
            },
        );
    });
}
