//! Where each kind of searchable text lives, as the SQL pieces the index is filled and read
//! back with. One list, so filling the index and showing a hit can never disagree.

use std::sync::OnceLock;

use crate::domain::Bucket;
use crate::domain::search::{Kind, When};
use crate::store::time;

/// The tables whose changes `search_dirty` records, by the number its triggers write.
pub const REPS: i64 = 1;
pub const SESSIONS: i64 = 2;
pub const NOTES: i64 = 3;
pub const POINTS: i64 = 4;
pub const COMMITMENTS: i64 = 5;
pub const OBSERVATIONS: i64 = 6;
pub const TOPICS: i64 = 7;
pub const ASSESSMENTS: i64 = 8;
pub const REFLECTIONS: i64 = 9;
pub const RATINGS: i64 = 10;
pub const PLANS: i64 = 11;

/// What hangs off a changed session is re-indexed with it, since it sorts by its day.
pub const SOURCES_OF_SESSIONS: [&str; 3] = [
    "INSERT OR IGNORE INTO search_dirty
     SELECT 3, item FROM search_dirty WHERE source = 2",
    "INSERT OR IGNORE INTO search_dirty
     SELECT 10, item FROM search_dirty WHERE source = 2",
    "INSERT OR IGNORE INTO search_dirty SELECT 4, id FROM talking_points
     WHERE session_id IN (SELECT item FROM search_dirty WHERE source = 2)",
];

/// One kind of text: the table it is read from (as `x`), and SQL expressions over it.
pub struct Indexed {
    pub kind: Kind,
    pub source: i64,
    pub from: &'static str,
    /// The key `search_dirty` knows the row by.
    pub item: &'static str,
    /// Rows of the table that are this kind (a note's bucket).
    pub cond: String,
    pub body: &'static str,
    pub rep: &'static str,
    /// The day number it sorts by.
    pub day: &'static str,
    /// When it happened: UTC milliseconds, or a day number when `instant` is false.
    pub when: &'static str,
    pub instant: bool,
    pub private: &'static str,
    pub link: &'static str,
}

impl Indexed {
    /// The condition that picks the row whose key is `key` (SQL).
    pub fn find(&self, key: &str) -> String {
        if self.source == ASSESSMENTS {
            format!("x.rep_id = ({key}) / 4294967296 AND x.skill_id = ({key}) % 4294967296")
        } else {
            format!("{} = {key}", self.item)
        }
    }

    pub fn date_of(&self, when: i64) -> Option<When> {
        if self.instant {
            time::from_utc_ms(when).ok().map(When::Instant)
        } else {
            time::from_day(when).ok().map(When::Day)
        }
    }
}

const SESSION_DAY: &str = "s.start_utc_ms / 86400000";
const IMPORT_DAY: &str = "coalesce(i.received_utc_ms, 0) / 86400000";

pub fn indexed() -> &'static [Indexed] {
    static LIST: OnceLock<Vec<Indexed>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list = vec![
            simple(Kind::RepName, REPS, "reps x", "x.name", "x.id"),
            session(Kind::Summary, "x.summary"),
            session(
                Kind::Contract,
                "trim(x.purpose || char(10) || x.desired_outcome || char(10) || x.agenda, char(10))",
            ),
            session(
                Kind::Preparation,
                "trim(x.prep_outcome || char(10) || x.prep_ask || char(10) || x.focus_accounts, char(10))",
            ),
        ];
        for bucket in Bucket::ALL {
            list.push(note(Kind::SharedNote(bucket), bucket, "x.shared_text"));
        }
        for bucket in Bucket::ALL {
            list.push(note(Kind::PrivateNote(bucket), bucket, "x.private_text"));
        }
        list.extend(after_sessions());
        list.extend(from_reps());
        list
    })
}

fn simple(
    kind: Kind,
    source: i64,
    from: &'static str,
    body: &'static str,
    rep: &'static str,
) -> Indexed {
    Indexed {
        kind,
        source,
        from,
        item: "x.id",
        cond: "1".into(),
        body,
        rep,
        day: "x.created_utc_ms / 86400000",
        when: "x.created_utc_ms",
        instant: true,
        private: "0",
        link: "x.id",
    }
}

fn session(kind: Kind, body: &'static str) -> Indexed {
    Indexed {
        day: "x.start_utc_ms / 86400000",
        when: "x.start_utc_ms",
        ..simple(kind, SESSIONS, "sessions x", body, "x.rep_id")
    }
}

fn note(kind: Kind, bucket: Bucket, body: &'static str) -> Indexed {
    Indexed {
        item: "x.session_id",
        cond: format!("x.bucket = '{}'", bucket.code()),
        private: if matches!(kind, Kind::PrivateNote(_)) {
            "1"
        } else {
            "0"
        },
        link: "x.session_id",
        ..on_session(kind, NOTES, NOTES_FROM, body)
    }
}

const NOTES_FROM: &str = "session_notes x JOIN sessions s ON s.id = x.session_id";

/// A text kept with a session (`from` joins it as `s`), dated by it.
fn on_session(kind: Kind, source: i64, from: &'static str, body: &'static str) -> Indexed {
    Indexed {
        from,
        day: SESSION_DAY,
        when: "s.start_utc_ms",
        link: "x.session_id",
        ..simple(kind, source, from, body, "s.rep_id")
    }
}

fn after_sessions() -> Vec<Indexed> {
    vec![
        Indexed {
            item: "x.id",
            ..on_session(
                Kind::TalkingPoint,
                POINTS,
                "talking_points x JOIN sessions s ON s.id = x.session_id",
                "x.text",
            )
        },
        simple(
            Kind::Commitment,
            COMMITMENTS,
            "commitments x",
            "x.text",
            "x.rep_id",
        ),
        Indexed {
            day: "x.observed_day",
            when: "x.observed_day",
            instant: false,
            private: "1 - x.shared",
            ..simple(
                Kind::Observation,
                OBSERVATIONS,
                "observations x",
                "CASE WHEN x.account = '' THEN x.evidence WHEN x.evidence = '' THEN x.account
                      ELSE x.evidence || ' · ' || x.account END",
                "x.rep_id",
            )
        },
        Indexed {
            day: "x.started_day",
            when: "x.started_day",
            instant: false,
            private: "1 - x.shared",
            ..simple(
                Kind::PlanReason,
                PLANS,
                "coaching_plans x",
                "x.why",
                "x.rep_id",
            )
        },
    ]
}

/// What a rep wrote back, dated by when their answers came in.
fn from_reps() -> Vec<Indexed> {
    let answered = |kind, source, from, body, rep| Indexed {
        day: IMPORT_DAY,
        when: "i.received_utc_ms",
        ..simple(kind, source, from, body, rep)
    };
    vec![
        answered(
            Kind::Topic,
            TOPICS,
            "rep_topics x LEFT JOIN rep_answer_imports i ON i.rep_id = x.rep_id",
            "x.text",
            "x.rep_id",
        ),
        Indexed {
            item: "(x.rep_id * 4294967296 + x.skill_id)",
            link: "x.skill_id",
            ..answered(
                Kind::SelfAssessment,
                ASSESSMENTS,
                "self_assessments x LEFT JOIN rep_answer_imports i ON i.rep_id = x.rep_id",
                "x.comment",
                "x.rep_id",
            )
        },
        Indexed {
            item: "x.commitment_id",
            link: "x.commitment_id",
            ..answered(
                Kind::Reflection,
                REFLECTIONS,
                "commitment_reflections x JOIN commitments c ON c.id = x.commitment_id
                 LEFT JOIN rep_answer_imports i ON i.rep_id = c.rep_id",
                "x.text",
                "c.rep_id",
            )
        },
        Indexed {
            item: "x.session_id",
            ..on_session(
                Kind::SessionComment,
                RATINGS,
                "session_ratings x JOIN sessions s ON s.id = x.session_id",
                "x.comment",
            )
        },
    ]
}
