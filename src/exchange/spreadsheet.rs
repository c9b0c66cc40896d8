//! Cells a spreadsheet would run. Excel, LibreOffice and Google Sheets take a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula,
//! so a rep's name or a note could run a command or leak other cells when a manager opens
//! an exported table. As OWASP recommends for CSV injection, such a cell is written with a
//! single quote in front, which makes a spreadsheet show it as text, and a text cell is
//! always quoted, so a `;` inside it cannot become a separator in a locale that splits on
//! it.
//!
//! The roster import takes the quote off again, so an exported name comes back as it was.
//! A cell that already starts with quotes before such a character gets one more, so even
//! "'=x" survives the round trip; a quote before anything else ("'t Hooft") is left alone
//! both ways.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula, per OWASP.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether the cell, past any quotes it already starts with, starts like a formula.
fn starts_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// The cell as written to a CSV file: with a quote in front when it starts like a formula.
pub fn guarded(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`guarded`]: the exact inverse, for the roster import.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(cell) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_cells_get_a_quote_and_lose_it_on_the_way_back() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("'t Hooft", "'t Hooft"),
            ("Dana Lee", "Dana Lee"),
            ("a=b", "a=b"),
            (" =1", " =1"),
            ("", ""),
        ] {
            assert_eq!(guarded(cell), written, "{cell:?}");
            assert_eq!(unguarded(written), cell, "{written:?}");
        }
        // A hand-written roster's own quote before a name stays.
        assert_eq!(unguarded("'Ohana"), "'Ohana");
    }

    proptest! {
        #[test]
        fn guarding_is_undone_exactly_and_never_leaves_a_formula(cell in any::<String>()) {
            let written = guarded(&cell);
            prop_assert!(!written.starts_with(FORMULA_STARTS));
            prop_assert_eq!(unguarded(&written), cell.as_str());
        }

        #[test]
        fn quotes_and_formula_starts_round_trip(cell in "['=+@\\-\t\rab ]{0,6}") {
            let written = guarded(&cell);
            prop_assert_eq!(unguarded(&written), cell.as_str());
        }
    }
}
