import type { Pool } from 'pg';
import { DEBUG_TRACE_RETENTION_DAYS } from '../config/retention.js';

/**
 * Runs every 15 minutes from the worker. Outbound messages are deleted an hour after delivery (the
 * communication is complete); what never completes is purged by the pg_cron job after 72 hours.
 */
export async function cleanup(db: Pool): Promise<void> {
  await db.query(`DELETE FROM outbound_messages WHERE completed_at < now() - interval '1 hour'`);
  await db.query(`DELETE FROM debug_traces WHERE created_at < now() - interval '${DEBUG_TRACE_RETENTION_DAYS} days'`);
}

/** Debug traces of SIP/SMPP sessions, created by the service on start-up. */
export async function ensureDebugTraces(db: Pool): Promise<void> {
  await db.query(`
    -- @category debug-data
    CREATE TABLE IF NOT EXISTS debug_traces (
      id          bigserial PRIMARY KEY,
      session_id  uuid NOT NULL,
      trace       text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);
}
