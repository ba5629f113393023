import path from 'node:path';
import { check } from '../engine/check.js';
import { UsageError } from '../engine/files.js';
import { renderInventory, type InventoryFormat } from '../report/inventory.js';
import { CHECK_OPTIONS, repositoryOf, resolveOptions, type CheckFlags } from './check.js';
import { parse } from './index.js';
import { writeOutputFile } from './output.js';

/** The flags of check that decide what is analysed; the others (output, failing) do not apply. */
const INVENTORY_OPTIONS = {
  policy: CHECK_OPTIONS.policy,
  at: CHECK_OPTIONS.at,
  config: CHECK_OPTIONS.config,
  'database-url': CHECK_OPTIONS['database-url'],
  'include-tests': CHECK_OPTIONS['include-tests'],
  format: { type: 'string' },
  out: { type: 'string' },
  offline: CHECK_OPTIONS.offline,
  repository: { type: 'string' },
} as const;

export async function runInventory(args: string[]): Promise<number> {
  if (args[0] === 'merge') return (await import('./inventory-merge.js')).runInventoryMerge(args.slice(1));
  const { values, positionals } = parse(args, INVENTORY_OPTIONS, Infinity, 'inventory');
  const format = (values.format ?? 'markdown') as InventoryFormat;
  if (!['markdown', 'json', 'csv'].includes(format)) throw new UsageError(`--format: inventory is markdown, json or csv, not "${format}"`);
  const flags: CheckFlags = { policy: values.policy, at: values.at, config: values.config, 'database-url': values['database-url'], 'include-tests': values['include-tests'], offline: values.offline };
  const repo = await repositoryOf(positionals, flags);
  const { options, source } = await resolveOptions(repo.flags, repo.paths, repo.root);
  const result = await check(options);
  const text = renderInventory(result, format, { repository: values.repository ?? path.basename(repo.root), source: source?.pin, ownedPromises: options.ownedPromises });
  if (values.out) {
    await writeOutputFile(values.out, text, '--out');
    process.stderr.write(`policyproof: wrote the ${format} inventory of ${result.stores.length} stores to ${values.out}\n`);
  } else process.stdout.write(text);
  return 0;
}
