import { Lexer } from 'yaml';
import { LineIndex } from './text.js';

/**
 * YAML flow collections nested deeper than this are refused before parsing: the parser recurses
 * once per level (10,000 levels overflow the stack) and its time grows fast with depth.
 */
export const MAX_FLOW_NESTING = 64;

/**
 * The position of the first flow collection nested deeper than `limit`, found with yaml's linear
 * lexer (no recursion), or undefined. Callers refuse that document, not the whole file.
 */
export function flowTooDeep(raw: string, limit = MAX_FLOW_NESTING): { offset: number; line: number; column: number } | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(raw)) {
    if (token === '[' || token === '{') {
      if (++depth > limit) return { offset, ...new LineIndex(raw).position(offset) };
    } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    // control tokens of the lexer (document, flow end, scalar, BOM) are not source text
    if (!(token.length === 1 && '\u0002\u0018\u001f\ufeff'.includes(token))) offset += token.length;
  }
  return undefined;
}
