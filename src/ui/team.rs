//! The Team screen: the roster, with add, edit, archive and restore.

use chrono::{DateTime, Utc};
use egui::{Key, KeyboardShortcut, Modifiers, RichText};
use egui_extras::{Column, TableBuilder, TableRow};

use super::rep_form::{self, RepForm};
use super::style;
use super::{Origin, Place, View};
use crate::domain::rep::{Rep, RepId};
use crate::domain::text::fold_case;
use crate::model::RosterRow;
use crate::ops::Command;

pub fn team_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let new_rep = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
    if ui.input_mut(|i| i.consume_shortcut(&new_rep)) {
        open_add_form(view);
    }
    header_ui(ui, view);
    ui.add_space(8.0);
    if view.state.team.form.is_some() {
        rep_form::rep_form_ui(ui, view);
        ui.add_space(10.0);
    }
    let filter = fold_case(&view.state.team.filter);
    let rows: Vec<&RosterRow> = view
        .caches
        .roster
        .iter()
        .filter(|r| view.state.team.show_archived || !r.rep.archived)
        .filter(|r| filter.is_empty() || fold_case(&r.rep.name).contains(&filter))
        .collect();
    if view.caches.roster.is_empty() {
        empty_ui(
            ui,
            "No reps yet. Add the first rep of your team with \"Add rep\" (Ctrl+N).",
        );
    } else if rows.is_empty() && !filter.is_empty() {
        empty_ui(
            ui,
            "No rep matches this filter. Clear the filter to see the whole team.",
        );
    } else if rows.is_empty() {
        empty_ui(
            ui,
            "Every rep is archived. Tick \"Show archived\" to see them, or add a rep (Ctrl+N).",
        );
    } else {
        roster_table_ui(ui, view, &rows);
    }
}

fn open_add_form(view: &mut View<'_>) {
    let default_role = view
        .caches
        .framework
        .roles
        .first()
        .map(|r| r.code.clone())
        .unwrap_or_default();
    view.state.team.form = Some(RepForm::add(&default_role));
}

fn header_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Team");
        let active = view.caches.active_count();
        let archived = view.caches.roster.len() - active;
        let mut counts = format!(
            "{active} active {}",
            if active == 1 { "rep" } else { "reps" }
        );
        if archived > 0 {
            counts.push_str(&format!(", {archived} archived"));
        }
        ui.weak(counts);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::capture::capture_button_ui(ui, view);
            if ui
                .add(egui::Button::new("Add rep").shortcut_text("Ctrl+N"))
                .clicked()
            {
                open_add_form(view);
            }
            ui.checkbox(&mut view.state.team.show_archived, "Show archived");
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let label = ui.label("Filter");
                ui.add(
                    egui::TextEdit::singleline(&mut view.state.team.filter)
                        .hint_text("Name")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            });
        });
    });
}

fn empty_ui(ui: &mut egui::Ui, message: &str) {
    ui.add_space(30.0);
    ui.vertical_centered(|ui| ui.label(RichText::new(message).size(15.0).weak()));
}

fn roster_table_ui(ui: &mut egui::Ui, view: &mut View<'_>, rows: &[&RosterRow]) {
    let context = RowContext {
        now: (view.now, view.zone),
        today: view.today,
        counts_pending: view.caches.counts_pending,
        goal_mins_per_week: view.state.settings.coaching_goal_mins_per_week,
    };
    let mut clicks = RosterClicks::default();
    // Every column but the name takes the width its text needs; a narrow window scrolls
    // the table sideways rather than cutting them.
    egui::ScrollArea::horizontal()
        .id_salt("roster_sideways")
        .show(ui, |ui| {
            roster_grid_ui(ui, rows, &context, &mut clicks);
        });
    if let Some(form) = clicks.edit {
        view.state.team.form = Some(form);
    }
    if let Some(rep) = clicks.open {
        view.state.team.form = None;
        view.go(Place::rep(rep));
    }
    if let Some(command) = clicks.command {
        view.apply(command, Origin::Other);
    }
}

/// What every row of the roster is drawn against.
struct RowContext {
    now: (DateTime<Utc>, chrono_tz::Tz),
    today: chrono::NaiveDate,
    counts_pending: bool,
    goal_mins_per_week: u32,
}

/// The roster's header and rows.
fn roster_grid_ui(
    ui: &mut egui::Ui,
    rows: &[&RosterRow],
    context: &RowContext,
    clicks: &mut RosterClicks,
) {
    TableBuilder::new(ui)
        .id_salt("roster")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(140.0).at_least(110.0).clip(true))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(140.0))
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::remainder().at_least(130.0))
        .header(26.0, |mut header| {
            for title in [
                "Name",
                "Role",
                "Cadence",
                "Last held",
                "Held, 90 days",
                "Next session",
                "Observations",
                "",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(32.0, rows.len(), |mut row| {
                let entry = rows[row.index()];
                roster_row(&mut row, entry, context, clicks);
            });
        });
}

/// What a click in the roster asks for, acted on once the table is drawn.
#[derive(Default)]
struct RosterClicks {
    command: Option<Command>,
    edit: Option<RepForm>,
    open: Option<RepId>,
}

/// The cells of one rep, in the order of the table's columns.
fn roster_row(
    row: &mut TableRow<'_, '_>,
    entry: &RosterRow,
    context: &RowContext,
    clicks: &mut RosterClicks,
) {
    let (now, counts_pending) = (context.now, context.counts_pending);
    let rep = &entry.rep;
    row.col(|ui| {
        if name_link_ui(ui, rep) {
            clicks.open = Some(rep.id);
        }
    });
    row.col(|ui| {
        ui.label(&entry.role_name);
    });
    row.col(|ui| match (&entry.cadence_problem, &entry.cadence) {
        (Some(problem), _) => {
            ui.colored_label(style::danger(ui.visuals()), "Needs repair")
                .on_hover_text(format!("The cadence cannot be read: {problem}."));
        }
        (None, Some(cadence)) => {
            ui.label(cadence);
        }
        (None, None) => {
            ui.weak("No cadence");
        }
    });
    row.col(|ui| last_held_ui(ui, entry, now));
    row.col(|ui| {
        let c = entry.coverage;
        match c.completion_percent() {
            Some(percent) => {
                // The percentage is in the hover, so the column leaves room for the flag.
                ui.label(format!("{} of {}", c.held, c.due)).on_hover_text(format!(
                    "{percent}% of the sessions due in the last 90 days were held; skipped ones, with a reason, are not counted"
                ));
            }
            None => {
                ui.weak("-");
            }
        }
        under_goal_flag_ui(ui, entry, context);
    });
    row.col(|ui| match entry.coverage.next {
        Some(next) => {
            ui.label(
                next.with_timezone(&now.1)
                    .format("%a %-d %b %H:%M")
                    .to_string(),
            )
            .on_hover_text(format!("In your time zone, {}", now.1.name()));
        }
        None => {
            ui.weak("None planned");
        }
    });
    row.col(|ui| {
        ui.label(observation_count(entry, counts_pending));
    });
    row.col(|ui| actions_ui(ui, rep, clicks));
}

/// "Low time" beside the sessions held, for an active rep coached less than the goal in
/// the last 30 days; the hover says by how much.
fn under_goal_flag_ui(ui: &mut egui::Ui, entry: &RosterRow, context: &RowContext) {
    use crate::domain::coaching_time::{SHORT_DAYS, goal_mins, hours_text};
    let time = entry.time_coached(context.today, context.now.1);
    if entry.rep.archived || !time.under_goal(context.goal_mins_per_week) {
        return;
    }
    let detail = format!(
        "Under the coaching-time goal: {} in the last 30 days, goal {}",
        hours_text(time.last_30_mins),
        hours_text(goal_mins(SHORT_DAYS, context.goal_mins_per_week))
    );
    ui.colored_label(style::danger(ui.visuals()), "low time")
        .on_hover_text(&detail)
        .accessible_name(detail);
}

/// A rep's observation count, or an ellipsis while the log that counts them loads.
pub fn observation_count(entry: &RosterRow, counts_pending: bool) -> String {
    if counts_pending {
        "…".to_owned()
    } else {
        entry.observations.to_string()
    }
}

/// The rep's name as a link to their page, weak when archived; true when clicked.
fn name_link_ui(ui: &mut egui::Ui, rep: &Rep) -> bool {
    let name = RichText::new(&rep.name);
    let name = if rep.archived {
        name.weak()
    } else {
        name.strong()
    };
    let hover = if rep.archived {
        "Archived: kept with all its history. Click to open."
    } else {
        "Open the rep's page"
    };
    ui.add(egui::Link::new(name)).on_hover_text(hover).clicked()
}

/// Edit, and Archive or Restore, named with the rep for screen readers.
fn actions_ui(ui: &mut egui::Ui, rep: &Rep, clicks: &mut RosterClicks) {
    if ui
        .small_button("Edit")
        .accessible_name(format!("Edit {}", rep.name))
        .clicked()
    {
        clicks.edit = Some(RepForm::edit(rep));
    }
    let (text, archived) = if rep.archived {
        ("Restore", false)
    } else {
        ("Archive", true)
    };
    let hover = if archived {
        "Take the rep off the roster; every session and observation is kept"
    } else {
        "Put the rep back on the roster"
    };
    if ui
        .small_button(text)
        .accessible_name(format!("{text} {}", rep.name))
        .on_hover_text(hover)
        .clicked()
    {
        clicks.command = Some(Command::SetArchived {
            id: rep.id,
            archived,
        });
    }
}

/// "12 days ago" in calendar days where the manager is, in red once the rep is overdue
/// for coaching.
fn last_held_ui(ui: &mut egui::Ui, entry: &RosterRow, (now, zone): (DateTime<Utc>, chrono_tz::Tz)) {
    let (Some(last), Some(days)) = (entry.last_held, entry.days_since_held(now, zone)) else {
        ui.weak("Never");
        return;
    };
    let text = crate::domain::dates::days_ago_text(days);
    let hover = format!(
        "Last held on {}",
        last.with_timezone(&zone).format("%a %-d %b %Y")
    );
    if entry.is_overdue(now, zone) {
        ui.colored_label(style::danger(ui.visuals()), text)
            .on_hover_text(format!("{hover}: overdue for coaching"));
    } else {
        ui.label(text).on_hover_text(hover);
    }
}
