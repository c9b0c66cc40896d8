//! Files that leave Coachbook for other programs.

pub mod ics;
