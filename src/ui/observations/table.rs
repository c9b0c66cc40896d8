//! The virtualized observation table: only the rows on screen are laid out, so half a
//! million rows cost the same frame as fifty.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder, TableRow};

use super::{EditorState, TableState};
use crate::domain::observation::{ObservationId, Visibility};
use crate::domain::observation_query::{ObservationSummary, Sort, SortKey};
use crate::model::{Caches, TableId};
use crate::ui::{Request, View};

const COLUMNS: [(&str, SortKey); 9] = [
    ("Date", SortKey::Date),
    ("Rep", SortKey::Rep),
    ("Bucket", SortKey::Bucket),
    ("Skill", SortKey::Skill),
    ("Rating", SortKey::Rating),
    ("Context", SortKey::Context),
    ("Account", SortKey::Account),
    ("Evidence", SortKey::Evidence),
    ("Shared", SortKey::Visibility),
];

fn short_bucket(bucket: crate::domain::Bucket) -> &'static str {
    match bucket {
        crate::domain::Bucket::Organization => "Organization",
        crate::domain::Bucket::Selling => "Selling",
        crate::domain::Bucket::Customer => "Customer",
    }
}

pub fn rows_ui(ui: &mut egui::Ui, view: &mut View<'_>, id: TableId, rows: &[ObservationSummary]) {
    let caches = view.caches;
    let Some(state) = view.state.table_mut(id) else {
        return;
    };
    let Drawn {
        clicked,
        sort_by,
        on_screen,
    } = grid_ui(ui, caches, rows, id, state);
    if let Some(key) = sort_by {
        state.sort = if state.sort.key == key {
            Sort {
                key,
                descending: !state.sort.descending,
            }
        } else {
            // Dates read newest first; everything else A to Z first.
            Sort {
                key,
                descending: key == SortKey::Date,
            }
        };
    }
    if let Some((index, toggle)) = clicked {
        let obs = rows[index];
        if toggle {
            if !state.selected.remove(&obs.id) {
                state.selected.insert(obs.id);
            }
        } else {
            state.selected.clear();
            state.editor = Some(EditorState::loading(obs.id));
            view.request(Request::ReadObservation(id, obs.id));
        }
    }
    let missing: Vec<_> = on_screen
        .into_iter()
        .filter(|id| !caches.excerpts.contains_key(id))
        .collect();
    if !missing.is_empty() {
        view.request(Request::Excerpts(missing));
    }
}

/// What a click on the table asked for, and which rows it showed.
struct Drawn {
    clicked: Option<(usize, bool)>,
    sort_by: Option<SortKey>,
    on_screen: Vec<ObservationId>,
}

/// The header and the rows on screen. In a narrow window the columns keep their widths
/// and the table scrolls sideways, rather than losing Evidence and Shared off the edge.
fn grid_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    rows: &[ObservationSummary],
    id: TableId,
    state: &TableState,
) -> Drawn {
    let rep_fixed = state.fixed_rep.is_some();
    let (sort, selected) = (state.sort, &state.selected);
    let editing = state.editor.as_ref().map(|e| e.id);
    let mut drawn = Drawn {
        clicked: None,
        sort_by: None,
        on_screen: Vec::new(),
    };
    // A click anywhere on a row selects it, so cell text is not selectable.
    ui.style_mut().interaction.selectable_labels = false;
    egui::ScrollArea::horizontal()
        .id_salt(("observations_sideways", id))
        .show(ui, |ui| {
            let builder = TableBuilder::new(ui)
                .id_salt(("observations", id))
                .striped(true)
                .sense(Sense::CLICK)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            with_columns(builder, rep_fixed)
                .header(26.0, |mut header| {
                    for (title, key) in COLUMNS {
                        if rep_fixed && key == SortKey::Rep {
                            continue;
                        }
                        header.col(|ui| {
                            if sort_button_ui(ui, title, key, sort) {
                                drawn.sort_by = Some(key);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(28.0, rows.len(), |mut row| {
                        let index = row.index();
                        let obs = &rows[index];
                        row.set_selected(selected.contains(&obs.id) || editing == Some(obs.id));
                        drawn.on_screen.push(obs.id);
                        let opened = observation_cells(&mut row, caches, obs, rep_fixed);
                        let response = row.response();
                        if response.clicked() || opened {
                            let toggle = response.ctx.input(|i| i.modifiers.command);
                            drawn.clicked = Some((index, toggle));
                        }
                    });
                });
        });
    drawn
}

/// The columns of [`COLUMNS`], without Rep when the table shows one rep only.
fn with_columns(builder: TableBuilder<'_>, rep_fixed: bool) -> TableBuilder<'_> {
    let mut builder = builder.column(Column::exact(100.0));
    if !rep_fixed {
        builder = builder.column(Column::initial(118.0).clip(true));
    }
    builder
        .column(Column::initial(88.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::exact(52.0))
        .column(Column::initial(92.0).clip(true))
        .column(Column::initial(118.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::exact(60.0))
}

/// A column title that sorts by the column, with the current order after it; true when
/// clicked.
fn sort_button_ui(ui: &mut egui::Ui, title: &str, key: SortKey, sort: Sort) -> bool {
    let order = match sort {
        Sort {
            key: k,
            descending: true,
        } if k == key => " desc",
        Sort {
            key: k,
            descending: false,
        } if k == key => " asc",
        _ => "",
    };
    let mut text = egui::text::LayoutJob::default();
    RichText::new(title).strong().append_to(
        &mut text,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    );
    RichText::new(order).small().weak().append_to(
        &mut text,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    );
    let button = egui::Button::new(text).frame(false);
    ui.add(button)
        .on_hover_text(format!("Sort by {}", title.to_lowercase()))
        .clicked()
}

/// The cells of one observation, in the order of [`COLUMNS`]. The date is the row's one
/// Tab stop, a button named after the observation: Enter or Space opens it as a click on
/// the row does. True when it was pressed.
fn observation_cells(
    row: &mut TableRow<'_, '_>,
    caches: &Caches,
    obs: &ObservationSummary,
    rep_fixed: bool,
) -> bool {
    let skill = caches.framework.skill(obs.skill);
    let name = caches.rep(obs.rep).map_or("?", |r| r.rep.name.as_str());
    let mut opened = false;
    row.col(|ui| {
        let day = obs.day.format("%Y-%m-%d").to_string();
        let what = format!(
            "Open the observation of {name} on {day}: {}",
            skill.map_or("?", |s| s.name.as_str())
        );
        opened = ui
            .add(egui::Button::new(day).frame_when_inactive(false))
            .accessible_name(what)
            .clicked();
    });
    if !rep_fixed {
        row.col(|ui| {
            ui.label(name);
        });
    }
    row.col(|ui| {
        ui.label(skill.map_or("", |s| short_bucket(s.bucket)));
    });
    row.col(|ui| {
        ui.label(skill.map_or("?", |s| s.name.as_str()));
    });
    row.col(|ui| {
        match obs.rating {
            Some(level) => ui.label(RichText::new(level.to_string()).strong()),
            None => ui.weak("n/o").on_hover_text("Not observed"),
        };
    });
    row.col(|ui| {
        ui.label(obs.context.label());
    });
    row.col(|ui| {
        let account = caches.log.log().map_or("", |l| l.account(obs.account));
        ui.label(account);
    });
    row.col(|ui| match caches.excerpts.get(&obs.id) {
        Some(text) => {
            ui.label(text.replace('\n', " "));
        }
        None => {
            ui.weak("...");
        }
    });
    row.col(|ui| {
        match obs.visibility {
            Visibility::Shared => ui.label("Shared"),
            Visibility::Private => ui.weak("Private"),
        };
    });
    opened
}
