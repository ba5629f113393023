import { describe, expect, it } from 'vitest';
import { cronMaxGapSeconds } from '../../../src/sources/sql/cron.js';
import { scanFiles, store } from './helpers.js';

const DAY = 86400;

describe('pg_cron schedules', () => {
  it('knows the longest gap between runs', () => {
    expect(cronMaxGapSeconds('0 3 * * *')).toBe(DAY);
    expect(cronMaxGapSeconds('*/5 * * * *')).toBe(300);
    expect(cronMaxGapSeconds('0 3,15 * * *')).toBe(12 * 3600);
    expect(cronMaxGapSeconds('0 3 * * 0')).toBe(7 * DAY);
    expect(cronMaxGapSeconds('@weekly')).toBe(7 * DAY);
    expect(cronMaxGapSeconds('0 4 * * mon-fri')).toBe(3 * DAY); // Friday to Monday
    expect(cronMaxGapSeconds('0 0 1 * *')).toBe(31 * DAY);
    expect(cronMaxGapSeconds('@daily')).toBe(DAY);
    expect(cronMaxGapSeconds('30 seconds')).toBe(30);
    // day-of-month and day-of-week both restricted: either day runs
    expect(cronMaxGapSeconds('0 0 1 * 1')).toBe(7 * DAY);
  });

  it('gives no gap for what it cannot read or what never runs', () => {
    for (const s of ['@reboot', '0 0 $ * *', 'every day', '61 * * * *', '0 0 30 2 *', '', '* * * *']) expect(cronMaxGapSeconds(s), s).toBeUndefined();
  });

  it('a job running less often than daily keeps rows up to its age plus the gap', async () => {
    const r = await scanFiles({
      'migrations/V1__x.sql': [
        'CREATE TABLE a (created_at timestamptz);',
        'CREATE TABLE b (created_at timestamptz);',
        "SELECT cron.schedule('weekly', '0 3 * * 0', $$DELETE FROM a WHERE created_at < now() - interval '30 days'$$);",
        "SELECT cron.schedule('nightly', '0 3 * * *', $$DELETE FROM b WHERE created_at < now() - interval '30 days'$$);",
        '',
      ].join('\n'),
    });
    const weekly = store(r, 'sql:table:public.a').retention;
    expect(weekly).toMatchObject([{ status: 'known', duration: { seconds: 37 * DAY }, location: { line: 3 } }]);
    expect(weekly[0].via).toContain('kept up to 37 days');
    expect(store(r, 'sql:table:public.b').retention).toMatchObject([{ status: 'known', duration: { seconds: 30 * DAY } }]);
  });
});
