//! The organization's shared PostgreSQL server. Each manager's data file stays the
//! authority for that manager's team and publishes its shared rows there through the
//! outbox the data file keeps; PostgreSQL's row-level security decides who reads what.

mod address;
mod connect;
mod error;
mod publish;

pub mod framework;
pub mod people;
pub mod rep_answers;
pub mod rep_history;
pub mod rep_sender;
pub mod report;
pub mod schema;
pub mod sync;
pub mod worker;

pub use address::{OrgAddress, PasswordSource, read_password_file};
pub use connect::connect;
pub use error::OrgError;
