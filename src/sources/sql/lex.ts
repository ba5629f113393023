/**
 * A small PostgreSQL lexer that only knows what separates statements: quotes ('…', E'…', "…"),
 * dollar quotes ($tag$…$tag$), comments (-- and nested /* *\/), `BEGIN ATOMIC … END` bodies,
 * `COPY … FROM stdin` data and psql meta-commands (\connect, \restrict). It works on JS string
 * indices, so positions never suffer from UTF-8 byte offsets, and it never fails: an unterminated
 * quote simply runs to the end of the text, where the parser will reject that one statement.
 */

export interface Span {
  /** char index of the first character of the statement (after leading whitespace/comments) */
  start: number;
  /** char index just past the statement (the `;` excluded) */
  end: number;
}

export interface SqlComment {
  /** the comment's text without `--` or `/*`, `*\/` */
  text: string;
  /** char index of `text`'s first character */
  textStart: number;
  /** char index of the comment's first character (`-` or `/`) */
  start: number;
  end: number;
  /** true when only whitespace precedes the comment on its line */
  ownLine: boolean;
}

export interface Lexed {
  statements: Span[];
  comments: SqlComment[];
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
export const isIdentChar = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;

/**
 * Where a quoted string or identifier that started before `from` ends: just past its closing
 * `quote` (a doubled quote is one literal quote; with `backslashEscapes`, E'…' strings, `\x` too),
 * or the end of the text when it is never closed.
 */
export function quotedEnd(text: string, from: number, quote: number, backslashEscapes: boolean): number {
  const n = text.length;
  let j = from;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (backslashEscapes && d === 92) {
      j += 2;
      continue;
    }
    if (d === quote) {
      if (text.charCodeAt(j + 1) === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return n;
}

const DELIMITER_LINE = /^DELIMITER[ \t]/i;

/** The words lexSql looks for, lower-case. */
const KEYWORDS = ['atomic', 'begin', 'case', 'end', 'copy', 'stdin', 'from'];

/**
 * The keyword text[at, at + length) is, in any case, or '' (no string is made for a word: a
 * statement is mostly words that are none). A letter's case is its 0x20 bit; no other character an
 * identifier holds matches a keyword's letter with that bit set, nor lower-cases to one.
 */
function keywordAt(text: string, at: number, length: number): string {
  if (length < 3 || length > 6) return '';
  for (const k of KEYWORDS) {
    if (k.length !== length) continue;
    let m = 0;
    while (m < length && (text.charCodeAt(at + m) | 0x20) === k.charCodeAt(m)) m++;
    if (m === length) return k;
  }
  return '';
}

/**
 * `mysql`: MySQL's, MariaDB's and ClickHouse's own lexing — a backslash escapes the next character in
 * '…' and "…" strings (`COMMENT 'use \\'contact-type\\' = …'`), `…` quotes a name, `#` starts a comment,
 * and the mysql client's `DELIMITER $$` line makes `$$` end a statement (until `DELIMITER ;`), so a
 * procedure's body is one statement; no dollar quotes and no psql meta-commands.
 */
export function lexSql(text: string, mysql = false): Lexed {
  const statements: Span[] = [];
  const comments: SqlComment[] = [];
  const n = text.length;
  let i = 0;
  let stmtStart = -1; // first significant char of the current statement
  let lineHasCode = false; // something other than whitespace/comments seen on the current line
  // BEGIN ATOMIC … END: semicolons inside do not end the statement.
  let atomicDepth = 0;
  let prevWord = '';
  let copyFromStdin = false;
  // the statement delimiter the mysql client's DELIMITER line set (MySQL only)
  let delimiter = ';';
  let words = 0;
  let firstWord = '';

  const endStatement = (end: number): void => {
    if (stmtStart >= 0) statements.push({ start: stmtStart, end });
    stmtStart = -1;
    atomicDepth = 0;
    prevWord = '';
    words = 0;
    firstWord = '';
  };
  const mark = (at: number): void => {
    if (stmtStart < 0) stmtStart = at;
    lineHasCode = true;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineHasCode = false;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (mysql) {
      // `DELIMITER $$` at the start of a statement: the rest of its line is the new delimiter
      if (stmtStart < 0 && (c | 0x20) === 100 && DELIMITER_LINE.test(text.slice(i, i + 10))) {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? n : nl;
        const word = /^DELIMITER[ \t]+(\S+)/i.exec(text.slice(i, end));
        if (word) delimiter = word[1];
        i = end;
        continue;
      }
      if (delimiter !== ';' && text.startsWith(delimiter, i)) {
        endStatement(i);
        i += delimiter.length;
        lineHasCode = true;
        continue;
      }
    }
    // psql meta-command: a backslash at the start of a statement runs to the end of its line.
    if (c === 92 && stmtStart < 0 && !mysql) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    // a meta-command after a query on its line (`SELECT … \gexec`): the query ends there (\g, \gexec,
    // \gset, \watch send it, like `;`), the rest of the line is psql's, not SQL (a backslash is no
    // SQL token outside a string)
    if (c === 92 && atomicDepth === 0 && !mysql) {
      const nl = text.indexOf('\n', i);
      endStatement(i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if ((c === 45 && text.charCodeAt(i + 1) === 45) || (c === 35 && mysql)) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      const from = c === 35 ? i + 1 : i + 2;
      comments.push({ text: text.slice(from, end).replace(/\r$/, ''), textStart: from, start: i, end, ownLine: !lineHasCode });
      i = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      comments.push({ text: text.slice(i + 2, depth === 0 ? j - 2 : j), textStart: i + 2, start: i, end: j, ownLine: !lineHasCode });
      i = j;
      continue;
    }
    if (c === 59) {
      if (atomicDepth > 0 || delimiter !== ';') {
        // (a stray `;` after a custom delimiter, `END$$;`, starts no statement: `DELIMITER ;` follows)
        if (stmtStart >= 0) mark(i);
        i++;
        continue;
      }
      const isCopy = copyFromStdin;
      endStatement(i);
      copyFromStdin = false;
      i++;
      lineHasCode = true;
      if (isCopy) {
        // COPY … FROM stdin data runs up to a line holding only `\.`
        const m = /\n\\\.[ \t]*\r?(?:\n|$)/g;
        m.lastIndex = i - 1;
        const hit = m.exec(text);
        i = hit ? hit.index + hit[0].length : n;
        lineHasCode = false;
      }
      continue;
    }
    if (c === 39 || ((c === 69 || c === 101) && text.charCodeAt(i + 1) === 39 && !isIdentChar(text.charCodeAt(i - 1)) && !mysql)) {
      mark(i);
      const prefixed = c !== 39;
      i = quotedEnd(text, prefixed ? i + 2 : i + 1, 39, prefixed || mysql);
      prevWord = '';
      continue;
    }
    if (c === 34 || (c === 96 && mysql)) {
      mark(i);
      i = quotedEnd(text, i + 1, c, c === 34 && mysql);
      prevWord = '';
      continue;
    }
    if (c === 36 && !isIdentChar(text.charCodeAt(i - 1)) && !mysql) {
      const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        mark(i);
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
        prevWord = '';
        continue;
      }
    }
    if (isIdentStart(c)) {
      mark(i);
      let j = i + 1;
      // (the mysql client ends a statement at its delimiter wherever it stands: END$$)
      const custom = mysql && delimiter !== ';';
      while (j < n && isIdentChar(text.charCodeAt(j)) && !(custom && text.startsWith(delimiter, j))) j++;
      // only the short keywords matter here (begin atomic … end, case, copy … from stdin)
      const word = keywordAt(text, i, j - i);
      words++;
      if (words === 1) firstWord = word;
      if (word === 'atomic' && prevWord === 'begin') atomicDepth++;
      else if (atomicDepth > 0 && (word === 'case' || (word === 'begin' && prevWord !== 'begin'))) atomicDepth++;
      else if (atomicDepth > 0 && word === 'end') atomicDepth--;
      if (firstWord === 'copy' && word === 'stdin' && prevWord === 'from') copyFromStdin = true;
      prevWord = word;
      i = j;
      continue;
    }
    mark(i);
    prevWord = '';
    i++;
  }
  endStatement(n);
  return { statements, comments };
}

/** line/column mapping: the one of the text layer (a SQL text inside another file passes its start) */
export { LineIndex } from '../../core/text.js';

/** ASCII text: a byte offset is the char index (one function for every such text). */
const sameOffset = (b: number): number => b;

/** Maps UTF-8 byte offsets of `text` (what libpg-query reports) to JS string indices. */
export function byteToCharMapper(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return sameOffset;
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    if (cp >= 0x10000) i++;
  }
  return (b) => (b >= map.length ? text.length : b < 0 ? 0 : map[b]);
}
