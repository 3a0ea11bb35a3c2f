// Reading option values: util.parseArgs hands strings; these turn them into what the API takes or refuse them.
import type { JsonValue } from '../sdk/types.js';
import type { OptionValues } from './command.js';
import { UsageError } from './exit-codes.js';

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringsOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

function positiveInteger(text: string, what: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${what} must be a positive integer, got "${text}"`);
  return value;
}

export function syncIdArgument(text: string): number {
  return positiveInteger(text, 'the sync id');
}

export function limitOption(values: OptionValues): number | undefined {
  const text = stringOption(values, 'limit');
  return text === undefined ? undefined : positiveInteger(text, '--limit');
}

/** An option restricted to a few values, checked here so the message lists them. */
export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[]): T | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

/** `field=value` of `--<option>`: the value as JSON when it parses (numbers, true, null, objects), else as the text itself. */
export function fieldAssignment(text: string, option: string): [string, JsonValue] {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`--${option} takes field=value, got "${text}"`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw) as JsonValue];
  } catch {
    return [text.slice(0, at), raw];
  }
}
