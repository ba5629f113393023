/** Retention evidence as a replay reports it (from a purge, a cron schedule, pg_partman), and lists in location order. */
import type { Location, RetentionEvidence } from '../../core/types.js';
import { describeSeconds, type Purge } from './age.js';
import { gapBeyondDaily } from './cron.js';
import { parseIntervalText, toDuration, type Resolved } from './interval.js';
import { lexSql } from './lex.js';
import { parseTexts, type AstObject } from './parse.js';
import type { PartmanConfig } from './replay-state.js';

/** The statements of every job command, parsed together; undefined where a command is rejected. */
export async function parseCommands(commands: Array<string | undefined>): Promise<Array<Array<{ node: AstObject }> | undefined>> {
  const inputs = commands.map((c) => ({ text: c ?? '', spans: c === undefined ? [] : lexSql(c).statements }));
  const parsed = await parseTexts(inputs);
  return parsed.map((p, i) => (commands[i] === undefined || p.failures.length ? undefined : p.statements.map((s) => ({ node: s.node }))));
}

export function evidenceOf(p: Purge, via: string, location: Location): RetentionEvidence {
  const what = p.action === 'delete' ? 'deletes rows' : `sets ${p.columns.join(', ')} to NULL`;
  const age = p.age.ok ? ` older than ${describeSeconds(p.age.seconds)}` : '';
  return resolvedEvidence(p.age, `${via}: ${what}${age}${p.ageColumn ? ` (by ${p.ageColumn})` : ''}`, location);
}

/**
 * A job that runs less often than daily keeps a row up to its age plus the gap between runs
 * (cron.ts); a daily (or more frequent) job counts as its age.
 */
export function withSchedule(e: RetentionEvidence, schedule: string): RetentionEvidence {
  const gap = gapBeyondDaily(schedule);
  if (gap === undefined || e.status !== 'known' || !e.duration) return e;
  const seconds = e.duration.seconds + gap;
  return {
    ...e,
    duration: toDuration(seconds),
    via: `${e.via}; it runs up to ${describeSeconds(gap)} apart, so a row is kept up to ${describeSeconds(seconds)}`,
  };
}

export function resolvedEvidence(r: Resolved, via: string, location: Location): RetentionEvidence {
  return r.ok
    ? { status: 'known', duration: toDuration(r.seconds, r.text), bound: 'max', via, location }
    : { status: 'unknown', bound: 'max', reason: r.reason, via, location };
}

export function partmanEvidence(key: string, cfg: PartmanConfig): RetentionEvidence {
  const via = `pg_partman part_config.retention of ${key}`;
  const r = parseIntervalText(cfg.retention ?? '');
  if (cfg.keepTable) {
    return {
      status: 'forever', bound: 'max', via, location: cfg.location,
      ...(r.ok ? { duration: toDuration(r.seconds, r.text) } : {}),
      reason: `retention_keep_table is true (pg_partman's default): partitions older than '${cfg.retention}' are detached, not dropped, so their rows are kept; set retention_keep_table = false`,
    };
  }
  return resolvedEvidence(r, via, cfg.location);
}

export function sortEvidence(list: RetentionEvidence[]): RetentionEvidence[] {
  return list.sort((a, b) => byLocation(a, b) || (a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}

/** Sorts in place by location; a list replayed in file order is mostly sorted already, and is then only checked. */
export function sortedByLocation<T extends { location: Location; id?: string }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (byLocation(list[i - 1], list[i]) > 0) return list.sort(byLocation);
  return list;
}

function byLocation(a: { location: Location; id?: string }, b: { location: Location; id?: string }): number {
  const fa = a.location.file;
  const fb = b.location.file;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.location.line - b.location.line || a.location.column - b.location.column || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0);
}
