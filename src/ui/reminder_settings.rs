//! Settings for reminders: how long before a session the calendar file's alarm and the
//! desktop notification come, and whether notifications are shown at all.

use egui::RichText;

use super::{Origin, View};
use crate::domain::reminders::MAX_BEFORE_MINS;
use crate::ops::Command;

/// Kept in the data file and saved through an undoable command when a control is let go.
pub fn reminders_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Reminders").strong().size(17.0));
    let reminders = &mut view.state.settings.reminders;
    let mut changed = ui
        .horizontal(|ui| {
            let label = ui.label("Remind me");
            let drag = ui
                .add(
                    egui::DragValue::new(&mut reminders.before_mins)
                        .range(0..=MAX_BEFORE_MINS)
                        .speed(1)
                        .suffix(" minutes before a session"),
                )
                .labelled_by(label.id);
            drag.drag_stopped() || drag.lost_focus()
        })
        .inner;
    changed |= ui
        .checkbox(
            &mut reminders.notify,
            "Show a desktop notification while Coachbook runs, and the day before a session \
             that has no preparation yet",
        )
        .changed();
    ui.weak(
        "Exported calendar files carry this alarm (0 minutes: none; notifications then come a \
         minute before) and each session's upfront contract.",
    );
    if changed {
        let reminders = view.state.settings.reminders;
        view.apply(Command::SetReminders(reminders), Origin::Other);
    }
}
