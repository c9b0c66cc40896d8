//! Feeding the window one focus change at a time.
//!
//! A loaded machine draws a frame every 0.1-0.3 s while a manager types ten keys a second,
//! and egui hands a frame all of its events at once. A click then surrenders the focused
//! field before that field reads the keys typed just before the click, so those keys were
//! lost; keys typed after a Tab or a shortcut went to the field that had focus before it.
//! So a frame takes events only up to the first one that can move focus, and the rest wait
//! for the next frame, which is asked for at once. The result is the same whether the keys
//! arrive one per frame or all in one frame.
//!
//! Screens that change which field takes keys (quick capture's steps) hold keys back the
//! same way, through [`defer_keys_from`].

use egui::{Event, Key, RawInput};

/// The events waiting for a later frame, oldest first, kept in the context's memory so a
/// screen can add to them while it draws.
#[derive(Clone, Default)]
struct Waiting {
    events: Vec<Event>,
    /// Set once [`pace_raw_input`] ran: from then on it puts waiting events first, and
    /// [`take_leftovers`] leaves them alone (a frame can draw more than one pass).
    paced: bool,
}

fn waiting_id() -> egui::Id {
    egui::Id::unique("coachbook_waiting_events")
}

/// A key that changes which field has focus, submits, closes, or runs a shortcut.
fn moves_focus(event: &Event) -> bool {
    match event {
        Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } => {
            matches!(key, Key::Tab | Key::Enter | Key::Escape)
                || modifiers.ctrl
                || modifiers.command
                || modifiers.alt
                || modifiers.mac_cmd
        }
        _ => false,
    }
}

/// A click, or a screen reader's action: either can move focus to another field.
fn is_pointer_or_action(event: &Event) -> bool {
    matches!(
        event,
        Event::PointerButton { .. } | Event::AccessKitActionRequest(_)
    )
}

/// An event that changes the text of the focused field.
pub fn edits_text(event: &Event) -> bool {
    match event {
        Event::Text(_) | Event::Paste(_) | Event::Cut | Event::Ime(_) => true,
        Event::Key {
            key, pressed: true, ..
        } => matches!(key, Key::Backspace | Key::Delete),
        _ => false,
    }
}

/// An event from the keyboard, which the focused field reads.
pub fn is_keyboard(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Paste(_)
            | Event::Cut
            | Event::Copy
            | Event::Ime(_)
            | Event::Key { .. }
    )
}

/// How many of `events` one frame takes: up to and including the first key that moves
/// focus; a click or a screen reader's action in a frame of its own, so the keys typed
/// before it reach their field first.
pub fn frame_len(events: &[Event]) -> usize {
    let mut typed = false;
    for (index, event) in events.iter().enumerate() {
        if is_pointer_or_action(event) {
            return if typed { index } else { index + 1 };
        }
        if moves_focus(event) {
            return index + 1;
        }
        typed |= is_keyboard(event);
    }
    events.len()
}

/// Called before each frame with what the system sent: puts the events that waited
/// first, and keeps back whatever comes after the frame's first focus change.
pub fn pace_raw_input(ctx: &egui::Context, raw: &mut RawInput) {
    let mut events = ctx.data_mut(|d| {
        let waiting = d.get_temp_mut_or_default::<Waiting>(waiting_id());
        waiting.paced = true;
        std::mem::take(&mut waiting.events)
    });
    events.append(&mut raw.events);
    let later = events.split_off(frame_len(&events));
    raw.events = events;
    ctx.data_mut(|d| d.get_temp_mut_or_default::<Waiting>(waiting_id()).events = later);
}

/// At the start of a frame, where no input passes [`pace_raw_input`] (a test harness
/// that draws frames itself): the keys that waited go first into this frame.
pub fn take_leftovers(ctx: &egui::Context) {
    let leftovers = ctx.data_mut(|d| {
        let waiting = d.get_temp_mut_or_default::<Waiting>(waiting_id());
        if waiting.paced {
            Vec::new()
        } else {
            std::mem::take(&mut waiting.events)
        }
    });
    if !leftovers.is_empty() {
        ctx.input_mut(|i| {
            i.events.splice(0..0, leftovers);
        });
    }
}

/// Holds back the keyboard events of this frame from `index` on, ahead of any already
/// waiting, for the next frame. Clicks stay: the pointer already acted on them.
pub fn defer_keys_from(ctx: &egui::Context, index: usize) {
    let held = ctx.input_mut(|i| {
        let mut kept = Vec::with_capacity(i.events.len());
        let mut held = Vec::new();
        for (position, event) in std::mem::take(&mut i.events).into_iter().enumerate() {
            if position >= index && is_keyboard(&event) {
                held.push(event);
            } else {
                kept.push(event);
            }
        }
        i.events = kept;
        held
    });
    if held.is_empty() {
        return;
    }
    ctx.data_mut(|d| {
        let waiting = d.get_temp_mut_or_default::<Waiting>(waiting_id());
        waiting.events.splice(0..0, held);
    });
}

/// Whether events wait for a frame; the app then asks for one at once.
pub fn has_waiting(ctx: &egui::Context) -> bool {
    ctx.data(|d| {
        d.get_temp::<Waiting>(waiting_id())
            .is_some_and(|w| !w.events.is_empty())
    })
}

/// A close asked while keys still wait for a frame is put off until they have reached
/// their fields. True in the frame in which the window closes, when the caller saves
/// everything typed; `closing` remembers a close put off.
pub fn close_after_waiting(ctx: &egui::Context, closing: &mut bool) -> bool {
    let asked = ctx.input(|i| i.viewport().close_requested());
    if !asked && !*closing {
        return false;
    }
    if has_waiting(ctx) {
        if asked {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        *closing = true;
        return false;
    }
    if std::mem::take(closing) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Modifiers, PointerButton, pos2};
    use proptest::prelude::*;

    fn text(t: &str) -> Event {
        Event::Text(t.to_owned())
    }

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn button(pressed: bool) -> Event {
        Event::PointerButton {
            pos: pos2(10.0, 10.0),
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn a_click_after_typing_waits_for_the_next_frame() {
        let events = [
            text("te"),
            text("st"),
            button(true),
            button(false),
            text("x"),
        ];
        assert_eq!(frame_len(&events), 2);
        assert_eq!(frame_len(&events[2..]), 1);
        assert_eq!(frame_len(&events[3..]), 1);
        assert_eq!(frame_len(&events[4..]), 1);
    }

    #[test]
    fn keys_after_a_tab_or_a_shortcut_wait() {
        let events = [text("a"), key(Key::Tab, Modifiers::NONE), text("b")];
        assert_eq!(frame_len(&events), 2);
        let events = [key(Key::K, Modifiers::COMMAND), text("jo")];
        assert_eq!(frame_len(&events), 1);
        let events = [key(Key::A, Modifiers::SHIFT), text("A"), text("b")];
        assert_eq!(frame_len(&events), 3);
    }

    fn any_event() -> impl Strategy<Value = Event> {
        prop_oneof![
            "[a-z]{1,3}".prop_map(Event::Text),
            Just(key(Key::Tab, Modifiers::NONE)),
            Just(key(Key::Enter, Modifiers::NONE)),
            Just(key(Key::Backspace, Modifiers::NONE)),
            Just(key(Key::K, Modifiers::COMMAND)),
            Just(button(true)),
            Just(button(false)),
            Just(Event::PointerMoved(pos2(3.0, 4.0))),
        ]
    }

    proptest! {
        /// Pacing never drops, duplicates or reorders an event, every frame moves on, and
        /// no frame holds keys before a click or anything after a focus change.
        #[test]
        fn frames_keep_every_event_in_order(events in prop::collection::vec(any_event(), 0..40)) {
            let mut rest = events.as_slice();
            let mut replayed = Vec::new();
            while !rest.is_empty() {
                let len = frame_len(rest);
                prop_assert!(len >= 1);
                let frame = &rest[..len];
                for (i, event) in frame.iter().enumerate() {
                    if moves_focus(event) {
                        prop_assert_eq!(i, len - 1);
                    }
                    if is_pointer_or_action(event) {
                        prop_assert!(frame[..i].iter().all(|e| !is_keyboard(e)));
                        prop_assert_eq!(i, len - 1);
                    }
                }
                replayed.extend_from_slice(frame);
                rest = &rest[len..];
            }
            prop_assert_eq!(replayed, events);
        }
    }
}
