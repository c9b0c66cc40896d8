#!/usr/bin/env bash
# Writes the seed inputs of the fuzz targets into fuzz/seeds/ from a Coachbook built at the
# root (cargo build): a rep file of the demo team's first rep (as shared, and with answers
# a rep typed), a small JSON archive and a few roster files. Needs the sqlite3 shell.
set -euo pipefail
cd "$(dirname "$0")"
coachbook=${COACHBOOK:-../target/debug/coachbook}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p seeds/roster_csv seeds/json_archive seeds/rep_file seeds/busy_ics

"$coachbook" --db "$work/demo.db" demo --today 2026-11-20
"$coachbook" --db "$work/demo.db" share --rep "Ingrid Kowalski" \
  --from 2026-10-20 --to 2026-11-20 --out seeds/rep_file/ingrid.coachrep
cp seeds/rep_file/ingrid.coachrep seeds/rep_file/answered.coachrep
sqlite3 seeds/rep_file/answered.coachrep \
  "INSERT INTO self_assessments VALUES (1, 4, 'Getting there'), (2, 2, '');
   INSERT INTO reflections VALUES (1, 'Done, it helped');
   INSERT INTO topics (bucket, text, position)
     VALUES ('customer', 'Renewal at Acme', 0), ('selling', 'Pricing', 1);"

"$coachbook" --db "$work/small.db" crash-writer --count 12 >/dev/null
"$coachbook" --db "$work/small.db" export-json --out seeds/json_archive/small.json

printf 'name,role,email,start date\nDana Lee,AE,dana@example.com,2026-01-05\n"Moreau, Luc",Account manager,luc@example.com,\nSam Ode,SDR,,2025-12-01\n' \
  > seeds/roster_csv/plain.csv
printf '\xef\xbb\xbfFull name;Role\r\nIngrid Kowalski,AE\r\n,,\r\nZoe,XX,extra\r\n' \
  > seeds/roster_csv/bom_problems.csv
printf 'Name,Role,E-mail,StartDate,\n"Ana ""AJ"" Jones",am,aj@example.com,2026-02-30,\n' \
  > seeds/roster_csv/quotes.csv

# The calendar files of the three apps' shapes, as the tests read them.
cp ../tests/fixtures/calendars/*.ics seeds/busy_ics/
