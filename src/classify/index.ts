/**
 * The data-type classifier: a column (its table, its name, its declared type) → the personal data
 * types it holds (phone-number, ip-address, …), each with the reason. The knowledge is data in
 * rules/data-types.yaml; this is the generic reader and matcher. Pure and synchronous once the
 * vocabulary is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DataTypeDefinition, DataTypeHit } from '../core/types.js';
import { contextsOf, type ContextDefinition } from './context.js';
import { readDataType } from './data-type.js';
import { normalizeWord, splitWords } from './words.js';

export { normalizeWord, patternWords, splitWords } from './words.js';

export interface ClassifierSettings {
  modifiersAfter: Set<string>;
  modifiersBefore: Set<string>;
  nonDataSqlTypes: Set<string>;
  /** endings of a user-defined type's name that make it an enumeration (`sendstatus`, `organizationrole`) */
  nonDataTypeEndings: string[];
  numericSqlTypes: Set<string>;
  /** a text column declared shorter than this holds a code, never personal data by its name (country char(2)) */
  minTextLength: number;
  textOnly: Set<string>;
  /** words that say what part of a thing a table keeps (address, email, settings): skipped for its owner word */
  containerWords: Set<string>;
  contexts: Map<string, ContextDefinition>;
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

type RawContext = {
  'owner-words'?: string[];
  'last-words'?: string[];
  'any-words'?: string[];
  instead?: Record<string, string[]>;
  'instead-when-last-word'?: Record<string, string[]>;
};

function load(): Vocabulary {
  if (cached) return cached;
  const raw = parse(readFileSync(builtinDataTypesFile(), 'utf8')) as {
    settings?: Record<string, unknown>;
    'data-types'?: unknown[];
  };
  const s = raw.settings ?? {};
  const list = (key: string): string[] => ((s[key] as unknown[] | undefined) ?? []).map((w) => String(w).toLowerCase());
  const words = (items: string[] | undefined): Set<string> => new Set((items ?? []).map((w) => normalizeWord(String(w).toLowerCase())));
  const contexts = new Map<string, ContextDefinition>();
  for (const [id, c] of Object.entries((s.contexts ?? {}) as Record<string, RawContext>)) {
    const replacing = (r: Record<string, string[]> | undefined, lastOnly: boolean) =>
      Object.entries(r ?? {}).map(([context, ws]) => ({ context, words: words(ws), lastOnly }));
    contexts.set(id, {
      owner: words(c['owner-words']),
      lastWord: words(c['last-words']),
      anyWord: words(c['any-words']),
      instead: [...replacing(c.instead, false), ...replacing(c['instead-when-last-word'], true)],
    });
  }
  const settings: ClassifierSettings = {
    modifiersAfter: words(list('modifiers-after')),
    modifiersBefore: words(list('modifiers-before')),
    nonDataSqlTypes: new Set(list('non-data-sql-types')),
    nonDataTypeEndings: list('non-data-type-endings'),
    numericSqlTypes: new Set(list('numeric-sql-types')),
    minTextLength: Number(s['min-text-length'] ?? 0) || 0,
    textOnly: new Set(list('text-only')),
    containerWords: words(list('container-words')),
    contexts,
  };
  // (each entry read by the reader policyproof.yaml's entries go through: a wrong key is said, not ignored)
  const types: DataTypeDefinition[] = (raw['data-types'] ?? []).map((t, i) => readDataType(t, (what) => {
    throw new Error(`rules/data-types.yaml: data-types[${i}]: data type ${what}`);
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

/** A pattern word, ready to compare with normalized identifier words. */
type CompiledWord = { suffix: string } | { exact: string };
interface CompiledType {
  patterns: CompiledWord[][];
  exclusions: CompiledWord[][];
  /** context ('' for any table), its patterns, whether they count when no table is known, whether they are the whole name */
  inContext: Array<[string, CompiledWord[][], boolean, boolean]>;
  /** context → patterns that do not count in its tables (a repository's full name is its own) */
  exceptInContext: Array<[string, CompiledWord[][]]>;
}

const compiledTypes = new WeakMap<DataTypeDefinition, CompiledType>();

function compileWord(w: string): CompiledWord {
  return w.startsWith('*') ? { suffix: w.slice(1) } : { exact: normalizeWord(w) };
}

function compiled(type: DataTypeDefinition): CompiledType {
  let c = compiledTypes.get(type);
  if (!c) {
    const words = (ps: string[][]) => ps.map((p) => p.map(compileWord));
    c = {
      patterns: words(type.patterns),
      exclusions: words(type.exclusions),
      inContext: [
        ...Object.entries(type.inContext ?? {}).map(([ctx, ps]): [string, CompiledWord[][], boolean, boolean] => [ctx, words(ps), true, false]),
        ...Object.entries(type.onlyInContext ?? {}).map(([ctx, ps]): [string, CompiledWord[][], boolean, boolean] => [ctx, words(ps), false, true]),
        ['', words(type.wholeName ?? []), true, true],
      ],
      exceptInContext: Object.entries(type.exceptInContext ?? {}).map(([ctx, ps]): [string, CompiledWord[][]] => [ctx, words(ps)]),
    };
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
  // (MySQL's `int unsigned`, `int(10) unsigned zerofill`: an int)
  return sqlType.toLowerCase().replace(/\[\]/g, '').replace(/\(.*$/, '').replace(/\s+(?:unsigned|signed|zerofill)\b.*$/, '').trim();
}

/** The length a text type declares (`char(2)`, `varchar(3)`, `Nullable(FixedString(2))`), if any. */
function declaredLength(sqlType: string | undefined): number | undefined {
  const m = sqlType ? /\b(?:n?var)?char(?:acter)?(?:\s+varying)?\s*\(\s*(\d{1,6})\s*\)|\bfixedstring\s*\(\s*(\d{1,6})\s*\)/i.exec(sqlType) : null;
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** A column as the classifier reads it. */
export interface ColumnToClassify {
  /** the table, entity, model or type that holds it (`public.users`, `CustomerAddress`); none for a lone store */
  table?: string;
  identifier: string;
  /** as declared: SQL or Prisma type, ORM column type, or the TypeScript type (boolean, numeric, timestamp) */
  declaredType?: string;
}

/** What the classifier decided about a column: the data types it holds, and the matches it ruled out, with why. */
export interface Classification {
  hits: DataTypeHit[];
  ruledOut: string[];
}

/**
 * The data types an identifier (and SQL type) holds, with no table known: words that need a
 * table's context (a bare `name`, `body`) count. Sorted by type id; one hit per type.
 */
export function classifyIdentifier(identifier: string, sqlType: string | undefined, types: DataTypeDefinition[]): DataTypeHit[] {
  return classifyColumn({ identifier, declaredType: sqlType }, types);
}

/** The data types a column holds. */
export function classifyColumn(column: ColumnToClassify, types: DataTypeDefinition[]): DataTypeHit[] {
  return explainColumn(column, types).hits;
}

// Schemas repeat columns (id, created_at, email …): remember answers per vocabulary.
const memos = new WeakMap<DataTypeDefinition[], Map<string, Classification>>();

/** The data types a column holds and the matches ruled out, each with its reason (the inventory shows both). */
export function explainColumn(column: ColumnToClassify, types: DataTypeDefinition[]): Classification {
  let memo = memos.get(types);
  if (!memo) memos.set(types, (memo = new Map()));
  const key = `${column.table ?? '\u0001'}\u0000${column.identifier}\u0000${column.declaredType ?? ''}`;
  let known = memo.get(key);
  if (!known) {
    known = classifyUncached(column, types);
    if (memo.size > 50_000) memo.clear();
    memo.set(key, known);
  }
  return { hits: known.hits.map((h) => ({ ...h, matched: [...h.matched] })), ruledOut: [...known.ruledOut] };
}

function classifyUncached(column: ColumnToClassify, types: DataTypeDefinition[]): Classification {
  const settings = classifierSettings();
  const identifier = column.identifier;
  const original = splitWords(identifier.length > 256 ? identifier.slice(0, 256) : identifier);
  const words = original.map(normalizeWord);
  const sqlType = column.declaredType;
  const base = baseSqlType(sqlType);
  const isArray = !!sqlType && sqlType.includes('[]');
  const typeName = base?.slice(base.lastIndexOf('.') + 1);
  // a type listed whole holds no data either, whatever its base (MySQL's tinyint(1) is a boolean)
  const written = sqlType?.toLowerCase().replace(/\s+/g, '');
  const declared = written !== undefined && settings.nonDataSqlTypes.has(written) ? written : base;
  const nonData = base !== undefined && !isArray
    && (declared !== base || settings.nonDataSqlTypes.has(base) || settings.nonDataTypeEndings.some((e) => typeName !== undefined && typeName.endsWith(e)));
  const numeric = base !== undefined && !isArray && settings.numericSqlTypes.has(base);
  const contexts = column.table !== undefined ? contextsOf(column.table, settings.contexts, settings.containerWords) : undefined;
  const hits: DataTypeHit[] = [];
  const spans = new Map<string, Match>();
  const ruledOut: string[] = [];
  for (const type of types) {
    const c = compiled(type);
    const excluded = c.exclusions.findIndex((ex) => occurrences(words, ex).length > 0);
    if (excluded >= 0) {
      ruledOut.push(`${type.id}: "${type.exclusions[excluded].join(' ')}" is not ${type.id}`);
      continue;
    }
    if (base && type.sqlTypes.includes(base)) {
      hits.push({ type: type.id, via: 'sql-type', matched: [base], reason: `SQL type ${base}` });
      continue;
    }
    if (words.length === 0) continue;
    const found: Match[] = [];
    // a pattern a context keeps for itself (a repository's or an organisation's full name, a warehouse address's name)
    const except = c.exceptInContext.filter(([ctx]) => contexts?.has(ctx));
    const ownedBy = (start: number, length: number): boolean => {
      const own = except.find(([, ps]) => ps.some((p) => p.length === length && p.every((w, k) => wordMatches(w, words[start + k]))));
      if (own) ruledOut.push(`${type.id}: "${original.slice(start, start + length).join(' ')}" of ${article(own[0])} ${own[0]} table (${contexts?.get(own[0])}) is its own`);
      return own !== undefined;
    };
    for (const pattern of c.patterns) {
      for (const start of occurrences(words, pattern)) if (!ownedBy(start, pattern.length)) found.push({ start, length: pattern.length });
    }
    for (const [ctx, patterns, withoutTable, whole] of c.inContext) {
      // no table known (a lone store, an identifier on its own): `in-context` words count, `only-in-context` words do not;
      // `whole-name` words count in any table
      const where = ctx === '' || contexts === undefined ? (withoutTable ? '' : undefined) : contexts.get(ctx);
      for (const pattern of patterns) {
        // an `only-in-context` or `whole-name` word is the whole name (a bare `name`; company_name is no person's)
        if (whole && pattern.length !== words.length) continue;
        for (const start of occurrences(words, pattern)) {
          if (where !== undefined) {
            if (!ownedBy(start, pattern.length)) found.push({ start, length: pattern.length, context: where ? `${ctx} table (${where})` : undefined });
          }
          else ruledOut.push(`${type.id}: "${original.slice(start, start + pattern.length).join(' ')}" counts only in ${article(ctx)} ${ctx} table${column.table ? `, not in ${column.table}` : ''}`);
        }
      }
    }
    if (found.length === 0) continue;
    const said = `"${original.join(' ')}"`;
    if (nonData && !(base !== undefined && type.allowSqlTypes?.includes(base))) {
      ruledOut.push(`${type.id}: ${said} is declared ${declared}, which holds no ${type.id}`);
      continue;
    }
    if (base !== undefined && !isArray && type.notSqlTypes?.includes(base)) {
      ruledOut.push(`${type.id}: ${said} is declared ${base}, which holds no ${type.id}`);
      continue;
    }
    if (numeric && settings.textOnly.has(type.id)) {
      ruledOut.push(`${type.id}: ${said} is declared ${base}, a number`);
      continue;
    }
    const notIn = (type.notInContext ?? []).find((ctx) => contexts?.has(ctx));
    if (notIn !== undefined) {
      ruledOut.push(`${type.id}: ${said} is in a ${notIn} table (${contexts?.get(notIn)}), whose ${type.id} is not a person's`);
      continue;
    }
    const { best, modifier } = bestUnmodified(found, words, settings);
    if (best) {
      const matched = original.slice(best.start, best.start + best.length);
      hits.push({ type: type.id, via: 'name', matched, reason: best.context ? `"${matched.join(' ')}" in ${article(best.context)} ${best.context}` : `name "${matched.join(' ')}"` });
      spans.set(type.id, best);
    } else if (modifier) ruledOut.push(`${type.id}: ${said} holds something about it ("${modifier}"), not the ${type.id} itself`);
  }
  // A text declared too short for any of it (ClickHouse's cc FixedString(2), a country code char(2)) holds a code
  const length = declaredLength(sqlType);
  if (length !== undefined && length < settings.minTextLength) {
    for (const h of hits.filter((o) => o.via === 'name')) {
      ruledOut.push(`${h.type}: "${h.matched.join(' ')}" is declared ${length} characters long, too short to hold ${article(h.type)} ${h.type}`);
      hits.splice(hits.indexOf(h), 1);
    }
  }
  // A declared type that holds a data type (inet: an IP address) rules out what the name alone suggests
  // (users.creation_address inet is no street).
  const byType = hits.find((h) => h.via === 'sql-type');
  if (byType) {
    for (const h of hits.filter((o) => o.via === 'name' && o.type !== byType.type)) {
      ruledOut.push(`${h.type}: "${h.matched.join(' ')}" is declared ${base}, which holds ${article(byType.type)} ${byType.type}`);
      hits.splice(hits.indexOf(h), 1);
    }
  }
  // A match right before another type's match names whose data it is (sender_email, invitee_name,
  // recipient_phone): the last one, the head of the phrase, is what the column holds.
  const kept = hits.filter((h) => {
    const span = spans.get(h.type);
    if (!span) return true;
    const head = hits.find((o) => o !== h && spans.get(o.type)?.start === span.start + span.length);
    if (head) ruledOut.push(`${h.type}: "${h.matched.join(' ')}" says whose ${head.type} "${head.matched.join(' ')}" is`);
    // a match inside a longer match of another type is part of that phrase (from in from_address)
    const within = hits.find((o) => {
      const other = o !== h ? spans.get(o.type) : undefined;
      return other !== undefined && other.length > span.length && other.start <= span.start && other.start + other.length >= span.start + span.length;
    });
    if (within) ruledOut.push(`${h.type}: "${h.matched.join(' ')}" is part of ${within.type} "${within.matched.join(' ')}"`);
    return !head && !within;
  });
  kept.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { hits: kept, ruledOut };
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

interface Match {
  start: number;
  length: number;
  /** the context that let a context word count */
  context?: string;
}

/**
 * The longest match whose phrase is not modified. Overlapping matches form one phrase
 * (`ip address` and `ip` in ip_address_hash). A modifier anywhere after the phrase
 * (email_change_token_new, emailTransportId, email_blocklist_policy) or right before it
 * (is_mobile, hashed_ip) rules out every match in it, so a shorter match cannot slip past it.
 */
function bestUnmodified(found: Match[], words: string[], settings: ClassifierSettings): { best?: Match; modifier?: string } {
  found.sort((a, b) => a.start - b.start || b.length - a.length);
  let best: Match | undefined;
  let modifier: string | undefined;
  let i = 0;
  while (i < found.length) {
    let end = found[i].start + found[i].length;
    let k = i + 1;
    while (k < found.length && found[k].start < end) {
      end = Math.max(end, found[k].start + found[k].length);
      k++;
    }
    const before = words[found[i].start - 1];
    const after = words.slice(end).find((w) => settings.modifiersAfter.has(w));
    const mod = after ?? (before !== undefined && settings.modifiersBefore.has(before) ? before : undefined);
    if (mod === undefined) {
      for (let j = i; j < k; j++) if (!best || found[j].length > best.length || (found[j].length === best.length && found[j].start > best.start)) best = found[j];
    } else modifier ??= mod;
    i = k;
  }
  return { best, modifier };
}
