//! The online rep view's sender: a thread that sends the rep's answers to the server as
//! the rep's login, so typing never waits for the network. It always sends the newest
//! answers it was given; a failure waits and tries again, longer each time, until the
//! window closes. The answers are saved in the rep's copy before they get here, so a send
//! that never happens loses nothing: the next start sends them.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use chrono::Utc;
use postgres::Client;

use super::{OrgAddress, OrgError, rep_answers, schema};
use crate::domain::rep_file::answers::RepAnswers;

const BACKOFF_MIN: Duration = Duration::from_secs(5);
const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// The answers to send, as they were after `edits` unsent edits.
#[derive(Debug)]
pub struct Outgoing {
    pub answers: RepAnswers,
    pub edits: i64,
}

#[derive(Debug)]
pub enum FromSender {
    /// The server has the answers of `edits`.
    Sent {
        edits: i64,
    },
    Failed {
        error: String,
        offline: bool,
    },
}

pub struct RepSender {
    to: Sender<Outgoing>,
    pub from: Receiver<FromSender>,
}

impl RepSender {
    /// Starts the thread; `wake` asks the window for a frame when there is news.
    pub fn start(
        address: OrgAddress,
        password: Option<String>,
        wake: Box<dyn Fn() + Send>,
    ) -> std::io::Result<RepSender> {
        let (to, inbox) = channel();
        let (out, from) = channel();
        let mut thread = Thread {
            address,
            password,
            inbox,
            out,
            wake,
            client: None,
        };
        std::thread::Builder::new()
            .name("rep-answers".into())
            .spawn(move || thread.run())?;
        Ok(RepSender { to, from })
    }

    pub fn send(&self, outgoing: Outgoing) {
        // A thread that ended has nothing left to hear; the copy keeps the answers.
        let _ = self.to.send(outgoing);
    }
}

struct Thread {
    address: OrgAddress,
    password: Option<String>,
    inbox: Receiver<Outgoing>,
    out: Sender<FromSender>,
    wake: Box<dyn Fn() + Send>,
    client: Option<Client>,
}

impl Thread {
    fn run(&mut self) {
        let Ok(mut latest) = self.inbox.recv() else {
            return;
        };
        let mut backoff = BACKOFF_MIN;
        loop {
            latest = self.newest(latest);
            let message = match self.send(&latest.answers) {
                Ok(()) => {
                    backoff = BACKOFF_MIN;
                    FromSender::Sent {
                        edits: latest.edits,
                    }
                }
                Err(err) => {
                    self.client = None;
                    FromSender::Failed {
                        offline: matches!(
                            err,
                            OrgError::Unreachable { .. } | OrgError::Broken { .. }
                        ),
                        error: err.to_string(),
                    }
                }
            };
            let failed = matches!(message, FromSender::Failed { .. });
            if self.out.send(message).is_err() {
                return;
            }
            (self.wake)();
            let next = if failed {
                // Newer answers replace the failed ones; none, and the same are tried again.
                match self.inbox.recv_timeout(backoff) {
                    Ok(newer) => Some(newer),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match self.inbox.recv() {
                    Ok(newer) => Some(newer),
                    Err(_) => return,
                }
            };
            if failed {
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
            if let Some(newer) = next {
                latest = newer;
            }
        }
    }

    /// The newest of `latest` and whatever else already waits.
    fn newest(&self, mut latest: Outgoing) -> Outgoing {
        while let Ok(newer) = self.inbox.try_recv() {
            latest = newer;
        }
        latest
    }

    fn send(&mut self, answers: &RepAnswers) -> Result<(), OrgError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            let mut client = super::connect(&self.address, self.password.as_deref())?;
            schema::check(&mut client, self.address.login())?;
            self.client = Some(client);
        }
        let client = self.client.as_mut().ok_or(OrgError::NotInitialized)?;
        rep_answers::send(client, self.address.login(), answers, Utc::now()).map(|_| ())
    }
}
