//! The window of a data file before it opens. For an encrypted file the passphrase is
//! asked for in a field of its own, tried on a thread (deriving the key takes a moment),
//! and a wrong one is refused beside the field with nothing written. An older Coachbook's
//! file is opened at once on a thread, and the window says it is being upgraded (a backup,
//! then the new schema: seconds on a large file). Once it opens, this window becomes
//! Coachbook itself, or the window that says why the file cannot open.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use super::{App, WindowMemory};
use crate::clock::SystemClock;
use crate::domain::passphrase::Passphrase;
use crate::store::{Store, StoreError};
use crate::ui::style;

/// The passphrase tried (if any), what opening the file with it gave, and why the keychain
/// could not keep it (when asked to).
type Attempt = (
    Option<Passphrase>,
    Result<Store, StoreError>,
    Option<String>,
);

/// What the window is for.
enum Purpose {
    /// Ask for the passphrase of an encrypted file.
    Ask,
    /// Open an older file, which upgrades it, with the passphrase it was given (if any);
    /// `started` once the opening runs.
    Upgrade {
        key: Option<Passphrase>,
        started: bool,
    },
}

/// What the window became once the passphrase was tried.
enum Opened {
    App(Box<App>),
    Refused(Box<super::StartupError>),
}

pub struct Unlock {
    purpose: Purpose,
    path: PathBuf,
    memory: Option<WindowMemory>,
    typed: String,
    remember: bool,
    problem: Option<String>,
    attempt: Option<Receiver<Attempt>>,
    opened: Option<Opened>,
    /// The field takes the cursor at the next frame: at the start and after a refusal.
    focus_wanted: bool,
}

impl Unlock {
    /// The window for the encrypted file at `path`; `problem` says why it asks although
    /// a passphrase was remembered (one that no longer opens the file).
    pub fn new(path: &Path, problem: Option<String>, memory: Option<WindowMemory>) -> Unlock {
        Unlock {
            purpose: Purpose::Ask,
            path: path.to_owned(),
            memory,
            typed: String::new(),
            remember: false,
            problem,
            attempt: None,
            opened: None,
            focus_wanted: true,
        }
    }

    /// The window of an older file at `path`, opened (and so upgraded) as soon as the
    /// window shows, with `key` when it is encrypted.
    pub fn upgrading(path: &Path, key: Option<Passphrase>, memory: Option<WindowMemory>) -> Unlock {
        Unlock {
            purpose: Purpose::Upgrade {
                key,
                started: false,
            },
            focus_wanted: false,
            ..Unlock::new(path, None, memory)
        }
    }

    /// Coachbook itself, once the file is open.
    pub fn app(&self) -> Option<&App> {
        match &self.opened {
            Some(Opened::App(app)) => Some(app),
            _ => None,
        }
    }

    fn submit(&mut self, ctx: &egui::Context) {
        if self.attempt.is_some() {
            return;
        }
        match Passphrase::to_open(&self.typed) {
            Ok(key) => self.start(ctx, Some(key)),
            Err(err) => self.problem = Some(err.to_string()),
        }
    }

    /// Opens the file on a thread with `key`, and remembers it in the keychain when asked.
    fn start(&mut self, ctx: &egui::Context, key: Option<Passphrase>) {
        let (done, receiver) = channel();
        let path = self.path.clone();
        let wake = ctx.clone();
        let remember = self.remember;
        let spawned = std::thread::Builder::new()
            .name("unlock".into())
            .spawn(move || {
                let opened = Store::open_or_read_with(&path, key.clone());
                // Here too, not on the window's thread: the keychain may take its time.
                let keychain = match (&opened, &key) {
                    (Ok(store), Some(key)) if remember => {
                        crate::keychain::remember(store.path(), key)
                            .err()
                            .map(|err| err.to_string())
                    }
                    _ => None,
                };
                let _ = done.send((key, opened, keychain));
                wake.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.problem = None;
                self.attempt = Some(receiver);
            }
            Err(err) => self.problem = Some(format!("Coachbook could not try it: {err}.")),
        }
    }

    fn receive(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.attempt else {
            return;
        };
        let (key, opened, keychain) = match receiver.try_recv() {
            Ok(attempt) => attempt,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(50));
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.attempt = None;
                self.problem = Some("Opening stopped before it finished. Try again.".to_owned());
                return;
            }
        };
        self.attempt = None;
        self.typed.clear();
        match opened {
            Ok(store) => self.open(ctx, store, keychain),
            Err(StoreError::WrongPassphrase { .. }) => {
                // The heading names the file; the sentence beside the field need not.
                self.problem = Some(
                    "That passphrase does not open this file. Coachbook wrote nothing to it; \
                     check the passphrase (capitals, spaces) and try again."
                        .to_owned(),
                );
                self.focus_wanted = true;
            }
            Err(err) => {
                let refused = super::window::startup_error(&self.path, key, &err, now());
                self.opened = Some(Opened::Refused(Box::new(refused)));
            }
        }
    }

    fn open(&mut self, ctx: &egui::Context, store: Store, keychain: Option<String>) {
        match App::new(store, Box::new(SystemClock)) {
            Ok(mut app) => {
                if let Some(memory) = self.memory.take() {
                    app.remember(ctx, memory);
                }
                if let Some(note) = keychain {
                    app.reply(crate::ui::Reply::Error(note));
                }
                self.opened = Some(Opened::App(Box::new(app)));
            }
            Err(err) => {
                let refused = super::StartupError::new(err.to_string());
                self.opened = Some(Opened::Refused(Box::new(refused)));
            }
        }
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn upgrade_ui(&self, ui: &mut egui::Ui) {
        ui.heading("Upgrading this data file");
        ui.add_space(8.0);
        ui.label(format!(
            "{} was written by an older Coachbook. A backup of it is made first, then it is \
             brought up to date; on a large file this takes a few seconds.",
            self.file_name()
        ));
        ui.add_space(12.0);
        if let Some(problem) = &self.problem {
            ui.colored_label(style::danger(ui.visuals()), problem);
        } else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Upgrading…");
            });
        }
    }

    fn form_ui(&mut self, ui: &mut egui::Ui) {
        let name = self.file_name();
        ui.heading("This data file is encrypted");
        ui.add_space(8.0);
        ui.label(format!(
            "Type the passphrase of {name} to open it. Nothing is written to the file until it opens."
        ));
        ui.add_space(12.0);
        let busy = self.attempt.is_some();
        let label = ui.label("Passphrase");
        let field = ui.add_enabled(
            !busy,
            egui::TextEdit::singleline(&mut self.typed)
                .password(true)
                .desired_width(320.0)
                .id_salt("unlock-passphrase"),
        );
        let field = field.labelled_by(label.id);
        if !busy && std::mem::take(&mut self.focus_wanted) {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(problem) = &self.problem {
            ui.colored_label(style::danger(ui.visuals()), problem);
        }
        ui.add_space(8.0);
        ui.add_enabled(
            !busy,
            egui::Checkbox::new(
                &mut self.remember,
                "Remember it in this computer's keychain",
            ),
        );
        ui.add_space(12.0);
        let clicked = ui
            .horizontal(|ui| {
                let open = ui.add_enabled(!busy, egui::Button::new("Open"));
                if busy {
                    ui.spinner();
                    ui.label("Opening…");
                }
                open.clicked()
            })
            .inner;
        if (entered || clicked) && !busy {
            self.submit(ui.ctx());
        }
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    crate::clock::Clock::now(&SystemClock)
}

impl eframe::App for Unlock {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.receive(ui.ctx());
        match self.opened.as_mut() {
            Some(Opened::App(app)) => return app.ui(ui, frame),
            Some(Opened::Refused(window)) => return window.ui(ui, frame),
            None => {}
        }
        if let Purpose::Upgrade { key, started } = &mut self.purpose
            && !std::mem::replace(started, true)
        {
            let key = key.clone();
            self.start(ui.ctx(), key);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(60.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(440.0);
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    match self.purpose {
                        Purpose::Ask => self.form_ui(ui),
                        Purpose::Upgrade { .. } => self.upgrade_ui(ui),
                    }
                });
            });
        });
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if let Some(Opened::App(app)) = self.opened.as_mut() {
            eframe::App::raw_input_hook(app.as_mut(), ctx, raw_input);
        }
    }

    fn on_exit(&mut self) {
        if let Some(Opened::App(app)) = self.opened.as_mut() {
            eframe::App::on_exit(app.as_mut());
        }
    }
}
