//! The month view: six weeks of days, each with its sessions as short coloured lines.

use chrono::{Datelike, Duration, Local, NaiveDate};
use egui::{RichText, Sense};

use super::{by_local_day, occurrence_label, rep_name, status_color};
use crate::domain::schedule::{Occurrence, OccurrenceKey};
use crate::model::Caches;

const SHOWN_PER_DAY: usize = 4;

/// What a click in the month asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthClick {
    Session(OccurrenceKey),
    /// "+N more": the day's sessions do not fit, so the day opens in the week view.
    Day(NaiveDate),
}

pub fn month_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    occurrences: &[&Occurrence],
    first: NaiveDate,
    today: NaiveDate,
    selected: Option<OccurrenceKey>,
) -> Option<MonthClick> {
    let month = (first + Duration::days(14)).month();
    let mut clicked = None;
    let column = (ui.available_width() / 7.0 - 8.0).max(80.0);
    let by_day = by_local_day(occurrences);
    egui::ScrollArea::vertical()
        .id_salt("calendar_month_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("month")
                .num_columns(7)
                .spacing([8.0, 8.0])
                .show(ui, |ui| {
                    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
                        ui.strong(day);
                    }
                    ui.end_row();
                    for week in 0..6 {
                        for weekday in 0..7 {
                            let date = first + Duration::days(week * 7 + weekday);
                            ui.vertical(|ui| {
                                ui.set_width(column);
                                ui.set_min_height(92.0);
                                let mut number = RichText::new(date.day().to_string());
                                if date == today {
                                    number = number
                                        .strong()
                                        .color(super::super::style::accent(ui.visuals()));
                                } else if date.month() != month {
                                    number = number.weak();
                                }
                                ui.label(number);
                                let todays = by_day.get(&date).map_or(&[][..], Vec::as_slice);
                                for o in todays.iter().take(SHOWN_PER_DAY) {
                                    let text = format!(
                                        "{} {}",
                                        o.start.with_timezone(&Local).format("%H:%M"),
                                        rep_name(caches, o.rep)
                                    );
                                    let response = ui
                                        .add(
                                            egui::Button::selectable(
                                                selected == Some(o.key),
                                                RichText::new(text)
                                                    .small()
                                                    .color(status_color(o.status, ui.visuals())),
                                            )
                                            .sense(Sense::click()),
                                        )
                                        .on_hover_text(occurrence_label(caches, o));
                                    if response.clicked() {
                                        clicked = Some(MonthClick::Session(o.key));
                                    }
                                }
                                if todays.len() > SHOWN_PER_DAY {
                                    let more = todays.len() - SHOWN_PER_DAY;
                                    if ui
                                        .link(RichText::new(format!("+{more} more")).small())
                                        .on_hover_text(format!(
                                            "Open {} in the week view",
                                            date.format("%A %-d %B")
                                        ))
                                        .clicked()
                                    {
                                        clicked = Some(MonthClick::Day(date));
                                    }
                                }
                            });
                        }
                        ui.end_row();
                    }
                });
        });
    clicked
}
