//! The rep view on the organization's server (`coachbook --org URL --rep`): the rep's
//! shared history is read as the rep's own login into a copy on this computer (see
//! `repfile::online`), the usual rep view opens on the copy, and every answer saved there
//! is sent to the server by a thread of its own. The manager's next sync takes it in.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::{DateTime, Local, Utc};

use crate::domain::rep_file::answers::RepAnswers;
use crate::org::rep_sender::{FromSender, Outgoing, RepSender};
use crate::org::{OrgAddress, OrgError, rep_history, schema};
use crate::repfile::{self, RepFileWriter};

/// Where the answers stand, as the status bar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendState {
    /// Nothing was sent since the view opened, and nothing waits.
    Idle,
    /// Everything reached the server.
    InStep,
    Sending,
    Offline {
        since: DateTime<Utc>,
    },
    /// The server answered but refused; sending stopped until the view opens again.
    Refused(String),
}

/// The online side of a rep view.
pub struct Online {
    address: OrgAddress,
    password: Option<String>,
    sender: Option<RepSender>,
    pub state: SendState,
    /// The history could not be read, so the copy from an earlier read is on show.
    pub offline_read: Option<String>,
}

impl Online {
    pub fn new(
        address: OrgAddress,
        password: Option<String>,
        offline_read: Option<String>,
    ) -> Online {
        Online {
            address,
            password,
            sender: None,
            state: SendState::Idle,
            offline_read,
        }
    }

    pub fn shown_address(&self) -> &str {
        self.address.shown()
    }

    /// Sends the copy's answers when the server does not have them all.
    pub fn queue(&mut self, ctx: &egui::Context, writer: &RepFileWriter, answers: &RepAnswers) {
        let Ok(Some(edits)) = writer.unsent_edits() else {
            return;
        };
        if matches!(self.state, SendState::Refused(_)) {
            return;
        }
        if self.sender.is_none() {
            let ctx = ctx.clone();
            let wake = Box::new(move || ctx.request_repaint());
            match RepSender::start(self.address.clone(), self.password.clone(), wake) {
                Ok(sender) => self.sender = Some(sender),
                Err(err) => {
                    self.state = SendState::Refused(format!(
                        "Coachbook could not start sending your answers ({err})."
                    ));
                    return;
                }
            }
        }
        if let Some(sender) = &self.sender {
            sender.send(Outgoing {
                answers: answers.clone(),
                edits,
            });
            if !matches!(self.state, SendState::Offline { .. }) {
                self.state = SendState::Sending;
            }
        }
    }

    /// Takes in the sender's news; an error for the status bar when the copy could not be
    /// marked.
    pub fn poll(&mut self, writer: &RepFileWriter) -> Option<String> {
        let sender = self.sender.as_ref()?;
        let mut failure = None;
        while let Ok(news) = sender.from.try_recv() {
            match news {
                FromSender::Sent { edits } => {
                    if let Err(err) = writer.mark_sent(edits) {
                        failure = Some(err.to_string());
                    }
                    self.state = match writer.unsent_edits() {
                        Ok(None) => SendState::InStep,
                        _ => SendState::Sending,
                    };
                }
                FromSender::Failed { error, offline } => {
                    self.state = match (&self.state, offline) {
                        (SendState::Offline { since }, true) => {
                            SendState::Offline { since: *since }
                        }
                        (_, true) => SendState::Offline { since: Utc::now() },
                        (_, false) => SendState::Refused(error),
                    };
                }
            }
        }
        failure
    }

    /// The status bar's sentence.
    pub fn status(&self) -> String {
        match &self.state {
            SendState::Idle => {
                "Your answers reach your manager through the organization's server.".to_owned()
            }
            SendState::InStep => {
                "Your answers are on the organization's server; your manager takes them in at their next sync.".to_owned()
            }
            SendState::Sending => "Sending your answers to the organization's server...".to_owned(),
            SendState::Offline { since } => format!(
                "Offline since {}: your answers are saved on this computer and sent when the server answers again.",
                since.with_timezone(&Local).format("%H:%M")
            ),
            SendState::Refused(error) => format!(
                "Not sent: {error} Your answers are saved on this computer."
            ),
        }
    }
}

/// The rep's copy of their history: in the data folder, one per server and login.
pub fn copy_path(address: &OrgAddress) -> anyhow::Result<PathBuf> {
    let folder = crate::store::default_path()
        .as_deref()
        .map(crate::files::folder_of)
        .map(|f| f.join("online"))
        .ok_or_else(|| anyhow!("Coachbook could not find a data folder for this account."))?;
    let name: String = address
        .shown()
        .trim_start_matches("postgresql://")
        .trim_start_matches("postgres://")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    Ok(folder.join(format!("{name}.{}", repfile::EXTENSION)))
}

/// Reads the rep's history from the server into the copy at `copy`. Answers the copy holds
/// that the server never took are kept (and sent next); otherwise the server's are the
/// rep's. `Ok(Some(why))` when the server could not be reached and an earlier copy
/// is used instead.
pub fn refresh_copy(
    address: &OrgAddress,
    password: Option<&str>,
    copy: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let read = crate::org::connect(address, password).and_then(|mut client| {
        schema::check(&mut client, address.login())?;
        rep_history::read(&mut client, address.login(), now)
    });
    let online = match read {
        Ok(online) => online,
        Err(err @ (OrgError::Unreachable { .. } | OrgError::Broken { .. })) if copy.is_file() => {
            return Ok(Some(err.to_string()));
        }
        Err(err) => return Err(err.into()),
    };
    crate::files::ensure_dir(crate::files::folder_of(copy))?;
    let unsent = match repfile::online::unsent_answers(copy, online.history.rep_id) {
        Ok(unsent) => unsent,
        Err(err) => {
            // Kept aside for a person to look at, never overwritten.
            let aside = crate::files::with_suffix(copy, ".unreadable");
            std::fs::rename(copy, &aside).map_err(|e| {
                anyhow!(
                    "{err} Coachbook could not move it aside: {}",
                    crate::files::reason(&e)
                )
            })?;
            None
        }
    };
    let (answers, unsent) = match unsent {
        Some(answers) => (answers, true),
        None => match online.answers {
            Some((_, Ok(answers))) => (answers, false),
            Some((_, Err(why))) => {
                return Err(anyhow!(
                    "The answers you sent earlier cannot be read ({why}); ask whoever runs the server to look at them."
                ));
            }
            None => (RepAnswers::default(), false),
        },
    };
    repfile::online::write_copy(&online.history, &answers, unsent, copy)?;
    Ok(None)
}

/// Opens the rep's own history from the organization's server in the rep view.
pub fn run_rep_online(
    url: &str,
    ca_file: Option<&Path>,
    password: &crate::org::PasswordSource,
) -> anyhow::Result<ExitCode> {
    let address = OrgAddress::parse(url, ca_file)?;
    let password = password.read(address.login())?;
    let copy = copy_path(&address)?;
    let opened =
        refresh_copy(&address, password.as_deref(), &copy, Utc::now()).and_then(|offline| {
            let online = Online::new(address, password, offline);
            super::RepView::open_online(&copy, online).map_err(anyhow::Error::from)
        });
    super::run_view(&copy, opened.map_err(|e| format!("{e:#}")))
}
