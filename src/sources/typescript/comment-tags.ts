/**
 * The policy tags in a file's comments: where they are in the text, the comments directly before a
 * node (each read once, by the outermost node), a `// @policy-ignore` at the end of a line, and the
 * JSDoc and TypeDoc tags of the same names, which are not policyproof's.
 */
import type { ts as TS } from 'ts-morph';
import { parseAnnotations, type Annotation } from '../../core/annotations.js';
import { recordAnnotations } from './annotation-claims.js';
import { locationAt, within, type FileContext } from './file-context.js';
import type { FileScan, PendingTarget } from './model.js';

const TS_WRONG_PLACE = {
  category: '@category belongs on a declaration: an interface, type, class, property, variable or function',
  retention: '@retention belongs on a constant (const NAME = value) or a property with a value',
};

// (and an @-word with a Cyrillic or Greek letter: a tag typed with a look-alike, which the tag parser names)
export const TAG_IN_TEXT = /@(?:category|retention|implements|policy-ignore)\b|@[a-z]*[\u0370-\u03ff\u0400-\u04ff][a-z\u0370-\u03ff\u0400-\u04ff-]*/gi;

export class CommentTags {
  /** sorted offsets of the tags in the text */
  readonly positions: number[] = [];
  private readonly consumedComments = new Set<number>();
  private readonly consumedRanges: Array<[number, number]> = [];

  constructor(private readonly cx: FileContext) {
    TAG_IN_TEXT.lastIndex = 0;
    for (const m of cx.text.matchAll(TAG_IN_TEXT)) this.positions.push(m.index);
  }

  hasTagIn(from: number, to: number): boolean {
    return within(this.positions, from, to);
  }

  /** The tags of the comments directly before a node, each comment read once (by the outermost node). */
  takeAnnotations(node: TS.Node): Annotation[] {
    const { ts, sf, text } = this.cx;
    if (node.kind === ts.SyntaxKind.SourceFile || node.kind === ts.SyntaxKind.EndOfFileToken) return [];
    const start = node.getStart(sf);
    // Comments between a declaration's decorators or modifiers and its name are its own too
    // (`@Delete() /** @implements … */ async remove()`).
    const modifiers = ts.canHaveModifiers(node) || ts.canHaveDecorators(node) ? (node as { modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers : undefined;
    const within = (modifiers ?? []).flatMap((m) => [...(ts.getTrailingCommentRanges(text, m.end) ?? []), ...(ts.getLeadingCommentRanges(text, m.end) ?? [])]).filter((r) => this.hasTagIn(r.pos, r.end));
    if (!this.hasTagIn(node.pos, start) && within.length === 0) return [];
    // A comment on the same line as the previous token counts, for the compiler, as that token's
    // trailing comment; it is this node's when nothing but spaces separate it from the node
    // (`router.delete('/h', /** @implements … */ async () => …)`).
    const sameLine = (ts.getTrailingCommentRanges(text, node.pos) ?? []).filter((r) => !/[\r\n]/.test(text.slice(r.end, start)));
    const ranges = [...sameLine, ...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...within];
    const out: Annotation[] = [];
    for (const r of ranges) {
      if (this.consumedComments.has(r.pos) || !this.hasTagIn(r.pos, r.end)) continue;
      // A // comment carries a tag only when it starts with one; prose that mentions @category is prose.
      if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia && !/^\/\/\s*@(?:category|retention|implements|policy-ignore)\b/i.test(text.slice(r.pos, r.end))) continue;
      const lineComment = r.kind === ts.SyntaxKind.SingleLineCommentTrivia ? this.lineComment(r, start) : 'reads';
      if (lineComment === 'code') continue;
      if (lineComment === 'detached') {
        this.consumedComments.add(r.pos);
        this.cx.scan.diagnostics.push({
          code: 'annotation-error',
          message: 'this // comment is not read: a // comment carries tags only directly above a declaration (remove the blank line, or write /** … */)',
          location: locationAt(this.cx, r.pos),
        });
        continue;
      }
      this.consumedComments.add(r.pos);
      this.consumedRanges.push([r.pos, r.end]);
      const at = sf.getLineAndCharacterOfPosition(r.pos);
      out.push(...parseAnnotations(withoutJsDocHomonyms(text.slice(r.pos, r.end)), at.line + 1, at.character + 1));
    }
    return out;
  }

  /**
   * SPEC §3 names JSDoc, but people write `// @category debug-data` too; a line comment counts when
   * it sits directly above the declaration (no blank line between) and is not commented-out code
   * (a commented-out JSDoc above a live declaration would otherwise move its tag onto it).
   */
  private lineComment(r: TS.CommentRange, start: number): 'reads' | 'code' | 'detached' {
    const { text } = this.cx;
    const body = text.slice(r.pos + 2, r.end).trimStart();
    if (body.startsWith('/*') || body.startsWith('*')) return 'code';
    return /\n[ \t]*\r?\n/.test(text.slice(r.end, start)) ? 'detached' : 'reads';
  }

  /**
   * `// @policy-ignore …` at the end of a line belongs to no declaration (the compiler calls it the
   * previous token's trailing comment); it still suppresses findings on its line.
   */
  trailingSuppressions(): void {
    const { sf, text } = this.cx;
    for (const pos of this.positions) {
      if (!text.startsWith('@policy-ignore', pos)) continue;
      if (this.consumedRanges.some(([from, to]) => pos >= from && pos < to)) continue;
      const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      const slash = text.slice(lineStart, pos).lastIndexOf('//');
      if (slash === -1) continue;
      const lineEnd = text.indexOf('\n', pos);
      const from = lineStart + slash;
      const at = sf.getLineAndCharacterOfPosition(from);
      this.consumedRanges.push([from, lineEnd === -1 ? text.length : lineEnd]);
      const annotations = parseAnnotations(shortLines(text.slice(from, lineEnd === -1 ? undefined : lineEnd)), at.line + 1, at.character + 1);
      recordTags(this.cx.scan, annotations.filter((a) => a.tag === 'policy-ignore'), '', undefined, { category: false, retention: false });
    }
  }
}

/** What every annotation does wherever it stands (annotation-claims.ts), with TypeScript's words for a misplaced tag. */
export function recordTags(scan: FileScan, annotations: Annotation[], symbol: string, storeId: string | undefined, accepts: { category: boolean; retention: boolean }, target?: Omit<PendingTarget, 'index'>): void {
  recordAnnotations(scan, annotations, { symbol, storeId, accepts, wrongPlace: TS_WRONG_PLACE, target });
}

/**
 * JSDoc and TypeDoc have tags of the same names with other meanings: `@implements {Shape}` or
 * `@implements EventListener` (a class implements an interface: a capitalised type name) and TypeDoc's `@category Data Fetching` (a heading in the generated docs,
 * a capitalised title). They are blanked out (same length, so positions stay right) rather than
 * reported as malformed policy tags. A capitalised value with a "-", "_" or "," (`@category Traffic-data`)
 * is a policy id mistyped and stays, to be reported.
 */
export function withoutJsDocHomonyms(comment: string): string {
  return shortLines(comment)
    // (patterns with no two overlapping repetitions: a long run of spaces cannot make them backtrack)
    // (a PHP type may be namespaced and its generics spaced: `@implements \ArrayAccess<string, mixed>`)
    .replace(/@implements(?=[ \t]*\{|[ \t]+\\?[A-Z][\w$.<>\\|?[\]]*(?:,[ ]*[\w$.<>\\|?[\]]+)*[ \t]*(?:\*\/[ \t]*)?(?:\r?\n|$))/g, (m) => ' '.repeat(m.length))
    .replace(/@category(?=[ \t]+[A-Z][^\n,_-]*(?:\n|$))/g, (m) => ' '.repeat(m.length));
}

/** Longest comment line handed to the tag parser: no tag sits thousands of characters into a line. */
const MAX_COMMENT_LINE = 2000;

/**
 * Cuts comment lines longer than MAX_COMMENT_LINE (lines and the columns of other lines stay as
 * they are): the tag parser's clean-up of a tag's value takes time quadratic in the length of its
 * line when that line is a long run of spaces.
 */
function shortLines(comment: string): string {
  if (comment.length <= MAX_COMMENT_LINE) return comment;
  return comment.replace(/[^\n]{2001,}/g, (line) => line.slice(0, MAX_COMMENT_LINE));
}
