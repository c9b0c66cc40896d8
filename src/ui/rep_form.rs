//! The add and edit form of a rep. On Save it shows every problem at once, each under its
//! field, and puts the cursor in the first; each goes away as it is fixed. The command
//! checks the same rules again, and its own message shows under the form.

use egui::{Key, RichText};

use super::form_grid::{problem_row_ui, text_row_ui};
use super::style;
use super::{Origin, View};
use crate::domain::rep::{
    Rep, RepDraft, RepField, RepId, Role, RosterRules, TypedRep, parse_optional_date,
};
use crate::model::Caches;
use crate::ops::Command;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepForm {
    /// `None` when adding a new rep.
    pub editing: Option<RepId>,
    pub name: String,
    pub role: String,
    pub email: String,
    /// As typed: YYYY-MM-DD or empty.
    pub start_date: String,
    /// What the command refused, about no one field.
    pub error: Option<String>,
    /// The problems found when Save was pressed, each under its field; checked again every
    /// frame from then on, so each leaves as soon as it is fixed.
    pub problems: Vec<(RepField, String)>,
    /// Save was pressed with problems: keep checking.
    pub checked: bool,
    /// The field to put the cursor in: the name when the form opens, the first field with
    /// a problem after Save.
    pub focus: Option<RepField>,
}

impl RepForm {
    pub fn add(default_role: &str) -> RepForm {
        RepForm {
            editing: None,
            name: String::new(),
            role: default_role.to_owned(),
            email: String::new(),
            start_date: String::new(),
            error: None,
            problems: Vec::new(),
            checked: false,
            focus: Some(RepField::Name),
        }
    }

    pub fn edit(rep: &Rep) -> RepForm {
        RepForm {
            editing: Some(rep.id),
            name: rep.name.clone(),
            role: rep.role.clone(),
            email: rep.email.clone(),
            start_date: rep.start_date.map(|d| d.to_string()).unwrap_or_default(),
            error: None,
            problems: Vec::new(),
            checked: false,
            focus: Some(RepField::Name),
        }
    }

    /// Every problem of the form as typed, against the roster as it is.
    fn problems(&self, caches: &Caches) -> Vec<(RepField, String)> {
        let active = caches.active_reps();
        let rules = RosterRules::new(&caches.framework.roles, &active);
        let typed = TypedRep {
            name: &self.name,
            role: &self.role,
            email: &self.email,
            start_date: &self.start_date,
        };
        typed
            .problems(&rules, self.editing)
            .into_iter()
            .map(|(field, error)| (field, error.to_string()))
            .collect()
    }

    fn problems_for(&self, field: RepField) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, message)| message.clone())
    }

    fn command(&self) -> Result<Command, String> {
        let start_date = parse_optional_date(&self.start_date).map_err(|e| e.to_string())?;
        let draft = RepDraft {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            start_date,
        };
        Ok(match self.editing {
            None => Command::AddRep(draft),
            Some(id) => Command::EditRep { id, draft },
        })
    }
}

pub fn rep_form_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let caches = view.caches;
    let roles = &caches.framework.roles;
    let Some(form) = view.state.team.form.as_mut() else {
        return;
    };
    if form.checked {
        form.problems = form.problems(caches);
    }
    let mut submit = false;
    let mut cancel = ui.input(|i| i.key_pressed(Key::Escape));
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_max_width(560.0);
        let title = if form.editing.is_some() {
            "Edit rep"
        } else {
            "Add a rep"
        };
        ui.label(RichText::new(title).strong().size(16.0));
        ui.add_space(6.0);
        submit |= fields_ui(ui, form, roles);
        if let Some(error) = &form.error {
            ui.add_space(4.0);
            ui.colored_label(style::danger(ui.visuals()), error);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let save = if form.editing.is_some() {
                "Save changes"
            } else {
                "Save rep"
            };
            submit |= ui
                .add(egui::Button::new(save).shortcut_text("Enter"))
                .clicked();
            cancel |= ui
                .add(egui::Button::new("Cancel").shortcut_text("Esc"))
                .clicked();
        });
    });
    if cancel {
        view.state.team.form = None;
    } else if submit {
        form.problems = form.problems(caches);
        form.checked = true;
        if let Some((field, _)) = form.problems.first() {
            form.focus = Some(*field);
            return;
        }
        match form.command() {
            Ok(command) => {
                form.error = None;
                view.apply(command, Origin::RepForm);
            }
            Err(message) => form.error = Some(message),
        }
    }
}

/// The form's fields in a grid, each problem in the row under its field; true when Enter
/// was pressed in a text field, which saves.
fn fields_ui(ui: &mut egui::Ui, form: &mut RepForm, roles: &[Role]) -> bool {
    let mut submit = false;
    // The grid's first, invisible sizing pass cannot take focus; wait for the real one.
    let focus = form.focus.filter(|_| !ui.is_sizing_pass());
    let enter = |ui: &egui::Ui, field: &egui::Response| {
        field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
    };
    egui::Grid::new("rep_form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let at = |field| (form.problems_for(field), focus == Some(field));
            let (name, email, date) = (
                at(RepField::Name),
                at(RepField::Email),
                at(RepField::StartDate),
            );
            let role_problem = form.problems_for(RepField::Role);
            let name = text_row_ui(ui, ("Name", "Full name", 320.0), &mut form.name, name);
            submit |= enter(ui, &name);

            let role = role_row_ui(ui, &mut form.role, roles);
            if focus == Some(RepField::Role) {
                role.request_focus();
            }
            problem_row_ui(ui, role_problem);

            let email = text_row_ui(ui, ("Email", "Optional", 320.0), &mut form.email, email);
            submit |= enter(ui, &email);

            let hint = ("Start date", "YYYY-MM-DD, optional", 320.0);
            let date = text_row_ui(ui, hint, &mut form.start_date, date);
            submit |= enter(ui, &date);
        });
    if focus.is_some() {
        form.focus = None;
    }
    submit
}

/// The role picker, named by its label for screen readers.
fn role_row_ui(ui: &mut egui::Ui, code: &mut String, roles: &[Role]) -> egui::Response {
    let label = ui.label("Role");
    let selected = roles
        .iter()
        .find(|r| r.code == *code)
        .map_or_else(|| code.clone(), |r| format!("{} ({})", r.name, r.code));
    let response = egui::ComboBox::from_id_salt("rep_role")
        .selected_text(selected)
        .width(320.0)
        .show_ui(ui, |ui| {
            for role in roles {
                let text = format!("{} ({})", role.name, role.code);
                ui.selectable_value(code, role.code.clone(), text);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    response
}
