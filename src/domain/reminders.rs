//! Reminders of coaching sessions: the manager's settings, and the pure rule of which
//! desktop notification is due when, given the sessions and the clock.
//!
//! A notification comes a set time before a session, and the day before for a session
//! with no preparation yet. Neither comes for a session held, skipped or cancelled, and
//! neither comes twice for the same session: a session is known by its rep and its start,
//! so one stored from its cadence's slot (when it is prepared) is still the same session,
//! while one moved to another time is reminded of again at its new time.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use super::dates::local_date;
use super::rep::RepId;
use super::schedule::{Occurrence, OccurrenceKey};
use super::session::SessionStatus;

pub const DEFAULT_BEFORE_MINS: u32 = 15;
/// A day: an alarm further ahead is a note, not a reminder.
pub const MAX_BEFORE_MINS: u32 = 24 * 60;
/// The day-before reminder to prepare waits until this local time, not midnight.
pub const PREPARE_FROM: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The manager's reminder settings, kept in the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reminders {
    /// Minutes before a session: the calendar file's alarm and the desktop notification.
    /// Zero means no alarm in the calendar file; the notification then comes a minute
    /// before, since one at the start itself would come too late.
    pub before_mins: u32,
    /// Desktop notifications while Coachbook runs.
    pub notify: bool,
}

impl Default for Reminders {
    fn default() -> Reminders {
        Reminders {
            before_mins: DEFAULT_BEFORE_MINS,
            notify: true,
        }
    }
}

impl Reminders {
    pub fn clamped(self) -> Reminders {
        Reminders {
            before_mins: self.before_mins.min(MAX_BEFORE_MINS),
            ..self
        }
    }
}

/// A session as the scheduler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upcoming {
    pub occurrence: Occurrence,
    pub rep_name: String,
    /// Its upfront contract or preparation holds something.
    pub prepared: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NudgeKind {
    /// The session starts soon.
    Soon,
    /// The session is tomorrow and has no preparation yet.
    Prepare,
}

/// One desktop notification to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nudge {
    pub kind: NudgeKind,
    pub rep: RepId,
    pub rep_name: String,
    pub key: OccurrenceKey,
    pub start: DateTime<Utc>,
}

impl Nudge {
    /// The notification's title and body, times in the manager's zone.
    pub fn text(&self, zone: Tz) -> (String, String) {
        let at = self.start.with_timezone(&zone).format("%H:%M");
        match self.kind {
            NudgeKind::Soon => (
                format!("Coaching with {} at {at}", self.rep_name),
                "Open the session to see the agenda and the upfront contract.".to_owned(),
            ),
            NudgeKind::Prepare => (
                format!("Prepare tomorrow's coaching with {}", self.rep_name),
                format!(
                    "The session at {at} has no preparation yet: set the outcome wanted and what to ask for."
                ),
            ),
        }
    }
}

/// What has been shown, so nothing is shown twice.
#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    shown: HashSet<(NudgeKind, RepId, DateTime<Utc>)>,
}

impl Scheduler {
    /// The notifications due at `now`, each once. `sessions` are those starting from now to
    /// two days ahead, as of `now`.
    pub fn due(
        &mut self,
        now: DateTime<Utc>,
        zone: Tz,
        settings: Reminders,
        sessions: &[Upcoming],
    ) -> Vec<Nudge> {
        if !settings.notify {
            return Vec::new();
        }
        let before = Duration::minutes(i64::from(settings.before_mins.clamp(1, MAX_BEFORE_MINS)));
        let today = local_date(now, zone);
        let mut out = Vec::new();
        for upcoming in sessions {
            let o = &upcoming.occurrence;
            if o.status != SessionStatus::Planned || o.start <= now {
                continue;
            }
            let soon = now >= o.start - before;
            let tomorrow = today.succ_opt() == Some(local_date(o.start, zone));
            let morning = now.with_timezone(&zone).time() >= PREPARE_FROM;
            let mut push = |kind| {
                if self.shown.insert((kind, o.rep, o.start)) {
                    out.push(Nudge {
                        kind,
                        rep: o.rep,
                        rep_name: upcoming.rep_name.clone(),
                        key: o.key,
                        start: o.start,
                    });
                }
            };
            if soon {
                push(NudgeKind::Soon);
            } else if tomorrow && morning && !upcoming.prepared {
                push(NudgeKind::Prepare);
            }
        }
        out
    }

    /// Marks as shown what an earlier run of Coachbook showed.
    pub fn remember(&mut self, kind: NudgeKind, rep: RepId, start: DateTime<Utc>) {
        self.shown.insert((kind, rep, start));
    }

    /// What was shown for sessions that start after `since`: the rest can be forgotten.
    pub fn shown_since(&self, since: DateTime<Utc>) -> Vec<(NudgeKind, RepId, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .shown
            .iter()
            .filter(|(_, _, start)| *start > since)
            .copied()
            .collect();
        out.sort_by_key(|(_, rep, start)| (*start, rep.0));
        out
    }
}

#[cfg(test)]
mod tests;
