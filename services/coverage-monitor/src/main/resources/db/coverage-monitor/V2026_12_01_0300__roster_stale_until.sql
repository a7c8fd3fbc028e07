-- A team that drops out of its check's stale verdict (a newer verdict no longer names it, or the check is fresh
-- again) keeps its row, with stale_until set to that verdict's time: output a phase produced from rosters read before
-- then was produced on that team's stale roster, and a gap in it is still explained by it until the phase runs again.
-- A verdict that names the team again clears it. One row per check and team, so the table stays as small as before.
ALTER TABLE coverage_roster_teams ADD COLUMN stale_until TIMESTAMP WITH TIME ZONE;
