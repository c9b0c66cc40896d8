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

impl History {
    pub fn record(&mut self, step: Step) {
        self.redo.clear();
        push_bounded(&mut self.undo, step);
    }

    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// After an undo succeeded: `step` redoes it.
    pub fn push_redo(&mut self, step: Step) {
        push_bounded(&mut self.redo, step);
    }

    /// After a redo succeeded: `step` undoes it again, without clearing the redo stack.
    pub fn push_undo(&mut self, step: Step) {
        push_bounded(&mut self.undo, step);
    }

    /// Puts back a step whose undo or redo failed, so nothing is lost from the history.
    pub fn restore_undo(&mut self, step: Step) {
        self.undo.push(step);
    }

    pub fn restore_redo(&mut self, step: Step) {
        self.redo.push(step);
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
