//! What the coaching plans moved, across the team: per focus skill, the level change over
//! its plans beside the drift of reps not coached on it, and the time each rep was given
//! with how useful they rated their sessions.
//! Figures only: the wording never claims the coaching caused a change.

use egui::RichText;

use std::collections::HashMap;

use super::skill_name;
use crate::domain::coaching_time::{self, SHORT_DAYS};
use crate::domain::levels::signed_tenths;
use crate::domain::plan::effect::{Moved, SkillEffect};
use crate::domain::rep::RepId;
use crate::ui::View;

pub(super) fn plans_ui(ui: &mut egui::Ui, view: &View<'_>) {
    ui.label(
        RichText::new("Coaching plans: which focus skills moved")
            .strong()
            .size(16.0),
    );
    let Some(figures) = view.caches.plan_figures.as_ref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Working out the plans' figures...");
        });
        return;
    };
    if figures.team.is_empty() {
        ui.weak("No coaching plans yet. Adopt a focus skill on a rep's Coaching plan tab; each skill coached then shows here.");
    } else {
        ui.weak("Level change over each plan, averaged per skill, beside the change of reps not coached on that skill over the same days. Levels move for many reasons; read these as a signal, not a verdict.");
        skills_grid_ui(ui, view, &figures.team);
    }
    ui.add_space(10.0);
    time_given_ui(ui, view);
}

fn moved_text(moved: Moved) -> &'static str {
    match moved {
        Moved::Up => "moved up",
        Moved::Flat => "did not move",
        Moved::Down => "moved down",
        Moved::NotEnoughData => "not enough data",
    }
}

fn skills_grid_ui(ui: &mut egui::Ui, view: &View<'_>, team: &[SkillEffect]) {
    egui::Grid::new("plan_effects")
        .num_columns(5)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for title in [
                "Focus skill",
                "Plans",
                "Change over the plans",
                "Reps not coached on it",
                "",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            for effect in team {
                ui.label(skill_name(view, effect.skill));
                ui.label(format!(
                    "{} ({} with enough ratings)",
                    effect.plans, effect.measured
                ));
                match effect.mean_change {
                    Some(change) => ui.label(format!(
                        "{} on {} ratings",
                        signed_tenths(change),
                        effect.ratings
                    )),
                    None => ui.weak("not enough ratings"),
                };
                // Summed over the plans, the same rep counts once per plan: only the
                // ratings behind the figure are said.
                match effect.others {
                    Some(d) => ui.label(format!(
                        "{} on {} ratings",
                        signed_tenths(d.mean_change),
                        d.ratings
                    )),
                    None => ui.weak("none to compare"),
                };
                let palette = crate::ui::style::palette(ui.visuals());
                let colour = match effect.moved {
                    Moved::Up => palette.success,
                    Moved::Down => palette.danger,
                    Moved::Flat | Moved::NotEnoughData => palette.weak,
                };
                ui.colored_label(colour, moved_text(effect.moved));
                ui.end_row();
            }
        });
}

/// Minutes each active rep was given in the last 30 and 90 days, and their focus skills.
fn time_given_ui(ui: &mut egui::Ui, view: &View<'_>) {
    ui.label(RichText::new("Time given to each rep").strong());
    let goal = view.state.settings.coaching_goal_mins_per_week;
    let goal_30 = coaching_time::hours_text(coaching_time::goal_mins(SHORT_DAYS, goal));
    egui::Grid::new("time_given")
        .num_columns(5)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for title in [
                "Rep",
                "Last 30 days",
                "Last 90 days",
                "Sessions rated useful",
                "Focus skills",
            ] {
                ui.strong(title);
            }
            ui.end_row();
            // One pass over the plans for every row, not one per rep.
            let mut focus: HashMap<RepId, Vec<&str>> = HashMap::new();
            for plan in view.caches.plans.iter().filter(|p| p.is_active()) {
                let name = view.caches.framework.skill_name(plan.draft.skill);
                focus.entry(plan.draft.rep).or_default().push(name);
            }
            for row in view.caches.roster.iter().filter(|r| !r.rep.archived) {
                let time = row.time_coached(view.today, view.zone);
                ui.label(&row.rep.name);
                let last_30 = coaching_time::hours_text(time.last_30_mins);
                if time.under_goal(goal) {
                    ui.colored_label(
                        crate::ui::style::danger(ui.visuals()),
                        format!("{last_30} (goal {goal_30})"),
                    );
                } else {
                    ui.label(last_30);
                }
                ui.label(coaching_time::hours_text(time.last_90_mins));
                match view.caches.session_usefulness.get(&row.rep.id) {
                    Some((mean, count)) => ui.label(format!("{mean:.1} of 5 ({count})")),
                    None => ui.weak("no rating yet"),
                };
                match focus.get(&row.rep.id) {
                    Some(skills) => ui.label(skills.join(", ")),
                    None => ui.weak("none"),
                };
                ui.end_row();
            }
        });
}
