/**
 * The SQL source: migration files (and any other *.sql) replayed with the real PostgreSQL parser
 * into the final schema, per migration folder. Store ids: `sql:table:<schema>.<table>`,
 * `sql:column:<schema>.<table>.<column>` (the same ids as the Prisma and live PostgreSQL sources,
 * so the engine pools what several sources know about one table) — except a table created in
 * several services of a monorepo, whose ids name the service (see services.ts).
 */
import type { Diagnostic, Source, SourceContext, SourceResult } from '../../core/types.js';
import { groupMigrations } from './order.js';
import { SchemaReplay } from './replay.js';
import { qualifySharedTables } from './services.js';

const BATCH_CHARS = 4 * 1024 * 1024;
const READ_AHEAD = 32;

export const sqlSource: Source = {
  kind: 'sql',
  async scan(ctx: SourceContext): Promise<SourceResult> {
    const results: SourceResult[] = [];
    const groups = groupMigrations(ctx.files);
    for (const group of groups) {
      const replay = new SchemaReplay('sql');
      // read ahead (the reader is asynchronous I/O), parse a folder's files together in batches
      // that bound memory, replay them in order
      let batch: Array<{ file: string; text: string }> = [];
      let size = 0;
      for (let i = 0; i < group.files.length; i += READ_AHEAD) {
        const names = group.files.slice(i, i + READ_AHEAD);
        const texts = await Promise.all(names.map((f) => ctx.read(f)));
        for (let k = 0; k < names.length; k++) {
          const text = texts[k];
          if (typeof text !== 'string') {
            replay.diagnostics.push(text as Diagnostic);
            continue;
          }
          batch.push({ file: names[k], text });
          size += text.length;
          if (size > BATCH_CHARS) {
            await replay.replayFiles(batch);
            batch = [];
            size = 0;
          }
        }
      }
      if (batch.length) await replay.replayFiles(batch);
      results.push(await replay.finish());
    }
    qualifySharedTables(groups.map((g) => g.dir), results);
    return concat(results);
  },
};

/**
 * SQL embedded in another file (a string literal in TypeScript). `startLine`/`startColumn` are the
 * 1-based position of the SQL text's first character in `file`. A CREATE TABLE is a store; a
 * DELETE (or UPDATE … SET col = NULL) by age is retention evidence for its table, since code that
 * runs such SQL is a cleanup job.
 */
export async function scanSqlText(text: string, file: string, startLine: number, startColumn: number): Promise<SourceResult> {
  const replay = new SchemaReplay('sql', true);
  await replay.replayFile({ file, text, startLine, startColumn });
  return replay.finish();
}

export function concat(results: SourceResult[]): SourceResult {
  if (results.length === 1) return results[0];
  return {
    stores: results.flatMap((r) => r.stores),
    implementations: results.flatMap((r) => r.implementations),
    suppressions: results.flatMap((r) => r.suppressions),
    diagnostics: results.flatMap((r) => r.diagnostics),
    references: results.flatMap((r) => r.references),
  };
}

export { SchemaReplay } from './replay.js';
export { groupMigrations, compareMigrations } from './order.js';
export { serviceOf, qualifySharedTables } from './services.js';
export { parseIntervalText } from './interval.js';
