/**
 * `policyproof translations status | accept`: the translations one by one. status lists each pair
 * that is not confirmed, and for a stale one the word diff of the authoritative text since it was
 * confirmed; accept confirms the pairs its arguments name (`<section>[.heading|.text]`, `title`,
 * `summary`, or `--all`) and lists what it confirmed.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Policy } from '../core/types.js';
import { UsageError } from '../engine/files.js';
import { diffWords, renderWordOps } from '../policy/diff.js';
import { acceptTranslations, confirmedSource, hashText, staleEntry, translationStatus, unknownSelector, type TranslationItem } from '../policy/translations.js';
import { parseYamlFile } from '../policy/yaml-file.js';

const acceptArg = (key: string) => key.replace(/^sections\./, '');

function git(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

/** The text at `key` of a version (or policy.yaml) file's YAML, in one language. */
function textAt(raw: string, file: string, key: string, lang: string): string | undefined {
  let data: unknown;
  try {
    data = parseYamlFile(raw, file).data;
  } catch {
    return undefined;
  }
  const o = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  let node: unknown;
  if (key === 'title' || key === 'summary') node = o(data)[key];
  else {
    const [, id, field] = /^sections\.(.+)\.(heading|text)$/.exec(key) ?? [];
    const section = (Array.isArray(o(data).sections) ? (o(data).sections as unknown[]) : []).find((s) => o(s).id === id);
    node = o(section)[field ?? ''];
  }
  const text = o(node)[lang];
  return typeof text === 'string' ? text : undefined;
}

/**
 * The authoritative text a stale translation was confirmed against: still in the policy (another
 * version), or in the git history of the file (the last 100 commits that touched it).
 */
async function textWhenConfirmed(policy: Policy, item: TranslationItem): Promise<string | undefined> {
  const inPolicy = confirmedSource(policy, item);
  if (inPolicy !== undefined) return inPolicy;
  const entry = staleEntry(policy, item);
  if (!entry) return undefined;
  const cwd = process.cwd();
  const log = await git(['-C', cwd, 'log', '--format=%H', '-n', '100', '--', item.file]);
  for (const commit of (log ?? '').split('\n').filter(Boolean)) {
    const raw = await git(['-C', cwd, 'show', `${commit}:./${item.file}`]);
    if (raw === undefined) continue;
    const text = textAt(raw, item.file, item.key, item.from);
    if (text !== undefined && hashText(text) === entry.source) return text;
  }
  return undefined;
}

export async function translationsStatus(policy: Policy, format: 'text' | 'json'): Promise<number> {
  const items = translationStatus(policy);
  const open = items.filter((i) => i.state !== 'confirmed');
  const diffs = new Map<TranslationItem, string | undefined>();
  for (const i of open) {
    if (i.state !== 'stale') continue;
    const before = await textWhenConfirmed(policy, i);
    diffs.set(i, before === undefined ? undefined : renderWordOps(diffWords(before, i.source)));
  }
  if (format === 'json') {
    const rows = items.map((i) => ({
      version: i.version,
      key: i.key,
      language: i.to,
      state: i.state,
      file: i.targetLocation.file,
      line: (i.state === 'missing' ? i.sourceLocation : i.targetLocation).line,
      ...(i.state === 'stale' ? { diff: diffs.get(i) ?? null } : {}),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const i of open) {
      const at = i.state === 'missing' ? i.sourceLocation : i.targetLocation;
      process.stdout.write(`${i.state.padEnd(11)} ${i.version} ${i.key} (${i.to})  ${at.file}:${at.line}\n`);
      if (i.state === 'stale') {
        const diff = diffs.get(i);
        const body = diff ?? `(the ${i.from} text it was confirmed against is no longer in the policy or its git history)`;
        process.stdout.write(`            ${i.from} since confirmed: ${body.replace(/\s*\n\s*/g, ' ')}\n`);
      }
    }
    const policyLangs = policy.identity.languages.translations;
    if (policyLangs.length === 0) process.stdout.write('the policy declares no translation (languages.translations in policy.yaml)\n');
    else process.stdout.write(`${open.length ? '\n' : ''}${items.length - open.length} confirmed, ${open.length} to review${open.length ? ' (policyproof translations accept <section>… once checked)' : ''}\n`);
  }
  return open.length ? 1 : 0;
}

export async function translationsAccept(policy: Policy, selectors: string[], all: boolean, format: 'text' | 'json'): Promise<number> {
  if (all && selectors.length) throw new UsageError('translations accept: give sections to confirm or --all, not both');
  const items = translationStatus(policy);
  if (!all && selectors.length === 0) {
    const open = items.filter((i) => i.state === 'unconfirmed' || i.state === 'stale');
    const names = [...new Set(open.map((i) => acceptArg(i.key)))];
    throw new UsageError(`translations accept: name what you have reviewed (${names.length ? names.slice(0, 5).join(' ') + (names.length > 5 ? ' …' : '') : 'nothing is waiting'}), or --all for every pair; see policyproof translations status`);
  }
  for (const s of selectors) {
    const problem = unknownSelector(policy, s);
    if (problem) throw new UsageError(`translations accept: ${problem}`);
  }
  const chosen = all ? undefined : selectors;
  const missing = items.filter((i) => i.state === 'missing' && (!chosen || chosen.some((s) => acceptArg(i.key) === s || acceptArg(i.key).startsWith(`${s}.`) || i.key === s)));
  if (missing.length) {
    const m = missing[0]!;
    throw new UsageError(`translations accept: ${missing.length} text(s) have no ${m.to} translation yet, e.g. ${m.version} ${m.key} (${m.sourceLocation.file}:${m.sourceLocation.line})`);
  }
  const { lock, accepted } = acceptTranslations(policy, chosen);
  const file = path.resolve(process.cwd(), policy.translationsFile);
  await writeFile(file, lock);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ file: policy.translationsFile, accepted: accepted.map((i) => ({ version: i.version, key: i.key, language: i.to, was: i.state })) }, null, 2)}\n`);
    return 0;
  }
  for (const i of accepted) process.stdout.write(`confirmed ${i.version} ${i.key} (${i.from} → ${i.to}; was ${i.state})\n`);
  process.stdout.write(`${accepted.length ? '' : 'nothing to confirm; '}wrote ${policy.translationsFile} (${accepted.length} confirmed)\n`);
  return 0;
}
