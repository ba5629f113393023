// The parse floor shared by the whole-check benchmarks: every file read once and parsed by the
// parser its kind needs (the TypeScript that ts-morph ships, libpg-query, hcl2json, yaml), nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const TS = /\.(?:[cm]?ts|tsx|[cm]?jsx?)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** The kind of a repository file for the floor: ts, sql, tf, yaml or other. */
export function kindOf(file) {
  if (TS.test(file)) return DECLARATION.test(file) ? 'other' : 'ts';
  if (file.endsWith('.sql')) return 'sql';
  if (/\.tf(?:vars)?$/.test(file)) return 'tf';
  if (/\.ya?ml$/.test(file)) return 'yaml';
  return 'other';
}

/** Loads the parsers once; returns `floor(root, files)`, which reads and parses every file in one thread. */
export async function parseFloorFor() {
  const { ts } = require('ts-morph');
  const pg = await import('libpg-query');
  await pg.loadModule();
  const hcl = await import('@cdktf/hcl2json');
  const YAML = await import('yaml');
  return async function floor(root, files) {
    for (const f of files) {
      const kind = kindOf(f);
      if (kind === 'other') continue;
      let text;
      try {
        text = readFileSync(join(root, f), 'utf8');
      } catch {
        continue;
      }
      if (kind === 'ts') {
        const scriptKind = f.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(f) ? (f.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS) : ts.ScriptKind.TS;
        ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false, scriptKind);
      } else if (kind === 'sql') {
        try { await pg.parse(text); } catch { /* the floor parses; errors cost the same */ }
      } else if (kind === 'tf') {
        try { await hcl.parse(f, text); } catch { /* idem */ }
      } else {
        try { YAML.parseAllDocuments(text); } catch { /* idem */ }
      }
    }
  };
}
