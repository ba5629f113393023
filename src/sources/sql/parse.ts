/**
 * The real PostgreSQL parser (libpg-query, WASM), loaded once and lazily. Statements found by the
 * lexer are parsed in chunks (fast: one WASM call per ~256 KB); a chunk the parser rejects is
 * parsed again statement by statement, so one bad statement costs one diagnostic and nothing else.
 */
import { byteToCharMapper, type Span } from './lex.js';

export type AstObject = { [key: string]: unknown };

interface PgModule {
  parseSync(query: string): { stmts?: Array<{ stmt: AstObject; stmt_location?: number; stmt_len?: number }> };
  parsePlPgSQLSync(query: string): unknown;
  loadModule(): Promise<void>;
}

let loading: Promise<PgModule> | undefined;

/** libpg-query, initialised once. */
export function loadParser(): Promise<PgModule> {
  loading ??= (async () => {
    const mod = (await import('libpg-query')) as unknown as PgModule;
    await mod.loadModule();
    return mod;
  })();
  return loading;
}

export interface ParsedStatement {
  /** the statement node, e.g. { CreateStmt: {...} } */
  node: AstObject;
  /** char indices of the statement in the original text */
  start: number;
  end: number;
  /** maps a `location` of a node inside this statement (UTF-8 bytes) to a char index of the original text */
  toIndex(location: number): number;
}

export interface ParseFailure {
  /** char index of the error in the original text */
  index: number;
  message: string;
  span: Span;
}

const CHUNK_CHARS = 256 * 1024;

export async function parseSpans(text: string, spans: Span[]): Promise<{ statements: ParsedStatement[]; failures: ParseFailure[] }> {
  const pg = await loadParser();
  const statements: ParsedStatement[] = [];
  const failures: ParseFailure[] = [];
  let i = 0;
  while (i < spans.length) {
    // One chunk: consecutive statements joined by ";\n" (comments and COPY data between them left out).
    const pieces: string[] = [];
    const offsets: number[] = []; // chunk char offset of each piece
    let size = 0;
    let j = i;
    while (j < spans.length && (j === i || size < CHUNK_CHARS)) {
      const piece = text.slice(spans[j].start, spans[j].end);
      offsets.push(size);
      pieces.push(piece);
      size += piece.length + 2;
      j++;
    }
    const chunkSpans = spans.slice(i, j);
    const chunk = pieces.join(';\n');
    const ok = tryParseChunk(pg, chunk, offsets, chunkSpans, statements);
    if (!ok) {
      for (const span of chunkSpans) {
        const piece = text.slice(span.start, span.end);
        if (!tryParseChunk(pg, piece, [0], [span], statements)) {
          const failure = describeFailure(pg, piece);
          failures.push({ index: span.start + failure.offset, message: failure.message, span });
        }
      }
    }
    i = j;
  }
  return { statements, failures };
}

function tryParseChunk(pg: PgModule, chunk: string, offsets: number[], spans: Span[], out: ParsedStatement[]): boolean {
  let result: ReturnType<PgModule['parseSync']>;
  try {
    result = pg.parseSync(chunk);
  } catch {
    return false;
  }
  const toChunkChar = byteToCharMapper(chunk);
  const toOriginal = (chunkChar: number): number => {
    // the piece holding this char: last offset <= chunkChar
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= chunkChar) lo = mid;
      else hi = mid - 1;
    }
    return spans[lo].start + Math.min(chunkChar - offsets[lo], spans[lo].end - spans[lo].start);
  };
  for (const s of result.stmts ?? []) {
    const startByte = s.stmt_location ?? 0;
    const startChunk = toChunkChar(startByte);
    const endChunk = s.stmt_len ? toChunkChar(startByte + s.stmt_len) : chunk.length;
    // leading whitespace/comments can be part of stmt_location's range: skip them
    let start = startChunk;
    while (start < endChunk && /\s/.test(chunk[start])) start++;
    out.push({
      node: s.stmt,
      start: toOriginal(start),
      end: toOriginal(Math.max(start, endChunk - 1)) + 1,
      toIndex: (location: number) => toOriginal(toChunkChar(location)),
    });
  }
  return true;
}

function describeFailure(pg: PgModule, piece: string): { offset: number; message: string } {
  try {
    pg.parseSync(piece);
    return { offset: 0, message: 'the statement could not be parsed' };
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
    const message = err.sqlDetails?.message ?? err.message ?? String(e);
    const cursor = err.sqlDetails?.cursorPosition;
    const offset = typeof cursor === 'number' && cursor >= 0 ? byteToCharMapper(piece)(cursor) : 0;
    return { offset: Math.min(offset, piece.length), message };
  }
}

/** PL/pgSQL body parse (for functions that cron jobs call). Returns undefined when rejected. */
export async function parsePlpgsql(createFunctionText: string): Promise<unknown> {
  const pg = await loadParser();
  try {
    return pg.parsePlPgSQLSync(createFunctionText);
  } catch {
    return undefined;
  }
}

/** Parses one SQL text (a cron command, a function body) whole; undefined when rejected. */
export async function parseText(sql: string): Promise<Array<{ node: AstObject }> | undefined> {
  const pg = await loadParser();
  try {
    return (pg.parseSync(sql).stmts ?? []).map((s) => ({ node: s.stmt }));
  } catch {
    return undefined;
  }
}
