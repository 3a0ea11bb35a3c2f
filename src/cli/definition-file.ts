import { parse as parseYaml } from 'yaml';
import type { OptionSpec } from './command.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** `-f <file>`: a file of sync fields, as `what` takes them. */
export function definitionFileOption(what: string): OptionSpec {
  return {
    type: 'string',
    short: 'f',
    value: '<file>',
    description: `the sync fields, as ${what} takes them: .json, .yaml, or - for stdin`,
  };
}

/**
 * The JSON object in a `.json` file, or the YAML mapping in any other (YAML reads JSON too); `-`
 * reads stdin. Only its shape is checked here: the API validates the fields and names each bad one.
 */
export async function readObjectFile(io: CliIo, path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML or JSON'}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`${path} must hold one object of sync fields`);
  return value as Record<string, unknown>;
}
