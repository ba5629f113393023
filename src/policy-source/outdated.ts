import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { cmp } from '../core/compare.js';
import { loadConfig } from '../config/index.js';
import { cacheDirectory, describePin, resolvePolicySource, type ResolvedPolicy, type SourceOptions } from './index.js';
import { remoteTags } from './git.js';
import { publishedVersions } from './npm.js';
import type { PolicyReference } from './reference.js';

export interface OutdatedReport {
  reference: string;
  /** what policyproof.lock pins (or the reference resolves to, without a lock) */
  pinned: string;
  /** newer tags or package versions of the source, oldest first */
  newer: string[];
  /** the newest of them, as a reference one can write in policyproof.yaml */
  latest?: string;
  /** policy versions (their effective dates) the newest has and the pin lacks */
  versionsMissing: string[];
}

/**
 * Whether the source has versions the pin lacks: newer tags (by version order of their names) or
 * package versions, and the policy versions the newest of them adds. A version published upstream
 * binds every consuming repository from its effective date, so a pin that lacks it is news.
 */
export async function policyOutdated(current: ResolvedPolicy, opts: SourceOptions): Promise<OutdatedReport> {
  const ref = current.reference;
  const pin = current.pin;
  let newer: string[] = [];
  if (ref.kind === 'git' && pin.kind === 'git') {
    const tags = await remoteTags(ref, opts);
    const order = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    if (pin.refType === 'tag') newer = [...tags.keys()].filter((t) => order(t, pin.ref) > 0 && tags.get(t) !== pin.commit).sort(order);
    else newer = [...tags.entries()].filter(([, sha]) => sha !== pin.commit).map(([t]) => t).sort(order).slice(-1);
  } else if (ref.kind === 'npm' && pin.kind === 'npm') {
    newer = await publishedVersions(ref, `>${pin.version}`, opts);
  }
  const report: OutdatedReport = { reference: ref.text, pinned: describePin(pin), newer, versionsMissing: [] };
  if (!newer.length) return report;
  report.latest = withRef(ref, newer[newer.length - 1]);
  const latest = await resolvePolicySource(report.latest, { ...opts, writeLock: false, offline: false });
  const have = new Set(await policyVersions(current.dir));
  report.versionsMissing = (await policyVersions(latest.dir)).filter((v) => !have.has(v));
  return report;
}

/** policyOutdated with the repository's own cache settings (the Action's warning). */
export async function outdatedFor(current: ResolvedPolicy, root: string, token?: string): Promise<OutdatedReport> {
  const config = await loadConfig(root).catch(() => ({ cacheDir: undefined }));
  return policyOutdated(current, { root, cacheDir: cacheDirectory(root, config.cacheDir), token: token ?? process.env.POLICYPROOF_GITHUB_TOKEN ?? process.env.GITHUB_TOKEN, serverUrl: process.env.GITHUB_SERVER_URL });
}

async function policyVersions(dir: string): Promise<string[]> {
  const names = await readdir(path.join(dir, 'versions')).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, '')).sort(cmp);
}

/** The same reference at another tag or version. */
export function withRef(ref: PolicyReference, version: string): string {
  const folder = ref.path ? `:${ref.path}` : '';
  if (ref.kind === 'npm') return `npm:${ref.name}@${version}${folder}`;
  if (ref.github) return `github:${ref.github.owner}/${ref.github.repo}@${version}${folder}`;
  return `${ref.text.slice(0, ref.text.indexOf('#'))}#${version}${folder}`;
}

export function outdatedText(r: OutdatedReport): string {
  if (!r.newer.length) return `${r.reference}: up to date (pinned ${r.pinned})\n`;
  const lines = [`${r.reference}: pinned ${r.pinned}; the source has ${r.newer.length === 1 ? 'a newer version' : `${r.newer.length} newer versions`}: ${r.newer.join(', ')}`];
  if (r.versionsMissing.length) {
    lines.push(`  policy versions the pin lacks: ${r.versionsMissing.join(', ')} — each binds this repository from its effective date`);
  }
  lines.push(`  to check against it: policy: ${r.latest}`);
  return `${lines.join('\n')}\n`;
}
