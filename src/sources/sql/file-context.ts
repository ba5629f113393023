/** Positions, and which comments belong to which definition, inside one SQL file. */
import type { Location } from '../../core/types.js';
import type { LineIndex, SqlComment } from './lex.js';
import type { ParsedStatement } from './parse.js';

/**
 * Can this text hold an annotation at all? What parseAnnotations (core/annotations.ts) reads is a
 * tag (`@category`, `@retention`, `@implements`, `@policy-ignore`, in any case) or a look-alike of
 * one (an `@` word with a non-ASCII letter, which it reports); a text with neither gives nothing,
 * so its comments need not be looked up (a JSDoc `@type` or an e-mail address is no reason to).
 */
const MAY_ANNOTATE = /@(?:category|retention|implements|policy-ignore)|@[a-z-]*[^\x00-\x7f]/i;

export function mayAnnotate(text: string): boolean {
  return text.includes('@') && MAY_ANNOTATE.test(text);
}

// a file whose comments hold no tag indexes none: these stay empty
const NO_OWN_LINE: ReadonlyMap<number, SqlComment> = new Map();
const NO_TRAILING: ReadonlyMap<number, SqlComment[]> = new Map();

export class FileContext {
  private readonly ownLineByEndLine: ReadonlyMap<number, SqlComment> = NO_OWN_LINE;
  private readonly trailingByLine: ReadonlyMap<number, SqlComment[]> = NO_TRAILING;
  /**
   * Can any comment of the file hold a tag (mayAnnotate)? Only such comments annotate, so in a file
   * with none (most migrations) no definition has comments worth looking up, and none are indexed.
   */
  readonly annotates: boolean;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly lines: LineIndex,
    comments: SqlComment[],
  ) {
    this.annotates = comments.some((c) => mayAnnotate(c.text));
    if (!this.annotates) return;
    const ownLine = new Map<number, SqlComment>();
    const trailing = new Map<number, SqlComment[]>();
    for (const c of comments) {
      if (c.ownLine) ownLine.set(lines.lineOf(Math.max(c.start, c.end - 1)), c);
      else {
        const l = lines.lineOf(c.start);
        trailing.set(l, [...(trailing.get(l) ?? []), c]);
      }
    }
    this.ownLineByEndLine = ownLine;
    this.trailingByLine = trailing;
  }
  loc(index: number): Location {
    const p = this.lines.position(index);
    return { file: this.file, line: p.line, column: p.column };
  }
  lineZero(index: number): number {
    return this.lines.lineOf(index);
  }
  /** The `--` comments directly above a line (contiguous, own-line) and trailing on it. */
  commentsFor(lineZero: number, at: number, statement: boolean): Array<{ comment: SqlComment }> {
    if (!this.annotates) return [];
    const out: Array<{ comment: SqlComment }> = [];
    let l = lineZero - 1;
    while (l >= 0) {
      const c = this.ownLineByEndLine.get(l);
      if (!c) break;
      out.unshift({ comment: c });
      l = this.lines.lineOf(c.start) - 1;
    }
    if (statement) for (const comment of this.trailingByLine.get(lineZero) ?? []) out.push({ comment });
    else out.push(...this.trailingAfter(lineZero, at));
    return out;
  }
  /** Trailing comments on a line after a position (for a column sharing the CREATE TABLE line). */
  trailingAfter(lineZero: number, at: number): Array<{ comment: SqlComment }> {
    const list = this.trailingByLine.get(lineZero);
    if (!list) return [];
    return list.filter((c) => c.start > at).slice(-1).map((comment) => ({ comment }));
  }
  /** The char index of the string of COMMENT ON … IS '…' (for annotation positions). */
  commentStringIndex(s: ParsedStatement): number {
    const stmt = this.text.slice(s.start, s.end);
    const m = /\bIS\s+(?:E?'|\$[A-Za-z_]*\$)/gi;
    let last = -1;
    let len = 0;
    for (let hit = m.exec(stmt); hit; hit = m.exec(stmt)) {
      last = hit.index;
      len = hit[0].length;
    }
    return last < 0 ? s.start : s.start + last + len;
  }
}
