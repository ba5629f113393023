/**
 * The GitHub Action's entry (bundled into dist/index.js): wires the real check, reporter and
 * GitHub client into runAction and exits with its code.
 */
import { filterResult, resolveOptions } from '../commands/check.js';
import { check } from '../engine/check.js';
import { loadPolicyAtRef } from '../policy/load.js';
import { render } from '../report/index.js';
import pkg from '../../package.json' with { type: 'json' };
import { runAction } from './run.js';

const code = await runAction({
  env: process.env,
  check,
  resolveOptions,
  filterResult: (result, opts) => filterResult(result, opts),
  loadPolicyAtRef,
  policyOutdated: async (source, root) => (await import('../policy-source/outdated.js')).outdatedFor(source, root, process.env['INPUT_GITHUB-TOKEN']?.trim() || undefined),
  renderSarif: (result) => render('sarif', result, { version: pkg.version }),
}).catch((err: unknown) => {
  // Never a stack trace in the log unless asked for; never the token (runAction masks it first).
  process.stdout.write(`::error title=policyproof::policyproof failed: ${String((err as Error)?.message ?? err).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  if (process.env.POLICYPROOF_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 2;
});
process.exitCode = code;
