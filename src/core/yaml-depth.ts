import { Lexer } from 'yaml';
import { LineIndex, splitLines } from './text.js';

/**
 * YAML collections nested deeper than this are refused before parsing: the parser recurses once
 * per level (10,000 flow levels, or about 900 indented ones, overflow the stack) and its time
 * grows fast with depth. Flow collections (`[[[…]]]`) are bounded tighter than indented ones,
 * which real manifests (CRDs, embedded configs) nest more deeply.
 */
export const MAX_FLOW_NESTING = 64;
export const MAX_BLOCK_NESTING = 256;

export interface TooDeep {
  offset: number;
  line: number;
  column: number;
  /** the limit that was passed */
  limit: number;
}

/**
 * Where a YAML text first nests deeper than the limits, found without recursion (yaml's linear
 * lexer for flow collections, one pass over the lines' indentation for block ones), or undefined.
 * Callers refuse that document, not the whole file.
 */
export function yamlTooDeep(raw: string, limit = MAX_FLOW_NESTING): TooDeep | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(raw)) {
    if (token === '[' || token === '{') {
      if (++depth > limit) return { offset, ...new LineIndex(raw).position(offset), limit };
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    // control tokens of the lexer (document, flow end, scalar, BOM) are not source text
    if (!(token.length === 1 && '\u0002\u0018\u001f\ufeff'.includes(token))) offset += token.length;
  }
  return blockTooDeep(raw);
}

/** The first line indented more than MAX_BLOCK_NESTING levels below the document's top. */
function blockTooDeep(raw: string): TooDeep | undefined {
  const indents: number[] = [];
  const lines = splitLines(raw);
  let offset = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    const body = line.slice(indent);
    if (body !== '' && !body.startsWith('#')) {
      if (body.startsWith('---')) indents.length = 0;
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      if (indents.length > MAX_BLOCK_NESTING) return { offset: offset + indent, line: n + 1, column: indent + 1, limit: MAX_BLOCK_NESTING };
    }
    offset += line.length + 1;
  }
  return undefined;
}
