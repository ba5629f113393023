import type { Finding } from '../core/types.js';

/**
 * The policy's promise a finding protects, quoted in each language it is written in (the first
 * quoted, the others named by tag): `"Vi lagrar … 60 dagar." (en: "We store … 60 days.")`.
 */
export function promiseQuote(f: Pick<Finding, 'promise'>): string {
  const entries = Object.entries(f.promise?.text ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return '';
  const [[, first], ...rest] = entries;
  return `"${first}"${rest.map(([lang, t]) => ` (${lang}: "${t}")`).join('')}`;
}

/**
 * The message with the promise appended, for the machine formats and the PR comment (SARIF,
 * markdown, GitHub annotations); the terminal keeps the short message and quotes only with --verbose.
 */
export function withPromise(f: Pick<Finding, 'message' | 'promise'>): string {
  const q = promiseQuote(f);
  return q ? `${f.message} Policy: ${q}` : f.message;
}
