import { readFile } from 'node:fs/promises';

/** What the Action needs from the workflow event; everything else in the payload is ignored. */
export type ActionEvent =
  | {
      kind: 'pull_request';
      number: number;
      baseSha: string;
      baseRef?: string;
      headSha?: string;
      /** the PR's own count, when the payload carries it (decides API listing vs git diff) */
      changedFiles?: number;
      /** the head repository is not the base repository: the token is read-only */
      fromFork: boolean;
    }
  | { kind: 'other'; name: string };

export class EventError extends Error {}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads `GITHUB_EVENT_PATH` for a pull-request event. Throws EventError with a one-line reason
 * when the file is missing, unreadable, not JSON or lacks the fields a PR event must have.
 */
export async function readEvent(eventName: string, eventPath: string | undefined): Promise<ActionEvent> {
  if (!PR_EVENTS.has(eventName)) return { kind: 'other', name: eventName || 'unknown' };
  if (!eventPath) throw new EventError('GITHUB_EVENT_PATH is not set');
  let text: string;
  try {
    text = await readFile(eventPath, 'utf8');
  } catch (err) {
    throw new EventError(`cannot read the event file ${eventPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (text.length > 64 * 1024 * 1024) throw new EventError(`the event file ${eventPath} is larger than 64 MB`);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    throw new EventError(`the event file ${eventPath} is not valid JSON: ${(err as Error).message}`);
  }
  const pr = field(payload, 'pull_request');
  const number = field(pr, 'number') ?? field(payload, 'number');
  const baseSha = field(field(pr, 'base'), 'sha');
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw new EventError(`the event file ${eventPath} has no pull_request.number`);
  }
  if (typeof baseSha !== 'string' || !SHA.test(baseSha)) {
    throw new EventError(`the event file ${eventPath} has no valid pull_request.base.sha`);
  }
  const headSha = field(field(pr, 'head'), 'sha');
  const baseRef = field(field(pr, 'base'), 'ref');
  const changedFiles = field(pr, 'changed_files');
  const headRepo = field(field(field(pr, 'head'), 'repo'), 'full_name');
  const baseRepo = field(field(field(pr, 'base'), 'repo'), 'full_name');
  return {
    kind: 'pull_request',
    number,
    baseSha,
    baseRef: typeof baseRef === 'string' ? baseRef : undefined,
    headSha: typeof headSha === 'string' && SHA.test(headSha) ? headSha : undefined,
    changedFiles: typeof changedFiles === 'number' && changedFiles >= 0 ? changedFiles : undefined,
    fromFork: typeof headRepo === 'string' && typeof baseRepo === 'string' && headRepo !== baseRepo,
  };
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
