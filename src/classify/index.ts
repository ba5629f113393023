/**
 * The data-type classifier: identifiers (column, property, field names) and SQL types → data types
 * (phone-number, ip-address, …). The knowledge is data in rules/data-types.yaml; this is the generic
 * reader and matcher. Pure and synchronous once the vocabulary is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DataTypeDefinition, DataTypeHit } from '../core/types.js';

export interface ClassifierSettings {
  modifiersAfter: Set<string>;
  modifiersBefore: Set<string>;
  nonDataSqlTypes: Set<string>;
  numericSqlTypes: Set<string>;
  textOnly: Set<string>;
  /** tables of people (users, customers, kunder): their bare `name` column is a person's name */
  personTables: Set<string>;
  bareNames: Set<string>;
}

interface Vocabulary {
  types: DataTypeDefinition[];
  settings: ClassifierSettings;
}

let cached: Vocabulary | undefined;

/** The package root (holds rules/), from src/classify under vitest or build/src/classify after tsc. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'rules', 'data-types.yaml'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('rules/data-types.yaml not found next to the policyproof package');
}

export function builtinDataTypesFile(): string {
  return join(packageRoot(), 'rules', 'data-types.yaml');
}

function load(): Vocabulary {
  if (cached) return cached;
  const raw = parse(readFileSync(builtinDataTypesFile(), 'utf8')) as {
    settings?: Record<string, string[]>;
    'data-types'?: Array<{
      id: string;
      name?: { en?: string; sv?: string };
      personal?: boolean;
      patterns?: string[];
      exclusions?: string[];
      'sql-types'?: string[];
    }>;
  };
  const s = raw.settings ?? {};
  const words = (list: string[] | undefined): Set<string> => new Set((list ?? []).map((w) => normalizeWord(String(w).toLowerCase())));
  const settings: ClassifierSettings = {
    modifiersAfter: words(s['modifiers-after']),
    modifiersBefore: words(s['modifiers-before']),
    nonDataSqlTypes: new Set((s['non-data-sql-types'] ?? []).map((t) => String(t).toLowerCase())),
    numericSqlTypes: new Set((s['numeric-sql-types'] ?? []).map((t) => String(t).toLowerCase())),
    textOnly: new Set((s['text-only'] ?? []).map(String)),
    personTables: words(s['person-tables']),
    bareNames: words(s['bare-names']),
  };
  const types: DataTypeDefinition[] = (raw['data-types'] ?? []).map((t) => ({
    id: t.id,
    name: { en: t.name?.en, sv: t.name?.sv },
    patterns: (t.patterns ?? []).map(patternWords),
    exclusions: (t.exclusions ?? []).map(patternWords),
    sqlTypes: (t['sql-types'] ?? []).map((x) => String(x).toLowerCase()),
    personal: t.personal !== false,
  }));
  cached = { types, settings };
  return cached;
}

/** The built-in vocabulary of rules/data-types.yaml (read once). */
export function loadBuiltinDataTypes(): DataTypeDefinition[] {
  return load().types;
}

export function classifierSettings(): ClassifierSettings {
  return load().settings;
}

/**
 * The identifier the classifier reads for a column of a table: the column name, except that a bare
 * `name` (or `namn`) of a table of people (users, customers, app_users, kunder) reads as
 * `person_name`. A bare `name` elsewhere (products, plans, companies) is no person's name.
 */
export function columnIdentifier(table: string, column: string): string {
  const settings = classifierSettings();
  const col = splitWords(column).map(normalizeWord);
  if (col.length !== 1 || !settings.bareNames.has(col[0])) return column;
  const words = splitWords(table.slice(table.lastIndexOf('.') + 1)).map(normalizeWord);
  const last = words[words.length - 1];
  return last !== undefined && settings.personTables.has(last) ? 'person_name' : column;
}

/** "phone number" / "*telefonnummer" → words, keeping a leading `*` (suffix match). */
function patternWords(pattern: string): string[] {
  const text = String(pattern).trim();
  if (text.startsWith('*')) return ['*' + splitWords(text.slice(1)).join('')];
  return splitWords(text);
}

/** Words of an identifier: snake_case, camelCase, kebab-case, digits; lower-cased, å/ä/ö folded. */
export function splitWords(identifier: string): string[] {
  return identifier
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Plurals read as singulars: addresses → address, ips → ip, numbers → number (status, address stay);
 * the Swedish plurals of the vocabulary's words too: adresser → adress (epostadresser, gatuadresser),
 * meddelanden → meddelande, personer → person (kontaktpersoner).
 */
export function normalizeWord(word: string): string {
  if (word.endsWith('adresser')) return word.slice(0, -2);
  if (word.endsWith('meddelanden')) return word.slice(0, -1);
  if (word.endsWith('personer')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 2 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A pattern word, ready to compare with normalized identifier words. */
type CompiledWord = { suffix: string } | { exact: string };
interface CompiledType {
  patterns: CompiledWord[][];
  exclusions: CompiledWord[][];
}

const compiledTypes = new WeakMap<DataTypeDefinition, CompiledType>();

function compileWord(w: string): CompiledWord {
  return w.startsWith('*') ? { suffix: w.slice(1) } : { exact: normalizeWord(w) };
}

function compiled(type: DataTypeDefinition): CompiledType {
  let c = compiledTypes.get(type);
  if (!c) {
    c = { patterns: type.patterns.map((p) => p.map(compileWord)), exclusions: type.exclusions.map((p) => p.map(compileWord)) };
    compiledTypes.set(type, c);
  }
  return c;
}

function wordMatches(p: CompiledWord, word: string): boolean {
  return 'exact' in p ? p.exact === word : word.endsWith(p.suffix);
}

/** Every start index where `pattern` occurs in `words`. */
function occurrences(words: string[], pattern: CompiledWord[]): number[] {
  const out: number[] = [];
  if (pattern.length === 0) return out;
  for (let i = 0; i + pattern.length <= words.length; i++) {
    let ok = true;
    for (let k = 0; k < pattern.length && ok; k++) ok = wordMatches(pattern[k], words[i + k]);
    if (ok) out.push(i);
  }
  return out;
}

function baseSqlType(sqlType: string | undefined): string | undefined {
  if (!sqlType) return undefined;
  return sqlType.toLowerCase().replace(/\[\]/g, '').replace(/\(.*$/, '').trim();
}

/**
 * The data types an identifier (and SQL type) holds. Sorted by type id; one hit per type, with the
 * words that matched (the longest match).
 */
export function classifyIdentifier(identifier: string, sqlType: string | undefined, types: DataTypeDefinition[]): DataTypeHit[] {
  // Schemas repeat column names (id, created_at, email …): remember answers per vocabulary.
  let memo = memos.get(types);
  if (!memo) memos.set(types, (memo = new Map()));
  const key = `${identifier}\u0000${sqlType ?? ''}`;
  const known = memo.get(key);
  if (known) return known.map((h) => ({ ...h, matched: [...h.matched] }));
  const hits = classifyUncached(identifier, sqlType, types);
  if (memo.size > 50_000) memo.clear();
  memo.set(key, hits);
  return hits.map((h) => ({ ...h, matched: [...h.matched] }));
}

const memos = new WeakMap<DataTypeDefinition[], Map<string, DataTypeHit[]>>();

function classifyUncached(identifier: string, sqlType: string | undefined, types: DataTypeDefinition[]): DataTypeHit[] {
  const settings = classifierSettings();
  const original = splitWords(identifier.length > 256 ? identifier.slice(0, 256) : identifier);
  const words = original.map(normalizeWord);
  const base = baseSqlType(sqlType);
  const isArray = !!sqlType && sqlType.includes('[]');
  const nonData = base !== undefined && !isArray && settings.nonDataSqlTypes.has(base);
  const numeric = base !== undefined && !isArray && settings.numericSqlTypes.has(base);
  const hits: DataTypeHit[] = [];
  for (const type of types) {
    const c = compiled(type);
    const excluded = c.exclusions.some((ex) => occurrences(words, ex).length > 0);
    if (excluded) continue;
    if (base && type.sqlTypes.includes(base)) {
      hits.push({ type: type.id, via: 'sql-type', matched: [base] });
      continue;
    }
    if (nonData || words.length === 0) continue;
    if (numeric && settings.textOnly.has(type.id)) continue;
    const found: Array<{ start: number; length: number }> = [];
    for (const pattern of c.patterns) for (const start of occurrences(words, pattern)) found.push({ start, length: pattern.length });
    const best = bestUnmodified(found, words, settings);
    if (best) hits.push({ type: type.id, via: 'name', matched: original.slice(best.start, best.start + best.length) });
  }
  return hits.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/**
 * The longest match whose phrase is not modified. Overlapping matches form one phrase
 * (`ip address` and `ip` in ip_address_hash), and a modifier right after or before the phrase
 * (`hash`) rules out every match in it, so a shorter match cannot slip past the modifier.
 */
function bestUnmodified(found: Array<{ start: number; length: number }>, words: string[], settings: ClassifierSettings): { start: number; length: number } | undefined {
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.start - b.start || b.length - a.length);
  let best: { start: number; length: number } | undefined;
  let i = 0;
  while (i < found.length) {
    let end = found[i].start + found[i].length;
    let k = i + 1;
    while (k < found.length && found[k].start < end) {
      end = Math.max(end, found[k].start + found[k].length);
      k++;
    }
    const after = words[end];
    const before = words[found[i].start - 1];
    const modified = (after !== undefined && settings.modifiersAfter.has(after)) || (before !== undefined && settings.modifiersBefore.has(before));
    if (!modified) for (let j = i; j < k; j++) if (!best || found[j].length > best.length) best = found[j];
    i = k;
  }
  return best;
}
