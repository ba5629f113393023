import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Severity } from '../core/types.js';

/** policyproof.yaml: every CLI flag of `check` has a key here; a flag given on the command line wins. */
export interface Config {
  /** the file it came from, when any */
  file?: string;
  policy?: string;
  include?: string[];
  exclude?: string[];
  rules?: Record<string, Severity | 'off'>;
  failOn?: Severity;
  format?: string[];
  at?: string;
  base?: string;
  databaseUrl?: string;
  changedOnly?: boolean;
  baseline?: string;
  reportUnusedSuppressions?: boolean;
  noInlineSuppressions?: string[];
  /** extra resource mappings, in the format of rules/resources/<provider>.yaml */
  resources?: unknown[];
  /** extra data types, in the format of rules/data-types.yaml */
  dataTypes?: unknown[];
}

export class ConfigError extends Error {}

export const CONFIG_FILE = 'policyproof.yaml';
const SEVERITIES = ['off', 'note', 'warning', 'error'];

/** Keys in the file (kebab-case, like the flags) → Config keys. */
const KEYS: Record<string, { key: keyof Config; type: 'string' | 'string[]' | 'boolean' | 'severity' | 'rules' | 'array' }> = {
  policy: { key: 'policy', type: 'string' },
  include: { key: 'include', type: 'string[]' },
  exclude: { key: 'exclude', type: 'string[]' },
  rules: { key: 'rules', type: 'rules' },
  'fail-on': { key: 'failOn', type: 'severity' },
  format: { key: 'format', type: 'string[]' },
  at: { key: 'at', type: 'string' },
  base: { key: 'base', type: 'string' },
  'database-url': { key: 'databaseUrl', type: 'string' },
  'changed-only': { key: 'changedOnly', type: 'boolean' },
  baseline: { key: 'baseline', type: 'string' },
  'report-unused-suppressions': { key: 'reportUnusedSuppressions', type: 'boolean' },
  'no-inline-suppressions': { key: 'noInlineSuppressions', type: 'string[]' },
  resources: { key: 'resources', type: 'array' },
  'data-types': { key: 'dataTypes', type: 'array' },
};

/**
 * Loads the configuration: `explicit` (--config, must exist) or `policyproof.yaml` in the root if
 * present. Errors name file:line:column and exit 2 at the CLI.
 */
export async function loadConfig(root: string, explicit?: string): Promise<Config> {
  const file = explicit ? path.resolve(explicit) : path.join(root, CONFIG_FILE);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ConfigError(`${explicit ?? CONFIG_FILE}: not a file`);
    if (info.size > 1024 * 1024) throw new ConfigError(`${explicit ?? CONFIG_FILE}: larger than 1 MB; not read`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (explicit) throw new ConfigError(`--config ${explicit}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return {};
  }
  const rel = path.relative(process.cwd(), file) || file;
  const { parseDocument, LineCounter, isMap, isScalar } = await import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const p = lc.linePos(offset ?? 0);
    return `${rel}:${p.line}:${p.col}`;
  };
  if (doc.errors.length) throw new ConfigError(`${at(doc.errors[0].pos[0])}: ${doc.errors[0].message.split('\n')[0]}`);
  const config: Config = { file: rel };
  if (doc.contents === null) return config;
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`${at(0)}: ${(e as Error).message}`);
  }
  if (!isMap(doc.contents)) throw new ConfigError(`${at(doc.contents.range?.[0])}: the configuration must be a mapping of keys`);
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const where = at(isScalar(keyNode) ? keyNode.range?.[0] : undefined);
    const spec = KEYS[name];
    if (!spec) throw new ConfigError(`${where}: unknown key "${name}" (known: ${Object.keys(KEYS).join(', ')})`);
    const valueNode = pair.value as { range?: [number, number, number] } | null;
    const value = data[name] ?? null;
    const vwhere = at(valueNode?.range?.[0] ?? (isScalar(keyNode) ? keyNode.range?.[0] : 0));
    (config as Record<string, unknown>)[spec.key] = checkValue(name, spec.type, value, vwhere);
  }
  return config;
}

function checkValue(name: string, type: string, value: unknown, where: string): unknown {
  const fail = (what: string) => {
    throw new ConfigError(`${where}: "${name}" must be ${what}`);
  };
  switch (type) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return value;
    case 'string[]':
      if (typeof value === 'string') return [value];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('a list of strings');
      return value;
    case 'severity':
      if (typeof value !== 'string' || !['note', 'warning', 'error'].includes(value)) fail('one of note, warning, error');
      return value;
    case 'rules': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) fail('a mapping of rule id to off | note | warning | error');
      for (const [id, sev] of Object.entries(value as Record<string, unknown>)) {
        if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) throw new ConfigError(`${where}: rules.${id} must be one of ${SEVERITIES.join(', ')}`);
      }
      return value;
    }
    case 'array':
      if (!Array.isArray(value)) fail('a list');
      return value;
  }
  return value;
}

/** A path filter from include/exclude globs (picomatch, dot files included). */
export async function pathFilter(include?: string[], exclude?: string[]): Promise<((rel: string) => boolean) | undefined> {
  if (!include?.length && !exclude?.length) return undefined;
  const { default: picomatch } = await import('picomatch');
  const inc = include?.length ? picomatch(include, { dot: true }) : () => true;
  const exc = exclude?.length ? picomatch(exclude, { dot: true }) : () => false;
  return (rel) => inc(rel) && !exc(rel);
}
