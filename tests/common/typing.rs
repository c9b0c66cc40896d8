//! Typing as a person does on a loaded machine: many keys and clicks in one frame, fed
//! to the app the way the real window feeds them (through its input hook).

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

/// One frame drawn as eframe draws it: the app first sees the raw input
/// (`raw_input_hook`, which paces it), then draws.
pub fn frame<A: eframe::App>(harness: &mut Harness<'_, A>) {
    let ctx = harness.ctx.clone();
    let mut input = harness.input_mut().clone();
    harness.state_mut().raw_input_hook(&ctx, &mut input);
    harness.input_mut().events = input.events;
    harness.step();
}

/// Frames until no event waits and the app asks for nothing more, as the window would
/// draw them; panics when that never happens.
pub fn frames_until_quiet<A: eframe::App>(harness: &mut Harness<'_, A>) {
    for _ in 0..2000 {
        frame(harness);
        let waiting = coachbook::ui::pacing::has_waiting(&harness.ctx);
        if !waiting && harness.input().events.is_empty() {
            frame(harness);
            return;
        }
    }
    panic!("events still waited after 2000 frames");
}

/// Feeds `events` split into frames after the positions in `cuts` (an empty `cuts` puts
/// them all in one frame), then draws until quiet.
pub fn feed<A: eframe::App>(harness: &mut Harness<'_, A>, events: &[Event], cuts: &[usize]) {
    let mut start = 0;
    for &cut in cuts.iter().filter(|&&c| c > 0 && c < events.len()) {
        if cut <= start {
            continue;
        }
        harness
            .input_mut()
            .events
            .extend_from_slice(&events[start..cut]);
        frame(harness);
        start = cut;
    }
    harness
        .input_mut()
        .events
        .extend_from_slice(&events[start..]);
    frames_until_quiet(harness);
}

/// The events of typing `text`, one per character.
pub fn typed(text: &str) -> Vec<Event> {
    text.chars().map(|c| Event::Text(c.to_string())).collect()
}

/// A key pressed and let go.
pub fn key(key: Key, modifiers: Modifiers) -> Vec<Event> {
    [true, false]
        .into_iter()
        .map(|pressed| Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
        .collect()
}

/// A click of the primary button at `pos`.
pub fn click_at(pos: Pos2) -> Vec<Event> {
    let mut events = vec![Event::PointerMoved(pos)];
    events.extend(
        [true, false]
            .into_iter()
            .map(|pressed| Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            }),
    );
    events
}
