import { describe, expect, it } from 'vitest';
import { parseIntervalText } from '../../../src/sources/sql/interval.js';

describe('PostgreSQL interval text', () => {
  it.each([
    ['60 days', 60 * 86400, 'P60D'],
    ['1440 hours', 1440 * 3600, 'PT1440H'],
    ['2 weeks', 14 * 86400, 'P2W'],
    ['72:00:00', 72 * 3600, undefined],
    ['1 day 12:00:00', 36 * 3600, undefined],
    ['@ 3 days', 3 * 86400, 'P3D'],
    ['1 day 2 hours 30 minutes', 86400 + 2 * 3600 + 1800, undefined],
    ['90 mins', 5400, 'PT90M'],
    ['60', 60, 'PT60S'],
    ['P60D', 60 * 86400, 'P60D'],
    ['PT72H', 72 * 3600, 'PT72H'],
    ['P1W2D', 9 * 86400, 'P1W2D'],
    ['  14 DAYS ', 14 * 86400, 'P14D'],
  ])('%s', (text, seconds, iso) => {
    const r = parseIntervalText(text);
    expect(r).toEqual({ ok: true, seconds, ...(iso ? { text: iso } : {}) });
  });

  it.each([
    ['3 months', /calendar months or years/],
    ['1 year', /calendar months or years/],
    ['P1M', /calendar months or years/],
    ['P1Y2D', /calendar months or years/],
    ['1 mon 2 days', /calendar months or years/],
    ['forever', /not an interval/],
    ['', /empty/],
    ['12 parsecs', /not an interval unit/],
    ['P', /not an ISO 8601 interval/],
  ])('%s is not a fixed length', (text, reason) => {
    const r = parseIntervalText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
