//! What to focus a plan on, and whom to learn it from. A gap seen on one rating is mostly
//! noise, so the suggestion weighs the gap by how many ratings stand behind it; a peer is
//! only offered with enough ratings that their strength is not a single good call.

use super::effect::counted;
use crate::domain::Level;
use crate::domain::agenda::SkillState;
use crate::domain::levels::{CONFIDENT_RATINGS, Figures};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

/// A declining skill counts as this much more gap, as in the agenda's ranking.
const DECLINING_BONUS: f64 = 0.5;
/// Ratings that count as this many make confidence one half: one rating counts a third,
/// nine over four fifths.
const CONFIDENCE_PRIOR: f64 = 2.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub skill: SkillId,
    pub figures: Figures,
    pub score: f64,
    pub reason: String,
}

/// Skills below target or declining, largest gap weighted by confidence first. Skills in
/// `taken` are already planned; a skill never rated has no gap to weigh.
pub fn suggest(states: &[SkillState], taken: &[SkillId], limit: usize) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = states
        .iter()
        .filter(|s| {
            let flags = &s.figures.flags;
            (flags.below_target || flags.declining) && !taken.contains(&s.skill)
        })
        .filter_map(|s| {
            let level = s.figures.level?;
            Some(Suggestion {
                skill: s.skill,
                figures: s.figures,
                score: score(&s.figures),
                reason: reason(level, &s.figures),
            })
        })
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.skill.cmp(&b.skill)));
    found.truncate(limit);
    found
}

fn score(f: &Figures) -> f64 {
    let declining = if f.flags.declining {
        DECLINING_BONUS
    } else {
        0.0
    };
    let ratings = f64::from(f.ratings);
    (f.gap.unwrap_or(0.0) + declining) * ratings / (ratings + CONFIDENCE_PRIOR)
}

fn reason(level: f64, f: &Figures) -> String {
    let target = f.target.map_or(" with no target".to_owned(), |t| {
        format!(" against a target of {}", t.get())
    });
    let mut text = format!(
        "Level {level:.1}{target}, on {}",
        counted(f.ratings, "rating", "ratings")
    );
    if f.flags.declining {
        text.push_str("; declining");
    }
    if f.ratings < CONFIDENT_RATINGS {
        text.push_str(" — few ratings, so weighted down");
    }
    text
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Peer {
    pub rep: RepId,
    pub level: f64,
    pub ratings: u32,
}

/// Teammates (other than `rep`) at or above `target` in the skill with at least
/// CONFIDENT_RATINGS ratings: a peer's strength should rest on more than one good call.
/// Highest level first, then more ratings, then rep id; at most `limit`.
pub fn peers(rep: RepId, target: Level, teammates: &[(RepId, Figures)], limit: usize) -> Vec<Peer> {
    let target = f64::from(target.get());
    let mut found: Vec<Peer> = teammates
        .iter()
        .filter(|(id, f)| *id != rep && f.ratings >= CONFIDENT_RATINGS)
        .filter_map(|(id, f)| {
            f.level.filter(|l| *l >= target).map(|level| Peer {
                rep: *id,
                level,
                ratings: f.ratings,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.level
            .total_cmp(&a.level)
            .then(b.ratings.cmp(&a.ratings))
            .then(a.rep.cmp(&b.rep))
    });
    found.truncate(limit);
    found
}

/// The ratings count goes with the level so the manager can judge how much it rests on.
pub fn pairing_text(peer_name: &str, skill_name: &str, peer: &Peer) -> String {
    format!(
        "Pair with {peer_name}: {skill_name} {:.1} on {}",
        peer.level,
        counted(peer.ratings, "rating", "ratings")
    )
}

/// Worded as something the rep does, so it reads as a commitment on the rep's list.
pub fn shadow_commitment(peer_name: &str, skill_name: &str) -> String {
    format!("Shadow {peer_name} on a call and watch their {skill_name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::levels::Flags;
    use proptest::prelude::*;

    fn figures(level: Option<f64>, target: Option<u8>, ratings: u32, declining: bool) -> Figures {
        let target = target.and_then(|t| Level::new(i64::from(t)));
        let gap = level.zip(target).map(|(l, t)| f64::from(t.get()) - l);
        Figures {
            level,
            target,
            gap,
            ratings,
            flags: Flags {
                below_target: gap.is_some_and(|g| g >= 0.5),
                declining,
                low_confidence: ratings < CONFIDENT_RATINGS,
                ..Flags::default()
            },
            ..Figures::default()
        }
    }

    fn state(skill: i64, f: Figures) -> SkillState {
        SkillState {
            skill: SkillId(skill),
            figures: f,
        }
    }

    #[test]
    fn a_confident_gap_beats_a_bigger_gap_on_one_rating() {
        let states = [
            state(1, figures(Some(1.0), Some(4), 1, false)),
            state(2, figures(Some(2.4), Some(4), 7, true)),
            state(3, figures(None, Some(4), 0, false)),
            state(4, figures(Some(4.2), Some(4), 9, false)),
            state(5, figures(Some(3.0), None, 4, true)),
        ];
        let found = suggest(&states, &[], 10);
        let order: Vec<i64> = found.iter().map(|s| s.skill.0).collect();
        assert_eq!(order, [2, 1, 5]);
        assert!((found[0].score - 2.1 * 7.0 / 9.0).abs() < 1e-12);
        assert!((found[1].score - 1.0).abs() < 1e-12);
        assert_eq!(
            found[0].reason,
            "Level 2.4 against a target of 4, on 7 ratings; declining"
        );
        assert_eq!(
            found[1].reason,
            "Level 1.0 against a target of 4, on 1 rating — few ratings, so weighted down"
        );
        assert_eq!(
            found[2].reason,
            "Level 3.0 with no target, on 4 ratings; declining"
        );
        let without = suggest(&states, &[SkillId(2)], 1);
        assert_eq!(without.len(), 1);
        assert_eq!(without[0].skill, SkillId(1));
    }

    #[test]
    fn peers_are_strong_confident_teammates_and_the_texts_name_them() {
        let team = [
            (RepId(1), figures(Some(4.8), Some(4), 9, false)),
            (RepId(2), figures(Some(4.3), Some(4), 9, false)),
            (RepId(3), figures(Some(4.3), Some(4), 12, false)),
            (RepId(4), figures(Some(5.0), Some(4), 2, false)),
            (RepId(5), figures(Some(3.9), Some(4), 20, false)),
            (RepId(6), figures(Some(4.3), Some(4), 9, false)),
        ];
        let target = Level::new(4).unwrap();
        let found = peers(RepId(1), target, &team, 10);
        let ids: Vec<i64> = found.iter().map(|p| p.rep.0).collect();
        assert_eq!(ids, [3, 2, 6]);
        assert_eq!(peers(RepId(1), target, &team, 2).len(), 2);
        assert_eq!(
            pairing_text("Dana", "Listening", &found[1]),
            "Pair with Dana: Listening 4.3 on 9 ratings"
        );
        assert_eq!(
            shadow_commitment("Dana", "Listening"),
            "Shadow Dana on a call and watch their Listening"
        );
    }

    fn any_figures() -> impl Strategy<Value = Figures> {
        (
            prop::option::weighted(0.9, 1.0..=5.0f64),
            prop::option::weighted(0.8, 1u8..=5),
            0u32..20,
            any::<bool>(),
        )
            .prop_map(|(l, t, r, d)| figures(l, t, r, d))
    }

    proptest! {
        #[test]
        fn suggestions_respect_taken_limit_and_order(
            all in prop::collection::vec(any_figures(), 0..12),
            taken in prop::collection::vec(0i64..12, 0..4),
            limit in 0usize..6,
        ) {
            let states: Vec<SkillState> = all.iter().enumerate().map(|(i, f)| state(i as i64, *f)).collect();
            let taken: Vec<SkillId> = taken.into_iter().map(SkillId).collect();
            let found = suggest(&states, &taken, limit);
            prop_assert!(found.len() <= limit);
            prop_assert!(found.iter().all(|s| !taken.contains(&s.skill) && s.figures.level.is_some()));
            prop_assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
        }

        #[test]
        fn peers_are_never_the_rep_and_always_confident_and_at_target(
            all in prop::collection::vec(any_figures(), 0..12),
            rep in 0i64..12,
            target in 1i64..=5,
            limit in 0usize..6,
        ) {
            let team: Vec<(RepId, Figures)> = all.iter().enumerate().map(|(i, f)| (RepId(i as i64), *f)).collect();
            let target = Level::new(target).unwrap();
            let found = peers(RepId(rep), target, &team, limit);
            prop_assert!(found.len() <= limit);
            for p in &found {
                prop_assert!(p.rep != RepId(rep));
                prop_assert!(p.level >= f64::from(target.get()) && p.ratings >= CONFIDENT_RATINGS);
            }
            prop_assert!(found.windows(2).all(|w| w[0].level >= w[1].level));
        }
    }
}
