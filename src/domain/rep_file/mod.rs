//! The rep file's round trip, one idea under one name: the history a manager shares with
//! a rep ([`history`]), the token that lets a returned file be trusted ([`token`]), and
//! what the rep sends back - self-ratings, reflections, topics ([`answers`]).

pub mod answers;
pub mod history;
pub mod token;
