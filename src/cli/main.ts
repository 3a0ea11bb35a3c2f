// `syncd`'s dispatch: finds the command in argv, parses its arguments with util.parseArgs, runs it
// with an SDK client, and turns whatever it throws into a message and an exit code.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SyncClient } from '../sdk/sync-client.js';
import type { Command, OptionSpec, OptionValues } from './command.js';
import { errorText } from './error-output.js';
import { ExitCode, exitCodeFor, UsageError } from './exit-codes.js';
import { DEFAULT_URL, GLOBAL_OPTIONS } from './global-options.js';
import { commandHelp, mainHelp, usageOf } from './help.js';
import type { CliIo } from './io.js';
import { COMMANDS } from './registry.js';

function parseConfig(options: Readonly<Record<string, OptionSpec>>): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(
    Object.entries(options).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short === undefined ? {} : { short }), ...(multiple === undefined ? {} : { multiple }) },
    ]),
  );
}

interface Positional {
  index: number;
  value: string;
}

/** The positionals of argv, found with the global options only, so `syncd --url x list` works. */
function positionalsOf(argv: readonly string[]): Positional[] {
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseConfig(GLOBAL_OPTIONS),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.flatMap((token) => (token.kind === 'positional' ? [{ index: token.index, value: token.value }] : []));
}

/**
 * The command the first positionals name: one word (`list`), or two for a command of a group
 * (`state get`), whose first word alone asks for one of the group.
 */
function resolveCommand(positionals: readonly Positional[], commands: readonly Command[]): { command: Command; at: number[] } {
  const [first, second] = positionals;
  if (first === undefined) throw new UsageError('no command given (see syncd --help)');
  const pair = second === undefined ? undefined : commands.find((command) => command.name === `${first.value} ${second.value}`);
  if (pair !== undefined && second !== undefined) return { command: pair, at: [first.index, second.index] };
  const single = commands.find((command) => command.name === first.value);
  if (single !== undefined) return { command: single, at: [first.index] };
  const group = commands.filter((command) => command.name.startsWith(`${first.value} `)).map((command) => command.name.split(' ')[1]);
  if (group.length > 0) throw new UsageError(`syncd ${first.value} needs one of: ${group.join(', ')} (see syncd --help)`);
  throw new UsageError(`unknown command "${first.value}" (see syncd --help)`);
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS');
}

function parseCommandArguments(command: Command, argv: readonly string[]): { args: string[]; values: OptionValues } {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      options: parseConfig({ ...GLOBAL_OPTIONS, ...command.options }),
      strict: true,
      allowPositionals: true,
    });
    if (values.help !== true && positionals.length !== command.positionals.length) {
      throw new UsageError(`usage: ${usageOf(command)} (see syncd ${command.name} --help)`);
    }
    return { args: positionals, values: values as OptionValues };
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(`${error.message} (see syncd ${command.name} --help)`);
    throw error;
  }
}

function clientFor(values: OptionValues, io: CliIo): { client: SyncClient; url: string } {
  const url = (typeof values.url === 'string' ? values.url : undefined) ?? io.env.SYNCD_URL ?? DEFAULT_URL;
  if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
    throw new UsageError(`the API URL must be an http or https URL, got "${url}"`);
  }
  const apiKey = (typeof values['api-key'] === 'string' ? values['api-key'] : undefined) ?? io.env.SYNCD_API_KEY;
  return { client: new SyncClient({ baseUrl: url, ...(apiKey ? { apiKey } : {}) }), url };
}

async function dispatch(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
): Promise<{ code: ExitCode } | { error: unknown; url?: string }> {
  const positionals = positionalsOf(argv);
  if (positionals.length === 0 || positionals[0]?.value === 'help') {
    const asked = positionals.length > 0 || argv.includes('--help') || argv.includes('-h');
    if (!asked) {
      io.err(mainHelp(commands));
      return { code: ExitCode.Invalid };
    }
    const named = positionals.slice(1);
    io.out(named.length === 0 ? mainHelp(commands) : commandHelp(resolveCommand(named, commands).command));
    return { code: ExitCode.Ok };
  }
  const { command, at } = resolveCommand(positionals, commands);
  const { args, values } = parseCommandArguments(
    command,
    argv.filter((_, index) => !at.includes(index)),
  );
  if (values.help === true) {
    io.out(commandHelp(command));
    return { code: ExitCode.Ok };
  }
  const { client, url } = clientFor(values, io);
  try {
    return { code: await command.run({ client, io, args, values, json: values.json === true }) };
  } catch (error) {
    return { error, url };
  }
}

/** Runs `syncd` with these arguments (those after `syncd`) and answers its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<ExitCode> {
  let outcome: Awaited<ReturnType<typeof dispatch>>;
  try {
    outcome = await dispatch(argv, io, commands);
  } catch (error) {
    outcome = { error };
  }
  if ('code' in outcome) return outcome.code;
  io.err(errorText(outcome.error, outcome.url));
  return exitCodeFor(outcome.error);
}
