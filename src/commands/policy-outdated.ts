import { loadConfig } from '../config/index.js';
import { UsageError } from '../engine/files.js';
import { cacheDirectory, isPolicyReference, resolvePolicySource } from '../policy-source/index.js';
import { outdatedText, policyOutdated } from '../policy-source/outdated.js';
import { parse, textOrJson } from './index.js';

/** `policyproof policy outdated`: exit 1 when the shared policy's source has versions the pin lacks. */
export async function runPolicyOutdated(args: string[]): Promise<number> {
  const { values } = parse(args, { policy: { type: 'string' }, config: { type: 'string' }, format: { type: 'string' } }, 0, 'policy outdated');
  const format = textOrJson(values.format);
  const root = process.cwd();
  const config = await loadConfig(root, values.config);
  const policy = values.policy ?? config.policy ?? 'policy';
  if (!isPolicyReference(policy)) throw new UsageError(`policy outdated: the policy is the folder ${policy}, not a shared policy (git+…#TAG, github:OWNER/REPO@TAG or npm:NAME@RANGE); a folder is never outdated`);
  const opts = { root, cacheDir: cacheDirectory(root, config.cacheDir), token: process.env.POLICYPROOF_GITHUB_TOKEN ?? process.env.GITHUB_TOKEN, serverUrl: process.env.GITHUB_SERVER_URL };
  const current = await resolvePolicySource(policy, { ...opts, writeLock: false });
  const report = await policyOutdated(current, opts);
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : outdatedText(report));
  return report.newer.length ? 1 : 0;
}
