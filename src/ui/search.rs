//! Search over everything (Ctrl+F from any screen): a box whose words are looked up on
//! the query thread as they are typed, the hits grouped by kind, newest first, and a hit
//! opened where it lives with Enter or a click.

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, Modifiers, RichText};

use super::observations::EditorState;
use super::{Place, RepPage, RepTab, Request, View};
use crate::domain::observation::ObservationId;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::search::{self, EXCERPT_CHARS, Found, Hit, Kind};
use crate::domain::session::SessionId;
use crate::domain::skill::SkillId;
use crate::model::TableId;

#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub open: bool,
    pub text: String,
    /// The hit Enter opens, counted over every hit in the order shown.
    pub selected: usize,
    /// Put the cursor in the box on the next frame.
    focus: bool,
    /// Enter was pressed before the hits for the words typed came in: open the selected
    /// one when they do.
    enter_pending: bool,
}

impl SearchState {
    /// Opens the search with the last words still there, selected, so typing replaces them.
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
        self.selected = 0;
    }
}

pub fn search_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if !view.state.search.open {
        return;
    }
    let (found, fresh) = current(view);
    let count = found.map_or(0, |f| f.hits().count());
    let moved = keys_ui(ui, &mut view.state.search, count);
    let mut open = None;
    let width = (ui.ctx().content_rect().width() - 64.0).clamp(320.0, 760.0);
    let height = (ui.ctx().content_rect().height() * 0.62).max(200.0);
    let modal = egui::Modal::new(egui::Id::unique("search_everything")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        let heading = ui.heading("Search everything");
        let state = &mut view.state.search;
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.text)
                    .hint_text("Words from notes, sessions, observations, commitments, reps…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(heading.id);
        if std::mem::take(&mut state.focus) {
            field.request_focus();
            select_all(ui, &field, &state.text);
        }
        if field.changed() {
            state.selected = 0;
            state.enter_pending = false;
        }
        // A one-line box lets go of the keyboard on Enter; it keeps it here, so the words
        // can be changed and Enter pressed again.
        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            state.enter_pending = true;
            field.request_focus();
        }
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .max_height(height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                open = results_ui(ui, view, found, moved);
            });
        ui.add_space(4.0);
        ui.label(
            RichText::new("Up and Down choose a result, Enter opens it, Esc closes the search")
                .small()
                .weak(),
        );
    });
    let state = &mut view.state.search;
    if state.enter_pending && fresh {
        state.enter_pending = false;
        if let Some(hit) = found.and_then(|f| f.hits().nth(state.selected)) {
            open = Some(hit.clone());
        }
    }
    if let Some(hit) = open {
        view.state.search.open = false;
        go_to(view, &hit);
    } else if modal.should_close() {
        view.state.search.open = false;
    }
}

/// The hits for the words in the box, once the query thread has them, and whether they
/// are for the words as they are now: the last answer stays on screen while a newer one
/// is on its way, so the list does not flicker, but Enter waits for the newer one.
fn current<'a>(view: &View<'a>) -> (Option<&'a Found>, bool) {
    let text = &view.state.search.text;
    if text.trim().is_empty() {
        return (None, false);
    }
    match &view.caches.search {
        Some((key, Ok(found))) => (Some(found), key.text == *text),
        _ => (None, false),
    }
}

/// Arrow keys move the selection (the box does not use them); returns whether it moved.
fn keys_ui(ui: &mut egui::Ui, state: &mut SearchState, count: usize) -> bool {
    let (down, up) = ui.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
        )
    });
    if down {
        state.selected = (state.selected + 1).min(count.saturating_sub(1));
    }
    if up {
        state.selected = state.selected.saturating_sub(1);
    }
    // Fewer hits than before: the selection stays on one that is there.
    state.selected = state.selected.min(count.saturating_sub(1));
    down || up
}

fn select_all(ui: &egui::Ui, field: &egui::Response, text: &str) {
    if let Some(mut edit) = egui::TextEdit::load_state(ui.ctx(), field.id) {
        let all = egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(text.chars().count()),
        );
        edit.cursor.set_char_range(Some(all));
        edit.store(ui.ctx(), field.id);
    }
}

/// The groups and their hits; returns the hit clicked.
fn results_ui(
    ui: &mut egui::Ui,
    view: &View<'_>,
    found: Option<&Found>,
    moved: bool,
) -> Option<Hit> {
    let state = &view.state.search;
    if state.text.trim().is_empty() {
        ui.label(
            "Type a few words: a rep, an account, something said in a session. Each word \
             matches the start of a word, in any case, with or without accents.",
        );
        return None;
    }
    if search::words(&state.text).is_empty() {
        ui.label("Type letters or digits to search.");
        return None;
    }
    if let Some((_, Err(message))) = &view.caches.search {
        ui.colored_label(super::style::danger(ui.visuals()), message);
        return None;
    }
    let waiting = view.caches.search_asked.is_some();
    let Some(found) = found else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Searching…");
        });
        return None;
    };
    if found.is_empty() && !waiting {
        ui.label(format!(
            "Nothing holds \"{}\". Try fewer words, or the start of a word.",
            state.text.trim()
        ));
        return None;
    }
    let words = search::words(&state.text);
    let mut clicked = None;
    let mut index = 0;
    for (group, hits, more) in &found.groups {
        ui.add_space(6.0);
        ui.label(RichText::new(group.title()).strong());
        for hit in hits {
            let selected = index == state.selected;
            let response = hit_ui(ui, view, hit, &words, selected);
            if selected && moved {
                response.scroll_to_me(None);
            }
            if response.clicked() {
                clicked = Some(hit.clone());
            }
            index += 1;
        }
        if *more {
            ui.label(
                RichText::new(format!(
                    "Only the {} newest are shown; add a word to narrow the search.",
                    hits.len()
                ))
                .small()
                .weak(),
            );
        }
    }
    clicked
}

/// One hit: its day, rep and kind over the excerpt, the matching words marked.
fn hit_ui(
    ui: &mut egui::Ui,
    view: &View<'_>,
    hit: &Hit,
    words: &[String],
    selected: bool,
) -> egui::Response {
    let visuals = ui.visuals();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let mut job = LayoutJob::default();
    let mut head = Vec::new();
    if let Some(when) = hit.when {
        head.push(super::short_date(when.local_date(view.zone), view.today));
    }
    head.push(hit.rep_name.clone());
    head.push(hit.kind.label());
    if hit.private && !matches!(hit.kind, Kind::PrivateNote(_)) {
        head.push("private".into());
    }
    job.append(
        &format!("{}\n", head.join(" · ")),
        0.0,
        TextFormat::simple(small, visuals.weak_text_color()),
    );
    for segment in search::excerpt(&hit.text, words, EXCERPT_CHARS) {
        let mut format = TextFormat::simple(font.clone(), visuals.text_color());
        if segment.hit {
            format.color = visuals.strong_text_color();
            format.background = visuals.selection.bg_fill;
        }
        job.append(&segment.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width() - 16.0;
    ui.add(
        egui::Button::selectable(selected, job)
            .wrap_mode(egui::TextWrapMode::Wrap)
            .min_size(egui::vec2(ui.available_width(), 0.0)),
    )
}

/// Opens the hit where it lives: a session's workspace, or the rep's page on the tab that
/// holds it (an observation opens in its editor).
fn go_to(view: &mut View<'_>, hit: &Hit) {
    if hit.kind.opens_session() {
        let key = OccurrenceKey::Stored(SessionId(hit.link));
        view.go(Place::Session(hit.rep, key));
        return;
    }
    let mut page = RepPage::new(hit.rep);
    page.tab = match hit.kind {
        Kind::Commitment | Kind::Reflection => RepTab::Commitments,
        Kind::Observation => RepTab::Observations,
        Kind::Topic | Kind::SelfAssessment => RepTab::Calibration,
        Kind::PlanReason => RepTab::Plan,
        _ => RepTab::Overview,
    };
    if hit.kind == Kind::SelfAssessment {
        page.skill = Some(SkillId(hit.link));
    }
    let observation = (hit.kind == Kind::Observation).then_some(ObservationId(hit.link));
    if let Some(id) = observation {
        page.table.editor = Some(EditorState::loading(id));
    }
    view.go(Place::Rep(Box::new(page)));
    if let Some(id) = observation {
        view.request(Request::ReadObservation(TableId::RepPage, id));
    }
}
