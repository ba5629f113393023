import type { SourceResult } from './types.js';

/** Code-unit order of two strings, for sort(): stable across locales, so output is the same everywhere. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders by file, line and column. */
export function byLocation(a: { location: { file: string; line: number; column: number } }, b: { location: { file: string; line: number; column: number } }): number {
  return cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column;
}

/** A source's result in one order, whatever order its files were read in (the same input gives the same bytes). */
export function sortResult(r: SourceResult): void {
  r.stores.sort((a, b) => byLocation(a, b) || cmp(a.id, b.id));
  r.implementations.sort((a, b) => byLocation(a, b) || cmp(`${a.category}.${a.promise}`, `${b.category}.${b.promise}`) || cmp(a.symbol, b.symbol));
  r.suppressions.sort((a, b) => byLocation(a, b) || cmp(a.rule, b.rule));
  r.diagnostics.sort((a, b) => byLocation(a, b) || cmp(a.code, b.code) || cmp(a.message, b.message));
  r.references.sort((a, b) => byLocation(a, b) || cmp(a.tag, b.tag) || cmp(a.id, b.id));
}
