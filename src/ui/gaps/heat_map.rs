//! The team heat map: reps by skills, each cell coloured by the gap to target, with an
//! average column per bucket. Drawn with the painter; only the cells in view are drawn and sensed.

use egui::{Color32, CornerRadius, Rect, Sense, pos2, vec2};

use super::heat_keys::{self, Cell, Grid};
use super::{gap_color, name_of, skill_name};
use crate::domain::Bucket;
use crate::domain::levels::signed_tenths;
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;
use crate::model::GapMap;
use crate::ui::{View, style};

const NAME_WIDTH: f32 = 150.0;
const CELL: f32 = 24.0;
const AVERAGE: f32 = 34.0;
const HEADER: f32 = 180.0;
/// Longer skill names are cut in the rotated header; the full name is in each cell's hover.
const HEADER_CHARS: usize = 26;

/// The grid itself; returns the cell clicked.
pub(super) fn heat_map_ui(
    ui: &mut egui::Ui,
    view: &View<'_>,
    map: &GapMap,
) -> Option<(RepId, SkillId)> {
    let state = &view.state.gaps;
    let reps = ordered_reps(map, state.sort_reps);
    let groups = skill_groups(map, state.sort_skills);
    let width = NAME_WIDTH
        + groups
            .iter()
            .map(|(_, s)| s.len() as f32 * CELL + AVERAGE + 10.0)
            .sum::<f32>();
    let height = HEADER + reps.len() as f32 * CELL;
    // One click sense for the whole map: two thousand clickable cells would cost more hit
    // testing than a frame can spare, so each cell only senses hover and a click is mapped
    // to the cell under the pointer. The map itself is not a Tab stop; one of its cells is.
    let (area, area_response) = ui.allocate_exact_size(vec2(width, height), Sense::CLICK);
    let click_pos = area_response
        .clicked()
        .then(|| area_response.interact_pointer_pos())
        .flatten();
    let layout = column_layout(&groups, area.left() + NAME_WIDTH);
    let columns: Vec<(SkillId, f32)> = layout
        .iter()
        .filter_map(|c| Some((c.skill?, c.x)))
        .collect();
    let grid = Grid {
        reps: &reps,
        columns: &columns,
        rows_top: area.top() + HEADER,
        cell: CELL,
    };
    let map_id = ui.scope_id().with("heat_map_tab_stop");
    let mut canvas = MapCanvas::new(ui, map, &reps, area, click_pos);
    let tab_stop = tab_stop_in_view(&grid, &canvas, grid.current(ui.ctx(), map_id));
    canvas.tab_stop.set(tab_stop);
    canvas.keys = Some((&grid, map_id));
    let (visible, top) = (ui.clip_rect(), canvas.top);
    let mut clicked = None;
    // Names looked up once a frame, not once a cell.
    let rep_names: std::collections::HashMap<RepId, String> =
        reps.iter().map(|r| (*r, name_of(view, *r))).collect();
    for column in &layout {
        let Some((bucket, skills)) = groups.get(column.group) else {
            continue;
        };
        if column.first_of_group {
            canvas.header.text(
                pos2(column.x, top),
                egui::Align2::LEFT_TOP,
                match bucket {
                    Bucket::Organization => "Organization",
                    Bucket::Selling => "Selling",
                    Bucket::Customer => "Customer",
                },
                egui::FontId::proportional(13.0),
                canvas.text_color,
            );
        }
        let title = column
            .skill
            .map_or_else(|| "Average".to_owned(), |s| skill_name(view, s));
        paint_column_title(&canvas, column.x, column.width, title);
        let rect = Rect::from_x_y_ranges(column.x..=column.x + column.width, area.y_range());
        if visible.intersects(rect) {
            let span = (column.x, column.width);
            clicked = column_cells_ui(ui, &canvas, span, column.skill, skills).or(clicked);
        }
    }
    paint_rep_names(&canvas, &rep_names);
    clicked
}

/// What every column of the heat map is drawn against, worked out once a frame.
struct MapCanvas<'a> {
    map: &'a GapMap,
    /// The rows, in the order shown.
    reps: &'a [RepId],
    area: Rect,
    /// Where the header's top and the names' left edge are drawn: the view's edge once the
    /// map is scrolled past it.
    top: f32,
    left: f32,
    /// Paints clipped to the cells' part of the view, the header strip, the names strip.
    cells: egui::Painter,
    cells_clip: Rect,
    header: egui::Painter,
    names: egui::Painter,
    text_color: Color32,
    /// The rows inside the scrolled viewport: only those are drawn and sensed.
    rows: std::ops::Range<usize>,
    /// Where the map was clicked this frame, if it was.
    click_pos: Option<egui::Pos2>,
    /// The one cell in the Tab order, and what the arrow keys move over. An arrow key
    /// moves it within the frame, so a cell drawn later is created focusable and keeps the
    /// focus it was just given.
    tab_stop: std::cell::Cell<Option<Cell>>,
    keys: Option<(&'a Grid<'a>, egui::Id)>,
}

/// The Tab stop is a cell in view: the one remembered if it is, else the first in view.
fn tab_stop_in_view(
    grid: &Grid<'_>,
    canvas: &MapCanvas<'_>,
    remembered: Option<Cell>,
) -> Option<Cell> {
    let in_view = |cell: &Cell| {
        grid.rect(*cell)
            .is_some_and(|r| canvas.cells_clip.contains_rect(r))
    };
    remembered.filter(in_view).or_else(|| {
        let row = canvas
            .rows
            .clone()
            .find(|row| grid.rows_top + *row as f32 * grid.cell >= canvas.cells_clip.top())?;
        let rep = *grid.reps.get(row)?;
        grid.columns
            .iter()
            .map(|(skill, _)| (rep, *skill))
            .find(|cell| in_view(cell))
    })
}

/// One column of the map: a skill's, or its bucket's average (`skill` is `None`).
struct MapColumn {
    /// The index of its bucket in the groups.
    group: usize,
    first_of_group: bool,
    skill: Option<SkillId>,
    x: f32,
    width: f32,
}

/// Where every column stands, left to right: each bucket's skills, its average, a gap.
/// The drawing and the keyboard's grid both place cells by it.
fn column_layout(groups: &[(Bucket, Vec<SkillId>)], left: f32) -> Vec<MapColumn> {
    let mut x = left;
    let mut columns = Vec::new();
    for (group, (_, skills)) in groups.iter().enumerate() {
        let cells = skills.iter().map(|s| (Some(*s), CELL));
        for (index, (skill, width)) in cells.chain([(None, AVERAGE)]).enumerate() {
            columns.push(MapColumn {
                group,
                first_of_group: index == 0,
                skill,
                x,
                width,
            });
            x += width;
        }
        x += 10.0;
    }
    columns
}

/// A cell's widget id: the same whichever frame or key asks.
fn cell_id(scope: egui::Id, (rep, skill): Cell) -> egui::Id {
    scope.with(("gap", rep.0, skill.0))
}

impl<'a> MapCanvas<'a> {
    /// The reps of the rows in view, with their row numbers.
    fn visible_rows(&self) -> impl Iterator<Item = (usize, &'a RepId)> + use<'a> {
        let rows = self.rows.clone();
        self.reps.iter().enumerate().take(rows.end).skip(rows.start)
    }

    /// Only the cells inside the scrolled viewport are drawn and sensed: a team of 50 with
    /// 40 skills is 2,000 cells, of which a laptop screen shows about half.
    fn new(
        ui: &egui::Ui,
        map: &'a GapMap,
        reps: &'a [RepId],
        area: Rect,
        click_pos: Option<egui::Pos2>,
    ) -> MapCanvas<'a> {
        let visible = ui.clip_rect();
        // The skill header and the rep names stay in view while the map scrolls under them:
        // each is drawn at the edge of the view (or of the map, before it is scrolled), and the
        // cells are clipped to the part of the view they leave.
        let top = area.top().max(visible.top());
        let left = area.left().max(visible.left());
        let cells_clip = Rect::from_min_max(pos2(left + NAME_WIDTH, top + HEADER), visible.max);
        let row_at = |y: f32| ((y - area.top() - HEADER) / CELL).max(0.0) as usize;
        let first_row = row_at(top + HEADER);
        let last_row = (row_at(visible.bottom()) + 1).min(reps.len());
        let painter = ui.painter_at(area);
        MapCanvas {
            map,
            reps,
            area,
            top,
            left,
            cells: painter.with_clip_rect(cells_clip.intersect(area)),
            cells_clip,
            header: painter.with_clip_rect(Rect::from_min_max(
                pos2(left + NAME_WIDTH, top),
                pos2(visible.right(), top + HEADER),
            )),
            names: painter.with_clip_rect(Rect::from_min_max(
                pos2(left, top + HEADER),
                pos2(left + NAME_WIDTH, visible.bottom()),
            )),
            text_color: ui.visuals().text_color(),
            rows: first_row..last_row,
            click_pos: click_pos.filter(|p| cells_clip.contains(*p)),
            tab_stop: std::cell::Cell::new(None),
            keys: None,
        }
    }
}

/// The reps in roster order, or by mean gap, largest first, when sorted.
fn ordered_reps(map: &GapMap, sort: bool) -> Vec<RepId> {
    let mut reps = map.reps.clone();
    if sort {
        let all = || map.skills.iter().map(|(_, s)| *s);
        reps.sort_by(|a, b| {
            map.mean_gap(*b, all())
                .unwrap_or(f64::MIN)
                .total_cmp(&map.mean_gap(*a, all()).unwrap_or(f64::MIN))
        });
    }
    reps
}

/// The skills of each bucket in framework order, or by the team's mean gap when sorted.
fn skill_groups(map: &GapMap, sort: bool) -> Vec<(Bucket, Vec<SkillId>)> {
    let mut groups: Vec<(Bucket, Vec<SkillId>)> = Vec::new();
    for bucket in Bucket::ALL {
        let mut skills: Vec<SkillId> = map
            .skills
            .iter()
            .filter(|(b, _)| *b == bucket)
            .map(|(_, s)| *s)
            .collect();
        if sort {
            let team = |s: SkillId| {
                let gaps: Vec<f64> = map
                    .reps
                    .iter()
                    .filter_map(|r| map.cell(*r, s).gap)
                    .collect();
                if gaps.is_empty() {
                    f64::MIN
                } else {
                    gaps.iter().sum::<f64>() / gaps.len() as f64
                }
            };
            skills.sort_by(|a, b| team(*b).total_cmp(&team(*a)));
        }
        groups.push((bucket, skills));
    }
    groups
}

/// A column's title, turned upright and shortened so the header stays one height.
fn paint_column_title(canvas: &MapCanvas<'_>, x: f32, column_width: f32, title: String) {
    let title = if title.chars().count() > HEADER_CHARS {
        format!(
            "{}...",
            title.chars().take(HEADER_CHARS - 3).collect::<String>()
        )
    } else {
        title
    };
    let text_color = canvas.text_color;
    let galley = canvas
        .header
        .layout_no_wrap(title, egui::FontId::proportional(12.0), text_color);
    let anchor = pos2(x + column_width / 2.0 - 7.0, canvas.top + HEADER - 4.0);
    canvas.header.add(
        egui::epaint::TextShape::new(anchor, galley, text_color)
            .with_angle(-std::f32::consts::FRAC_PI_2),
    );
}

/// The visible cells of one column: a skill's gaps, or the bucket's average when `skill` is
/// `None`. `span` is the column's left edge and width. Returns the cell clicked.
fn column_cells_ui(
    ui: &mut egui::Ui,
    canvas: &MapCanvas<'_>,
    span: (f32, f32),
    skill: Option<SkillId>,
    skills: &[SkillId],
) -> Option<(RepId, SkillId)> {
    let (x, column_width) = span;
    let mut clicked = None;
    for (row, rep) in canvas.visible_rows() {
        let rect = Rect::from_min_size(
            pos2(x, canvas.area.top() + HEADER + row as f32 * CELL),
            vec2(column_width - 2.0, CELL - 2.0),
        );
        match skill {
            Some(skill) => {
                if gap_cell_ui(ui, canvas, *rep, skill, rect) {
                    clicked = Some((*rep, skill));
                }
            }
            None => {
                let mean = canvas.map.mean_gap(*rep, skills.iter().copied());
                canvas
                    .cells
                    .rect_filled(rect, CornerRadius::ZERO, gap_color(mean));
                if let Some(mean) = mean {
                    canvas.cells.text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        // Level against target: below reads as a minus.
                        signed_tenths(-mean),
                        egui::FontId::proportional(10.5),
                        Color32::BLACK,
                    );
                }
            }
        }
    }
    clicked
}

/// One rep's gap in one skill, with its marks, its hover text and its name for screen
/// readers; true when clicked, by pointer or by a screen reader.
fn gap_cell_ui(
    ui: &mut egui::Ui,
    canvas: &MapCanvas<'_>,
    rep: RepId,
    skill: SkillId,
    rect: Rect,
) -> bool {
    let (map, painter) = (canvas.map, &canvas.cells);
    let f = map.cell(rep, skill);
    let label = || map.labels.get(&(rep, skill)).cloned().unwrap_or_default();
    // Only the part of a cell not under the header or the names is hovered; only the Tab
    // stop can take the keyboard's focus.
    let sense = if canvas.tab_stop.get() == Some((rep, skill)) {
        Sense::FOCUSABLE
    } else {
        Sense::hover()
    };
    let response = ui.interact(
        rect.intersect(canvas.cells_clip),
        cell_id(ui.scope_id(), (rep, skill)),
        sense,
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label()));
    painter.rect_filled(rect, CornerRadius::ZERO, gap_color(f.gap));
    if f.flags.low_confidence && f.level.is_some() {
        painter.circle_filled(rect.center(), 2.0, Color32::from_gray(90));
    }
    if f.flags.declining {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "v",
            egui::FontId::proportional(11.0),
            Color32::BLACK,
        );
    }
    if response.hovered() {
        painter.rect_stroke(
            rect,
            CornerRadius::same(2),
            egui::Stroke::new(2.0, style::accent(ui.visuals())),
            egui::StrokeKind::Inside,
        );
    }
    let response = if response.hovered() {
        response.on_hover_text(label())
    } else {
        response
    };
    let screen_reader_click =
        ui.input(|i| i.has_accesskit_action_request(response.id, egui::accesskit::Action::Click));
    let key_open = response.has_focus() && focused_cell_ui(ui, canvas, (rep, skill), &response);
    canvas.click_pos.is_some_and(|p| rect.contains(p)) || screen_reader_click || key_open
}

/// The focused cell: a ring in the theme's focus colour, its figures shown as if hovered,
/// the arrow keys to move on; true when Enter or Space opens it.
fn focused_cell_ui(
    ui: &mut egui::Ui,
    canvas: &MapCanvas<'_>,
    cell: Cell,
    response: &egui::Response,
) -> bool {
    let ring = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
    canvas.cells.rect_stroke(
        response.rect,
        CornerRadius::same(2),
        ring,
        egui::StrokeKind::Outside,
    );
    let label = canvas.map.labels.get(&cell).cloned().unwrap_or_default();
    response.show_tooltip_text(label);
    if let Some((grid, map_id)) = canvas.keys {
        let scope = ui.scope_id();
        if let Some(next) = heat_keys::arrows_ui(ui, grid, (map_id, cell), |c| cell_id(scope, c)) {
            canvas.tab_stop.set(Some(next));
        }
    }
    ui.input_mut(|i| {
        i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::Space)
    })
}

/// The reps' names down the left of the view, moving with their rows.
fn paint_rep_names(canvas: &MapCanvas<'_>, rep_names: &std::collections::HashMap<RepId, String>) {
    let area = canvas.area;
    for (row, rep) in canvas.visible_rows() {
        canvas.names.text(
            pos2(
                canvas.left,
                area.top() + HEADER + row as f32 * CELL + CELL / 2.0,
            ),
            egui::Align2::LEFT_CENTER,
            rep_names.get(rep).cloned().unwrap_or_default(),
            egui::FontId::proportional(13.5),
            canvas.text_color,
        );
    }
}
