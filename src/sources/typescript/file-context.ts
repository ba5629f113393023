/**
 * The file one reader of a TypeScript file works on — the compiler's API, the tree, the name, the
 * text and the scan it fills — and the small questions every part of the reader asks of it.
 */
import type { ts as TS } from 'ts-morph';
import type { Location } from '../../core/types.js';
import type { TypeScriptApi } from './load-ts.js';
import type { FileScan } from './model.js';

export interface FileContext {
  readonly ts: TypeScriptApi;
  readonly sf: TS.SourceFile;
  readonly file: string;
  readonly text: string;
  readonly scan: FileScan;
}

export function locationAt(cx: FileContext, pos: number): Location {
  const lc = cx.sf.getLineAndCharacterOfPosition(pos);
  return { file: cx.file, line: lc.line + 1, column: lc.character + 1 };
}

export function nodeLocation(cx: FileContext, node: TS.Node): Location {
  return locationAt(cx, node.getStart(cx.sf));
}

/** Does the sorted list hold an offset in [from, to)? */
export function within(sorted: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < to;
}

/** A name in the scope of its enclosing declaration: `Class.method`. */
export function qualify(scope: string, name: string): string {
  return scope ? `${scope}.${name}` : name;
}

export function hasModifier(ts: TypeScriptApi, node: TS.Node, kind: TS.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return mods?.some((m) => m.kind === kind) ?? false;
}
