//! The schedule as a manager sees it: the occurrences of every cadence merged with the
//! sessions that were touched, each with its status as of "now", and the coverage figures
//! that show when coaching slips.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::cadence::{Cadence, CadenceId};
use super::rep::RepId;
use super::session::{Session, SessionId, SessionStatus, SkipReason};

/// How an occurrence is found again: a stored session by id, or an untouched slot of a
/// cadence by its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OccurrenceKey {
    Stored(SessionId),
    Slot {
        cadence: CadenceId,
        slot: DateTime<Utc>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub key: OccurrenceKey,
    pub rep: RepId,
    pub cadence: Option<CadenceId>,
    pub start: DateTime<Utc>,
    pub duration_mins: u32,
    /// As of "now": a planned session whose time has passed is missed.
    pub status: SessionStatus,
    pub skip_reason: Option<SkipReason>,
    /// Moved away from its slot.
    pub moved: bool,
}

impl Occurrence {
    pub fn end(&self) -> DateTime<Utc> {
        self.start + Duration::minutes(i64::from(self.duration_mins))
    }
}

/// A planned session that has ended without being held or skipped is missed: shown as
/// such, never dropped.
pub fn effective_status(
    status: SessionStatus,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionStatus {
    if status == SessionStatus::Planned && end <= now {
        SessionStatus::Missed
    } else {
        status
    }
}

/// The cadences, with their slots expanded over a span around the windows last shown.
///
/// Expanding the rules of a 50-rep team costs three times as much as reading a week's
/// sessions (120 µs against 40), and a manager steps through the calendar a week at a time,
/// so the slots are expanded a quarter either side of the window asked for and reused while
/// the windows stay inside that span. The cadences can only be replaced whole, which drops
/// the span, so the slots never outlive the rules they came from.
#[derive(Clone, Debug, Default)]
pub struct Cadences {
    all: Vec<Cadence>,
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Each slot of the span with the index of its cadence, in time order.
    slots: Vec<(DateTime<Utc>, usize)>,
}

impl Cadences {
    pub fn new(all: Vec<Cadence>) -> Cadences {
        Cadences {
            all,
            span: None,
            slots: Vec::new(),
        }
    }

    /// Where the slots starting in `[from, to)` are in `self.slots`.
    fn expand(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> std::ops::Range<usize> {
        let inside = self.span.is_some_and(|(a, b)| a <= from && to <= b);
        if !inside {
            let margin = Duration::weeks(13);
            let (a, b) = (from - margin, to + margin);
            self.slots = self
                .all
                .iter()
                .enumerate()
                .flat_map(|(i, c)| {
                    c.occurrences(a, b, u16::MAX)
                        .into_iter()
                        .map(move |s| (s, i))
                })
                .collect();
            self.slots.sort_unstable();
            self.span = Some((a, b));
        }
        let first = self.slots.partition_point(|(s, _)| *s < from);
        let end = self.slots.partition_point(|(s, _)| *s < to);
        first..end
    }
}

impl std::ops::Deref for Cadences {
    type Target = [Cadence];

    fn deref(&self) -> &[Cadence] {
        &self.all
    }
}

/// Every occurrence that starts in `[from, to)`: untouched slots of the cadences, and the
/// stored sessions (moved ones where they went). Sorted by start.
pub fn occurrences(
    cadences: &mut Cadences,
    stored: &[Session],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Occurrence> {
    let touched: HashSet<(CadenceId, DateTime<Utc>)> = stored
        .iter()
        .filter_map(|s| Some((s.cadence_id?, s.occurrence?)))
        .collect();
    let mut out = Vec::new();
    let range = cadences.expand(from, to);
    for &(slot, index) in &cadences.slots[range] {
        let cadence = &cadences.all[index];
        if touched.contains(&(cadence.id, slot)) {
            continue;
        }
        let end = slot + Duration::minutes(i64::from(cadence.duration_mins));
        out.push(Occurrence {
            key: OccurrenceKey::Slot {
                cadence: cadence.id,
                slot,
            },
            rep: cadence.rep_id,
            cadence: Some(cadence.id),
            start: slot,
            duration_mins: cadence.duration_mins,
            status: effective_status(SessionStatus::Planned, end, now),
            skip_reason: None,
            moved: false,
        });
    }
    for session in stored.iter().filter(|s| s.start >= from && s.start < to) {
        let end = session.start + Duration::minutes(i64::from(session.duration_mins));
        out.push(Occurrence {
            key: OccurrenceKey::Stored(session.id),
            rep: session.rep_id,
            cadence: session.cadence_id,
            start: session.start,
            duration_mins: session.duration_mins,
            status: effective_status(session.status, end, now),
            skip_reason: session.skip_reason.clone(),
            moved: session.occurrence.is_some_and(|slot| slot != session.start),
        });
    }
    out.sort_by_key(|o| (o.start, o.rep));
    out
}

/// The window over which coverage is measured.
pub const COVERAGE_DAYS: i64 = 90;

/// How steadily one rep is coached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub held: u32,
    /// Held plus missed: skipped sessions had a reason and are left out, as are cancelled.
    pub due: u32,
    pub next: Option<DateTime<Utc>>,
}

impl Coverage {
    /// Held as a share of due, in percent; `None` when nothing was due.
    pub fn completion_percent(&self) -> Option<u32> {
        (self.due > 0).then(|| (self.held * 100 + self.due / 2) / self.due)
    }
}

/// Coverage of one rep from their occurrences around `now` (the last 90 days and after).
pub fn coverage(occurrences: &[Occurrence], rep: RepId, now: DateTime<Utc>) -> Coverage {
    let since = now - Duration::days(COVERAGE_DAYS);
    let mut result = Coverage::default();
    for o in occurrences.iter().filter(|o| o.rep == rep) {
        if o.start >= since && o.start < now {
            match o.status {
                SessionStatus::Held => {
                    result.held += 1;
                    result.due += 1;
                }
                SessionStatus::Missed => result.due += 1,
                _ => {}
            }
        }
        if o.start >= now
            && o.status == SessionStatus::Planned
            && result.next.is_none_or(|n| o.start < n)
        {
            result.next = Some(o.start);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::{CadenceEnd, Recurrence};
    use crate::domain::session::{Prep, UpfrontContract};
    use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};

    fn weekly() -> Cadence {
        Cadence {
            id: CadenceId(1),
            rep_id: RepId(7),
            recurrence: Recurrence::Weekly {
                interval_weeks: 1,
                weekday: Weekday::Mon,
            },
            start_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            duration_mins: 60,
            time_zone: chrono_tz::Tz::UTC,
            end: CadenceEnd::Never,
            ended: None,
        }
    }

    fn stored(
        id: i64,
        slot: DateTime<Utc>,
        start: DateTime<Utc>,
        status: SessionStatus,
    ) -> Session {
        Session {
            id: SessionId(id),
            rep_id: RepId(7),
            cadence_id: Some(CadenceId(1)),
            occurrence: Some(slot),
            start,
            duration_mins: 60,
            status,
            skip_reason: (status == SessionStatus::Skipped).then_some(SkipReason::Vacation),
            contract: UpfrontContract::default(),
            prep: Prep::default(),
            summary: String::new(),
        }
    }

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, d, h, 0, 0).unwrap()
    }

    #[test]
    fn slots_merge_with_touched_sessions_and_missed_is_computed() {
        let now = at(21, 12);
        let sessions = [
            stored(1, at(5, 9), at(5, 9), SessionStatus::Held),
            stored(2, at(12, 9), at(12, 9), SessionStatus::Skipped),
            // Moved from the 26th to the 27th.
            stored(3, at(26, 9), at(27, 14), SessionStatus::Planned),
        ];
        let all = occurrences(
            &mut Cadences::new(vec![weekly()]),
            &sessions,
            at(1, 0),
            at(31, 0),
            now,
        );
        let view: Vec<(u32, SessionStatus, bool)> = all
            .iter()
            .map(|o| (chrono::Datelike::day(&o.start), o.status, o.moved))
            .collect();
        assert_eq!(
            view,
            [
                (5, SessionStatus::Held, false),
                (12, SessionStatus::Skipped, false),
                (19, SessionStatus::Missed, false),
                (27, SessionStatus::Planned, true),
            ]
        );
        let c = coverage(&all, RepId(7), now);
        assert_eq!(
            (c.held, c.due),
            (1, 2),
            "skipped is left out of the denominator"
        );
        assert_eq!(c.completion_percent(), Some(50));
        assert_eq!(c.next, Some(at(27, 14)));
    }
}
