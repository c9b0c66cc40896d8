//! A banner above every screen while a rep's current cadence cannot be read (a file
//! written by hand or by an older Coachbook): the file still opens, the calendar leaves the
//! cadence out, and the manager learns whose cadence to set again.

use super::{Place, View, style};

pub fn repair_banner_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let mut broken = view
        .caches
        .roster
        .iter()
        .filter(|r| r.cadence_problem.is_some());
    let Some(row) = broken.next() else {
        return;
    };
    let (first, name) = (row.rep.id, row.rep.name.as_str());
    let problem = row.cadence_problem.as_deref().unwrap_or_default();
    let text = match broken.count() {
        0 => format!(
            "The cadence of {name} cannot be read ({problem}), so the calendar leaves it out. Set a new cadence on {name}'s page to repair it."
        ),
        more => format!(
            "The cadences of {} reps cannot be read, so the calendar leaves them out; the first is {name}'s ({problem}). Set a new cadence on each rep's page to repair them.",
            more + 1
        ),
    };
    egui::Panel::top("repair_banner")
        .frame(style::bar_frame(ui.style()))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(style::danger(ui.visuals()), text);
                if ui.button(format!("Open {name}")).clicked() {
                    view.go(Place::rep(first));
                }
            });
        });
}
