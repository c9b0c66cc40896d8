//! Coachbook: plan, run and follow one-to-one coaching of sales reps.
//!
//! The crate is a library as well as a binary so that the tests build and drive the real
//! app, store and command line.

// A function past 80 lines is two steps (the limit is in clippy.toml).
#![warn(clippy::too_many_lines)]

pub mod app;
pub mod cli;
pub mod clock;
pub mod demo;

pub mod domain;
pub mod exchange;
pub mod export;
pub mod files;
pub mod keychain;
pub mod leader;
pub mod model;
pub mod ops;
pub mod org;
pub mod repfile;
pub mod repview;
pub mod store;
pub mod ui;
