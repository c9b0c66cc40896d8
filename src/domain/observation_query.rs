//! Filtering and sorting observations in memory. The log can hold half a million rows;
//! a compact summary of each keeps every filter and sort a few milliseconds of plain Rust,
//! and the same rules serve the Observations screen and a rep's page.

use std::collections::HashMap;

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

/// A set of observation ids as a bitmap: ids are dense row numbers, so membership costs
/// one memory read instead of a hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    pub fn insert(&mut self, id: ObservationId) {
        let Ok(index) = usize::try_from(id.0) else {
            return;
        };
        let word = index / 64;
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (index % 64);
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    pub fn contains(&self, id: ObservationId) -> bool {
        usize::try_from(id.0)
            .ok()
            .and_then(|index| {
                self.bits
                    .get(index / 64)
                    .map(|w| w & (1 << (index % 64)) != 0)
            })
            .unwrap_or(false)
    }
}

impl FromIterator<ObservationId> for IdSet {
    fn from_iter<I: IntoIterator<Item = ObservationId>>(ids: I) -> IdSet {
        let mut set = IdSet::default();
        for id in ids {
            set.insert(id);
        }
        set
    }
}

/// The position of each observation in some order (evidence text), indexed by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdRank {
    ranks: Vec<u32>,
}

impl IdRank {
    /// From ids listed in order.
    pub fn from_order(ids: impl IntoIterator<Item = ObservationId>) -> IdRank {
        let mut ranks = Vec::new();
        for (rank, id) in ids.into_iter().enumerate() {
            let Ok(index) = usize::try_from(id.0) else {
                continue;
            };
            if index >= ranks.len() {
                ranks.resize(index + 1, u32::MAX);
            }
            ranks[index] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        IdRank { ranks }
    }

    /// `u32::MAX` for an id it does not know, which sorts last.
    pub fn get(&self, id: ObservationId) -> u32 {
        usize::try_from(id.0)
            .ok()
            .and_then(|i| self.ranks.get(i).copied())
            .unwrap_or(u32::MAX)
    }
}

/// A rank table indexed by id, so a sort key costs an array read rather than a hash:
/// ids are small row numbers. Ids missing from `ranks` get `ranks.len()`, after the rest.
fn dense_ranks(ranks: impl Iterator<Item = (i64, u32)> + Clone) -> (Vec<u32>, u32) {
    let unknown = u32::try_from(ranks.clone().count()).unwrap_or(u32::MAX);
    let size = ranks
        .clone()
        .filter_map(|(id, _)| usize::try_from(id).ok())
        .max()
        .map_or(0, |m| m + 1);
    let mut table = vec![unknown; size];
    for (id, rank) in ranks {
        if let Ok(index) = usize::try_from(id) {
            table[index] = rank;
        }
    }
    (table, unknown)
}

fn lookup(table: &(Vec<u32>, u32), id: i64) -> u32 {
    usize::try_from(id)
        .ok()
        .and_then(|i| table.0.get(i).copied())
        .unwrap_or(table.1)
}

/// Orders `rows` (newest first already) by a small-range key, keeping newest first within
/// each key: a counting sort, linear in the number of rows.
fn group_by_key(
    rows: Vec<ObservationSummary>,
    key: impl Fn(&ObservationSummary) -> u32,
    descending: bool,
) -> Vec<ObservationSummary> {
    let mut keys: Vec<u32> = rows.iter().map(&key).collect();
    let buckets = keys.iter().copied().max().map_or(0, |m| m as usize + 1);
    if descending {
        for k in &mut keys {
            *k = (buckets - 1) as u32 - *k;
        }
    }
    let mut starts = vec![0usize; buckets + 1];
    for k in &keys {
        starts[*k as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0u32; rows.len()];
    for (position, k) in keys.iter().enumerate() {
        let slot = &mut starts[*k as usize];
        order[*slot] = position as u32;
        *slot += 1;
    }
    order.into_iter().map(|i| rows[i as usize]).collect()
}

/// The rows that pass `filter` (and, when searching text, whose ids are in `text_hits`),
/// in the order `sort` asks for; within equal keys, newest first. `accounts` are the
/// account names the rows' indexes point into. `evidence_rank` orders by evidence text
/// when that is the sort; rows it does not know go last.
pub fn select(
    rows: &[ObservationSummary],
    accounts: &[String],
    filter: &ObservationFilter,
    sort: Sort,
    lookups: &Lookups,
    text_hits: Option<&IdSet>,
    evidence_rank: Option<&IdRank>,
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
    // `rows` is in (day, id) order: walking it backwards gives newest first for free.
    let out: Vec<ObservationSummary> = rows
        .iter()
        .rev()
        .filter(|row| filter.matches(row, lookups, &account_hits))
        .filter(|row| text_hits.is_none_or(|hits| hits.contains(row.id)))
        .copied()
        .collect();
    let descending = sort.descending;
    match sort.key {
        SortKey::Date if descending => out,
        SortKey::Date => out.into_iter().rev().collect(),
        SortKey::Evidence => {
            let mut out = out;
            let rank = |row: &ObservationSummary| evidence_rank.map_or(u32::MAX, |r| r.get(row.id));
            if descending {
                out.sort_by_key(|row| std::cmp::Reverse(rank(row)));
            } else {
                out.sort_by_key(rank);
            }
            out
        }
        SortKey::Rep => {
            let table = dense_ranks(lookups.rep_rank.iter().map(|(id, r)| (id.0, *r)));
            group_by_key(out, |r| lookup(&table, r.rep.0), descending)
        }
        SortKey::Skill => {
            let table = dense_ranks(lookups.skill_rank.iter().map(|(id, r)| (id.0, *r)));
            group_by_key(out, |r| lookup(&table, r.skill.0), descending)
        }
        SortKey::Bucket => {
            let table = dense_ranks(lookups.skill_bucket.iter().map(|(id, b)| (id.0, *b as u32)));
            group_by_key(out, |r| lookup(&table, r.skill.0), descending)
        }
        SortKey::Rating => group_by_key(out, |r| r.rating.map_or(0, u32::from), descending),
        SortKey::Context => group_by_key(out, |r| r.context as u32, descending),
        SortKey::Visibility => group_by_key(out, |r| r.visibility as u32, descending),
        SortKey::Account => {
            let mut order: Vec<usize> = (0..accounts.len()).collect();
            order.sort_by_key(|i| fold_case(&accounts[*i]));
            let mut rank = vec![0u32; accounts.len()];
            for (position, index) in order.into_iter().enumerate() {
                rank[index] = u32::try_from(position).unwrap_or(u32::MAX);
            }
            let unknown = u32::try_from(accounts.len()).unwrap_or(u32::MAX);
            group_by_key(
                out,
                |r| rank.get(r.account as usize).copied().unwrap_or(unknown),
                descending,
            )
        }
    }
}

/// Turns what a manager typed into a full-text query: every word must appear, as a word
/// or the start of one ("pric" finds "pricing").
pub fn text_query(text: &str) -> Option<String> {
    let words: Vec<String> = super::search::words(text)
        .into_iter()
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
