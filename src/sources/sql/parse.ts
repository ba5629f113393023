/**
 * The real PostgreSQL parser (libpg-query, WASM), loaded once and lazily. Statements found by the
 * lexer are parsed in chunks (fast: one WASM call per ~256 KB); a chunk the parser rejects is
 * parsed again statement by statement, so one bad statement costs one diagnostic and nothing else.
 */
import { lastAtOrBelow } from '../../core/text.js';
import { byteToCharMapper, type Span } from './lex.js';

export type AstObject = { [key: string]: unknown };

export interface PgModule {
  parseSync(query: string): { stmts?: Array<{ stmt: AstObject; stmt_location?: number; stmt_len?: number }> };
  parsePlPgSQLSync(query: string): unknown;
  loadModule(): Promise<void>;
}

let loading: Promise<PgModule> | undefined;
let loaded: PgModule | undefined;

/** The parser once loadParser() has resolved (statements are replayed after their file is parsed). */
export function parserSync(): PgModule | undefined {
  return loaded;
}

/** libpg-query, initialised once. */
export function loadParser(): Promise<PgModule> {
  loading ??= (async () => {
    const mod = (await import('libpg-query')) as unknown as PgModule;
    await mod.loadModule();
    loaded = mod;
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
  return (await parseTexts([{ text, spans }]))[0];
}

/**
 * Parses the statements of several texts (the files of one migration folder) in shared chunks:
 * many small migrations cost a few parser calls instead of one each.
 */
export async function parseTexts(inputs: Array<{ text: string; spans: Span[] }>): Promise<Array<{ statements: ParsedStatement[]; failures: ParseFailure[] }>> {
  const out = inputs.map(() => ({ statements: [] as ParsedStatement[], failures: [] as ParseFailure[] }));
  await parseTextsInChunks(inputs, (input, statements, failures) => {
    out[input].statements.push(...statements);
    out[input].failures.push(...failures);
  });
  return out;
}

/** What a chunk gave for one input: its statements (in text order) and the statements rejected. */
export type ChunkSink = (input: number, statements: ParsedStatement[], failures: ParseFailure[]) => void;

/**
 * Parses chunk after chunk and hands each chunk's statements to `sink` before parsing the next, so
 * a huge dump's syntax trees never all live at once (what makes garbage collection expensive).
 * Inputs and statements reach the sink in text order.
 */
export async function parseTextsInChunks(inputs: Array<{ text: string; spans: Span[] }>, sink: ChunkSink): Promise<void> {
  parseTextsInChunksWith(loaded ?? (await loadParser()), inputs, sink);
}

/** parseTextsInChunks with the parser loaded (parserSync()): at once, no wait. */
export function parseTextsInChunksWith(pg: PgModule, inputs: Array<{ text: string; spans: Span[] }>, sink: ChunkSink): void {
  // One file of moderate size: parse it as it is (no copying into chunks); the chunked path below
  // is the fallback when PostgreSQL rejects something in it, and the way for large files.
  if (inputs.length === 1 && inputs[0].spans.length > 0 && inputs[0].text.length <= WHOLE_TEXT_CHARS) {
    const whole = parseWhole(pg, inputs[0].text);
    if (whole) {
      sink(0, whole, []);
      return;
    }
  }
  const all: Array<{ input: number; span: Span }> = [];
  inputs.forEach((inp, input) => {
    for (const span of inp.spans) all.push({ input, span });
  });
  let i = 0;
  while (i < all.length) {
    // One chunk: consecutive statements joined by ";\n" (comments and COPY data between them left out).
    const pieces: string[] = [];
    const offsets: number[] = []; // chunk char offset of each piece
    let size = 0;
    let j = i;
    while (j < all.length && (j === i || size < CHUNK_CHARS)) {
      const { input, span } = all[j];
      const piece = inputs[input].text.slice(span.start, span.end);
      offsets.push(size);
      pieces.push(piece);
      size += piece.length + 2;
      j++;
    }
    const chunkItems = all.slice(i, j);
    const got = new Map<number, { statements: ParsedStatement[]; failures: ParseFailure[] }>();
    const slot = (input: number) => {
      let g = got.get(input);
      if (!g) got.set(input, (g = { statements: [], failures: [] }));
      return g;
    };
    const collect = { push: (input: number, st: ParsedStatement) => slot(input).statements.push(st) };
    if (!tryParseChunk(pg, pieces.join(';\n'), offsets, chunkItems, collect)) {
      got.clear();
      for (const item of chunkItems) {
        const piece = inputs[item.input].text.slice(item.span.start, item.span.end);
        if (!tryParseChunk(pg, piece, [0], [item], collect)) {
          const failure = describeFailure(pg, piece);
          slot(item.input).failures.push({ index: item.span.start + failure.offset, message: failure.message, span: item.span });
        }
      }
    }
    for (const input of [...got.keys()].sort((a, b) => a - b)) {
      const g = got.get(input)!;
      sink(input, g.statements, g.failures);
    }
    i = j;
  }
}

const WHOLE_TEXT_CHARS = CHUNK_CHARS;

/** A text of moderate size parsed whole (its statements in text order), or undefined: too large, or rejected. */
export function parseWholeText(pg: PgModule, text: string): ParsedStatement[] | undefined {
  return text.length <= WHOLE_TEXT_CHARS ? parseWhole(pg, text) : undefined;
}

function parseWhole(pg: PgModule, text: string): ParsedStatement[] | undefined {
  let result: ReturnType<PgModule['parseSync']>;
  try {
    result = pg.parseSync(text);
  } catch {
    return undefined;
  }
  const toChar = byteToCharMapper(text);
  const out: ParsedStatement[] = [];
  for (const s of result.stmts ?? []) {
    const startByte = s.stmt_location ?? 0;
    const end = s.stmt_len ? toChar(startByte + s.stmt_len) : text.length;
    const start = skipTrivia(text, toChar(startByte), end);
    out.push({ node: s.stmt, start, end: Math.max(start, end), toIndex: toChar });
  }
  return out;
}

/** Skips whitespace and comments: where a statement's first token is. */
function skipTrivia(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? to : close + 2;
    } else break;
  }
  return Math.min(i, to);
}

function tryParseChunk(
  pg: PgModule,
  chunk: string,
  offsets: number[],
  items: Array<{ input: number; span: Span }>,
  out: { push(input: number, statement: ParsedStatement): void },
): boolean {
  let result: ReturnType<PgModule['parseSync']>;
  try {
    result = pg.parseSync(chunk);
  } catch {
    return false;
  }
  const toChunkChar = byteToCharMapper(chunk);
  // the piece holding a chunk char: the last offset <= it
  const pieceOf = (chunkChar: number): number => lastAtOrBelow(offsets, chunkChar);
  const inPiece = (piece: number, chunkChar: number): number => {
    const span = items[piece].span;
    return span.start + Math.max(0, Math.min(chunkChar - offsets[piece], span.end - span.start));
  };
  const stmts = result.stmts ?? [];
  // Each piece must be exactly one statement: an unterminated quote that swallowed the separator
  // into the next piece (or a statement the lexer split differently) sends the chunk back to be
  // parsed piece by piece.
  if (stmts.length !== items.length) return false;
  const starts = stmts.map((s) => toChunkChar(s.stmt_location ?? 0));
  for (let k = 0; k < starts.length; k++) {
    let p = starts[k];
    while (p < chunk.length && /\s/.test(chunk[p])) p++;
    if (pieceOf(p) !== k) return false;
  }
  for (const s of stmts) {
    const startByte = s.stmt_location ?? 0;
    const startChunk = toChunkChar(startByte);
    const endChunk = s.stmt_len ? toChunkChar(startByte + s.stmt_len) : chunk.length;
    // leading whitespace/comments can be part of stmt_location's range: skip them
    let start = startChunk;
    while (start < endChunk && /\s/.test(chunk[start])) start++;
    const piece = pieceOf(start);
    out.push(items[piece].input, {
      node: s.stmt,
      start: inPiece(piece, start),
      end: inPiece(piece, Math.max(start, endChunk - 1)) + 1,
      toIndex: (location: number) => inPiece(piece, toChunkChar(location)),
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
    // an operator or cast chain thousands long parses, but its tree is too deep to read back
    const overflow = e instanceof RangeError && /call stack/i.test(e.message);
    const message = overflow ? 'the statement is nested too deeply to read (an expression or cast chain thousands of levels long)' : (err.sqlDetails?.message ?? err.message ?? String(e));
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
