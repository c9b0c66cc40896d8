//! Quick capture: what a manager saw on a call, recorded in a few keys.
//!
//! Ctrl+K opens it from any screen. With the rep remembered from the last capture, a
//! rating takes five keys besides the evidence: Ctrl+K, two letters of the skill, the
//! rating digit (which also picks the best-matching skill), and Enter.

mod dialog;
mod state;

use egui::{Event, Key, KeyboardShortcut, Modifiers};

pub use state::{CaptureMemory, CaptureState, Step};
use state::{pick, rating_key, rep_candidates, skill_candidates};

use super::{Origin, View, pacing};
use crate::domain::Rating;
use crate::domain::observation::Visibility;

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
    let mut state = CaptureState::open(
        &view.state.capture_memory,
        Some(rep),
        view.today,
        view.state.settings.capture_visibility,
    );
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
        view.state.settings.capture_visibility,
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
        (_, Key::P) if modifiers.command && !modifiers.shift => Some(Action::TogglePrivate),
        // Shift+Tab goes back through the fields as everywhere else; it picks nothing.
        (Step::Rep | Step::Skill, Key::Tab) if modifiers.is_none() => Some(Action::Tab),
        (Step::Rep | Step::Skill, Key::ArrowDown) if plain => Some(Action::Move(1)),
        (Step::Rep | Step::Skill, Key::ArrowUp) if plain => Some(Action::Move(-1)),
        (Step::Rep | Step::Skill, Key::Enter) if plain => Some(Action::Pick),
        (Step::Rating, Key::Backspace) if plain => Some(Action::Back),
        (Step::Evidence, Key::Enter) if modifiers.command => Some(Action::AddAnother),
        (Step::Evidence, Key::Enter) if modifiers.is_none() => Some(Action::Save),
        _ => None,
    }
}

enum Action {
    Escape,
    TogglePrivate,
    /// The highlighted suggestion moves down (+1) or up (-1).
    Move(i32),
    Pick,
    /// Takes the suggestion pointed at, or with none moves on to the next control.
    Tab,
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
    let (mut close, mut save) = match handle_keys_ui(ui, state) {
        Some(action) => act_ui(ui, state, caches, action),
        None => (false, false),
    };
    egui::Modal::new(egui::Id::unique("quick_capture")).show(ui.ctx(), |ui| {
        ui.set_width(620.0);
        dialog::dialog_ui(ui, state, caches, &mut save, &mut close);
    });
    if close {
        view.state.capture = None;
        return;
    }
    if save {
        match state.command(caches) {
            Ok(command) => view.apply(command, Origin::Capture),
            Err(message) => state.error = Some(message),
        }
    }
}

/// Carries out one key's action; returns whether the dialog closes and whether it saves.
fn act_ui(
    ui: &mut egui::Ui,
    state: &mut CaptureState,
    caches: &crate::model::Caches,
    action: Action,
) -> (bool, bool) {
    match action {
        Action::Escape => {
            if state.has_content() && !state.confirm_discard {
                state.confirm_discard = true;
                state.error = Some("Press Esc again to discard what you typed.".to_owned());
            } else {
                return (true, false);
            }
        }
        Action::TogglePrivate => {
            state.visibility = match state.visibility {
                Visibility::Shared => Visibility::Private,
                Visibility::Private => Visibility::Shared,
            };
        }
        Action::Move(step) => {
            let count = match state.step {
                Step::Rep => rep_candidates(caches, &state.rep_query).len(),
                _ => skill_candidates(caches, &state.skill_query).len(),
            };
            // The first arrow key on an empty field lights the first suggestion.
            if state.pointed(state.query()).is_some() {
                state.highlighted = state
                    .highlighted
                    .saturating_add_signed(step as isize)
                    .min(count.saturating_sub(1));
            }
            state.browsed = true;
        }
        Action::Pick => pick(state, caches),
        Action::Tab => {
            if state.pointed(state.query()).is_some() {
                pick(state, caches);
            } else {
                ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
            }
        }
        Action::Rate(Ok(rating)) => {
            if state.step == Step::Skill {
                pick(state, caches);
            }
            if state.skill.is_some() {
                state.rating = Some(rating);
                state.error = None;
                state.go(Step::Evidence);
            }
        }
        Action::Rate(Err(message)) => state.error = Some(message),
        Action::Back => state.back_to_skill(),
        Action::AddAnother => match state.keep_line(caches) {
            Ok(()) => {
                state.error = None;
                state.go(Step::Skill);
            }
            Err(message) => state.error = Some(message),
        },
        Action::Save => return (false, true),
    }
    (false, false)
}
