import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { RetentionEvidence } from '../../../src/core/types.js';
import { tempScanner } from './helpers.js';

const scan = tempScanner();

function read(e: RetentionEvidence): string {
  return e.status === 'known' ? `known ${e.duration?.text}` : `${e.status}: ${e.reason}`;
}

async function evidenceOf(files: Record<string, string>): Promise<Record<string, string>> {
  const r = await scan(files);
  const out: Record<string, string> = {};
  for (const s of r.stores) for (const e of s.retention) out[s.name] = read(e);
  return out;
}

const retention = (name: string, value: string, imports: string) => `${imports}\n/** @retention debug-data.max */\nexport const ${name} = ${value};\n`;

describe('imports the syntax pass cannot follow are resolved through the tsconfig and the workspaces', () => {
  test('a path alias (baseUrl, extends), a barrel with export * and a renamed re-export, a subpath alias, a workspace package', async () => {
    const ev = await evidenceOf({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/config': ['libs/config/index.ts'], '@app/config/*': ['libs/config/*'] } } }),
      'apps/api/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { moduleResolution: 'bundler', module: 'esnext' } }),
      'libs/config/index.ts': "export * from './days';\nexport { KEEP as KEEP_DAYS } from './keep.js';\n",
      'libs/config/days.ts': 'export const DEBUG_DAYS = 7;\n',
      'libs/config/keep.ts': 'export const KEEP = 10;\n',
      'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'dist/index.js' }),
      'packages/shared/src/index.ts': 'export const SHARED_DAYS = 3;\n',
      'apps/api/src/retention.ts': [
        "import { DEBUG_DAYS, KEEP_DAYS } from '@app/config';",
        "import { KEEP } from '@app/config/keep';",
        "import { SHARED_DAYS } from '@acme/shared';",
        '/** @retention debug-data.max */ export const A_DAYS = DEBUG_DAYS;',
        '/** @retention debug-data.max */ export const B_DAYS = KEEP_DAYS + 1;',
        '/** @retention debug-data.max */ export const C_DAYS = KEEP * 2;',
        '/** @retention debug-data.max */ export const D_DAYS = SHARED_DAYS;',
      ].join('\n'),
    });
    expect(ev).toEqual({ A_DAYS: 'known P7D', B_DAYS: 'known P11D', C_DAYS: 'known P20D', D_DAYS: 'known P3D' });
  });

  test('a tsconfig that extends itself or a missing file: unknown, with what the compiler said', async () => {
    const ev = await evidenceOf({
      'a/tsconfig.json': JSON.stringify({ extends: './tsconfig.json' }),
      'a/c.ts': 'export const C = 1;\n',
      'a/r.ts': retention('SELF_DAYS', 'C', "import { C } from '@c';"),
      'b/tsconfig.json': JSON.stringify({ extends: './gone.json' }),
      'b/r.ts': retention('MISSING_DAYS', 'C', "import { C } from '@c';"),
    });
    expect(ev).toEqual({
      SELF_DAYS: 'unknown: "C" is imported from "@c", which is not a file of this repository (a/tsconfig.json does not resolve it: Circularity detected while resolving configuration: a/tsconfig.json -> a/tsconfig.json)',
      MISSING_DAYS: "unknown: \"C\" is imported from \"@c\", which is not a file of this repository (b/tsconfig.json does not resolve it: Cannot read file 'b/gone.json': File not found: b/gone.json.)",
    });
  });

  test('a tsconfig that extends itself decides nothing, even where its own paths would resolve the import', async () => {
    const ev = await evidenceOf({
      'a/tsconfig.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { baseUrl: '.', paths: { '@c': ['c.ts'] } } }),
      'a/c.ts': 'export const C = 1;\n',
      'a/r.ts': retention('SELF_DAYS', 'C', "import { C } from '@c';"),
    });
    expect(ev).toEqual({
      SELF_DAYS: 'unknown: "C" is imported from "@c", which is not a file of this repository (a/tsconfig.json does not resolve it: Circularity detected while resolving configuration: a/tsconfig.json -> a/tsconfig.json)',
    });
  });

  test('project references: a solution tsconfig.json whose referenced tsconfig.app.json holds the paths; a cycle of references ends', async () => {
    const ev = await evidenceOf({
      'web/tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      // tsconfig.node.json has no paths; tsconfig.app.json refers back to the solution (a cycle).
      'web/tsconfig.node.json': JSON.stringify({ include: ['vite.config.ts'] }),
      'web/tsconfig.app.json': '{\n  // comments and trailing commas, as tsconfig allows\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] }, },\n  "references": [{ "path": "." }, { "path": "../../outside" }],\n}\n',
      'web/src/lib/config.ts': 'export const KEEP_DAYS = 14;\n',
      'web/src/retention.ts': retention('WEB_DAYS', 'KEEP_DAYS', "import { KEEP_DAYS } from '@/lib/config';"),
      'web/src/other.ts': retention('NONE_DAYS', 'X', "import { X } from '@/lib/none';"),
    });
    expect(ev.WEB_DAYS).toBe('known P14D');
    expect(ev.NONE_DAYS).toBe('unknown: "X" is imported from "@/lib/none", which is not a file of this repository (web/tsconfig.json does not resolve it)');
  });

  const outside = mkdtempSync(path.join(tmpdir(), 'pp-outside-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  test('a path alias or an extends pointing outside the repository reads nothing there', async () => {
    mkdirSync(path.join(outside, 'cfg'), { recursive: true });
    writeFileSync(path.join(outside, 'cfg', 'index.ts'), 'export const OUT = 5;\n');
    writeFileSync(path.join(outside, 'base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@base': ['cfg/index.ts'] } } }));
    const r = scan.repo({ 'x.ts': '' });
    const toOutside = path.relative(r.root, outside).split(path.sep).join('/');
    const ev = await evidenceOf({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@out/*': [`${toOutside}/cfg/*`], '@abs': [path.join(outside, 'cfg', 'index.ts')] } } }),
      'src/r.ts': retention('OUT_DAYS', 'OUT', "import { OUT } from '@out/index';"),
      'src/s.ts': retention('ABS_DAYS', 'OUT', "import { OUT } from '@abs';"),
      'lib/tsconfig.json': JSON.stringify({ extends: `../${toOutside}/base.json` }),
      'lib/r.ts': retention('BASE_DAYS', 'OUT', "import { OUT } from '@base';"),
    });
    expect(ev.OUT_DAYS).toBe('unknown: "OUT" is imported from "@out/index", which is not a file of this repository (tsconfig.json does not resolve it)');
    expect(ev.ABS_DAYS).toBe('unknown: "OUT" is imported from "@abs", which is not a file of this repository (tsconfig.json does not resolve it)');
    expect(ev.BASE_DAYS).toMatch(/^unknown: "OUT" is imported from "@base", which is not a file of this repository \(lib\/tsconfig.json does not resolve it: Cannot read file .*base\.json/);
  });

  test('50 project references and a barrel that re-exports itself: unknown, no hang', async () => {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { '@loop': ['loop/index.ts'], '@p/*': ['packages/*/src/index.ts'] } },
        references: Array.from({ length: 50 }, (_, i) => ({ path: `./packages/p${i}` })),
      }),
      'loop/index.ts': "export * from './index';\nexport * from '../loop';\n",
      'src/r.ts': retention('LOOP_DAYS', 'X', "import { X } from '@loop';"),
      'src/s.ts': retention('P49_DAYS', 'P', "import { P } from '@p/p49';"),
    };
    for (let i = 0; i < 50; i++) {
      files[`packages/p${i}/tsconfig.json`] = JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { composite: true }, references: [{ path: `../p${(i + 1) % 50}` }] });
      files[`packages/p${i}/src/index.ts`] = `export const P = ${i};\n`;
    }
    const ev = await evidenceOf(files);
    expect(ev).toEqual({ LOOP_DAYS: 'unknown: loop/index.ts exports no "X"', P49_DAYS: 'known P49D' });
  });
});

describe('an ORM table name that is a constant', () => {
  test('imported through a path alias and a barrel: the entity maps that table; one that cannot be evaluated keeps the default', async () => {
    const r = await scan({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['libs/db/*'] } } }),
      'libs/db/index.ts': "export * from './tables';\n",
      'libs/db/tables.ts': "export const TABLES = { messages: 'sms_' + 'messages' } as const;\n",
      'src/message.entity.ts': [
        "import { Entity, Column } from 'typeorm';",
        "import { TABLES } from '@db/index';",
        '@Entity(TABLES.messages)',
        'export class Message { @Column() phone!: string; }',
        "@Entity({ name: process.env.TABLE, schema: 'app' })",
        'export class Other { @Column() phone!: string; }',
      ].join('\n'),
    });
    const entities = r.stores.filter((s) => s.kind === 'table').map((s) => [s.name, s.details?.table, s.parent]);
    expect(entities).toEqual([
      ['Message', 'sms_messages', 'sql:table:public.sms_messages'],
      ['Other', 'Other', 'sql:table:app.other'],
    ]);
  });
});

describe('an @implements tag on a reference to a function', () => {
  test('a route table, a re-export, a shorthand property and an argument lead to the function, through a path alias and a barrel', async () => {
    const r = await scan({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/history': ['libs/history/index.ts'] } } }),
      'libs/history/index.ts': "export * from './delete';\nexport { exportHistory as download } from './export.js';\n",
      'libs/history/delete.ts': '\nexport async function deleteHistory(id: string) {\n  return id;\n}\n',
      'libs/history/export.ts': 'export const exportHistory = async (id: string) => id;\n',
      'apps/api/routes.ts': [
        "import { deleteHistory, download } from '@app/history';",
        "import { settings } from './settings';",
        'export const routes = {',
        '  /** @implements traffic-history.delete */',
        '  remove: deleteHistory,',
        '  /** @implements traffic-history.configure */',
        '  download,',
        '  /** @implements traffic-data.delete */',
        '  gone: settings,',
        '};',
        "router.delete('/h', /** @implements debug-data.delete */ deleteHistory);",
      ].join('\n'),
      'apps/api/settings.ts': 'export const settings = 3;\n',
      'apps/api/handler.ts': "/** @implements traffic-history.disable */\nexport { deleteHistory as handler } from '@app/history';\n",
      'apps/api/broken.ts': "import { missing } from '@app/nowhere';\n/** @implements traffic-data.disable */\nexport const handler = missing;\n",
    });
    const seen = r.implementations.map((i) => `${i.category}.${i.promise} ${i.location.file}:${i.location.line} -> ${i.target ? `${i.target.symbol} ${i.target.location.file}:${i.target.location.line}` : '-'}`).sort();
    expect(seen).toEqual([
      'debug-data.delete apps/api/routes.ts:11 -> deleteHistory libs/history/delete.ts:2',
      'traffic-data.delete apps/api/routes.ts:8 -> -',
      'traffic-data.disable apps/api/broken.ts:2 -> -',
      'traffic-history.configure apps/api/routes.ts:6 -> exportHistory libs/history/export.ts:1',
      'traffic-history.delete apps/api/routes.ts:4 -> deleteHistory libs/history/delete.ts:2',
      'traffic-history.disable apps/api/handler.ts:1 -> deleteHistory libs/history/delete.ts:2',
    ]);
    // What cannot be followed says why; a reference to a value that is no function says nothing.
    expect(r.diagnostics.filter((d) => d.code === 'unresolved').map((d) => `${d.location.file}:${d.location.line} ${d.message}`)).toEqual([
      'apps/api/broken.ts:2 @implements traffic-data.disable names "missing", which cannot be followed to a function: "missing" is imported from "@app/nowhere", which is not a file of this repository (tsconfig.json does not resolve it); the promise counts as implemented at the tag',
    ]);
  });
});
