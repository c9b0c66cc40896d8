//! A thread that loads the observation log and answers the Observations screen's queries,
//! so that a filter over half a million rows never holds up a frame.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::domain::observation::ObservationId;
use crate::domain::observation_query::{
    IdRank, Lookups, ObservationFilter, ObservationSummary, Sort, SortKey, select, text_query,
};
use crate::store::{FileAccess, Store, StoreError, observations};

use super::observation_log::ObservationLog;

/// Which table asked: the Observations screen or a rep's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableId {
    Log,
    RepPage,
}

pub struct QueryJob {
    pub table: TableId,
    pub generation: u64,
    pub log: Arc<ObservationLog>,
    pub filter: ObservationFilter,
    pub sort: Sort,
    pub lookups: Lookups,
}

/// The plans' figures to compute, from the log and plans as they were when asked.
pub struct PlanJob {
    pub key: super::plan_figures::PlanKey,
    pub log: Arc<ObservationLog>,
    pub plans: Arc<Vec<crate::domain::plan::Plan>>,
    pub reps: Vec<crate::domain::rep::RepId>,
}

/// A search as asked: the words, and the count of changes applied when it was asked (a
/// change may add or remove hits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchKey {
    pub text: String,
    pub version: u64,
}

enum Job {
    Load,
    Search(SearchKey),
    Plans(Box<PlanJob>),
    Query(Box<QueryJob>),
    Excerpts {
        ids: Vec<ObservationId>,
        version: u64,
    },
}

pub enum Done {
    Loaded(Result<ObservationLog, String>),
    Searched {
        key: SearchKey,
        found: Result<crate::domain::search::Found, String>,
    },
    Plans(Box<super::plan_figures::PlanFigures>),
    Excerpts {
        version: u64,
        asked: Vec<ObservationId>,
        rows: Result<Vec<(ObservationId, String)>, String>,
    },
    Queried {
        table: TableId,
        generation: u64,
        rows: Result<Vec<ObservationSummary>, String>,
        elapsed: Duration,
    },
}

pub struct QueryWorker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl QueryWorker {
    /// Starts the thread; it opens its own read-only connection to the file when first
    /// needed.
    pub fn start(file: FileAccess) -> QueryWorker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let thread = std::thread::Builder::new()
            .name("observation-queries".into())
            .spawn(move || Worker::new(file).run(job_rx, done_tx))
            .map_err(|err| eprintln!("coachbook: the query thread did not start: {err}"))
            .ok();
        QueryWorker { jobs, done, thread }
    }

    /// Ends the thread and waits until it has closed its connection to the data file
    /// (before a restore replaces that file).
    pub fn stop(self) {
        drop(self);
    }

    pub fn load(&self) {
        let _ = self.jobs.send(Job::Load);
    }

    pub fn query(&self, job: QueryJob) {
        let _ = self.jobs.send(Job::Query(Box::new(job)));
    }

    pub fn search(&self, key: SearchKey) {
        let _ = self.jobs.send(Job::Search(key));
    }

    pub fn plans(&self, job: PlanJob) {
        let _ = self.jobs.send(Job::Plans(Box::new(job)));
    }

    /// The start of the evidence of `ids`, for rows that came on screen.
    pub fn excerpts(&self, ids: Vec<ObservationId>, version: u64) {
        let _ = self.jobs.send(Job::Excerpts { ids, version });
    }

    /// Answers that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Done> {
        let mut out = Vec::new();
        loop {
            match self.done.try_recv() {
                Ok(done) => out.push(done),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return out,
            }
        }
    }
}

impl Drop for QueryWorker {
    /// The thread's connection is closed before the worker is gone, so that no page is
    /// being decrypted while the process exits: SQLCipher's exit handler frees what such a
    /// read still uses. A query takes milliseconds; one that panicked has closed its
    /// connection all the same.
    fn drop(&mut self) {
        self.jobs = channel().0;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Worker {
    file: FileAccess,
    store: Option<Store>,
    /// Evidence order, with the `data_version` it was read at.
    evidence_rank: Option<(i64, Arc<IdRank>)>,
}

impl Worker {
    fn new(file: FileAccess) -> Worker {
        Worker {
            file,
            store: None,
            evidence_rank: None,
        }
    }

    fn run(mut self, jobs: Receiver<Job>, done: Sender<Done>) {
        while let Ok(first) = jobs.recv() {
            // Only the newest query of each table, and the newest plans' figures, matter;
            // older ones are skipped.
            let mut pending = vec![first];
            while let Ok(more) = jobs.try_recv() {
                pending.push(more);
            }
            let mut latest: Vec<Job> = Vec::new();
            for job in pending {
                match &job {
                    Job::Query(q) => {
                        latest.retain(|j| !matches!(j, Job::Query(old) if old.table == q.table));
                    }
                    Job::Plans(_) => latest.retain(|j| !matches!(j, Job::Plans(_))),
                    Job::Search(_) => latest.retain(|j| !matches!(j, Job::Search(_))),
                    Job::Load | Job::Excerpts { .. } => {}
                }
                latest.push(job);
            }
            for job in latest {
                let answer = match job {
                    Job::Load => Done::Loaded(
                        self.store()
                            .and_then(|s| ObservationLog::load(s.conn()))
                            .map_err(|e| e.to_string()),
                    ),
                    Job::Search(key) => Done::Searched {
                        found: self.search(&key.text).map_err(|e| e.to_string()),
                        key,
                    },
                    Job::Plans(p) => Done::Plans(Box::new(super::plan_figures::compute(
                        p.key, &p.log, &p.plans, &p.reps,
                    ))),
                    Job::Excerpts { ids, version } => Done::Excerpts {
                        version,
                        rows: self
                            .store()
                            .and_then(|s| {
                                observations::excerpts(s.conn(), &ids, super::EXCERPT_CHARS)
                            })
                            .map_err(|e| e.to_string()),
                        asked: ids,
                    },
                    Job::Query(q) => {
                        let started = Instant::now();
                        let rows = self.query(&q).map_err(|e| e.to_string());
                        Done::Queried {
                            table: q.table,
                            generation: q.generation,
                            rows,
                            elapsed: started.elapsed(),
                        }
                    }
                };
                if done.send(answer).is_err() {
                    return;
                }
            }
        }
    }

    fn store(&mut self) -> Result<&Store, StoreError> {
        if self.store.is_none() {
            self.store = Some(self.file.open_read_only()?);
        }
        self.store.as_ref().ok_or(StoreError::Missing {
            path: self.file.path.clone(),
        })
    }

    fn search(&mut self, text: &str) -> Result<crate::domain::search::Found, StoreError> {
        let query = crate::store::search::Query {
            text: text.to_owned(),
            rep: None,
            per_group: crate::domain::search::PER_GROUP,
        };
        crate::store::search::find(self.store()?.conn(), &query)
    }

    fn query(&mut self, job: &QueryJob) -> Result<Vec<ObservationSummary>, StoreError> {
        let evidence_rank = match job.sort.key {
            SortKey::Evidence => Some(self.evidence_rank()?),
            _ => None,
        };
        answer(self.store()?.conn(), job, evidence_rank.as_deref())
    }

    fn evidence_rank(&mut self) -> Result<Arc<IdRank>, StoreError> {
        let version: i64 = self
            .store()?
            .conn()
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        if let Some((seen, ranks)) = &self.evidence_rank
            && *seen == version
        {
            return Ok(ranks.clone());
        }
        let ranks = Arc::new(observations::evidence_order(self.store()?.conn())?);
        self.evidence_rank = Some((version, ranks.clone()));
        Ok(ranks)
    }
}

/// Filters and sorts `job` against the log, searching evidence text through `conn`.
fn answer(
    conn: &rusqlite::Connection,
    job: &QueryJob,
    evidence_rank: Option<&IdRank>,
) -> Result<Vec<ObservationSummary>, StoreError> {
    let text_hits = match text_query(&job.filter.text) {
        Some(fts) => Some(observations::search(conn, &fts)?),
        None => None,
    };
    Ok(select(
        job.log.rows(),
        job.log.accounts(),
        &job.filter,
        job.sort,
        &job.lookups,
        text_hits.as_ref(),
        evidence_rank,
    ))
}

/// The query exactly as the worker runs it, for tests and benchmarks that need the answer
/// without a thread.
pub fn query_now(store: &Store, job: &QueryJob) -> Result<Vec<ObservationSummary>, StoreError> {
    let evidence_rank = match job.sort.key {
        SortKey::Evidence => Some(observations::evidence_order(store.conn())?),
        _ => None,
    };
    answer(store.conn(), job, evidence_rank.as_ref())
}
