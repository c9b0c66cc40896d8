//! A demo rep's history: the sessions of their cadence (held, skipped or missed), the
//! notes, observations and commitments of each held one, and the calls the manager joined
//! between sessions.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;

use super::{DemoError, Profile, Writer, text};
use crate::domain::cadence::Cadence;
use crate::domain::commitment::{CommitmentDraft, CommitmentStatus, Owner};
use crate::domain::observation::{CallContext, ObservationDraft, Visibility};
use crate::domain::session::{
    BucketNotes, Prep, Session, SessionId, SessionStatus, SkipReason, UpfrontContract,
};
use crate::domain::{Bucket, Level, Rating};
use crate::store;

impl Writer<'_> {
    /// Twelve months of sessions, notes, observations and commitments for one rep.
    pub(super) fn history(&mut self, profile: &Profile) -> Result<(), DemoError> {
        let cadence = self.cadence(profile, profile.id.0)?;
        let from = self.now - Duration::days(self.size.history_days());
        let occurrences = cadence.occurrences(from, self.now, u16::MAX);
        let last_index = occurrences.len().saturating_sub(1);
        for (index, start) in occurrences.into_iter().enumerate() {
            // The slipping rep has had no held session for the last five weeks or so.
            let recent_slip = profile.slipping && (self.now - start) < Duration::days(36);
            let roll: f64 = self.rng.random();
            let status = if recent_slip {
                if index == last_index {
                    SessionStatus::Missed
                } else {
                    SessionStatus::Skipped
                }
            } else if roll < profile.attendance {
                SessionStatus::Held
            } else if roll < profile.attendance + (1.0 - profile.attendance) / 2.0 {
                SessionStatus::Skipped
            } else {
                SessionStatus::Missed
            };
            self.session(profile, &cadence, start, status)?;
        }
        self.ride_alongs(profile)?;
        Ok(())
    }

    fn session(
        &mut self,
        profile: &Profile,
        cadence: &Cadence,
        start: DateTime<Utc>,
        status: SessionStatus,
    ) -> Result<(), DemoError> {
        let held = status == SessionStatus::Held;
        let skip_reason =
            (status == SessionStatus::Skipped).then(|| match self.rng.random_range(0..4) {
                0 => SkipReason::Vacation,
                1 => SkipReason::QuarterEnd,
                2 => SkipReason::RepSick,
                _ => SkipReason::Other("Customer workshop moved onto this slot".to_owned()),
            });
        let session = Session {
            id: SessionId(0),
            rep_id: profile.id,
            cadence_id: Some(cadence.id),
            occurrence: Some(start),
            start,
            duration_mins: cadence.duration_mins,
            status,
            skip_reason,
            contract: if held {
                UpfrontContract {
                    purpose: self.pick(text::PURPOSES).to_owned(),
                    agenda: "Commitments from last time; one deal in depth; skills focus"
                        .to_owned(),
                    desired_outcome: self.pick(text::OUTCOMES).to_owned(),
                }
            } else {
                UpfrontContract::default()
            },
            prep: if held {
                Prep {
                    outcome_wanted: self.pick(text::OUTCOMES).to_owned(),
                    ask_for: "An honest view of where the top deal is stuck".to_owned(),
                    focus_accounts: String::new(),
                }
            } else {
                Prep::default()
            },
            summary: if held {
                self.pick(text::SUMMARIES).to_owned()
            } else {
                String::new()
            },
        };
        let id = store::sessions::insert(self.conn, &session, self.now)?;
        self.summary.sessions += 1;
        if !held {
            return Ok(());
        }
        for bucket in Bucket::ALL {
            let notes = BucketNotes {
                bucket,
                shared: self.pick(text::SHARED_NOTES).to_owned(),
                private: self.pick(text::PRIVATE_NOTES).to_owned(),
            };
            store::sessions::insert_notes(self.conn, id, &notes)?;
        }
        let day = start.date_naive();
        for _ in 0..self.rng.random_range(1..4) {
            self.observation(profile, day, Some(id), CallContext::RolePlay)?;
        }
        for _ in 0..self.rng.random_range(1..3) {
            self.commitment(profile, id, day)?;
        }
        Ok(())
    }

    /// Calls the manager joined between sessions: most observations come from these.
    fn ride_alongs(&mut self, profile: &Profile) -> Result<(), DemoError> {
        let (gap_days, per_call) = self.size.ride_alongs();
        let mut day = self.today - Duration::days(self.size.history_days());
        loop {
            day += Duration::days(self.rng.random_range(gap_days.clone()));
            if day > self.today {
                return Ok(());
            }
            let context = *[
                CallContext::ClientCall,
                CallContext::ClientCall,
                CallContext::Demo,
                CallContext::RecordedCall,
                CallContext::InternalMeeting,
            ]
            .choose(&mut self.rng)
            .unwrap_or(&CallContext::ClientCall);
            for _ in 0..self.rng.random_range(per_call.clone()) {
                self.observation(profile, day, None, context)?;
            }
        }
    }

    fn observation(
        &mut self,
        profile: &Profile,
        day: NaiveDate,
        session: Option<SessionId>,
        context: CallContext,
    ) -> Result<(), DemoError> {
        let Some(skill) = self.skills.choose(&mut self.rng).cloned() else {
            return Ok(());
        };
        let years_in = (self.size.history_days() - (self.today - day).num_days()) as f64 / 365.0;
        let skill_bias = ((skill.id.0 * 7 + profile.id.0 * 3) % 5) as f64 * 0.3 - 0.6;
        let true_level = profile.base + skill_bias + profile.growth_per_year * years_in;
        let noisy = true_level + self.rng.random_range(-0.9..0.9);
        let rating = if self.rng.random_bool(0.07) {
            Rating::NotObserved
        } else {
            Level::new(noisy.round().clamp(1.0, 5.0) as i64)
                .map(Rating::Rated)
                .unwrap_or(Rating::NotObserved)
        };
        let account = self.pick(text::ACCOUNTS).to_owned();
        let evidence = match rating {
            Rating::NotObserved => {
                format!("Looked for it on the {account} call; the conversation did not go there.")
            }
            Rating::Rated(level) => {
                let anchor = match level.get() {
                    1 | 2 => &skill.rubric.level_1,
                    3 => &skill.rubric.level_3,
                    _ => &skill.rubric.level_5,
                };
                let opening = self.pick(text::CALL_OPENINGS);
                let after = self.pick(text::AFTERTHOUGHTS);
                format!("{opening} {account}: {anchor} {after}")
                    .trim_end()
                    .to_owned()
            }
        };
        let draft = ObservationDraft {
            rep_id: profile.id,
            skill_id: skill.id,
            observed_on: day,
            rating,
            evidence,
            context,
            account,
            session_id: session,
            visibility: if self.rng.random_bool(0.12) {
                Visibility::Private
            } else {
                Visibility::Shared
            },
        };
        store::observations::insert(self.conn, &draft, self.now)?;
        self.summary.observations += 1;
        Ok(())
    }

    fn commitment(
        &mut self,
        profile: &Profile,
        session: SessionId,
        day: NaiveDate,
    ) -> Result<(), DemoError> {
        let owner = if self.rng.random_bool(0.75) {
            Owner::Rep
        } else {
            Owner::Manager
        };
        let template = match owner {
            Owner::Rep => self.pick(text::REP_COMMITMENTS),
            Owner::Manager => self.pick(text::MANAGER_COMMITMENTS),
        };
        let account = self.pick(text::ACCOUNTS);
        let due_on = day + Duration::days(self.rng.random_range(5..22));
        let (status, closed) = if due_on + Duration::days(10) < self.today {
            let roll: f64 = self.rng.random();
            let closed_at = due_on
                .and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN))
                .and_utc();
            // Most old next steps were closed long ago; a few linger, as in real life.
            if roll < 0.86 {
                (CommitmentStatus::Done, Some(closed_at))
            } else if roll < 0.98 {
                (CommitmentStatus::Dropped, Some(closed_at))
            } else {
                (CommitmentStatus::Open, None)
            }
        } else {
            (CommitmentStatus::Open, None)
        };
        let draft = CommitmentDraft {
            rep_id: profile.id,
            session_id: Some(session),
            text: template.replace("{account}", account),
            owner,
            due_on,
        };
        store::commitments::insert(self.conn, &draft, status, closed, self.now)?;
        self.summary.commitments += 1;
        Ok(())
    }
}
