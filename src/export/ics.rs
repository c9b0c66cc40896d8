//! The coaching schedule as an iCalendar file that Outlook, Google Calendar and Apple
//! Calendar import: one recurring event per cadence (skipped and cancelled slots as
//! EXDATEs, moved ones as overrides with RECURRENCE-ID), single events for one-off
//! sessions, and UIDs derived from database ids so that importing again updates the
//! events instead of duplicating them. Each event carries an alarm (the reminder set in
//! Settings) and its session's upfront contract; a session with a contract that was not
//! moved becomes an override of its occurrence so the contract travels with it. The reps
//! are invited as attendees only when asked.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{Alarm, Calendar, CalendarDateTime, Component, Event, EventLike, Property};
use rusqlite::Connection;

use crate::domain::cadence::{Cadence, CadenceEnd};
use crate::domain::rep::{Rep, RepId};
use crate::domain::session::{Session, SessionStatus, UpfrontContract};
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

/// What goes into the file besides the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcsOptions {
    /// Only this rep's sessions.
    pub rep: Option<RepId>,
    /// The alarm before each session, in minutes; zero for none.
    pub alarm_mins: u32,
    /// Each rep with an email is an attendee, so the session lands in their calendar too.
    pub invite_reps: bool,
}

/// The schedule of one rep, or of every rep, as iCalendar text, with the alarm set in
/// Settings and no attendees.
pub fn export(
    conn: &Connection,
    rep: Option<RepId>,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let options = IcsOptions {
        rep,
        alarm_mins: store::meta::reminders(conn)?.before_mins,
        invite_reps: false,
    };
    export_with(conn, &options, now)
}

/// The schedule as `options` ask, as iCalendar text.
pub fn export_with(
    conn: &Connection,
    options: &IcsOptions,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let rep = options.rep;
    let reps: Vec<Rep> = store::reps::list(conn)?
        .into_iter()
        .filter(|r| rep.is_none_or(|id| r.id == id))
        .collect();
    let extras = Extras {
        reps: &reps,
        options,
    };
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
    let zones = push_cadence_events(&mut calendar, &cadences, &sessions, &extras, now);
    push_one_off_events(&mut calendar, &sessions, &extras);
    Ok(with_time_zones(&calendar.done().to_string(), &zones))
}

/// The reps of the file and the options: what each event gets besides its times.
struct Extras<'a> {
    reps: &'a [Rep],
    options: &'a IcsOptions,
}

impl Extras<'_> {
    fn rep(&self, id: RepId) -> Option<&Rep> {
        self.reps.iter().find(|r| r.id == id)
    }

    /// The summary, the alarm, the contract and the attendee of one event.
    fn decorate(&self, event: &mut Event, rep: &Rep, contract: Option<&UpfrontContract>) {
        let name = text(&rep.name);
        event.summary(&format!("Coaching: {name}"));
        if let Some(description) = contract.and_then(contract_text) {
            event.description(&description);
        }
        if self.options.alarm_mins > 0 {
            let mins = self.options.alarm_mins;
            let before = -Duration::minutes(i64::from(mins));
            // Written as minutes, and with a UID of its own derived from the event's, so
            // the same schedule always gives the same file.
            let uid = format!(
                "{}-alarm",
                event.property_value("UID").unwrap_or("coachbook")
            );
            let mut alarm = Alarm::display(&format!("Coaching with {name}"), before);
            alarm
                .add_property("TRIGGER", format!("-PT{mins}M"))
                .add_property("UID", uid);
            event.alarm(alarm);
        }
        if self.options.invite_reps
            && let Some(email) = plain_email(&rep.email)
        {
            event.append_multi_property(
                Property::new("ATTENDEE", format!("mailto:{email}"))
                    .add_parameter("CN", &name.replace('"', "'"))
                    .add_parameter("ROLE", "REQ-PARTICIPANT")
                    .add_parameter("RSVP", "TRUE")
                    .done(),
            );
        }
    }
}

/// The upfront contract as the event's description, or `None` when it is empty. Line
/// breaks are kept (the property escapes them); every other control character goes.
fn contract_text(contract: &UpfrontContract) -> Option<String> {
    let parts = [
        ("Purpose", &contract.purpose),
        ("Desired outcome", &contract.desired_outcome),
        ("Agenda", &contract.agenda),
    ];
    let lines: Vec<String> = parts
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(label, value)| format!("{label}: {}", clean(value.trim(), Lines::Many)))
        .collect();
    (!lines.is_empty()).then(|| format!("Upfront contract\n{}", lines.join("\n")))
}

/// An email address plain enough to stand in a calendar's mailto: value; anything that
/// could end the value or add a parameter leaves the attendee out.
fn plain_email(email: &str) -> Option<&str> {
    let email = email.trim();
    let plain = email.matches('@').count() == 1
        && !email.starts_with('@')
        && !email.ends_with('@')
        && email
            .chars()
            .all(|c| c.is_alphanumeric() || "@.-_+'".contains(c));
    plain.then_some(email)
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
    extras: &Extras<'_>,
    now: DateTime<Utc>,
) -> ZonesUsed {
    let mut used = ZonesUsed {
        zones: Vec::new(),
        first_year: i32::MAX,
        last_year: now.format("%Y").to_string().parse::<i32>().unwrap_or(2026) + 2,
    };
    for cadence in cadences {
        let Some(rep) = extras.rep(cadence.rep_id) else {
            continue;
        };
        let mine: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.cadence_id == Some(cadence.id))
            .collect();
        if let Some(mut event) = cadence_event(cadence, &mine) {
            extras.decorate(&mut event, rep, None);
            if !used.zones.contains(&cadence.time_zone) {
                used.zones.push(cadence.time_zone);
            }
            used.first_year = used
                .first_year
                .min(chrono::Datelike::year(&cadence.start_date));
            calendar.push(event);
            for one in mine.iter().filter(|s| is_moved(s) || has_contract(s, now)) {
                let mut event = moved_event(cadence, one);
                extras.decorate(&mut event, rep, Some(&one.contract));
                calendar.push(event);
            }
        }
    }
    used
}

/// A session of a cadence still to come, whose contract is written: its own event carries
/// the contract to the calendar.
fn has_contract(session: &Session, now: DateTime<Utc>) -> bool {
    session.start >= now && !is_excluded(session) && contract_text(&session.contract).is_some()
}

fn is_excluded(session: &Session) -> bool {
    matches!(
        session.status,
        SessionStatus::Skipped | SessionStatus::Cancelled
    )
}

/// The sessions of no cadence, as single events; skipped and cancelled ones are left out.
fn push_one_off_events(calendar: &mut Calendar, sessions: &[Session], extras: &Extras<'_>) {
    for session in sessions.iter().filter(|s| s.cadence_id.is_none()) {
        if is_excluded(session) {
            continue;
        }
        let Some(rep) = extras.rep(session.rep_id) else {
            continue;
        };
        let mut event = Event::new();
        event
            .uid(&session_uid(session))
            .starts(CalendarDateTime::Utc(session.start))
            .ends(CalendarDateTime::Utc(
                session.start + Duration::minutes(i64::from(session.duration_mins)),
            ));
        extras.decorate(&mut event, rep, Some(&session.contract));
        calendar.push(event.done());
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
    session.occurrence.is_some_and(|slot| slot != session.start) && !is_excluded(session)
}

/// The recurring event of a cadence, or `None` when it never had an occurrence.
fn cadence_event(cadence: &Cadence, sessions: &[&Session]) -> Option<Event> {
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
        if is_excluded(session) {
            event.append_multi_property(
                Property::new("EXDATE", stamp(local(tz, slot)))
                    .add_parameter("TZID", tz.name())
                    .done(),
            );
        }
    }
    Some(event.done())
}

/// One occurrence of its own (moved, or carrying its contract): the same UID, the slot it
/// replaces, and where it is.
fn moved_event(cadence: &Cadence, session: &Session) -> Event {
    let tz = cadence.time_zone;
    let slot = session.occurrence.unwrap_or(session.start);
    Event::new()
        .uid(&cadence_uid(cadence))
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
