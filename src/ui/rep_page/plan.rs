//! The Coaching plan tab of a rep's page: the focus skills running now with their
//! progress, the skills suggested next, and the plans closed before.

use chrono::Duration;
use egui::RichText;

use crate::domain::Level;
use crate::domain::levels::Figures;
use crate::domain::plan::effect::describe;
use crate::domain::plan::progress::Progress;
use crate::domain::plan::suggest::suggest;
use crate::domain::plan::{
    DEFAULT_REVIEW_AFTER_DAYS, MAX_ACTIVE_PLANS, Plan, PlanDraft, PlanStatus,
};
use crate::domain::skill::SkillId;
use crate::model::RosterRow;
use crate::ops::Command;
use crate::ui::{Origin, View, style};

/// Suggestions shown at once: enough to choose from, few enough to read.
const SUGGESTIONS: usize = 3;

pub(super) fn plan_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let rep = row.rep.id;
    let running: Vec<Plan> = view.caches.active_plans(rep).cloned().collect();
    let mut closed: Vec<Plan> = view
        .caches
        .plans
        .iter()
        .filter(|p| p.draft.rep == rep && !p.is_active())
        .cloned()
        .collect();
    closed.sort_by_key(|p| std::cmp::Reverse((p.closed_on, p.id)));
    let mut command = None;
    egui::ScrollArea::vertical()
        .id_salt(("rep_plan_scroll", rep))
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Focus skills").strong().size(16.0));
                ui.weak(format!(
                    "{} of {MAX_ACTIVE_PLANS} running. One to three skills at a time, each reviewed on its day.",
                    running.len()
                ));
            });
            if running.is_empty() {
                ui.weak(format!(
                    "No focus yet. Adopt a suggested skill below to plan what you work on with {}.",
                    row.rep.name
                ));
            }
            for plan in &running {
                command = command.take().or(running_plan_ui(ui, view, plan));
            }
            if running.len() < MAX_ACTIVE_PLANS {
                ui.add_space(10.0);
                command = command.take().or(suggestions_ui(ui, view, row, &running));
                command = command.take().or(other_skill_ui(ui, view, row, &running));
            }
            ui.add_space(10.0);
            session_ratings_ui(ui, view, row);
            ui.add_space(10.0);
            command = command.take().or(history_ui(ui, view, &closed));
        });
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

fn skill_name(view: &View<'_>, skill: SkillId) -> String {
    view.caches.framework.skill_name(skill).to_owned()
}

/// One running plan: where it started and stands, and the buttons that close it (or the
/// form that edits it).
fn running_plan_ui(ui: &mut egui::Ui, view: &mut View<'_>, plan: &Plan) -> Option<Command> {
    let name = skill_name(view, plan.draft.skill);
    let mut command = None;
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&name).strong().size(15.0));
            ui.weak(format!(
                "target {}, since {}",
                plan.draft.target.get(),
                plan.draft.started_on.format("%-d %b %Y")
            ));
            let review = format!("review {}", plan.draft.review_on.format("%-d %b %Y"));
            if plan.due_for_review(view.today) {
                ui.colored_label(
                    style::palette(ui.visuals()).warning,
                    format!("{review}: due"),
                );
            } else {
                ui.weak(review);
            }
            ui.weak(if plan.draft.shared {
                "shared with the rep"
            } else {
                "private"
            });
        });
        if !plan.draft.why.trim().is_empty() {
            ui.label(format!("Why: {}", plan.draft.why));
        }
        figures_ui(ui, view, plan);
        let editing = view
            .state
            .team
            .open_rep
            .as_ref()
            .and_then(|p| p.plan_form.as_ref())
            .is_some_and(|f| f.id == plan.id);
        if editing {
            command = super::plan_form::plan_form_ui(ui, view, plan);
            return;
        }
        let mut edit = false;
        ui.horizontal_wrapped(|ui| {
            edit = ui
                .button("Edit")
                .accessible_name(format!("Edit the plan for {name}"))
                .clicked();
            command = plan_buttons_ui(ui, view, plan, &name);
        });
        if edit && let Some(page) = view.state.team.open_rep.as_mut() {
            page.plan_form = Some(super::PlanForm::of(plan));
        }
    });
    command
}

/// Progress since the start, and the change beside the drift of reps not coached on it.
fn figures_ui(ui: &mut egui::Ui, view: &View<'_>, plan: &Plan) {
    let figures = view.caches.plan_figures.as_ref();
    let Some(progress) = figures.and_then(|f| f.progress.get(&plan.id)) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Working out the progress...");
        });
        return;
    };
    ui.label(progress_text(progress, plan.draft.target));
    if let Some(effect) = figures.and_then(|f| f.effects.get(&plan.id)) {
        ui.weak(describe(effect));
    }
}

/// "Level 2.4 at the start, 2.9 now (target 4); 6 ratings since; trend +0.3 per 90 days".
pub(crate) fn progress_text(progress: &Progress, target: Level) -> String {
    let level = |l: Option<f64>| l.map_or_else(|| "not rated".to_owned(), |l| format!("{l:.1}"));
    let mut text = format!(
        "Level {} at the start, {} now (target {}); {} rating{} since",
        level(progress.start_level),
        level(progress.level_now),
        target.get(),
        progress.ratings_since,
        if progress.ratings_since == 1 { "" } else { "s" }
    );
    if let Some(trend) = progress.trend {
        text.push_str(&format!(
            "; trend {} per 90 days",
            crate::domain::levels::signed_tenths(trend)
        ));
    }
    text
}

fn plan_buttons_ui(ui: &mut egui::Ui, view: &View<'_>, plan: &Plan, name: &str) -> Option<Command> {
    let mut command = None;
    for status in PlanStatus::CLOSINGS {
        let text = format!("Close: {}", status.label().to_lowercase());
        if ui
            .button(&text)
            .on_hover_text("Keeps the plan in the history below; Ctrl+Z undoes it")
            .accessible_name(format!("{text}, {name}"))
            .clicked()
        {
            command = Some(Command::PutPlan(Plan {
                status,
                closed_on: Some(view.today),
                ..plan.clone()
            }));
        }
    }
    let later = view.today + Duration::days(DEFAULT_REVIEW_AFTER_DAYS);
    if ui
        .button("Review again in 6 weeks")
        .accessible_name(format!("Review {name} again in 6 weeks"))
        .clicked()
    {
        let mut next = plan.clone();
        next.draft.review_on = later;
        command = Some(Command::PutPlan(next));
    }
    let share = if plan.draft.shared {
        "Make private"
    } else {
        "Share with the rep"
    };
    if ui
        .button(share)
        .on_hover_text("Shared plans go into the rep's feedback report and rep file")
        .accessible_name(format!("{share}: the plan for {name}"))
        .clicked()
    {
        let mut next = plan.clone();
        next.draft.shared = !plan.draft.shared;
        command = Some(Command::PutPlan(next));
    }
    command
}

/// The skills the level model suggests next, each adopted in one click.
fn suggestions_ui(
    ui: &mut egui::Ui,
    view: &View<'_>,
    row: &RosterRow,
    running: &[Plan],
) -> Option<Command> {
    ui.label(RichText::new("Suggested focus").strong().size(16.0));
    let Some((map, _)) = view.caches.gaps.as_ref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Reading the ratings...");
        });
        return None;
    };
    let states: Vec<crate::domain::agenda::SkillState> = map
        .skills
        .iter()
        .map(|(_, skill)| crate::domain::agenda::SkillState {
            skill: *skill,
            figures: map.cell(row.rep.id, *skill),
        })
        .collect();
    let taken: Vec<SkillId> = running.iter().map(|p| p.draft.skill).collect();
    let suggestions = suggest(&states, &taken, SUGGESTIONS);
    if suggestions.is_empty() {
        ui.weak(
            "Nothing to suggest: no rated skill is below its target or declining. Ratings from calls make suggestions appear here.",
        );
        return None;
    }
    ui.weak("The largest gaps to target, weighted by how many ratings stand behind them.");
    let mut command = None;
    for suggestion in &suggestions {
        ui.horizontal_wrapped(|ui| {
            let name = skill_name(view, suggestion.skill);
            if ui
                .button("Adopt")
                .accessible_name(format!("Adopt {name} as a focus"))
                .clicked()
            {
                command = adopt(
                    view,
                    row,
                    (suggestion.skill, &suggestion.figures),
                    &suggestion.reason,
                )
                .map(Command::AddPlan);
            }
            ui.label(RichText::new(&name).strong());
            ui.weak(&suggestion.reason);
        });
    }
    command
}

/// Any other active skill, picked by name (filtered as you type), adopted the same way.
fn other_skill_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    row: &RosterRow,
    running: &[Plan],
) -> Option<Command> {
    let map = view.caches.gaps.as_ref().map(|(map, _)| map)?;
    let options: Vec<(SkillId, String)> = view
        .caches
        .framework
        .skills
        .iter()
        .filter(|s| !s.retired && running.iter().all(|p| p.draft.skill != s.id))
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let page = view.state.team.open_rep.as_mut()?;
    let mut adopt_now = false;
    ui.horizontal(|ui| {
        let label = ui.label("Or plan another skill");
        crate::ui::picker::picker_ui(
            ui,
            ("plan_skill", row.rep.id.0),
            label.id,
            &options,
            &mut page.plan_skill,
            Some("Choose a skill"),
            240.0,
        );
        adopt_now = ui
            .add_enabled(
                page.plan_skill.is_some(),
                egui::Button::new("Adopt this skill"),
            )
            .clicked();
    });
    let skill = page.plan_skill.filter(|_| adopt_now)?;
    page.plan_skill = None;
    let figures = map.cell(row.rep.id, skill);
    adopt(view, row, (skill, &figures), "").map(Command::AddPlan)
}

/// The plan a suggestion becomes: its level today as the start, the rep's target (or one
/// level up when none is set), a review in six weeks, and the reason as the why.
fn adopt(
    view: &View<'_>,
    row: &RosterRow,
    (skill, figures): (SkillId, &Figures),
    why: &str,
) -> Option<PlanDraft> {
    let one_up = figures.level.map_or(3, |l| l.floor() as i64 + 1);
    let target = figures
        .target
        .or_else(|| Level::new(one_up.clamp(Level::MIN, Level::MAX)))?;
    Some(PlanDraft {
        rep: row.rep.id,
        skill,
        started_on: view.today,
        start_level: figures.level,
        target,
        review_on: view.today + Duration::days(DEFAULT_REVIEW_AFTER_DAYS),
        why: why.to_owned(),
        shared: true,
    })
}

/// Plans closed before, newest first, each with how the level moved over it.
fn history_ui(ui: &mut egui::Ui, view: &mut View<'_>, closed: &[Plan]) -> Option<Command> {
    let expanded = view
        .state
        .team
        .open_rep
        .as_ref()
        .is_some_and(|p| p.all_closed_plans);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Closed plans").strong().size(16.0));
        if crate::ui::lists::show_all_ui(ui, closed.len(), expanded, "closed plans")
            && let Some(page) = view.state.team.open_rep.as_mut()
        {
            page.all_closed_plans = !expanded;
        }
    });
    if closed.is_empty() {
        ui.weak("None yet. A closed plan stays here with how the level moved over it.");
        return None;
    }
    let mut command = None;
    let figures = view.caches.plan_figures.as_ref();
    for plan in &closed[..crate::ui::lists::shown(closed.len(), expanded)] {
        let name = skill_name(view, plan.draft.skill);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&name).strong());
            ui.weak(format!(
                "{}, {} to {}",
                plan.status.label(),
                plan.draft.started_on.format("%-d %b %Y"),
                plan.closed_on
                    .unwrap_or(plan.draft.started_on)
                    .format("%-d %b %Y")
            ));
            if let Some(effect) = figures.and_then(|f| f.effects.get(&plan.id)) {
                ui.weak(describe(effect));
            }
            if ui
                .small_button("Reopen")
                .accessible_name(format!("Reopen the plan for {name}"))
                .clicked()
            {
                command = Some(Command::PutPlan(Plan {
                    status: PlanStatus::Active,
                    closed_on: None,
                    ..plan.clone()
                }));
            }
        });
    }
    command
}

/// Rated sessions listed at once; the mean counts them all.
const RATINGS_SHOWN: usize = 10;

/// How the rep rated their sessions' usefulness in the rep files they sent back: the
/// rep's side of whether the coaching lands, newest first.
fn session_ratings_ui(ui: &mut egui::Ui, view: &View<'_>, row: &RosterRow) {
    ui.label(
        RichText::new(format!("How {} rated the sessions", row.rep.name))
            .strong()
            .size(16.0),
    );
    let rated = match &view.caches.rated_sessions {
        Some((rep, rated)) if *rep == row.rep.id => rated.as_slice(),
        _ => &[],
    };
    if rated.is_empty() {
        ui.weak("No rating yet. Reps rate each held session in the rep file you share with them (Share feedback...), and their ratings arrive when you import the file they send back.");
        return;
    }
    let mean = rated.iter().map(|r| f64::from(r.usefulness)).sum::<f64>() / rated.len() as f64;
    ui.label(format!(
        "Useful {mean:.1} of 5 on average, over {} rated session{}",
        rated.len(),
        if rated.len() == 1 { "" } else { "s" }
    ));
    for r in rated.iter().take(RATINGS_SHOWN) {
        ui.horizontal_wrapped(|ui| {
            ui.weak(
                r.start
                    .with_timezone(&view.zone)
                    .format("%-d %b %Y")
                    .to_string(),
            );
            ui.label(format!("{} of 5", r.usefulness));
            if !r.comment.is_empty() {
                ui.label(format!("\u{201c}{}\u{201d}", r.comment));
            }
        });
    }
}
