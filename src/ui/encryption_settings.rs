//! Settings' encryption part: whether the data file is encrypted, "Encrypt this file"
//! with a passphrase typed twice, a new passphrase, decrypting it, and the keychain.

use egui::RichText;

use super::{Request, View, style};
use crate::domain::passphrase::{MIN_NEW_CHARS, Passphrase};

/// The form open in a modal, if any.
#[derive(Default)]
pub struct EncryptionForms {
    pub new_key: Option<NewKeyForm>,
    pub confirm_decrypt: bool,
}

#[derive(Default)]
pub struct NewKeyForm {
    pub first: String,
    pub again: String,
    pub remember: bool,
    pub problem: Option<String>,
    /// The first field took the cursor when the form opened (once, so a click elsewhere
    /// stays where it went).
    pub focused: bool,
}

pub fn encryption_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Encryption").strong().size(17.0));
    let busy = view.state.settings.swapping.is_some();
    if view.state.settings.encrypted {
        ui.label(
            "This data file and its backups are encrypted (SQLCipher, AES-256): without the \
             passphrase they read as noise. Rep files and reports you write are not: they are \
             meant to be read by the rep.",
        );
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(!busy, egui::Button::new("Change the passphrase…"))
                .clicked()
            {
                view.state.settings.encryption.new_key = Some(NewKeyForm::default());
            }
            if ui
                .add_enabled(!busy, egui::Button::new("Decrypt this file…"))
                .clicked()
            {
                view.state.settings.encryption.confirm_decrypt = true;
            }
            // The keychain follows a change of passphrase when it is done, not during.
            if ui
                .add_enabled(
                    !busy,
                    egui::Button::new("Remember the passphrase in the keychain"),
                )
                .clicked()
            {
                view.request(Request::Keychain(true));
            }
            if ui
                .add_enabled(!busy, egui::Button::new("Forget it from the keychain"))
                .clicked()
            {
                view.request(Request::Keychain(false));
            }
        });
    } else {
        ui.label(
            "This data file is not encrypted: anyone who can read the file (on a lost laptop, \
             say) can read your coaching notes. Encrypt it with a passphrase; its backups are \
             encrypted too.",
        );
        if ui
            .add_enabled(!busy, egui::Button::new("Encrypt this file…"))
            .clicked()
        {
            view.state.settings.encryption.new_key = Some(NewKeyForm::default());
        }
    }
}

/// The modals: the new passphrase, and the confirmation to decrypt.
pub fn encryption_forms_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    new_key_ui(ui, view);
    confirm_decrypt_ui(ui, view);
}

fn new_key_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let encrypted = view.state.settings.encrypted;
    let Some(form) = view.state.settings.encryption.new_key.as_mut() else {
        return;
    };
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("new_passphrase")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        let title = if encrypted {
            "Change the passphrase"
        } else {
            "Encrypt this file"
        };
        ui.label(RichText::new(title).strong().size(17.0));
        ui.add_space(6.0);
        ui.label(format!(
            "Choose a passphrase of at least {MIN_NEW_CHARS} characters; a few words you will \
             remember are best. If it is forgotten, nothing can open the file or its backups."
        ));
        ui.add_space(8.0);
        let enter = passphrase_fields_ui(ui, form);
        ui.checkbox(
            &mut form.remember,
            "Remember it in this computer's keychain",
        );
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let go = if encrypted { "Change it" } else { "Encrypt" };
            if ui.button(go).clicked() || enter {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    match answer {
        Some(true) => match Passphrase::to_encrypt(&form.first, &form.again) {
            Ok(to) => {
                let remember = form.remember;
                view.state.settings.encryption.new_key = None;
                view.request(Request::ChangePassphrase {
                    to: Some(to),
                    remember,
                });
            }
            Err(err) => form.problem = Some(err.to_string()),
        },
        Some(false) => view.state.settings.encryption.new_key = None,
        None => {}
    }
}

/// The two fields and the problem under them; `true` when Enter was pressed in the second.
fn passphrase_fields_ui(ui: &mut egui::Ui, form: &mut NewKeyForm) -> bool {
    let mut enter = false;
    egui::Grid::new("new_passphrase_fields")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Passphrase");
            let first = ui
                .add(
                    egui::TextEdit::singleline(&mut form.first)
                        .password(true)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if !std::mem::replace(&mut form.focused, true) {
                first.request_focus();
            }
            ui.end_row();
            let label = ui.label("Again");
            let again = ui
                .add(
                    egui::TextEdit::singleline(&mut form.again)
                        .password(true)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            enter = again.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.end_row();
            if let Some(problem) = &form.problem {
                ui.label("");
                ui.colored_label(style::danger(ui.visuals()), problem);
                ui.end_row();
            }
        });
    enter
}

fn confirm_decrypt_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if !view.state.settings.encryption.confirm_decrypt {
        return;
    }
    let answer = super::settings::confirm_ui(
        ui,
        "confirm_decrypt",
        "Decrypt this file",
        "The data file and its backups become plain files again: anyone who can read them \
         can read your notes. A backup is made first.",
        "Decrypt",
    );
    if let Some(decrypt) = answer {
        view.state.settings.encryption.confirm_decrypt = false;
        if decrypt {
            view.request(Request::ChangePassphrase {
                to: None,
                remember: false,
            });
        }
    }
}
