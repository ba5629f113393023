import { readFile, stat } from 'node:fs/promises';
import { toText } from '../core/text.js';
import { yamlTooDeep } from '../core/yaml-depth.js';
import path from 'node:path';
import { readDataType } from '../classify/data-type.js';
import { isCalendarDate } from '../policy/timeline.js';
import { closest } from './suggest.js';
import type { DataTypeDefinition, Severity } from '../core/types.js';

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
  /** `tests: include` reads test code (`--include-tests`); left out by default */
  tests?: 'include' | 'exclude';
  noInlineSuppressions?: string[];
  /** extra resource mappings, in the format of rules/resources/<provider>.yaml */
  resources?: unknown[];
  /** extra data types, read from the format of rules/data-types.yaml */
  dataTypes?: DataTypeDefinition[];
  /** `publish:` settings of the policy site: `theme` (brand colour, logo, font stack, extra stylesheet) */
  publish?: { theme?: PublishTheme };
  /** a shared policy: the cache only (policy-source) */
  offline?: boolean;
  /** where fetched policies are cached (default: the XDG cache) */
  cacheDir?: string;
  /** of a shared policy, what this repository owns: `owns: {promises: [traffic-history]}` or `{promises: all}` */
  owns?: { promises?: string[] | 'all' };
  /** SQL dialect of the files a glob matches (`db/legacy/**: mysql`) */
  sqlDialects?: Record<string, string>;
  /** the dialect whose migrations report a store kept in several dialects' migrations */
  sqlPrimaryDialect?: string;
  /** Terraform provider → the region a deployment uses where its configuration states none */
  terraformRegions?: Record<string, string>;
  /** where each key (and `rules.<id>`) was written, as file:line:column, for later errors */
  locations?: Record<string, string>;
}

/** `publish.theme`: the site's look; file paths are relative to the configuration file. */
export interface PublishTheme {
  brandColor?: string;
  brandColorDark?: string;
  logo?: string;
  fontStack?: string;
  stylesheet?: string;
}

export class ConfigError extends Error {}

export const CONFIG_FILE = 'policyproof.yaml';
const SEVERITIES = ['off', 'note', 'warning', 'error'];

/** Keys in the file (kebab-case, like the flags) → Config keys. */
const KEYS: Record<string, { key: keyof Config; type: 'string' | 'string[]' | 'boolean' | 'severity' | 'rules' | 'array' | 'date' | 'formats' | 'data-types' | 'resources' | 'publish' | 'tests' | 'owns' | 'sql-dialects' | 'sql-dialect' | 'string-map' }> = {
  policy: { key: 'policy', type: 'string' },
  include: { key: 'include', type: 'string[]' },
  exclude: { key: 'exclude', type: 'string[]' },
  rules: { key: 'rules', type: 'rules' },
  'fail-on': { key: 'failOn', type: 'severity' },
  format: { key: 'format', type: 'formats' },
  at: { key: 'at', type: 'date' },
  base: { key: 'base', type: 'string' },
  'database-url': { key: 'databaseUrl', type: 'string' },
  'changed-only': { key: 'changedOnly', type: 'boolean' },
  baseline: { key: 'baseline', type: 'string' },
  'report-unused-suppressions': { key: 'reportUnusedSuppressions', type: 'boolean' },
  'no-inline-suppressions': { key: 'noInlineSuppressions', type: 'string[]' },
  resources: { key: 'resources', type: 'resources' },
  'data-types': { key: 'dataTypes', type: 'data-types' },
  publish: { key: 'publish', type: 'publish' },
  tests: { key: 'tests', type: 'tests' },
  offline: { key: 'offline', type: 'boolean' },
  'cache-dir': { key: 'cacheDir', type: 'string' },
  owns: { key: 'owns', type: 'owns' },
  'sql-dialects': { key: 'sqlDialects', type: 'sql-dialects' },
  'sql-primary-dialect': { key: 'sqlPrimaryDialect', type: 'sql-dialect' },
  'terraform-regions': { key: 'terraformRegions', type: 'string-map' },
};

const SQL_DIALECTS = ['postgresql', 'cockroachdb', 'mysql', 'mariadb', 'sqlite', 'sqlserver', 'clickhouse'];

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
    const decoded = toText(await readFile(file));
    if (decoded.binary !== undefined) throw new ConfigError(`${explicit ?? CONFIG_FILE}: ${decoded.binary}`);
    if (decoded.note) throw new ConfigError(`${explicit ?? CONFIG_FILE}:${decoded.note.line}:${decoded.note.column}: ${decoded.note.message}`);
    text = decoded.text;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (explicit) throw new ConfigError(`--config ${explicit}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return {};
  }
  const rel = path.relative(process.cwd(), file) || file;
  const { parseDocument, LineCounter, isMap, isScalar } = await import('yaml');
  const lc = new LineCounter();
  const deep = yamlTooDeep(text);
  if (deep) throw new ConfigError(`${rel}:${deep.line}:${deep.column}: collections nested more than ${deep.limit} levels deep; refused without parsing`);
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
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
  const locations: Record<string, string> = {};
  config.locations = locations;
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const where = at(isScalar(keyNode) ? keyNode.range?.[0] : undefined);
    const spec = KEYS[name];
    if (!spec) {
      const near = closest(name, Object.keys(KEYS));
      throw new ConfigError(`${where}: unknown key "${name}"${near ? `; did you mean "${near}"?` : ''} (known: ${Object.keys(KEYS).join(', ')})`);
    }
    locations[name] = where;
    const valueNode = pair.value as { range?: [number, number, number]; items?: Array<{ range?: [number, number, number]; key?: unknown }> } | null;
    const value = data[name] ?? null;
    const vwhere = at(valueNode?.range?.[0] ?? (isScalar(keyNode) ? keyNode.range?.[0] : 0));
    // Where each item of a list or mapping is, for errors about one of them.
    const itemAt = (i: number) => {
      const item = valueNode?.items?.[i];
      const node = (item && 'key' in item && isScalar(item.key) ? item.key : item) as { range?: [number, number, number] } | undefined;
      return node?.range ? at(node.range[0]) : vwhere;
    };
    if (spec.type === 'string[]' && Array.isArray(value)) value.forEach((_, i) => (locations[`${name}[${i}]`] = itemAt(i)));
    if (spec.type === 'rules' && value && typeof value === 'object' && !Array.isArray(value)) {
      Object.keys(value).forEach((id, i) => (locations[`rules.${id}`] = itemAt(i)));
    }
    (config as Record<string, unknown>)[spec.key] = await checkValue(name, spec.type, value, vwhere, itemAt);
  }
  return config;
}

const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'markdown', 'github'];

async function checkValue(name: string, type: string, value: unknown, where: string, itemAt: (i: number) => string): Promise<unknown> {
  const fail = (what: string): never => {
    throw new ConfigError(`${where}: "${name}" must be ${what}`);
  };
  switch (type) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      return value;
    case 'date':
      // YAML reads 2026-11-28 as a string here (core schema); a Date would come from a timestamp.
      if (typeof value !== 'string' || !isCalendarDate(value)) fail('a calendar date, YYYY-MM-DD');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return value;
    case 'tests':
      if (value !== 'include' && value !== 'exclude') fail('"include" (read test code) or "exclude" (the default)');
      return value;
    case 'string[]':
      if (typeof value === 'string') return [value];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('a list of strings');
      return value;
    case 'formats': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) fail(`a list of ${FORMAT_NAMES.join(' | ')}, each optionally =FILE`);
      (list as string[]).forEach((v, i) => {
        const format = v.split('=')[0];
        if (!FORMAT_NAMES.includes(format)) throw new ConfigError(`${itemAt(i)}: format "${format}" is not one of ${FORMAT_NAMES.join(', ')}`);
      });
      return list;
    }
    case 'severity':
      if (typeof value !== 'string' || !['note', 'warning', 'error'].includes(value)) fail('one of note, warning, error');
      return value;
    case 'rules': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) fail('a mapping of rule id to off | note | warning | error');
      Object.entries(value as Record<string, unknown>).forEach(([id, sev], i) => {
        if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) throw new ConfigError(`${itemAt(i)}: rules.${id} must be one of ${SEVERITIES.join(', ')}`);
      });
      return value;
    }
    case 'owns': {
      const promises = (value as { promises?: unknown } | null)?.promises;
      const ok = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).every((k) => k === 'promises') &&
        (promises === undefined || promises === 'all' || (Array.isArray(promises) && promises.every((c) => typeof c === 'string')));
      if (!ok) fail('a mapping {promises: [CATEGORY, …]} or {promises: all}');
      return value;
    }
    case 'array':
      if (!Array.isArray(value)) fail('a list');
      return value;
    case 'string-map':
      if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) fail('a mapping of names to strings (aws: eu-north-1)');
      return value;
    case 'sql-dialect':
      if (typeof value !== 'string' || !SQL_DIALECTS.includes(value)) fail(`one of ${SQL_DIALECTS.join(', ')}`);
      return value;
    case 'sql-dialects': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) fail(`a mapping of glob to ${SQL_DIALECTS.join(' | ')}`);
      Object.entries(value as Record<string, unknown>).forEach(([glob, d], i) => {
        if (typeof d !== 'string' || !SQL_DIALECTS.includes(d)) throw new ConfigError(`${itemAt(i)}: sql-dialects.${glob} must be one of ${SQL_DIALECTS.join(', ')}`);
      });
      return value;
    }
    case 'data-types':
      if (value === null) return [];
      if (!Array.isArray(value)) fail('a list of data types (id, name, patterns, sql-types, exclusions, personal)');
      return (value as unknown[]).map((t, i) => dataType(t, itemAt(i)));
    case 'publish':
      return publishSettings(value, where);
    case 'resources': {
      if (value === null) return [];
      if (!Array.isArray(value)) fail('a list of resource mappings, in the format of rules/resources/<provider>.yaml');
      // The Terraform catalogue's own reader decides what a valid mapping is; its error, here.
      const { buildCatalogue } = await import('../sources/terraform/catalogue.js');
      (value as unknown[]).forEach((doc, i) => {
        try {
          buildCatalogue([{ origin: `resources[${i}]`, doc }]);
        } catch (e) {
          throw new ConfigError(`${itemAt(i)}: ${(e as Error).message}`);
        }
      });
      return value;
    }
  }
  return value;
}

const THEME_KEYS: Record<string, keyof PublishTheme> = {
  'brand-color': 'brandColor',
  'brand-color-dark': 'brandColorDark',
  logo: 'logo',
  'font-stack': 'fontStack',
  stylesheet: 'stylesheet',
};

/** `publish: {theme: {...}}`: each value a string (colours and files are checked when publishing). */
function publishSettings(value: unknown, where: string): { theme?: PublishTheme } {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (value === null) return {};
  if (!isMap(value)) throw new ConfigError(`${where}: "publish" must be a mapping (theme)`);
  for (const key of Object.keys(value)) if (key !== 'theme') throw new ConfigError(`${where}: publish.${key} is not a setting (known: theme)`);
  if (value.theme === undefined || value.theme === null) return {};
  if (!isMap(value.theme)) throw new ConfigError(`${where}: "publish.theme" must be a mapping (${Object.keys(THEME_KEYS).join(', ')})`);
  const theme: PublishTheme = {};
  for (const [key, v] of Object.entries(value.theme)) {
    const field = THEME_KEYS[key];
    if (!field) {
      const near = closest(key, Object.keys(THEME_KEYS));
      throw new ConfigError(`${where}: publish.theme.${key} is not a setting${near ? `; did you mean "${near}"?` : ''} (known: ${Object.keys(THEME_KEYS).join(', ')})`);
    }
    if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where}: publish.theme.${key} must be a string`);
    theme[field] = v.trim();
  }
  return { theme };
}

/** One `data-types:` entry of policyproof.yaml, an error at its place when it is wrong. */
function dataType(raw: unknown, where: string): DataTypeDefinition {
  return readDataType(raw, (what) => {
    throw new ConfigError(`${where}: data type ${what}`);
  });
}

/** Rule ids in `rules:` and `no-inline-suppressions:` must name rules that exist (a typo would silently do nothing). */
export function checkRuleIds(config: Config, known: string[]): void {
  const where = (key: string) => config.locations?.[key] ?? config.file ?? CONFIG_FILE;
  const unknown = (id: string, at: string) => {
    const near = closest(id, known);
    throw new ConfigError(`${at}: no rule "${id}"${near ? `; did you mean "${near}"?` : ''} (policyproof rules lists them)`);
  };
  for (const id of Object.keys(config.rules ?? {})) if (!known.includes(id)) unknown(id, where(`rules.${id}`));
  (config.noInlineSuppressions ?? []).forEach((id, i) => {
    if (!known.includes(id)) unknown(id, config.locations?.[`no-inline-suppressions[${i}]`] ?? where('no-inline-suppressions'));
  });
}

/** A path filter from include/exclude globs (picomatch, dot files included). */
export async function pathFilter(include?: string[], exclude?: string[]): Promise<((rel: string) => boolean) | undefined> {
  if (!include?.length && !exclude?.length) return undefined;
  const { default: picomatch } = await import('picomatch');
  const inc = include?.length ? picomatch(include, { dot: true }) : () => true;
  const exc = exclude?.length ? picomatch(exclude, { dot: true }) : () => false;
  return (rel) => inc(rel) && !exc(rel);
}
