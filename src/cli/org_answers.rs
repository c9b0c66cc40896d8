//! The reps' answers at `coachbook org sync`: what each rep's login sent to the server
//! since the last sync becomes that rep's stored answers, as a returned rep file would.

use chrono::Utc;

use crate::clock::SystemClock;
use crate::export::terminal::shown;
use crate::ops::{CommandError, Ops, prepare_from_server};
use crate::org::rep_answers;
use crate::store::{Store, org_answers};

/// Takes in the answers that changed on the server; one line per rep it took in or left
/// out.
pub(super) fn pull(
    store: Store,
    client: &mut postgres::Client,
    login: &str,
) -> anyhow::Result<(Store, Vec<String>)> {
    let seen = org_answers::seen(store.conn())?;
    let changed = rep_answers::changed_for_team(client, login, |rep| seen.get(&rep).copied())?;
    let mut ops = Ops::new(store, Box::new(SystemClock));
    let mut lines = Vec::new();
    for team in changed {
        let prepared = team
            .answers
            .map_err(|why| format!("they cannot be read ({why})"))
            .and_then(|answers| {
                prepare_from_server(ops.store().conn(), team.rep, answers, Utc::now()).map_err(
                    |err| match err {
                        CommandError::RepGone => "that rep is no longer in this file".to_owned(),
                        other => other.to_string(),
                    },
                )
            });
        match prepared {
            Ok(prepared) if prepared.unchanged => {}
            Ok(prepared) => {
                let done = ops.apply(prepared.command())?;
                lines.push(format!("{}, {}", done.label, prepared.which_share()));
            }
            Err(why) => lines.push(format!(
                "Left out the answers rep {} sent to the server: {why}",
                team.rep.0
            )),
        }
        ops.note_server_answers(team.rep, team.revision)?;
    }
    Ok((
        ops.into_store(),
        lines.iter().map(|l| shown(l).into_owned()).collect(),
    ))
}
