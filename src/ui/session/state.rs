//! What the session workspace holds between frames: which session is open, the texts as
//! typed, and which of them wait to be saved.

use std::collections::HashMap;

use crate::domain::Bucket;
use crate::domain::commitment::Owner;
use crate::domain::rep::RepId;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::SessionField;
use crate::model::session_view::SessionView;

/// Typing is saved this long after the last key, so a crash loses at most this much.
pub const AUTOSAVE_SECS: f64 = 1.0;
/// A save that failed (a full disk, say) is tried again after this pause, while the text
/// stays on screen to copy.
pub const RETRY_SECS: f64 = 5.0;

#[derive(Default)]
pub struct SessionScreen {
    pub open: Option<(RepId, OccurrenceKey)>,
    /// The texts as shown, which may be ahead of the file while typing.
    pub texts: HashMap<SessionField, String>,
    /// Fields typed in and not saved yet, with the time of the last key.
    pub dirty: HashMap<SessionField, f64>,
    pub loaded_for: Option<OccurrenceKey>,
    pub new_point: HashMap<Bucket, String>,
    /// The talking point being reworded, and its text so far.
    pub editing_point: Option<(crate::domain::session::TalkingPointId, String)>,
    pub commitment: CommitmentForm,
    /// Whether the follow-up list shows every open commitment, for this session only.
    pub show_all_follow_up: bool,
    pub error: Option<String>,
    /// Texts typed in a session that was left for another before they were saved; the
    /// app saves them before anything else.
    pub carried: Vec<(RepId, OccurrenceKey, SessionField, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentForm {
    pub text: String,
    pub owner: Owner,
    pub due: String,
    pub error: Option<String>,
}

impl Default for CommitmentForm {
    fn default() -> CommitmentForm {
        CommitmentForm {
            text: String::new(),
            owner: Owner::Rep,
            due: String::new(),
            error: None,
        }
    }
}

impl SessionScreen {
    pub fn open(&mut self, rep: RepId, key: OccurrenceKey) {
        let mut carried = std::mem::take(&mut self.carried);
        if let Some((old_rep, old_key)) = self.open {
            for field in self.dirty.keys() {
                let text = self.texts.get(field).cloned().unwrap_or_default();
                carried.push((old_rep, old_key, *field, text));
            }
        }
        *self = SessionScreen {
            open: Some((rep, key)),
            carried,
            ..SessionScreen::default()
        };
    }

    /// Takes the freshly read view: all texts when another session opened, else only the
    /// ones not being typed in (an undo changes those).
    pub fn take_view(&mut self, view: &SessionView) {
        let fresh = self.loaded_for != Some(view.key);
        self.loaded_for = Some(view.key);
        if fresh {
            self.dirty.clear();
        }
        for field in SessionField::all() {
            if !self.dirty.contains_key(&field) {
                let text = view
                    .session
                    .as_ref()
                    .map(|s| field.read(s, &view.notes))
                    .unwrap_or_default();
                self.texts.insert(field, text);
            }
        }
    }

    /// The fields to save now: those quiet for a second, or all when `flush` (but not
    /// those waiting to retry a failed save).
    pub fn due_saves(&mut self, now: f64, flush: bool) -> Vec<(SessionField, String)> {
        let due: Vec<SessionField> = self
            .dirty
            .iter()
            .filter(|(_, at)| (flush && **at <= now) || now - **at >= AUTOSAVE_SECS)
            .map(|(field, _)| *field)
            .collect();
        due.into_iter()
            .map(|field| {
                self.dirty.remove(&field);
                (field, self.texts.get(&field).cloned().unwrap_or_default())
            })
            .collect()
    }

    /// The cursor left `field`: what was typed in it is saved at the end of this frame.
    pub fn left(&mut self, field: SessionField, now: f64) {
        if let Some(at) = self.dirty.get_mut(&field) {
            *at = at.min(now - AUTOSAVE_SECS);
        }
    }

    /// A save of `field` failed: it stays unsaved, and is tried again in [`RETRY_SECS`].
    pub fn save_failed(&mut self, field: SessionField, now: f64) {
        self.dirty.insert(field, now + RETRY_SECS - AUTOSAVE_SECS);
    }
}
