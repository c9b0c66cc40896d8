//! Quick capture: what a manager saw on a call, recorded in a few keys.
//!
//! Ctrl+K opens it from any screen. With the rep remembered from the last capture, a
//! rating takes five keys besides the evidence: Ctrl+K, two letters of the skill, the
//! rating digit (which also picks the best-matching skill), and Enter.

mod state;

use egui::{Event, Key, KeyboardShortcut, Modifiers, RichText};

pub use state::{CaptureMemory, CaptureState, Step};
use state::{pick, rating_key, rep_candidates, skill_candidates, skill_name};

use super::{Intent, Origin, View, pacing, style};
use crate::app::Caches;
use crate::domain::fuzzy;
use crate::domain::observation::CallContext;
use crate::domain::{Level, Rating};

pub const SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);

/// A button that opens the dialog, for screens where a manager looks for one.
pub fn capture_button_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if ui
        .add(egui::Button::new("Capture observation").shortcut_text("Ctrl+K"))
        .on_hover_text("Record what you saw on a call: rep, skill, rating, evidence")
        .clicked()
    {
        open(view);
    }
}

/// Opens the dialog for a rep in a session: the rep is set, and the observations are
/// linked to the session once it is stored.
pub fn open_for_session(
    view: &mut View<'_>,
    rep: crate::domain::rep::RepId,
    key: crate::domain::schedule::OccurrenceKey,
) {
    let mut state = CaptureState::open(&view.state.capture_memory, Some(rep), view.today);
    state.session = Some((rep, key));
    view.state.capture = Some(state);
}

/// Opens the dialog where the manager is: in a session's workspace, for that session
/// (exactly as its "Capture observation" button); on a rep's page, for that rep.
fn open(view: &mut View<'_>) {
    if view.state.screen == super::Screen::Session
        && let Some((rep, key)) = view.caches.session.as_ref().map(|s| (s.rep, s.key))
    {
        open_for_session(view, rep, key);
        return;
    }
    let rep = view.state.team.open_rep.as_ref().map(|p| p.rep);
    let rep = rep.filter(|_| view.state.screen == super::Screen::Team);
    view.state.capture = Some(CaptureState::open(
        &view.state.capture_memory,
        rep,
        view.today,
    ));
}

/// Keys that act on the dialog rather than on the field with the cursor, taken out of the
/// input before the fields are drawn, so that "4" rates instead of being typed.
///
/// The dialog moves between fields as keys arrive, so it reads them in order and acts on at
/// most one per frame: letters typed before an action wait for their field to take them
/// first, and keys after an action wait for the next field to have focus. A burst of keys
/// in one frame thus ends exactly as the same keys one per frame (see [`pacing`]).
fn handle_keys_ui(ui: &mut egui::Ui, state: &mut CaptureState) -> Option<Action> {
    let ctx = ui.ctx().clone();
    if state.focus {
        pacing::defer_keys_from(&ctx, 0);
        return None;
    }
    let (index, action) = ui.input(|input| {
        let mut typed = false;
        for (index, event) in input.events.iter().enumerate() {
            if let Some(action) = action_of(event, state.step) {
                return (index, (!typed).then_some(action));
            }
            typed |= pacing::edits_text(event);
        }
        (input.events.len(), None)
    });
    if action.is_some() {
        ui.input_mut(|input| input.events.remove(index));
    }
    pacing::defer_keys_from(&ctx, index);
    action
}

/// What a key does to the dialog at `step`, if anything beyond typing.
fn action_of(event: &Event, step: Step) -> Option<Action> {
    let Event::Key {
        key,
        pressed: true,
        modifiers,
        ..
    } = event
    else {
        return match event {
            Event::Text(text) if matches!(step, Step::Skill | Step::Rating) => {
                rating_key(text, step).map(Action::Rate)
            }
            _ => None,
        };
    };
    let plain = modifiers.is_none() || *modifiers == Modifiers::SHIFT;
    match (step, key) {
        (_, Key::Escape) => Some(Action::Escape),
        (Step::Rep | Step::Skill, Key::ArrowDown) if plain => Some(Action::Move(1)),
        (Step::Rep | Step::Skill, Key::ArrowUp) if plain => Some(Action::Move(-1)),
        (Step::Rep | Step::Skill, Key::Enter | Key::Tab) if plain => Some(Action::Pick),
        (Step::Rating, Key::Backspace) if plain => Some(Action::Back),
        (Step::Evidence, Key::Enter) if modifiers.command => Some(Action::AddAnother),
        (Step::Evidence, Key::Enter) if modifiers.is_none() => Some(Action::Save),
        _ => None,
    }
}

enum Action {
    Escape,
    /// The highlighted suggestion moves down (+1) or up (-1).
    Move(i32),
    Pick,
    Rate(Result<Rating, String>),
    Back,
    AddAnother,
    Save,
}

pub fn capture_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if view.state.capture.is_none() {
        if ui.input_mut(|i| i.consume_shortcut(&SHORTCUT)) {
            open(view);
        } else {
            return;
        }
    }
    let caches = view.caches;
    let Some(state) = view.state.capture.as_mut() else {
        return;
    };
    let mut close = false;
    let mut save = false;
    match handle_keys_ui(ui, state) {
        Some(Action::Escape) => {
            if state.has_content() && !state.confirm_discard {
                state.confirm_discard = true;
                state.error = Some("Press Esc again to discard what you typed.".to_owned());
            } else {
                close = true;
            }
        }
        Some(Action::Move(step)) => {
            let count = match state.step {
                Step::Rep => rep_candidates(caches, &state.rep_query).len(),
                _ => skill_candidates(caches, &state.skill_query).len(),
            };
            state.highlighted = state
                .highlighted
                .saturating_add_signed(step as isize)
                .min(count.saturating_sub(1));
        }
        Some(Action::Pick) => pick(state, caches),
        Some(Action::Rate(Ok(rating))) => {
            if state.step == Step::Skill {
                pick(state, caches);
            }
            if state.skill.is_some() {
                state.rating = Some(rating);
                state.error = None;
                state.go(Step::Evidence);
            }
        }
        Some(Action::Rate(Err(message))) => state.error = Some(message),
        Some(Action::Back) => state.go(Step::Skill),
        Some(Action::AddAnother) => match state.keep_line(caches) {
            Ok(()) => {
                state.error = None;
                state.go(Step::Skill);
            }
            Err(message) => state.error = Some(message),
        },
        Some(Action::Save) => save = true,
        None => {}
    }
    let response = egui::Modal::new(egui::Id::unique("quick_capture")).show(ui.ctx(), |ui| {
        ui.set_width(620.0);
        dialog_ui(ui, state, caches, &mut save, &mut close);
    });
    let _ = response;
    if close {
        view.state.capture = None;
        return;
    }
    if save {
        match state.command(caches) {
            Ok(command) => view.outbox.push(Intent::Apply(command, Origin::Capture)),
            Err(message) => state.error = Some(message),
        }
    }
}

fn dialog_ui(
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
    // Rep
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
        if let Some(index) = suggestions_ui(ui, names, state.highlighted) {
            state.highlighted = index;
            pick(state, caches);
        }
    }

    // Skill
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
        if let Some(index) = suggestions_ui(ui, names, state.highlighted) {
            state.highlighted = index;
            pick(state, caches);
        }
    }

    // Rating, with the rubric anchors of the chosen (or best-matching) skill beside the keys.
    let rubric_skill = state
        .skill
        .and_then(|id| caches.framework.skill(id))
        .or_else(|| {
            (state.step == Step::Skill)
                .then(|| {
                    skill_candidates(caches, &state.skill_query)
                        .get(state.highlighted)
                        .copied()
                })
                .flatten()
        });
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

    // Evidence
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

    if let Some(error) = &state.error {
        ui.colored_label(style::DANGER, error);
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
fn suggestions_ui(ui: &mut egui::Ui, names: Vec<String>, highlighted: usize) -> Option<usize> {
    let mut clicked = None;
    ui.indent("suggestions", |ui| {
        if names.is_empty() {
            ui.weak("No match");
        }
        for (index, name) in names.into_iter().enumerate() {
            if ui.selectable_label(index == highlighted, name).clicked() {
                clicked = Some(index);
            }
        }
    });
    clicked
}
