/**
 * How long a pg_cron schedule can leave between two runs. A job that deletes rows older than 30 days
 * but runs weekly keeps a row up to 37 days (it turns 30 days old just after a run, and the next run
 * is a week later), monthly up to ~61 days. The SQL source adds the gap to the job's age when it is
 * longer than a day; a job running at least daily counts as its age (the usual reading of "deleted
 * after 30 days", and what every nightly cleanup does).
 *
 * Schedules: five-field cron (minute hour day-of-month month day-of-week; `*`, lists, ranges, steps,
 * names like mon/jan; day-of-month and day-of-week both restricted means either, as in cron),
 * `@hourly`/`@daily`/`@midnight`/`@weekly`/`@monthly`/`@yearly`/`@annually`, and pg_cron's
 * `'N seconds'`. Anything else (`@reboot`, `$` last day of month, malformed text) gives undefined.
 */

const DAY = 86400;
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The set of values a field allows, or undefined when it cannot be read. */
function field(text: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> | undefined {
  const out = new Set<number>();
  const value = (v: string): number | undefined => {
    const i = names ? names.indexOf(v.toLowerCase()) : -1;
    if (i >= 0) return i + nameBase;
    return /^\d+$/.test(v) ? Number(v) : undefined;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(part);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return undefined;
    let lo: number | undefined;
    let hi: number | undefined;
    if (m[1] === '*') {
      lo = min;
      hi = max;
    } else {
      const [a, b] = m[1].split('-');
      lo = value(a);
      hi = b === undefined ? (m[2] === undefined ? lo : max) : value(b);
    }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out.size ? out : undefined;
}

/** The longest time, in seconds, between two consecutive runs of a pg_cron schedule. */
export function cronMaxGapSeconds(schedule: string): number | undefined {
  // Repositories repeat a handful of schedules; each answer walks eight years of days once.
  const key = schedule.trim().toLowerCase();
  if (gapCache.has(key)) return gapCache.get(key);
  const gap = computeMaxGap(key);
  if (gapCache.size > 10_000) gapCache.clear();
  gapCache.set(key, gap);
  return gap;
}

const gapCache = new Map<string, number | undefined>();

function computeMaxGap(text: string): number | undefined {
  const secs = /^(\d+)\s*seconds?$/.exec(text);
  if (secs) return Number(secs[1]) >= 1 && Number(secs[1]) <= 59 ? Number(secs[1]) : undefined;
  const fields = (MACROS[text] ?? text).split(/\s+/);
  if (fields.length !== 5) return undefined;
  const minutes = field(fields[0], 0, 59);
  const hours = field(fields[1], 0, 23);
  const doms = field(fields[2], 1, 31);
  const months = field(fields[3], 1, 12, MONTHS, 1);
  const dowsRaw = field(fields[4], 0, 7, DAYS);
  if (!minutes || !hours || !doms || !months || !dowsRaw) return undefined;
  const dows = new Set([...dowsRaw].map((d) => d % 7));
  const domStar = fields[2].startsWith('*');
  const dowStar = fields[4].startsWith('*');
  const times = [...hours].flatMap((h) => [...minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
  let inDay = 0;
  for (let i = 1; i < times.length; i++) inDay = Math.max(inDay, times[i] - times[i - 1]);
  const first = times[0];
  const last = times[times.length - 1];
  // the days the job runs on, over 8 years (leap years and every weekday/date combination)
  const runDays: number[] = [];
  const start = Date.UTC(2024, 0, 1) / 1000 / DAY;
  for (let d = 0; d < 8 * 366; d++) {
    const date = new Date((start + d) * DAY * 1000);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const domOk = doms.has(date.getUTCDate());
    const dowOk = dows.has(date.getUTCDay());
    const runs = domStar || dowStar ? domOk && dowOk : domOk || dowOk;
    if (runs) runDays.push(d);
  }
  if (runDays.length < 2) return undefined; // 30 February: never runs
  let gapMinutes = inDay;
  for (let i = 1; i < runDays.length; i++) gapMinutes = Math.max(gapMinutes, (runDays[i] - runDays[i - 1]) * 1440 - last + first);
  return gapMinutes * 60;
}

/** The gap, when a schedule leaves more than a day between runs. */
export function gapBeyondDaily(schedule: string): number | undefined {
  const gap = cronMaxGapSeconds(schedule);
  return gap !== undefined && gap > DAY ? gap : undefined;
}
