import { writeFile } from 'node:fs/promises';
import { check } from '../engine/check.js';
import { UsageError } from '../engine/files.js';
import { renderInventory, type InventoryFormat } from '../report/inventory.js';
import { CHECK_OPTIONS, resolveOptions, type CheckFlags } from './check.js';
import { parse } from './index.js';

export async function runInventory(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ...CHECK_OPTIONS, format: { type: 'string' }, out: { type: 'string' } }, Infinity);
  const format = (values.format ?? 'markdown') as InventoryFormat;
  if (!['markdown', 'json', 'csv'].includes(format)) throw new UsageError(`--format: inventory is markdown, json or csv, not "${format}"`);
  const { format: _ignored, ...flags } = values as CheckFlags & { out?: string };
  void _ignored;
  const { options } = await resolveOptions(flags, positionals);
  const result = await check(options);
  const text = renderInventory(result, format);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text);
  return 0;
}
