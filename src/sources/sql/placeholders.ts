/**
 * Placeholders that tools paste into SQL before it runs — Flyway/Liquibase and JS templates
 * (`${schema}.users`, `${ref('users')}`), Go templates (`{{ index .Options "Namespace" }}.users`,
 * `{{ if .X }}…{{ end }}`), Jinja/Twig and Template Toolkit control (`{% if %}`, `[% IF %]`), Knex bindings (`?` a value, `??` a name), Sequelize replacements
 * (`:userId`), psql's variables (`:'schema'`, `:"schema"`), `%order%`, Python DB-API's `%s` and `%(name)s` — are replaced before parsing by what stands in their place: an identifier
 * where a name or value goes, nothing where the placeholder is a prefix of a name (a schema), and
 * blanks where it is template control. Every replacement keeps the text's length and line breaks,
 * so every position the parser reports is still right. A placeholder inside a quoted string
 * becomes `x`, so a value such as `'${days} days'` stays unknown instead of looking known.
 */

const isIdent = (c: string | undefined): boolean => c !== undefined && /[\w$\u0080-\uffff]/.test(c);
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_\u0080-\uffff]/.test(c);
/** The longest placeholder read as one (a template that never closes stays text, and the parser says where). */
const MAX_PLACEHOLDER = 2000;
const GO_CONTROL = /^(?:if|else|end|range|with|define|block|template|break|continue|\/\*)\b/;
/** What follows the `%` of a Python DB-API placeholder: `s`, `d`, `f` or `(name)s`. */
const PYFORMAT = /^(?:[sdf]|\(\w{1,60}\)[sdf])/;
/** What precedes the `$` that closes a dollar quote's opening tag (`$$`, `$json$`). */
const DOLLAR_TAG_BEFORE = /(?:^|[^\w$])\$(?:[A-Za-z_]\w*)?$/;
/** After psql's `:`, a quoted variable name: `'schema'` or `"schema"`. */
const PSQL_QUOTED = /^(['"])([A-Za-z_]\w{0,62})(['"])/;
/**
 * Keywords a name follows: a `?` after one is a name (bun's `ALTER TABLE ? ADD COLUMN ? TEXT`), while
 * PostgreSQL's jsonb `?` follows an operand (`properties ? 'key'`, `properties ? t.key`).
 */
// (only words no column is called: `type`, `index` or `schema` after CREATE or ALTER, never alone; `WHERE type ? 'admin'` is jsonb's)
const NAME_KEYWORD_BEFORE = /(?:^|[^\w$"`.])(?:table|column|into|from|join|update|exists|add|drop|rename|to|references|constraint|truncate|on|(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:unique\s+)?(?:index|view|schema|sequence|type|trigger)(?:\s+concurrently)?)\s*$/i;
/**
 * A placeholder where a keyword goes: between CREATE … INDEX/TABLE and the name that follows
 * (`CREATE INDEX ${ifNotExists} links_idx ON links`, `CREATE TABLE ${temporary} t (…)`), or between
 * CREATE and the kind of object (`CREATE ${unique} INDEX`). It stands for words such as IF NOT EXISTS.
 */
const KEYWORD_SLOT_BEFORE = /\b(?:index|table|view|sequence|concurrently|exists)\s+$/i;
// (a name, not a keyword: `CREATE TABLE ${name} AS (SELECT 1)` names its table with the placeholder)
const NAME_AFTER = /^\s+(?!(?:as|on)\b)[A-Za-z_"`][\w"`.$]*\s*(?:\(|\bon\b|\bas\b)/i;
const CREATE_BEFORE = /\bcreate\s+$/i;
const KIND_AFTER = /^\s+(?:unique|index|table|view|temporary|temp|unlogged|materialized|sequence|or\s+replace)\b/i;
/** After these a `?` is a value, not PostgreSQL's jsonb operator. */
const VALUE_WORD = /(?:^|[^\w$])(?:in|values|limit|offset|like|ilike|between|and|or|then|else|when|set|by|is|not|default|select|distinct|where|return|returning|as)$/i;

export function normalisePlaceholders(text: string): string {
  if (!/\$\{|\{\{|\?|:[A-Za-z_'"]|%[A-Za-z_(]|[{[]%/.test(text)) return text;
  const out: string[] = [];
  let from = 0;
  let inQuote = false;
  let i = 0;
  const n = text.length;
  const put = (start: number, end: number, replacement: string): void => {
    out.push(text.slice(from, start), replacement);
    from = end;
  };
  /** Replaces the placeholder text[start, end); returns where scanning goes on. */
  const replace = (start: number, end: number, inner: string, control: boolean): number => {
    // `${schema}.users`: the schema prefix goes with its dot (the migration's default schema)
    // `"{{ .Schema }}".users`: the quoted schema goes whole
    if (!control && !inQuote && text[start - 1] === '"' && text[end] === '"' && text[end + 1] === '.') {
      out.push(text.slice(from, start - 1), ' '.repeat(end + 2 - start + 1));
      from = end + 2;
      return end + 2;
    }
    const stop = !control && !inQuote && text[end] === '.' ? end + 1 : end;
    put(start, stop, replacementFor(text, start, stop, inner, inQuote, control));
    return stop;
  };
  while (i < n) {
    const c = text[i];
    if (!inQuote && c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === "'") {
      inQuote = !inQuote;
      i++;
      continue;
    }
    // `$json${"type":…}$json$`: this `$` closes a dollar quote's tag; what follows is its text
    if (c === '$' && text[i + 1] === '{' && DOLLAR_TAG_BEFORE.test(text.slice(Math.max(0, i - 64), i))) {
      i++;
      continue;
    }
    if ((c === '$' || c === '#') && text[i + 1] === '{') {
      const end = closing(text, i + 2, '{', '}');
      if (end > 0) {
        i = replace(i, end, text.slice(i + 2, end - 1), false);
        continue;
      }
    }
    // template control of Jinja, Twig and Liquid (`{% if x %}`) and of Perl's Template Toolkit (`[% IF x %]`): blanks
    if (!inQuote && (c === '{' || c === '[') && text[i + 1] === '%') {
      const close = text.indexOf(c === '{' ? '%}' : '%]', i + 2);
      if (close > 0 && close - i < MAX_PLACEHOLDER) {
        put(i, close + 2, text.slice(i, close + 2).replace(/[^\n\r]/g, ' '));
        i = close + 2;
        continue;
      }
    }
    if (c === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close > 0 && close - i < MAX_PLACEHOLDER) {
        const end = close + 2;
        const inner = text.slice(i + 2, close).replace(/^-?\s*|\s*-?$/g, '');
        i = replace(i, end, inner, GO_CONTROL.test(inner));
        continue;
      }
    }
    if (!inQuote && c === '?') {
      if (text[i + 1] === '?') {
        put(i, i + 2, 'x ');
        i += 2;
        continue;
      }
      if (text[i + 1] !== '|' && text[i + 1] !== '&' && (valuePosition(text, i) || NAME_KEYWORD_BEFORE.test(text.slice(Math.max(0, i - 24), i)))) {
        // a value, or a name (bun's `ALTER TABLE ? ADD COLUMN ? TEXT`); PostgreSQL's jsonb `?` follows an operand
        put(i, i + 1, 'x');
        i++;
        continue;
      }
    }
    // psql's variables quoted (`:'schema'` a string, `:"schema"` a name): a value or a name of the same length
    if (!inQuote && c === ':' && (text[i + 1] === "'" || text[i + 1] === '"') && !/[:'"\w]/.test(text[i - 1] ?? ' ')) {
      const m = PSQL_QUOTED.exec(text.slice(i + 1, i + 68));
      if (m && m[1] === m[3]) {
        put(i, i + 1 + m[0].length, (m[1] === "'" ? "'x'" : 'x').padEnd(1 + m[0].length, ' '));
        i += 1 + m[0].length;
        continue;
      }
    }
    if (!inQuote && c === ':' && isIdentStart(text[i + 1]) && text[i - 1] !== ':' && !isIdent(text[i - 1]) && text[i - 1] !== ')' && text[i - 1] !== ']') {
      // a value: `x`, not its name (`:limit` would read as the keyword LIMIT)
      let j = i + 1;
      while (j < n && isIdent(text[j])) j++;
      put(i, j, 'x'.padEnd(j - i, ' '));
      i = j;
      continue;
    }
    // Python DB-API (psycopg, MySQLdb): `%s`, `%d`, `%(name)s` are values passed beside the SQL
    if (!inQuote && c === '%') {
      const m = PYFORMAT.exec(text.slice(i + 1, i + 1 + 66));
      if (m && !isIdent(text[i + 1 + m[0].length])) {
        put(i, i + 1 + m[0].length, 'x'.padEnd(1 + m[0].length, ' '));
        i += 1 + m[0].length;
        continue;
      }
    }
    if (!inQuote && c === '%' && isIdentStart(text[i + 1]) && !isIdent(text[i - 1])) {
      let j = i + 1;
      while (j < n && isIdent(text[j])) j++;
      if (text[j] === '%' && !isIdent(text[j + 1])) {
        // `x`, not the name: `%order%` would read as the keyword ORDER
        put(i, j + 1, 'x'.padEnd(j + 1 - i, ' '));
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  if (from === 0) return text;
  out.push(text.slice(from));
  return out.join('');
}

/** Index just past the brace that closes one opened before `from`, or -1 (strings inside skipped). */
function closing(text: string, from: number, open: string, close: string): number {
  let depth = 1;
  const limit = Math.min(text.length, from + MAX_PLACEHOLDER);
  for (let j = from; j < limit; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return -1;
}

function valuePosition(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j--;
  if (j < 0) return true;
  const p = text[j];
  if ('=<>(,+-*/%|!'.includes(p)) return true;
  return VALUE_WORD.test(text.slice(Math.max(0, j - 12), j + 1));
}

/** What replaces the placeholder text[start, end) whose inner expression is `inner`. */
function replacementFor(text: string, start: number, end: number, inner: string, inQuote: boolean, control: boolean): string {
  const blank = (s: string) => s.replace(/[^\n\r]/g, ' ');
  const raw = text.slice(start, end);
  if (control) return blank(raw);
  if (inQuote) return fit('x', raw);
  // a prefix of a name (`${schema}.users`, `{{ .Namespace }}users`) or a suffix (`users_{{ .Suffix }}`):
  // the name as written without it (the default schema)
  if (text[end - 1] === '.') return blank(raw);
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(end, end + 200);
  if ((KEYWORD_SLOT_BEFORE.test(before) && NAME_AFTER.test(after)) || (CREATE_BEFORE.test(before) && KIND_AFTER.test(after))) return blank(raw);
  // glued to a name: a Go template is a namespace prefix (dropped); `${prefix}_log` names the table
  // `prefix_log` (this one line's later columns shift a little, its lines do not)
  if (isIdent(text[end]) || isIdent(text[start - 1])) return raw.startsWith('{{') || raw.includes('\n') ? blank(raw) : nameOf(inner).replace(/^x$/, '');
  return fit(nameOf(inner), raw);
}

/** `ref('users')` → users, `schema` → schema, `.Table` → Table, anything else → x. */
function nameOf(inner: string): string {
  const quoted = /['"`]([A-Za-z_][\w]*)['"`]/.exec(inner);
  if (quoted) return quoted[1];
  const path = /^[\s.]*([A-Za-z_][\w]*(?:[.:-][A-Za-z_][\w]*)*)\s*$/.exec(inner);
  if (path) {
    const parts = path[1].split(/[.:-]/);
    return parts[parts.length - 1];
  }
  return 'x';
}

/** `name` padded with spaces to the placeholder's length (line breaks kept); `x` when it does not fit. */
function fit(name: string, raw: string): string {
  const lines = raw.split('\n');
  const first = lines[0].length >= name.length ? name : 'x';
  return [first.padEnd(lines[0].length, ' '), ...lines.slice(1).map((l) => l.replace(/[^\r]/g, ' '))].join('\n');
}
