/**
 * A live PostgreSQL, read from pg_catalog inside a READ ONLY transaction: tables, partitions,
 * columns and their types, COMMENTs (with their annotations), pg_cron jobs, pg_partman's
 * part_config and TimescaleDB retention policies when those exist. Stores have the same ids as
 * the SQL source (`sql:table:<schema>.<table>`), so the engine pools migrations and the database.
 * Locations are the pseudo-file `postgres://host:port/db` (never a user or password).
 */
import type { Location, Source, SourceContext, SourceResult } from '../../core/types.js';
import { SchemaReplay } from '../sql/replay.js';

/** The database cannot be reached or read: the CLI reports the one-line message and exits 2. */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export interface ScanDatabaseOptions {
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

const SYSTEM_SCHEMAS = [
  'pg_catalog', 'information_schema', 'cron', 'partman', '_timescaledb_internal', '_timescaledb_catalog',
  '_timescaledb_config', '_timescaledb_cache', '_timescaledb_functions', '_timescaledb_debug', 'timescaledb_information',
  'timescaledb_experimental', 'toolkit_experimental',
];

interface Target {
  /** postgres://host:port/db — safe to print */
  display: string;
  password?: string;
  user?: string;
}

/** Where the URL points, without credentials. */
export function describeUrl(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DatabaseError('--database-url is not a URL (expected postgres://user@host:port/database)');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new DatabaseError(`--database-url must start with postgres:// or postgresql:// (got ${u.protocol}//…)`);
  }
  const host = u.hostname || 'localhost';
  const port = u.port || '5432';
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return {
    display: `postgres://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/${db}`,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
  };
}

/** One line, no credentials: the URL as given is replaced by its display form, the password by ***. */
function clean(message: string, url: string, target: Target): string {
  let m = message.split('\n')[0].trim();
  if (url) m = m.split(url).join(target.display);
  if (target.password) m = m.split(target.password).join('***');
  return m;
}

function explain(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: Array<{ code?: string; message?: string }> };
  const code = err.code ?? err.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case '28P01':
    case '28000':
      return `authentication failed (${err.message ?? code})`;
    case '3D000':
      return err.message ?? 'database does not exist';
    case '42501':
      return `permission denied (${err.message ?? code})`;
    case '57014':
      return 'a catalog query was cancelled by statement_timeout';
  }
  const msg = err.message || err.errors?.[0]?.message || String(e);
  if (/timeout/i.test(msg)) return 'connection timed out';
  return msg;
}

/** A client that cannot write, even by mistake, with bounded waits; not yet connected. */
async function readOnlyClient(url: string, options: ScanDatabaseOptions): Promise<import('pg').Client> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 15000,
    query_timeout: (options.statementTimeoutMs ?? 15000) + 5000,
    application_name: 'policyproof',
    options: '-c default_transaction_read_only=on',
  });
  // an error after connect (server gone) must not crash the process
  client.on('error', () => {});
  return client;
}

export async function scanDatabase(url: string, options: ScanDatabaseOptions = {}): Promise<SourceResult> {
  const target = describeUrl(url);
  const file = target.display;
  const at = (line = 1): Location => ({ file, line, column: 1 });
  const client = await readOnlyClient(url, options);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new DatabaseError(clean(`cannot connect to ${file}: ${explain(e)}`, url, target));
  }
  const replay = new SchemaReplay('postgres');
  try {
    await client.query('BEGIN READ ONLY');
    const tables = await client.query<{
      oid: number; schema: string; name: string; kind: string; comment: string | null; parent: string | null; partkey: string | null;
    }>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
              obj_description(c.oid, 'pg_class') AS comment,
              CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i
                   JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                   WHERE i.inhrelid = c.oid LIMIT 1) END AS parent,
              CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p')
          AND n.nspname <> ALL($1::text[]) AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY n.nspname, c.relname`,
      [SYSTEM_SCHEMAS],
    );
    for (const t of tables.rows) {
      replay.defineTable({
        schema: t.schema, name: t.name, location: at(), comment: t.comment,
        ...(t.parent ? { partitionOf: t.parent } : {}),
        ...(t.partkey ? { partitionBy: t.partkey.toLowerCase() } : {}),
      });
    }
    const byOid = new Map(tables.rows.map((t) => [t.oid, `${t.schema}.${t.name}`]));
    const partitions = new Set(tables.rows.filter((t) => t.parent).map((t) => t.oid));
    const columns = await client.query<{ rel: number; name: string; type: string; comment: string | null }>(
      `SELECT a.attrelid::int AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              col_description(a.attrelid, a.attnum) AS comment
         FROM pg_attribute a
        WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum`,
      [[...byOid.keys()].filter((oid) => !partitions.has(oid))],
    );
    for (const c of columns.rows) {
      const key = byOid.get(c.rel);
      if (key) replay.defineColumn(key, { name: c.name, sqlType: normalizeType(c.type), location: at(), comment: c.comment });
    }
    await readCron(client, replay, at, file, url, options);
    await readPartman(client, replay, at, file);
    await readTimescale(client, replay, at, file);
    await client.query('ROLLBACK');
  } catch (e) {
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(clean(`cannot read the catalog of ${file}: ${explain(e)}`, url, target));
  } finally {
    await client.end().catch(() => {});
  }
  return replay.finish();
}

type Client = { query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }> };

/** Whether schema.table exists, read from pg_class (to_regclass needs USAGE on the schema). */
async function exists(client: Client, relation: string): Promise<boolean> {
  const [schema, name] = relation.split('.');
  const r = await client.query<{ ok: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2) AS ok',
    [schema, name],
  );
  return r.rows[0]?.ok === true;
}

/** Reads an optional extension table; no privilege on it is a diagnostic, not a failure. */
async function optional<R>(client: Client, replay: SchemaReplay, file: string, what: string, sql: string, values?: unknown[]): Promise<R[]> {
  await client.query('SAVEPOINT optional_read');
  try {
    const r = await client.query<R>(sql, values);
    await client.query('RELEASE SAVEPOINT optional_read');
    return r.rows;
  } catch (e) {
    await client.query('ROLLBACK TO SAVEPOINT optional_read');
    replay.diagnostics.push({ code: 'unreadable-file', message: `${what} could not be read: ${explain(e)}; its retention is not known`, location: { file, line: 1, column: 1 } });
    return [];
  }
}

type Job = { jobid: number; jobname: string | null; schedule: string; command: string; active: boolean };

const JOBS_SQL = `SELECT jobid::int AS jobid, jobname, schedule, command, active FROM cron.job
  WHERE database = $1 ORDER BY jobid`;

/**
 * pg_cron jobs that run in this database. pg_cron lives in one database (`cron.database_name`,
 * usually `postgres`) and runs jobs in others: when it is not installed here, its database is read
 * too, with the same credentials, read-only.
 */
async function readCron(client: Client, replay: SchemaReplay, at: (line?: number) => Location, file: string, url: string, options: ScanDatabaseOptions): Promise<void> {
  const where = await client.query<{ db: string; cron_db: string | null }>("SELECT current_database() AS db, current_setting('cron.database_name', true) AS cron_db");
  const db = where.rows[0]?.db ?? '';
  const cronDb = where.rows[0]?.cron_db || undefined;
  let jobs: Job[] = [];
  if (await exists(client, 'cron.job')) {
    jobs = await optional<Job>(client, replay, file, 'cron.job', JOBS_SQL, [db]);
  } else if (cronDb && cronDb !== db) {
    jobs = await readRemoteJobs(url, cronDb, db, options, replay, file);
  } else {
    return;
  }
  const called = new Set<string>();
  for (const j of jobs) {
    if (j.active === false) continue;
    for (const m of j.command.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)\s*\(/g)) called.add(m[1].toLowerCase());
  }
  if (called.size) {
    const fns = await optional<{ def: string }>(
      client, replay, file, 'functions called by cron jobs',
      `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_language l ON l.oid = p.prolang
        WHERE p.proname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND l.lanname IN ('sql', 'plpgsql')
          AND n.nspname <> ALL($2::text[]) ORDER BY n.nspname, p.proname`,
      [[...called].sort(), SYSTEM_SCHEMAS],
    );
    for (const f of fns) await replay.defineFunction(f.def, at());
  }
  for (const j of jobs) {
    if (j.active === false) continue;
    replay.defineJob(j.jobname ?? `#${j.jobid}`, j.schedule, j.command, at());
  }
}

async function readRemoteJobs(url: string, cronDb: string, db: string, options: ScanDatabaseOptions, replay: SchemaReplay, file: string): Promise<Job[]> {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(cronDb)}`;
  const target = describeUrl(u.toString());
  const client = await readOnlyClient(u.toString(), options);
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    const r = await client.query<Job>(JOBS_SQL, [db]);
    await client.query('ROLLBACK');
    return r.rows;
  } catch (e) {
    replay.diagnostics.push({
      code: 'unreadable-file',
      message: clean(`pg_cron's jobs in ${target.display} could not be read: ${explain(e)}; the retention its jobs give is not known`, u.toString(), target),
      location: { file, line: 1, column: 1 },
    });
    return [];
  } finally {
    await client.end().catch(() => {});
  }
}

async function readPartman(client: Client, replay: SchemaReplay, at: (line?: number) => Location, file: string): Promise<void> {
  if (!(await exists(client, 'partman.part_config'))) return;
  const rows = await optional<{ parent_table: string; retention: string | null; retention_keep_table: boolean | null }>(
    client, replay, file, 'partman.part_config', 'SELECT parent_table, retention, retention_keep_table FROM partman.part_config ORDER BY parent_table',
  );
  for (const r of rows) replay.definePartman(r.parent_table, r.retention, r.retention_keep_table !== false, at());
}

async function readTimescale(client: Client, replay: SchemaReplay, at: (line?: number) => Location, file: string): Promise<void> {
  if (!(await exists(client, 'timescaledb_information.jobs'))) return;
  const rows = await optional<{ schema: string; name: string; drop_after: string | null }>(
    client, replay, file, 'timescaledb_information.jobs',
    `SELECT hypertable_schema AS schema, hypertable_name AS name, config->>'drop_after' AS drop_after
       FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY 1, 2`,
  );
  for (const r of rows) if (r.drop_after) replay.defineTimescaleRetention(`${r.schema}.${r.name}`, r.drop_after, at());
}

/** format_type's spelling → the SQL source's ("character varying(20)" → "varchar(20)"). */
export function normalizeType(type: string): string {
  return type
    .toLowerCase()
    .replace(/^character varying/, 'varchar')
    .replace(/^character\b/, 'char')
    .replace(/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1')
    .replace(/^timestamp(\(\d+\))? without time zone/, 'timestamp$1')
    .replace(/^time(\(\d+\))? with time zone/, 'timetz$1')
    .replace(/^time(\(\d+\))? without time zone/, 'time$1')
    .replace(/^public\./, '');
}

export const postgresSource: Source = {
  kind: 'postgres',
  async scan(ctx: SourceContext): Promise<SourceResult> {
    if (!ctx.databaseUrl) return { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
    return scanDatabase(ctx.databaseUrl);
  },
};
