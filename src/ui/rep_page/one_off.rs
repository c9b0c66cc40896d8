//! A session outside the cadence: a date, a time, a length; a time the manager's own
//! calendar is busy is named next to the fields, with the next free time to take instead.

use chrono::{DateTime, Duration, Utc};

use super::super::calendar::busy_text;
use super::super::{Origin, View};
use crate::domain::busy;
use crate::domain::free_slot::next_free_slot;
use crate::model::RosterRow;
use crate::ops::Command;

pub fn one_off_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let today = view.today;
    let form = &mut view.state.team.one_off;
    if form.date.is_empty() {
        form.date = today.to_string();
        form.time = "09:00".to_owned();
        form.duration_mins = 45;
    }
    let mut add = false;
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label("One-off session:");
        let label = ui.label("on");
        ui.add(egui::TextEdit::singleline(&mut form.date).desired_width(112.0))
            .labelled_by(label.id);
        let label = ui.label("at");
        ui.add(egui::TextEdit::singleline(&mut form.time).desired_width(64.0))
            .labelled_by(label.id);
        super::super::duration_mins_ui(ui, "for", &mut form.duration_mins, " min");
        add = ui.button("Add session").clicked();
    });
    if let Some(error) = &form.error {
        ui.colored_label(super::super::style::danger(ui.visuals()), error);
    }
    // Only a day inside the years a date may take is checked against the calendar.
    let typed = super::super::calendar::parse_local(&form.date, &form.time)
        .ok()
        .and_then(|start| crate::domain::dates::check_instant(start).ok());
    if let Some(start) = typed {
        busy_warning_ui(ui, view, start);
    }
    if add {
        let form = &mut view.state.team.one_off;
        match super::super::calendar::parse_local(&form.date, &form.time) {
            Ok(start) => {
                form.error = None;
                let duration_mins = form.duration_mins;
                view.apply(
                    Command::AddOneOffSession {
                        rep: row.rep.id,
                        start,
                        duration_mins,
                    },
                    Origin::Other,
                );
            }
            Err(message) => form.error = Some(message),
        }
    }
}

/// "You are busy then", and a button that moves the form to the next free time.
fn busy_warning_ui(ui: &mut egui::Ui, view: &mut View<'_>, start: DateTime<Utc>) {
    let duration = Duration::minutes(i64::from(view.state.team.one_off.duration_mins));
    // A date typed far beyond any calendar has no end to compare.
    let Some(end) = start.checked_add_signed(duration) else {
        return;
    };
    let Some(block) = busy::first_overlap(&view.caches.busy, start, end) else {
        return;
    };
    let free = next_free_after(view, start);
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            super::super::style::danger(ui.visuals()),
            format!(
                "Your calendar is busy then: {}.",
                busy_text(block, view.zone)
            ),
        );
        if let Some(free) = free {
            let local = free.with_timezone(&view.zone);
            let text = format!("Take {} instead", local.format("%a %-d %b %H:%M"));
            if ui.button(text).clicked() {
                let form = &mut view.state.team.one_off;
                form.date = local.date_naive().to_string();
                form.time = local.format("%H:%M").to_string();
            }
        }
    });
}

/// The first working-hours slot from `start` on that neither the calendar nor a session
/// shown holds.
fn next_free_after(view: &View<'_>, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let taken: Vec<(DateTime<Utc>, DateTime<Utc>)> = view
        .caches
        .calendar
        .occurrences
        .iter()
        .map(|o| (o.start, o.end()))
        .chain(busy::spans(&view.caches.busy))
        .collect();
    let lead = Duration::minutes(crate::domain::free_slot::LEAD_MINS);
    let from = start.max(view.now).checked_sub_signed(lead)?;
    let until = from.checked_add_signed(Duration::days(14))?;
    let duration_mins = view.state.team.one_off.duration_mins;
    next_free_slot(from, view.zone, duration_mins, &taken, until)
}
