//! Home: who needs coaching now, who gets too little coaching time, which coaching plans
//! are due for review, this week's sessions, and what slipped lately.

mod coaching;

use chrono::{DateTime, Duration, Local, Utc};
use egui::RichText;

use super::calendar::{occurrence_label, status_color, status_label};
use super::lists::{self, HomeList};
use super::{Origin, Place, Screen, View, style};
use crate::domain::free_slot::next_free_slot;
use crate::domain::rep::RepId;
use crate::domain::schedule::Occurrence;
use crate::domain::session::SessionStatus;
use crate::model::RosterRow;
use crate::ops::Command;

pub fn home_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Home");
        ui.weak(view.today.format("%A %-d %B %Y").to_string());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::capture::capture_button_ui(ui, view);
        });
    });
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("home_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            overdue_ui(ui, view);
            ui.add_space(14.0);
            coaching::under_goal_ui(ui, view);
            ui.add_space(14.0);
            coaching::plans_due_ui(ui, view);
            ui.add_space(14.0);
            week_ui(ui, view);
            ui.add_space(14.0);
            commitments_ui(ui, view);
            ui.add_space(14.0);
            missed_ui(ui, view);
        });
}

/// Open commitments due within a week, most overdue first (the store reads them by due
/// day), each one click from done or dropped: what to chase.
fn commitments_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let commitments = &view.caches.due_commitments;
    let overdue = commitments.partition_point(|c| c.draft.due_on < view.today);
    let count = match (overdue, commitments.len() - overdue) {
        (0, 0) => String::new(),
        (0, week) => format!("{week} this week"),
        (overdue, 0) => format!("{overdue} overdue"),
        (overdue, week) => format!("{overdue} overdue, {week} this week"),
    };
    let total = view.caches.due_commitments.len();
    section_heading_ui(
        ui,
        view,
        ("Commitments due", &count),
        (HomeList::Commitments, total, "commitments due"),
    );
    let commitments = &view.caches.due_commitments;
    if commitments.is_empty() {
        ui.weak("Nothing due this week.");
    }
    let expanded = view.state.home.is_expanded(HomeList::Commitments);
    let mut command = None;
    visible_lines_ui(ui, lists::shown(commitments.len(), expanded), |ui, i| {
        let c = &commitments[i];
        ui.horizontal(|ui| {
            let who = view
                .caches
                .rep(c.draft.rep_id)
                .map_or("?", |r| r.rep.name.as_str());
            ui.label(RichText::new(who).strong());
            ui.label(&c.draft.text);
            let due = super::short_date(c.draft.due_on, view.today);
            if c.draft.due_on < view.today {
                ui.colored_label(style::danger(ui.visuals()), format!("overdue since {due}"));
            } else {
                ui.weak(format!("due {due}"));
            }
            if let Some(change) = super::session::status_buttons_ui(ui, c) {
                command = Some(change);
            }
        });
    });
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

/// A section's title with its count beside it, so a capped list still says how long it
/// is, and its "Show all N" or "Show fewer", in reach however long the list grew.
pub(super) fn section_heading_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    (title, count): (&str, &str),
    (list, total, what): (HomeList, usize, &str),
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).strong().size(17.0));
        if !count.is_empty() {
            ui.weak(count);
        }
        let expanded = view.state.home.is_expanded(list);
        if lists::show_all_ui(ui, total, expanded, what) {
            view.state.home.toggle(list);
        }
    });
}

/// Draws `count` one-line rows, laying out only those inside the scroll area's view and
/// keeping the others' space, so the scroll bar is right. Home's scroll area holds several
/// lists, so `ScrollArea::show_rows` cannot be used; and open commitments pile up over
/// the years (hundreds on ten years of data), which laid out every frame cost milliseconds.
fn visible_lines_ui(
    ui: &mut egui::Ui,
    count: usize,
    mut line_ui: impl FnMut(&mut egui::Ui, usize),
) {
    if count == 0 {
        return;
    }
    // The first line is drawn to learn the height of one, with its spacing.
    let top = ui.cursor().top();
    line_ui(ui, 0);
    let pitch = (ui.cursor().top() - top).max(1.0);
    let rest = count - 1;
    let view = ui.clip_rect();
    let start = ui.cursor().top();
    let last = (((view.bottom() - start) / pitch).ceil().max(0.0) as usize).min(rest);
    let first = (((view.top() - start) / pitch).floor().max(0.0) as usize).min(last);
    ui.add_space(first as f32 * pitch);
    for i in first..last {
        line_ui(ui, i + 1);
    }
    ui.add_space((rest - last) as f32 * pitch);
}

/// Why no rep needs coaching: praise only when there is a cadence to keep.
fn nobody_overdue_text(caches: &crate::model::Caches) -> &'static str {
    let mut active = caches.roster.iter().filter(|r| !r.rep.archived).peekable();
    if active.peek().is_none() {
        "No reps yet: add your team in Team (Ctrl+2), or import a roster from the File menu."
    } else if active.all(|r| r.cadence.is_none()) {
        "No rep has a cadence yet: plan one from a rep's page, and who needs coaching shows here."
    } else {
        "Every rep with a cadence has been coached within it. Well kept."
    }
}

/// Reps with no held session for longer than their cadence allows, longest first, each
/// one click from a session.
fn overdue_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let now = view.now;
    let mut overdue: Vec<&RosterRow> = view
        .caches
        .roster
        .iter()
        .filter(|r| r.is_overdue(now, view.zone))
        .collect();
    overdue
        .sort_by_key(|r| std::cmp::Reverse(r.days_since_held(now, view.zone).unwrap_or(i64::MAX)));
    let count = match overdue.len() {
        0 => String::new(),
        1 => "1 rep".to_owned(),
        n => format!("{n} reps"),
    };
    let total = overdue.len();
    let what = "reps who need coaching";
    section_heading_ui(
        ui,
        view,
        ("Needs coaching", &count),
        (HomeList::NeedsCoaching, total, what),
    );
    if overdue.is_empty() {
        ui.weak(nobody_overdue_text(view.caches));
        return;
    }
    let expanded = view.state.home.is_expanded(HomeList::NeedsCoaching);
    overdue.truncate(lists::shown(total, expanded));
    let mut slots = FreeSlots::new(view);
    for row in overdue {
        ui.horizontal(|ui| {
            let since = match row.days_since_held(now, view.zone) {
                Some(days) => format!("no coaching for {days} days"),
                None => "never coached yet".to_owned(),
            };
            ui.label(RichText::new(&row.rep.name).strong());
            ui.colored_label(style::danger(ui.visuals()), since);
            if let Some(cadence) = &row.cadence {
                ui.weak(format!("cadence: {cadence}"));
            }
            schedule_now_ui(ui, view, &mut slots, (row.rep.id, &row.rep.name));
        });
    }
}

/// "Schedule now", or, once a one-off session is booked for the rep in the days Home
/// shows, that session: the button turns into what it booked as soon as the booking is
/// in, so a second click cannot book another slot.
fn schedule_now_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    slots: &mut FreeSlots,
    (rep, name): (RepId, &str),
) {
    let booked = view.caches.calendar.occurrences.iter().find(|o| {
        o.rep == rep
            && o.cadence.is_none()
            && o.status == SessionStatus::Planned
            && o.start >= view.now
    });
    if let Some(o) = booked {
        let when = o.start.with_timezone(&Local).format("%a %-d %b %H:%M");
        if ui
            .link(format!("booked {when}"))
            .accessible_name(format!("Booked with {name}: {when}"))
            .on_hover_text("Open in the calendar")
            .clicked()
        {
            let (key, start) = (o.key, o.start);
            view.go(Place::Screen(Screen::Calendar));
            view.state.calendar.show(key, start);
        }
        return;
    }
    let (zone, duration_mins) = view
        .caches
        .cadences
        .iter()
        .find(|c| c.rep_id == rep && c.ended.is_none())
        .map_or((view.zone, 45), |c| (c.time_zone, c.duration_mins));
    let start = slots.next(view.now, zone, duration_mins);
    let hover = match start {
        Some(start) => format!(
            "Book {duration_mins} minutes at {}, the next free working slot",
            start.with_timezone(&Local).format("%a %-d %b %H:%M")
        ),
        None => {
            "No free working slot in the next three weeks; book one from the calendar".to_owned()
        }
    };
    let clicked = ui
        .add_enabled(start.is_some(), egui::Button::new("Schedule now").small())
        .accessible_name(format!("Schedule now with {name}"))
        .on_hover_text(&hover)
        .on_disabled_hover_text(&hover)
        .clicked();
    if let (true, Some(start)) = (clicked, start) {
        view.apply(
            Command::AddOneOffSession {
                rep,
                start,
                duration_mins,
            },
            Origin::Other,
        );
    }
}

/// The next free working slot among the sessions Home has read (every rep's, so neither
/// the rep nor the manager is double-booked). The busy times are gathered once a frame and
/// each slot found once per time zone and length, not once per rep on the list.
struct FreeSlots {
    /// The busy spans and the end of the window read; `None` while it is being read.
    busy: Option<(Vec<Span>, DateTime<Utc>)>,
    /// The slot found for each time zone and length asked so far.
    found: Vec<(SlotKind, Option<DateTime<Utc>>)>,
}

type Span = (DateTime<Utc>, DateTime<Utc>);
type SlotKind = (chrono_tz::Tz, u32);

impl FreeSlots {
    fn new(view: &View<'_>) -> FreeSlots {
        let busy = view
            .state
            .wanted_window(view.today)
            .filter(|window| view.caches.calendar.window == Some(*window))
            .map(|window| {
                let busy = view
                    .caches
                    .calendar
                    .occurrences
                    .iter()
                    .filter(|o| matches!(o.status, SessionStatus::Planned | SessionStatus::Held))
                    .map(|o| (o.start, o.end()))
                    // The manager's own calendar is busy time too.
                    .chain(crate::domain::busy::spans(&view.caches.busy))
                    .collect();
                (busy, window.1)
            });
        FreeSlots {
            busy,
            found: Vec::new(),
        }
    }

    fn next(
        &mut self,
        now: DateTime<Utc>,
        zone: chrono_tz::Tz,
        duration_mins: u32,
    ) -> Option<DateTime<Utc>> {
        let (busy, until) = self.busy.as_ref()?;
        if let Some((_, slot)) = self.found.iter().find(|(k, _)| *k == (zone, duration_mins)) {
            return *slot;
        }
        let slot = next_free_slot(now, zone, duration_mins, busy, *until);
        self.found.push(((zone, duration_mins), slot));
        slot
    }
}

fn session_line_ui(ui: &mut egui::Ui, view: &mut View<'_>, o: &Occurrence) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 2.0, status_color(o.status, ui.visuals()));
        let label = occurrence_label(view.caches, o);
        let local = o.start.with_timezone(&Local);
        let text = format!(
            "{}  {}",
            local.format("%a %-d %b %H:%M"),
            view.caches.rep(o.rep).map_or("?", |r| r.rep.name.as_str())
        );
        if ui
            .link(text)
            .on_hover_text(format!("{label}: open in the calendar"))
            .clicked()
        {
            view.go(Place::Screen(Screen::Calendar));
            view.state.calendar.show(o.key, o.start);
        }
        ui.weak(status_label(o.status));
        // Times here are the computer's; a rep kept in another zone has their own said.
        let elsewhere = o
            .cadence
            .and_then(|id| view.caches.cadences.iter().find(|c| c.id == id))
            .and_then(|c| {
                crate::domain::time_zones::time_elsewhere(o.start, c.time_zone, view.zone)
            });
        if let Some(elsewhere) = elsewhere {
            ui.weak(format!("({elsewhere})"));
        }
        if ui
            .small_button("Open")
            .accessible_name(format!("Open session: {label}"))
            .on_hover_text("Prepare, run and close this session")
            .clicked()
        {
            view.go(Place::Session(o.rep, o.key));
        }
    });
}

fn week_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let monday = view.today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&view.today).num_days_from_monday(),
        ));
    let from = super::calendar::local_midnight(monday);
    let to = super::calendar::local_midnight(monday + Duration::days(7));
    let mut week: Vec<Occurrence> = view
        .caches
        .calendar
        .occurrences
        .iter()
        .filter(|o| o.start >= from && o.start < to && o.status != SessionStatus::Cancelled)
        .cloned()
        .collect();
    // Today's and later sessions first, so a capped list shows what is still to come.
    let today = super::calendar::local_midnight(view.today);
    week.sort_by_key(|o| o.start < today);
    let count = if week.is_empty() {
        String::new()
    } else {
        week.len().to_string()
    };
    let list = (HomeList::ThisWeek, week.len(), "sessions this week");
    section_heading_ui(ui, view, ("This week", &count), list);
    if week.is_empty() {
        ui.weak("No coaching sessions this week. Set a cadence on a rep's page to plan them.");
    }
    sessions_ui(ui, view, &week, HomeList::ThisWeek);
}

/// Session lines, capped like every list on Home.
fn sessions_ui(ui: &mut egui::Ui, view: &mut View<'_>, sessions: &[Occurrence], list: HomeList) {
    let expanded = view.state.home.is_expanded(list);
    for o in &sessions[..lists::shown(sessions.len(), expanded)] {
        session_line_ui(ui, view, o);
    }
}

fn missed_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let missed: Vec<Occurrence> = view
        .caches
        .calendar
        .occurrences
        .iter()
        .filter(|o| o.status == SessionStatus::Missed)
        .cloned()
        .collect();
    let count = if missed.is_empty() {
        String::new()
    } else {
        missed.len().to_string()
    };
    let list = (HomeList::Missed, missed.len(), "missed sessions");
    section_heading_ui(ui, view, ("Missed in the last two weeks", &count), list);
    if missed.is_empty() {
        ui.weak("Nothing missed.");
    }
    sessions_ui(ui, view, &missed, HomeList::Missed);
}
