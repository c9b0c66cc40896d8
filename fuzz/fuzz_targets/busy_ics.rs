//! A calendar file of any bytes is read as busy time: errors are fine (each a sentence),
//! panics are not. Every block read ends after it starts, lies in the stretch read, and
//! carries a title only when asked, cleaned by the one text rule.
#![no_main]

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use coachbook::domain::busy::{AHEAD_DAYS, BEHIND_DAYS};
use coachbook::domain::text::{Lines, is_clean};
use coachbook::exchange::busy_ics::{ReadAs, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
    for keep_titles in [false, true] {
        let how = ReadAs {
            zone: chrono_tz::Europe::Berlin,
            now,
            keep_titles,
        };
        match read_bytes(bytes, Path::new("fuzz.ics"), how) {
            Ok(read) => {
                for block in &read.blocks {
                    assert!(block.start < block.end);
                    assert!(block.end > now - Duration::days(BEHIND_DAYS));
                    assert!(block.start < now + Duration::days(AHEAD_DAYS));
                    match &block.title {
                        Some(title) => {
                            assert!(keep_titles);
                            assert!(is_clean(title, Lines::One), "{title:?}");
                        }
                        None => {}
                    }
                }
            }
            Err(err) => assert!(is_clean(&err.to_string(), Lines::One)),
        }
    }
});
