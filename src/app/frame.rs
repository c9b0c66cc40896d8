//! One frame of the window, in order: answers from the query thread, shortcuts, the
//! screens, the request channel drained, then the reads and jobs the screens now need.

use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers};

use super::App;
use crate::ui::{self, Place, Request, Screen, StatusInfo, View};

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.frame_time = ctx.input(|i| i.time);
        ui::pacing::take_leftovers(&ctx);
        self.receive_answers();
        self.global_shortcuts(&ctx);
        self.draw_ui(ui);
        self.drain_requests(&ctx);
        if std::mem::take(&mut self.quit_wanted) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.between_frames(&ctx);
        self.note_window(&ctx);
        if self.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(15));
        }
        self.report_startup(&ctx);
        if ui::pacing::has_waiting(&ctx) {
            ctx.request_repaint();
        }
        remember_text_focus(&ctx);
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        ui::pacing::pace_raw_input(ctx, raw_input);
    }

    /// The last chance to save what was typed when the window closes by any other way
    /// than its close button (which saves in its last frame).
    fn on_exit(&mut self) {
        self.save_typing(f64::INFINITY);
        self.save_memory();
    }
}

impl App {
    fn draw_ui(&mut self, ui: &mut egui::Ui) {
        let status = StatusInfo {
            path: self.ops.store().path().display().to_string(),
            read_only: self.ops.store().read_only_reason(),
            write: &self.write_state,
            undo_label: self.ops.undo_label(),
            redo_label: self.ops.redo_label(),
            org: self.org.status.as_ref(),
        };
        let clock = self.ops.clock();
        let mut view = View {
            caches: &self.caches,
            state: &mut self.state,
            requests: &mut self.requests,
            status,
            now: clock.now(),
            today: clock.today(),
            zone: clock.time_zone(),
        };
        ui::root_ui(ui, &mut view);
    }

    /// What the screens need read or written now that the frame's requests are done:
    /// their reads, the typed texts to save, and the long jobs to start or take in.
    fn between_frames(&mut self, ctx: &egui::Context) {
        self.send_queries();
        self.take_busy_read();
        self.ask_search();
        self.ask_plan_figures();
        self.load_window(ctx);
        self.load_answers(ctx);
        self.run_exchange(ctx);
        self.run_backups(ctx);
        self.swap_file(ctx);
        self.take_keychain_answer(ctx);
        self.run_org_sync(ctx);
        if ui::pacing::close_after_waiting(ctx, &mut self.closing) {
            self.save_typing(f64::INFINITY);
        }
        self.load_session_view(ctx);
        self.load_commitments();
        if self.state.screen == Screen::Gaps || self.state.team.open_rep.is_some() {
            self.load_gaps();
        }
        self.load_trends(ctx);
        self.remind(ctx);
    }

    /// Shortcuts that work on every screen, put on the request channel like a click. Undo
    /// and redo leave a focused text field alone, which has its own undo for the text
    /// being typed.
    fn global_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let shortcut = |mods, key| KeyboardShortcut::new(mods, key);
        let redo = shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = shortcut(Modifiers::COMMAND, Key::Y);
        let undo = shortcut(Modifiers::COMMAND, Key::Z);
        let quit = shortcut(Modifiers::COMMAND, Key::Q);
        let find = shortcut(Modifiers::COMMAND, Key::F);
        let requests = &mut self.requests;
        let search = &mut self.state.search;
        let setup = self.caches.needs_setup;
        ctx.input_mut(|input| {
            if input.consume_shortcut(&quit) {
                requests.push(Request::Quit);
            }
            if input.consume_shortcut(&find) && !setup {
                search.show();
            }
            if !typing {
                if input.consume_shortcut(&redo) || input.consume_shortcut(&redo_y) {
                    requests.push(Request::Redo);
                } else if input.consume_shortcut(&undo) {
                    requests.push(Request::Undo);
                }
            }
            let keys = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
            ];
            for (key, screen) in keys.into_iter().zip(Screen::ALL) {
                if input.consume_shortcut(&shortcut(Modifiers::COMMAND, key)) {
                    requests.push(Request::Go(Place::Screen(screen)));
                }
            }
        });
        self.back_shortcuts(ctx);
    }

    /// Esc, Alt+Left and the mouse's back button go back, unless a text field, a popup, a
    /// modal, or a form or window that closes on Esc has them. egui drops a text field's
    /// focus on Esc before the frame starts, so the field focused at the end of the last
    /// frame is what counts.
    fn back_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused()
            || ctx
                .data(|d| d.get_temp::<bool>(egui::Id::unique(TEXT_FOCUS)))
                .unwrap_or(false);
        let modal = ctx.memory(|m| m.top_modal_layer().is_some());
        if typing || modal || egui::Popup::is_any_open(ctx) || self.state.wants_escape() {
            return;
        }
        let alt_left = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft);
        if ctx.input_mut(|input| {
            input.consume_key(Modifiers::NONE, Key::Escape)
                || input.consume_shortcut(&alt_left)
                || input.pointer.button_pressed(egui::PointerButton::Extra1)
        }) {
            self.requests.push(Request::Back);
        }
    }
}

/// Where the frame leaves whether a text field has focus, for the next frame's Esc.
const TEXT_FOCUS: &str = "text_focus_last_frame";

fn remember_text_focus(ctx: &egui::Context) {
    let focused = ctx.text_edit_focused();
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(TEXT_FOCUS), focused));
}

/// Start-up as `--quit-after-first-frame` measures it, from the process's first instruction.
pub(super) struct StartupProbe {
    started: Instant,
    first_frame_reported: bool,
}

impl StartupProbe {
    pub(super) fn new(started: Instant) -> StartupProbe {
        StartupProbe {
            started,
            first_frame_reported: false,
        }
    }
}

impl App {
    /// Prints when the first frame was drawn, then, once nothing loads any more (the
    /// observation log is in), when the app settled, and closes the window. The benchmark
    /// reads both lines and the process's peak memory.
    fn report_startup(&mut self, ctx: &egui::Context) {
        let busy = self.is_busy();
        let Some(probe) = self.startup_probe.as_mut() else {
            return;
        };
        let ms = probe.started.elapsed().as_secs_f64() * 1e3;
        if !probe.first_frame_reported {
            eprintln!("first frame after {ms:.1} ms");
            probe.first_frame_reported = true;
            ctx.request_repaint();
        } else if !busy {
            eprintln!("settled after {ms:.1} ms");
            self.startup_probe = None;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
