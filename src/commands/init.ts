/**
 * `policyproof init`: a new policy, configuration and workflow for the repository here. It never
 * overwrites: when any file it would write exists, nothing is written and it exits 2 naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../engine/files.js';
import { packageRoot } from '../classify/index.js';
import { LANGUAGE_TAG, languageData } from '../policy/languages.js';
import { today } from '../policy/timeline.js';
import { formatLock } from '../policy/translations.js';
import { configYaml, policyYaml, proposeCategories, versionYaml, workflowYaml, type StarterOptions } from '../policy/starter.js';
import { parse } from './index.js';

export const INIT_OPTIONS = {
  organization: { type: 'string' },
  language: { type: 'string' },
  translations: { type: 'string' },
  from: { type: 'string' },
  timezone: { type: 'string' },
  at: { type: 'string' },
  policy: { type: 'string' },
} as const;

/** The Action reference the workflow uses: the commit this package was published from, when npm recorded it. */
function actionRef(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string; gitHead?: string };
    const major = (pkg.version ?? '0').split('.')[0];
    if (pkg.gitHead && /^[0-9a-f]{40}$/.test(pkg.gitHead)) return `policyproof/policyproof@${pkg.gitHead} # v${pkg.version}`;
    return `policyproof/policyproof@v${major}   # pin to the release's commit SHA`;
  } catch {
    return 'policyproof/policyproof@v0   # pin to the release\'s commit SHA';
  }
}

function tags(value: string | undefined, flag: string): string[] {
  const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const t of list) if (!LANGUAGE_TAG.test(t)) throw new UsageError(`${flag}: "${t}" is not a BCP 47 language tag (e.g. da, en, de-AT)`);
  return list;
}

export async function runInit(args: string[]): Promise<number> {
  const { values } = parse(args, INIT_OPTIONS, 0, 'init');
  const root = process.cwd();
  const policyDir = values.policy ?? 'policy';
  const authoritative = tags(values.language ?? 'en', '--language')[0] ?? 'en';
  const translations = tags(values.translations, '--translations').filter((t) => t !== authoritative);
  // every language needs its data file: the PolicyError names the file to add (exit 2)
  for (const tag of [authoritative, ...translations]) languageData(tag);
  const timezone = values.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new UsageError(`--timezone: "${timezone}" is not an IANA timezone (e.g. Europe/Copenhagen)`);
  }
  const date = values.at ?? today(timezone);
  const options: StarterOptions = { organization: values.organization ?? path.basename(root), authoritative, translations, timezone, date };

  // `--from bundled`: the example policy shipped in the package
  const from = values.from === 'bundled' ? path.join(packageRoot(), 'policy') : values.from ? path.resolve(values.from) : undefined;
  const fromVersions = from ? await versionFilesOf(from) : [];
  const files: Array<{ rel: string; text?: string; copy?: string }> = [];
  if (from) {
    files.push({ rel: `${policyDir}/policy.yaml`, copy: path.join(from, 'policy.yaml') });
    for (const name of fromVersions) files.push({ rel: `${policyDir}/versions/${name}`, copy: path.join(from, 'versions', name) });
    const lock = path.join(from, 'translations.lock');
    files.push(existsSync(lock) ? { rel: `${policyDir}/translations.lock`, copy: lock } : { rel: `${policyDir}/translations.lock`, text: formatLock([]) });
  } else {
    files.push({ rel: `${policyDir}/policy.yaml`, text: policyYaml(options) });
    files.push({ rel: `${policyDir}/versions/${date}.yaml`, text: '' });
    files.push({ rel: `${policyDir}/translations.lock`, text: formatLock([]) });
  }
  files.push({ rel: 'policyproof.yaml', text: configYaml(policyDir) });
  files.push({ rel: '.github/workflows/policyproof.yml', text: workflowYaml(policyDir, actionRef()) });

  // never overwrite: check every target before writing any
  for (const f of files) {
    if (existsSync(path.join(root, f.rel))) throw new UsageError(`init: ${f.rel} exists; init never overwrites (move it away, or edit it by hand)`);
  }
  if (!from) {
    const { scanStores } = await import('../engine/check.js');
    const { loadBuiltinDataTypes } = await import('../classify/index.js');
    const stores = await scanStores(root);
    const proposals = proposeCategories(stores, loadBuiltinDataTypes());
    files[1]!.text = versionYaml(options, proposals);
    process.stderr.write(`policyproof: scanned ${root === process.cwd() ? 'this repository' : root}: ${stores.length} stores, ${proposals.length} proposed categor${proposals.length === 1 ? 'y' : 'ies'}\n`);
  }
  for (const f of files) {
    const abs = path.join(root, f.rel);
    await mkdir(path.dirname(abs), { recursive: true });
    if (f.copy) await copyFile(f.copy, abs);
    else await writeFile(abs, f.text!, { flag: 'wx' });
    process.stdout.write(`wrote ${f.rel}\n`);
  }
  process.stdout.write(
    [
      '',
      'Next:',
      `  1. write the texts marked TODO in ${policyDir}/versions/ and keep the proposed categories that apply`,
      '  2. mark the code: -- @category <id> above a CREATE TABLE, /** @retention <id> */ on a constant',
      '  3. npx policyproof check',
      `  4. npx policyproof translations accept <section>…   (after reviewing each translation)`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function versionFilesOf(from: string): Promise<string[]> {
  if (!existsSync(path.join(from, 'policy.yaml'))) throw new UsageError(`--from ${from}: no policy.yaml there (a policy folder holds policy.yaml and versions/)`);
  // the policy must load before it is copied: its problems are reported now, at file:line:column
  const { loadPolicy } = await import('../policy/load.js');
  await loadPolicy(from, { root: process.cwd() });
  return (await readdir(path.join(from, 'versions'))).filter((n) => /\.ya?ml$/.test(n)).sort();
}

