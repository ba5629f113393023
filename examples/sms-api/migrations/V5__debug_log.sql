-- Debug data for troubleshooting deliveries.

CREATE TABLE debug_log (
  id          bigserial PRIMARY KEY,
  request_id  uuid,
  level       text NOT NULL,
  detail      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE debug_log IS '@category debug-data';

-- Support asked for a month of history while chasing operator DLR bugs.
SELECT cron.schedule('purge-debug-log', '30 2 * * *',
  $$DELETE FROM debug_log WHERE created_at < now() - interval '30 days'$$);
