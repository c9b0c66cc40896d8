//! Settings for the manager's own calendar: where the busy time came from, whether the
//! titles are kept, whether the file is read again at start; read it again, or forget it.

use egui::RichText;

use super::{Origin, Request, View};
use crate::domain::busy::BusySource;
use crate::ops::Command;

pub fn busy_settings_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Your calendar").strong().size(17.0));
    let source = view.caches.busy_source.clone();
    let count = view.caches.busy.len();
    let Some(path) = source.path.clone() else {
        ui.label(
            "No calendar read yet. File > Import busy time from your calendar reads an .ics \
             file exported from Outlook, Google or Apple Calendar: the week view then shows \
             when you are busy, and Schedule now, one-off sessions and new cadences step \
             around it. Only when you are busy is kept.",
        );
        return;
    };
    let when = source.read_at.map_or(String::new(), |at| {
        let local = at.with_timezone(&view.zone);
        format!(", read {}", local.format("%-d %b %Y %H:%M"))
    });
    ui.label(format!("{count} busy times from {path}{when}."));
    let mut wanted = source.clone();
    ui.checkbox(
        &mut wanted.keep_titles,
        "Keep the events' titles, not only that I am busy",
    );
    ui.checkbox(
        &mut wanted.reread,
        "Read this file again each time Coachbook starts",
    );
    ui.horizontal(|ui| {
        if ui.button("Read it again now").clicked() {
            let now = ui.input(|i| i.time);
            let doing = format!("Reading {path}...");
            view.state.toast = Some(super::Toast::info(doing, now));
            view.request(Request::ImportBusy(path.clone().into()));
        }
        if ui
            .button("Forget my busy time")
            .on_hover_text("Removes every busy time and the file's name; Undo brings them back")
            .clicked()
        {
            let command = Command::ReplaceBusy {
                blocks: Vec::new(),
                source: BusySource::default(),
                at_start: false,
            };
            view.apply(command, Origin::Other);
        }
    });
    if wanted != source {
        let titles_asked = wanted.keep_titles && !source.keep_titles;
        view.apply(
            Command::ReplaceBusy {
                blocks: view.caches.busy.clone(),
                source: wanted,
                at_start: false,
            },
            Origin::Other,
        );
        // Titles not kept before come from the file.
        if titles_asked {
            view.request(Request::ImportBusy(path.into()));
        }
    }
}
