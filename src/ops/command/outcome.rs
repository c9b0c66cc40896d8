//! What a command did: which cached views it touched, when it ran, and its inverse.

use chrono::{DateTime, NaiveDate, Utc};

use super::Command;
use crate::domain::observation::ObservationId;

/// Which cached views a command changed, so the app rebuilds only those.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub roster: bool,
    pub framework: bool,
    pub setup: bool,
    pub observations: ObservationChanges,
    /// Cadences or sessions changed: the calendar and coverage are recomputed.
    pub schedule: bool,
    /// The open session's texts, points or commitments changed.
    pub session: bool,
    /// A rep's imported self-assessment, reflections or topics changed.
    pub answers: bool,
    /// Coaching plans were adopted, edited or closed.
    pub plans: bool,
    /// The manager's busy time was read again or forgotten.
    pub busy: bool,
}

impl Changes {
    pub(super) fn merge(&mut self, other: &Changes) {
        self.roster |= other.roster;
        self.framework |= other.framework;
        self.setup |= other.setup;
        self.schedule |= other.schedule;
        self.session |= other.session;
        self.answers |= other.answers;
        self.plans |= other.plans;
        self.busy |= other.busy;
        self.observations = match (std::mem::take(&mut self.observations), &other.observations) {
            (ObservationChanges::All, _) | (_, ObservationChanges::All) => ObservationChanges::All,
            (ObservationChanges::Some(mut a), ObservationChanges::Some(b)) => {
                a.extend(b.iter().copied());
                ObservationChanges::Some(a)
            }
            (ObservationChanges::None, other) => other.clone(),
            (mine, ObservationChanges::None) => mine,
        };
    }
}

/// Which observations changed: a few, re-read one by one, or so many that the whole log
/// is read again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ObservationChanges {
    #[default]
    None,
    Some(Vec<ObservationId>),
    All,
}

impl Changes {
    pub const ROSTER: Changes = Changes {
        roster: true,
        framework: false,
        setup: false,
        observations: ObservationChanges::None,
        schedule: false,
        session: false,
        answers: false,
        plans: false,
        busy: false,
    };
    pub(super) const FRAMEWORK: Changes = Changes {
        roster: false,
        framework: true,
        setup: false,
        observations: ObservationChanges::None,
        schedule: false,
        session: false,
        answers: false,
        plans: false,
        busy: false,
    };
    pub const EVERYTHING: Changes = Changes {
        roster: true,
        framework: true,
        setup: true,
        observations: ObservationChanges::All,
        schedule: true,
        session: true,
        answers: true,
        plans: true,
        busy: true,
    };

    /// The roster's observation counts follow from the same ids; the app adjusts them
    /// rather than counting half a million rows again.
    pub(super) fn observations(ids: Vec<ObservationId>) -> Changes {
        Changes {
            observations: ObservationChanges::Some(ids),
            ..Changes::default()
        }
    }
}

/// The moment a command runs: "now" for timestamps, "today" for date rules.
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The manager's time zone, in which "today" is told.
    pub zone: chrono_tz::Tz,
}

#[derive(Debug)]
pub struct Applied {
    /// `None` for changes that are not undone one by one (the first-run choice).
    pub inverse: Option<Command>,
    /// What happened, for the toast and the undo menu: "Added Dana Lee".
    pub label: String,
    pub changes: Changes,
}
