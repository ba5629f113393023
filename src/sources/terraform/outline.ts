/**
 * Positions in HCL source. hcl2json gives values but no lines, so this scanner walks the text once
 * and records where each block and attribute starts (1-based line and column), in source order.
 * It understands just enough HCL to skip expressions: strings with nested `${…}`, heredocs,
 * comments and brackets. The i-th `rule` block here is the i-th `rule` element of hcl2json's output.
 */

import { parseAnnotations, type Annotation } from '../../core/annotations.js';

export interface Pos {
  line: number;
  column: number;
}

export interface OutlineBlock extends Pos {
  type: string;
  labels: string[];
  endLine: number;
  attributes: Map<string, Pos>;
  blocks: OutlineBlock[];
}

export function outline(text: string): OutlineBlock[] {
  return new Scanner(text).body(false);
}

class Scanner {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly s: string) {}

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private advance(): void {
    if (this.s.charCodeAt(this.i) === 10) {
      this.line++;
      this.lineStart = this.i + 1;
    }
    this.i++;
  }

  /** Skips spaces and comments; newlines too when `newlines`. */
  private trivia(newlines: boolean): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.advance();
      else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/')) {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else if (c === '/' && this.s[this.i + 1] === '*') {
        this.i += 2;
        while (this.i < this.s.length && !(this.s[this.i] === '*' && this.s[this.i + 1] === '/')) this.advance();
        this.i += 2;
      } else return;
    }
  }

  body(nested: boolean, attributes = new Map<string, Pos>()): OutlineBlock[] {
    const blocks: OutlineBlock[] = [];
    for (;;) {
      this.trivia(true);
      if (this.i >= this.s.length) break;
      if (this.s[this.i] === '}') {
        if (nested) {
          this.i++;
          break;
        }
        this.i++;
        continue;
      }
      const start = this.pos();
      const name = this.identifier();
      if (!name) {
        this.skipLine();
        continue;
      }
      this.trivia(false);
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
        this.i++;
        if (!attributes.has(name)) attributes.set(name, start);
        this.expression();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.trivia(false);
        if (this.s[this.i] === '"') labels.push(this.string());
        else {
          const id = this.identifier();
          if (!id) break;
          labels.push(id);
        }
      }
      if (this.s[this.i] === '{') {
        this.i++;
        const inner = new Map<string, Pos>();
        const block: OutlineBlock = { type: name, labels, ...start, endLine: start.line, attributes: inner, blocks: [] };
        block.blocks = this.body(true, inner);
        block.endLine = this.line;
        blocks.push(block);
      } else this.skipLine();
    }
    return blocks;
  }

  private identifier(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private skipLine(): void {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  /** A quoted string with nested `${…}`; returns its raw text. */
  private string(): string {
    const start = ++this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return this.s.slice(start, this.i - 1);
      } else if ((c === '$' || c === '%') && this.s[this.i + 1] === '{') {
        this.i += 2;
        this.brackets(1);
      } else if (c === '\n') {
        return this.s.slice(start, this.i); // unterminated: stop at the line end
      } else this.i++;
    }
    return this.s.slice(start);
  }

  /** Skips to the closing bracket of `depth` open brackets. */
  private brackets(depth: number): void {
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '"') this.string();
      else if (c === '{' || c === '(' || c === '[') {
        depth++;
        this.i++;
      } else if (c === '}' || c === ')' || c === ']') {
        depth--;
        this.i++;
      } else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/') || (c === '/' && this.s[this.i + 1] === '*')) this.trivia(false);
      else if (c === '<' && this.s[this.i + 1] === '<') this.heredoc();
      else this.advance();
    }
  }

  /** Skips a heredoc through its terminator line; false when `<<` was not one. */
  private heredoc(): boolean {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(this.s.slice(this.i, this.i + 300));
    if (!m) {
      this.i += 2;
      return false;
    }
    this.i += m[0].length - 1;
    this.advance();
    const marker = m[1];
    while (this.i < this.s.length) {
      let end = this.s.indexOf('\n', this.i);
      if (end === -1) end = this.s.length;
      const lineText = this.s.slice(this.i, end).trim();
      while (this.i < end) this.i++;
      if (this.i < this.s.length) this.advance();
      if (lineText === marker) return true;
    }
    return true;
  }

  /** Skips an attribute's expression: to the end of line at bracket depth 0. */
  private expression(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\n' && depth === 0) return;
      if (c === '"') this.string();
      else if (c === '<' && this.s[this.i + 1] === '<') {
        // the terminator line ends the attribute (its newline is consumed)
        if (this.heredoc() && depth === 0) return;
      } else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/') || (c === '/' && this.s[this.i + 1] === '*')) this.trivia(false);
      else if (c === '{' || c === '(' || c === '[') {
        depth++;
        this.i++;
      } else if (c === '}' || c === ')' || c === ']') {
        if (depth === 0) return; // closes the enclosing one-line block
        depth--;
        this.i++;
      } else this.advance();
    }
  }
}

/**
 * The comment lines directly above `line` (no blank line between), each with its text's position:
 * `#` and `//` lines, and a block comment (slash-star … star-slash) that ends on the line above.
 */
export function commentAbove(lines: string[], line: number): Array<{ text: string; line: number; column: number }> | undefined {
  const isComment = (l: string | undefined): boolean => l !== undefined && /^\s*(#|\/\/)/.test(l);
  const blockEnd = (l: string | undefined): boolean => l !== undefined && /\*\/\s*$/.test(l) && !/^\s*(#|\/\/)/.test(l);
  let first = line;
  for (;;) {
    const above = lines[first - 2];
    if (first - 1 < 1) break;
    if (isComment(above)) first--;
    else if (blockEnd(above)) {
      // up to the line that opens the block comment (a bounded walk: never above line 1)
      let open = first - 1;
      while (open >= 1 && !lines[open - 1]!.includes('/*')) open--;
      if (open < 1 || !/^\s*\/\*/.test(lines[open - 1]!)) break;
      first = open;
    } else break;
  }
  if (first === line) return undefined;
  const out: Array<{ text: string; line: number; column: number }> = [];
  for (let n = first; n < line; n++) {
    // `[^]` and not `.`: a comment may hold U+2028/U+2029, which `.` does not match
    const m = /^(\s*(?:#|\/\/|\/\*+|\*(?!\/))?\s?)([^]*)$/.exec(lines[n - 1]!);
    out.push(m ? { text: m[2]!, line: n, column: m[1]!.length + 1 } : { text: lines[n - 1]!, line: n, column: 1 });
  }
  return out;
}

/** The annotations written in the comment directly above a block. */
export function annotationsAbove(lines: string[], line: number): Annotation[] {
  return (commentAbove(lines, line) ?? []).flatMap((c) => parseAnnotations(c.text, c.line, c.column));
}

/**
 * The annotations of a `.tf.json` block: JSON has no comments, so Terraform reads a `"//"` key as
 * one (a string, or a list of strings). Positions are found in the file's lines.
 */
export function annotationsOfJsonComment(body: unknown, lines: string[]): Annotation[] {
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['//'] : undefined;
  const texts = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : [];
  return texts.flatMap((text) => {
    const probe = JSON.stringify(text).slice(1, 40);
    const i = lines.findIndex((l) => l.includes(probe));
    const column = i === -1 ? 1 : lines[i]!.indexOf(probe) + 1;
    return parseAnnotations(text, i === -1 ? 1 : i + 1, column);
  });
}
