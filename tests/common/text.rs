//! Text as an attacker, or an unlucky paste, sends it, and the check that a data file
//! holds none of what the one rule keeps out.

use std::path::Path;

use coachbook::exchange::archive_text::first_unclean_cell;

/// OSC 52: puts "pwned" on the terminal's clipboard.
pub const OSC52: &str = "\u{1b}]52;c;cHduZWQ=\u{7}";
/// OSC 0: retitles the terminal window.
pub const OSC0: &str = "\u{1b}]0;owned\u{1b}\\";

/// `word` followed by OSC 52, OSC 0, NUL, an 8-bit CSI clearing the screen, a bidi override,
/// CRLF and a line that looks like a property of a calendar file, NEL, DEL and a tab.
pub fn hostile(word: &str) -> String {
    format!("{word}{OSC52} {OSC0} \u{0}\u{9b}2J\u{202e}desrever\r\nX-EVIL:1\u{85}\u{7f}\tend")
}

/// Every text cell of the data file is as the one rule leaves it.
#[track_caller]
pub fn assert_file_clean(path: &Path) {
    let conn = coachbook::store::connect::open(path).unwrap();
    assert_eq!(first_unclean_cell(&conn).unwrap(), None);
}
