//! The observation tables' side of the query thread: asking it for rows and excerpts, and
//! taking in its answers between frames.

use std::sync::Arc;

use super::{App, WriteState};
use crate::domain::observation::ObservationId;
use crate::model::LogState;
use crate::model::{Done, MAX_EXCERPTS, QueryJob};

impl App {
    /// Takes in what the query thread has answered.
    pub(super) fn receive_answers(&mut self) {
        for done in self.worker.poll() {
            match done {
                Done::Loaded(Ok(log)) => {
                    self.caches.take_counts(log.counts_at_load());
                    self.caches.log = LogState::Ready(Arc::new(log));
                    self.caches.log_version += 1;
                    // Excerpts asked while it loaded are dropped when they arrive.
                    self.excerpts_asked.clear();
                    for table in self.caches.tables.values_mut() {
                        table.asked = None;
                    }
                }
                Done::Loaded(Err(message)) => {
                    // Without the log the roster still counts, from the file itself.
                    if self.caches.counts_pending
                        && let Ok(counts) =
                            crate::store::observations::count_by_rep(self.ops.store().conn())
                    {
                        self.caches.take_counts(&counts);
                    }
                    self.caches.log = LogState::Failed(message);
                }
                Done::Searched { key, found } => {
                    if self.caches.search_asked.as_ref() == Some(&key) {
                        self.caches.search_asked = None;
                    }
                    self.caches.search = Some((key, found));
                }
                Done::Plans(figures) => {
                    self.caches.plans_asked = None;
                    if figures.key == self.plan_key() {
                        self.caches.plan_figures = Some(*figures);
                    }
                }
                Done::Excerpts {
                    version,
                    asked,
                    rows,
                } => {
                    if version != self.caches.log_version {
                        continue;
                    }
                    for id in &asked {
                        self.excerpts_asked.remove(id);
                    }
                    match rows {
                        Ok(rows) => self.caches.excerpts.extend(rows),
                        Err(message) => {
                            self.excerpts_asked.clear();
                            self.write_state = WriteState::Failed(message);
                        }
                    }
                }
                Done::Queried {
                    table,
                    generation,
                    rows,
                    elapsed,
                } => {
                    let result = self.caches.tables.entry(table).or_default();
                    if result.generation != generation {
                        continue;
                    }
                    result.pending = false;
                    result.last_query_ms = elapsed.as_secs_f64() * 1e3;
                    match rows {
                        Ok(rows) => {
                            let old = std::mem::replace(&mut result.rows, Arc::new(rows));
                            // Freeing half a million rows can take longer than a frame.
                            std::thread::spawn(move || drop(old));
                            result.error = None;
                        }
                        Err(message) => result.error = Some(message),
                    }
                }
            }
        }
    }

    /// Sends a query for every table whose filter or sort differs from what it shows.
    pub(super) fn send_queries(&mut self) {
        let LogState::Ready(log) = &self.caches.log else {
            return;
        };
        let log = log.clone();
        let mut lookups = None;
        for (table, filter, sort) in self.state.wanted_queries() {
            let result = self.caches.tables.entry(table).or_default();
            if result.asked.as_ref() == Some(&(filter.clone(), sort)) {
                continue;
            }
            result.generation += 1;
            result.pending = true;
            result.sent_at = Some(std::time::Instant::now());
            result.asked = Some((filter.clone(), sort));
            let generation = result.generation;
            let lookups = lookups.get_or_insert_with(|| self.caches.lookups()).clone();
            self.worker.query(QueryJob {
                table,
                generation,
                log: log.clone(),
                filter,
                sort,
                lookups,
            });
        }
    }

    /// Asks the query thread to search when the search box's words (or the file) moved
    /// since the results shown.
    pub(super) fn ask_search(&mut self) {
        let search = &self.state.search;
        if !search.open || search.text.trim().is_empty() {
            return;
        }
        let key = crate::model::SearchKey {
            text: search.text.clone(),
            version: self.caches.search_version,
        };
        let shown = self.caches.search.as_ref().is_some_and(|(k, _)| *k == key);
        if shown || self.caches.search_asked.as_ref() == Some(&key) {
            return;
        }
        self.caches.search_asked = Some(key.clone());
        self.worker.search(key);
    }

    /// What the plans' figures are computed from, as things stand.
    pub(super) fn plan_key(&self) -> crate::model::plan_figures::PlanKey {
        crate::model::plan_figures::PlanKey {
            log_version: self.caches.log_version,
            plans_version: self.caches.plans_version,
            today: self.ops.clock().today(),
            half_life_days: self.state.gaps.half_life_days,
        }
    }

    /// Asks the query thread for the plans' figures when what they come from moved.
    pub(super) fn ask_plan_figures(&mut self) {
        let LogState::Ready(log) = &self.caches.log else {
            return;
        };
        let key = self.plan_key();
        let current = self
            .caches
            .plan_figures
            .as_ref()
            .is_some_and(|f| f.key == key);
        if current || self.caches.plans_asked == Some(key) {
            return;
        }
        self.caches.plans_asked = Some(key);
        self.worker.plans(crate::model::PlanJob {
            key,
            log: log.clone(),
            plans: self.caches.plans.clone(),
            reps: self
                .caches
                .active_reps()
                .into_iter()
                .map(|(id, _)| id)
                .collect(),
        });
    }

    /// Asks the query thread for the evidence excerpts of rows that came on screen.
    pub(super) fn ask_excerpts(&mut self, ids: Vec<ObservationId>) {
        let wanted: Vec<ObservationId> = ids
            .into_iter()
            .filter(|id| {
                !self.caches.excerpts.contains_key(id) && !self.excerpts_asked.contains(id)
            })
            .collect();
        if wanted.is_empty() {
            return;
        }
        if self.caches.excerpts.len() > MAX_EXCERPTS {
            self.caches.excerpts.clear();
        }
        self.excerpts_asked.extend(wanted.iter().copied());
        self.worker.excerpts(wanted, self.caches.log_version);
    }
}
