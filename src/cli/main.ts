import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SyncApiError, SyncRequestError } from '../sdk/errors.js';
import { SyncClient } from '../sdk/sync-client.js';
import type { Command, OptionSpec, OptionValues } from './command.js';
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

/** The first positional is the command: found with the global options only, so `--url x list` works. */
function commandPosition(argv: readonly string[]): { index: number; name: string } | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseConfig(GLOBAL_OPTIONS),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === 'positional');
  return first === undefined ? undefined : { index: first.index, name: first.value };
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

/** What went wrong, for stderr: the API's message and each field it names, with a hint where one helps. */
function errorText(error: unknown, url: string | undefined): string {
  if (error instanceof SyncRequestError) {
    return `error: no answer from the syncd API${url === undefined ? '' : ` at ${url}`}: ${error.message}\n(is it running? set SYNCD_URL or --url)`;
  }
  if (error instanceof SyncApiError) {
    const lines = [`error: ${error.message}`, ...error.details.map((detail) => `  ${detail.field}: ${detail.message}`)];
    if (error.status === 401 || error.status === 403) lines.push('(set SYNCD_API_KEY or --api-key to a key the API accepts for this)');
    lines.push(`(HTTP ${error.status} ${error.code}${error.requestId === undefined ? '' : `, request id ${error.requestId}`})`);
    return lines.join('\n');
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<{ code: ExitCode } | { error: unknown; url?: string }> {
  const position = commandPosition(argv);
  if (position === undefined || position.name === 'help') {
    const named = position === undefined ? undefined : argv.slice(position.index + 1).find((arg) => !arg.startsWith('-'));
    const wanted = named === undefined ? undefined : COMMANDS.find((command) => command.name === named);
    if (named !== undefined && wanted === undefined) return { error: new UsageError(`unknown command "${named}" (see syncd --help)`) };
    const asked = position !== undefined || argv.includes('--help') || argv.includes('-h');
    if (!asked) {
      io.err(mainHelp(COMMANDS));
      return { code: ExitCode.Invalid };
    }
    io.out(wanted === undefined ? mainHelp(COMMANDS) : commandHelp(wanted));
    return { code: ExitCode.Ok };
  }
  const command = COMMANDS.find((candidate) => candidate.name === position.name);
  if (command === undefined) return { error: new UsageError(`unknown command "${position.name}" (see syncd --help)`) };
  const { args, values } = parseCommandArguments(
    command,
    argv.filter((_, index) => index !== position.index),
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
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let outcome: Awaited<ReturnType<typeof dispatch>>;
  try {
    outcome = await dispatch(argv, io);
  } catch (error) {
    outcome = { error };
  }
  if ('code' in outcome) return outcome.code;
  io.err(errorText(outcome.error, outcome.url));
  return exitCodeFor(outcome.error);
}
