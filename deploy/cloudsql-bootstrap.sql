-- One-time grants on the state store (Cloud SQL database "rebound"), which Terraform cannot give: it creates the
-- instance, the database and one IAM database user per service account, but runs no SQL. Run by an admin after
-- `deploy/deploy.sh database` and before the services first start: `deploy/deploy.sh bootstrap` fills in the project
-- id and runs it (docs/operations.md#bootstrap). Running it again changes nothing.
--
-- Each service creates its own schema: at its first start its Flyway migrations run CREATE SCHEMA <schema> as the
-- service's IAM user, so the schema and every table in it belong to that user and to nobody else; no service can
-- read or change another's tables, because nothing on them is granted. That needs CREATE on the database. (The
-- admin cannot create the schemas for them with CREATE SCHEMA ... AUTHORIZATION: since PostgreSQL 16 that requires
-- being able to SET ROLE to each service's user, which an admin may only for roles it created itself, and Cloud SQL
-- creates the IAM users.)

-- Only the services (and the database's owner, cloudsqlsuperuser) may connect: not every IAM user of the instance.
REVOKE ALL ON DATABASE rebound FROM PUBLIC;

GRANT CONNECT, CREATE ON DATABASE rebound TO "rb-heartbeat-tracker@${PROJECT_ID}.iam";
GRANT CONNECT, CREATE ON DATABASE rebound TO "rb-roster-watcher@${PROJECT_ID}.iam";
GRANT CONNECT, CREATE ON DATABASE rebound TO "rb-coverage-monitor@${PROJECT_ID}.iam";
GRANT CONNECT, CREATE ON DATABASE rebound TO "rb-backfill-orchestrator@${PROJECT_ID}.iam";
