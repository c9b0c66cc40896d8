//! The manager's calendar as busy time: files shaped as Outlook, Google and Apple Calendar
//! export them (TZID and UTC times, whole days, RRULE with EXDATE, RECURRENCE-ID
//! overrides, a cancelled occurrence, DURATION, a floating time) expand to the same busy
//! blocks as an independent reader (Python's icalendar with recurring_ical_events); bad
//! files get a sentence, and mutated ones never panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, TimeZone, Utc};
use coachbook::domain::busy::{AHEAD_DAYS, BEHIND_DAYS, BusyBlock};
use coachbook::domain::text::{Lines, is_clean};
use coachbook::exchange::busy_ics::{ReadAs, read_bytes, read_file};
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars")
        .join(name)
}

fn how(keep_titles: bool) -> ReadAs {
    ReadAs {
        zone: chrono_tz::Tz::UTC,
        now: common::test_now(),
        keep_titles,
    }
}

fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    let now = common::test_now();
    (
        now - Duration::days(BEHIND_DAYS),
        now + Duration::days(AHEAD_DAYS),
    )
}

/// The blocks the independent reader finds, as (start, end) in UTC, sorted.
const PYTHON: &str = r#"
import sys, datetime, icalendar, recurring_ical_events
utc = datetime.timezone.utc
def instant(value):
    if not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=utc)
    if value.tzinfo is None:
        return value.replace(tzinfo=utc)
    return value.astimezone(utc)
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
start = datetime.datetime.fromisoformat(sys.argv[2])
end = datetime.datetime.fromisoformat(sys.argv[3])
out = set()
for event in recurring_ical_events.of(calendar).between(start, end):
    if str(event.get('TRANSP', '')).upper() == 'TRANSPARENT':
        continue
    if str(event.get('STATUS', '')).upper() == 'CANCELLED':
        continue
    a = instant(event['DTSTART'].dt)
    b = instant(event['DTEND'].dt) if 'DTEND' in event else a + event['DURATION'].dt
    if b > start and a < end:
        out.add((a.strftime('%Y-%m-%dT%H:%M:%SZ'), b.strftime('%Y-%m-%dT%H:%M:%SZ')))
for a, b in sorted(out):
    print(a, b)
"#;

fn independent(path: &Path) -> Vec<(String, String)> {
    let (from, to) = window();
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let out = Command::new("/usr/bin/python3")
        .args(["-c", PYTHON, path.to_str().unwrap(), &iso(from), &iso(to)])
        .output()
        .expect("python3 with icalendar and recurring_ical_events (.ci/run installs them)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (a, b) = l.split_once(' ').unwrap();
            (a.to_owned(), b.to_owned())
        })
        .collect()
}

fn ours(blocks: &[BusyBlock]) -> Vec<(String, String)> {
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    blocks.iter().map(|b| (iso(b.start), iso(b.end))).collect()
}

#[test]
fn the_three_apps_files_expand_as_an_independent_reader_expands_them() {
    for name in ["outlook.ics", "google.ics", "apple.ics"] {
        let path = fixture(name);
        let read = read_file(&path, how(false)).unwrap();
        assert!(read.skipped.is_empty(), "{name}: {:?}", read.skipped);
        assert!(!read.blocks.is_empty(), "{name}");
        assert_eq!(ours(&read.blocks), independent(&path), "{name}");
    }
}

#[test]
fn the_outlook_file_reads_as_its_author_meant() {
    let read = read_file(&fixture("outlook.ics"), how(true)).unwrap();
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    let starts: Vec<DateTime<Utc>> = read.blocks.iter().map(|b| b.start).collect();
    // Monday 09:00 in Berlin: 08:00 UTC in winter, 07:00 once summer time starts.
    assert!(starts.contains(&at(2026, 11, 16, 8)));
    assert!(starts.contains(&at(2027, 3, 29, 7)));
    assert!(
        starts.contains(&at(2027, 5, 24, 7)),
        "up to the end of the stretch read"
    );
    assert!(!starts.contains(&at(2026, 12, 14, 8)), "the EXDATE");
    assert!(
        !starts.contains(&at(2026, 12, 7, 8)),
        "the moved occurrence left its slot"
    );
    assert!(
        starts.contains(&at(2026, 12, 7, 10)),
        "and went to 11:00 Berlin"
    );
    assert!(
        !starts.contains(&at(2026, 12, 24, 0)),
        "a free day is not busy"
    );
    let kickoff = read
        .blocks
        .iter()
        .find(|b| b.start == at(2027, 1, 4, 0))
        .unwrap();
    assert_eq!(kickoff.end, at(2027, 1, 6, 0), "two whole days");
    let titles: Vec<&str> = read.blocks.iter().map(BusyBlock::label).collect();
    assert!(
        titles.contains(&"Pipeline review, Q1 planning"),
        "{titles:?}"
    );
    let private = read_file(&fixture("outlook.ics"), how(false)).unwrap();
    assert!(
        private.blocks.iter().all(|b| b.title.is_none()),
        "titles only when asked"
    );
    assert_eq!(private.events, 5);
}

#[test]
fn what_is_not_a_calendar_gets_a_sentence() {
    let path = Path::new("cal.ics");
    for (bytes, words) in [
        (&b"\xff\xfe\x00garbage"[..], "it is not text"),
        (b"Subject,Start Date\nLunch,2026-12-01\n", "BEGIN:VCALENDAR"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            "no events",
        ),
        (
            b"BEGIN:VCALENDAR\r\n:::\r\nBEGIN:VEVENT\r\n",
            "not iCalendar",
        ),
    ] {
        let err = read_bytes(bytes, path, how(false)).unwrap_err().to_string();
        assert!(err.contains(words), "{err}");
        assert!(err.ends_with("Nothing was imported."), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ics");
    std::fs::write(&big, vec![b' '; 17 * 1024 * 1024]).unwrap();
    let err = read_file(&big, how(false)).unwrap_err().to_string();
    assert!(err.contains("calendar files"), "{err}");
    // A named pipe is refused at once, not opened to wait for a writer.
    let pipe = dir.path().join("pipe.ics");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let err = read_file(&pipe, how(false)).unwrap_err().to_string();
    assert!(err.contains("it is not a plain file"), "{err}");
}

#[test]
fn a_hostile_title_is_cleaned_and_an_unreadable_event_is_counted_not_fatal() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261201T100000Z\r\n\
                DTEND:20261201T110000Z\r\nSUMMARY:\u{1b}[31mRed\u{7} alert\\nnext\r\nEND:VEVENT\r\n\
                BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261301T100000Z\r\nEND:VEVENT\r\n\
                BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261202T100000Z\r\nDURATION:PT1H\r\n\
                RRULE:FREQ=DAILY;COUNT=3\nX:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let read = read_bytes(text.as_bytes(), Path::new("x.ics"), how(true)).unwrap();
    let title = read.blocks[0].title.clone().unwrap();
    assert!(is_clean(&title, Lines::One), "{title:?}");
    assert!(title.contains("Red alert"), "{title:?}");
    assert_eq!(
        read.skipped,
        vec![
            "1 event had a time Coachbook cannot read and was left out.".to_owned(),
            "1 event repeats by a rule Coachbook cannot read; its first time was kept.".to_owned(),
        ]
    );
}

#[test]
fn a_rule_that_would_run_for_days_and_a_length_past_any_calendar_are_left_out() {
    let event = |lines: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n{lines}END:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:y\r\nDTSTART:20261201T100000Z\r\nDURATION:PT1H\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let every_second =
        event("DTSTART:16010101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\n");
    let started = std::time::Instant::now();
    let read = read_bytes(every_second.as_bytes(), Path::new("x.ics"), how(false)).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "bounded work"
    );
    assert_eq!(
        read.blocks.len(),
        1,
        "only y: its first time lies centuries before"
    );
    assert!(read.skipped[0].contains("rule"), "{:?}", read.skipped);
    let endless = event(&format!(
        "DTSTART:20261201T090000Z\r\nDURATION:P{}\r\n",
        "100000W".repeat(200_000)
    ));
    let read = read_bytes(endless.as_bytes(), Path::new("x.ics"), how(false)).unwrap();
    assert_eq!(read.blocks.len(), 1);
    assert!(
        read.skipped[0].contains("a time Coachbook cannot read"),
        "{:?}",
        read.skipped
    );
}

/// A file changed the way a damaged download or a hostile sender changes it.
#[derive(Clone, Debug)]
enum Mutation {
    FlipByte(usize, u8),
    DropLine(usize),
    RepeatLine(usize, u8),
    Truncate(usize),
    Insert(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
        any::<usize>().prop_map(Mutation::DropLine),
        (any::<usize>(), 1u8..50).prop_map(|(i, n)| Mutation::RepeatLine(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "RRULE:FREQ=SECONDLY;INTERVAL=1\r\n".to_owned(),
                "RRULE:FREQ=YEARLY;BYSETPOS=-400;BYDAY=MO\r\n".to_owned(),
                "EXDATE;TZID=Nowhere/Land:20261130T080000\r\n".to_owned(),
                "DTSTART;TZID=Mars/Olympus:99991231T235959\r\n".to_owned(),
                "DURATION:P99999999W\r\n".to_owned(),
                "BEGIN:VEVENT\r\n".to_owned(),
                "END:VCALENDAR\r\n".to_owned(),
                "SUMMARY:\u{202e}evil\u{0}\r\n".to_owned(),
            ]),
        )
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
    ]
}

fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for m in mutations {
        let lines: Vec<Vec<u8>> = out
            .split_inclusive(|b| *b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        let n = lines.len().max(1);
        out = match m {
            Mutation::FlipByte(i, b) if !out.is_empty() => {
                let at = i % out.len();
                out[at] = *b;
                out
            }
            Mutation::DropLine(i) => {
                let mut lines = lines;
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
                lines.concat()
            }
            Mutation::RepeatLine(i, times) if !lines.is_empty() => {
                let mut lines = lines;
                let line = lines[i % n].clone();
                for _ in 0..*times {
                    lines.insert(i % n, line.clone());
                }
                lines.concat()
            }
            Mutation::Truncate(i) => out[..i % (out.len() + 1)].to_vec(),
            Mutation::Insert(i, text) => {
                let mut lines = lines;
                lines.insert(i % (lines.len() + 1), text.as_bytes().to_vec());
                lines.concat()
            }
            _ => out,
        };
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever is done to a real file: no panic; either blocks inside the window, each
    /// with an end after its start and a clean title, or a sentence.
    #[test]
    fn a_mutated_calendar_is_read_or_refused_never_a_panic(
        which in 0usize..3,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let name = ["outlook.ics", "google.ics", "apple.ics"][which];
        let bytes = mutate(&std::fs::read(fixture(name)).unwrap(), &mutations);
        let (from, to) = window();
        match read_bytes(&bytes, Path::new("mutated.ics"), how(true)) {
            Ok(read) => {
                for block in &read.blocks {
                    prop_assert!(block.start < block.end);
                    prop_assert!(block.end > from && block.start < to);
                    if let Some(title) = &block.title {
                        prop_assert!(is_clean(title, Lines::One), "{title:?}");
                    }
                }
            }
            Err(err) => {
                let text = err.to_string();
                prop_assert!(text.ends_with("Nothing was imported."), "{text}");
                prop_assert!(is_clean(&text, Lines::One), "{text:?}");
            }
        }
    }
}
