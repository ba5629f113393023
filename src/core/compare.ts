/** Code-unit order of two strings, for sort(): stable across locales, so output is the same everywhere. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
