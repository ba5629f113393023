/**
 * A real PostgreSQL for tests. `POLICYPROOF_TEST_DATABASE_URL` (set by .ci/run) wins. Without it,
 * outside CI, a throw-away server is started here: initdb into a temp folder from Debian's
 * /usr/lib/postgresql/<v>/bin, as the non-root user `postgres` when running as root, on a random
 * port of 127.0.0.1, stopped when the test process exits. In CI (CI=true) a missing URL is a
 * failure, never a skip.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

let server: Promise<string> | undefined;
let stopServer: (() => void) | undefined;

/** Stops the throw-away server this process started, if any (call from afterAll). */
export function stopTestServer(): void {
  const stop = stopServer;
  stopServer = undefined;
  stop?.();
}

/** A URL of a server where the tests may create databases (as a superuser). */
export function testServerUrl(): Promise<string> {
  server ??= (async () => {
    const fromEnv = process.env.POLICYPROOF_TEST_DATABASE_URL;
    if (fromEnv) return fromEnv;
    if (process.env.CI === 'true') {
      throw new Error('POLICYPROOF_TEST_DATABASE_URL is not set: in CI the PostgreSQL tests need the server .ci/run starts');
    }
    return startThrowAwayServer();
  })();
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startThrowAwayServer(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b)) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql), and POLICYPROOF_TEST_DATABASE_URL is not set');
  const bin = join(root, versions[versions.length - 1], 'bin');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'policyproof-test-pg-'));
  chmodSync(dir, 0o777);
  const run = (cmd: string, args: string[]): void => {
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : join(bin, cmd), argv, { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error?.message}`);
  };
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres']);
    if (id.status !== 0) execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
  }
  const port = await freePort();
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, 'start']);
  const stopCmd = `${asRoot ? 'runuser -u postgres -- ' : ''}'${join(bin, 'pg_ctl')}' -D '${join(dir, 'data')}' -m immediate stop >/dev/null 2>&1; rm -rf '${dir}'`;
  // A watchdog stops the server when this test process ends, however it ends (vitest may kill its
  // workers without running exit handlers).
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd}`], { detached: true, stdio: 'ignore' }).unref();
  stopServer = () => {
    spawnSync('sh', ['-c', stopCmd]);
    server = undefined;
  };
  process.once('exit', () => stopServer?.());
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** A fresh database on the test server; `url` connects to it as the superuser. */
export async function createTestDatabase(prefix = 'pp'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const base = await testServerUrl();
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => withClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
