//! Editing a running plan: its target, its review day and the line on why. The form
//! keeps what was typed until Save or Cancel, and says next to a field what is wrong.

use crate::domain::Level;
use crate::domain::plan::{MAX_WHY_CHARS, Plan, PlanId};
use crate::domain::rep::parse_optional_date;
use crate::ops::Command;
use crate::ui::{View, style};

#[derive(Clone, Debug, PartialEq)]
pub struct PlanForm {
    pub id: PlanId,
    pub target: Level,
    pub review: String,
    pub why: String,
    pub error: Option<String>,
}

impl PlanForm {
    pub fn of(plan: &Plan) -> PlanForm {
        PlanForm {
            id: plan.id,
            target: plan.draft.target,
            review: plan.draft.review_on.to_string(),
            why: plan.draft.why.clone(),
            error: None,
        }
    }

    /// The plan as the form has it, or why it cannot be saved.
    fn edited(&self, plan: &Plan) -> Result<Plan, String> {
        let review_on = match parse_optional_date(&self.review) {
            Ok(Some(day)) => day,
            Ok(None) => return Err("A plan needs a review day.".to_owned()),
            Err(err) => return Err(err.to_string()),
        };
        let mut next = plan.clone();
        next.draft.target = self.target;
        next.draft.review_on = review_on;
        next.draft.why = self.why.trim().to_owned();
        next.draft.validate().map_err(|e| e.to_string())?;
        Ok(next)
    }
}

/// The form inside the plan's card; the command to save it, when Save was pressed and
/// the plan as typed is valid.
pub(super) fn plan_form_ui(ui: &mut egui::Ui, view: &mut View<'_>, plan: &Plan) -> Option<Command> {
    let page = view.state.team.open_rep.as_mut()?;
    let form = page.plan_form.as_mut().filter(|f| f.id == plan.id)?;
    let (mut save, mut cancel) = (false, false);
    egui::Grid::new(("plan_form", plan.id.0))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Target");
            egui::ComboBox::from_id_salt(("plan_target", plan.id.0))
                .selected_text(form.target.get().to_string())
                .width(60.0)
                .show_ui(ui, |ui| {
                    for level in (Level::MIN..=Level::MAX).filter_map(Level::new) {
                        ui.selectable_value(&mut form.target, level, level.get().to_string());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Review on");
            let review = ui
                .add(
                    egui::TextEdit::singleline(&mut form.review)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(112.0),
                )
                .labelled_by(label.id);
            save |= review.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.end_row();
            let label = ui.label("Why");
            ui.add(
                egui::TextEdit::singleline(&mut form.why)
                    .char_limit(MAX_WHY_CHARS)
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    if let Some(error) = &form.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
    ui.horizontal(|ui| {
        save |= ui.button("Save the plan").clicked();
        cancel = ui.button("Cancel").clicked();
    });
    if cancel {
        page.plan_form = None;
        return None;
    }
    if !save {
        return None;
    }
    match form.edited(plan) {
        Ok(next) => {
            page.plan_form = None;
            Some(Command::PutPlan(next))
        }
        Err(message) => {
            form.error = Some(message);
            None
        }
    }
}
