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
}

export function refuseDeepBlocks(text: string, limit: number, comments: { hash: boolean }): { text: string; refused: RefusedBlock[] } {
  const refused: Array<RefusedBlock & { from: number; to: number }> = [];
  let depth = 0;
  let blockStart = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
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
      }
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((c === 125 || c === 93 || c === 41) && depth > 0) {
      depth--;
      if (depth === 0 && deepest > limit) refused.push({ from: blockStart, to: i + 1, depth: deepest, line: 0, column: 0 });
    }
  }
  if (depth > 0 && deepest > limit) refused.push({ from: blockStart, to: text.length, depth: deepest, line: 0, column: 0 });
  if (refused.length === 0) return { text, refused: [] };
  const index = new LineIndex(text);
  let out = '';
  let last = 0;
  for (const r of refused) {
    out += text.slice(last, r.from) + text.slice(r.from, r.to).replace(/[^\n]/g, ' ');
    last = r.to;
  }
  out += text.slice(last);
  return { text: out, refused: refused.map((r) => ({ ...index.position(r.from), depth: r.depth })) };
}
