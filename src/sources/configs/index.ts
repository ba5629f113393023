/**
 * Config files that are not YAML: logrotate files and Elasticsearch ILM / OpenSearch ISM policies
 * in JSON. (YAML configs — Loki, compose, ILM in YAML — are read with the manifests, in one parse.)
 */
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { Source, SourceContext, SourceResult } from '../../core/types.js';
import { emptyFound, finish, indexPolicyStore, isIndexPolicy, isLogrotateFile, logrotateStores, MAX_ALIAS_COUNT } from './handlers.js';
import { splitLines } from '../../core/text.js';
import { yamlTooDeep } from '../../core/yaml-depth.js';
import { get, isRecord, linePositions, type LocatedDoc } from './yaml-doc.js';

export const configsSource: Source = {
  kind: 'config',
  scan: scanConfigs,
};

export async function scanConfigs(ctx: SourceContext): Promise<SourceResult> {
  const found = emptyFound();
  for (const file of ctx.files) {
    const logrotate = isLogrotateFile(file);
    const json = file.endsWith('.json');
    if (!logrotate && !json) continue;
    const text = await ctx.read(file);
    if (typeof text !== 'string') {
      if (logrotate) found.diagnostics.push(text);
      continue;
    }
    if (logrotate) {
      found.stores.push(...logrotateStores(text, file, found));
      continue;
    }
    // Only JSON that can be an index lifecycle policy is parsed at all.
    if (!text.includes('"policy"') || !(text.includes('"phases"') || text.includes('"states"'))) continue;
    const linePos = linePositions(text);
    const deep = yamlTooDeep(text);
    if (deep) {
      found.diagnostics.push({ code: 'parse-error', message: `JSON: nested more than ${deep.limit} levels deep; not parsed`, location: { file, line: deep.line, column: deep.column } });
      continue;
    }
    const doc = parseDocument(text, { uniqueKeys: false }) as Document.Parsed;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const pos = linePos(err.pos[0]);
      found.diagnostics.push({ code: 'parse-error', message: `JSON: ${err.message.split('\n')[0]}`, location: { file, line: pos.line, column: pos.col } });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      found.diagnostics.push({ code: 'parse-error', message: `JSON: ${(e as Error).message}`, location: { file, line: 1, column: 1 } });
      continue;
    }
    if (!isRecord(value)) continue;
    const d: LocatedDoc = { doc, file, lines: splitLines(text), linePos, lineOffset: 0, columnOffset: 0 };
    if (!isIndexPolicy(value)) {
      // GET _ilm/policy output: {"<name>": {"version": 3, "policy": {"phases": …}}}
      for (const name of Object.keys(value).sort()) {
        const inner = value[name];
        if (isRecord(inner) && isIndexPolicy(inner)) found.stores.push(indexPolicyStore(inner, d, [name], found, name));
      }
      continue;
    }
    const name = String(get(value, 'policy_id') ?? get(value, 'policy', 'policy_id') ?? path.posix.basename(file).replace(/\.json$/, ''));
    found.stores.push(indexPolicyStore(value, d, [], found, name));
  }
  return finish(found);
}
