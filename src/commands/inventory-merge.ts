import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { UsageError } from '../engine/files.js';
import { inventoryFiles, mergeInventories } from '../register/merge.js';
import { renderRegister } from '../register/render.js';
import type { InventoryFormat } from '../report/inventory.js';
import { parse } from './index.js';

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  expect: { type: 'string' },
} as const;

/**
 * `policyproof inventory merge A.json B.json DIR… [--expect repos.txt] [--format markdown|csv|json] [--out FILE]`:
 * one record of processing over many repositories' inventories.
 */
export async function runInventoryMerge(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, Infinity, 'inventory merge');
  const format = (values.format ?? 'markdown') as InventoryFormat;
  if (!['markdown', 'json', 'csv'].includes(format)) throw new UsageError(`--format: the register is markdown, json or csv, not "${format}"`);
  if (!positionals.length && !values.expect) throw new UsageError('inventory merge: name the inventories (files, or folders of *.json), e.g. policyproof inventory merge inventories/');
  const expect = values.expect ? await expectedRepositories(values.expect) : undefined;
  const files = await inventoryFiles(positionals);
  const register = await mergeInventories(files, { expect });
  try {
    if (values.out) {
      await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
      const out = createWriteStream(values.out);
      const failed = new Promise<never>((_, reject) => out.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`--out: cannot write ${values.out} (${e.code ?? e.message})`))));
      await Promise.race([renderRegister(register, format, out), failed]);
      out.end();
      await Promise.race([finished(out), failed]);
      process.stderr.write(`policyproof: wrote the ${format} register of ${register.repositories.length} repositories to ${values.out}\n`);
    } else await renderRegister(register, format, process.stdout);
  } finally {
    register.dispose();
  }
  for (const m of register.missing) process.stderr.write(`policyproof: ${m.repository}: no inventory (${m.reason})\n`);
  return 0;
}

/** One repository a line (owner/name); blank lines and # comments are skipped. */
async function expectedRepositories(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--expect ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code ?? e.message}`);
  });
  return text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}
