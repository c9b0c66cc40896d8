//! The coaching model as plain types and rules.
//!
//! Nothing here knows about SQLite or egui, so every rule can be tested on its own and
//! reused by the window, the command line and the importers alike.

pub mod agenda;
pub mod backup_policy;
pub mod bucket;
pub mod busy;
pub mod cadence;
pub mod coaching_time;
pub mod commitment;
pub mod dates;
pub mod error;
pub mod framework;
pub mod free_slot;
pub mod fuzzy;
pub mod levels;
pub mod observation;
pub mod observation_query;
pub mod org_report;
pub mod passphrase;
pub mod plan;
pub mod rating;
pub mod recap;
pub mod reminders;
pub mod rep;
pub mod rep_file;
pub mod roster_import;
pub mod schedule;
pub mod search;
pub mod session;
pub mod skill;
pub mod text;
pub mod text_fields;
pub mod time_zones;

pub use bucket::Bucket;
pub use error::ValidationError;
pub use rating::{Level, Rating};
