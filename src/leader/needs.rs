//! The organization's training needs (skills by mean gap to target) and calibration
//! across managers (each manager's ratings of a skill against the others').

use egui::RichText;

use crate::domain::org_report::{CALIBRATION_GAP, CALIBRATION_MIN_RATINGS, Reading};
use crate::org::report::OrgReport;
use crate::ui::style;

pub fn needs_ui(ui: &mut egui::Ui, report: &OrgReport) {
    ui.label(
        "Skills by how far the reps stand below their targets, on average, and how many \
         reps are below target: where training would help most.",
    );
    if report.needs.is_empty() {
        ui.add_space(12.0);
        ui.label(
            "No rep has both a rating and a target in an organization skill yet. Targets \
             come with the organization's framework; ratings with each manager's sync.",
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("needs")
                .striped(true)
                .num_columns(4)
                .spacing([18.0, 6.0])
                .show(ui, |ui| {
                    for title in ["Skill", "Bucket", "Mean gap to target", "Reps below target"] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for need in &report.needs {
                        let skill = report.skills.iter().find(|s| s.key == need.key);
                        ui.label(report.skill_name(&need.key));
                        ui.label(skill.map_or("", |s| s.bucket.as_str()));
                        ui.label(format!("{:+.1}", need.mean_gap));
                        ui.label(format!("{} of {}", need.below_target, need.compared));
                        ui.end_row();
                    }
                });
        });
}

pub fn calibration_ui(ui: &mut egui::Ui, report: &OrgReport, show_all: &mut bool) {
    ui.label(format!(
        "Each manager's mean rating of a skill in the last {} days against the other \
         managers' means: {CALIBRATION_GAP} of a level or more above is lenient, below is \
         harsh (with at least {CALIBRATION_MIN_RATINGS} ratings).",
        report.window_days
    ));
    ui.checkbox(
        show_all,
        "Show every manager and skill, not only the flagged",
    );
    let palette = style::palette(ui.visuals());
    let rows: Vec<_> = report
        .calibration
        .iter()
        .filter(|c| *show_all || c.reading != Reading::InLine)
        .collect();
    if rows.is_empty() {
        ui.add_space(12.0);
        ui.label("Every manager rates in line with the others.");
        return;
    }
    let name_of = |login: &str| {
        report
            .managers
            .iter()
            .find(|m| m.manager == login)
            .map_or_else(|| login.to_owned(), |m| m.name.clone())
    };
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("calibration")
                .striped(true)
                .num_columns(6)
                .spacing([18.0, 6.0])
                .show(ui, |ui| {
                    for title in ["Skill", "Manager", "Ratings", "1 2 3 4 5", "Mean", "Others"] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for c in rows {
                        let r = &c.ratings;
                        ui.label(report.skill_name(&r.key));
                        ui.label(name_of(&r.manager));
                        ui.label(r.count.to_string());
                        let spread: Vec<String> = r.spread.iter().map(i64::to_string).collect();
                        ui.label(spread.join(" "));
                        let mean = format!("{:.1}", r.mean);
                        match c.reading {
                            Reading::Lenient => {
                                ui.colored_label(palette.warning, format!("{mean} lenient"))
                            }
                            Reading::Harsh => {
                                ui.colored_label(palette.danger, format!("{mean} harsh"))
                            }
                            Reading::InLine => ui.label(mean),
                        };
                        ui.label(c.others_mean.map_or("-".to_owned(), |m| format!("{m:.1}")));
                        ui.end_row();
                    }
                });
        });
}
