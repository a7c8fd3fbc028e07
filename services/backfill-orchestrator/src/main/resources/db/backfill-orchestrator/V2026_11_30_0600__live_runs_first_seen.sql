-- The earliest sign of life seen of each run (its start, or its first heartbeat if the start was never seen): a run
-- that started before its upstream's latest completion may have read the input the plan is repairing, so it cannot
-- stand in for the plan's step. Runs recorded before this column existed keep it NULL: start unknown, judged by their
-- completion alone, as before.
ALTER TABLE live_runs ADD COLUMN first_seen_at TIMESTAMP WITH TIME ZONE;
