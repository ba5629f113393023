/**
 * ClickHouse DDL. No maintained JavaScript parser reads ClickHouse (node-sql-parser and
 * sql-parser-cst have no such dialect), so this reads the part of its grammar a schema needs,
 * over a real tokenizer: CREATE TABLE (columns with nested types such as
 * `LowCardinality(Nullable(String))`, INDEX/PROJECTION/CONSTRAINT lines skipped, ON CLUSTER), the
 * table's `TTL … + INTERVAL n DAY [DELETE]` (rows removed by age: retention evidence; `TO DISK`/
 * `TO VOLUME` moves are not deletes), ALTER TABLE ADD/DROP/MODIFY/RENAME COLUMN and MODIFY TTL,
 * DROP TABLE and RENAME TABLE. Anything else (views, dictionaries, inserts) is left alone.
 */
import type { Location } from '../../../core/types.js';
import type { Span } from '../lex.js';
import type { ColumnSpec, SchemaOp, TableName } from '../model.js';
import { parseIntervalText } from '../interval.js';
import type { DialectRead } from './node-sql.js';

interface Token {
  /** w word, q quoted name, s string, n number, p punctuation */
  k: 'w' | 'q' | 's' | 'n' | 'p';
  v: string;
  at: number;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|([A-Za-z_][\w$]*)|`((?:[^`\\]|\\.)*)`?|"((?:[^"\\]|\\.)*)"?|'((?:[^'\\]|\\.|'')*)'?|(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([\s\S])/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s)) !== null) {
    if (m[1] !== undefined) out.push({ k: 'w', v: m[1], at: m.index });
    else if (m[2] !== undefined) out.push({ k: 'q', v: m[2], at: m.index });
    else if (m[3] !== undefined) out.push({ k: 'q', v: m[3], at: m.index });
    else if (m[4] !== undefined) out.push({ k: 's', v: m[4], at: m.index });
    else if (m[5] !== undefined) out.push({ k: 'n', v: m[5], at: m.index });
    else if (m[6] !== undefined) out.push({ k: 'p', v: m[6], at: m.index });
  }
  return out;
}

const UNITS: Record<string, string> = { second: 'seconds', minute: 'minutes', hour: 'hours', day: 'days', week: 'weeks', month: 'months', quarter: 'quarter', year: 'years' };

export function readClickHouse(text: string, spans: Span[], loc: (index: number) => Location): DialectRead {
  const out: DialectRead = { ops: [], failures: [] };
  for (const span of spans) {
    const stmt = text.slice(span.start, span.end);
    if (!/^\s*(?:create|alter|drop|rename)\b/i.test(stmt)) continue;
    try {
      out.ops.push(...new Statement(tokenize(stmt), span.start, loc).read());
    } catch (e) {
      out.failures.push({ index: span.start + ((e as { at?: number }).at ?? 0), message: (e as Error).message });
    }
  }
  return out;
}

class Statement {
  private i = 0;
  constructor(
    private readonly t: Token[],
    private readonly base: number,
    private readonly loc: (index: number) => Location,
  ) {}

  private peek(k = 0): Token | undefined {
    return this.t[this.i + k];
  }
  private is(word: string, k = 0): boolean {
    const tok = this.peek(k);
    return tok?.k === 'w' && tok.v.toLowerCase() === word;
  }
  private eat(word: string): boolean {
    if (!this.is(word)) return false;
    this.i++;
    return true;
  }
  private fail(message: string): never {
    const err = new Error(message) as Error & { at?: number };
    err.at = this.peek()?.at ?? 0;
    throw err;
  }
  private where(tok?: Token): Location {
    return this.loc(this.base + (tok?.at ?? 0));
  }
  private name(): string {
    const tok = this.peek();
    if (!tok || (tok.k !== 'w' && tok.k !== 'q')) this.fail(`ClickHouse: a name was expected here`);
    this.i++;
    return tok.v;
  }
  private table(): TableName {
    const first = this.name();
    if (this.peek()?.v === '.' && this.peek()?.k === 'p') {
      this.i++;
      return { schema: first, name: this.name() };
    }
    return { name: first };
  }
  private onCluster(): void {
    if (this.is('on') && this.is('cluster', 1)) {
      this.i += 2;
      this.i++;
    }
  }
  /** Tokens up to a top-level `,` or `)` (or the end), as a balanced group. */
  private until(stop: (t: Token) => boolean): Token[] {
    const start = this.i;
    let depth = 0;
    while (this.i < this.t.length) {
      const tok = this.t[this.i];
      if (depth === 0 && stop(tok)) break;
      if (tok.k === 'p' && (tok.v === '(' || tok.v === '[')) depth++;
      else if (tok.k === 'p' && (tok.v === ')' || tok.v === ']')) depth--;
      this.i++;
    }
    return this.t.slice(start, this.i);
  }

  read(): SchemaOp[] {
    const head = this.peek();
    if (this.eat('create')) {
      this.eat('or') && this.eat('replace');
      if (!this.eat('table')) return [];
      if (this.eat('if')) {
        this.eat('not');
        this.eat('exists');
      }
      return this.createTable(head);
    }
    if (this.eat('drop')) {
      if (!this.eat('table')) return [];
      if (this.eat('if')) this.eat('exists');
      return [{ op: 'drop-table', table: this.table(), location: this.where(head) }];
    }
    if (this.eat('rename')) {
      if (!this.eat('table')) return [];
      const ops: SchemaOp[] = [];
      do {
        const from = this.table();
        if (!this.eat('to')) this.fail('ClickHouse: RENAME TABLE a TO b expected');
        ops.push({ op: 'rename-table', table: from, to: this.table(), location: this.where(head) });
      } while (this.peek()?.v === ',' && ++this.i);
      return ops;
    }
    if (this.eat('alter') && this.eat('table')) return this.alterTable(head);
    return [];
  }

  private createTable(head: Token | undefined): SchemaOp[] {
    const table = this.table();
    this.onCluster();
    const ops: SchemaOp[] = [];
    const columns: ColumnSpec[] = [];
    if (this.peek()?.v === '(') {
      this.i++;
      while (this.i < this.t.length && this.peek()?.v !== ')') {
        if (this.is('index') || this.is('projection') || this.is('constraint') || this.is('primary')) this.until((t) => t.v === ',' || t.v === ')');
        else columns.push(this.column());
        if (this.peek()?.v === ',') this.i++;
      }
      if (this.peek()?.v !== ')') this.fail('ClickHouse: the column list is not closed');
      this.i++;
    }
    ops.push({ op: 'create-table', table, columns, location: this.where(head) });
    // table clauses: ENGINE = …, ORDER BY, PARTITION BY, TTL …, SETTINGS …, AS SELECT …
    while (this.i < this.t.length) {
      if (this.is('ttl')) {
        const ttl = this.peek();
        this.i++;
        ops.push(...this.ttl(table, ttl));
      } else if (this.is('as')) break;
      else this.i++;
    }
    return ops;
  }

  private column(): ColumnSpec {
    const nameTok = this.peek();
    const name = this.name();
    const typeStart = this.i;
    // the type: a word with nested parentheses (`Nullable(DateTime64(3, 'UTC'))`)
    if (this.peek()?.k === 'w' && !/^(?:default|materialized|alias|ephemeral|codec|ttl|comment|not|null)$/i.test(this.peek()!.v)) {
      this.i++;
      if (this.peek()?.v === '(') this.until((t) => t.k === 'w' || t.v === ',' || t.v === ')');
    }
    const typeToks = this.t.slice(typeStart, this.i);
    const sqlType = typeToks.map((t) => (t.k === 's' ? `'${t.v}'` : t.v)).join('').replace(/,/g, ', ').toLowerCase();
    let comment: string | undefined;
    const rest = this.until((t) => t.v === ',' || t.v === ')');
    for (let k = 0; k < rest.length - 1; k++) if (rest[k].k === 'w' && rest[k].v.toLowerCase() === 'comment' && rest[k + 1].k === 's') comment = rest[k + 1].v;
    const location = this.where(nameTok);
    return { name, sqlType, location, ...(comment ? { notes: [{ text: comment, location }] } : {}) };
  }

  private alterTable(head: Token | undefined): SchemaOp[] {
    const table = this.table();
    this.onCluster();
    const ops: SchemaOp[] = [];
    while (this.i < this.t.length) {
      const at = this.where(this.peek());
      if (this.eat('add') && this.eat('column')) {
        const ifNotExists = this.eat('if') && this.eat('not') && this.eat('exists');
        ops.push({ op: 'add-column', table, column: this.column(), location: at, ...(ifNotExists ? { ifNotExists } : {}) });
      } else if (this.eat('drop') && this.eat('column')) {
        if (this.eat('if')) this.eat('exists');
        ops.push({ op: 'drop-column', table, column: this.name(), location: at });
      } else if (this.eat('rename') && this.eat('column')) {
        if (this.eat('if')) this.eat('exists');
        const from = this.name();
        this.eat('to');
        ops.push({ op: 'rename-column', table, from, to: this.name(), location: at });
      } else if (this.eat('modify')) {
        if (this.eat('ttl')) ops.push(...this.ttl(table, this.t[this.i - 1]));
        else if (this.eat('column')) {
          if (this.eat('if')) this.eat('exists');
          const col = this.column();
          if (col.sqlType) ops.push({ op: 'alter-column-type', table, column: col.name, sqlType: col.sqlType, location: at });
        }
      } else if (this.eat('remove') && this.eat('ttl')) {
        ops.push({ op: 'row-ttl', table, text: 'REMOVE TTL', reason: 'REMOVE TTL: rows are no longer removed by age', location: this.where(head) });
      }
      this.until((t) => t.v === ',');
      if (this.peek()?.v === ',') this.i++;
    }
    return ops;
  }

  /** `TTL expr [DELETE|TO DISK 'x'|TO VOLUME 'x'|RECOMPRESS …][, …] [WHERE …] [GROUP BY …]`: the delete rules. */
  private ttl(table: TableName, at: Token | undefined): SchemaOp[] {
    const ops: SchemaOp[] = [];
    for (;;) {
      const rule = this.until((t) => t.v === ',' || (t.k === 'w' && /^(?:settings|where|group|primary|order|partition|sample|engine|comment)$/i.test(t.v)));
      const words = rule.map((t) => (t.k === 's' ? `'${t.v}'` : t.v));
      const text = words.join(' ');
      const moves = /\bTO\s+(?:DISK|VOLUME)\b|\bRECOMPRESS\b/i.test(text);
      if (!moves) ops.push({ op: 'row-ttl', table, ...ttlDuration(rule), text: `TTL ${text}`, location: this.where(at) });
      if (this.peek()?.v !== ',') break;
      this.i++;
    }
    return ops;
  }
}

/** `d + INTERVAL 30 DAY`, `d + toIntervalDay(30)`: the interval's seconds, or why they are unknown. */
function ttlDuration(rule: Token[]): { seconds?: number; reason?: string } {
  for (let k = 0; k < rule.length; k++) {
    const tok = rule[k];
    if (tok.k !== 'w') continue;
    const word = tok.v.toLowerCase();
    let amount: Token | undefined;
    let unit: string | undefined;
    if (word === 'interval') {
      amount = rule[k + 1];
      unit = rule[k + 2]?.v.toLowerCase();
      if (amount?.k === 's') {
        const r = parseIntervalText(amount.v);
        return r.ok ? { seconds: r.seconds } : { reason: r.reason };
      }
    } else if (/^tointerval[a-z]+$/.test(word) && rule[k + 1]?.v === '(') {
      amount = rule[k + 2];
      unit = word.slice('tointerval'.length);
    } else continue;
    if (amount?.k !== 'n' || !unit) return { reason: `the TTL interval's length is not a number written in the schema` };
    const r = parseIntervalText(`${amount.v} ${UNITS[unit.replace(/s$/, '')] ?? unit}`);
    return r.ok ? { seconds: r.seconds } : { reason: r.reason };
  }
  return { reason: 'the TTL is not a column plus an interval, so its length is not known' };
}
