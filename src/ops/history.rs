//! Undo and redo as two stacks of inverse commands.

use super::command::Command;

/// One step that can be taken back: the command that undoes it, and what it did.
#[derive(Clone, Debug)]
pub struct Step {
    pub label: String,
    pub inverse: Command,
}

/// Undo pops from `undo` and pushes the inverse's inverse onto `redo`; a new change clears
/// `redo`, as every editor does.
#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Enough for a long working day; older steps fall off the bottom.
const MAX_STEPS: usize = 500;

/// Which way a step is replayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl History {
    pub fn record(&mut self, step: Step) {
        self.redo.clear();
        push_bounded(&mut self.undo, step);
    }

    fn stack(&mut self, direction: Direction) -> &mut Vec<Step> {
        match direction {
            Direction::Undo => &mut self.undo,
            Direction::Redo => &mut self.redo,
        }
    }

    pub fn take(&mut self, direction: Direction) -> Option<Step> {
        self.stack(direction).pop()
    }

    /// After a replay succeeded: `step` takes it back the other way (an undone change can be
    /// redone, a redone one undone again), without clearing either stack.
    pub fn push_opposite(&mut self, direction: Direction, step: Step) {
        let opposite = match direction {
            Direction::Undo => Direction::Redo,
            Direction::Redo => Direction::Undo,
        };
        push_bounded(self.stack(opposite), step);
    }

    /// Puts back a step whose replay failed, so nothing is lost from the history.
    pub fn put_back(&mut self, direction: Direction, step: Step) {
        self.stack(direction).push(step);
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

fn push_bounded(stack: &mut Vec<Step>, step: Step) {
    if stack.len() == MAX_STEPS {
        stack.remove(0);
    }
    stack.push(step);
}
