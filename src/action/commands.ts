import { randomUUID } from 'node:crypto';

import { escapeData, escapeProperty } from '../report/github.js';

/**
 * GitHub Actions workflow commands and environment files, written the way the runner parses them
 * (actions/toolkit `command.ts` / `file-command.ts`). The escaping is the 'github' reporter's:
 * data escapes %, CR and LF; properties also escape ':' and ','.
 */
export { escapeData, escapeProperty };

export type AnnotationKind = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

/** `::error file=a.sql,line=3,col=5,title=…::message` */
export function workflowCommand(kind: AnnotationKind | 'add-mask' | 'debug', message: string, props: AnnotationProperties = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === '') continue;
    parts.push(`${key}=${escapeProperty(String(value))}`);
  }
  return `::${kind}${parts.length ? ' ' + parts.join(',') : ''}::${escapeData(message)}`;
}

/**
 * `name<<DELIMITER\nvalue\nDELIMITER\n`: safe for values with newlines. The delimiter is random and
 * checked against the value, as the runner requires.
 */
export function formatOutputs(outputs: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(outputs)) {
    let delimiter = `ghadelimiter_${randomUUID()}`;
    while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
    out += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return out;
}

/** Parses a GITHUB_OUTPUT file back (for tests and for reading our own outputs). */
export function parseOutputs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]);
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}
