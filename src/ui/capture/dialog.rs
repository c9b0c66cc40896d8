//! The quick-capture dialog as drawn: one row per step (rep, skill, rating, evidence), the
//! lines kept from the same call, and the buttons. The keys are read in the parent module.

use egui::RichText;

use super::state::{CaptureState, Step, pick, rep_candidates, skill_candidates, skill_name};
use crate::domain::fuzzy;
use crate::domain::observation::{CallContext, Visibility};
use crate::domain::{Level, Rating};
use crate::model::Caches;
use crate::ui::style;

pub(super) fn dialog_ui(
    ui: &mut egui::Ui,
    state: &mut CaptureState,
    caches: &Caches,
    save: &mut bool,
    close: &mut bool,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Capture an observation").strong().size(17.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::TextEdit::singleline(&mut state.date).desired_width(96.0))
                .labelled_by(ui.label("Date").id);
        });
    });
    ui.add_space(6.0);

    // A new dialog's first pass only measures itself and cannot take focus; wait for the
    // pass that is shown.
    let focus = state.focus && !ui.is_sizing_pass();
    if focus {
        state.focus = false;
    }
    rep_step_ui(ui, state, caches, focus);
    skill_step_ui(ui, state, caches, focus);
    rating_step_ui(ui, state, caches);
    evidence_step_ui(ui, state, caches, focus);
    kept_lines_ui(ui, state, caches);

    if let Some(error) = &state.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
    ui.add_space(4.0);
    ui.weak("Enter saves. Ctrl+Enter keeps this skill and adds another from the same call. Esc cancels.");
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            *save |= ui
                .add(egui::Button::new(RichText::new("Save").strong()).shortcut_text("Enter"))
                .clicked();
            if ui.button("Add another skill").clicked() {
                match state.keep_line(caches) {
                    Ok(()) => {
                        state.error = None;
                        state.go(Step::Skill);
                    }
                    Err(message) => state.error = Some(message),
                }
            }
            *close |= ui.button("Cancel").clicked();
        });
    });
}

/// The rep: a field with suggestions while it is being picked, its name once it is.
fn rep_step_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches, focus: bool) {
    ui.horizontal(|ui| {
        if state.step == Step::Rep {
            let hint = "Type a few letters of the name";
            if picker_field_ui(ui, "Rep", &mut state.rep_query, hint, focus) {
                state.highlighted = 0;
            }
        } else {
            ui.label(RichText::new("Rep").strong());
            let name = state
                .rep
                .and_then(|id| caches.rep(id))
                .map_or_else(String::new, |r| r.rep.name.clone());
            ui.label(RichText::new(name).size(15.5));
            if ui.small_button("Change").clicked() {
                state.rep_query.clear();
                state.go(Step::Rep);
            }
        }
    });
    if state.step == Step::Rep {
        let candidates = rep_candidates(caches, &state.rep_query);
        let names = candidates.iter().map(|(_, n)| n.clone()).collect();
        if let Some(index) = suggestions_ui(ui, names, state.pointed(&state.rep_query)) {
            state.highlighted = index;
            state.browsed = true;
            pick(state, caches);
        }
    }
}

/// The skill: a field with suggestions while it is being picked, its name once it is.
fn skill_step_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches, focus: bool) {
    ui.horizontal(|ui| {
        if state.step == Step::Skill {
            let hint = "Letters of the skill or bucket, then 1-5";
            if picker_field_ui(ui, "Skill", &mut state.skill_query, hint, focus) {
                state.highlighted = 0;
            }
            return;
        }
        ui.label(RichText::new("Skill").strong());
        if let Some(id) = state.skill {
            ui.label(RichText::new(skill_name(caches, id)).size(15.5));
            if ui.small_button("Change").clicked() {
                state.skill = None;
                state.rating = None;
                state.skill_query.clear();
                state.go(Step::Skill);
            }
        } else {
            ui.weak("Choose the rep first");
        }
    });
    if state.step == Step::Skill {
        let candidates = skill_candidates(caches, &state.skill_query);
        let names = candidates
            .iter()
            .map(|s| format!("{}  ({})", s.name, s.bucket.title()))
            .collect();
        if let Some(index) = suggestions_ui(ui, names, state.pointed(&state.skill_query)) {
            state.highlighted = index;
            state.browsed = true;
            pick(state, caches);
        }
    }
}

/// Rating, with the rubric anchors of the chosen (or best-matching) skill beside the keys.
fn rating_step_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches) {
    // While a skill is being chosen, the rubric follows the suggestion Enter would take;
    // an empty field points at none, so no rubric of an unchosen skill shows.
    let rubric_skill = if state.step == Step::Skill {
        state.pointed(&state.skill_query).and_then(|index| {
            skill_candidates(caches, &state.skill_query)
                .get(index)
                .copied()
        })
    } else {
        state.skill.and_then(|id| caches.framework.skill(id))
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new("Rating").strong());
        for level in 1..=5 {
            let value = Level::new(level)
                .map(Rating::Rated)
                .unwrap_or(Rating::NotObserved);
            let chosen = state.rating == Some(value);
            if ui
                .add(egui::Button::selectable(chosen, format!(" {level} ")))
                .on_hover_text(format!("Rate {level} (key {level})"))
                .clicked()
                && state.skill.is_some()
            {
                state.rating = Some(value);
                state.go(Step::Evidence);
            }
        }
        let chosen = state.rating == Some(Rating::NotObserved);
        if ui
            .add(egui::Button::selectable(chosen, " N "))
            .on_hover_text("Not observed (key N at the rating step)")
            .clicked()
            && state.skill.is_some()
        {
            state.rating = Some(Rating::NotObserved);
            state.go(Step::Evidence);
        }
        if state.step == Step::Rating {
            ui.weak("Press 1-5, or N for not observed");
        }
    });
    if let Some(skill) = rubric_skill {
        egui::Grid::new("capture_rubric")
            .num_columns(2)
            .spacing([8.0, 2.0])
            .show(ui, |ui| {
                for (level, text) in skill.rubric.anchors() {
                    ui.weak(format!("{level}"));
                    ui.add(egui::Label::new(RichText::new(text).small()).wrap());
                    ui.end_row();
                }
            });
    }
}

/// The evidence, then the call's context and account, with accounts written before.
fn evidence_step_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches, focus: bool) {
    let label = ui.label(RichText::new("Evidence").strong());
    let evidence = ui
        .add(
            egui::TextEdit::multiline(&mut state.evidence)
                .hint_text("What did the rep say or do? (Shift+Enter for a new line)")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if focus && state.step == Step::Evidence {
        evidence.request_focus();
    }

    ui.horizontal(|ui| {
        let label = ui.label("Context");
        egui::ComboBox::from_id_salt("capture_context")
            .selected_text(state.context.label())
            .width(150.0)
            .show_ui(ui, |ui| {
                for context in CallContext::ALL {
                    ui.selectable_value(&mut state.context, context, context.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Account");
        ui.add(
            egui::TextEdit::singleline(&mut state.account)
                .hint_text("Optional")
                .desired_width(200.0),
        )
        .labelled_by(label.id);
    });
    account_suggestions_ui(ui, state, caches);
    let mut private = state.visibility == Visibility::Private;
    ui.checkbox(&mut private, "Private: only you see it (Ctrl+P)")
        .on_hover_text("Private observations never go into the rep's report or rep file");
    state.visibility = if private {
        Visibility::Private
    } else {
        Visibility::Shared
    };
}

/// The skills already kept from this call ("Add another skill"), each with Remove.
fn kept_lines_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches) {
    if !state.lines.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(format!("Also from this call ({})", state.lines.len())).strong());
        let mut remove = None;
        for (index, line) in state.lines.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}: {}",
                    skill_name(caches, line.skill),
                    line.rating.label()
                ));
                ui.weak(line.evidence.chars().take(60).collect::<String>());
                if ui.small_button("Remove").clicked() {
                    remove = Some(index);
                }
            });
        }
        if let Some(index) = remove {
            state.lines.remove(index);
        }
    }
}

/// The labelled field in which a rep or a skill is picked by typing; true when the text
/// changed, so the first suggestion is highlighted again.
fn picker_field_ui(
    ui: &mut egui::Ui,
    label: &str,
    query: &mut String,
    hint: &str,
    focus: bool,
) -> bool {
    let label = ui.label(RichText::new(label).strong());
    let field = ui
        .add(
            egui::TextEdit::singleline(query)
                .hint_text(hint)
                .desired_width(300.0),
        )
        .labelled_by(label.id);
    if focus {
        field.request_focus();
    }
    field.changed()
}

/// Accounts written before that match what is typed, one click away; an exact match
/// needs no suggestion.
fn account_suggestions_ui(ui: &mut egui::Ui, state: &mut CaptureState, caches: &Caches) {
    let typed = state.account.trim();
    let Some(log) = caches.log.log() else {
        return;
    };
    if typed.is_empty() || log.accounts().iter().any(|a| a == typed) {
        return;
    }
    let known: Vec<&String> = log.accounts().iter().filter(|a| !a.is_empty()).collect();
    let matches = fuzzy::rank(typed, &known, |a| a.to_string());
    if matches.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Known accounts:");
        for account in matches.into_iter().take(4) {
            if ui.small_button(account.as_str()).clicked() {
                state.account = account.to_string();
            }
        }
    });
}

/// The best matches under a field; Enter or Tab takes the highlighted one, a click any.
/// Before a letter or an arrow key, none is highlighted: Enter would take none.
fn suggestions_ui(
    ui: &mut egui::Ui,
    names: Vec<String>,
    highlighted: Option<usize>,
) -> Option<usize> {
    let mut clicked = None;
    ui.indent("suggestions", |ui| {
        if names.is_empty() {
            ui.weak("No match");
        }
        for (index, name) in names.into_iter().enumerate() {
            if ui
                .selectable_label(highlighted == Some(index), name)
                .clicked()
            {
                clicked = Some(index);
            }
        }
    });
    clicked
}
