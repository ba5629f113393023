/** The register in markdown, csv or json, written as it is read back from the spool (see merge.ts). */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { escapeMarkdown } from '../report/markdown.js';
import { csvCell, type InventoryFormat } from '../report/inventory.js';
import type { Register, StoreRow } from './merge.js';

/** Writes in 64 KB chunks with back-pressure, so a huge register never piles up in memory. */
function writer(out: Writable) {
  let chunk: string[] = [];
  let size = 0;
  const write = async (text: string) => {
    chunk.push(text);
    size += text.length;
    if (size < 65_536 && text !== '') return;
    const data = chunk.join('');
    chunk = [];
    size = 0;
    if (data && !out.write(data)) await once(out, 'drain');
  };
  return write;
}

const CSV_COLUMNS: Array<[keyof StoreRow, string]> = [
  ['repository', 'repository'], ['category', 'category'], ['store', 'store'], ['kind', 'kind'], ['source', 'source'],
  ['location', 'location'], ['categoryDecidedBy', 'category decided by'], ['dataTypes', 'data types'], ['retention', 'retention'],
  ['retentionEvidence', 'retention evidence'], ['jurisdiction', 'jurisdiction'], ['policyVersion', 'policy version'],
];

export async function renderRegister(register: Register, format: InventoryFormat, out: Writable): Promise<void> {
  const write = writer(out);
  if (format === 'csv') await renderCsv(register, write);
  else if (format === 'json') await renderJson(register, write);
  else await renderMarkdown(register, write);
  await write(''); // the rest
}

async function renderCsv(register: Register, write: (t: string) => Promise<void>): Promise<void> {
  const conflicted = new Set(register.conflicts.map((c) => c.category));
  await write(`${[...CSV_COLUMNS.map(([, h]) => h), 'conflict'].join(',')}\n`);
  for (const category of register.categories) {
    for await (const row of register.rows(category)) {
      await write(`${[...CSV_COLUMNS.map(([k]) => csvCell(row[k])), conflicted.has(category) ? 'kept differently elsewhere' : ''].join(',')}\n`);
    }
  }
}

async function renderJson(register: Register, write: (t: string) => Promise<void>): Promise<void> {
  const head = {
    policies: register.policies,
    newestVersion: register.newestVersion,
    repositories: register.repositories,
    missing: register.missing,
    olderPolicy: register.olderPolicy.map((r) => ({ repository: r.repository, version: r.version })),
    conflicts: register.conflicts,
    unimplementedPromises: register.unimplemented,
  };
  const text = JSON.stringify(head, null, 2);
  await write(`${text.slice(0, -2)},\n  "categories": [`);
  let firstCategory = true;
  for (const category of register.categories) {
    await write(`${firstCategory ? '' : ','}\n    {"category": ${JSON.stringify(category)}, "stores": [`);
    firstCategory = false;
    let first = true;
    for await (const row of register.rows(category)) {
      await write(`${first ? '' : ','}\n      ${JSON.stringify(row)}`);
      first = false;
    }
    await write('\n    ]}');
  }
  await write('\n  ]\n}\n');
}

async function renderMarkdown(register: Register, write: (t: string) => Promise<void>): Promise<void> {
  const md = (s: string | null | undefined) => escapeMarkdown(s ?? '');
  const cell = (...cells: Array<string | number | null | undefined>) => `| ${cells.map((c) => md(String(c ?? ''))).join(' | ')} |\n`;
  const storeTotal = [...register.storeCount.values()].reduce((a, b) => a + b, 0);
  await write(`# Record of processing — ${register.repositories.length} repositories\n\n`);
  await write(`Policy ${md(register.policies.join(', ') || '(unknown)')}, newest version checked ${md(register.newestVersion ?? '(none)')}; ${storeTotal} stores in ${register.categories.length} categories.\n\n`);

  await write('## Needs attention\n\n');
  const attention = register.missing.length + register.olderPolicy.length + register.conflicts.length + register.unimplemented.length;
  if (!attention) await write('Nothing: every repository has an inventory against the newest version, no category is kept differently, every promise is implemented somewhere.\n\n');
  if (register.missing.length) {
    await write(`### Repositories with no inventory (${register.missing.length})\n\n| repository | why |\n|---|---|\n`);
    for (const m of register.missing) await write(cell(m.repository, m.reason));
    await write('\n');
  }
  if (register.olderPolicy.length) {
    await write(`### Checked against an older policy version (${register.olderPolicy.length})\n\n| repository | checked against | newest |\n|---|---|---|\n`);
    for (const r of register.olderPolicy) await write(cell(r.repository, r.version ?? '(none in force)', register.newestVersion));
    await write('\n');
  }
  if (register.conflicts.length) {
    await write(`### Conflicts: the same category kept differently (${register.conflicts.length})\n\n| category | retention | stores | repositories | for example |\n|---|---|---|---|---|\n`);
    for (const c of register.conflicts) for (const v of c.variants) await write(cell(c.category, v.retention, v.stores, v.repositories, v.examples.join('; ')));
    await write('\n');
  }
  if (register.unimplemented.length) {
    await write(`### Promises no repository implements (${register.unimplemented.length})\n\n| promise | owned by |\n|---|---|\n`);
    for (const p of register.unimplemented) await write(cell(`${p.category}.${p.promise}`, p.ownedBy.join(', ') || '(no repository says it owns it)'));
    await write('\n');
  }

  await write(`## Repositories (${register.repositories.length})\n\n| repository | policy version | shared policy | stores |\n|---|---|---|---|\n`);
  for (const r of register.repositories) await write(cell(r.repository, r.version ?? '(none in force)', r.source, r.stores));
  await write('\n');

  for (const category of register.categories) {
    await write(`## ${md(category === '(none)' ? 'No category' : category)} (${register.storeCount.get(category)} stores)\n\n`);
    await write('| repository | store | kind | location | retention | evidence | jurisdiction |\n|---|---|---|---|---|---|---|\n');
    for await (const r of register.rows(category)) await write(cell(r.repository, r.store, r.kind, r.location, r.retention, r.retentionEvidence, r.jurisdiction));
    await write('\n');
  }
}
