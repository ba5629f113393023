import { afterEach, describe, expect, test } from 'vitest';
import { scanTypeScript } from '../../../src/sources/typescript/index.js';
import type { RetentionEvidence, SourceResult } from '../../../src/core/types.js';
import { tempScanner } from './helpers.js';

const scan = tempScanner();

/** What a user reads of one evidence: "known P60D", "unknown <why>", "forever". */
function describe_(e: RetentionEvidence): string {
  if (e.status === 'known') return `known ${e.duration?.text} (${e.duration?.seconds}s)`;
  if (e.status === 'forever') return 'forever';
  return `unknown: ${e.reason}`;
}

async function evidenceOf(files: Record<string, string>, file = 'src/retention.ts'): Promise<Record<string, string>> {
  const r = await scan(files);
  const out: Record<string, string> = {};
  for (const s of r.stores) if (s.location.file === file) for (const e of s.retention) out[s.name] = describe_(e);
  return out;
}

describe('@retention constants are evaluated statically', () => {
  test('literals, arithmetic, parentheses, separators, units from the name or unit=', async () => {
    const body = [
      ['TRAFFIC_RETENTION_MS', '60 * 24 * 60 * 60 * 1000'],
      ['TRAFFIC_RETENTION_DAYS', '60'],
      ['DEBUG_TTL_SECONDS', '(7 + 7) * 86_400'],
      ['apiPayloadHours', '3 * 24'],
      ['HISTORY_WEEKS', '90 / 7 * 1'],
      ['HISTORY', "'P90D'"],
      ['HISTORY_TEXT', "'90d'"],
      ['HALF_MINUTES', '0x10 * 2'],
      ['KEEP_FOREVER_DAYS', 'Infinity'],
    ].map(([name, value]) => `/** @retention traffic-data.max */\nexport const ${name} = ${value};`);
    body.push('/** @retention debug-data.max unit=h */\nexport const DEBUG_KEEP = 14 * 24 as const;');
    const ev = await evidenceOf({ 'src/retention.ts': body.join('\n') });
    expect(ev).toEqual({
      TRAFFIC_RETENTION_MS: 'known P60D (5184000s)',
      TRAFFIC_RETENTION_DAYS: 'known P60D (5184000s)',
      DEBUG_TTL_SECONDS: 'known P14D (1209600s)',
      apiPayloadHours: 'known P3D (259200s)',
      HISTORY_WEEKS: 'known P90D (7776000s)',
      HISTORY: 'known P90D (7776000s)',
      HISTORY_TEXT: 'known P90D (7776000s)',
      HALF_MINUTES: 'known PT32M (1920s)',
      KEEP_FOREVER_DAYS: 'forever',
      DEBUG_KEEP: 'known P14D (1209600s)',
    });
  });

  test('the evidence names its constant, bound, category and place', async () => {
    const r = await scan({ 'src/retention.ts': 'const DAY_MS = 86_400_000;\n/**\n * Kept by law (LEK).\n * @retention traffic-data.min\n */\nexport const TRAFFIC_MIN_MS = 60 * DAY_MS;\n' });
    expect(r.stores).toEqual([
      {
        id: 'ts:src/retention.ts#TRAFFIC_MIN_MS', kind: 'constant', name: 'TRAFFIC_MIN_MS', source: 'typescript',
        location: { file: 'src/retention.ts', line: 6, column: 14 },
        categories: [{ id: 'traffic-data', via: 'annotation', location: { file: 'src/retention.ts', line: 4, column: 4 } }],
        dataTypes: [], retentionBearing: false,
        retention: [{
          status: 'known', duration: { text: 'P60D', seconds: 5184000 }, bound: 'min', via: '@retention constant TRAFFIC_MIN_MS',
          location: { file: 'src/retention.ts', line: 6, column: 14 }, category: 'traffic-data',
        }],
      },
    ]);
    expect(r.references).toEqual([{ id: 'traffic-data', tag: 'retention', location: { file: 'src/retention.ts', line: 4, column: 4 } }]);
  });

  test('as-const objects, enums and static class properties, read through property access', async () => {
    const ev = await evidenceOf({
      'src/retention.ts': [
        'export const RETENTION = {',
        '  trafficDays: 60,',
        '  /** @retention debug-data.max */',
        '  debugHours: 14 * 24,',
        '} as const;',
        'enum Window { Short = 3, Long = Short * 30 }',
        'class Limits { static readonly HISTORY_DAYS = 90; }',
        '/** @retention traffic-data.max */',
        'export const TRAFFIC_DAYS = RETENTION.trafficDays;',
        '/** @retention traffic-history.default */',
        "export const HISTORY_DAYS = Limits['HISTORY_DAYS'];",
        '/** @retention api-traffic.max */',
        'export const API_DAYS = Window.Short;',
        '/** @retention monthly-reports.max */',
        'export const REPORT_DAYS = Window.Long;',
      ].join('\n'),
    });
    expect(ev).toEqual({
      'RETENTION.debugHours': 'known P14D (1209600s)',
      TRAFFIC_DAYS: 'known P60D (5184000s)',
      HISTORY_DAYS: 'known P90D (7776000s)',
      API_DAYS: 'known P3D (259200s)',
      REPORT_DAYS: 'unknown: "Short" is not a constant of src/retention.ts',
    });
  });

  test('constants imported from other files: relative paths, .js specifiers, re-exports, export *, namespaces, defaults', async () => {
    const ev = await evidenceOf({
      'src/retention.ts': [
        "import { DAY_MS } from './time.js';",
        "import { WEEK } from './time';",
        "import * as limits from '../config/limits';",
        "import hours from './hours';",
        "import { TTL } from 'some-package';",
        "import { GONE } from './missing.js';",
        '/** @retention traffic-data.max */ export const TRAFFIC_MS = 60 * DAY_MS;',
        '/** @retention traffic-history.default */ export const HISTORY_DAYS = limits.HISTORY_DAYS;',
        '/** @retention debug-data.max */ export const DEBUG_DAYS = WEEK * 2;',
        '/** @retention api-traffic.max */ export const API_HOURS = hours;',
        '/** @retention abuse.max */ export const ABUSE_DAYS = TTL;',
        '/** @retention abuse.min */ export const ABUSE_MIN_DAYS = GONE;',
      ].join('\n'),
      'src/time.ts': "export * from './time/units';\nexport { WEEK_DAYS as WEEK } from './time/units.js';",
      'src/time/units.ts': 'const HOUR_MS = 3_600_000;\nexport const DAY_MS = 24 * HOUR_MS;\nexport const WEEK_DAYS = 7;',
      'config/limits/index.ts': "export { default as HISTORY_DAYS } from './history.js';",
      'config/limits/history.ts': 'const days = 90;\nexport default days;',
      'src/hours.mts': 'export default 72;',
    });
    expect(ev).toEqual({
      TRAFFIC_MS: 'known P60D (5184000s)',
      HISTORY_DAYS: 'known P90D (7776000s)',
      DEBUG_DAYS: 'known P14D (1209600s)',
      API_HOURS: 'known P3D (259200s)',
      ABUSE_DAYS: 'unknown: "TTL" is imported from "some-package", which is not a file of this repository',
      ABUSE_MIN_DAYS: 'unknown: "GONE" is imported from "./missing.js", which is not a file of this repository',
    });
  });

  test('what cannot be evaluated is unknown, with why', async () => {
    const ev = await evidenceOf({
      'src/retention.ts': [
        '/** @retention traffic-data.max */ export const FROM_ENV_DAYS = Number(process.env.DAYS);',
        '/** @retention traffic-data.max */ export let MUTABLE_DAYS = 60;',
        '/** @retention traffic-data.max */ export const NO_UNIT = 60;',
        '/** @retention traffic-data.max unit=fortnights */ export const BAD_UNIT = 60;',
        '/** @retention traffic-data.max */ export const NEGATIVE_DAYS = -60;',
        '/** @retention traffic-data.max */ export const WORDS = "two months";',
        '/** @retention traffic-data.max */ export const TEMPLATE_DAYS = `${60}`;',
        '/** @retention traffic-data.max */ export const CONDITIONAL_DAYS = prod ? 60 : 1;',
        '/** @retention traffic-data.max */ export const OBJECT_DAYS = { a: 1 };',
        '/** @retention traffic-data.max */ export const MISSING_DAYS = nowhere;',
      ].join('\n'),
    });
    expect(ev).toEqual({
      FROM_ENV_DAYS: 'unknown: the value is read from the environment (process.env.DAYS) at run time; its deployed value is not in the repository',
      MUTABLE_DAYS: 'unknown: declared with let; its value may change at run time (use const)',
      NO_UNIT: 'unknown: the value 60 has no unit: add unit=<ms|s|min|h|d|w> to @retention or name the constant with one (…_DAYS, …Ms, …Hours)',
      BAD_UNIT: 'unknown: unit=fortnights is not a time unit (ms, s, min, h, d, w)',
      NEGATIVE_DAYS: 'unknown: the value -60 is negative',
      WORDS: 'unknown: the string "two months" is not a duration (write a number, or an ISO 8601 duration such as P60D)',
      TEMPLATE_DAYS: 'unknown: a template string with substitutions is not evaluated',
      CONDITIONAL_DAYS: 'unknown: ConditionalExpression is not evaluated (only literals, arithmetic and constants are)',
      OBJECT_DAYS: 'unknown: the value is an object, not a number of a time unit',
      MISSING_DAYS: 'unknown: "nowhere" is not a constant of src/retention.ts',
    });
  });

  test('constant cycles, within a file and across files, are unknown "cycle"', async () => {
    const ev = await evidenceOf({
      'src/retention.ts': [
        "import { B_DAYS } from './b';",
        'const A = B; const B = A;',
        '/** @retention traffic-data.max */ export const CYCLE_DAYS = A;',
        '/** @retention traffic-data.min */ export const SELF_DAYS = SELF_DAYS + 1;',
        '/** @retention debug-data.max */ export const A_DAYS = B_DAYS;',
      ].join('\n'),
      'src/b.ts': "import { A_DAYS } from './retention';\nexport const B_DAYS = A_DAYS;",
    });
    expect(ev).toEqual({
      CYCLE_DAYS: 'unknown: cycle: A → B → A',
      SELF_DAYS: 'unknown: cycle: SELF_DAYS → SELF_DAYS',
      A_DAYS: 'unknown: cycle: A_DAYS → B_DAYS → A_DAYS',
    });
  });

  test('deep nesting is unknown, not a stack overflow', async () => {
    const chain = Array.from({ length: 5000 }, (_, i) => `const C${i} = ${i === 0 ? '1' : `C${i - 1}`};`).join('\n');
    const ev = await evidenceOf({
      'src/retention.ts': [
        `/** @retention traffic-data.max */ export const SUM_DAYS = ${'1 + '.repeat(20000)}1;`,
        `/** @retention traffic-data.max */ export const PARENS_DAYS = ${'('.repeat(150)}60${')'.repeat(150)};`,
        chain,
        '/** @retention debug-data.max */ export const CHAIN_DAYS = C4999;',
      ].join('\n'),
    });
    expect(ev).toEqual({
      SUM_DAYS: 'unknown: the expression is nested more than 100 levels deep',
      PARENS_DAYS: 'unknown: the expression is nested more than 100 levels deep',
      CHAIN_DAYS: 'unknown: constants refer to constants more than 200 levels deep',
    });
  });
});
