/**
 * The one text layer under every source, the policy loader and the configuration: bytes become
 * text once, and one line splitter and one line/column index serve everyone.
 *
 * Encodings: UTF-8 (with or without BOM), UTF-16 LE/BE by BOM, or by pattern (the NUL bytes of
 * ASCII text written as UTF-16 — what Windows PowerShell's `>` writes). Bytes that are not valid
 * are read as U+FFFD and reported at their line.
 *
 * Line breaks: LF, CRLF and a lone CR end a line in every format we read (YAML, HCL, SQL, Prisma,
 * TypeScript, JSON, logrotate) and in every viewer (git, GitHub, SARIF), so `toText` rewrites CRLF
 * and CR to LF: line and column numbers stay exactly those of the original file, and no code
 * downstream can assume `\n` wrongly. U+2028, U+2029 and NEL (U+0085) are kept as characters:
 * YAML 1.2, HCL, SQL and JSON define them as content, not line breaks, and rewriting them would
 * change what a comment or string holds. `splitLines` and `LineIndex` count them as content too,
 * so positions agree with the parsers and with GitHub. (JavaScript's `.` and `$` stop at U+2028 and
 * U+2029: a regex over a line's content uses `[^]`; a lexer that stops there gets `maskUnicodeBreaks`.)
 */

import { Buffer, isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface TextNote {
  line: number;
  column: number;
  message: string;
}

export type Decoded =
  | { text: string; encoding: Encoding; bom: boolean; note?: TextNote; binary?: undefined }
  | { binary: string; text?: undefined };

/** How much of the file the binary and UTF-16 sniffing looks at. */
const SNIFF_BYTES = 8192;

/**
 * Bytes → text with LF line breaks. Binary content (NUL bytes that are not UTF-16) is refused with
 * the reason; invalid bytes become U+FFFD with a note at the line of the first one.
 */
export function toText(bytes: Uint8Array): Decoded {
  const decoded = decode(bytes);
  if (decoded.binary !== undefined) return decoded;
  return { ...decoded, text: normalizeBreaks(decoded.text) };
}

/** CRLF and lone CR → LF. Positions (line, column) are unchanged; only offsets shrink. */
export function normalizeBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function decode(bytes: Uint8Array): Decoded {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), true);
  if (b0 === 0xff && b1 === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0) return { binary: 'UTF-32 text (by its byte order mark) is not supported; save the file as UTF-8' };
    return utf16(bytes.subarray(2), 'utf-16le', true);
  }
  if (b0 === 0xfe && b1 === 0xff) return utf16(bytes.subarray(2), 'utf-16be', true);
  // no NUL byte in the sniffed part (the common case, one native scan): neither UTF-16 by pattern nor binary
  if (bytes.subarray(0, SNIFF_BYTES).indexOf(0) === -1) return utf8(bytes, false);
  const sniffed = sniffUtf16(bytes);
  if (sniffed) return utf16(bytes, sniffed, false);
  return { binary: 'binary file (it holds NUL bytes); not read' };
}

/**
 * UTF-16 without a BOM, by pattern: text that is mostly ASCII has a NUL in every other byte —
 * the odd ones for little-endian, the even ones for big-endian — and almost none in the others.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero === 0) return 'utf-16be';
  return undefined;
}

function utf8(bytes: Uint8Array, bom: boolean): Decoded {
  // valid UTF-8 (nearly every file): Node's own check and decoder, without a TextDecoder per file
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8', bom };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', bom };
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf-8', bom, note: invalidNote(text, 'not valid UTF-8') };
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', bom: boolean): Decoded {
  const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  let text: string;
  let note: TextNote | undefined;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(even);
  } catch {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(even);
    note = invalidNote(text, `not valid ${encoding.toUpperCase()}`);
  }
  if (text.slice(0, SNIFF_BYTES).includes('\u0000')) return { binary: `binary file (NUL characters in ${encoding.toUpperCase()} text); not read` };
  if (!note && even.length !== bytes.length) note = { ...new LineIndex(text).position(text.length), message: `${encoding.toUpperCase()} text ends with half a character; it was left out` };
  return { text, encoding, bom, note };
}

function invalidNote(text: string, what: string): TextNote {
  const bad = text.indexOf('\uFFFD');
  const at = new LineIndex(text).position(Math.max(0, bad));
  let count = 0;
  for (let i = bad; i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return { ...at, message: `${what}; ${count === 1 ? 'one invalid byte sequence was' : `${count} invalid byte sequences were`} read as U+FFFD (the first here)` };
}

/**
 * The text with U+2028, U+2029 and NEL replaced by spaces (same length, so positions hold), for a
 * parser whose lexer ends a comment or token at them although its format does not (prisma-ast).
 */
export function maskUnicodeBreaks(text: string): string {
  return /[\u2028\u2029\u0085]/.test(text) ? text.replace(/[\u2028\u2029\u0085]/g, ' ') : text;
}

const BREAK = /\r\n|\r|\n/g;

/** The lines of a text, without their line breaks (LF, CRLF, CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * 1-based line/column of offsets into a text, by a binary search over line starts. A text cut from
 * a larger file (a SQL string inside TypeScript) passes where it starts there: its first line is
 * `baseLine` and that line's columns are offset by `baseColumn`.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(
    readonly text: string,
    private readonly baseLine = 1,
    private readonly baseColumn = 1,
  ) {
    if (!text.includes('\r')) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    else for (const m of text.matchAll(BREAK)) this.starts.push(m.index + m[0].length);
  }

  /** 0-based line of an offset */
  lineOf(offset: number): number {
    return lastAtOrBelow(this.starts, Math.max(0, Math.min(offset, this.text.length)));
  }

  /** line and column (1-based; the column counts UTF-16 code units, as editors and SARIF do) of an offset */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const l = this.lineOf(o);
    const column = o - this.starts[l]! + 1;
    return { line: this.baseLine + l, column: l === 0 ? column + this.baseColumn - 1 : column };
  }

  /** offset of a 1-based line and column (clamped to the text) */
  offset(line: number, column = 1): number {
    const start = this.starts[Math.max(0, Math.min(line - this.baseLine, this.starts.length - 1))]!;
    return Math.min(this.text.length, start + Math.max(0, column - 1));
  }

  /** offset where a 0-based line starts (the text's length past its last line) */
  lineStart(lineZero: number): number {
    return this.starts[lineZero] ?? this.text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * The index of the last number of `sorted` (ascending, its first at most `x`) that is at most `x`:
 * the line a list of line starts puts an offset on. A binary search.
 */
export function lastAtOrBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `U+0441 CYRILLIC SMALL LETTER ES` for the characters people confuse with ASCII; undefined for others. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const name = CHAR_NAMES[cp];
  return name ? `U+${hex} ${name}` : `U+${hex}`;
}

/**
 * Names of the look-alikes of the characters annotation ids and tags are made of (Unicode names,
 * from UnicodeData.txt): Cyrillic and Greek letters that look Latin, dashes that look like "-",
 * and the invisible or space characters that slip in by copy and paste.
 */
const CHAR_NAMES: Record<number, string> = {
  0x0430: 'CYRILLIC SMALL LETTER A', 0x0435: 'CYRILLIC SMALL LETTER IE', 0x043e: 'CYRILLIC SMALL LETTER O',
  0x0440: 'CYRILLIC SMALL LETTER ER', 0x0441: 'CYRILLIC SMALL LETTER ES', 0x0443: 'CYRILLIC SMALL LETTER U',
  0x0445: 'CYRILLIC SMALL LETTER HA', 0x0456: 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I',
  0x0458: 'CYRILLIC SMALL LETTER JE', 0x0455: 'CYRILLIC SMALL LETTER DZE', 0x0501: 'CYRILLIC SMALL LETTER KOMI DE',
  0x04bb: 'CYRILLIC SMALL LETTER SHHA', 0x0261: 'LATIN SMALL LETTER SCRIPT G', 0x0131: 'LATIN SMALL LETTER DOTLESS I',
  0x03bf: 'GREEK SMALL LETTER OMICRON', 0x03b1: 'GREEK SMALL LETTER ALPHA', 0x03b9: 'GREEK SMALL LETTER IOTA',
  0x03bd: 'GREEK SMALL LETTER NU', 0x03c1: 'GREEK SMALL LETTER RHO', 0x03c5: 'GREEK SMALL LETTER UPSILON',
  0x0410: 'CYRILLIC CAPITAL LETTER A', 0x0415: 'CYRILLIC CAPITAL LETTER IE', 0x041e: 'CYRILLIC CAPITAL LETTER O',
  0x0421: 'CYRILLIC CAPITAL LETTER ES', 0x0420: 'CYRILLIC CAPITAL LETTER ER',
  0x2010: 'HYPHEN', 0x2011: 'NON-BREAKING HYPHEN', 0x2012: 'FIGURE DASH', 0x2013: 'EN DASH', 0x2014: 'EM DASH',
  0x2212: 'MINUS SIGN', 0x00ad: 'SOFT HYPHEN', 0x00a0: 'NO-BREAK SPACE', 0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER', 0x2060: 'WORD JOINER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xff0d: 'FULLWIDTH HYPHEN-MINUS', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR', 0x0085: 'NEXT LINE (NEL)',
};
