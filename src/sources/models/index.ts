/**
 * Data models declared in code that no other adapter reads: Mongoose schemas (mongoose.ts). Only
 * files whose text holds a `new Schema(` are parsed.
 */
import type { Source, SourceResult } from '../../core/types.js';
import type { TypeScriptApi } from '../typescript/load-ts.js';
import { MONGOOSE_IN_TEXT, readMongoose } from './mongoose.js';

const SCRIPT = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP = /\.d\.[cm]?ts$|(?:^|\/)(?:dist|node_modules)\//;
const MAX_BYTES = 1024 * 1024;

export const modelsSource: Source = {
  kind: 'typescript',
  // the TypeScript source read every script file before: only those that hold a schema are read again
  watch: MONGOOSE_IN_TEXT,
  async scan(ctx) {
    const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
    let ts: TypeScriptApi | undefined;
    for (const file of ctx.files) {
      if (!SCRIPT.test(file) || SKIP.test(file) || ctx.seen?.(file, MONGOOSE_IN_TEXT) === false) continue;
      const text = await ctx.read(file);
      if (typeof text !== 'string' || text.length > MAX_BYTES || !MONGOOSE_IN_TEXT.test(text)) continue;
      ts ??= await (await import('../typescript/load-ts.js')).loadTypeScript();
      let r: SourceResult;
      try {
        r = readMongoose(ts, file, text);
      } catch (e) {
        // TypeScript's parser recurses once per nesting level: thousands overflow the stack
        if (!(e instanceof RangeError)) throw e;
        out.diagnostics.push({ code: 'parse-error', message: 'the code is nested too deeply for the parser; file not read', location: { file, line: 1, column: 1 } });
        continue;
      }
      out.stores.push(...r.stores);
      out.suppressions.push(...r.suppressions);
      out.diagnostics.push(...r.diagnostics);
      out.references.push(...r.references);
    }
    return out;
  },
};
