import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../engine/files.js';
import { COMMAND_HELP, wantsHelp } from './help.js';
import { closest } from '../config/suggest.js';
import { isCalendarDate } from '../policy/timeline.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).runCheck,
  policy: async () => (await import('./policy.js')).runPolicy,
  translations: async () => (await import('./policy.js')).runTranslations,
  inventory: async () => (await import('./inventory.js')).runInventory,
  publish: async () => (await import('./publish.js')).runPublish,
  rules: async () => (await import('./rules.js')).runRules,
  config: async () => (await import('./check.js')).runConfig,
  init: async () => (await import('./init.js')).runInit,
};

export async function runCommand(command: string, args: string[]): Promise<number> {
  const load = COMMANDS[command];
  if (!load) {
    const near = closest(command, Object.keys(COMMANDS));
    throw new UsageError(`unknown command "${command}"${near ? `; did you mean "${near}"?` : ''} (run policyproof --help)`);
  }
  // `policyproof check --help`, `policyproof policy validate -h`: the command's help, exit 0.
  if (wantsHelp(args)) {
    process.stdout.write(COMMAND_HELP[command]);
    return 0;
  }
  return (await load())(args);
}

/**
 * parseArgs with its errors made one line a user can act on, naming the command's help.
 * `command` is the words of the command ("check", "policy validate"), for the hint.
 */
export function parse<const O extends ParseArgsOptionsConfig>(args: string[], options: O, maxPositionals = 0, command?: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(argumentError(e as Error & { code?: string }, Object.keys(options), command));
  }
  // --at is a calendar date for every command, checked before anything is read or written.
  const at = (parsed.values as Record<string, unknown>).at;
  if (typeof at === 'string' && !isCalendarDate(at)) throw new UsageError(`--at: "${at}" is not a calendar date (YYYY-MM-DD)`);
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(`unexpected argument "${extra}"${command ? ` (${command} takes ${maxPositionals === 0 ? 'none' : `at most ${maxPositionals}`}; see policyproof ${command.split(' ')[0]} --help)` : ''}`);
  }
  return parsed;
}

/** Node's parseArgs messages, reworded: which option, what is wrong, where the help is. */
export function argumentError(e: Error & { code?: string }, known: string[], command?: string): string {
  const help = command ? ` (see policyproof ${command.split(' ')[0]} --help)` : '';
  const name = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (!name) return `${e.message.split('\n')[0]}${help}`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = name.startsWith('--') ? closest(name.slice(2).split('=')[0], known) : undefined;
      return `unknown option ${name}${command ? ` for ${command}` : ''}${near ? `; did you mean --${near}?` : ''}${help}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(e.message)) return `${name} needs a value${help}`;
      if (/ambiguous/.test(e.message)) return `${name} needs a value; to give one that starts with "-", write ${name}=VALUE`;
      if (/does not take an argument/.test(e.message)) return `${name} takes no value${help}`;
      return `${e.message.split('\n')[0]}${help}`;
    default:
      return `${e.message.split('\n')[0]}${help}`;
  }
}


/** `--format` of the commands that print either a table for people or JSON for tools. */
export function textOrJson(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--format: "${value}" is not text or json`);
}
