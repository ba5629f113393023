/**
 * Recognising SQL inside string and template literals, cheaply: most code never holds any, and a
 * literal only goes to the SQL parser when it reads like a statement that defines, deletes or
 * schedules something (what the SQL adapter turns into stores and retention evidence).
 */

const LEADING_COMMENTS = String.raw`(?:\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*`;
const STATEMENT_WORDS =
  String.raw`create\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?(?:table|view|materialized\s+view|(?:unique\s+)?index|function|procedure|schema|extension|trigger)\b` +
  String.raw`|alter\s+(?:table|schema|index)\b|drop\s+(?:table|view|schema|index)\b|delete\s+from\b|update\s+(?:only\s+)?[\w."]+\s+set\b` +
  String.raw`|insert\s+into\b|truncate\b|comment\s+on\b|with\s+(?:recursive\s+)?[\w"]+\s+as\s*\(|call\s+[\w."]+\s*\(`;
const SCHEDULERS = String.raw`(?:cron\.schedule|add_retention_policy|part_config|create_parent)\b`;
const STATEMENT = String.raw`(?:${STATEMENT_WORDS}|select\b[\s\S]*?\b${SCHEDULERS})`;

const SQL_LITERAL = new RegExp(`^${LEADING_COMMENTS}${STATEMENT}`, 'i');

/** Whole-file pre-filter: could any literal of this text hold such a statement? */
const SQL_ANYWHERE = /\b(?:create\s+(?:or\s+replace\s+)?(?:\w+\s+){0,2}(?:table|view|index|function|procedure)|alter\s+table|drop\s+table|delete\s+from|update\s+[\w."]+\s+set|insert\s+into|truncate|comment\s+on|cron\.schedule|add_retention_policy|part_config)\b/i;

/** Longest literal handed to the SQL parser; a bigger one is data, not a query. */
export const MAX_SQL_LITERAL = 256 * 1024;

export function mayHoldSql(fileText: string): boolean {
  return SQL_ANYWHERE.test(fileText);
}

/**
 * Where in a file's text a statement could begin: every literal that looksLikeSql holds one of these
 * offsets (its leading keyword, or the scheduler call a SELECT makes), so the syntax walk needs to
 * go only into the nodes around them. Linear: no lazy run to a scheduler from every SELECT.
 */
const STATEMENT_ANYWHERE = new RegExp(String.raw`\b(?:${STATEMENT_WORDS}|${SCHEDULERS})`, 'gi');

export function sqlOffsets(fileText: string): number[] {
  STATEMENT_ANYWHERE.lastIndex = 0;
  const out: number[] = [];
  for (const m of fileText.matchAll(STATEMENT_ANYWHERE)) out.push(m.index);
  return out;
}

/** A DELETE or UPDATE that names no time: by key, on a customer's request — not a retention mechanism. */
const DELETE_OR_UPDATE = new RegExp(`^${LEADING_COMMENTS}(?:delete|update)\\b`, 'i');
const TIME_REFERENCE = /\b(?:now|current_timestamp|current_date|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp|make_interval|to_timestamp|interval|age)\b/i;

export function looksLikeSql(text: string): boolean {
  if (text.length < 10 || text.length > MAX_SQL_LITERAL || !SQL_LITERAL.test(text)) return false;
  return !DELETE_OR_UPDATE.test(text) || TIME_REFERENCE.test(text);
}

/**
 * Keywords after which a placeholder stands for a table name rather than a value; so does one after
 * a name placeholder and a comma (`TRUNCATE TABLE ${report}, ${category}`).
 */
const IDENTIFIER_POSITION = /(?:\b(?:from|into|update|table|join|only|exists|on)|\bpolicyproof_param_\d+\s*,)\s*$/i;

/**
 * The text to parse for `part0 ${…} part1 ${…} part2`: a placeholder becomes a bind parameter
 * (`$1`), which PostgreSQL accepts wherever a value goes, or an identifier where a name is expected.
 * Inside a quoted string it stays `$1`, so `interval '${days} days'` is not mistaken for a known value.
 */
export function fillPlaceholders(parts: string[], values: Array<string | undefined> = []): string {
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) {
    const known = values[i - 1];
    out += known ?? (IDENTIFIER_POSITION.test(out) ? `policyproof_param_${i}` : `$${i}`);
    out += parts[i];
  }
  return out;
}

/** Tags and methods whose string argument is SQL by construction (parse errors there are real). */
export const SQL_TAGS = new Set(['sql', 'SQL', 'raw', 'unsafe', '$queryRaw', '$executeRaw']);
export const SQL_METHODS = new Set(['query', 'execute', 'exec', 'raw', 'unsafe', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'queryRaw', 'executeRaw', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'schedule']);
