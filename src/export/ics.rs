//! The coaching schedule as an iCalendar file that Outlook, Google Calendar and Apple
//! Calendar import: one recurring event per cadence (skipped and cancelled slots as
//! EXDATEs, moved ones as overrides with RECURRENCE-ID), single events for one-off
//! sessions, and UIDs derived from database ids so that importing again updates the
//! events instead of duplicating them.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, Property};
use rusqlite::Connection;

use crate::domain::cadence::{Cadence, CadenceEnd};
use crate::domain::rep::{Rep, RepId};
use crate::domain::session::{Session, SessionStatus};
use crate::domain::text::{Lines, clean};
use crate::store::{self, StoreError};

/// The stable identity of each exported event.
pub fn cadence_uid(cadence: &Cadence) -> String {
    format!("coachbook-cadence-{}@coachbook.app", cadence.id.0)
}

pub fn session_uid(session: &Session) -> String {
    format!("coachbook-session-{}@coachbook.app", session.id.0)
}

fn local(tz: Tz, instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

fn zoned(tz: Tz, instant: DateTime<Utc>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: local(tz, instant),
        tzid: tz.name().to_owned(),
    }
}

/// A person's text as a calendar value. The icalendar crate escapes a line feed in some
/// properties only (SUMMARY, not NAME) and a carriage return in none, and a bare CR ends a
/// content line for many readers, so a name could add a property of its own. Names are one
/// line, so every line break (CR, LF, CRLF, U+2028) becomes a space and every other control
/// character goes, before the crate sees the text.
pub fn text(value: &str) -> String {
    clean(value, Lines::One)
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The schedule of one rep, or of every rep, as iCalendar text.
pub fn export(
    conn: &Connection,
    rep: Option<RepId>,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let reps: Vec<Rep> = store::reps::list(conn)?
        .into_iter()
        .filter(|r| rep.is_none_or(|id| r.id == id))
        .collect();
    let name = |id: RepId| reps.iter().find(|r| r.id == id).map(|r| text(&r.name));
    let cadences: Vec<Cadence> = store::cadences::list(conn)?
        .into_iter()
        .filter(|c| name(c.rep_id).is_some())
        .collect();
    let far_past = DateTime::<Utc>::MIN_UTC;
    let far_future = now + Duration::days(3650);
    let sessions: Vec<Session> = store::sessions::between(conn, far_past, far_future)?
        .into_iter()
        .filter(|s| name(s.rep_id).is_some())
        .collect();

    let mut calendar = empty_calendar(rep.and_then(name));
    let zones = push_cadence_events(&mut calendar, &cadences, &sessions, &name, now);
    push_one_off_events(&mut calendar, &sessions, &name);
    Ok(with_time_zones(&calendar.done().to_string(), &zones))
}

/// The time zones the cadences' events use, and the years their definitions must cover.
struct ZonesUsed {
    zones: Vec<Tz>,
    first_year: i32,
    last_year: i32,
}

/// The calendar's own properties, named for the rep when the file holds one rep.
fn empty_calendar(rep: Option<String>) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Coachbook//Coachbook//EN"))
        .append_property(("CALSCALE", "GREGORIAN"));
    calendar.name(
        match rep {
            Some(rep) => format!("Coaching with {rep}"),
            None => "Team coaching".to_owned(),
        }
        .as_str(),
    );
    calendar
}

/// Each cadence's recurring event and its moved occurrences, noting the zones they need.
fn push_cadence_events(
    calendar: &mut Calendar,
    cadences: &[Cadence],
    sessions: &[Session],
    name: &impl Fn(RepId) -> Option<String>,
    now: DateTime<Utc>,
) -> ZonesUsed {
    let mut used = ZonesUsed {
        zones: Vec::new(),
        first_year: i32::MAX,
        last_year: now.format("%Y").to_string().parse::<i32>().unwrap_or(2026) + 2,
    };
    for cadence in cadences {
        let Some(rep) = name(cadence.rep_id) else {
            continue;
        };
        let mine: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.cadence_id == Some(cadence.id))
            .collect();
        if let Some(event) = cadence_event(cadence, &rep, &mine) {
            if !used.zones.contains(&cadence.time_zone) {
                used.zones.push(cadence.time_zone);
            }
            used.first_year = used
                .first_year
                .min(chrono::Datelike::year(&cadence.start_date));
            calendar.push(event);
            for moved in mine.iter().filter(|s| is_moved(s)) {
                calendar.push(moved_event(cadence, &rep, moved));
            }
        }
    }
    used
}

/// The sessions of no cadence, as single events; skipped and cancelled ones are left out.
fn push_one_off_events(
    calendar: &mut Calendar,
    sessions: &[Session],
    name: &impl Fn(RepId) -> Option<String>,
) {
    for session in sessions.iter().filter(|s| s.cadence_id.is_none()) {
        if matches!(
            session.status,
            SessionStatus::Skipped | SessionStatus::Cancelled
        ) {
            continue;
        }
        let Some(rep) = name(session.rep_id) else {
            continue;
        };
        calendar.push(
            Event::new()
                .uid(&session_uid(session))
                .summary(&format!("Coaching: {rep}"))
                .starts(CalendarDateTime::Utc(session.start))
                .ends(CalendarDateTime::Utc(
                    session.start + Duration::minutes(i64::from(session.duration_mins)),
                ))
                .done(),
        );
    }
}

/// The calendar text with a VTIMEZONE for each zone used, which the icalendar crate
/// does not write itself.
fn with_time_zones(text: &str, used: &ZonesUsed) -> String {
    let zones: String = used
        .zones
        .iter()
        .map(|&tz| vtimezone(tz, used.first_year.min(used.last_year), used.last_year))
        .collect();
    // The zones go before the first event: found as a whole line, since a name (one line,
    // see [`text`]) may well contain the words "BEGIN:VEVENT".
    let at = text
        .find("\r\nBEGIN:VEVENT\r\n")
        .or_else(|| text.find("\r\nEND:VCALENDAR"))
        .map_or(text.len(), |at| at + 2);
    format!("{}{}{}", &text[..at], zones, &text[at..])
}

fn is_moved(session: &Session) -> bool {
    session.occurrence.is_some_and(|slot| slot != session.start)
        && !matches!(
            session.status,
            SessionStatus::Skipped | SessionStatus::Cancelled
        )
}

/// The recurring event of a cadence, or `None` when it never had an occurrence.
fn cadence_event(cadence: &Cadence, rep: &str, sessions: &[&Session]) -> Option<Event> {
    let tz = cadence.time_zone;
    let start = cadence.start_date.and_hms_opt(0, 0, 0)?.and_utc() - Duration::days(1);
    let first = *cadence
        .occurrences(start, start + Duration::days(800), 1)
        .first()?;
    let mut rrule = cadence.recurrence.to_rrule();
    match (cadence.ended, cadence.end) {
        (Some(ended), _) => {
            // A replaced cadence runs until its last occurrence before the change.
            let last = *cadence.occurrences(first, ended, u16::MAX).last()?;
            rrule.push_str(&format!(";UNTIL={}", last.format("%Y%m%dT%H%M%SZ")));
        }
        (None, CadenceEnd::Never) => {}
        (None, _) => rrule = cadence.rrule_text(),
    }
    let mut event = Event::new();
    event
        .uid(&cadence_uid(cadence))
        .summary(&format!("Coaching: {rep}"))
        .starts(zoned(tz, first))
        .ends(zoned(
            tz,
            first + Duration::minutes(i64::from(cadence.duration_mins)),
        ))
        .add_property("RRULE", &rrule);
    for session in sessions {
        let Some(slot) = session.occurrence else {
            continue;
        };
        let excluded = matches!(
            session.status,
            SessionStatus::Skipped | SessionStatus::Cancelled
        );
        if excluded {
            event.append_multi_property(
                Property::new("EXDATE", stamp(local(tz, slot)))
                    .add_parameter("TZID", tz.name())
                    .done(),
            );
        }
    }
    Some(event.done())
}

/// A moved occurrence: the same UID, the slot it replaces, and where it went.
fn moved_event(cadence: &Cadence, rep: &str, session: &Session) -> Event {
    let tz = cadence.time_zone;
    let slot = session.occurrence.unwrap_or(session.start);
    Event::new()
        .uid(&cadence_uid(cadence))
        .summary(&format!("Coaching: {rep}"))
        .starts(zoned(tz, session.start))
        .ends(zoned(
            tz,
            session.start + Duration::minutes(i64::from(session.duration_mins)),
        ))
        .append_property(
            Property::new("RECURRENCE-ID", stamp(local(tz, slot)))
                .add_parameter("TZID", tz.name())
                .done(),
        )
        .done()
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The zone's rules as VTIMEZONE observances: one per offset change in the years given,
/// found by searching the zone database, so calendars that do not know the IANA name still
/// place the sessions right.
pub fn vtimezone(tz: Tz, first_year: i32, last_year: i32) -> String {
    let offset_at = |t: DateTime<Utc>| {
        let offset = tz.offset_from_utc_datetime(&t.naive_utc());
        (
            offset.fix().local_minus_utc(),
            !offset.dst_offset().is_zero(),
        )
    };
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let start = Utc.with_ymd_and_hms(first_year, 1, 1, 0, 0, 0).single();
    let end = Utc.with_ymd_and_hms(last_year + 1, 1, 1, 0, 0, 0).single();
    let (Some(mut day), Some(end)) = (start, end) else {
        return out + "END:VTIMEZONE\r\n";
    };
    let mut observances = 0;
    let (mut offset, _) = offset_at(day);
    while day < end {
        let next = day + Duration::days(1);
        let (next_offset, dst) = offset_at(next);
        if next_offset != offset {
            // The minute of the change, by halving the day.
            let (mut lo, mut hi) = (0i64, 24 * 60);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset_at(day + Duration::minutes(mid)).0 == offset {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            let hi = day + Duration::minutes(hi);
            let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
            let local_start = hi.naive_utc() + Duration::seconds(i64::from(offset));
            out.push_str(&format!(
                "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{kind}\r\n",
                stamp(local_start),
                offset_text(offset),
                offset_text(next_offset)
            ));
            observances += 1;
            offset = next_offset;
        }
        day = next;
    }
    if observances == 0 {
        out.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{0}\r\nTZOFFSETTO:{0}\r\nEND:STANDARD\r\n",
            offset_text(offset)
        ));
    }
    out + "END:VTIMEZONE\r\n"
}
