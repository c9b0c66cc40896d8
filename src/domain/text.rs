//! Text rules: what a person's text may hold once it is in the data file, and small helpers
//! for names. Every door (window, roster CSV, JSON archive, rep file, calendar file) passes
//! text through [`clean`], so no door can let in what another refuses.

/// Whether a field keeps line breaks. Names, accounts and titles are one line; notes,
/// evidence and summaries are many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Removes every control character that could change how text is shown or parsed later:
/// C0 controls (NUL, BEL, ESC...), DEL and C1 controls never survive. Line breaks are
/// kept as `\n` only where a field is [`Lines::Many`] (a `\r\n` or a bare `\r` becomes
/// `\n`); a tab is kept there too. In a one-line field a tab or a line break becomes a
/// space, so "Acme\tCorp" stays two words. Unicode's line and paragraph separators count
/// as line breaks, since terminals and spreadsheets treat them so.
pub fn clean(input: &str, lines: Lines) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                true
            }
            '\n' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if line_break {
            out.push(if lines == Lines::Many { '\n' } else { ' ' });
        } else if c == '\t' {
            out.push(if lines == Lines::Many { '\t' } else { ' ' });
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

/// Whether [`clean`] would change the text: a door that must refuse rather than repair
/// (a file whose identity must not be edited) asks this.
pub fn is_clean(input: &str, lines: Lines) -> bool {
    input.chars().all(|c| match c {
        '\n' | '\t' => lines == Lines::Many,
        '\r' | '\u{2028}' | '\u{2029}' => false,
        c => !c.is_control(),
    })
}

/// Trims the ends and folds runs of inner white space to one space, so "  Dana   Lee " and
/// "Dana Lee" are the same name to the roster.
pub fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form of a name used to compare names without regard to case.
pub fn fold_case(input: &str) -> String {
    tidy(input).to_lowercase()
}

/// Characters, not bytes: what a person would count.
pub fn char_count(input: &str) -> usize {
    input.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tidy_folds_white_space() {
        assert_eq!(tidy("  Dana \t  Lee \n"), "Dana Lee");
        assert_eq!(fold_case("ÉLODIE  Martin"), "élodie martin");
    }

    #[test]
    fn clean_drops_controls_and_keeps_lines_where_allowed() {
        let hostile = "a\u{0}b\u{7}c\u{1b}]0;pwned\u{7}d\u{9b}e\u{7f}f";
        assert_eq!(clean(hostile, Lines::Many), "abc]0;pwneddef");
        assert_eq!(
            clean("one\r\ntwo\rthree\nfour", Lines::Many),
            "one\ntwo\nthree\nfour"
        );
        assert_eq!(clean("one\r\ntwo\rthree", Lines::One), "one two three");
        assert_eq!(clean("Acme\tCorp", Lines::One), "Acme Corp");
        assert_eq!(clean("col\tcol", Lines::Many), "col\tcol");
        assert_eq!(clean("Zoë – ü 日本", Lines::One), "Zoë – ü 日本");
        assert!(is_clean("plain text", Lines::One));
        assert!(!is_clean("two\nlines", Lines::One));
    }

    proptest! {
        #[test]
        fn cleaned_text_has_no_controls_and_is_stable(input in any::<String>()) {
            for lines in [Lines::One, Lines::Many] {
                let once = clean(&input, lines);
                let allowed = |c: char| lines == Lines::Many && (c == '\n' || c == '\t');
                prop_assert!(once.chars().all(|c| !c.is_control() || allowed(c)));
                prop_assert!(!once.contains('\r'));
                prop_assert_eq!(clean(&once, lines), once.clone());
                prop_assert!(is_clean(&once, lines));
                prop_assert_eq!(is_clean(&input, lines), once == input);
            }
        }
    }
}
