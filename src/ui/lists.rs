//! Lists that would otherwise grow without end (overdue commitments pile up over years):
//! each shows its most urgent lines first, a few of them, with "Show all N" for the rest.

use std::collections::HashSet;

/// How many lines a capped list shows until "Show all" is pressed: a day's decisions,
/// not the archive.
pub const LIST_CAP: usize = 6;

/// The lists on Home that can be shown in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HomeList {
    NeedsCoaching,
    UnderGoal,
    PlansDue,
    ThisWeek,
    Commitments,
    Missed,
}

/// Which of Home's lists are shown in full; the rest show `LIST_CAP` lines.
#[derive(Default)]
pub struct HomeLists {
    pub expanded: HashSet<HomeList>,
}

impl HomeLists {
    pub fn is_expanded(&self, list: HomeList) -> bool {
        self.expanded.contains(&list)
    }

    pub fn toggle(&mut self, list: HomeList) {
        if !self.expanded.remove(&list) {
            self.expanded.insert(list);
        }
    }
}

/// How many of `total` lines to draw.
pub fn shown(total: usize, expanded: bool) -> usize {
    if expanded { total } else { total.min(LIST_CAP) }
}

/// "Show all N" under a capped list, "Show fewer" under a full one, nothing when every
/// line fits; true when clicked. `what` names the list for screen readers, since Home
/// has several such buttons.
pub fn show_all_ui(ui: &mut egui::Ui, total: usize, expanded: bool, what: &str) -> bool {
    if total <= LIST_CAP {
        return false;
    }
    let (text, name) = if expanded {
        ("Show fewer".to_owned(), format!("Show fewer {what}"))
    } else {
        (
            format!("Show all {total}"),
            format!("Show all {total} {what}"),
        )
    };
    ui.add_space(2.0);
    ui.link(text).accessible_name(name).clicked()
}
