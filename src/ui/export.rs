//! The "Export .ics" button: the schedule shown (one rep's, or the team's) as a calendar
//! file, written where the manager chooses.

use super::View;

pub fn export_button_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let rep = view.state.calendar.rep;
    let hover = match rep.and_then(|r| view.caches.rep(r)) {
        Some(row) => format!(
            "Save {}'s coaching sessions as an .ics calendar file",
            row.rep.name
        ),
        None => "Save the team's coaching sessions as an .ics calendar file".to_owned(),
    };
    let clicked = ui.button("Export .ics").on_hover_text(hover).clicked();
    ui.checkbox(&mut view.state.calendar.invite_reps, "Invite reps")
        .on_hover_text(
            "Reps with an email address are listed as each session's attendees; once the \
             file is in your calendar, it can send them the invitations",
        );
    if !clicked {
        return;
    }
    let name = match rep.and_then(|r| view.caches.rep(r)) {
        Some(row) => format!(
            "coaching-{}.ics",
            row.rep.name.to_lowercase().replace(' ', "-")
        ),
        None => "coaching-team.ics".to_owned(),
    };
    let ask = super::PathAsk {
        kind: super::PathKind::Save,
        title: "Save the calendar as",
        file_name: name,
        filter: Some(("Calendar", &["ics"])),
        then: super::PathUse::ExportCalendar(rep, view.state.calendar.invite_reps),
    };
    super::path_field::choose_path(ui, view, ask);
}
