//! The time zone a calendar file names: an IANA name (Google, Apple, Thunderbird, often
//! with a prefix), or a Windows name (Outlook, Exchange).

use chrono_tz::Tz;

/// Windows zone names as Outlook writes them, and the IANA zone each stands for (the
/// zone CLDR maps it to for the territory "001").
const WINDOWS: &[(&str, &str)] = &[
    ("UTC", "UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Buenos_Aires"),
    ("Mexico Standard Time", "America/Mexico_City"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
];

/// The zone `tzid` names, or `None` when Coachbook does not know it.
pub fn zone_named(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(zone) = tzid.parse::<Tz>() {
        return Some(zone);
    }
    if let Some((_, iana)) = WINDOWS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    // "/mozilla.org/20070129_1/Europe/Berlin", "/citadel.org/.../America/New_York": the
    // IANA name is at the end.
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..parts.len().min(4))
        .rev()
        .filter_map(|n| {
            parts
                .len()
                .checked_sub(n)
                .map(|from| parts[from..].join("/"))
        })
        .find_map(|name| name.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_windows_and_prefixed_names_are_known() {
        assert_eq!(zone_named("Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(
            zone_named("\"W. Europe Standard Time\""),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(
            zone_named("/mozilla.org/20070129_1/America/New_York"),
            Some(chrono_tz::America::New_York)
        );
        assert_eq!(zone_named("Customized Time Zone"), None);
        assert_eq!(zone_named(""), None);
    }
}
