import type { Policy, PolicyVersion } from '../core/types.js';

/** Dates are calendar dates (YYYY-MM-DD) in the policy's timezone; string order is date order. */

/** The version in force on `date`: the latest whose effective date has come. */
export function versionInForce(policy: Policy, date: string): PolicyVersion | undefined {
  let current: PolicyVersion | undefined;
  for (const v of policy.versions) if (v.effective <= date) current = v;
  return current;
}

/** Versions already written down whose effective date is still to come, oldest first. */
export function pendingVersions(policy: Policy, date: string): PolicyVersion[] {
  return policy.versions.filter((v) => v.effective > date);
}

export interface TimelineEntry {
  version: PolicyVersion;
  /** first day in force */
  from: string;
  /** last day in force, undefined while it is the newest */
  until?: string;
  status: 'superseded' | 'in-force' | 'pending';
}

export function timeline(policy: Policy, date: string): TimelineEntry[] {
  const inForce = versionInForce(policy, date);
  return policy.versions.map((version, i) => {
    const next = policy.versions[i + 1];
    const status = version === inForce ? 'in-force' : version.effective > date ? 'pending' : 'superseded';
    return { version, from: version.effective, until: next ? addDays(next.effective, -1) : undefined, status };
  });
}

/** YYYY-MM-DD naming a day that exists (2018-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Calendar arithmetic on YYYY-MM-DD, independent of the machine's timezone. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);
}

/** Today's calendar date in a timezone (the policy's), as YYYY-MM-DD. */
export function today(timezone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
