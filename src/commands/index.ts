import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from '../engine/files.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).runCheck,
  policy: async () => (await import('./policy.js')).runPolicy,
  translations: async () => (await import('./policy.js')).runTranslations,
  inventory: async () => (await import('./inventory.js')).runInventory,
  publish: async () => (await import('./publish.js')).runPublish,
  rules: async () => (await import('./rules.js')).runRules,
  config: async () => (await import('./check.js')).runConfig,
};

export async function runCommand(command: string, args: string[]): Promise<number> {
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`unknown command "${command}" (run policyproof --help)`);
  return (await load())(args);
}

/** parseArgs with the errors made one line. */
export function parse<const O extends ParseArgsOptionsConfig>(args: string[], options: O, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  return parsed;
}
