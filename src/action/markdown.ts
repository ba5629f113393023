/**
 * Text from the repository (file names, messages, policy wording) is hostile in a comment: it must
 * not open HTML, links, images, emphasis or table cells, and must not @-mention anyone.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Escapes text for inline Markdown (a table cell, a list item, never the start of a line): HTML
 * special characters as entities; the characters that open inline syntax backslash-escaped
 * (emphasis, code, links and images, strike-through, math, and `|`, which would end a cell); line
 * breaks folded to spaces; bidirectional controls made visible; and a zero-width space after `@`
 * so no one is mentioned.
 */
export function escapeMarkdown(text: string): string {
  const punctuationEscaped = text
    .replace(/\r\n|\r|\n/g, ' ')
    // Bidirectional controls would reorder what readers see (a file name that reads backwards):
    // shown as their code points instead.
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(/[\\`*_[\]!|~$]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200B');
  // Entities last: their own `&`, `#` and `;` must not be escaped again. Quotes stay: the text
  // never goes into an attribute.
  return punctuationEscaped.replace(/[&<>]/g, (c) => HTML[c]);
}

/** A file name or identifier in monospace, safe in a table cell. */
export function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

export type Measure = 'chars' | 'utf8-bytes';

/**
 * Cuts a Markdown document to at most `limit` (UTF-16 characters, or UTF-8 bytes where GitHub
 * counts bytes) at a line boundary, closes what the cut left open (a code fence, `<details>`),
 * and appends `footer`.
 */
export function truncateMarkdown(text: string, limit: number, footer: string, measure: Measure = 'chars'): string {
  const size = (s: string) => (measure === 'chars' ? s.length : Buffer.byteLength(s, 'utf8'));
  if (size(text) <= limit) return text;
  const budget = Math.max(0, limit - size(footer) - 200);
  // A byte budget may end inside a multi-byte character; the cut at the last newline drops it.
  let cut = measure === 'chars' ? text.slice(0, budget) : Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  const lastNewline = cut.lastIndexOf('\n');
  if (lastNewline > 0) cut = cut.slice(0, lastNewline);
  // An unterminated fence: count fence lines (the opening marks decide the closing ones).
  let openFence: string | undefined;
  for (const line of cut.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (!m) continue;
    if (openFence === undefined) openFence = m[1];
    else if (m[1]!.length >= openFence.length && line.trim() === m[1]) openFence = undefined;
  }
  let closing = openFence ? `\n${openFence}` : '';
  const opened = (cut.match(/<details[\s>]/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < opened; i++) closing += '\n\n</details>';
  return `${cut}${closing}\n\n${footer}\n`;
}
