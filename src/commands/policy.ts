import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import type { Policy } from '../core/types.js';
import { describeDuration } from '../core/duration.js';
import { check } from '../engine/check.js';
import { UsageError } from '../engine/files.js';
import { daysBetween, timeline, today, versionInForce } from '../policy/timeline.js';
import { loadConfig } from '../config/index.js';
import { noticeCheck } from '../policy/notice.js';
import { parse, textOrJson } from './index.js';
import { exitCodeFor, parseFailOn, parseFormats, writeOutputs } from './output.js';

const COMMON = { policy: { type: 'string' }, at: { type: 'string' }, config: { type: 'string' } } as const;

async function policyDirOf(flags: { policy?: string; config?: string }): Promise<string> {
  // run from a subfolder: the repository above, where the policy is
  (await import('./root.js')).enterRepository([], flags);
  const config = await loadConfig(process.cwd(), flags.config);
  const policy = flags.policy ?? config.policy ?? 'policy';
  // A shared policy (git+…#TAG, github:…, npm:…) is read from the cache, as check reads it.
  const { isPolicyReference, resolvePolicySource, cacheDirectory } = await import('../policy-source/index.js');
  if (!isPolicyReference(policy)) return policy;
  const root = process.cwd();
  return (await resolvePolicySource(policy, { root, offline: config.offline, cacheDir: cacheDirectory(root, config.cacheDir), token: process.env.POLICYPROOF_GITHUB_TOKEN ?? process.env.GITHUB_TOKEN, serverUrl: process.env.GITHUB_SERVER_URL })).dir;
}

async function load(flags: { policy?: string; config?: string }): Promise<Policy> {
  const { loadPolicy } = await import('../policy/load.js');
  return loadPolicy(path.resolve(await policyDirOf(flags)), { root: process.cwd() });
}

export async function runPolicy(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'validate':
      return validate(rest);
    case 'timeline':
      return showTimeline(rest);
    case 'new':
      return newVersionCommand(rest);
    case 'diff':
      return diffCommand(rest);
    case 'outdated':
      return (await import('./policy-outdated.js')).runPolicyOutdated(rest);
    default:
      throw new UsageError(`policy: expected validate, timeline, new, diff or outdated${sub ? `, not "${sub}"` : ''}`);
  }
}

/** The lifecycle rules only: notice, immutability, backdating, order, translations, words vs rules. */
async function validate(args: string[]): Promise<number> {
  const { values } = parse(args, { ...COMMON, base: { type: 'string' }, format: { type: 'string', multiple: true }, 'fail-on': { type: 'string' }, verbose: { type: 'boolean' } }, 0, 'policy validate');
  const formats = parseFormats(values.format);
  const failOn = parseFailOn(values['fail-on']);
  const result = await check({ root: process.cwd(), policyDir: await policyDirOf(values), at: values.at, base: values.base, lifecycleOnly: true });
  await writeOutputs(result, formats, values.verbose);
  return exitCodeFor(result, failOn);
}

async function showTimeline(args: string[]): Promise<number> {
  const { values } = parse(args, { ...COMMON, format: { type: 'string' } }, 0, 'policy timeline');
  const format = textOrJson(values.format);
  const policy = await load(values);
  const at = values.at ?? today(policy.identity.timezone);
  const entries = timeline(policy, at).map((e, i) => {
    // The notice that binds a version is the one of the version in force when it was published (SPEC §2).
    const check = i > 0 ? noticeCheck(policy, e.version) : undefined;
    return {
      version: e.version.version,
      published: e.version.published,
      effective: e.version.effective,
      until: e.until ?? null,
      status: e.status,
      noticeGivenDays: daysBetween(e.version.published, e.version.effective),
      noticeRequired: check ? describeDuration(check.notice) : null,
      noticeOk: check ? check.ok : null,
      earliestEffective: check ? check.earliest : null,
      daysLeft: e.status === 'pending' ? daysBetween(at, e.version.effective) : null,
    };
  });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ policy: policy.identity.id, at, versions: entries }, null, 2)}\n`);
    return 0;
  }
  const head = ['version', 'published', 'effective', 'in force until', 'status', 'notice given', 'notice required'];
  const rows = entries.map((e, i) => [
    e.version, e.published, e.effective, e.until ?? '—', e.status + (e.daysLeft !== null ? ` (in ${e.daysLeft} days)` : ''),
    `${e.noticeGivenDays} days`, e.noticeRequired ? `${e.noticeRequired}${e.noticeOk ? '' : ` — too short: earliest ${e.earliestEffective}`}` : i === 0 ? '— (first version)' : '— (none promised)',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const inForce = versionInForce(policy, at);
  process.stdout.write(`${policy.identity.id} on ${at}: ${inForce ? `version ${inForce.version} in force` : 'no version in force'}\n\n${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  return 0;
}

async function newVersionCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { ...COMMON, force: { type: 'boolean' } }, 0, 'policy new');
  const policy = await load(values);
  const date = values.at ?? today(policy.identity.timezone);
  const { newVersion } = await import('../policy/new-version.js');
  const created = newVersion(policy, date);
  const target = path.resolve(process.cwd(), created.file);
  if (!values.force && (await exists(target))) throw new UsageError(`${created.file} exists already (use --force to overwrite)`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, created.text);
  process.stdout.write(`${created.message ?? `created ${created.file}`}\n`);
  return 0;
}

async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, format: { type: 'string' } }, 2, 'policy diff');
  const format = textOrJson(values.format);
  const policy = await load(values);
  const find = (v: string) => {
    const found = policy.versions.find((x) => x.version === v);
    if (!found) throw new UsageError(`policy diff: no version "${v}" (versions: ${policy.versions.map((x) => x.version).join(', ')})`);
    return found;
  };
  let a, b;
  if (positionals.length === 2) [a, b] = [find(positionals[0]), find(positionals[1])];
  else if (positionals.length === 1) {
    b = find(positionals[0]);
    a = policy.versions[policy.versions.indexOf(b) - 1];
    if (!a) throw new UsageError(`policy diff: ${b.version} is the first version; name two versions`);
  } else {
    if (policy.versions.length < 2) throw new UsageError('policy diff: the policy has only one version');
    [a, b] = policy.versions.slice(-2);
  }
  const { diffVersions, renderDiffText } = await import('../policy/diff.js');
  const diff = diffVersions(a, b);
  process.stdout.write(format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff));
  return 0;
}

export async function runTranslations(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'status' && sub !== 'accept') throw new UsageError(`translations: expected status or accept${sub ? `, not "${sub}"` : ''}`);
  const { values, positionals } = parse(rest, { ...COMMON, format: { type: 'string' }, all: { type: 'boolean' } }, sub === 'accept' ? Infinity : 0, `translations ${sub}`);
  const format = textOrJson(values.format);
  const policy = await load(values);
  const tr = await import('./translations.js');
  return sub === 'status' ? tr.translationsStatus(policy, format) : tr.translationsAccept(policy, positionals, Boolean(values.all), format);
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

