-- A heartbeat's UPDATE names its run by (processor, run_id) and also asks state = 'running'. The running-runs index
-- on (processor) alone matched that as well as the primary key, and the planner, before the table has statistics
-- (a new table, or a generic plan), took it: every heartbeat then read every running run of its processor
-- (1,000 runs: 1,000 tuples per heartbeat). Keyed by the whole run, the running index finds the one row either way,
-- and still serves the sweep (state = 'running') and a processor's running runs.
DROP INDEX heartbeat_runs_running;
CREATE INDEX heartbeat_runs_running ON heartbeat_runs (processor, run_id) WHERE state = 'running';
