//! The window shown when the data file cannot be opened: the reason in plain words, and
//! what to do, instead of a window that silently never appears.

pub struct StartupError {
    message: String,
}

impl StartupError {
    pub fn new(message: String) -> StartupError {
        StartupError { message }
    }
}

impl eframe::App for StartupError {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(560.0);
                ui.heading("Coachbook could not open its data file");
                ui.add_space(12.0);
                ui.label(&self.message);
                ui.add_space(12.0);
                ui.label(
                    "Start Coachbook with --db PATH to use another file. Nothing was changed.",
                );
                ui.add_space(20.0);
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }
}
