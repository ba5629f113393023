/**
 * Escaping for HTML and XML output. Policy text is outside input: every string that reaches a page
 * goes through one of these, and control characters that XML forbids are replaced.
 */

// C0 controls except tab, newline and carriage return, DEL, and the two non-characters XML rejects.
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text content and attribute values alike (quotes are escaped too). */
export function esc(text: string): string {
  return text.replace(FORBIDDEN_CONTROLS, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A section id as a URL fragment. */
export function fragment(id: string): string {
  return `#${encodeURIComponent(id)}`;
}
