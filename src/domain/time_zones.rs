//! Finding a time zone by typing part of its name: nobody remembers whether it is
//! "America/Sao_Paulo" or "Brazil/East", but everyone can type "paulo".

use chrono::{DateTime, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

/// The IANA names that match `query`, best first, at most `limit`: a name whose city (or
/// any part after a slash) starts with what was typed comes before one that only contains
/// it. Case, spaces and underscores do not matter. Nothing for an empty query or for a
/// name typed in full.
pub fn matching_time_zones(query: &str, limit: usize) -> Vec<&'static str> {
    let wanted = normalise(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u8, &'static str)> = TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter_map(|name| {
            let have = normalise(name);
            if have == wanted {
                Some((0, name))
            } else if have.split('/').any(|part| part.starts_with(&wanted)) {
                Some((1, name))
            } else if have.contains(&wanted) {
                Some((2, name))
            } else {
                None
            }
        })
        .collect();
    if found
        .iter()
        .any(|(rank, name)| *rank == 0 && *name == query.trim())
    {
        return Vec::new();
    }
    found.sort_by_key(|(rank, name)| (*rank, name.len(), *name));
    found
        .into_iter()
        .take(limit)
        .map(|(_, name)| name)
        .collect()
}

/// "15:00 in America/New_York": the time of `instant` in `zone`, for a session whose
/// cadence keeps another zone than the one the screens show times in (`here`); `None`
/// when the two clocks read the same.
pub fn time_elsewhere(instant: DateTime<Utc>, zone: Tz, here: Tz) -> Option<String> {
    let there = instant.with_timezone(&zone);
    (there.naive_local() != instant.with_timezone(&here).naive_local())
        .then(|| format!("{} in {}", there.format("%H:%M"), zone.name()))
}

fn normalise(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '_'], "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_finds_its_zone_first() {
        assert_eq!(
            matching_time_zones("berl", 5).first(),
            Some(&"Europe/Berlin")
        );
        assert_eq!(matching_time_zones("sao pa", 5), ["America/Sao_Paulo"]);
        assert_eq!(matching_time_zones("NEW_YORK", 5), ["America/New_York"]);
    }

    #[test]
    fn a_city_name_beats_a_name_that_merely_contains_it() {
        let found = matching_time_zones("york", 10);
        assert_eq!(found, ["America/New_York"]);
        let found = matching_time_zones("lon", 10);
        assert_eq!(found.first(), Some(&"Europe/London"), "{found:?}");
    }

    #[test]
    fn nothing_for_nothing_or_a_full_name_or_nonsense() {
        assert!(matching_time_zones("", 5).is_empty());
        assert!(matching_time_zones("  ", 5).is_empty());
        assert!(matching_time_zones("Europe/Berlin", 5).is_empty());
        assert!(matching_time_zones("Qwertyville", 5).is_empty());
        assert_eq!(matching_time_zones("a", 3).len(), 3);
    }

    #[test]
    fn a_time_elsewhere_is_said_only_when_the_clocks_differ() {
        use chrono::TimeZone;
        let noon = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let berlin = chrono_tz::Europe::Berlin;
        let paris = chrono_tz::Europe::Paris;
        let new_york = chrono_tz::America::New_York;
        assert_eq!(
            time_elsewhere(noon, new_york, berlin).as_deref(),
            Some("07:00 in America/New_York")
        );
        assert_eq!(time_elsewhere(noon, paris, berlin), None, "same clock");
        assert_eq!(time_elsewhere(noon, berlin, berlin), None);
    }

    #[test]
    fn every_match_is_a_zone_the_cadence_accepts() {
        for name in matching_time_zones("an", 50) {
            assert!(
                crate::domain::cadence::parse_time_zone(name).is_ok(),
                "{name}"
            );
        }
    }
}
