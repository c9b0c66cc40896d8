//! Home's coaching lists: reps given less time than the goal, and coaching plans whose
//! review day has come.

use egui::RichText;

use super::section_heading_ui;
use crate::domain::coaching_time::{self, TimeCoached};
use crate::domain::plan::Plan;
use crate::model::RosterRow;
use crate::ui::lists::{self, HomeList};
use crate::ui::{Place, View, style};

/// Reps coached less than the goal in the last 30 days, least first: who is getting too
/// little of the manager's time, whatever their cadence says.
pub(super) fn under_goal_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let goal = view.state.settings.coaching_goal_mins_per_week;
    let today = view.today;
    let mut under: Vec<(&RosterRow, TimeCoached)> = view
        .caches
        .roster
        .iter()
        .filter(|r| !r.rep.archived)
        .map(|r| (r, r.time_coached(today, view.zone)))
        .filter(|(_, time)| time.under_goal(goal))
        .collect();
    under.sort_by_key(|(_, time)| time.last_30_mins);
    let total = under.len();
    let count = if total == 0 {
        String::new()
    } else {
        format!("{total} of {}", view.caches.active_count())
    };
    let list = (HomeList::UnderGoal, total, "reps under the goal");
    section_heading_ui(ui, view, ("Under the coaching-time goal", &count), list);
    let goal_30 =
        coaching_time::hours_text(coaching_time::goal_mins(coaching_time::SHORT_DAYS, goal));
    if under.is_empty() {
        ui.weak(format!(
            "Every rep had at least {goal_30} of coaching in the last 30 days ({goal} minutes a week; Settings > Coaching time)."
        ));
        return;
    }
    let expanded = view.state.home.is_expanded(HomeList::UnderGoal);
    for (row, time) in &under[..lists::shown(total, expanded)] {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&row.rep.name).strong());
            ui.colored_label(
                style::danger(ui.visuals()),
                format!(
                    "{} in the last 30 days, goal {goal_30}",
                    coaching_time::hours_text(time.last_30_mins)
                ),
            );
            ui.weak(format!(
                "{} in 90 days",
                coaching_time::hours_text(time.last_90_mins)
            ));
        });
    }
}

/// Running plans whose review day has come, longest overdue first: a plan nobody looks at
/// again is no plan.
pub(super) fn plans_due_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let today = view.today;
    let mut due: Vec<&Plan> = view
        .caches
        .plans
        .iter()
        .filter(|p| p.due_for_review(today))
        .filter(|p| {
            view.caches
                .rep(p.draft.rep)
                .is_some_and(|r| !r.rep.archived)
        })
        .collect();
    due.sort_by_key(|p| (p.draft.review_on, p.id));
    let total = due.len();
    let count = if total == 0 {
        String::new()
    } else {
        total.to_string()
    };
    let list = (HomeList::PlansDue, total, "plans due for review");
    section_heading_ui(ui, view, ("Coaching plans due for review", &count), list);
    if due.is_empty() {
        ui.weak(if view.caches.plans.iter().any(Plan::is_active) {
            "No plan is due for review. Each comes back here on its review day."
        } else {
            "No coaching plans yet. Adopt a focus skill on a rep's Coaching plan tab."
        });
        return;
    }
    let expanded = view.state.home.is_expanded(HomeList::PlansDue);
    let mut open = None;
    for plan in &due[..lists::shown(total, expanded)] {
        let name = view
            .caches
            .rep(plan.draft.rep)
            .map_or("", |r| r.rep.name.as_str());
        let skill = view.caches.framework.skill_name(plan.draft.skill);
        ui.horizontal(|ui| {
            let text = format!("{name}: {skill}");
            if ui
                .link(RichText::new(&text).strong())
                .on_hover_text("Open the rep's coaching plan")
                .clicked()
            {
                open = Some(plan.draft.rep);
            }
            let late = (today - plan.draft.review_on).num_days();
            let when = match late {
                0 => "review due today".to_owned(),
                1 => "review due yesterday".to_owned(),
                days => format!("review due {days} days ago"),
            };
            ui.colored_label(style::palette(ui.visuals()).warning, when);
            ui.weak(format!(
                "since {}",
                plan.draft.started_on.format("%-d %b %Y")
            ));
        });
    }
    if let Some(rep) = open {
        let mut page = crate::ui::RepPage::new(rep);
        page.tab = crate::ui::RepTab::Plan;
        view.go(Place::Rep(Box::new(page)));
    }
}
