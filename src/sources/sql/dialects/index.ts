/** The parser each dialect other than PostgreSQL is read with, behind one call that yields the statement model. */
import type { Location } from '../../../core/types.js';
import type { Dialect } from '../dialect.js';
import type { Span } from '../lex.js';
import { readClickHouse } from './clickhouse.js';
import { readNodeSql, readsWithNodeSql, type DialectRead } from './node-sql.js';

/** Synchronous for ClickHouse (our own reader); node-sql-parser's grammars load on first use. */
export function readDialect(dialect: Dialect, text: string, spans: Span[], loc: (index: number) => Location): DialectRead | Promise<DialectRead> {
  if (dialect === 'clickhouse') return readClickHouse(text, spans, loc);
  if (readsWithNodeSql(dialect)) return readNodeSql(dialect, text, spans, loc);
  return { ops: [], failures: [] };
}

export type { DialectRead } from './node-sql.js';
