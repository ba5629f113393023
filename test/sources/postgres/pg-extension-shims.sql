-- Stand-ins for pg_cron, pg_partman and TimescaleDB on a plain PostgreSQL test server: the same
-- catalog tables (cron.job, partman.part_config) and functions, written in SQL, so real
-- migrations that call them load unchanged. Not a fixture case: loaded by the live-database tests.
CREATE SCHEMA cron;
CREATE TABLE cron.job (
  jobid bigserial PRIMARY KEY,
  schedule text NOT NULL,
  command text NOT NULL,
  nodename text NOT NULL DEFAULT 'localhost',
  nodeport integer NOT NULL DEFAULT 5432,
  database text NOT NULL DEFAULT current_database(),
  username text NOT NULL DEFAULT current_user,
  active boolean NOT NULL DEFAULT true,
  jobname text UNIQUE
);
CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint LANGUAGE sql AS $$
  INSERT INTO cron.job (jobname, schedule, command) VALUES (job_name, schedule, command)
  ON CONFLICT (jobname) DO UPDATE SET schedule = EXCLUDED.schedule, command = EXCLUDED.command
  RETURNING jobid
$$;
CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean LANGUAGE sql AS $$
  WITH d AS (DELETE FROM cron.job WHERE jobname = job_name RETURNING 1) SELECT count(*) > 0 FROM d
$$;

CREATE SCHEMA partman;
CREATE TABLE partman.part_config (
  parent_table text PRIMARY KEY,
  control text NOT NULL,
  partition_interval text NOT NULL,
  retention text,
  retention_keep_table boolean NOT NULL DEFAULT true
);
CREATE FUNCTION partman.create_parent(p_parent_table text, p_control text, p_interval text) RETURNS boolean LANGUAGE sql AS $$
  INSERT INTO partman.part_config (parent_table, control, partition_interval) VALUES (p_parent_table, p_control, p_interval)
  RETURNING true
$$;

-- TimescaleDB: create_hypertable is a no-op here; retention policies land in a table that the
-- tests expose as timescaledb_information.jobs.
CREATE SCHEMA timescaledb_information;
CREATE TABLE timescaledb_information.jobs (
  job_id serial PRIMARY KEY,
  proc_name text NOT NULL,
  hypertable_schema text,
  hypertable_name text,
  config jsonb
);
CREATE FUNCTION create_hypertable(relation regclass, time_column_name name, chunk_time_interval interval DEFAULT NULL) RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION add_retention_policy(relation regclass, drop_after interval) RETURNS integer LANGUAGE sql AS $$
  INSERT INTO timescaledb_information.jobs (proc_name, hypertable_schema, hypertable_name, config)
  SELECT 'policy_retention', n.nspname, c.relname, jsonb_build_object('drop_after', drop_after::text)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = relation
  RETURNING job_id
$$;
