//! The add and edit form of a rep. It checks what it can on its own (the date's format)
//! and leaves the rules that need the roster to the command, whose message it shows inline.

use egui::{Key, RichText};

use super::style;
use super::{Origin, View};
use crate::domain::rep::{Rep, RepDraft, RepId, Role, parse_optional_date};
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
    pub error: Option<String>,
    /// Put the cursor in the name field when the form opens.
    pub focus_name: bool,
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
            focus_name: true,
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
            focus_name: true,
        }
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
    let roles = &view.caches.framework.roles;
    let Some(form) = view.state.team.form.as_mut() else {
        return;
    };
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
        match form.command() {
            Ok(command) => {
                form.error = None;
                view.apply(command, Origin::RepForm);
            }
            Err(message) => form.error = Some(message),
        }
    }
}

/// The form's fields in a grid; true when Enter was pressed in a text field, which saves.
fn fields_ui(ui: &mut egui::Ui, form: &mut RepForm, roles: &[Role]) -> bool {
    let mut submit = false;
    egui::Grid::new("rep_form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let name = text_row_ui(ui, "Name", &mut form.name, "Full name");
            // The grid's first, invisible sizing pass cannot take focus; wait for the real one.
            if form.focus_name && !ui.is_sizing_pass() {
                form.focus_name = false;
                name.request_focus();
            }
            submit |= name.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.end_row();

            let label = ui.label("Role");
            let selected = roles
                .iter()
                .find(|r| r.code == form.role)
                .map_or_else(|| form.role.clone(), |r| format!("{} ({})", r.name, r.code));
            egui::ComboBox::from_id_salt("rep_role")
                .selected_text(selected)
                .width(320.0)
                .show_ui(ui, |ui| {
                    for role in roles {
                        ui.selectable_value(
                            &mut form.role,
                            role.code.clone(),
                            format!("{} ({})", role.name, role.code),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let email = text_row_ui(ui, "Email", &mut form.email, "Optional");
            submit |= email.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.end_row();

            let date = text_row_ui(
                ui,
                "Start date",
                &mut form.start_date,
                "YYYY-MM-DD, optional",
            );
            submit |= date.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.end_row();
        });
    submit
}

/// A labelled single-line field in the form's grid; the label also names it for screen
/// readers.
fn text_row_ui(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) -> egui::Response {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(320.0),
    )
    .labelled_by(label.id)
}
