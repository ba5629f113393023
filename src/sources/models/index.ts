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
  async scan(ctx) {
    const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
    let ts: TypeScriptApi | undefined;
    for (const file of ctx.files) {
      if (!SCRIPT.test(file) || SKIP.test(file)) continue;
      const text = await ctx.read(file);
      if (typeof text !== 'string' || text.length > MAX_BYTES || !MONGOOSE_IN_TEXT.test(text)) continue;
      ts ??= await (await import('../typescript/load-ts.js')).loadTypeScript();
      const r = readMongoose(ts, file, text);
      out.stores.push(...r.stores);
      out.suppressions.push(...r.suppressions);
      out.diagnostics.push(...r.diagnostics);
      out.references.push(...r.references);
    }
    return out;
  },
};
