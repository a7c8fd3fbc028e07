-- Incidents: the alerts of one root cause grouped, with a lifecycle (opened, escalated, updated, resolved).
-- Every incident decision starts by locking the single row of coverage_incident_lock, so decisions of all instances
-- take turns: two alerts of one cause arriving at two instances at once cannot open two incidents.
CREATE TABLE coverage_incident_lock (
  id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO coverage_incident_lock (id) VALUES (1);

-- severity: the highest of its active alerts; peak_severity: the highest announced (opened or escalated at), kept
-- across reopenings, so a severity that falls and rises again, or a reopening, pages no more than once per level.
-- seq counts the announced changes; the events' ce-ids are derived from it.
CREATE TABLE coverage_incidents (
  incident_id     VARCHAR(256) NOT NULL PRIMARY KEY,
  root_cause      VARCHAR(256) NOT NULL,
  title           TEXT NOT NULL,
  state           VARCHAR(16) NOT NULL,
  severity        VARCHAR(16) NOT NULL,
  peak_severity   VARCHAR(16) NOT NULL,
  episode         INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  opened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  changed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at     TIMESTAMP WITH TIME ZONE,
  correlation_id  VARCHAR(256)
);
CREATE INDEX coverage_incidents_root ON coverage_incidents (root_cause, state);
CREATE INDEX coverage_incidents_changed ON coverage_incidents (changed_at);

-- One row per alert (a verdict and its repeats share a key); it belongs to one incident at a time.
CREATE TABLE coverage_incident_alerts (
  alert_key       VARCHAR(256) NOT NULL PRIMARY KEY,
  incident_id     VARCHAR(256) NOT NULL,
  ce_type         VARCHAR(128) NOT NULL,
  subject         VARCHAR(256) NOT NULL,
  data_date       DATE,
  severity        VARCHAR(16) NOT NULL,
  detail          TEXT NOT NULL,
  detected_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  active          BOOLEAN NOT NULL,
  correlation_id  VARCHAR(256)
);
CREATE INDEX coverage_incident_alerts_incident ON coverage_incident_alerts (incident_id);
CREATE INDEX coverage_incident_alerts_subject ON coverage_incident_alerts (subject) WHERE active;
