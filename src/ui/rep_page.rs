//! A rep's page: who they are and how coaching goes, their observations, and their own
//! targets where they differ from their role's.

mod commitments;
mod one_off;
mod plan;
mod plan_form;

pub use plan_form::PlanForm;

use egui::RichText;

use super::observations::{TableState, table_ui};
use super::{CadenceForm, Origin, Place, RepForm, View};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;
use crate::domain::{Bucket, Level};
use crate::model::{RosterRow, TableId};
use crate::ops::Command;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RepTab {
    #[default]
    Overview,
    Plan,
    Sessions,
    Commitments,
    Observations,
    Skills,
    Targets,
    Calibration,
}

impl RepTab {
    const ALL: [RepTab; 8] = [
        RepTab::Overview,
        RepTab::Plan,
        RepTab::Sessions,
        RepTab::Commitments,
        RepTab::Observations,
        RepTab::Skills,
        RepTab::Targets,
        RepTab::Calibration,
    ];

    fn title(self) -> &'static str {
        match self {
            RepTab::Overview => "Overview",
            RepTab::Plan => "Coaching plan",
            RepTab::Sessions => "Sessions",
            RepTab::Commitments => "Commitments",
            RepTab::Observations => "Observations",
            RepTab::Skills => "Skills over time",
            RepTab::Targets => "Targets",
            RepTab::Calibration => "Calibration",
        }
    }
}

pub struct RepPage {
    pub rep: RepId,
    pub tab: RepTab,
    pub table: TableState,
    /// The bucket whose skills the trend chart shows, and one skill picked out.
    pub bucket: Bucket,
    pub skill: Option<SkillId>,
    /// A running plan being edited on the Coaching plan tab.
    pub plan_form: Option<PlanForm>,
    /// The skill picked to plan other than a suggestion.
    pub plan_skill: Option<SkillId>,
    /// Every closed plan is listed, not only the latest.
    pub all_closed_plans: bool,
}

impl RepPage {
    pub fn new(rep: RepId) -> RepPage {
        RepPage {
            rep,
            tab: RepTab::Overview,
            table: TableState::for_rep(rep),
            bucket: Bucket::default(),
            skill: None,
            plan_form: None,
            plan_skill: None,
            all_closed_plans: false,
        }
    }
}

pub fn rep_page_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(page) = view.state.team.open_rep.as_ref() else {
        return;
    };
    let Some(row) = view.caches.rep(page.rep).cloned() else {
        // The rep went away (an undo of its creation): back to the roster.
        view.state.team.open_rep = None;
        return;
    };
    let back_to = format!("Back to {} (Esc, Alt+Left)", view.state.back_title());
    ui.horizontal(|ui| {
        if ui.button("< Back").on_hover_text(back_to).clicked() {
            view.request(super::Request::Back);
        }
        ui.heading(&row.rep.name);
        ui.weak(&row.role_name);
        if row.rep.archived {
            ui.weak("(archived)");
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::capture::capture_button_ui(ui, view);
            if ui.button("Edit rep").clicked() {
                view.state.team.form = Some(RepForm::edit(&row.rep));
            }
            if ui
                .button("Share feedback...")
                .on_hover_text("Export a feedback report, or a rep file for them to answer")
                .clicked()
            {
                view.state.team.share = Some(super::ShareForm::new(view.today));
            }
        });
    });
    if view.state.team.form.is_some() {
        super::rep_form::rep_form_ui(ui, view);
    }
    super::rep_file::share_panel_ui(ui, view, &row);
    ui.add_space(4.0);
    let Some(page) = view.state.team.open_rep.as_mut() else {
        return;
    };
    ui.horizontal(|ui| {
        for tab in RepTab::ALL {
            if ui
                .add(egui::Button::selectable(page.tab == tab, tab.title()))
                .clicked()
            {
                page.tab = tab;
            }
        }
    });
    ui.separator();
    match page.tab {
        RepTab::Overview => {
            let goal = view.state.settings.coaching_goal_mins_per_week;
            let time = row.time_coached(view.today, view.zone);
            overview_ui(
                ui,
                &row,
                (view.caches.counts_pending, view.zone),
                (time, goal),
            );
            ui.add_space(10.0);
            cadence_ui(ui, view, &row);
            super::skill_charts::bucket_bars_ui(ui, view, &row);
        }
        RepTab::Plan => plan::plan_ui(ui, view, &row),
        RepTab::Sessions => sessions_ui(ui, view, &row),
        RepTab::Commitments => commitments::commitments_ui(ui, view, &row),
        RepTab::Observations => table_ui(ui, view, TableId::RepPage),
        RepTab::Skills => super::skill_charts::skills_ui(ui, view, &row),
        RepTab::Targets => targets_ui(ui, view, &row),
        RepTab::Calibration => super::rep_file::calibration_ui(ui, view, &row),
    }
}

fn overview_ui(
    ui: &mut egui::Ui,
    row: &RosterRow,
    (counts_pending, zone): (bool, chrono_tz::Tz),
    (time, goal): (crate::domain::coaching_time::TimeCoached, u32),
) {
    egui::Grid::new("rep_overview")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let rep = &row.rep;
            let coverage = match row.coverage.completion_percent() {
                Some(percent) => format!(
                    "{} of {} due sessions held in the last 90 days ({percent}%)",
                    row.coverage.held, row.coverage.due
                ),
                None => "No sessions were due in the last 90 days".into(),
            };
            let next = row.coverage.next.map_or("None planned".into(), |t| {
                t.with_timezone(&zone)
                    .format("%a %-d %b %Y, %H:%M")
                    .to_string()
            });
            let coached = time_coached_text(time, goal);
            let facts: [(&str, String); 9] = [
                ("Role", row.role_name.clone()),
                (
                    "Email",
                    if rep.email.is_empty() {
                        "-".into()
                    } else {
                        rep.email.clone()
                    },
                ),
                (
                    "Start date",
                    rep.start_date
                        .map_or("-".into(), |d| d.format("%-d %b %Y").to_string()),
                ),
                (
                    "Cadence",
                    match (&row.cadence_problem, &row.cadence) {
                        (Some(_), _) => "Needs repair (see below)".into(),
                        (None, Some(cadence)) => cadence.clone(),
                        (None, None) => "No cadence yet".into(),
                    },
                ),
                (
                    "Last held session",
                    row.last_held
                        .map_or("Never".into(), |d| d.format("%a %-d %b %Y").to_string()),
                ),
                ("Coverage", coverage),
                ("Time coached", coached),
                ("Next session", next),
                (
                    "Observations",
                    super::team::observation_count(row, counts_pending),
                ),
            ];
            for (name, value) in facts {
                ui.weak(name);
                ui.label(value);
                ui.end_row();
            }
        });
}

/// The rep's sessions of the last 90 days and the next 60, each one click from its
/// workspace.
fn sessions_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let mine: Vec<_> = view
        .caches
        .calendar
        .occurrences
        .iter()
        .filter(|o| o.rep == row.rep.id)
        .cloned()
        .collect();
    if mine.is_empty() {
        ui.weak(
            "No sessions in the last 90 days or the next 60. Set a cadence on the Overview tab.",
        );
    }
    let mut open = None;
    egui::ScrollArea::vertical()
        .id_salt(("rep_sessions_scroll", row.rep.id))
        .auto_shrink(false)
        .show(ui, |ui| {
            for o in mine.iter().rev() {
                ui.horizontal(|ui| {
                    let local = o.start.with_timezone(&chrono::Local);
                    let label = format!("{}", local.format("%a %-d %b %Y, %H:%M"));
                    if ui.link(&label).on_hover_text("Open the session").clicked() {
                        open = Some(o.key);
                    }
                    ui.colored_label(
                        super::calendar::status_color(o.status, ui.visuals()),
                        super::calendar::status_label(o.status),
                    );
                });
            }
        });
    if let Some(key) = open {
        view.go(Place::Session(row.rep.id, key));
    }
}

/// The rep's cadence and the buttons that set, change or end it.
fn cadence_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    if view
        .state
        .team
        .cadence_form
        .as_ref()
        .is_some_and(|f| f.rep == row.rep.id)
    {
        super::cadence_form::cadence_form_ui(ui, view);
        return;
    }
    let current = view
        .caches
        .cadences
        .iter()
        .find(|c| c.rep_id == row.rep.id && c.ended.is_none());
    if let Some(problem) = &row.cadence_problem {
        ui.colored_label(
            super::style::danger(ui.visuals()),
            format!(
                "This cadence needs repair: {problem}. The calendar leaves it out until you set a new cadence, which replaces it."
            ),
        );
    }
    let mut end = false;
    ui.horizontal(|ui| {
        let text = if current.is_some() {
            "Change cadence"
        } else {
            "Set a cadence"
        };
        if ui.button(text).clicked() {
            view.state.team.cadence_form = Some(CadenceForm::new(row.rep.id, current, view.today));
        }
        if (current.is_some() || row.cadence_problem.is_some())
            && ui
                .button("End cadence")
                .on_hover_text("No more sessions from now on; past ones stay")
                .clicked()
        {
            end = true;
        }
    });
    if end {
        view.apply(
            Command::SetCadence {
                rep: row.rep.id,
                cadence: None,
            },
            Origin::Other,
        );
    }
    one_off::one_off_ui(ui, view, row);
}

/// Each skill with the role's target and the rep's own, which the manager can set or
/// clear; "Role" means the role's target applies.
fn targets_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let caches = view.caches;
    let mut command = None;
    ui.weak("A rep's own target replaces the role's for that skill, for example while someone is new in post.");
    egui::ScrollArea::vertical()
        .id_salt(("rep_targets_scroll", row.rep.id))
        .auto_shrink(false)
        .show(ui, |ui| {
            for bucket in Bucket::ALL {
                ui.add_space(6.0);
                ui.label(RichText::new(bucket.title()).strong());
                egui::Grid::new(("rep_targets", bucket))
                    .num_columns(3)
                    .striped(true)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        for skill in caches.framework.skills_in(bucket).filter(|s| !s.retired) {
                            ui.label(&skill.name);
                            let role_level = caches.framework.role_target(&row.rep.role, skill.id);
                            ui.weak(format!(
                                "{} target: {}",
                                row.rep.role,
                                role_level.map_or("-".into(), |l| l.get().to_string())
                            ));
                            let own = caches.rep_targets.get(&(row.rep.id, skill.id)).copied();
                            let label = format!("Target of {} for {}", row.rep.name, skill.name);
                            let mut chosen = own;
                            egui::ComboBox::from_id_salt(("rep_target", skill.id.0))
                                .selected_text(
                                    own.map_or("Role's".to_owned(), |l| l.get().to_string()),
                                )
                                .width(80.0)
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(&mut chosen, None, "Role's");
                                    for level in 1..=5 {
                                        ui.selectable_value(
                                            &mut chosen,
                                            Level::new(level),
                                            level.to_string(),
                                        );
                                    }
                                })
                                .response
                                .accessible_name(label);
                            if chosen != own {
                                command = Some(Command::SetRepTarget {
                                    rep: row.rep.id,
                                    skill: skill.id,
                                    level: chosen,
                                });
                            }
                            ui.end_row();
                        }
                    });
            }
        });
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

/// "2 h in the last 30 days (goal 3 h), 6 h in 90": the rep's time coached against the goal.
fn time_coached_text(time: crate::domain::coaching_time::TimeCoached, goal: u32) -> String {
    use crate::domain::coaching_time::{SHORT_DAYS, goal_mins, hours_text};
    let under = if time.under_goal(goal) {
        ", under it"
    } else {
        ""
    };
    format!(
        "{} in the last 30 days (goal {}{under}), {} in 90",
        hours_text(time.last_30_mins),
        hours_text(goal_mins(SHORT_DAYS, goal)),
        hours_text(time.last_90_mins)
    )
}
