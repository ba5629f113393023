import type { Duration } from './types.js';

const UNIT_SECONDS = { W: 604800, D: 86400, H: 3600, M: 60, S: 1 } as const;

export class DurationError extends Error {}

/**
 * Parses an ISO 8601 duration exactly. Months and years are refused: their length depends on
 * the calendar, so "P1M" cannot be compared with "P30D" without a start date.
 */
export function parseDuration(text: string): Duration {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    throw new DurationError(`"${text}" is not an ISO 8601 duration (examples: PT72H, P14D, P60D)`);
  }
  const [, y, mo, w, d, h, mi, s] = m;
  if (y !== undefined) throw new DurationError(`"${text}": years vary in length (365 or 366 days); write the duration in days, e.g. P365D`);
  if (mo !== undefined) throw new DurationError(`"${text}": months are ambiguous (28 to 31 days); write the duration in days, e.g. P30D`);
  const seconds =
    Number(w ?? 0) * UNIT_SECONDS.W +
    Number(d ?? 0) * UNIT_SECONDS.D +
    Number(h ?? 0) * UNIT_SECONDS.H +
    Number(mi ?? 0) * UNIT_SECONDS.M +
    Number(s ?? 0) * UNIT_SECONDS.S;
  return { text, seconds };
}

export function tryParseDuration(text: string): Duration | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

export type TimeUnit = 'ms' | 's' | 'min' | 'h' | 'd' | 'w';
const UNIT_TO_SECONDS: Record<TimeUnit, number> = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86400, w: 604800 };

/** A duration from an amount in a unit, written back as the canonical ISO text (P60D, PT72H, PT90S). */
export function durationFrom(amount: number, unit: TimeUnit): Duration {
  const seconds = amount * UNIT_TO_SECONDS[unit];
  return { text: formatSeconds(seconds), seconds };
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return `PT${seconds}S`;
  if (seconds === 0) return 'PT0S';
  if (seconds % 86400 === 0) return `P${seconds / 86400}D`;
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}

/**
 * "60 days", "72 hours", "60 dagar", "72 timmar": for messages (written in English). Other
 * languages' unit words are data: see durationInWords in src/policy/languages.ts.
 */
export function describeDuration(d: Duration, lang: string = 'en'): string {
  const s = d.seconds;
  const units: Array<[number, string, string, string, string]> = [
    [86400, 'day', 'days', 'dag', 'dagar'],
    [3600, 'hour', 'hours', 'timme', 'timmar'],
    [60, 'minute', 'minutes', 'minut', 'minuter'],
    [1, 'second', 'seconds', 'sekund', 'sekunder'],
  ];
  for (const [size, en1, enN, sv1, svN] of units) {
    if (s % size === 0 || size === 1) {
      const n = s / size;
      if (lang === 'sv') return `${n} ${n === 1 ? sv1 : svN}`;
      return `${n} ${n === 1 ? en1 : enN}`;
    }
  }
  return d.text;
}

export function compareDurations(a: Duration, b: Duration): number {
  return a.seconds - b.seconds;
}
