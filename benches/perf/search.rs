//! Issue 18's search figure: what the query thread does for each word typed, on the large
//! file, over words as a manager types them (prefixes growing letter by letter, names,
//! accounts, common words and words found nowhere).

use coachbook::domain::search::PER_GROUP;
use coachbook::store::Store;
use coachbook::store::search::{Query, find};

use super::stats::Figure;

const TYPED: &[&str] = &[
    "r",
    "re",
    "ren",
    "rene",
    "renew",
    "renewal",
    "at",
    "atl",
    "atlas fr",
    "atlas freight",
    "next step",
    "gently",
    "discovery call",
    "pricing",
    "the",
    "and",
    "hann",
    "hannah no",
    "zz",
    "qwertyuiop",
    "déjà",
    "budget owner",
];

/// Every query of [`TYPED`], `runs` times each; one sample per query.
pub fn measure(store: &Store, runs: usize) -> Figure {
    let mut samples = Vec::new();
    for _ in 0..runs {
        for text in TYPED {
            let query = Query {
                text: (*text).to_owned(),
                rep: None,
                per_group: PER_GROUP,
            };
            let started = std::time::Instant::now();
            std::hint::black_box(find(store.conn(), &query).expect("the search runs"));
            samples.push(super::stats::ms(started.elapsed()));
        }
    }
    Figure::of(samples)
}
