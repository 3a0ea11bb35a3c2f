import type { Command, OptionSpec } from './command.js';
import { EXIT_CODE_HELP } from './exit-codes.js';
import { GLOBAL_OPTIONS } from './global-options.js';

function optionLines(options: Readonly<Record<string, OptionSpec>>): string {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flags = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
    return [flags, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flags]) => flags.length));
  return entries.map(([flags, description]) => `  ${flags.padEnd(width)}  ${description}`).join('\n');
}

export function usageOf(command: Command): string {
  const positionals = command.positionals.map((name) => ` <${name}>`).join('');
  return `syncd ${command.name}${positionals}${Object.keys(command.options).length === 0 ? '' : ' [options]'}`;
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => usageOf(command).length));
  return [
    'syncd: manage syncs through the syncd REST API.',
    '',
    'Usage: syncd <command> [options]    (syncd <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((command) => `  ${usageOf(command).padEnd(width)}  ${command.summary}`),
    '',
    'Options of every command:',
    optionLines(GLOBAL_OPTIONS),
    '',
    'Environment: SYNCD_URL, SYNCD_API_KEY (the flags win).',
    '',
    EXIT_CODE_HELP,
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `Usage: ${usageOf(command)}`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details === undefined ? [] : ['', command.details]),
    ...(Object.keys(command.options).length === 0 ? [] : ['', 'Options:', optionLines(command.options)]),
    '',
    'Options of every command:',
    optionLines(GLOBAL_OPTIONS),
    '',
    'Exit codes: see syncd --help.',
  ].join('\n');
}
