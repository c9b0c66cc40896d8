//! The real `App` driven frame by frame on a bare egui context, as eframe runs it when no
//! screen reader is on: `ui` then tessellation. No accessibility tree, no GPU; the frame's
//! cost is the CPU time of the thread that draws.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::store::Store;
use eframe::App as _;

use super::stats::thread_cpu_ms;

pub struct Headless {
    ctx: egui::Context,
    frame: eframe::Frame,
    started: Instant,
    pub app: App,
}

impl Headless {
    pub fn new(store: Store, now: DateTime<Utc>) -> Headless {
        let ctx = egui::Context::default();
        let creation = eframe::CreationContext::_new_kittest(ctx.clone());
        let app = App::from_creation(&creation, store, Box::new(FixedClock(now))).expect("app");
        Headless {
            ctx,
            frame: eframe::Frame::_new_kittest(),
            started: Instant::now(),
            app,
        }
    }

    /// Draws one frame; returns the CPU milliseconds the drawing thread spent on it.
    pub fn frame(&mut self) -> f64 {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(self.started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let cpu = thread_cpu_ms();
        let app = &mut self.app;
        let frame = &mut self.frame;
        let mut output = self.ctx.run_ui(input, |ui| app.ui(ui, frame));
        let _ = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        // No GPU takes the font atlas; say so, or egui's debug check stops the test.
        output.textures_delta.clear();
        thread_cpu_ms() - cpu
    }

    /// Draws frames until the app has nothing under way (log, queries, backups) and three
    /// frames in a row asked for nothing more, as a manager's screen looks once it is up.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(300);
        let mut quiet = 0;
        while quiet < 3 {
            self.frame();
            if self.app.is_busy() {
                quiet = 0;
                std::thread::sleep(Duration::from_millis(2));
            } else {
                quiet += 1;
            }
            assert!(Instant::now() < deadline, "the app stayed busy");
        }
    }
}
