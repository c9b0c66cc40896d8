//! The plain-text recap of a session that a manager pastes into an email to the rep:
//! the summary, the agreed next steps, and the notes shared with the rep. Private notes
//! are not an input, so they cannot leak into it.

use chrono::{DateTime, Local};

use super::Bucket;
use super::commitment::{Commitment, Owner};
use super::text::{Lines, clean};

pub struct RecapInput<'a> {
    pub rep: &'a str,
    pub start: DateTime<chrono::Utc>,
    pub summary: &'a str,
    pub commitments: &'a [Commitment],
    /// Shared notes by bucket.
    pub shared_notes: &'a [(Bucket, String)],
}

pub fn recap(input: &RecapInput<'_>) -> String {
    let mut out = format!(
        "Coaching session with {}, {}\n\n",
        input.rep,
        input.start.with_timezone(&Local).format("%A %-d %B %Y")
    );
    if !input.summary.trim().is_empty() {
        out.push_str("Summary\n");
        out.push_str(input.summary.trim());
        out.push_str("\n\n");
    }
    if !input.commitments.is_empty() {
        out.push_str("Agreed next steps\n");
        for c in input.commitments {
            let who = match c.draft.owner {
                Owner::Rep => input.rep.to_owned(),
                Owner::Manager => "me".to_owned(),
            };
            out.push_str(&format!(
                "- {} ({who}, by {})\n",
                c.draft.text,
                c.draft.due_on.format("%a %-d %b")
            ));
        }
        out.push('\n');
    }
    let notes: Vec<&(Bucket, String)> = input
        .shared_notes
        .iter()
        .filter(|(_, n)| !n.trim().is_empty())
        .collect();
    if !notes.is_empty() {
        out.push_str("Notes\n");
        for (bucket, text) in notes {
            out.push_str(&format!("{}: {}\n", bucket.title(), text.trim()));
        }
    }
    // The texts may be as typed and not yet saved: cleaned here by the one rule, so
    // nothing pasted into an email carries a control character.
    clean(out.trim_end(), Lines::Many) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_recap_copies_no_control_character() {
        let notes = vec![(
            Bucket::Selling,
            "tab\tkept\u{1b}]52;c;eA==\u{7}\r\nnext".to_owned(),
        )];
        let text = recap(&RecapInput {
            rep: "Dana\u{1b}[31m Lee",
            start: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            summary: "Went well\u{0}\rthen\u{9b}2J more",
            commitments: &[],
            shared_notes: &notes,
        });
        assert!(
            text.starts_with("Coaching session with Dana[31m Lee, "),
            "{text}"
        );
        assert!(text.contains("Summary\nWent well\nthen2J more\n"), "{text}");
        assert!(text.contains(": tab\tkept]52;c;eA==\nnext\n"), "{text}");
        assert!(
            text.chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t'),
            "{text:?}"
        );
    }
}
