//! The kinds of text the search finds and the groups they are shown in.

use crate::domain::Bucket;

/// Where a text lives. The number is kept in the index, so a kind's number never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    RepName,
    Summary,
    Contract,
    Preparation,
    SharedNote(Bucket),
    PrivateNote(Bucket),
    TalkingPoint,
    Commitment,
    Observation,
    Topic,
    SelfAssessment,
    Reflection,
    SessionComment,
    PlanReason,
}

/// How hits are grouped on screen, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Reps,
    Sessions,
    Notes,
    TalkingPoints,
    Commitments,
    Observations,
    FromReps,
    Plans,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Reps,
        Group::Sessions,
        Group::Notes,
        Group::TalkingPoints,
        Group::Commitments,
        Group::Observations,
        Group::FromReps,
        Group::Plans,
    ];

    pub fn code(self) -> i64 {
        match self {
            Group::Reps => 0,
            Group::Sessions => 1,
            Group::Notes => 2,
            Group::TalkingPoints => 3,
            Group::Commitments => 4,
            Group::Observations => 5,
            Group::FromReps => 6,
            Group::Plans => 7,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Group::Reps => "Reps",
            Group::Sessions => "Sessions",
            Group::Notes => "Session notes",
            Group::TalkingPoints => "Talking points",
            Group::Commitments => "Commitments",
            Group::Observations => "Observations",
            Group::FromReps => "From the reps",
            Group::Plans => "Coaching plans",
        }
    }

    /// The name `coachbook search --json` gives the group.
    pub fn key(self) -> &'static str {
        match self {
            Group::Reps => "reps",
            Group::Sessions => "sessions",
            Group::Notes => "notes",
            Group::TalkingPoints => "talking_points",
            Group::Commitments => "commitments",
            Group::Observations => "observations",
            Group::FromReps => "from_reps",
            Group::Plans => "plans",
        }
    }
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::RepName,
        Kind::Summary,
        Kind::Contract,
        Kind::Preparation,
        Kind::SharedNote(Bucket::Organization),
        Kind::SharedNote(Bucket::Selling),
        Kind::SharedNote(Bucket::Customer),
        Kind::PrivateNote(Bucket::Organization),
        Kind::PrivateNote(Bucket::Selling),
        Kind::PrivateNote(Bucket::Customer),
        Kind::TalkingPoint,
        Kind::Commitment,
        Kind::Observation,
        Kind::Topic,
        Kind::SelfAssessment,
        Kind::Reflection,
        Kind::SessionComment,
        Kind::PlanReason,
    ];

    /// The kind's number in the index, 1 to 31.
    pub fn code(self) -> i64 {
        Kind::ALL
            .iter()
            .position(|k| *k == self)
            .map_or(0, |i| i as i64 + 1)
    }

    pub fn from_code(code: i64) -> Option<Kind> {
        let index = usize::try_from(code).ok()?.checked_sub(1)?;
        Kind::ALL.get(index).copied()
    }

    pub fn group(self) -> Group {
        match self {
            Kind::RepName => Group::Reps,
            Kind::Summary | Kind::Contract | Kind::Preparation => Group::Sessions,
            Kind::SharedNote(_) | Kind::PrivateNote(_) => Group::Notes,
            Kind::TalkingPoint => Group::TalkingPoints,
            Kind::Commitment => Group::Commitments,
            Kind::Observation => Group::Observations,
            Kind::Topic | Kind::SelfAssessment | Kind::Reflection | Kind::SessionComment => {
                Group::FromReps
            }
            Kind::PlanReason => Group::Plans,
        }
    }

    /// What the text is, as a hit's label says it.
    pub fn label(self) -> String {
        match self {
            Kind::RepName => "Rep".into(),
            Kind::Summary => "Session summary".into(),
            Kind::Contract => "Upfront contract".into(),
            Kind::Preparation => "Preparation".into(),
            Kind::SharedNote(bucket) => format!("Note, {}", bucket.title()),
            Kind::PrivateNote(bucket) => format!("Private note, {}", bucket.title()),
            Kind::TalkingPoint => "Talking point".into(),
            Kind::Commitment => "Commitment".into(),
            Kind::Observation => "Observation".into(),
            Kind::Topic => "Rep's topic".into(),
            Kind::SelfAssessment => "Rep's self-assessment".into(),
            Kind::Reflection => "Rep's reflection".into(),
            Kind::SessionComment => "Rep's comment on a session".into(),
            Kind::PlanReason => "Coaching plan".into(),
        }
    }

    /// The name `coachbook search --json` gives the kind.
    pub fn key(self) -> &'static str {
        match self {
            Kind::RepName => "rep_name",
            Kind::Summary => "summary",
            Kind::Contract => "upfront_contract",
            Kind::Preparation => "preparation",
            Kind::SharedNote(_) => "shared_note",
            Kind::PrivateNote(_) => "private_note",
            Kind::TalkingPoint => "talking_point",
            Kind::Commitment => "commitment",
            Kind::Observation => "observation",
            Kind::Topic => "rep_topic",
            Kind::SelfAssessment => "self_assessment",
            Kind::Reflection => "reflection",
            Kind::SessionComment => "session_comment",
            Kind::PlanReason => "coaching_plan",
        }
    }

    /// Whether the hit opens a session workspace (its link is the session's id).
    pub fn opens_session(self) -> bool {
        matches!(
            self,
            Kind::Summary
                | Kind::Contract
                | Kind::Preparation
                | Kind::SharedNote(_)
                | Kind::PrivateNote(_)
                | Kind::TalkingPoint
                | Kind::SessionComment
        )
    }
}
