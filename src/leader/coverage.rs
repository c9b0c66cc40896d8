//! Coverage: per manager, sessions held of those due and time coached against the goal;
//! then the reps longest without a held session.

use egui::RichText;

use crate::org::report::OrgReport;
use crate::ui::style;

/// How many reps the "longest without a session" list shows.
const LONGEST_SHOWN: usize = 15;

pub fn coverage_ui(ui: &mut egui::Ui, report: &OrgReport) {
    ui.label(format!(
        "The {} days to {}, from the sessions each manager published.",
        report.window_days, report.as_of
    ));
    if report.managers.is_empty() {
        ui.add_space(12.0);
        ui.label(
            "No manager under this login has published yet. Each manager links their data \
             file with coachbook org join; their figures appear after their first sync.",
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            managers_ui(ui, report);
            ui.add_space(16.0);
            ui.heading("Longest without a session");
            longest_ui(ui, report);
        });
}

fn managers_ui(ui: &mut egui::Ui, report: &OrgReport) {
    let palette = style::palette(ui.visuals());
    egui::Grid::new("coverage")
        .striped(true)
        .num_columns(7)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            for title in [
                "Manager",
                "Reps",
                "Held of due",
                "Minutes a rep a week",
                "Goal",
                "Reps not coached",
                "Plans running",
            ] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for m in &report.managers {
                ui.label(&m.name);
                ui.label(m.reps.to_string());
                let share = m
                    .held_share
                    .map_or("-".to_owned(), |s| format!("{:.0}%", s * 100.0));
                ui.label(format!("{} of {} ({share})", m.held, m.due));
                let below = m.mins_per_rep_week < m.goal_mins_per_week as f64;
                let minutes = format!("{:.0}", m.mins_per_rep_week);
                if below {
                    ui.colored_label(palette.danger, minutes)
                        .on_hover_text("Below the manager's goal");
                } else {
                    ui.colored_label(palette.success, minutes);
                }
                ui.label(m.goal_mins_per_week.to_string());
                ui.label(m.reps_not_coached.to_string());
                ui.label(m.plans.get("active").copied().unwrap_or(0).to_string());
                ui.end_row();
            }
        });
}

fn longest_ui(ui: &mut egui::Ui, report: &OrgReport) {
    let mut reps: Vec<_> = report.reps.iter().collect();
    reps.sort_by_key(|r| r.last_held);
    egui::Grid::new("longest")
        .striped(true)
        .num_columns(3)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for rep in reps.into_iter().take(LONGEST_SHOWN) {
                ui.label(&rep.name);
                ui.weak(&rep.manager_name);
                let since = match rep.last_held {
                    Some(day) => {
                        format!("{} days (last on {day})", (report.as_of - day).num_days())
                    }
                    None => "no session held yet".to_owned(),
                };
                ui.label(since);
                ui.end_row();
            }
        });
}
