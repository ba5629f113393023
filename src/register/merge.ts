/**
 * The organisation's register: many repositories' inventories (`policyproof inventory --format
 * json`) read one at a time into aggregates that do not grow with the number of stores, while the
 * store rows are spooled to disk per category and streamed out again. Memory stays flat for
 * thousands of inputs; the output is as long as the inputs are.
 */
import { appendFileSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { cmp } from '../core/compare.js';
import type { InventoryRow } from '../report/inventory.js';

export const MAX_INVENTORY_BYTES = 64 * 1024 * 1024;
/** how many example places a conflict or a promise names; the counts are always whole */
const EXAMPLES = 3;

export interface RepositoryEntry {
  repository: string;
  file: string;
  policy: string | null;
  version: string | null;
  at: string | null;
  /** the shared policy's reference and what it pinned, as one line */
  source: string;
  stores: number;
}

export interface Missing {
  repository: string;
  reason: string;
}

export interface RetentionVariant {
  retention: string;
  stores: number;
  repositories: number;
  examples: string[];
}

export interface Conflict {
  category: string;
  variants: RetentionVariant[];
}

export interface UnimplementedPromise {
  category: string;
  promise: string;
  /** repositories whose policyproof.yaml says they own the category's promises */
  ownedBy: string[];
}

export interface Register {
  repositories: RepositoryEntry[];
  missing: Missing[];
  /** the newest policy version any repository was checked against */
  newestVersion: string | null;
  policies: string[];
  olderPolicy: RepositoryEntry[];
  conflicts: Conflict[];
  unimplemented: UnimplementedPromise[];
  categories: string[];
  /** the rows of one category, in input order: repository, then the inventory's own order */
  rows(category: string): AsyncIterable<StoreRow>;
  /** stores per category */
  storeCount: Map<string, number>;
  dispose(): void;
}

export type StoreRow = InventoryRow & { repository: string; policyVersion: string };

/** Files named on the command line; a folder stands for every *.json under it (downloaded artifacts). */
export async function inventoryFiles(args: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => cmp(a.name, b.name))) {
        if (e.isDirectory()) await walk(path.join(p, e.name));
        else if (e.name.endsWith('.json')) out.push(path.join(p, e.name));
      }
    } else out.push(p);
  };
  for (const a of args) await walk(a);
  return [...new Set(out)].sort(cmp);
}

interface CategoryAggregate {
  variants: Map<string, { stores: number; repos: number; last: string; examples: string[] }>;
}

/**
 * Reads every inventory once. A file that is missing, too large, not JSON or not an inventory is a
 * repository with no inventory (named by its file), never the end of the merge.
 */
export async function mergeInventories(files: string[], opts: { expect?: string[] } = {}): Promise<Register> {
  const spool = mkdtempSync(path.join(tmpdir(), 'policyproof-register-'));
  const spoolOf = new Map<string, string>();
  const pending = new Map<string, string[]>();
  let pendingBytes = 0;
  const flush = () => {
    for (const [category, lines] of pending) if (lines.length) appendFileSync(spoolOf.get(category)!, lines.join(''));
    pending.clear();
    pendingBytes = 0;
  };
  const repositories: RepositoryEntry[] = [];
  const missing: Missing[] = [];
  const aggregates = new Map<string, CategoryAggregate>();
  const storeCount = new Map<string, number>();
  const declared = new Map<string, { version: string }>();
  const implemented = new Set<string>();
  const ownedBy = new Map<string, string[]>();
  const seen = new Set<string>();

  for (const file of files) {
    const name = path.basename(file).replace(/\.json$/, '');
    const data = await readInventory(file).catch((e: Error) => {
      missing.push({ repository: name, reason: `${file}: ${e.message}` });
      return undefined;
    });
    if (!data) continue;
    const repository = typeof data.repository === 'string' && data.repository ? data.repository : name;
    if (seen.has(repository)) {
      missing.push({ repository, reason: `${file}: a second inventory of ${repository}; only the first is used` });
      continue;
    }
    seen.add(repository);
    const version = typeof data.version === 'string' ? data.version : null;
    repositories.push({
      repository, file, version,
      policy: typeof data.policy === 'string' ? data.policy : null,
      at: typeof data.at === 'string' ? data.at : null,
      source: sourceLine(data.source),
      stores: data.stores.length,
    });
    const promises = (data.promises ?? {}) as { declared?: unknown; implemented?: unknown; owned?: unknown };
    for (const p of Array.isArray(promises.declared) ? promises.declared : []) {
      const key = promiseKey(p);
      if (key && version && (!declared.has(key) || cmp(declared.get(key)!.version, version) < 0)) declared.set(key, { version });
    }
    for (const p of Array.isArray(promises.implemented) ? promises.implemented : []) {
      const key = promiseKey(p);
      if (key) implemented.add(key);
    }
    // 'all' (a repository with its own policy/) owns every category it declares promises for
    const owned = promises.owned === 'all' && Array.isArray(promises.declared)
      ? (promises.declared as Array<{ category?: unknown }>).map((p) => p?.category)
      : Array.isArray(promises.owned) ? promises.owned : [];
    for (const category of new Set(owned)) if (typeof category === 'string') ownedBy.set(category, [...(ownedBy.get(category) ?? []), repository].slice(0, 50));
    for (const raw of data.stores) {
      const row = storeRow(raw, repository, version ?? '');
      if (!row) continue;
      const category = row.category;
      if (!spoolOf.has(category)) spoolOf.set(category, path.join(spool, `${spoolOf.size}.jsonl`));
      const line = `${JSON.stringify(row)}\n`;
      const list = pending.get(category) ?? [];
      list.push(line);
      pending.set(category, list);
      pendingBytes += line.length;
      if (pendingBytes > 4 * 1024 * 1024) flush();
      storeCount.set(category, (storeCount.get(category) ?? 0) + 1);
      if (category !== '(none)') addVariant(aggregates, category, row);
    }
  }
  flush();

  for (const expected of opts.expect ?? []) if (!seen.has(expected)) missing.push({ repository: expected, reason: 'no inventory was produced' });
  const newestVersion = repositories.reduce<string | null>((max, r) => (r.version && (!max || cmp(r.version, max) > 0) ? r.version : max), null);
  const policies = [...new Set(repositories.map((r) => r.policy).filter((p): p is string => !!p))].sort(cmp);
  const conflicts: Conflict[] = [];
  for (const [category, agg] of [...aggregates].sort(([a], [b]) => cmp(a, b))) {
    if (agg.variants.size < 2) continue;
    conflicts.push({
      category,
      variants: [...agg.variants].map(([retention, v]) => ({ retention, stores: v.stores, repositories: v.repos, examples: v.examples })).sort((a, b) => b.stores - a.stores || cmp(a.retention, b.retention)),
    });
  }
  const unimplemented = [...declared.keys()]
    .filter((k) => !implemented.has(k))
    .sort(cmp)
    .map((k) => {
      const [category, promise] = k.split('\u0000');
      return { category, promise, ownedBy: ownedBy.get(category) ?? [] };
    });
  const categories = [...spoolOf.keys()].sort((a, b) => cmp(a === '(none)' ? '~' : a, b === '(none)' ? '~' : b));
  return {
    repositories: repositories.sort((a, b) => cmp(a.repository, b.repository)),
    missing: missing.sort((a, b) => cmp(a.repository, b.repository)),
    newestVersion,
    policies,
    olderPolicy: repositories.filter((r) => newestVersion && r.version !== newestVersion),
    conflicts,
    unimplemented,
    categories,
    storeCount,
    async *rows(category: string) {
      const file = spoolOf.get(category);
      if (!file) return;
      for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (line) yield JSON.parse(line) as StoreRow;
    },
    dispose: () => rmSync(spool, { recursive: true, force: true }),
  };
}

interface InventoryFile {
  repository?: unknown;
  policy?: unknown;
  version?: unknown;
  at?: unknown;
  source?: unknown;
  promises?: unknown;
  stores: unknown[];
}

async function readInventory(file: string): Promise<InventoryFile> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new Error('no such file');
  if (!info.isFile()) throw new Error('not a file');
  if (info.size > MAX_INVENTORY_BYTES) throw new Error(`larger than ${MAX_INVENTORY_BYTES / 1024 / 1024} MB; not read`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!data || typeof data !== 'object' || !Array.isArray((data as InventoryFile).stores)) throw new Error('not a policyproof inventory (policyproof inventory --format json): no "stores" list');
  return data as InventoryFile;
}

const TEXT_FIELDS: Array<keyof InventoryRow> = ['category', 'categoryDecidedBy', 'store', 'kind', 'source', 'location', 'dataTypes', 'retention', 'retentionEvidence', 'jurisdiction'];

/** One row of an inventory, every field a string (anything else in a hostile file is dropped). */
function storeRow(raw: unknown, repository: string, policyVersion: string): StoreRow | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const row = { repository, policyVersion } as StoreRow;
  for (const k of TEXT_FIELDS) row[k] = typeof r[k] === 'string' ? (r[k] as string).slice(0, 4096) : '';
  if (!row.category) row.category = '(none)';
  return row;
}

function addVariant(aggregates: Map<string, CategoryAggregate>, category: string, row: StoreRow): void {
  const agg = aggregates.get(category) ?? { variants: new Map() };
  aggregates.set(category, agg);
  // A hostile input could make every store a variant of its own: past 100, they are counted together.
  const wanted = keptFor(row.retention);
  const key = agg.variants.has(wanted) || agg.variants.size < 100 ? wanted : '(other values)';
  const variant = agg.variants.get(key) ?? { stores: 0, repos: 0, last: '', examples: [] };
  agg.variants.set(key, variant);
  variant.stores++;
  // Inventories are read one at a time, so a repository's rows come together: counting changes counts repositories.
  if (variant.last !== row.repository) variant.repos++;
  variant.last = row.repository;
  if (variant.examples.length < EXAMPLES) variant.examples.push(`${row.repository}: ${row.store}`);
}

/**
 * How long a store keeps data, for comparing places: its upper bound ("min 60 days; max 60 days"
 * and "max 60 days" keep alike), else what the inventory says (missing, unknown, forever).
 */
export function keptFor(retention: string): string {
  if (!retention) return '(no retention evidence)';
  const parts = retention.split('; ');
  const max = parts.filter((p) => p.startsWith('max '));
  return max.length ? [...new Set(max)].join('; ') : retention;
}

function promiseKey(p: unknown): string | undefined {
  const o = p as { category?: unknown; promise?: unknown } | null;
  return o && typeof o.category === 'string' && typeof o.promise === 'string' ? `${o.category}\u0000${o.promise}` : undefined;
}

function sourceLine(source: unknown): string {
  const s = source as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') return '';
  if (s.kind === 'git') return `${String(s.reference ?? '')} (${String(s.commit ?? '').slice(0, 12)})`;
  if (s.kind === 'npm') return `${String(s.reference ?? '')} (${String(s.name ?? '')}@${String(s.version ?? '')})`;
  return '';
}
