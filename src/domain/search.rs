//! Searching everything the manager and the reps wrote: what a hit is, how the words typed
//! become an index query, and the short excerpt with the matching words picked out.
//!
//! Matching folds case and accents and takes each word typed as the start of a word, the
//! same way the index's tokenizer does, so an excerpt highlights exactly what was found.

mod excerpt;
mod kind;

pub use excerpt::{Segment, excerpt, fold};
pub use kind::{Group, Kind};

use chrono::{DateTime, NaiveDate, Utc};

use super::rep::RepId;

/// Hits shown per group before the manager asks for more.
pub const PER_GROUP: usize = 20;

/// Words beyond this many are ignored: a query is a few words, not a paragraph.
pub const MAX_WORDS: usize = 8;

/// Characters of the excerpt shown around the first matching word.
pub const EXCERPT_CHARS: usize = 140;

/// The words of `text` as the index cuts them (letters and digits, whatever the script),
/// at most [`MAX_WORDS`].
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect()
}

/// Whether `word` matches the start of longer words. A single letter matches only itself:
/// as a prefix it would match most of the file, and the index keeps no one-letter
/// prefixes to answer that quickly.
pub fn is_prefix(word: &str) -> bool {
    word.chars().nth(1).is_some()
}

/// The index query for `text`: every word must start a word of the text, in any order.
/// `None` when nothing searchable was typed. Each word is quoted, so nothing typed is read
/// as the index's own syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words = words(text);
    if words.is_empty() {
        return None;
    }
    let terms: Vec<String> = words
        .iter()
        .map(|w| {
            let star = if is_prefix(w) { "*" } else { "" };
            format!("\"{w}\"{star}")
        })
        .collect();
    Some(format!("body : ({})", terms.join(" AND ")))
}

/// One text that matched, with what is needed to show it and open it where it lives.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub rep: RepId,
    pub rep_name: String,
    /// When it happened: a session's start, an observation's day, when a rep's answers
    /// came in.
    pub when: Option<When>,
    /// The whole text; the excerpt is cut from it when shown.
    pub text: String,
    /// Only the manager sees it: a private note, observation or plan.
    pub private: bool,
    /// The row to open: a session, commitment, observation, skill or plan id, by kind.
    pub link: i64,
}

/// A calendar day, or an instant whose day depends on the manager's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl When {
    pub fn local_date(self, zone: chrono_tz::Tz) -> NaiveDate {
        match self {
            When::Day(day) => day,
            When::Instant(at) => super::dates::local_date(at, zone),
        }
    }
}

/// What a search found: the newest hits of each group, and whether a group has more.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub groups: Vec<(Group, Vec<Hit>, bool)>,
}

impl Found {
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|(_, hits, _)| hits.is_empty())
    }

    /// Every hit in the order shown: group by group, newest first.
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.groups.iter().flat_map(|(_, hits, _)| hits)
    }
}

#[cfg(test)]
mod tests;
