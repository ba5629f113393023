/**
 * Which SQL files form one database's migrations, and in which order the migration tools run them:
 * Flyway (V1__x.sql, V1.1__x.sql, then R__ repeatables; U__ undo files skipped), golang-migrate
 * (0001_x.up.sql; .down.sql skipped), Rails/Knex/Prisma timestamps (20240101120000_x.sql,
 * 20240101120000_init/migration.sql), Diesel (2024-01-01-000000_x/up.sql), and natural order for
 * anything else (2_x.sql before 10_x.sql).
 */

import { dialectOfFileName, withoutDialectInName, type Dialect } from './dialect.js';

export interface MigrationGroup {
  /** the folder whose files are one database's history */
  dir: string;
  files: string[];
  /**
   * A folder holding one copy of each migration per dialect (`x.postgres.up.sql`, `x.mysql.up.sql`)
   * is one history per dialect: each group has its dialect's files and the files no dialect names.
   */
  dialect?: Dialect;
}

/** A migration written in code (TypeORM, knex, sequelize-cli, Kysely, node-pg-migrate, db-migrate, MikroORM). */
const CODE_MIGRATION = /(?:^|\/)(?:migrations?|migrate)\/(?:[^/]+\/)?[^/]+\.(?:ts|mts|cts|js|mjs|cjs)$/i;
const NOT_CODE_MIGRATION = /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]s$|(?:^|\/)(?:node_modules|dist|build)\//;

export function isCodeMigrationPath(file: string): boolean {
  return CODE_MIGRATION.test(file) && !NOT_CODE_MIGRATION.test(file);
}

const SKIP_FILE = /(?:^|[._-])down\.sql$|^U\d[\w.]*__.*\.sql$/i;
const SKIP_DIR = /(?:^|\/)(?:revert|verify|down|rollback|rollbacks|undo)(?:\/|$)/i;
const FOLDER_PER_MIGRATION = /^(?:migration|up)\.sql$/i;

export function isSqlCandidate(file: string): boolean {
  if (!/\.sql$/i.test(file)) return false;
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (SKIP_FILE.test(base)) return false;
  const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
  return !SKIP_DIR.test(dir);
}

export function groupMigrations(files: string[]): MigrationGroup[] {
  const groups = new Map<string, Array<{ file: string; name: string }>>();
  for (const file of files) {
    if (!isSqlCandidate(file) && !isCodeMigrationPath(file)) continue;
    const slash = file.lastIndexOf('/');
    const base = file.slice(slash + 1);
    let dir = slash < 0 ? '' : file.slice(0, slash);
    let name = base;
    if (FOLDER_PER_MIGRATION.test(base) && slash >= 0) {
      // Prisma / Diesel: one folder per migration, named by its version
      const up = dir.lastIndexOf('/');
      name = dir.slice(up + 1);
      dir = up < 0 ? '' : dir.slice(0, up);
    }
    const g = groups.get(dir) ?? [];
    g.push({ file, name });
    groups.set(dir, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([dir, list]) => {
      // each name's key is computed once, not in every comparison; a dialect's name in a file name is no part of its order
      const keyed = list.map((x) => {
        // a dialect a name names (`0001_x.mysql.up.sql`; a dump per dialect, `postgres.sql` beside `mysql.sql`);
        // by the whole name only: one `mysql_compat.sql` among a folder's migrations does not make the folder MySQL's
        const named = dialectOfFileName(x.name, false);
        return { file: x.file, name: x.name, key: sortKey(named ? withoutDialectInName(x.name) : x.name), dialect: named };
      });
      keyed.sort((a, b) => compareKeys(a.key, b.key) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const named = [...new Set(keyed.map((x) => x.dialect).filter((d): d is Dialect => d !== undefined))].sort();
      if (named.length < 2) return [{ dir, files: keyed.map((x) => x.file), ...(named.length ? { dialect: named[0] } : {}) }];
      // a file no dialect names is every dialect's, unless that dialect has its own copy of it
      return named.map((dialect) => {
        // (a migration is its name's first dotted part: `x.autocommit.up.sql` and `x.mysql.up.sql` are one)
        const own = new Set(keyed.filter((x) => x.dialect === dialect).map((x) => x.name.split('.')[0]));
        return { dir, dialect, files: keyed.filter((x) => x.dialect === dialect || (x.dialect === undefined && !own.has(x.name.split('.')[0]))).map((x) => x.file) };
      });
    });
}


interface SortKey {
  /** 0 versioned (a number first), 1 unnumbered, 2 Flyway repeatable (R__) */
  rank: number;
  version: number[];
  rest: string;
}

function sortKey(name: string): SortKey {
  const flyway = /^[VB](\d+(?:[._]\d+)*)__(.*)$/i.exec(name);
  if (flyway) return { rank: 0, version: flyway[1].split(/[._]/).map(Number), rest: flyway[2] };
  const repeatable = /^R__(.*)$/i.exec(name);
  if (repeatable) return { rank: 2, version: [], rest: repeatable[1] };
  // 0001_x, 20240101120000_x, 2024-01-01-000000_x (Diesel), 1.2.3-x
  const numbered = /^(\d+(?:[-._]\d+)*)(?:[-_.]|$)(.*)$/.exec(name);
  if (numbered) {
    const digits = numbered[1].split(/[-._]/);
    // a Diesel date (2024-01-01-000000) reads as one number
    const version = digits.length >= 3 && digits[0].length === 4 ? [Number(digits.join(''))] : digits.map(Number);
    return { rank: 0, version, rest: numbered[2] };
  }
  return { rank: 1, version: [], rest: name };
}

export function compareMigrations(a: string, b: string): number {
  return compareKeys(sortKey(a), sortKey(b));
}

function compareKeys(ka: SortKey, kb: SortKey): number {
  if (ka.rank !== kb.rank) return ka.rank - kb.rank;
  const n = Math.max(ka.version.length, kb.version.length);
  for (let i = 0; i < n; i++) {
    const d = (ka.version[i] ?? 0) - (kb.version[i] ?? 0);
    if (d !== 0) return d;
  }
  return naturalCompare(ka.rest, kb.rest);
}

/** "a2" < "a10". */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.toLowerCase().match(re) ?? [];
  const pb = b.toLowerCase().match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}
