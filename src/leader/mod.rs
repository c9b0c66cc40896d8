//! The leader's window (`coachbook --org URL`): the same app with other screens, reading
//! the organization's figures from the server's aggregates. Coverage per manager, the
//! organization's heat map, its training needs, and calibration across managers. The
//! figures are read on a thread, at start and on Refresh; the screens only draw them.

mod coverage;
mod heat_map;
mod needs;

use std::process::ExitCode;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use anyhow::anyhow;
use chrono::{NaiveDate, Utc};

use crate::domain::levels::DEFAULT_HALF_LIFE_DAYS;
use crate::org::report::{self, OrgReport};
use crate::org::{OrgAddress, OrgError, schema};

/// Where the figures come from: the server and the leader's password, kept for Refresh.
#[derive(Clone)]
pub struct Source {
    pub address: OrgAddress,
    pub password: Option<String>,
    /// The day counted as today; `None` for the real today.
    pub as_of: Option<NaiveDate>,
}

impl Source {
    fn read(&self) -> Result<OrgReport, OrgError> {
        let mut client = crate::org::connect(&self.address, self.password.as_deref())?;
        let login = self.address.login();
        schema::check(&mut client, login)?;
        let as_of = self.as_of.unwrap_or_else(|| Utc::now().date_naive());
        report::read(&mut client, login, as_of, DEFAULT_HALF_LIFE_DAYS)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Coverage,
    HeatMap,
    Needs,
    Calibration,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Coverage, Tab::HeatMap, Tab::Needs, Tab::Calibration];

    fn title(self) -> &'static str {
        match self {
            Tab::Coverage => "Coverage",
            Tab::HeatMap => "Heat map",
            Tab::Needs => "Training needs",
            Tab::Calibration => "Calibration",
        }
    }
}

enum Figures {
    Reading(Receiver<Result<OrgReport, String>>),
    Ready,
    Failed(String),
}

pub struct LeaderView {
    source: Option<Source>,
    figures: Figures,
    /// The last figures read, shown while Refresh reads new ones.
    shown: Option<Box<OrgReport>>,
    /// The heat map's rows of the figures shown.
    map: Vec<heat_map::MapRow>,
    tab: Tab,
    /// Calibration shows only the lenient and harsh unless asked for all.
    show_all_ratings: bool,
    /// How many times figures arrived: the first read and each Refresh.
    reads_done: u32,
}

impl LeaderView {
    /// The window on `source`, its figures being read.
    pub fn open(source: Source) -> LeaderView {
        let mut view = LeaderView {
            figures: Figures::Failed(String::new()),
            source: Some(source),
            shown: None,
            map: Vec::new(),
            tab: Tab::Coverage,
            show_all_ratings: false,
            reads_done: 0,
        };
        view.refresh(None);
        view
    }

    /// The window on figures already read (for tests and snapshots).
    pub fn with_report(report: OrgReport) -> LeaderView {
        LeaderView {
            source: None,
            figures: Figures::Ready,
            map: heat_map::map_rows(&report),
            shown: Some(Box::new(report)),
            tab: Tab::Coverage,
            show_all_ratings: false,
            reads_done: 0,
        }
    }

    /// How many times figures arrived from the server: the first read and each Refresh.
    pub fn reads_done(&self) -> u32 {
        self.reads_done
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Opens a tab, as its button does.
    pub fn show(&mut self, tab: Tab) {
        self.tab = tab;
    }

    fn refresh(&mut self, ctx: Option<&egui::Context>) {
        let Some(source) = self.source.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let ctx = ctx.cloned();
        let spawned = std::thread::Builder::new()
            .name("org-report".into())
            .spawn(move || {
                let _ = tx.send(source.read().map_err(|e| e.to_string()));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        self.figures = match spawned {
            Ok(_) => Figures::Reading(rx),
            Err(err) => Figures::Failed(format!("Coachbook could not start reading: {err}.")),
        };
    }

    fn take_answer(&mut self) {
        let Figures::Reading(rx) = &self.figures else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("The figures could not be read.".to_owned()),
        };
        self.figures = match answer {
            Ok(report) => {
                self.reads_done += 1;
                self.map = heat_map::map_rows(&report);
                self.shown = Some(Box::new(report));
                Figures::Ready
            }
            Err(message) => Figures::Failed(message),
        };
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.heading("Coaching across the organization");
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.title());
            }
            ui.separator();
            match &self.figures {
                Figures::Reading(_) => {
                    ui.spinner();
                    ui.label("Reading the organization's figures...");
                }
                Figures::Failed(message) if !message.is_empty() => {
                    ui.colored_label(crate::ui::style::danger(ui.visuals()), message);
                }
                _ => {}
            }
            let can_refresh = self.source.is_some() && !matches!(self.figures, Figures::Reading(_));
            if ui
                .add_enabled(can_refresh, egui::Button::new("Refresh"))
                .on_hover_text("Read the figures from the server again (F5)")
                .clicked()
                || (can_refresh && ui.input(|i| i.key_pressed(egui::Key::F5)))
            {
                self.refresh(Some(ui.ctx()));
            }
        });
    }
}

impl eframe::App for LeaderView {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.take_answer();
        if matches!(self.figures, Figures::Reading(_)) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.top_bar_ui(ui);
            ui.separator();
            let Some(report) = self.shown.as_deref() else {
                return;
            };
            match self.tab {
                Tab::Coverage => coverage::coverage_ui(ui, report),
                Tab::HeatMap => heat_map::heat_map_ui(ui, report, &self.map),
                Tab::Needs => needs::needs_ui(ui, report),
                Tab::Calibration => needs::calibration_ui(ui, report, &mut self.show_all_ratings),
            }
        });
    }
}

/// Opens the leader's window on the organization at `url`, asking for the password first
/// (on the terminal) when no password file or PGPASSWORD gives it.
pub fn run_leader_view(
    url: &str,
    ca_file: Option<&std::path::Path>,
    password: &crate::org::PasswordSource,
) -> anyhow::Result<ExitCode> {
    let address = OrgAddress::parse(url, ca_file)?;
    let password = password.read(address.login())?;
    let source = Source {
        address,
        password,
        as_of: None,
    };
    let stop = crate::app::StopSignals::catch();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Coachbook - organization")
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Coachbook organization",
        options,
        Box::new(move |cc| {
            stop.window_opened(&cc.egui_ctx);
            crate::ui::style::apply(&cc.egui_ctx);
            // The theme chosen in the manager's window's Settings holds here too.
            if let Some(theme) = crate::app::WindowMemory::load().theme() {
                cc.egui_ctx.set_theme(theme);
            }
            Ok(Box::new(LeaderView::open(source)))
        }),
    )
    .map_err(|e| anyhow!("The Coachbook window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
