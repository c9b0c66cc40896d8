//! The window's publisher: a thread that sends the data file's outbox to the organization's
//! server while the manager works. It reads batches through a read-only connection of its
//! own and never writes the file: once the server has a batch, it hands the batch's
//! entries to the window, which removes them in its own transaction and says so; only
//! then is the next batch read. A failure waits and tries again, longer each time.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use postgres::Client;

use super::address::PasswordSource;
use super::{OrgError, framework, publish, rep_answers, sync};
use crate::domain::rep::RepId;
use crate::store::org_framework;
use crate::store::outbox::{self, Entry, OrgLink};
use crate::store::{FileAccess, Store};

/// How long a change waits for the next before the thread sends: typing saves often.
pub const QUIET: Duration = Duration::from_secs(2);
/// How often the thread looks for work when nothing wakes it.
const IDLE: Duration = Duration::from_secs(60);
/// The first wait after a failure, doubled each time up to `BACKOFF_MAX`.
const BACKOFF_MIN: Duration = Duration::from_secs(5);
const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// What the window tells the thread.
#[derive(Debug)]
pub enum ToWorker {
    /// Something changed, or the manager asked to sync now.
    Kick { now: bool },
    /// The entries of the last batch are removed from the outbox (or could not be).
    Acknowledged { ok: bool },
}

/// What the thread tells the window.
#[derive(Debug)]
pub enum FromWorker {
    /// A batch of this many units is on its way.
    Sending { units: usize },
    /// The server has the batch: remove these entries from the outbox.
    Sent { entries: Vec<Entry> },
    /// The organization published a newer framework: take it in.
    Framework {
        version: i64,
        framework: crate::domain::framework::Framework,
    },
    /// A rep sent answers through the server: take them in.
    Answers(super::rep_answers::TeamAnswers),
    /// Nothing waits.
    InStep,
    /// The pass stopped; the thread tries again later.
    Failed { error: String, offline: bool },
}

/// The publishing thread and its two channels.
pub struct Worker {
    to: Sender<ToWorker>,
    pub from: Receiver<FromWorker>,
}

impl Worker {
    /// Starts publishing the file `file` as `link` says; `wake` asks the window for a
    /// frame when the thread has news.
    pub fn start(
        file: FileAccess,
        link: OrgLink,
        wake: Box<dyn Fn() + Send>,
    ) -> std::io::Result<Worker> {
        let (to, inbox) = channel();
        let (outbox_tx, from) = channel();
        let mut thread = Thread {
            file,
            link,
            inbox,
            out: outbox_tx,
            wake,
            reader: None,
            client: None,
            offered: 0,
            offered_answers: HashMap::new(),
        };
        std::thread::Builder::new()
            .name("org-publish".into())
            .spawn(move || thread.run())?;
        Ok(Worker { to, from })
    }

    pub fn tell(&self, message: ToWorker) {
        // A thread that ended has nothing left to hear.
        let _ = self.to.send(message);
    }
}

struct Thread {
    file: FileAccess,
    link: OrgLink,
    inbox: Receiver<ToWorker>,
    out: Sender<FromWorker>,
    wake: Box<dyn Fn() + Send>,
    reader: Option<Store>,
    client: Option<Client>,
    /// The newest framework version handed to the window, so it is offered once.
    offered: i64,
    /// The revision of each rep's answers handed to the window, so each is offered once.
    offered_answers: HashMap<RepId, i64>,
}

/// Why a pass ended.
enum Ended {
    /// Everything was sent.
    InStep,
    /// It failed; the next pass waits.
    Failed,
    /// The window is gone.
    Closed,
}

impl Thread {
    fn run(&mut self) {
        let mut wait = Duration::ZERO;
        let mut backoff = BACKOFF_MIN;
        loop {
            match self.wait_for_work(wait) {
                Some(true) => backoff = BACKOFF_MIN,
                Some(false) => {}
                None => return,
            }
            match self.pass() {
                Ended::InStep => {
                    backoff = BACKOFF_MIN;
                    wait = IDLE;
                }
                Ended::Failed => {
                    wait = backoff;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
                Ended::Closed => return,
            }
        }
    }

    /// Waits up to `wait` for a kick, then for `QUIET` without another (unless asked to
    /// sync now). `Some(true)` when the manager asked to sync now, `None` when the window
    /// is gone.
    fn wait_for_work(&self, wait: Duration) -> Option<bool> {
        let first = match self.inbox.recv_timeout(wait) {
            Ok(ToWorker::Kick { now }) => Some(now),
            Ok(ToWorker::Acknowledged { .. }) => Some(false),
            Err(RecvTimeoutError::Timeout) => return Some(false),
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        if first == Some(true) {
            return Some(true);
        }
        let until = Instant::now() + QUIET * 5;
        loop {
            let left = until.saturating_duration_since(Instant::now()).min(QUIET);
            match self.inbox.recv_timeout(left) {
                Ok(ToWorker::Kick { now: true }) => return Some(true),
                Ok(_) if Instant::now() < until => {}
                Ok(_) | Err(RecvTimeoutError::Timeout) => return Some(false),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    fn say(&self, message: FromWorker) -> bool {
        let sent = self.out.send(message).is_ok();
        (self.wake)();
        sent
    }

    /// Offers a newer framework, then sends batch after batch until nothing waits or
    /// something fails.
    fn pass(&mut self) -> Ended {
        // A connection opened before a restore would read the file that was replaced.
        self.reader = None;
        loop {
            let step = self
                .offer_framework()
                .and_then(|()| self.offer_answers())
                .and_then(|()| self.send_one());
            match step {
                Ok(None) => {
                    return if self.say(FromWorker::InStep) {
                        Ended::InStep
                    } else {
                        Ended::Closed
                    };
                }
                Ok(Some(entries)) => {
                    if !self.say(FromWorker::Sent { entries }) {
                        return Ended::Closed;
                    }
                    match self.wait_for_acknowledgement() {
                        Some(true) => {}
                        Some(false) => return Ended::Failed,
                        None => return Ended::Closed,
                    }
                }
                Err(err) => {
                    let offline =
                        matches!(err, OrgError::Unreachable { .. } | OrgError::Broken { .. });
                    self.client = None;
                    self.reader = None;
                    let error = err.to_string();
                    return if self.say(FromWorker::Failed { error, offline }) {
                        Ended::Failed
                    } else {
                        Ended::Closed
                    };
                }
            }
        }
    }

    fn reader(&mut self) -> Result<&Store, OrgError> {
        if self.reader.is_none() {
            self.reader = Some(self.file.open_read_only()?);
        }
        self.reader.as_ref().ok_or(OrgError::NotInitialized)
    }

    /// The connection, opened (and the login checked) when there is none.
    fn client(&mut self) -> Result<&mut Client, OrgError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            let none = PasswordSource {
                file: None,
                prompt: false,
            };
            let mut client = sync::connect_link(&self.link, &none)?;
            sync::check_manager(&mut client, &self.link.login)?;
            self.client = Some(client);
        }
        self.client.as_mut().ok_or(OrgError::NotInitialized)
    }

    /// Hands the window the organization's framework when the server has one newer than
    /// the file's and than any offered before.
    fn offer_framework(&mut self) -> Result<(), OrgError> {
        let known = org_framework::version(self.reader()?.conn())?.max(self.offered);
        let login = self.link.login.clone();
        if let Some((version, framework)) = framework::newer(self.client()?, &login, known)? {
            self.offered = version;
            self.say(FromWorker::Framework { version, framework });
        }
        Ok(())
    }

    /// Hands the window each rep's answers that changed on the server since the file (or
    /// this thread) last took them.
    fn offer_answers(&mut self) -> Result<(), OrgError> {
        let mut seen = crate::store::org_answers::seen(self.reader()?.conn())?;
        for (rep, revision) in &self.offered_answers {
            seen.insert(*rep, *revision);
        }
        let login = self.link.login.clone();
        let changed =
            rep_answers::changed_for_team(self.client()?, &login, |rep| seen.get(&rep).copied())?;
        for team in changed {
            self.offered_answers.insert(team.rep, team.revision);
            self.say(FromWorker::Answers(team));
        }
        Ok(())
    }

    /// Reads the next batch and sends it; the entries the server now has, or `None` when
    /// nothing waits.
    fn send_one(&mut self) -> Result<Option<Vec<Entry>>, OrgError> {
        let batch = outbox::next_batch(self.reader()?.conn(), sync::BATCH_UNITS)?;
        if batch.is_empty() {
            return Ok(None);
        }
        self.say(FromWorker::Sending {
            units: batch.entries.len(),
        });
        let login = self.link.login.clone();
        publish::send(self.client()?, &login, &batch)?;
        Ok(Some(batch.entries))
    }

    /// The window's answer to `Sent`, skipping kicks that came meanwhile.
    fn wait_for_acknowledgement(&self) -> Option<bool> {
        loop {
            match self.inbox.recv() {
                Ok(ToWorker::Acknowledged { ok }) => return Some(ok),
                Ok(ToWorker::Kick { .. }) => {}
                Err(_) => return None,
            }
        }
    }
}

/// What the status bar says of publishing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// Changes wait; the thread sends them after a quiet moment.
    Waiting {
        units: u64,
    },
    Sending {
        units: u64,
    },
    /// Everything reached the server.
    InStep {
        at: Option<DateTime<Utc>>,
    },
    /// The server could not be reached since `since`.
    Offline {
        since: DateTime<Utc>,
        units: u64,
        error: String,
    },
    /// The server answered but refused; a person has to act.
    Stopped {
        units: u64,
        error: String,
    },
}

/// Publishing as the status bar shows it: the state, and where to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgStatus {
    pub state: SyncState,
    pub url: String,
    pub login: String,
}
