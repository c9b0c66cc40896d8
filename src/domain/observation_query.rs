//! Filtering and sorting observations in memory. The log can hold half a million rows;
//! a compact summary of each keeps every filter and sort a few milliseconds of plain Rust,
//! and the same rules serve the Observations screen and a rep's page.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::Bucket;
use super::observation::{CallContext, ObservationId, Visibility};
use super::rep::RepId;
use super::skill::SkillId;
use super::text::fold_case;

/// What a table row needs, without the evidence text (which is read only for rows on
/// screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObservationSummary {
    pub id: ObservationId,
    pub day: NaiveDate,
    pub rep: RepId,
    pub skill: SkillId,
    /// 1-5, or `None` for "not observed".
    pub rating: Option<u8>,
    pub context: CallContext,
    pub visibility: Visibility,
    /// Index into the account names of the log the summary belongs to.
    pub account: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RatingFilter {
    #[default]
    Any,
    Level(u8),
    NotObserved,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObservationFilter {
    pub rep: Option<RepId>,
    pub bucket: Option<Bucket>,
    pub skill: Option<SkillId>,
    pub rating: RatingFilter,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Part of an account name, any case.
    pub account: String,
    /// Words to find in the evidence; answered by the full-text index, not here.
    pub text: String,
    pub visibility: Option<Visibility>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Date,
    Rep,
    Bucket,
    Skill,
    Rating,
    Context,
    Account,
    Visibility,
    Evidence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first: what a manager looks for first.
    fn default() -> Sort {
        Sort {
            key: SortKey::Date,
            descending: true,
        }
    }
}

/// Names behind the ids, for matching and sorting by what people read.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    pub skill_bucket: HashMap<SkillId, Bucket>,
    /// Position of each rep and skill in name order.
    pub rep_rank: HashMap<RepId, u32>,
    pub skill_rank: HashMap<SkillId, u32>,
}

impl ObservationFilter {
    pub fn is_empty(&self) -> bool {
        *self == ObservationFilter::default()
    }

    /// Everything but the text search, which needs the full-text index. `account_hits`
    /// says, by account index, which accounts match; empty when no account is asked for.
    pub fn matches(
        &self,
        row: &ObservationSummary,
        lookups: &Lookups,
        account_hits: &[bool],
    ) -> bool {
        self.rep.is_none_or(|rep| row.rep == rep)
            && self.skill.is_none_or(|skill| row.skill == skill)
            && self
                .bucket
                .is_none_or(|bucket| lookups.skill_bucket.get(&row.skill) == Some(&bucket))
            && match self.rating {
                RatingFilter::Any => true,
                RatingFilter::Level(level) => row.rating == Some(level),
                RatingFilter::NotObserved => row.rating.is_none(),
            }
            && self.from.is_none_or(|from| row.day >= from)
            && self.to.is_none_or(|to| row.day <= to)
            && self.visibility.is_none_or(|v| row.visibility == v)
            && (account_hits.is_empty()
                || account_hits
                    .get(row.account as usize)
                    .copied()
                    .unwrap_or(false))
    }
}

/// The rows that pass `filter` (and, when searching text, whose ids are in `text_hits`),
/// in the order `sort` asks for. `accounts` are the account names the rows' indexes point
/// into. `evidence_rank` orders by evidence text when that is the sort; rows it does not
/// know go last.
pub fn select(
    rows: &[ObservationSummary],
    accounts: &[String],
    filter: &ObservationFilter,
    sort: Sort,
    lookups: &Lookups,
    text_hits: Option<&HashSet<ObservationId>>,
    evidence_rank: Option<&HashMap<ObservationId, u32>>,
) -> Vec<ObservationSummary> {
    let wanted_account = fold_case(&filter.account);
    let account_hits: Vec<bool> = if wanted_account.is_empty() {
        Vec::new()
    } else {
        accounts
            .iter()
            .map(|a| fold_case(a).contains(&wanted_account))
            .collect()
    };
    let account_rank: Vec<u32> = if sort.key == SortKey::Account {
        let mut order: Vec<usize> = (0..accounts.len()).collect();
        order.sort_by_key(|i| fold_case(&accounts[*i]));
        let mut rank = vec![0; accounts.len()];
        for (position, index) in order.into_iter().enumerate() {
            rank[index] = u32::try_from(position).unwrap_or(u32::MAX);
        }
        rank
    } else {
        Vec::new()
    };
    let mut out: Vec<ObservationSummary> = rows
        .iter()
        .filter(|row| filter.matches(row, lookups, &account_hits))
        .filter(|row| text_hits.is_none_or(|hits| hits.contains(&row.id)))
        .copied()
        .collect();
    let key = |row: &ObservationSummary| -> u64 {
        match sort.key {
            SortKey::Date => 0,
            SortKey::Rep => u64::from(*lookups.rep_rank.get(&row.rep).unwrap_or(&u32::MAX)),
            SortKey::Bucket => lookups
                .skill_bucket
                .get(&row.skill)
                .map_or(9, |b| *b as u64),
            SortKey::Skill => u64::from(*lookups.skill_rank.get(&row.skill).unwrap_or(&u32::MAX)),
            SortKey::Rating => row.rating.map_or(0, u64::from),
            SortKey::Context => row.context as u64,
            SortKey::Account => {
                u64::from(*account_rank.get(row.account as usize).unwrap_or(&u32::MAX))
            }
            SortKey::Visibility => row.visibility as u64,
            SortKey::Evidence => u64::from(
                *evidence_rank
                    .and_then(|ranks| ranks.get(&row.id))
                    .unwrap_or(&u32::MAX),
            ),
        }
    };
    // Ties break by date then id, so the order is stable and newest-first within a group.
    out.sort_unstable_by(|a, b| {
        let primary = key(a).cmp(&key(b));
        let primary = if sort.descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then(b.day.cmp(&a.day)).then(b.id.cmp(&a.id))
    });
    if sort.key == SortKey::Date && !sort.descending {
        out.reverse();
    }
    out
}

/// Turns what a manager typed into a full-text query: every word must appear, as a word
/// or the start of one ("pric" finds "pricing").
pub fn text_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, day: u32, rep: i64, skill: i64, rating: Option<u8>) -> ObservationSummary {
        ObservationSummary {
            id: ObservationId(id),
            day: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            rep: RepId(rep),
            skill: SkillId(skill),
            rating,
            context: CallContext::ClientCall,
            visibility: Visibility::Shared,
            account: 0,
        }
    }

    fn lookups() -> Lookups {
        Lookups {
            skill_bucket: [
                (SkillId(1), Bucket::Selling),
                (SkillId(2), Bucket::Customer),
            ]
            .into_iter()
            .collect(),
            rep_rank: [(RepId(1), 1), (RepId(2), 0)].into_iter().collect(),
            skill_rank: [(SkillId(1), 0), (SkillId(2), 1)].into_iter().collect(),
        }
    }

    #[test]
    fn filters_combine_and_sorting_is_stable() {
        let rows = [
            row(1, 1, 1, 1, Some(3)),
            row(2, 2, 2, 2, None),
            row(3, 3, 1, 2, Some(5)),
        ];
        let l = lookups();
        let accounts = vec!["Northwind".to_owned()];
        let all = select(
            &rows,
            &accounts,
            &ObservationFilter::default(),
            Sort::default(),
            &l,
            None,
            None,
        );
        assert_eq!(all.iter().map(|r| r.id.0).collect::<Vec<_>>(), [3, 2, 1]);

        let filter = ObservationFilter {
            bucket: Some(Bucket::Customer),
            ..Default::default()
        };
        let ids: Vec<_> = select(&rows, &accounts, &filter, Sort::default(), &l, None, None)
            .iter()
            .map(|r| r.id.0)
            .collect();
        assert_eq!(ids, [3, 2]);

        let filter = ObservationFilter {
            rating: RatingFilter::NotObserved,
            ..Default::default()
        };
        assert_eq!(
            select(&rows, &accounts, &filter, Sort::default(), &l, None, None).len(),
            1
        );

        let by_rep = Sort {
            key: SortKey::Rep,
            descending: false,
        };
        let ids: Vec<_> = select(
            &rows,
            &accounts,
            &ObservationFilter::default(),
            by_rep,
            &l,
            None,
            None,
        )
        .iter()
        .map(|r| r.id.0)
        .collect();
        assert_eq!(
            ids,
            [2, 3, 1],
            "rep 2 sorts first by name, then newest first"
        );
    }

    #[test]
    fn text_queries_are_prefix_words() {
        assert_eq!(text_query("  pric  \"x"), Some("\"pric\"* \"x\"*".into()));
        assert_eq!(text_query(" ;; "), None);
    }
}
