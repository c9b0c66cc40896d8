//! Who a rep file may answer for. Every rep file shared carries a random token, and the
//! data file keeps, for each token, the rep, the period and the moment it was shared. A
//! returned file is believed only when all of these are as issued: a file edited to name
//! another rep, a token copied from someone else's file or another data file, or a
//! changed period is refused before anything is written.

use chrono::{DateTime, NaiveDate, Utc};
use thiserror::Error;

use crate::domain::rep::RepId;
use crate::domain::text::{Lines, clean};

/// Random bytes in a token: 256 bits, far beyond what anyone could guess or try.
pub const TOKEN_BYTES: usize = 32;

/// A share's token as written in the files: lowercase hexadecimal, two digits a byte.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ShareToken(String);

impl ShareToken {
    pub fn from_bytes(bytes: &[u8; TOKEN_BYTES]) -> ShareToken {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = String::with_capacity(TOKEN_BYTES * 2);
        for b in bytes {
            text.push(char::from(DIGITS[usize::from(b >> 4)]));
            text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
        }
        ShareToken(text)
    }

    /// A token exactly as Coachbook writes one, or nothing: a shortened, padded or
    /// otherwise edited token never matches by accident.
    pub fn parse(text: &str) -> Option<ShareToken> {
        let well_formed = text.len() == TOKEN_BYTES * 2
            && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        well_formed.then(|| ShareToken(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Only the start, so a token never lands whole in a log or an error report.
impl std::fmt::Debug for ShareToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ShareToken({}...)", &self.0[..8.min(self.0.len())])
    }
}

/// What one share was issued for; a rep file states the same of itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareIdentity {
    pub token: ShareToken,
    pub rep: RepId,
    /// The rep's name when the file was shared (a later renaming does not matter).
    pub rep_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// To the millisecond, as stored.
    pub shared: DateTime<Utc>,
}

/// Why a returned rep file is not believed. Nothing is imported from it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareMismatch {
    #[error(
        "This rep file's share token was not issued by this data file: the file was shared from another Coachbook data file, or its token was changed. Nothing was imported."
    )]
    UnknownToken,
    #[error(
        "This rep file was shared with {issued_to} but now names {named}. A rep file can only answer for the rep it was shared with, so nothing was imported."
    )]
    OtherRep { issued_to: String, named: String },
    #[error(
        "This rep file was shared with {rep} for {from} to {to}, but its dates were changed, so nothing was imported."
    )]
    EditedPeriod {
        rep: String,
        from: String,
        to: String,
    },
}

/// Whether a returned file (`file`) is the share this data file issued under its token
/// (`issued`, none when the token is unknown here).
pub fn check_returned(
    file: &ShareIdentity,
    issued: Option<&ShareIdentity>,
) -> Result<(), ShareMismatch> {
    let Some(issued) = issued.filter(|i| i.token == file.token) else {
        return Err(ShareMismatch::UnknownToken);
    };
    if file.rep != issued.rep || file.rep_name != issued.rep_name {
        let named = if file.rep_name == issued.rep_name {
            "another rep".to_owned()
        } else {
            // The file's words reach a terminal or a toast: one clean line, kept short.
            let name: String = clean(&file.rep_name, Lines::One)
                .chars()
                .take(crate::domain::rep::MAX_NAME_CHARS)
                .collect();
            format!("\"{name}\"")
        };
        return Err(ShareMismatch::OtherRep {
            issued_to: issued.rep_name.clone(),
            named,
        });
    }
    if (file.from, file.to, file.shared) != (issued.from, issued.to, issued.shared) {
        return Err(ShareMismatch::EditedPeriod {
            rep: issued.rep_name.clone(),
            from: issued.from.format("%-d %b %Y").to_string(),
            to: issued.to.format("%-d %b %Y").to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn identity() -> ShareIdentity {
        ShareIdentity {
            token: ShareToken::from_bytes(&[0xab; TOKEN_BYTES]),
            rep: RepId(1),
            rep_name: "Ana Ruiz".into(),
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            to: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(),
            shared: DateTime::from_timestamp_millis(1_796_000_000_123).unwrap_or_default(),
        }
    }

    #[test]
    fn tokens_are_read_back_only_exactly_as_written() {
        let token = ShareToken::from_bytes(&[0x0f; TOKEN_BYTES]);
        assert_eq!(token.as_str(), "0f".repeat(TOKEN_BYTES));
        assert_eq!(ShareToken::parse(token.as_str()), Some(token.clone()));
        let text = token.as_str();
        for edited in [
            &text[..text.len() - 1],
            &format!("{text}0"),
            &text.to_uppercase(),
            &format!(" {}", &text[1..]),
            "",
            &"g".repeat(TOKEN_BYTES * 2),
        ] {
            assert_eq!(ShareToken::parse(edited), None, "{edited:?}");
        }
        assert!(!format!("{token:?}").contains(text));
    }

    #[test]
    fn a_file_is_believed_only_as_issued() {
        let issued = identity();
        assert_eq!(check_returned(&issued, Some(&issued)), Ok(()));
        assert_eq!(
            check_returned(&issued, None),
            Err(ShareMismatch::UnknownToken)
        );

        let mut renamed = issued.clone();
        renamed.rep_name = "Ben\u{1b}]0;x\u{7} Ortiz".into();
        let message = check_returned(&renamed, Some(&issued))
            .unwrap_err()
            .to_string();
        assert!(message.contains("shared with Ana Ruiz but now names \"Ben]0;x Ortiz\""));

        let mut moved = issued.clone();
        moved.rep = RepId(2);
        let message = check_returned(&moved, Some(&issued))
            .unwrap_err()
            .to_string();
        assert!(message.contains("now names another rep"), "{message}");

        for change in 0..3 {
            let mut edited = issued.clone();
            match change {
                0 => edited.from = edited.from.pred_opt().unwrap_or_default(),
                1 => edited.to = edited.to.succ_opt().unwrap_or_default(),
                _ => edited.shared += chrono::Duration::milliseconds(1),
            }
            let message = check_returned(&edited, Some(&issued))
                .unwrap_err()
                .to_string();
            assert!(
                message.contains("for 1 Jan 2026 to 2 Dec 2026, but its dates were changed"),
                "{message}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_other_token_text_is_refused(text in "\\PC{0,80}") {
            let token = ShareToken::from_bytes(&[7; TOKEN_BYTES]);
            prop_assume!(text != token.as_str());
            let parsed = ShareToken::parse(&text);
            prop_assert!(parsed.as_ref() != Some(&token));
            if let Some(parsed) = parsed {
                prop_assert_eq!(parsed.as_str(), text.as_str());
            }
        }

        #[test]
        fn tokens_from_different_bytes_differ(a in any::<[u8; TOKEN_BYTES]>(), b in any::<[u8; TOKEN_BYTES]>()) {
            prop_assume!(a != b);
            prop_assert_ne!(ShareToken::from_bytes(&a), ShareToken::from_bytes(&b));
        }
    }
}
