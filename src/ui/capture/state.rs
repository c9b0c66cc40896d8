//! What the quick capture dialog holds between frames, and the rules of its keys.

use chrono::NaiveDate;

use crate::domain::fuzzy;
use crate::domain::observation::{CallContext, ObservationDraft, Visibility};
use crate::domain::rep::{RepId, parse_optional_date};
use crate::domain::skill::{Skill, SkillId};
use crate::domain::{Level, Rating};
use crate::model::Caches;
use crate::ops::Command;

const SUGGESTIONS: usize = 5;

/// What the next capture starts from: the rep, context and account of the last one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaptureMemory {
    pub rep: Option<RepId>,
    pub context: Option<CallContext>,
    pub account: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Rep,
    Skill,
    Rating,
    Evidence,
}

/// One skill seen on the call, waiting to be saved with the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub skill: SkillId,
    pub rating: Rating,
    pub evidence: String,
}

#[derive(Clone, Debug)]
pub struct CaptureState {
    pub rep: Option<RepId>,
    pub rep_query: String,
    pub skill: Option<SkillId>,
    pub skill_query: String,
    /// The suggestion that Enter picks, as moved by the arrow keys.
    pub highlighted: usize,
    pub rating: Option<Rating>,
    pub evidence: String,
    pub context: CallContext,
    pub account: String,
    pub date: String,
    pub step: Step,
    pub lines: Vec<Line>,
    /// The session the observations are made in, when captured from its workspace.
    pub session: Option<(RepId, crate::domain::schedule::OccurrenceKey)>,
    pub error: Option<String>,
    /// Whether these observations reach the rep; starts as Settings says, Ctrl+P flips it.
    pub visibility: Visibility,
    /// The arrow keys moved through the suggestions, so Enter may take one even before a
    /// letter is typed; otherwise an empty field picks nothing.
    pub(super) browsed: bool,
    pub(super) focus: bool,
    pub(super) confirm_discard: bool,
}

impl CaptureState {
    pub fn open(
        memory: &CaptureMemory,
        rep: Option<RepId>,
        today: NaiveDate,
        visibility: Visibility,
    ) -> CaptureState {
        let rep = rep.or(memory.rep);
        CaptureState {
            rep,
            rep_query: String::new(),
            skill: None,
            skill_query: String::new(),
            highlighted: 0,
            rating: None,
            evidence: String::new(),
            context: memory.context.unwrap_or(CallContext::ClientCall),
            account: memory.account.clone(),
            date: today.to_string(),
            step: if rep.is_some() {
                Step::Skill
            } else {
                Step::Rep
            },
            lines: Vec::new(),
            session: None,
            error: None,
            visibility,
            browsed: false,
            focus: true,
            confirm_discard: false,
        }
    }

    pub fn memory(&self) -> CaptureMemory {
        CaptureMemory {
            rep: self.rep,
            context: Some(self.context),
            account: self.account.trim().to_owned(),
        }
    }

    pub(super) fn go(&mut self, step: Step) {
        self.step = step;
        self.highlighted = 0;
        self.browsed = false;
        self.focus = true;
    }

    /// Back from the rating to the skill: the skill is chosen again, so neither it nor its
    /// rubric lingers while another is typed.
    pub(super) fn back_to_skill(&mut self) {
        self.skill = None;
        self.rating = None;
        self.go(Step::Skill);
    }

    /// What is typed in the field being picked from: the rep's or the skill's.
    pub(super) fn query(&self) -> &str {
        match self.step {
            Step::Rep => &self.rep_query,
            _ => &self.skill_query,
        }
    }

    /// The suggestion Enter would take: none from an empty field unless the arrow keys
    /// chose one, so no skill is ever picked that the manager did not point at.
    pub(super) fn pointed(&self, query: &str) -> Option<usize> {
        (self.browsed || !query.trim().is_empty()).then_some(self.highlighted)
    }

    pub(super) fn has_content(&self) -> bool {
        !self.lines.is_empty() || self.skill.is_some() || !self.evidence.trim().is_empty()
    }

    /// Moves the line being typed into the list, so another skill can be captured.
    pub(super) fn keep_line(&mut self, caches: &Caches) -> Result<(), String> {
        let (Some(skill), Some(rating)) = (self.skill, self.rating) else {
            return Err(match self.skill {
                Some(id) => format!(
                    "Press 1-5, or N for not observed, to rate \"{}\".",
                    skill_name(caches, id)
                ),
                None => "Choose a skill first: type a few letters of its name.".to_owned(),
            });
        };
        if rating.needs_evidence() && self.evidence.trim().is_empty() {
            return Err(format!(
                "A rating of {} needs evidence: what did you see or hear?",
                rating.label()
            ));
        }
        self.lines.push(Line {
            skill,
            rating,
            evidence: self.evidence.trim().to_owned(),
        });
        self.skill = None;
        self.skill_query.clear();
        self.rating = None;
        self.evidence.clear();
        Ok(())
    }

    /// The command that saves every line, or why it cannot be saved yet.
    pub(super) fn command(&mut self, caches: &Caches) -> Result<Command, String> {
        let rep_id = self
            .rep
            .ok_or("Choose the rep first: type a few letters of the name.")?;
        if self.skill.is_some() || self.lines.is_empty() {
            self.keep_line(caches)?;
        }
        let observed_on = parse_optional_date(&self.date)
            .map_err(|e| e.to_string())?
            .ok_or("The observation needs a date.")?;
        let drafts = self
            .lines
            .iter()
            .map(|line| ObservationDraft {
                rep_id,
                skill_id: line.skill,
                observed_on,
                rating: line.rating,
                evidence: line.evidence.clone(),
                context: self.context,
                account: self.account.trim().to_owned(),
                session_id: None,
                visibility: self.visibility,
            })
            .collect();
        Ok(match self.session {
            Some((rep, key)) if rep == rep_id => {
                Command::AddObservationsInSession { rep, key, drafts }
            }
            _ => Command::AddObservations(drafts),
        })
    }
}

pub(super) fn skill_name(caches: &Caches, id: SkillId) -> String {
    caches.framework.skill_name(id).to_owned()
}

pub(super) fn rep_candidates(caches: &Caches, query: &str) -> Vec<(RepId, String)> {
    let reps = caches.active_reps();
    fuzzy::rank(query, &reps, |(_, name)| name.clone())
        .into_iter()
        .take(SUGGESTIONS)
        .cloned()
        .collect()
}

/// Skills match by name or by bucket ("cust" finds the customer skills); retired skills
/// are not offered.
pub(super) fn skill_candidates<'a>(caches: &'a Caches, query: &str) -> Vec<&'a Skill> {
    let skills: Vec<&Skill> = caches
        .framework
        .skills
        .iter()
        .filter(|s| !s.retired)
        .collect();
    fuzzy::rank(query, &skills, |s| {
        format!("{} {}", s.name, s.bucket.title())
    })
    .into_iter()
    .take(SUGGESTIONS)
    .copied()
    .collect()
}

/// A digit rates (in the skill field too, where no skill name has digits); N means "not
/// observed" only at the rating step, where it cannot be part of a skill's name.
pub(super) fn rating_key(text: &str, step: Step) -> Option<Result<Rating, String>> {
    let digit = text.chars().next().filter(|_| text.chars().count() == 1)?;
    match digit {
        '1'..='5' => Level::new(i64::from(digit as u8 - b'0')).map(|l| Ok(Rating::Rated(l))),
        'n' | 'N' if step == Step::Rating => Some(Ok(Rating::NotObserved)),
        '0' | '6'..='9' => Some(Err(format!(
            "A rating is 1 to 5, or N for not observed; {digit} is out of range."
        ))),
        _ => None,
    }
}

/// Takes the highlighted suggestion of the rep or skill field and moves on. A new rep
/// clears the skill and rating chosen for the one before.
pub(super) fn pick(state: &mut CaptureState, caches: &Caches) {
    match state.step {
        Step::Rep => {
            let Some(index) = state.pointed(&state.rep_query) else {
                state.error = Some("Type a few letters of the rep's name.".to_owned());
                return;
            };
            if let Some((id, name)) = rep_candidates(caches, &state.rep_query).get(index) {
                if state.rep != Some(*id) {
                    state.skill = None;
                    state.skill_query.clear();
                    state.rating = None;
                }
                state.rep = Some(*id);
                state.rep_query = name.clone();
                state.error = None;
                state.go(Step::Skill);
            }
        }
        Step::Skill => {
            let Some(index) = state.pointed(&state.skill_query) else {
                state.error = Some(
                    "Type a few letters of the skill (or use the arrow keys), then rate it."
                        .to_owned(),
                );
                return;
            };
            if let Some(skill) = skill_candidates(caches, &state.skill_query).get(index) {
                state.skill = Some(skill.id);
                state.skill_query = skill.name.clone();
                state.error = None;
                state.go(Step::Rating);
            } else {
                state.error = Some("No skill matches those letters.".to_owned());
            }
        }
        _ => {}
    }
}
