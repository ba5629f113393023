import { LineIndex } from './text.js';

/**
 * Deep nesting refused per block, not per file. Parsers of block formats (Prisma, HCL) recurse
 * once per bracket level, so 10,000 levels overflow the stack and lose the whole file. This scan
 * is linear and iterative: it finds each top-level block (from the line where a bracket opens at
 * depth 0 to the bracket that closes it) whose nesting passes `limit`, and blanks that block —
 * every character but line breaks becomes a space — so the rest of the file parses with its
 * positions unchanged.
 */
export interface RefusedBlock {
  line: number;
  column: number;
  depth: number;
  /** the block's `?` (conditionals), when they are why it was refused */
  conditionals?: number;
}

interface Span {
  from: number;
  to: number;
  depth: number;
  /** `?` outside strings and comments: each may open a conditional, which the parser recurses into */
  conditionals: number;
}

/**
 * Each top-level block of a brace format, from the start of the line where its first bracket opens
 * at depth 0 to the bracket that closes it (or the end of the text), with its deepest nesting.
 * One linear, iterative pass: strings end at their quote or the line's end, comments are skipped;
 * a run of prefix operators (`-`, `!`) counts as nesting, as the parsers recurse once per operator.
 */
function topLevelBlocks(text: string, comments: { hash: boolean }): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let blockStart = 0;
  let deepest = 0;
  let conditionals = 0;
  // a run of prefix operators (`- - -1`, `!!!x`) nests as deep as brackets in the parser
  let prefixRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 33) {
      prefixRun++;
      if (depth > 0 && depth + prefixRun > deepest) deepest = depth + prefixRun;
      continue;
    }
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) prefixRun = 0;
    if (c === 63) {
      conditionals++;
    } else if (c === 34) {
      // a string: to its closing quote or the end of the line
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34 || s === 10) break;
      }
    } else if ((c === 47 && text.charCodeAt(i + 1) === 47) || (comments.hash && c === 35)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === 123 || c === 91 || c === 40) {
      if (depth === 0) {
        blockStart = text.lastIndexOf('\n', i) + 1;
        deepest = 0;
        conditionals = 0;
      }
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((c === 125 || c === 93 || c === 41) && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ from: blockStart, to: i + 1, depth: deepest, conditionals });
    }
  }
  if (depth > 0) spans.push({ from: blockStart, to: text.length, depth: deepest, conditionals });
  return spans;
}

/** The text with each span blanked: line breaks kept, lines over `maxLine` emptied, the rest spaces (positions kept). */
function blank(text: string, spans: Array<{ from: number; to: number }>, maxLine = Infinity): string {
  let out = '';
  let last = 0;
  for (const r of [...spans].sort((a, b) => a.from - b.from)) {
    if (r.from < last) continue;
    out += text.slice(last, r.from) + text.slice(r.from, r.to).replace(/[^\n]+/g, (m) => (m.length > maxLine ? '' : ' '.repeat(m.length)));
    last = r.to;
  }
  return out + text.slice(last);
}

/**
 * `maxConditionals`: a block with more `?` is refused too (with `conditionals` set). A parser that
 * recurses into each branch of `a ? b : c` (HCL's) nests once per conditional of a chain, which
 * no bracket shows; a real block holds a few dozen.
 */
export function refuseDeepBlocks(text: string, limit: number, comments: { hash: boolean }, maxConditionals = Infinity): { text: string; refused: RefusedBlock[] } {
  const refused = topLevelBlocks(text, comments).filter((s) => s.depth > limit || s.conditionals > maxConditionals);
  if (refused.length === 0) return { text, refused: [] };
  const index = new LineIndex(text);
  return {
    text: blank(text, refused),
    refused: refused.map((r) => ({ ...index.position(r.from), depth: r.depth, ...(r.depth > limit ? {} : { conditionals: r.conditionals }) })),
  };
}

export interface RefusedLine {
  line: number;
  length: number;
  /** the lines of the block refused with it, when the long line was not a comment */
  block?: { line: number; endLine: number };
}

/**
 * Lines longer than `maxLine` refused per line or per block, not per file: a comment line is
 * emptied on its own; any other long line takes the top-level block it is in with it (a block
 * read without one of its lines could say something the file does not). Line numbers and the
 * columns of every other line stay those of the original text.
 */
export function refuseLongLines(text: string, maxLine: number, comments: { hash: boolean }): { text: string; refused: RefusedLine[] } {
  const long: Array<{ from: number; to: number }> = [];
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (end - start > maxLine) long.push({ from: start, to: end });
    start = end + 1;
  }
  if (long.length === 0) return { text, refused: [] };
  const index = new LineIndex(text);
  const spans = topLevelBlocks(text, comments);
  const cut: Array<{ from: number; to: number }> = [];
  const refused: RefusedLine[] = [];
  for (const l of long) {
    const head = text.slice(l.from, l.from + 64).trimStart();
    const comment = head.startsWith('//') || (comments.hash && head.startsWith('#'));
    const span = comment ? undefined : spans.find((s) => s.from <= l.from && l.from < s.to);
    const { line } = index.position(l.from);
    if (span) {
      cut.push(span);
      refused.push({ line, length: l.to - l.from, block: { line: index.position(span.from).line, endLine: index.position(span.to).line } });
    } else {
      cut.push(l);
      refused.push({ line, length: l.to - l.from });
    }
  }
  return { text: blank(text, cut, maxLine), refused };
}

/**
 * A text over `maxChars` parsed without its largest top-level blocks, largest first, until the
 * rest fits: each refused block is emptied (line breaks kept, so line numbers stay). Undefined
 * when the blocks are not what makes it large (the rest alone would still be over).
 */
export function refuseLargestBlocks(text: string, maxChars: number, comments: { hash: boolean }): { text: string; refused: Array<{ line: number; endLine: number; length: number }> } | undefined {
  const spans = topLevelBlocks(text, comments).sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const cut: Span[] = [];
  let size = text.length;
  for (const s of spans) {
    if (size <= maxChars) break;
    cut.push(s);
    size -= s.to - s.from;
  }
  if (size > maxChars) return undefined;
  const index = new LineIndex(text);
  const refused = cut.map((s) => ({ line: index.position(s.from).line, endLine: index.position(s.to).line, length: s.to - s.from })).sort((a, b) => a.line - b.line);
  return { text: blank(text, cut, 0), refused };
}

/**
 * Whether a parsed JSON value nests deeper than `limit` (objects and arrays), found without
 * recursion: JSON.parse builds any depth, but every recursive walk of the value after it (and
 * JSON.stringify) overflows the stack near 10,000 levels. Callers refuse that entry.
 */
export function jsonDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
