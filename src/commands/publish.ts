import path from 'node:path';
import { check } from '../engine/check.js';
import { UsageError } from '../engine/files.js';
import { loadConfig } from '../config/index.js';
import { parse } from './index.js';

export async function runPublish(args: string[]): Promise<number> {
  const { values } = parse(args, {
    out: { type: 'string' }, policy: { type: 'string' }, at: { type: 'string' }, config: { type: 'string' },
    'base-url': { type: 'string' }, force: { type: 'boolean' }, pdf: { type: 'boolean' },
  }, 0, 'publish');
  if (!values.out) throw new UsageError('publish: --out DIR is required');
  const config = await loadConfig(process.cwd(), values.config);
  // The lifecycle rules decide whether the policy may be published at all.
  const result = await check({ root: process.cwd(), policyDir: values.policy ?? config.policy ?? 'policy', at: values.at, lifecycleOnly: true });
  const { publishSite } = await import('../publish/index.js');
  // theme files are named relative to the configuration file that names them
  const theme = config.publish?.theme;
  const base = config.file ? path.dirname(path.resolve(config.file)) : process.cwd();
  const resolved = theme && {
    ...theme,
    ...(theme.logo ? { logo: path.resolve(base, theme.logo) } : {}),
    ...(theme.stylesheet ? { stylesheet: path.resolve(base, theme.stylesheet) } : {}),
  };
  const { files, warnings } = await publishSite(result.policy, {
    out: path.resolve(values.out), at: result.at, baseUrl: values['base-url'], force: values.force, lifecycleFindings: result.findings,
    theme: resolved, pdf: values.pdf,
  });
  for (const w of warnings) process.stderr.write(`policyproof: ${w}\n`);
  process.stdout.write(`published ${files.length} files to ${values.out} (${result.inForce ? `version ${result.inForce.version}` : 'no version'} in force on ${result.at})\n`);
  return 0;
}
