import type { SyncClient } from '../sdk/sync-client.js';
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** One option of a command: what util.parseArgs needs, plus its line in `--help`. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in `--help`, such as `<status>`. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  client: SyncClient;
  io: CliIo;
  /** The positionals, one per name in the command's `positionals`. */
  args: string[];
  values: OptionValues;
  /** `--json`: print the API's JSON as it answered instead of text. */
  json: boolean;
}

/** A `syncd <name>` subcommand; each lives in a file of its own under commands/ and is listed in registry.ts. */
export interface Command {
  name: string;
  /** One line for `syncd --help`. */
  summary: string;
  /** Names of the positional arguments, all required, such as `['id']`. */
  positionals: readonly string[];
  options: Readonly<Record<string, OptionSpec>>;
  /** More about what the command does, for `syncd <name> --help`. */
  details?: string;
  run(context: CommandContext): Promise<ExitCode>;
}
