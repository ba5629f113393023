/** The reader of one data-type entry (rules/data-types.yaml, policyproof.yaml `data-types:`). */
import type { DataTypeDefinition } from '../core/types.js';
import { patternWords } from './words.js';

export const DATA_TYPE_KEYS = ['id', 'name', 'patterns', 'sql-types', 'exclusions', 'personal', 'in-context', 'only-in-context', 'not-in-context', 'allow-sql-types', 'not-sql-types', 'whole-name', 'except-in-context'];

/**
 * One `data-types:` entry, in the shape of rules/data-types.yaml, as the classifier reads it: the
 * built-in vocabulary and policyproof.yaml's entries alike. `fail` is told what is wrong ("needs an
 * id …") and throws the caller's error, with the caller's location.
 */
export function readDataType(raw: unknown, fail: (what: string) => never): DataTypeDefinition {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('must be a mapping with id, name and patterns');
  const t = raw as Record<string, unknown>;
  for (const key of Object.keys(t)) if (!DATA_TYPE_KEYS.includes(key)) fail(`has an unknown key "${key}" (known: ${DATA_TYPE_KEYS.join(', ')})`);
  if (typeof t.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(t.id)) fail('needs an "id" of lower-case letters, digits and -');
  const label = `"${t.id as string}"`;
  const strings = (key: string, required: boolean): string[] => {
    const v = t[key];
    if (v === undefined || v === null) {
      if (required) fail(`${label} needs "${key}": a list of name patterns (e.g. [badge number, passerkort])`);
      return [];
    }
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || x.trim() === '')) fail(`${label}: "${key}" must be a list of non-empty strings`);
    return list as string[];
  };
  const name = t.name;
  if (name !== undefined && (typeof name !== 'object' || name === null || Array.isArray(name) || Object.values(name).some((v) => typeof v !== 'string'))) {
    fail(`${label}: "name" must be {en: …, sv: …}`);
  }
  if (t.personal !== undefined && typeof t.personal !== 'boolean') fail(`${label}: "personal" must be true or false`);
  const patterns = strings('patterns', true).map(patternWords);
  if (patterns.some((p) => p.length === 0)) fail(`${label}: a pattern has no letters or digits`);
  // the contexts of rules/data-types.yaml `settings.contexts` (person, communication, business, …)
  const contextual = (key: string): Record<string, string[][]> | undefined => {
    const v = t[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) fail(`${label}: "${key}" must map a context (person, communication, …) to name patterns`);
    const out: Record<string, string[][]> = {};
    for (const [context, list] of Object.entries(v as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || x.trim() === '')) fail(`${label}: "${key}.${context}" must be a list of name patterns`);
      out[context] = (list as string[]).map(patternWords);
    }
    return out;
  };
  const inContext = contextual('in-context');
  const onlyInContext = contextual('only-in-context');
  const exceptInContext = contextual('except-in-context');
  const notInContext = strings('not-in-context', false);
  const wholeName = strings('whole-name', false).map(patternWords).filter((p) => p.length > 0);
  const allowSqlTypes = strings('allow-sql-types', false).map((x) => x.toLowerCase());
  const notSqlTypes = strings('not-sql-types', false).map((x) => x.toLowerCase());
  return {
    ...(inContext ? { inContext } : {}),
    ...(onlyInContext ? { onlyInContext } : {}),
    ...(exceptInContext ? { exceptInContext } : {}),
    ...(notInContext.length ? { notInContext } : {}),
    ...(wholeName.length ? { wholeName } : {}),
    ...(allowSqlTypes.length ? { allowSqlTypes } : {}),
    ...(notSqlTypes.length ? { notSqlTypes } : {}),
    id: t.id as string,
    name: { en: (name as Record<string, string> | undefined)?.en ?? (t.id as string), sv: (name as Record<string, string> | undefined)?.sv },
    patterns,
    exclusions: strings('exclusions', false).map(patternWords),
    sqlTypes: strings('sql-types', false).map((x) => x.toLowerCase()),
    personal: t.personal !== false,
  };
}
